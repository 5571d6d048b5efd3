"""Off the path of play: behaviour and beliefs that make an equilibrium path perfect Bayesian.

A Nash equilibrium fixes play where it is reached; what happens after a
deviation is free, as long as it deters. A perfect Bayesian equilibrium with
the same path exists exactly when behaviour off the path can be chosen,
*together with beliefs*, so that every choice off the path is optimal given
its belief and continuation, and every choice on the path stays optimal
given what would follow a deviation. This module decides that for one path
in one subgame without proper subgames inside (a *piece*, see
:mod:`deterrence.trees.refine`).

:func:`exact_completion` decides it exactly when the off-path part settles
from the bottom up: an off-path decision point whose continuation is settled
either has one action optimal whatever the belief (or for the belief Bayes'
rule gives), which is fixed, or is a *free* point that nothing off the path
lies above. The free points' behaviour then enters the deterrence conditions
linearly (a path meets at most one of them), and their optimality depends on
their own belief only, so for each choice of maximal *justifiable* supports
(sets of actions all optimal under one belief, an LP each) the existence of
the behaviour is one exact LP: the on-path players' best continuation values
are dual LP variables, as in :mod:`deterrence.trees.assessment`. An on-path
player whose continuation meets no free point has no unknown in it: the least
of those values is the best continuation, found from the bottom up, and it is
compared with the prescribed play before any LP (with no free point at all,
that decides the path, and no LP is solved). Found or refuted, the answer is a
proof, which is what makes a list of refined equilibria complete.

Where the off-path part does not settle so (a bluff and a call off the path,
each mixing to leave the other indifferent), :func:`forced_completions`
solves the *continuation game*: the sequence form of the piece with the path
held fixed and the deviation forced (:mod:`deterrence.trees.sequence_form`),
whose equilibria, grafted below the deviation, are candidates for the caller
to check.

Example
-------
The threat in Selten's entry game fails off the path; the path "Challenge,
Acquiesce" has its completion.

>>> from fractions import Fraction as F
>>> from deterrence.io import load_game
>>> game = load_game("punishment_deterrence")
>>> status, found = exact_completion(game, 0, [0, 1], [(F(0), F(1)), (F(0), F(1))])
>>> status
'refuted'
>>> status, found = exact_completion(game, 0, [0, 1], [(F(1), F(0)), (F(0), F(1))])
>>> status, found[0]
('found', [(Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1))])
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Iterator, Sequence

from deterrence.trees.assessment import Continuation, continuation, supporting_belief
from deterrence.trees.behaviour import infoset_weights, node_values, reach, refresh_values

#: Most combinations of maximal justifiable supports tried by the exact LP.
MAX_SUPPORT_COMBINATIONS = 512
#: Most actions at one decision point for which every support is tried.
MAX_SUPPORT_ACTIONS = 6

FOUND, REFUTED, UNKNOWN = "found", "refuted", "unknown"


def _pure(n: int, a: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(int(j == a)) for j in range(n))


def split(game, start: int, piece_sets: Sequence[int], behaviour) -> tuple[list[int], list[int]]:
    """The piece's decision points on the path of play from ``start``, and the others."""
    reached = reach(game, behaviour, start)
    on, off = [], []
    for h in piece_sets:
        (on if any(reached.get(v) for v in game.members[h]) else off).append(h)
    return on, off


def sets_below(game, region: Sequence[int]) -> dict[int, set[int]]:
    """For each decision point of ``region``, the points of ``region`` with a node below
    one of its nodes.

    >>> from deterrence.io import load_game
    >>> sets_below(load_game("punishment_deterrence"), [0, 1])
    {0: {1}, 1: set()}
    """
    pre, size = game.preorder, game.subtree_size
    spans = {h: [(int(pre[v]), int(pre[v] + size[v])) for v in game.members[h]] for h in region}
    points = {h: [int(pre[v]) for v in game.members[h]] for h in region}
    out: dict[int, set[int]] = {h: set() for h in region}
    for g in region:
        for h in region:
            if g != h and any(lo < p < hi for lo, hi in spans[g] for p in points[h]):
                out[g].add(h)
    return out


