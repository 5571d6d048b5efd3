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


def map_beside(first: Callable[..., T], work: Callable[[Any], R], items: Sequence[Any],
               workers: int = 2, spare: Sequence[Any] = ()) -> tuple[T, list[R]]:
    """``(first(), [work(x) for x in items])``, with a forked helper process doing
    ``work`` on the items while this process runs ``first``; when ``first`` is done,
    this process takes the items left as well, one at a time, so that the two finish
    together.

    ``spare`` are further items for the helper once it is through ``items`` (before
    ``first`` is done, it would be idle): answers ``first`` may use. ``first`` is then
    called with one argument, a function ``take(j, wait=True)`` that gives
    ``(True, work(spare[j]))`` from the helper (waiting if the helper is at it, unless not
    ``wait``) or ``(False, None)``: the helper has not begun it (and now will not), failed
    at it, or is at it and ``first`` would not wait — ``first`` does it itself. This
    process never does a spare item of its own accord, nor waits for one not asked for.

    The answer is the serial one (see :class:`Ahead`). With ``workers`` below 2, fewer
    than two items, or no ``fork`` on this system, everything is done here in order (and
    ``take`` answers ``(False, None)``).

    >>> map_beside(lambda take: take(0), abs, [-2, 1], workers=1, spare=[-5])
    ((False, None), [2, 1])
    """
    def run(take) -> T:
        return first(take) if spare else first()

    if workers < 2 or len(items) < 2 or not can_fork():
        head = run(_Taken(None, 0, 0))
        return head, [work(x) for x in items]
    results: dict[int, Any] = {}
    n = len(items)
    with Ahead(work, list(items) + list(spare)) as ahead:
        head = run(_Taken(ahead, n, len(spare)))
        for k, x in enumerate(items):        # what the helper has not begun, done here
            if ahead.claim(k):
                results[k] = work(x)
        for k, x in enumerate(items):
            if k not in results:
                found, value = ahead.take(k)
                results[k] = value if found else work(x)
    return head, [results[k] for k in range(n)]


class _Taken:
    """The ``take`` :func:`map_beside` gives ``first``: ``take(j, wait=True)`` as it says,
    and ``take.arrived(lo, hi)``, the answers to the spare items ``lo <= j < hi`` that the
    helper has sent so far (``{j: answer}``, each given once), never waiting and claiming
    none of the others. Without a helper nothing is taken."""

    def __init__(self, ahead: "Ahead | None", offset: int, count: int) -> None:
        self.ahead, self.offset, self.count = ahead, offset, count

    def __call__(self, j: int, wait: bool = True) -> tuple[bool, Any]:
        if self.ahead is None or not 0 <= j < self.count:
            return False, None
        return self.ahead.take(self.offset + j, wait)

    def arrived(self, lo: int, hi: int) -> dict[int, Any]:
        if self.ahead is None:
            return {}
        lo, hi = max(lo, 0), min(hi, self.count)
        return {k - self.offset: v for k, v in self.ahead.arrived(self.offset + lo, self.offset + hi).items()}


_FREE, _HELPER, _HERE = 0, 1, 2


