"""Every Nash equilibrium of a small game with three or more players, exactly.

Support enumeration: for every profile of supports (a nonempty set of
strategies per player) the equilibria that use exactly those strategies
solve the *indifference system* -- each player's strategies in its support
earn the same against the others' mixtures -- and satisfy the *conditions*:
every probability in the support is positive and no strategy outside it
earns more. The system is polynomial (multilinear in the other players'
probabilities), so it is solved exactly (:mod:`deterrence.nash.polysystem`):

* finitely many solutions: each real one is checked exactly (irrational
  ones are exact algebraic numbers, :mod:`deterrence.nash.algebraic`), then
  verified independently against the game's payoffs;
* a positive-dimensional solution set: analysed as a set
  (:mod:`deterrence.nash.eqsets`) and reported by its equations and
  conditions, with an exact point of it, never as samples.

A support is skipped without algebra when one of its strategies is weakly
dominated against the others' supports (the others use every profile of
their supports with positive probability, so such a strategy cannot be a
best response). The list is complete (``complete=True``) when every support
was decided.

Example
-------
The three-player game of Nau, Gomez Canovas & Hansen (2004, section 4) has
one equilibrium, and it is irrational:

>>> from deterrence.model import NormalFormGame
>>> u = [[[[3, 1], [0, 0]], [[0, 0], [1, 2]]], [[[0, 0], [2, 1]], [[1, 3], [0, 0]]],
...      [[[2, 0], [0, 0]], [[0, 0], [0, 3]]]]
>>> g = NormalFormGame.from_arrays(["Row", "Column", "Matrix"],
...                                [["T", "B"], ["L", "R"], ["1", "2"]], u)
>>> r = enumerate_nplayer(g)
>>> r.complete, len(r.equilibria), r.schema
(True, 1, 'deterrence.result/2')
>>> [round(float(p), 10) for p in r.equilibria[0].strategies[0]]
[0.6192325795, 0.3807674205]
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Sequence

import numpy as np

from deterrence.nash.result import MixedEquilibrium, SolveResult
from deterrence.nash.support_system import (
    SupportSystem,
    evaluate,
    profile_at,
    satisfies,
    support_system,
)
from deterrence.nash.verify import check_equilibrium

#: The exact enumeration's default range (``solve`` enumerates inside it,
#: larger games get pure equilibria and a warning, or ``--method``).
MAX_PLAYERS = 4
MAX_STRATEGIES = 4
MAX_CELLS = 64
#: Largest root bound of the full-support system (the number of totally mixed
#: equilibria a game of that shape can have): 3x3x3 has 10, 4x4x2 has 6,
#: 4x4x4 has 56 and is out of reach for sympy's Groebner bases.
MAX_ROOT_BOUND = 16

METHOD = "support enumeration, exact polynomial systems"


def root_bound(shape: Sequence[int]) -> int:
    """Most isolated totally mixed equilibria a game of this shape can have
    (McKelvey & McLennan 1997): the coefficient of ``prod y_j^(m_j - 1)`` in
    ``prod_i (sum_{j != i} y_j)^(m_i - 1)``.

    >>> root_bound((2, 2, 2)), root_bound((2, 2, 2, 2)), root_bound((3, 3, 3)), root_bound((4, 4, 4))
    (2, 9, 10, 56)
    """
    d = [m - 1 for m in shape]
    n = len(d)
    counts: dict[tuple[int, ...], int] = {(0,) * n: 1}
    for i in range(n):
        for _ in range(d[i]):
            nxt: dict[tuple[int, ...], int] = {}
            for key, c in counts.items():
                for j in range(n):
                    if j != i and key[j] < d[j]:
                        k = key[:j] + (key[j] + 1,) + key[j + 1:]
                        nxt[k] = nxt.get(k, 0) + c
            counts = nxt
    return counts.get(tuple(d), 0)


def in_range(game) -> bool:
    """Whether :func:`enumerate_nplayer` runs by default on ``game``."""
    shape = game.shape
    return (game.n_players <= MAX_PLAYERS and max(shape) <= MAX_STRATEGIES
            and math.prod(shape) <= MAX_CELLS and root_bound(shape) <= MAX_ROOT_BOUND)


def range_text() -> str:
    return (f"at most {MAX_PLAYERS} players, {MAX_STRATEGIES} strategies each and {MAX_CELLS} "
            f"cells, with at most {MAX_ROOT_BOUND} possible totally mixed equilibria "
            "(3x3x3, 4x4x2 and 2x2x2x2 are in; 4x4x4 is not)")


# ------------------------------------------------------------------ payoffs


def integer_payoffs(game) -> list[np.ndarray]:
    """Each player's payoffs times a positive integer, as Python ints (object arrays).

    Equilibria are unchanged by a positive scaling of one player's payoffs."""
    out = []
    for arr in game.payoff_arrays():
        scale = math.lcm(*(Fraction(v).denominator for v in arr.reshape(-1)))
        ints = np.empty(arr.shape, dtype=object)
        ints.reshape(-1)[:] = [int(Fraction(v) * scale) for v in arr.reshape(-1)]
        out.append(ints)
    return out