def justifiable(problem, n_actions: int, belief=None) -> list[tuple[int, ...]]:
    """Maximal sets of actions that are all optimal (each followed by the prescribed
    play) under one belief: ``belief`` if given, else some belief (an LP per set)."""
    if belief is not None:
        best, _ = problem.best(belief)
        values = [sum((m * row[a] for m, row in zip(belief, problem.after)), Fraction(0))
                  for a in range(n_actions)]
        support = tuple(a for a in range(n_actions) if values[a] == best)
        return [support] if support else []
    if n_actions > MAX_SUPPORT_ACTIONS:
        sizes = [1]
    else:
        sizes = range(n_actions, 0, -1)
    found: list[tuple[int, ...]] = []
    for k in sizes:
        for support in itertools.combinations(range(n_actions), k):
            if any(set(support) <= set(f) for f in found):
                continue
            if supporting_belief(problem, support) is not None:
                found.append(support)
    return found


def exact_completion(game, start: int, piece_sets: Sequence[int], behaviour,
                     limit: int = 4) -> tuple[str, list[list[tuple[Fraction, ...]]]]:
    """Off-path behaviour that makes the path of ``behaviour`` in the piece perfect Bayesian.

    Parameters
    ----------
    start:
        The piece's root (a subgame root).
    piece_sets:
        The decision points of the piece (subgames below it already settled in
        ``behaviour``).
    behaviour:
        A full profile; only its entries on the path of play from ``start`` and
        below the piece are used.
    limit:
        Most completions returned.

    Returns
    -------
    ``("found", profiles)``, ``("refuted", [])`` when no completion exists (a
    proof), or ``("unknown", [])`` when the off-path part does not settle from
    the bottom up.
    """
    behaviour = [tuple(b) for b in behaviour]
    on_path, region = split(game, start, piece_sets, behaviour)
    below = sets_below(game, region)
    player = game.infoset_player
    above_of = {h: {g for g in region if h in below[g]} for h in region}
    fixed: set[int] = set()
    variable: dict[int, list[tuple[int, ...]]] = {}
    pending = set(region)
    values = node_values(game, behaviour)
    while pending:
        ready = [h for h in pending if below[h] <= fixed | set(variable)]
        if not ready:  # pragma: no cover - the relation is acyclic
            return UNKNOWN, []
        progressed = False
        for h in sorted(ready, key=lambda h: -game.members[h][0]):
            if below[h] & set(variable):
                return UNKNOWN, []  # a point above an unsettled one
            n = len(game.infoset_actions(h))
            problem = continuation(game, behaviour, h, values)
            others_above = any(player[g] != player[h] for g in above_of[h])
            belief = None
            if not others_above:
                weights = infoset_weights(game, behaviour, h, start)
                if any(weights):
                    total = sum(weights, Fraction(0))
                    belief = tuple(w / total for w in weights)
            supports = justifiable(problem, n, belief)
            if not supports:
                return REFUTED, []
            pending.discard(h)
            progressed = True
            if len(supports) == 1 and len(supports[0]) == 1:
                behaviour[h] = _pure(n, supports[0][0])
                refresh_values(game, behaviour, values, game.members[h])   # h and above change
                fixed.add(h)
            else:
                if above_of[h]:
                    return UNKNOWN, []
                variable[h] = supports
        if not progressed:  # pragma: no cover
            return UNKNOWN, []
    found = []
    combos = itertools.product(*(variable[h] for h in variable))
    for k, combo in enumerate(combos):
        if k >= MAX_SUPPORT_COMBINATIONS:
            return UNKNOWN, found
        solution = _deterrence_lp(game, start, on_path, behaviour, dict(zip(variable, combo)), values)
        if solution is not None:
            full = list(behaviour)
            for h, probs in solution.items():
                full[h] = probs
            found.append(full)
            if len(found) >= limit:
                break
    return (FOUND, found) if found else (REFUTED, [])


