"""One entry point for every game: :func:`solve` sends a game to its solver.

This is the only place where the normal-form and the tree solvers meet:
a :class:`~deterrence.model.normal.NormalFormGame` goes to
:func:`deterrence.nash.solve_normal`, a
:class:`~deterrence.model.tree.GameTree` to
:func:`deterrence.trees.solver.solve_tree`. Neither solver calls back here.

Example
-------
>>> from deterrence import load_game
>>> r = solve(load_game("matching_pennies"))
>>> r.concept, r.complete, [eq.label() for eq in r.equilibria]
('nash', True, ['(1/2 s1 + 1/2 s2, 1/2 s1 + 1/2 s2)'])
>>> solve(load_game("matching_pennies"), bogus=1)
Traceback (most recent call last):
...
TypeError: solve() of a normal-form game with method 'auto' got unexpected option(s): bogus
"""

from __future__ import annotations

from deterrence.io.interop import as_game
from deterrence.model.kinds import is_tree
from deterrence.nash import ENUMERATION_LIMIT, METHODS, solve_normal
from deterrence.nash.result import Component, MixedEquilibrium, SolveResult


def solve(game, method: str = "auto", **options) -> SolveResult:
    """Solve ``game``: Nash equilibria of a normal form, refined equilibria of a tree.

    Parameters
    ----------
    game:
        A :class:`~deterrence.model.normal.NormalFormGame` or a
        :class:`~deterrence.model.tree.GameTree` (a ``nashpy.Game`` or a
        ``pygambit.Game`` is converted first, see :mod:`deterrence.io.interop`).
    method:
        Normal form: one of :data:`deterrence.nash.METHODS`; tree: one of
        :data:`deterrence.trees.solver.METHODS`.
    **options:
        Normal form: ``initial_label``, ``all_labels`` (Lemke-Howson). Tree:
        ``concept``, ``floating``. Any other option is a ``TypeError``.
    """
    game = as_game(game)
    if is_tree(game):
        from deterrence.trees.solver import solve_tree

        return solve_tree(game, method=method, **options)
    return solve_normal(game, method=method, **options)


def dominance(game, weak: bool = False, mixed: bool = True):
    """Iterated elimination of dominated strategies; a tree is first replaced by
    its reduced strategic form (and the result says so).

    >>> from deterrence import load_game
    >>> dominance(load_game("punishment_deterrence")).notes[0]
    'the game tree was replaced by its reduced strategic form (one strategy per plan of action)'
    """
    from dataclasses import replace

    from deterrence.nash.dominance import eliminate_dominated

    game = as_game(game)
    if not is_tree(game):
        return eliminate_dominated(game, weak=weak, mixed=mixed)
    from deterrence.trees.reduced_form import STRATEGIC_FORM_NOTE, strategic_form

    result = eliminate_dominated(strategic_form(game), weak=weak, mixed=mixed)
    return replace(result, notes=(STRATEGIC_FORM_NOTE,) + result.notes)


def as_strategic_form(game):
    """A normal form for writers that hold only normal forms (``.nfg``): a tree's
    reduced strategic form, a normal form unchanged."""
    if not is_tree(game):
        return game
    from deterrence.trees.reduced_form import strategic_form

    return strategic_form(game)


__all__ = ["solve", "dominance", "as_strategic_form", "SolveResult", "MixedEquilibrium", "Component", "METHODS", "ENUMERATION_LIMIT"]