def _comparable(arrays: list[np.ndarray]) -> list[np.ndarray]:
    """int64 copies when every value fits (fast comparisons), else the object arrays."""
    out = []
    for a in arrays:
        flat = a.reshape(-1)
        if all(abs(v) < 2 ** 62 for v in flat):
            out.append(a.astype(np.int64))
        else:
            out.append(a)
    return out


def _dominated_within(arrays, support) -> bool:
    """Whether some strategy in the support is weakly dominated against the
    other players' supports (by any strategy of its player)."""
    n = len(support)
    for i in range(n):
        sub = arrays[i][np.ix_(*[range(arrays[i].shape[i]) if j == i else support[j]
                                 for j in range(n)])]
        rows = np.moveaxis(sub, i, 0).reshape(sub.shape[i], -1)
        for s in support[i]:
            diff = rows - rows[s]
            better = np.all(diff >= 0, axis=1) & np.any(diff > 0, axis=1)
            if better.any():
                return True
    return False


# ------------------------------------------------------------------ every support


def supports(shape: Sequence[int]):
    """Every support profile with at least one mixing player, smallest first."""
    per_player = [[c for size in range(1, m + 1) for c in itertools.combinations(range(m), size)]
                  for m in shape]
    everything = [p for p in itertools.product(*per_player) if any(len(s) > 1 for s in p)]
    return sorted(everything, key=lambda p: (sum(len(s) for s in p), p))


def _sort_key(eq: MixedEquilibrium) -> tuple:
    return (not eq.is_pure, tuple(-float(p) for s in eq.strategies for p in s))


def enumerate_nplayer(game) -> SolveResult:
    """Every Nash equilibrium of ``game`` (any number of players), exactly.

    Points are listed in ``equilibria``; positive-dimensional sets in
    ``sets``. ``complete`` is true when every support was decided.
    """
    from deterrence.nash.eqsets import UNDECIDED, analyse_set
    from deterrence.nash.polysystem import EMPTY, FINITE, solve_system
    from deterrence.nash.pure import as_mixed, pure_profiles

    arrays = integer_payoffs(game)
    fast = _comparable(arrays)
    points: list[MixedEquilibrium] = []
    for profile in pure_profiles(game):
        mixed = as_mixed(game, profile)
        points.append(MixedEquilibrium(mixed, check_equilibrium(game, mixed)))
    sets, undecided = [], []
    for support in supports(game.shape):
        if _dominated_within(fast, support):
            continue
        system = support_system(arrays, support)
        solutions = solve_system(system.equations, system.ring)
        if solutions.kind == EMPTY:
            continue
        if solutions.kind == FINITE:
            for point in solutions.points:
                if satisfies(system, point):
                    profile = profile_at(system, point)
                    points.append(MixedEquilibrium(profile, check_equilibrium(game, profile)))
            continue
        found = analyse_set(game, system, solutions)
        if found is UNDECIDED:
            undecided.append(support)
        elif found is not None:
            sets.append(found)
    points.sort(key=_sort_key)
    equilibria = tuple(MixedEquilibrium(eq.strategies, eq.payoffs, component=k)
                       for k, eq in enumerate(points))
    sets = tuple(s.numbered(len(equilibria) + k) for k, s in enumerate(sets))
    warnings = []
    if sets:
        warnings.append(f"{len(sets)} positive-dimensional set{'s' if len(sets) > 1 else ''} of "
                        "equilibria (continua), described by equations and conditions")
    if undecided:
        names = "; ".join(support_text(game, s) for s in undecided[:3])
        warnings.append(f"{len(undecided)} support profile(s) with a curved set of solutions could "
                        f"not be decided ({names}{'; ...' if len(undecided) > 3 else ''}): "
                        "equilibria on them may be missing")
    return SolveResult(game, "nash", METHOD, exact=True, complete=not undecided,
                       equilibria=equilibria, warnings=tuple(warnings), sets=sets)