def _deterrence_lp(game, start: int, on_path: Sequence[int], behaviour, supports, values
                   ) -> dict[int, tuple[Fraction, ...]] | None:
    """Behaviour at the free points (on the given supports) under which every choice on
    the path stays optimal given the best continuation after each deviation; ``None``
    if there is none. One exact LP (see the module docstring); ``values`` are the nodes'
    values under ``behaviour``."""
    from deterrence.nash.lp import maximize

    var_index: dict[tuple[int, int], int] = {}
    for h, support in supports.items():
        for a in support:
            var_index[(h, a)] = len(var_index)
    n_beta = len(var_index)
    problems = []
    n_u = 0
    for g in on_path:
        weights = infoset_weights(game, behaviour, g, start)
        total = sum(weights, Fraction(0))
        mu = [w / total for w in weights]
        sets, parent, sequences, gains = _linear_continuation(game, behaviour, g, supports, var_index)
        prescribed = sum((m * sum((p * values[c][game.infoset_player[g]]
                                   for p, c in zip(behaviour[g], game.children(x))), Fraction(0))
                          for m, x in zip(mu, game.members[g])), Fraction(0))
        problems.append((g, mu, sets, parent, sequences, gains, prescribed, n_u))
        n_u += len(sets)
    # a continuation that meets no free point is no unknown of the LP: its best value, found
    # from the bottom up, refutes the path at once where it beats the prescribed play; with
    # no free point at all that decides everything, and no LP is needed
    for g, mu, sets, parent, sequences, gains, prescribed, _ in problems:
        best = _best_continuation(g, mu, sets, parent, sequences, gains)
        if best is not None and best > prescribed:
            return None
    if not supports:
        return {}
    width = n_beta + n_u
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    for h, support in supports.items():
        row = [Fraction(0)] * width
        for a in support:
            row[var_index[(h, a)]] = Fraction(1)
        A_eq.append(row)
        b_eq.append(Fraction(1))
    for g, mu, sets, parent, sequences, gains, prescribed, offset in problems:
        position = {s: offset + k for k, s in enumerate(sets)}
        for k, (s_set, _) in enumerate(sequences):
            # Σ_x μ_x gain_{x,k}(β) + Σ_{sets after k} u - u_{s_set} <= 0
            row = [Fraction(0)] * width
            const = Fraction(0)
            for m, per_node in zip(mu, gains):
                for var, coef in per_node[k].items():
                    if var < 0:
                        const += m * coef
                    else:
                        row[var] += m * coef
            row[n_beta + position[s_set]] -= 1
            for g2, via in parent.items():
                if via == k:
                    row[n_beta + position[g2]] += 1
            A_ub.append(row)
            b_ub.append(-const)
        row = [Fraction(0)] * width
        row[n_beta + position[g]] = Fraction(1)
        A_ub.append(row)
        b_ub.append(prescribed)
    # the canonical choice among the behaviours that deter: each free point plays the first
    # action of its support as often as deterrence allows (a pure first action wherever it
    # deters), so that the choice is a formula in the parameters
    objective = [0] * width
    for h, support in supports.items():
        objective[var_index[(h, support[0])]] = 1
    result = maximize(objective, A_ub, b_ub, A_eq, b_eq, free=list(range(n_beta, width)))
    if not result.is_optimal:
        return None
    out = {}
    for h, support in supports.items():
        n = len(game.infoset_actions(h))
        out[h] = tuple(result.x[var_index[(h, a)]] if a in support else Fraction(0) for a in range(n))
    return out


def _best_continuation(g: int, mu, sets, parent, sequences, gains) -> Fraction | None:
    """The least ``u_g`` the LP's rows allow for the continuation problem of ``g``
    (:func:`_linear_continuation`) when none of its gains involves a free point: the best
    continuation under ``mu``, from the bottom up (:meth:`Continuation.best`). ``None``
    when some gain does (the problem is then the LP's)."""
    if any(var >= 0 and coef for per_node in gains for entry in per_node for var, coef in entry.items()):
        return None
    constant = tuple(tuple(entry.get(-1, Fraction(0)) for entry in per_node) for per_node in gains)
    return Continuation(g, tuple(sets), parent, tuple(sequences), constant, (), ()).best(mu)[0]


