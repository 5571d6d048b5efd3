"""Worker processes for exact evaluation of many points, that a Ctrl-C or SIGTERM ends.

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
"""

from __future__ import annotations

import contextlib
import signal
from typing import Iterator


def _quiet() -> None:
    """In each worker: Ctrl-C is the parent's to answer; SIGTERM ends the worker at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator:
    """A ``concurrent.futures.ProcessPoolExecutor`` of ``workers`` processes whose workers
    are stopped (SIGTERM) when the block is left by an interruption or an error."""
    import concurrent.futures as cf
    import multiprocessing

    pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=_quiet)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()
        raise
    else:
        pool.shutdown(wait=True)


__all__ = ["worker_pool"]
