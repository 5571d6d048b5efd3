"""Where to look for refined equilibria of a two-player tree beyond the extreme ones.

The subgame-perfect and perfect Bayesian equilibria of a two-player tree are
first sought among the extreme Nash equilibria of its reduced strategic form
(:mod:`deterrence.trees.solver`). Every finite game has a sequential, hence
perfect Bayesian, equilibrium, but it need not be among them:

* it may lie *inside* a maximal Nash subset (a product of two polytopes of
  mixed strategies, every point of which is an equilibrium):
  :func:`interior_profiles` yields its barycentre and the midpoints of pairs
  of its extreme equilibria;
* it may need other behaviour at decision points that the player's own
  earlier moves rule out (a reduced strategy says nothing there, and the
  translation to behaviour strategies fills them with a locally best
  action): :func:`alternative_fillings` tries every pure filling, where few;
* it may need a *mixed* continuation off the path, for instance a bluff and a
  call after a crisis that is never opened: :func:`forced_continuations`
  solves the game in which the player who stays off a branch is made to take
  it (its reduced form with that player's plans restricted to the branch),
  and grafts each equilibrium of that game below the branch of an
  equilibrium that avoids it.

Every profile these functions yield is only a *candidate*: the caller checks
it exactly (Nash in the whole tree, subgame perfection, beliefs).

Example
-------
>>> from deterrence.io import load_game
>>> from deterrence.trees.reduced_form import reduced_form
>>> game = load_game("punishment_deterrence")
>>> form = reduced_form(game)
>>> [b for b in alternative_fillings(game, [(F(0), F(1)), None])]
[[(Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1))], [(Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1))]]
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F
from typing import Iterator, Sequence

import numpy as np

from deterrence.trees.behaviour import complete_behaviour, reach
from deterrence.trees.reduced_form import ReducedForm, profile_behaviour

#: Most points tried inside the maximal Nash subsets.
MAX_INTERIOR = 200
#: Most fillings of open decision points tried per profile.
MAX_FILLINGS = 32
#: Most (decision point, avoided action) branches whose continuation is solved.
MAX_BRANCHES = 6
#: Most grafted profiles tried per branch.
MAX_GRAFTS = 200


def _pure(n: int, k: int) -> tuple[F, ...]:
    return tuple(F(int(j == k)) for j in range(n))


def partial_behaviour(game, form: ReducedForm, mixed) -> list:
    """Behaviour from a mixed profile over plans; ``None`` where no plan in the support
    reaches an information set (ruled out by the player's own earlier moves)."""
    partial: list = [None] * game.n_infosets
    for h, b in profile_behaviour(form, mixed).items():
        partial[h] = b
    return partial


def interior_profiles(result, limit: int = MAX_INTERIOR) -> Iterator[tuple[tuple, int]]:
    """Mixed profiles inside each maximal Nash subset, with their component.

    ``result`` is the enumeration's :class:`~deterrence.nash.result.SolveResult`
    (extreme equilibria and components). For each maximal subset ``X' × Y'``
    with more than one extreme equilibrium: the barycentre (mean of ``X'``,
    mean of ``Y'``), then the midpoints of pairs of its extreme equilibria.
    All lie in the subset, which is convex, so all are Nash equilibria.

    >>> from deterrence.model import NormalFormGame
    >>> from deterrence.nash.enumeration import enumerate_equilibria
    >>> g = NormalFormGame.bimatrix([[1, 0], [0, 1]], [[1, 1], [1, 1]])
    >>> [tuple(map(str, p[0][1])) for p in interior_profiles(enumerate_equilibria(g))][:1]
    [('3/4', '1/4')]
    """
    count = 0
    equilibria = result.equilibria
    for c, component in enumerate(result.components):
        for subset in component.maximal_subsets:
            if len(subset) < 2:
                continue
            points = [equilibria[k].strategies for k in subset]
            sides = [sorted({p[i] for p in points}) for i in range(2)]
            centre = tuple(_mean(side) for side in sides)
            for profile in itertools.chain([centre], (
                    tuple(_mean([a[i], b[i]]) for i in range(2))
                    for a, b in itertools.combinations(points, 2))):
                if count >= limit:
                    return
                count += 1
                yield profile, c


def _mean(vectors: Sequence[Sequence[F]]) -> tuple[F, ...]:
    n = len(vectors)
    return tuple(sum(column, F(0)) / n for column in zip(*vectors))


def alternative_fillings(game, partial: Sequence, limit: int = MAX_FILLINGS) -> Iterator[list]:
    """Completions of a partial behaviour profile: the locally best filling first, then
    every pure action at each open decision point (``None``), if there are few."""
    base = complete_behaviour(game, partial)
    yield base
    open_sets = [h for h, b in enumerate(partial) if b is None]
    sizes = [len(game.infoset_actions(h)) for h in open_sets]
    if not open_sets or int(np.prod(sizes)) > limit:
        return
    for combo in itertools.product(*(range(n) for n in sizes)):
        filled = list(base)
        for h, a, n in zip(open_sets, combo, sizes):
            filled[h] = _pure(n, a)
        if filled != base:
            yield filled


def _below(game, h: int, a: int) -> set[int]:
    """Information sets all of whose nodes lie below action ``a`` at the nodes of ``h``."""
    starts = {game.children(v)[a] for v in game.members[h]}
    inside = set()
    stack = list(starts)
    while stack:
        v = stack.pop()
        inside.add(v)
        stack.extend(game.children(v))
    return {g for g, members in enumerate(game.members)
            if all(v in inside for v in members) and not game.is_terminal(members[0])}


def avoided_branches(game, profiles: Sequence[tuple[list, list]],
                     limit: int = MAX_BRANCHES) -> list[tuple[int, int]]:
    """``(h, a)``: a decision point reached in some profile where its player never takes
    action ``a``, although its own decision points below ``a`` are left open.

    ``profiles`` are ``(behaviour, partial)`` pairs; the earliest points come first.
    """
    found = set()
    for behaviour, partial in profiles:
        open_sets = {h for h, b in enumerate(partial) if b is None}
        if not open_sets:
            continue
        reached = reach(game, behaviour, 0)
        for h, members in enumerate(game.members):
            if (h, 0) in found or not any(reached.get(v) for v in members):
                continue
            player = game.infoset_player[h]
            for a, p in enumerate(behaviour[h]):
                if p == 0 and any(game.infoset_player[g] == player
                                  for g in _below(game, h, a) & open_sets):
                    found.add((h, a))
    return sorted(found, key=lambda ha: (game.members[ha[0]][0], ha[1]))[:limit]


def forced_continuations(game, form: ReducedForm, solve_normal, profiles, h: int, a: int,
                         limit: int = MAX_GRAFTS) -> Iterator[list]:
    """Profiles that avoid action ``a`` at ``h`` with an equilibrium continuation below it.

    The continuation comes from the reduced form restricted to the plans of
    ``h``'s player that take ``a`` (the game in which that player is made to
    take the branch), solved with ``solve_normal``; each of its equilibria is
    grafted below ``a`` into every profile of ``profiles`` that avoids ``a`` at
    ``h``.
    """
    from deterrence.model.normal import NormalFormGame

    player = game.infoset_player[h]
    if h not in form.infosets[player]:
        return
    t = form.infosets[player].index(h)
    keep = [s for s, plan in enumerate(form.plans[player]) if plan[t] == a]
    if not keep:
        return
    normal = form.normal
    arrays = [np.take(np.asarray(arr), keep, axis=player) for arr in normal.payoff_arrays()]
    labels = [tuple(normal.strategies[i][s] for s in keep) if i == player else normal.strategies[i]
              for i in range(2)]
    restricted = NormalFormGame.from_arrays(normal.players, labels, arrays)
    below = sorted(_below(game, h, a))
    bases = {}
    for behaviour, _ in profiles:
        if behaviour[h][a] == 0:
            bases.setdefault(tuple(behaviour), behaviour)
    seen: set = set()
    for eq in solve_normal(restricted).equilibria:
        mixed = list(eq.strategies)
        full = [F(0)] * len(form.plans[player])
        for s, p in zip(keep, mixed[player]):
            full[s] = p
        mixed[player] = tuple(full)
        continuation = complete_behaviour(game, partial_behaviour(game, form, mixed))
        for base in bases.values():
            grafted = list(base)
            for g in below:
                grafted[g] = continuation[g]
            key = tuple(grafted)
            if key not in seen:
                if len(seen) >= limit:
                    return
                seen.add(key)
                yield grafted
