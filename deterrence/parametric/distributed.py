"""Sweeps and regime maps beyond one machine: the same computation on a Dask cluster.

``--scheduler ADDRESS`` connects to a running ``dask.distributed`` scheduler,
``--scheduler local`` starts a :class:`~dask.distributed.LocalCluster` on
this machine. The work is cut into the same chunks a local run computes one
after the other — stretches of a sweep's grid (each a few regime cells of
formulas evaluated exactly), bands of a regime map's rows, the cells a map
solves exactly — and the chunks' results are put together in the same
order, so the answer is exactly the local one. Only a few chunks are in
flight at a time (:func:`ordered_map`), so memory stays bounded as it does
locally. Dask is an optional extra: ``pip install "deterrence[distributed]"``.

Example
-------
>>> with connect("local", workers=1) as client:                    # doctest: +SKIP
...     list(ordered_map(client, pow, [(2, 3), (3, 2)]))
[8, 9]
"""

from __future__ import annotations

import contextlib
from collections import deque
from typing import Any, Callable, Iterable, Iterator, Sequence

from deterrence.errors import UsageError

#: Chunks submitted ahead of the one being written.
WINDOW = 8


def _distributed():
    try:
        import dask.distributed as distributed
    except ImportError:
        raise UsageError("--scheduler needs dask.distributed, which is not installed",
                         hint='pip install "deterrence[distributed]"') from None
    return distributed


@contextlib.contextmanager
def connect(address: str, workers: int | None = None):
    """A Dask client: to the scheduler at ``address``, or ``"local"`` for a LocalCluster."""
    distributed = _distributed()
    if address == "local":
        import os

        n = workers or max(1, min(4, os.cpu_count() or 1))
        with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as error:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {error}",
                         hint="start one with 'dask scheduler', or pass --scheduler local") from None
    try:
        yield client
    finally:
        client.close()


def ordered_map(client, function: Callable, arguments: Sequence[tuple], window: int = WINDOW) -> Iterator[Any]:
    """``function(*args)`` for each tuple of ``arguments`` on the cluster, results in order,
    at most ``window`` in flight. The first argument of every call (the sweep or map, the
    same object) is sent to the cluster once."""
    if not arguments:
        return
    shared = client.scatter(arguments[0][0], broadcast=True, hash=False) if arguments[0] else None
    pending: deque = deque()
    todo: Iterable = iter(arguments)

    def submit(args):
        if shared is not None and args and args[0] is arguments[0][0]:
            args = (shared,) + tuple(args[1:])
        pending.append(client.submit(function, *args, pure=False))

    for args in todo:
        submit(args)
        if len(pending) >= window:
            break
    for args in todo:
        future = pending.popleft()
        yield future.result()
        future.release()
        submit(args)
    while pending:
        future = pending.popleft()
        yield future.result()
        future.release()


def regimes_at(points: Sequence, local: Callable, job: Callable, context: tuple, progress=None,
               client=None, what: str = "solving cells exactly", chunk: int = 100) -> list:
    """The exact regime at each point: ``local(point)`` here, or ``job(*context, points)`` on the
    cluster in chunks (results put together in order, so the same list)."""
    out: list = []
    if client is not None and points:
        size = max(1, min(chunk, len(points) // 8 or 1))
        for part in ordered_map(client, job, [(*context, points[k:k + size]) for k in range(0, len(points), size)]):
            out.extend(part)
            if progress:
                progress(len(out), len(points), what)
        return out
    for n, p in enumerate(points):
        out.append(local(p))
        if progress and (n % 10 == 0 or n + 1 == len(points)):
            progress(n + 1, len(points), what)
    return out


__all__ = ["connect", "ordered_map", "regimes_at", "WINDOW"]