def equilibrium_near(game, sigma: Sequence[float], match: float = 1e-5,
                     threshold: float = 1e-6) -> MixedEquilibrium | None:
    """The exact equilibrium on the support of the float profile ``sigma`` (flat,
    players in order; probabilities above ``threshold``) nearest to it, when it is
    within ``match`` (largest difference in a probability) and verified exactly;
    ``None`` otherwise (also when that support's solutions form a continuum).

    Cheaper than :func:`enumerate_nplayer` by far: one support's system is solved,
    not every support's -- this is how a numerical answer (a logit limit, a
    global Newton point) is named exactly.

    >>> from deterrence.model import NormalFormGame
    >>> import numpy as np
    >>> u = [[[[3, 1], [0, 0]], [[0, 0], [1, 2]]], [[[0, 0], [2, 1]], [[1, 3], [0, 0]]],
    ...      [[[2, 0], [0, 0]], [[0, 0], [0, 3]]]]
    >>> g = NormalFormGame.from_arrays(["Row", "Column", "Matrix"],
    ...                                [["T", "B"], ["L", "R"], ["1", "2"]], u)
    >>> eq = equilibrium_near(g, [0.6192, 0.3808, 0.4798, 0.5202, 0.3788, 0.6212], match=1e-3)
    >>> eq.strategies[0][0]
    RealAlgebraic(0.6192325795)
    """
    from deterrence.nash.polysystem import FINITE, solve_system

    sigma = np.asarray(sigma, dtype=float)
    cut = np.concatenate([[0], np.cumsum(game.shape)]).astype(int)
    support = tuple(tuple(int(s) for s in np.nonzero(sigma[cut[i]:cut[i + 1]] > threshold)[0])
                    for i in range(game.n_players))
    if any(not s for s in support):
        return None
    if all(len(s) == 1 for s in support):
        from deterrence.nash.pure import as_mixed

        profile = as_mixed(game, tuple(s[0] for s in support))
        candidates = [profile]
    else:
        system = support_system(integer_payoffs(game), support)
        solutions = solve_system(system.equations, system.ring)
        if solutions.kind != FINITE:
            return None
        candidates = [profile_at(system, point) for point in solutions.points
                      if satisfies(system, point)]
    best, distance = None, np.inf
    for profile in candidates:
        flat = np.array([float(p) for probs in profile for p in probs])
        d = float(np.max(np.abs(flat - sigma)))
        if d < distance:
            best, distance = profile, d
    if best is None or distance > match:
        return None
    return MixedEquilibrium(best, check_equilibrium(game, best))


def support_text(game, support) -> str:
    return ", ".join(f"{game.players[i]}: {'/'.join(game.strategies[i][s] for s in ss)}"
                     for i, ss in enumerate(support))


__all__ = ["enumerate_nplayer", "equilibrium_near", "in_range", "root_bound", "range_text", "support_system",
           "supports", "SupportSystem", "evaluate", "satisfies", "profile_at", "integer_payoffs",
           "MAX_PLAYERS", "MAX_STRATEGIES", "MAX_CELLS", "MAX_ROOT_BOUND", "METHOD"]
