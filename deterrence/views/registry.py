"""Which view shows which kind of object: the table behind ``__rich__`` and ``_repr_html_``.

Games and results name the view they want (``display_as``, see
:mod:`deterrence.model.display`); this table maps each name to the view
that renders it, imported only when something is displayed.

Example
-------
>>> from deterrence import load_game
>>> register_views()
>>> type(view_for("game")(load_game("stag_hunt"))).__name__
'Group'
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

#: display_as -> (module, callable taking the object and returning a rich renderable)
VIEWS: dict[str, tuple[str, str]] = {
    "game": ("deterrence.views.notebook", "game_view"),
    "result": ("deterrence.views.notebook", "result_view"),
    "explanation": ("deterrence.views.explain", "ExplanationView"),
    "tree-explanation": ("deterrence.views.tree_explain", "TreeExplanationView"),
    "dominance": ("deterrence.views.result", "DominanceView"),
    "repeated": ("deterrence.views.repeated", "RepeatedView"),
    "tournament": ("deterrence.views.repeated", "tournament_view"),
    "ladder": ("deterrence.views.ladder", "LadderView"),
    "pool": ("deterrence.views.pool", "PoolView"),
    "pool-reasons": ("deterrence.views.pool", "PoolReasonsView"),
    "sweep": ("deterrence.views.sweep", "sweep_view"),
    "regime_map": ("deterrence.views.sweep", "MapView"),
    "thresholds": ("deterrence.views.sweep", "ThresholdsView"),
    "symbolic": ("deterrence.views.sweep", "SymbolicView"),
    "qre": ("deterrence.views.qre", "QREView"),
}


#: display_as -> (module, callable returning HTML) where a notebook wants a real table
HTML: dict[str, tuple[str, str]] = {
    "game": ("deterrence.views.html", "game_html"),
    "result": ("deterrence.views.html", "result_html"),
}


def view_for(kind: str) -> Callable[[Any], Any]:
    """The view that renders objects with ``display_as == kind``."""
    module, name = VIEWS[kind]
    return getattr(importlib.import_module(module), name)


def _lazy(kind: str, table: dict[str, tuple[str, str]] = VIEWS) -> Callable[[Any], Any]:
    def build(obj):
        module, name = table[kind]
        return getattr(importlib.import_module(module), name)(obj)

    return build


def register_views() -> None:
    """Register every view of :data:`VIEWS` with :mod:`deterrence.model.display`."""
    from deterrence.model import display
    from deterrence.views.notebook import to_html

    for kind in VIEWS:
        display.register(kind, _lazy(kind))
    for kind in HTML:
        display.register_html(_lazy(kind, HTML), kind)
    display.register_html(to_html)


__all__ = ["VIEWS", "view_for", "register_views"]
