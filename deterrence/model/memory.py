"""Memory management for reading and folding very large trees.

Example
-------
>>> import gc
>>> with paused_gc():
...     gc.isenabled()
False
"""

from __future__ import annotations


class paused_gc:
    """``with paused_gc(): ...``: no cyclic garbage collection while a large tree is read.

    Reading makes millions of small objects and no cycles; the collector would
    walk all of them again and again (reading 10^6 nodes took more than ten times
    as long as 10^5)."""

    def __enter__(self):
        import gc

        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        import gc

        if self.was:
            gc.enable()
        return False


__all__ = ["paused_gc"]
