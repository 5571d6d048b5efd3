"""Exact solutions of one game at parameter points, remembered for the game's lifetime.

``deterrence thresholds`` solves a tree at sampled points and then sweeps every
parameter across its box; the sweeps start where the values are in force, which
the sampling has already solved. This cache lets them share those answers: it is
keyed by the game object (weakly: it goes when the game goes) and the full
assignment of its parameters.

Example
-------
>>> from fractions import Fraction
>>> from deterrence import load_game
>>> g = load_game("punishment_credibility")
>>> (result, at), again = solved_at(g, {"p": Fraction(1, 2)}), solved_at(g, {"p": Fraction(1, 2)})
>>> result is again[0], at.parameters.values()["p"]
(True, Fraction(1, 2))

A walk that knows some of the points it will solve (a tree's sweep: where it starts,
the grid's first and last inner points, its ends) can have them solved ahead, in a
forked helper process, while it works on something else (:func:`solving_ahead`):
:func:`solved_at` then takes the helper's answer, waiting for it if the helper is at
it, or solves the point itself if the helper has not begun it. The answers are the
same; :func:`is_solved` does not count a point solved ahead until it is taken, so a
walk takes the same path as without the helper.
"""

from __future__ import annotations

import contextlib
import weakref
from fractions import Fraction
from functools import partial
from typing import Iterator, Mapping, Sequence

_SOLVED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
#: Points remembered per game.
MAX_POINTS = 512


def solved_at(game, values: Mapping[str, Fraction], components: bool = True):
    """``(solve(game at values), game at values)``, solved once per game and point.

    With ``components`` false, a tree's equilibria need not be located in components
    of its Nash equilibria (the ``components`` option of
    :func:`~deterrence.trees.solver.solve_tree`): enough for a caller that reads only
    which equilibria there are, and sooner. A later call that wants them solves again.

    Raises what :meth:`with_values` raises for values the model does not allow.
    """
    key = _point(game, values)
    per_game = _SOLVED.setdefault(game, {})
    if key not in per_game or (components and not per_game[key][2]):
        if len(per_game) >= MAX_POINTS:
            per_game.clear()
        ahead = _AHEAD.get(game)
        fetched = ahead.take(key, components) if ahead is not None else None
        per_game[key] = fetched if fetched is not None else _solved(game, values, components)
    return per_game[key][:2]


def _solved(game, values: Mapping[str, Fraction], components: bool) -> tuple:
    """``(result, game at values, components)``, solved here."""
    from deterrence.model.kinds import is_tree
    from deterrence.solver import solve

    at = game.with_values(dict(values))
    options = {} if components or not is_tree(at) else {"components": False}
    return solve(at, **options), at, components


def forget(game) -> None:
    """Drop the answers remembered for ``game`` (a timing, or a test, that wants every
    point solved again)."""
    _SOLVED.pop(game, None)


def is_solved(game, values: Mapping[str, Fraction], components: bool = False) -> bool:
    """Whether :func:`solved_at` already holds the answer at ``values`` (with the
    equilibria's components, if ``components``)."""
    held = _SOLVED.get(game, {}).get(_point(game, values))
    return held is not None and (held[2] or not components)


def _point(game, values: Mapping[str, Fraction]) -> tuple:
    """Every parameter's value, ``values`` in place of those in force: the cache's key."""
    full = dict(game.parameters.values())
    full.update({k: Fraction(v) for k, v in values.items()})
    return tuple(sorted(full.items()))


_AHEAD: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class _Ahead:
    """Points of one game solved in a forked helper (see :func:`solving_ahead`):
    ``take(k)`` gives ``(True, answer)`` for the ``k``-th point, or ``(False, None)``."""

    def __init__(self, game, points: Sequence[Mapping[str, Fraction]], components: Sequence[bool],
                 take) -> None:
        self.keys: dict[tuple, int] = {}
        for k, values in enumerate(points):
            self.keys.setdefault(_point(game, values), k)
        self.components = list(components)
        self.helper_take = take

    def take(self, key, components: bool):
        """The helper's ``(result, at, components)`` for ``key``, or ``None``: solve it here
        (not one of its points, solved without the components asked for, not begun, or
        failed there)."""
        k = self.keys.get(key)
        if k is None or (components and not self.components[k]):
            return None
        found, value = self.helper_take(k)
        return value if found else None


def solve_job(game, job: tuple) -> tuple:
    """``(result, game at values, components)`` for ``job = (values, components)``, solved
    here: the answer a helper hands back to :func:`solved_at` (see :func:`taking_beside`)."""
    values, components = job
    return _solved(game, values, components)


@contextlib.contextmanager
def solving_ahead(game, points: Sequence[Mapping[str, Fraction]], components: Sequence[bool] | None = None,
                  enabled: bool = True) -> Iterator[None]:
    """Within the block, ``points`` of ``game`` (with ``components`` for each, as in
    :func:`solved_at`) are solved ahead in a forked helper process, and :func:`solved_at`
    takes its answers. Nothing is done when not ``enabled``, without ``fork``, when the
    game already has a helper, or when every point is solved already.

    >>> from deterrence import load_game
    >>> g = load_game("punishment_credibility")
    >>> with solving_ahead(g, [{"p": Fraction(1, 3)}]):
    ...     result, at = solved_at(g, {"p": Fraction(1, 3)})
    >>> at.parameters.values()["p"]
    Fraction(1, 3)
    """
    from deterrence.parametric.workers import Ahead, can_fork

    components = [True] * len(points) if components is None else list(components)
    todo = [(v, c) for v, c in zip(points, components) if not is_solved(game, v, c)]
    if not enabled or not todo or not can_fork() or game in _AHEAD:
        yield
        return
    helper = Ahead(partial(solve_job, game), todo)
    try:
        _AHEAD[game] = _Ahead(game, [v for v, _ in todo], [c for _, c in todo], helper.take)
        yield
    finally:
        _AHEAD.pop(game, None)
        helper.close()


@contextlib.contextmanager
def taking_beside(game, points: Sequence[Mapping[str, Fraction]], components: Sequence[bool],
                  take) -> Iterator[None]:
    """Within the block, :func:`solved_at` takes the answers at ``points`` of ``game``
    (with ``components`` for each) from a helper that someone else runs: ``take(k)``
    gives ``(True, solve_job(game, (points[k], components[k])))`` when the helper has it
    (waiting if it is at it), or ``(False, None)`` (solved here, then). The helper
    of :func:`~deterrence.parametric.workers.map_beside` takes such points as its spare
    items (``deterrence thresholds`` has its sampled points solved there once the
    sweeps are done). Nothing is taken when the game has a helper already.

    >>> from deterrence import load_game
    >>> g = load_game("punishment_credibility")
    >>> job = ({"p": Fraction(1, 3)}, False)
    >>> with taking_beside(g, [job[0]], [False], lambda k: (True, solve_job(g, job))):
    ...     result, at = solved_at(g, {"p": Fraction(1, 3)}, components=False)
    >>> at.parameters.values()["p"]
    Fraction(1, 3)
    """
    if game in _AHEAD:
        yield
        return
    _AHEAD[game] = _Ahead(game, points, components, take)
    try:
        yield
    finally:
        del _AHEAD[game]


__all__ = ["solved_at", "is_solved", "solving_ahead", "taking_beside", "solve_job", "forget"]