def _linear_continuation(game, behaviour, g: int, supports, var_index):
    """The continuation problem of ``g``'s player (as in
    :func:`deterrence.trees.assessment.continuation`) with the other players' free
    points left as variables: each gain is ``{variable: coefficient}`` with ``-1`` the
    constant (a path meets at most one free point, so gains are linear)."""
    player = game.infoset_player[g]
    sets = [g]
    parent: dict[int, int] = {}
    sequences: list[tuple[int, int]] = []
    index: dict[tuple[int, int], int] = {}

    def add(h: int, via: int) -> None:
        if h != g:
            sets.append(h)
            parent[h] = via
        for a in range(len(game.infoset_actions(h))):
            index[(h, a)] = len(sequences)
            sequences.append((h, a))

    add(g, -1)
    rows = []
    for x in game.members[g]:
        row: dict[int, dict[int, Fraction]] = {}
        stack = [(x, -1, Fraction(1), -1)]
        while stack:
            v, last, w, var = stack.pop()
            own = game.node_payoff(v)
            if own and v != x and last >= 0:
                entry = row.setdefault(last, {})
                entry[var] = entry.get(var, Fraction(0)) + w * own[player]
            m = int(game.mover[v])
            if m == -2:
                continue
            kids = game.children(v)
            if m == player:
                h = int(game.infoset[v])
                if h != g and h not in parent:
                    add(h, last)
                for a, c in enumerate(kids):
                    stack.append((c, index[(h, a)], w, var))
            elif m == -1:
                for e, c in zip(game.edges(v), kids):
                    p = game.probability(e)
                    if p:
                        stack.append((c, last, w * p, var))
            else:
                h = int(game.infoset[v])
                if h in supports:
                    for a, c in enumerate(kids):
                        if a in supports[h]:
                            stack.append((c, last, w, var_index[(h, a)]))
                else:
                    for p, c in zip(behaviour[h], kids):
                        if p:
                            stack.append((c, last, w * p, var))
        rows.append(row)
    gains = [[row.get(k, {}) for k in range(len(sequences))] for row in rows]
    return sets, parent, sequences, gains


def forced_completions(game, form, start: int, piece_sets: Sequence[int], behaviour,
                       limit: int = 64) -> Iterator[list[tuple[Fraction, ...]]]:
    """Candidates: for each action the path never takes at a decision point on it, the
    equilibria of the piece's sequence form with the path held fixed and that action
    forced, grafted into ``behaviour`` below it (combinations over the deviations, up
    to ``limit``). The caller checks every candidate."""
    from deterrence.errors import UsageError
    from deterrence.trees.sequence_form import extreme_equilibria

    behaviour = [tuple(b) for b in behaviour]
    on_path, region = split(game, start, piece_sets, behaviour)
    if not region:
        return
    held = {h: behaviour[h] for h in on_path}
    region_set = set(region)
    options: list[list[dict[int, tuple[Fraction, ...]]]] = []
    for g in on_path:
        n = len(game.infoset_actions(g))
        for a in range(n):
            if behaviour[g][a]:
                continue
            fixed = dict(held)
            fixed[g] = _pure(n, a)
            try:
                nash = extreme_equilibria(form, fixed, components=False)
            except UsageError:
                return
            grafts = []
            for x, y in nash.pairs:
                partial = form.profile_behaviour(x, y)
                graft = {h: b for h, b in partial.items() if h in region_set and b is not None}
                if graft and graft not in grafts:
                    grafts.append(graft)
            if grafts:
                options.append(grafts)
    if not options:
        return
    for k, combo in enumerate(itertools.product(*options)):
        if k >= limit:
            return
        out = list(behaviour)
        for graft in combo:
            for h, b in graft.items():
                out[h] = b
        yield out


__all__ = ["exact_completion", "forced_completions", "justifiable", "split", "FOUND", "REFUTED",
           "UNKNOWN"]