class Ahead:
    """``work`` done on ``items`` ahead, in a forked helper process that takes them in
    order, while this process goes on; this process takes each answer
    (:meth:`take`) or does an item itself (:meth:`claim`). A context manager: leaving
    it stops the helper.

    The answers are the serial ones: each is ``work(item)`` computed in one process or
    the other, and an item whose answer the helper does not hand back (it raised, its
    answer cannot be pickled, the helper died) is left to this process, where an error is
    raised as it would be serially.

    >>> items = [-1, -2, -3]
    >>> with Ahead(abs, items) as ahead:          # each answer the helper's, or done here
    ...     answers = [ahead.take(k) for k in range(3)]
    >>> [value if found else abs(x) for (found, value), x in zip(answers, items)]
    [1, 2, 3]
    """

    def __init__(self, work: Callable[[Any], Any], items: Sequence[Any]) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.state = context.Array("b", len(items))     # _FREE, _HELPER or _HERE for each
        self.received: dict[int, tuple[bool, Any]] = {}
        self.receiver, sender = context.Pipe(duplex=False)
        flush_standard_streams()
        self.process = context.Process(target=_helper, args=(sender, self.state, work, list(items)))
        self.process.start()
        sender.close()
        self.open = True

    def claim(self, k: int) -> bool:
        """Whether item ``k`` is this process's to do: the helper has not begun it (and
        now will not)."""
        with self.state.get_lock():
            if self.state[k] == _FREE:
                self.state[k] = _HERE
                return True
        return False

    def take(self, k: int, wait: bool = True) -> tuple[bool, Any]:
        """``(True, answer)`` from the helper, waiting for it if the helper is at item
        ``k`` (unless not ``wait``: then only an answer already sent is taken);
        ``(False, None)``: do it here (the helper has not begun it, failed, is still at it
        and ``wait`` is false, or its answer was taken already)."""
        with self.state.get_lock():
            if self.state[k] != _HELPER:
                self.state[k] = _HERE
                return False, None
        while k not in self.received and self.open and (wait or self._sent()):
            self._receive()
        self.state[k] = _HERE                # taken: asked again, it is done here
        ok, value = self.received.pop(k, (False, None))
        return (True, value) if ok else (False, None)

    def arrived(self, lo: int, hi: int) -> dict[int, Any]:
        """The answers the helper has sent so far to items ``lo <= k < hi``, read without
        waiting (``{k: answer}``; each is given once, and an item it is at or has not
        begun stays its own)."""
        while self.open and self._sent():
            self._receive()
        out = {}
        for k in [k for k in self.received if lo <= k < hi]:
            ok, value = self.received.pop(k)
            self.state[k] = _HERE            # taken: asked again, it is done here
            if ok:
                out[k] = value
        return out

    def _receive(self) -> None:
        """Read one answer from the pipe (waiting for it), or note that the helper is gone."""
        try:
            j, ok, value = self.receiver.recv()
        except (EOFError, OSError):
            self.open = False
            return
        self.received[j] = (ok, value)

    def _sent(self) -> bool:
        """Whether an answer waits in the pipe (to be read without waiting)."""
        try:
            return self.receiver.poll(0)
        except (EOFError, OSError):
            return False

    def close(self) -> None:
        """Stop the helper (answers not taken are dropped)."""
        self.receiver.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()

    def __enter__(self) -> "Ahead":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SharedKeys:
    """A set of whole numbers (64-bit) that this process adds to and a helper forked later
    reads: what this process has taken on itself, so that the helper leaves it. A hint
    only (the helper may read it a moment late), for work whose answer is the same
    whoever does it. ``capacity`` numbers at most; more are not kept.

    >>> keys = SharedKeys(4)
    >>> keys.add(7); 7 in keys, 8 in keys
    (True, False)
    """

    def __init__(self, capacity: int) -> None:
        import multiprocessing

        self.values = multiprocessing.get_context("fork").RawArray("q", capacity + 1)  # [count, keys...]
        self.seen: set[int] = set()

    def add(self, key: int) -> None:
        count = self.values[0]
        if key in self or count + 1 >= len(self.values):
            return
        self.values[count + 1] = key       # the key first, then the count that shows it
        self.values[0] = count + 1

    def __contains__(self, key: int) -> bool:
        count = self.values[0]
        if len(self.seen) < count:
            self.seen.update(self.values[1:count + 1])
        return key in self.seen


def flush_standard_streams() -> None:
    """Flush stdout and stderr before a fork, or the child would write a copy of what
    they hold."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def _helper(connection, state, work, items) -> None:
    """The forked helper of :class:`Ahead`: do each item nobody has begun, in order, and
    hand the answers back. They are sent by a thread of their own, so that the work goes
    on while an answer waits in the pipe for this process to read it (a pipe holds 64 KB;
    one solved tree can take more)."""
    import queue
    import threading

    quiet_helper()
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(connection, outbox), daemon=True)
    sender.start()
    try:
        for k, item in enumerate(items):
            with state.get_lock():
                if state[k] != _FREE:
                    continue
                state[k] = _HELPER
            try:
                outbox.put((k, True, work(item)))
            except BaseException:      # done again by the parent, which raises it there
                outbox.put((k, False, None))
    finally:
        outbox.put(None)
        sender.join()
        connection.close()


def _send_all(connection, outbox) -> None:
    """Send each answer put in ``outbox`` until ``None`` comes; an answer that cannot be
    pickled is sent as failed (the parent redoes it)."""
    while True:
        result = outbox.get()
        if result is None:
            return
        try:
            connection.send(result)
        except OSError:                # the parent stopped reading (a broken pipe)
            return
        except Exception:
            connection.send((result[0], False, None))


__all__ = ["worker_pool", "map_beside", "Ahead", "SharedKeys", "usable_cpus", "can_fork", "quiet_helper"]
