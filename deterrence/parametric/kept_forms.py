"""Pickling sympy expressions in the form they were built in, for a helper's answers.

sympy pickles an expression as its class and arguments and rebuilds it by calling
the class, which evaluates it again: a product left unevaluated, ``(-L + f)/2`` as a
condition's solved form keeps it, comes back distributed, ``-L/2 + f/2``, and prints
differently. A helper process that hands back conditions (``thresholds --workers 2``)
must give the text the first process would have printed, so sums, products, powers
and relations are pickled here to be rebuilt unevaluated, with the arguments they had.
Everything else is pickled as usual.

Example
-------
>>> import pickle, sympy
>>> L, f = sympy.symbols("L f")
>>> half = sympy.Mul(sympy.Rational(1, 2), f - L, evaluate=False)
>>> str(pickle.loads(pickle.dumps(half))), str(pickle.loads(dumps(half)))
('-L/2 + f/2', '(-L + f)/2')
"""

from __future__ import annotations

import io
import pickle
from typing import Any


def dumps(obj: Any) -> bytes:
    """``pickle.dumps(obj)``, with every sum, product, power and relation in it rebuilt
    unevaluated on loading (``pickle.loads`` reads it)."""
    import sympy

    buffer = io.BytesIO()
    kept = (sympy.Add, sympy.Mul, sympy.Pow, sympy.core.relational.Relational)
    _KeepingPickler(buffer, kept, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()


def _unevaluated(cls, args: tuple) -> Any:
    """``cls(*args)`` as it was built: not evaluated again."""
    return cls(*args, evaluate=False)


class _KeepingPickler(pickle.Pickler):
    """A pickler that has the instances of the ``kept`` classes rebuilt unevaluated."""

    def __init__(self, file, kept: tuple, **options) -> None:
        super().__init__(file, **options)
        self.kept = kept

    def reducer_override(self, obj):
        if isinstance(obj, self.kept):
            return _unevaluated, (type(obj), obj.args)
        return NotImplemented


__all__ = ["dumps"]
