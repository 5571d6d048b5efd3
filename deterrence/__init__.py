"""deterrence: exact game theory for deterrence, coercion and the security dilemma.

The data flow is one way: payoff file (:mod:`deterrence.io`) → game model
(:mod:`deterrence.model`) → solver (:mod:`deterrence.nash`,
:mod:`deterrence.trees`, :mod:`deterrence.parametric`,
:mod:`deterrence.repeated_games`, :mod:`deterrence.builders`) → result → view
(:mod:`deterrence.views`).

This module is the library's face: the functions a user reaches for are
attributes of the package, imported on first use so that ``import
deterrence`` stays light (see :data:`FACADE`).

Example
-------
>>> from deterrence import load_game, solve
>>> game = load_game("prisoners_dilemma")
>>> result = solve(game)
>>> [eq.label(game) for eq in result.equilibria]
['(Build bloc, Build bloc)']
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> (module, attribute). Each is imported the first time it is used.
FACADE: dict[str, tuple[str, str]] = {
    "load_game": ("deterrence.io", "load_game"),
    "parse_game": ("deterrence.io", "parse_game"),
    "dumps": ("deterrence.io", "dumps"),
    "NormalFormGame": ("deterrence.model.normal", "NormalFormGame"),
    "GameTree": ("deterrence.model.tree", "GameTree"),
    "Node": ("deterrence.model.tree", "Node"),
    "from_nashpy": ("deterrence.model.interop", "from_nashpy"),
    "from_pygambit": ("deterrence.io.interop", "from_pygambit"),
    "to_pygambit": ("deterrence.io.interop", "to_pygambit"),
    "solve": ("deterrence.solver", "solve"),
    "dominance": ("deterrence.solver", "dominance"),
    **{name: ("deterrence.api", name) for name in (
        "sweep", "regime_map", "thresholds", "symbolic", "explain", "pool", "ladder",
        "repeated", "tournament", "exercise")},
}


def __getattr__(name: str) -> Any:
    entry = FACADE.get(name)
    if entry is None:
        raise AttributeError(f"module 'deterrence' has no attribute {name!r}")
    value = getattr(importlib.import_module(entry[0]), entry[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(FACADE))


def _load_views() -> None:
    """Register the views with the display hooks of games and results."""
    from deterrence.views import registry

    registry.register_views()


def _install() -> None:
    """Wire the layers that must not import each other: views into the display
    hooks of the model, builders' file kinds into the readers of ``io``."""
    from deterrence.io import kinds
    from deterrence.model import display

    display.set_loader(_load_views)
    kinds.register("pool", "deterrence.builders.pool.file", "read_pool")
    kinds.register("ladder", "deterrence.builders.ladder.file", "read_ladder")
    kinds.register("yard", "deterrence.builders.yard.file", "read_yard")


_install()

__all__ = ["__version__", *FACADE]
