"""Game models: immutable games, parameters and payoff expressions.

The names below are imported on first use, so that importing one small
module of the model (say :mod:`deterrence.model.display`) does not load
numpy.
"""

from __future__ import annotations

import importlib
from typing import Any

_NAMES = {
    "Expr": "expr", "as_expr": "expr", "format_fraction": "expr", "parse": "expr",
    "to_fraction": "expr", "NormalFormGame": "normal", "Parameter": "parameters",
    "Parameters": "parameters", "GameTree": "tree", "Node": "tree",
}


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'deterrence.model' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"deterrence.model.{module}"), name)
    globals()[name] = value
    return value


__all__ = list(_NAMES)
