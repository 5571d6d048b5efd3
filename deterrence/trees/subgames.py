"""Subgame perfection by decomposition: solve the smallest subgames first, fold back.

Every subgame root, deepest first: the subgames below it are replaced by
the payoffs of one of their equilibria, the remaining part is put in
reduced strategic form (:mod:`deterrence.trees.reduced_form`) and solved with
the normal-form solvers (every extreme equilibrium for two players who
move, mixed ones included; pure equilibria for more), and each equilibrium
found is carried up. Where a subgame has several equilibria each is
followed, so the answer is every combination (up to a limit).

Example
-------
>>> from deterrence.io import load_game
>>> game = load_game("two_stage_raid")
>>> profiles, complete, warnings = subgame_perfect_profiles(game)
>>> len(profiles) >= 1, complete
(True, True)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from deterrence.model.normal import NormalFormGame
from deterrence.trees.behaviour import complete_behaviour, smallest_subgame, subgame_roots
from deterrence.trees.reduced_form import ReducedForm, profile_behaviour, reduced_form

#: Most combinations of subgame equilibria followed.
MAX_COMBINATIONS = 256


@dataclass(frozen=True)
class Piece:
    """One equilibrium of the subgame at a root: behaviour below it, and its value."""

    behaviour: tuple[tuple[int, tuple[Fraction, ...] | None], ...]
    value: tuple[Fraction, ...]


def nash_of_form(form: ReducedForm) -> tuple[list[tuple[tuple[Fraction, ...], ...]], bool, list[str]]:
    """Equilibria (mixed profiles over plans) of a reduced form, whether the list is
    complete, and warnings. Players with a single plan are left out of the search."""
    normal = form.normal
    active = [i for i, s in enumerate(normal.strategies) if len(s) > 1]
    arrays = normal.payoff_arrays()
    warnings: list[str] = []
    complete = True
    if not active:
        mixed = [()]
    elif len(active) == 1:
        i = active[0]
        mine = np.asarray(arrays[i]).reshape(-1)
        best = max(mine)
        mixed = [(tuple(Fraction(int(s == k)) for s in range(len(mine))),)
                 for k in range(len(mine)) if mine[k] == best]
    else:
        shape = tuple(len(normal.strategies[i]) for i in active)
        sub = NormalFormGame.from_arrays([normal.players[i] for i in active],
                                         [normal.strategies[i] for i in active],
                                         [np.asarray(arrays[i]).reshape(shape) for i in active])
        result = _solve_normal(sub)
        complete = result.complete
        warnings.extend(result.warnings)
        mixed = [eq.strategies for eq in result.equilibria]
    out = []
    for profile in mixed:
        full, it = [], iter(profile)
        for i, s in enumerate(normal.strategies):
            full.append(next(it) if i in active else (Fraction(1),))
        out.append(tuple(tuple(Fraction(p) for p in sigma) for sigma in full))
    return out, complete, warnings


def _solve_normal(game):
    """Every extreme equilibrium for two players, pure ones for more."""
    if game.n_players == 2:
        from deterrence.nash import solve_normal

        return solve_normal(game)
    from dataclasses import replace

    from deterrence.nash.pure import pure_equilibria

    result = pure_equilibria(game)
    return replace(result, complete=False, warnings=(
        f"a subgame where {game.n_players} players move: only pure equilibria were searched",))


def subgame_perfect_profiles(game, limit: int = MAX_COMBINATIONS
                             ) -> tuple[list[list[tuple[Fraction, ...]]], bool, list[str]]:
    """Subgame-perfect behaviour profiles by folding back over the subgames.

    Returns the profiles (one probability tuple per information set), whether
    every combination of extreme subgame equilibria was followed, and warnings.
    """
    roots = subgame_roots(game)
    smallest = smallest_subgame(game, roots)
    nested: dict[int, list[int]] = {r: [] for r in roots}
    for r in roots:
        if r != 0:
            nested[smallest[int(game.parent[r])]].append(r)
    pieces: dict[int, list[Piece]] = {}
    complete = True
    warnings: list[str] = []
    for s in sorted(roots, reverse=True):
        below = nested[s]
        found: list[Piece] = []
        for combo in itertools.product(*(pieces[r] for r in below)):
            if len(found) >= limit:
                complete = False
                warnings.append(f"more than {limit} combinations of subgame equilibria; "
                                f"the first {limit} are followed")
                break
            cut = {r: piece.value for r, piece in zip(below, combo)}
            form = reduced_form(game, s, cut)
            profiles, done, notes = nash_of_form(form)
            complete &= done
            warnings.extend(w for w in notes if w not in warnings)
            arrays = form.normal.payoff_arrays()
            for mixed in profiles:
                behaviour = dict(profile_behaviour(form, mixed))
                for piece in combo:
                    behaviour.update(dict(piece.behaviour))
                value = _expected(arrays, mixed)
                found.append(Piece(tuple(sorted(behaviour.items())), value))
        pieces[s] = found
        for r in below:
            del pieces[r]
    out = []
    seen = set()
    for piece in pieces[0]:
        partial = [None] * game.n_infosets
        for h, b in piece.behaviour:
            partial[h] = b
        full = complete_behaviour(game, partial, roots)
        key = tuple(full)
        if key not in seen:
            seen.add(key)
            out.append(full)
    return out, complete, warnings


def _expected(arrays, mixed) -> tuple[Fraction, ...]:
    out = []
    for arr in arrays:
        total = np.asarray(arr, dtype=object)
        for sigma in reversed(mixed):
            total = np.tensordot(total, np.asarray(sigma, dtype=object), axes=([total.ndim - 1], [0]))
        out.append(Fraction(total.item() if hasattr(total, "item") else total))
    return tuple(out)
