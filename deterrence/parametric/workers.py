"""Worker processes, that a Ctrl-C or SIGTERM ends: a pool for exact evaluation of many
points, and a forked helper that shares a list of independent jobs with this process.

The CLI turns SIGTERM into a clean exit (temporary files removed), and a forked
worker inherits that handler; but a worker busy inside a C library (cddlib's
vertex enumeration) never returns to Python to run it, so the pool would wait
for it forever. Workers here ignore SIGINT (the parent answers Ctrl-C) and take
SIGTERM's default action, and when the parent is interrupted it stops the
workers instead of waiting for them.

Example
-------
>>> with worker_pool(2) as pool:
...     sorted(pool.map(abs, [-2, 1]))
[1, 2]
>>> map_beside(lambda: "first", abs, [-2, 1, -3], workers=2)
('first', [2, 1, 3])
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import Any, Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def quiet_helper() -> None:
    """In each worker or helper: Ctrl-C is the parent's to answer; SIGTERM ends the worker at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator:
    """A ``concurrent.futures.ProcessPoolExecutor`` of ``workers`` processes whose workers
    are stopped (SIGTERM) when the block is left by an interruption or an error."""
    import concurrent.futures as cf
    import multiprocessing

    pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=quiet_helper)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()
        raise
    else:
        pool.shutdown(wait=True)


def usable_cpus() -> int:
    """The processors this process may run on (its affinity where the system says)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether helpers can be forked here (POSIX systems but macOS's default)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def map_beside(first: Callable[[], T], work: Callable[[Any], R], items: Sequence[Any],
               workers: int = 2) -> tuple[T, list[R]]:
    """``(first(), [work(x) for x in items])``, with a forked helper process doing
    ``work`` on the items while this process runs ``first``; when ``first`` is done,
    this process takes the items left as well, one at a time, so that the two finish
    together.

    The answer is the serial one: each item's result is ``work(item)`` computed in one
    of the two processes, and an item whose result the helper does not hand back (it
    raised, its result cannot be pickled, the helper died) is done again here, where
    an error is raised as it would be serially. With ``workers`` below 2, fewer than two
    items, or no ``fork`` on this system, everything is done here in order.
    """
    if workers < 2 or len(items) < 2 or not can_fork():
        head = first()
        return head, [work(x) for x in items]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    taken = context.Value("i", 0)
    receiver, sender = context.Pipe(duplex=False)
    flush_standard_streams()
    helper = context.Process(target=_helper, args=(sender, taken, work, items))
    helper.start()
    sender.close()
    results: dict[int, Any] = {}
    try:
        head = first()
        while (k := _take(taken, len(items))) is not None:
            results[k] = work(items[k])
        while True:
            try:
                k, ok, value = receiver.recv()
            except (EOFError, OSError):
                break
            if ok:
                results[k] = value
        helper.join()
    finally:
        receiver.close()
        if helper.is_alive():
            helper.terminate()
            helper.join()
    return head, [results[k] if k in results else work(x) for k, x in enumerate(items)]


def flush_standard_streams() -> None:
    """Flush stdout and stderr before a fork, or the child would write a copy of what
    they hold."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def _take(taken, count: int) -> int | None:
    """The next item nobody has taken, or ``None``."""
    with taken.get_lock():
        k = taken.value
        if k >= count:
            return None
        taken.value = k + 1
    return k


def _helper(connection, taken, work, items) -> None:
    """The forked helper of :func:`map_beside`: take items, hand back their results."""
    quiet_helper()
    try:
        while (k := _take(taken, len(items))) is not None:
            try:
                result = (k, True, work(items[k]))
            except BaseException:      # done again by the parent, which raises it there
                result = (k, False, None)
            try:
                connection.send(result)
            except Exception:          # a result that cannot be pickled: the parent redoes it
                connection.send((k, False, None))
    finally:
        connection.close()


__all__ = ["worker_pool", "map_beside", "usable_cpus", "can_fork", "flush_standard_streams",
           "quiet_helper"]
