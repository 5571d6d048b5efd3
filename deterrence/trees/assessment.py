"""Beliefs, perfect Bayesian and sequential equilibrium of a behaviour profile, decided exactly.

An *assessment* pairs a behaviour profile with a belief at every information
set (a probability for each of its nodes). For a given profile:

* **Bayes' rule** fixes the belief wherever chance and the *other* players
  lead to the set with positive probability from the root of the smallest
  subgame containing it (on the path of play this is Bayes' rule from the
  root; a player's own moves, which may be what keeps the set off the path,
  scale all its nodes alike under perfect recall);
* elsewhere the belief is free for a **perfect Bayesian equilibrium**, which
  asks only that *some* belief make the prescribed continuation optimal. The
  player's best continuation from the set is a linear program over its
  realization plans below the set, so "some belief makes the prescription
  optimal" is one exact linear feasibility problem in the belief and the
  dual variables of that program (:func:`supporting_belief`), solved with the
  exact simplex of :mod:`deterrence.nash.lp`: a belief is found, or none
  exists;
* a **sequential equilibrium** (Kreps and Wilson 1982) asks in addition that
  the beliefs be *consistent*: limits of Bayes' rule along completely mixed
  profiles converging to the one given. Every consistent assessment comes
  from trembles ``c_a ε^{κ_a}`` on the actions played with probability zero:
  the belief at a set sits on its nodes of least total order ``κ`` and is
  proportional there to the product of the probabilities and tremble
  coefficients on the path. Whether given beliefs arise so is decided
  exactly (:func:`consistent`): the orders are a linear feasibility problem,
  the coefficients a multiplicative one, solvable exactly when every integer
  relation among its equations holds among their right-hand sides.

Sequential rationality is asked of the whole continuation (Mas-Colell,
Whinston and Green 1995, definition 9.C.1): at every information set, given
the belief there, no other continuation strategy of the player does better.

Example
-------
Selten's entry game: the threat to fight is a Nash equilibrium but no belief
makes fighting optimal, so it is not perfect Bayesian.

>>> from fractions import Fraction as F
>>> from deterrence.io import load_game
>>> game = load_game("punishment_deterrence")
>>> assess(game, [(F(0), F(1)), (F(1), F(0))]).perfect_bayesian
False
>>> a = assess(game, [(F(1), F(0)), (F(0), F(1))])
>>> a.perfect_bayesian, a.sequential
(True, True)
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Mapping, Sequence

from deterrence.trees.behaviour import (Behaviour, infoset_weights, node_values, reach,
                                        smallest_subgame, subgame_roots)

#: Most combinations of candidate beliefs tried when looking for consistent ones.
MAX_BELIEF_COMBINATIONS = 256


@dataclass(frozen=True)
class Decision:
    """What the assessment says at one information set.

    ``belief``: the probability of each node (``None`` where no belief makes the
    prescription optimal); ``how``: ``"on path"`` (Bayes' rule from the root),
    ``"Bayes"`` (Bayes' rule from a subgame's root, given the others' play),
    or ``"free"`` (Bayes' rule is silent: a belief that supports the play);
    ``optimal``: whether the prescribed continuation is optimal given it;
    ``gain``: the best continuation's advantage where it is not (under the
    belief most favourable to the prescription).
    """

    infoset: int
    belief: tuple[Fraction, ...] | None
    how: str
    optimal: bool
    gain: Fraction = Fraction(0)
    better: int = -1


@dataclass(frozen=True)
class Assessment:
    """Beliefs at every information set and the exact verdicts.

    ``perfect_bayesian``: some beliefs (Bayes' rule wherever it applies) make
    every prescription optimal; ``sequential``: some *consistent* beliefs do
    (``None``: beliefs that support the play were found, but none of those
    tried was shown consistent, and no proof that none is).
    """

    decisions: tuple[Decision, ...]
    perfect_bayesian: bool
    sequential: bool | None

    @property
    def failures(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if not d.optimal)

    def beliefs(self, game, how: Sequence[str]) -> tuple[tuple[int, tuple[Fraction, ...]], ...]:
        """``(infoset, belief)`` at sets of several nodes whose belief came ``how``."""
        return tuple((d.infoset, d.belief) for d in self.decisions
                     if d.how in how and d.belief is not None and len(game.members[d.infoset]) > 1)


# --------------------------------------------------------------------- continuation problems


@dataclass(frozen=True)
class Continuation:
    """A player's decision problem from information set ``h`` on, the others' play fixed.

    ``sets`` are the player's information sets from ``h`` down (``h`` first);
    ``parent[g]`` the index in ``sequences`` that leads to set ``g`` (``-1`` for
    ``h``); ``sequences`` the pairs ``(set, action)``; ``gain[x][s]`` what
    sequence ``s`` earns from node ``x`` of ``h`` (expected payoff of the leaves
    whose last own move it is, weighted by the others' and chance's play);
    ``after[x][a]`` the value of action ``a`` at node ``x`` with play continuing as
    prescribed; ``prescribed[x]`` the value of ``x`` under the profile.
    """

    h: int
    sets: tuple[int, ...]
    parent: Mapping[int, int]
    sequences: tuple[tuple[int, int], ...]
    gain: tuple[tuple[Fraction, ...], ...]
    after: tuple[tuple[Fraction, ...], ...]
    prescribed: tuple[Fraction, ...]

    def best(self, belief: Sequence[Fraction]) -> tuple[Fraction, int]:
        """The best continuation value under ``belief``, and the best first action."""
        index = {s: k for k, s in enumerate(self.sequences)}
        total = [sum((m * row[k] for m, row in zip(belief, self.gain)), Fraction(0))
                 for k in range(len(self.sequences))]
        value: dict[int, Fraction] = {}
        for g in reversed(self.sets):
            n = sum(1 for s in self.sequences if s[0] == g)
            options = [total[index[(g, a)]] for a in range(n)]
            best = max(options)
            value[g] = best
            if g != self.h:
                total[self.parent[g]] += best
        first = [total[index[(self.h, a)]] for a in range(sum(1 for s in self.sequences
                                                             if s[0] == self.h))]
        return value[self.h], first.index(max(first))

    def value(self, belief: Sequence[Fraction]) -> Fraction:
        return sum((m * v for m, v in zip(belief, self.prescribed)), Fraction(0))


def continuation(game, behaviour: Behaviour, h: int, values: dict | None = None) -> Continuation:
    """The decision problem of ``h``'s player from ``h`` on (see :class:`Continuation`)."""
    values = node_values(game, behaviour) if values is None else values
    player = game.infoset_player[h]
    members = game.members[h]
    sets: list[int] = [h]
    parent: dict[int, int] = {}
    sequences: list[tuple[int, int]] = []
    index: dict[tuple[int, int], int] = {}

    def add_set(g: int, via: int) -> None:
        if g in parent or g == h and sequences:
            return
        if g != h:
            sets.append(g)
            parent[g] = via
        for a in range(len(game.infoset_actions(g))):
            index[(g, a)] = len(sequences)
            sequences.append((g, a))

    add_set(h, -1)
    rows = []
    for x in members:
        row: dict[int, Fraction] = {}
        # (node, last own sequence index, others' and chance's weight)
        stack = [(x, -1, Fraction(1))]
        while stack:
            v, last, w = stack.pop()
            own = game.node_payoff(v)
            if own and v != x and last >= 0:
                row[last] = row.get(last, Fraction(0)) + w * own[player]
            m = int(game.mover[v])
            if m == -2:
                continue
            kids = game.children(v)
            if m == player:
                g = int(game.infoset[v])
                if g not in parent and g != h:
                    add_set(g, last)
                for a, c in enumerate(kids):
                    stack.append((c, index[(g, a)], w))
            elif m == -1:
                for e, c in zip(game.edges(v), kids):
                    p = game.probability(e)
                    if p:
                        stack.append((c, last, w if p == 1 else w * p))
            else:
                for p, c in zip(behaviour[int(game.infoset[v])], kids):
                    if p:       # a move made for sure leaves the weight as it is
                        stack.append((c, last, w if p == 1 else w * p))
        rows.append(row)
    gain = tuple(tuple(row.get(k, Fraction(0)) for k in range(len(sequences))) for row in rows)
    after = tuple(tuple(values[c][player] for c in game.children(x)) for x in members)
    prescribed = tuple(sum((p * v for p, v in zip(behaviour[h], row)), Fraction(0)) for row in after)
    return Continuation(h, tuple(sets), parent, tuple(sequences), gain, after, prescribed)


def supporting_belief(problem: Continuation, support: Sequence[int] | None = None
                      ) -> tuple[Fraction, ...] | None:
    """A belief over the nodes of ``problem.h`` under which the prescribed continuation
    is optimal, or ``None`` if there is none (an exact LP).

    With ``support``, the belief must instead make every action in ``support``
    optimal, each followed by the prescribed continuation (the question asked
    of the actions a behaviour may mix when the play below is settled).

    The best continuation value is ``min u_h`` over the dual of the player's
    realization-plan program below ``h``: ``u_g - Σ u_{g'} >= gain_s(μ)`` for every
    sequence ``s = (g, a)``, the sum over the sets ``g'`` that ``s`` leads to. So
    "prescribed ≥ best" is feasible in ``(μ, u)`` exactly when a belief exists.
    """
    from deterrence.nash.lp import maximize

    m = len(problem.prescribed)
    if m == 1:      # one node: the belief is certain, and the LP's rows say best <= each value
        best, _ = problem.best((Fraction(1),))
        asked = [problem.prescribed[0]] if support is None else [problem.after[0][a] for a in support]
        return (Fraction(1),) if all(best <= v for v in asked) else None
    sets = problem.sets
    n_u = len(sets)
    position = {g: k for k, g in enumerate(sets)}
    width = m + n_u
    A_ub, b_ub = [], []
    for k, (g, a) in enumerate(problem.sequences):
        # gain_s(μ) - u_g + Σ_{g' after s} u_g' <= 0
        row = [problem.gain[x][k] for x in range(m)] + [Fraction(0)] * n_u
        row[m + position[g]] -= 1
        for g2, via in problem.parent.items():
            if via == k:
                row[m + position[g2]] += 1
        A_ub.append(row)
        b_ub.append(Fraction(0))
    if support is None:
        # u_h - prescribed(μ) <= 0
        row = [-v for v in problem.prescribed] + [Fraction(0)] * n_u
        row[m] += 1
        A_ub.append(row)
        b_ub.append(Fraction(0))
    else:
        for a in support:
            # u_h - after_a(μ) <= 0: a, then the prescribed play, is as good as the best
            row = [-problem.after[x][a] for x in range(m)] + [Fraction(0)] * n_u
            row[m] += 1
            A_ub.append(row)
            b_ub.append(Fraction(0))
    A_eq = [[Fraction(1)] * m + [Fraction(0)] * n_u]
    result = maximize([0] * width, A_ub, b_ub, A_eq, [1], free=list(range(m, width)))
    if not result.is_optimal:
        return None
    return tuple(result.x[:m])


# --------------------------------------------------------------------- the assessment


def assess(game, behaviour: Behaviour, roots: Sequence[int] | None = None,
           values: dict | None = None, sequential: bool = True,
           sets: Sequence[int] | None = None, settle: bool = False, start: int = 0) -> Assessment:
    """Beliefs and the exact perfect-Bayesian (and sequential) verdict of ``behaviour``.

    Parameters
    ----------
    behaviour:
        One probability tuple per information set (every set, on the path or off).
    roots:
        The subgame roots (computed when not given).
    sequential:
        Also decide whether some consistent beliefs support the profile.
    sets:
        Only these information sets (default: all).
    settle:
        Stop at the first set where no belief supports the play (the verdict is then
        ``False`` and the decisions list ends there): for callers that need only the
        verdict.
    start:
        The root of the subgame that holds ``sets`` (default: the whole tree): values
        and reach are worked out in its subtree only, and "on path" means reached from
        there.
    """
    roots = subgame_roots(game) if roots is None else roots
    if values is None:
        values = node_values(game, behaviour, None if start == 0 else game.subtree_nodes(start).tolist())
    smallest = smallest_subgame(game, roots)
    from_root = reach(game, behaviour, start)
    decisions: list[Decision] = []
    problems: dict[int, Continuation] = {}
    reaches: dict = {}
    for h in (range(game.n_infosets) if sets is None else sets):
        members = game.members[h]
        weights = infoset_weights(game, behaviour, h, smallest[members[0]], reaches)
        on_path = any(from_root.get(v) for v in members)
        problem = continuation(game, behaviour, h, values)
        problems[h] = problem
        if any(weights):
            total = sum(weights, Fraction(0))
            mu = tuple(w / total for w in weights)
            best, better = problem.best(mu)
            gain = best - problem.value(mu)
            decisions.append(Decision(h, mu, "on path" if on_path else "Bayes", gain == 0,
                                      gain, better if gain else -1))
            if settle and gain:
                return Assessment(tuple(decisions), False, False)
            continue
        mu = supporting_belief(problem)
        if mu is not None:
            decisions.append(Decision(h, mu, "free", True))
            continue
        decisions.append(_refuted(h, problem))
        if settle:
            return Assessment(tuple(decisions), False, False)
    pbe = all(d.optimal for d in decisions)
    verdict: bool | None = False
    if pbe:
        verdict, found = _sequential(game, behaviour, decisions, problems) if sequential \
            else (None, {})
        # show the consistent beliefs that were found, not merely supporting ones
        decisions = [replace(d, belief=found[d.infoset]) if d.infoset in found else d
                     for d in decisions]
    return Assessment(tuple(decisions), pbe, verdict)


def _refuted(h: int, problem: Continuation) -> Decision:
    """No belief supports the prescription at ``h``: the smallest gain of deviating over
    the point beliefs, and the better first action there."""
    m = len(problem.prescribed)
    best = None
    for x in range(m):
        mu = tuple(Fraction(int(y == x)) for y in range(m))
        value, better = problem.best(mu)
        gain = value - problem.value(mu)
        if best is None or gain < best[0]:
            best = (gain, better, mu)
    gain, better, mu = best
    return Decision(h, None, "free", False, gain, better)


# --------------------------------------------------------------------- consistency


def _zero_actions(game, behaviour) -> dict[tuple[int, int], int]:
    """Every action played with probability zero, numbered: ``(infoset, action) -> k``."""
    out = {}
    for h, probs in enumerate(behaviour):
        for a, p in enumerate(probs):
            if not p:
                out[(h, a)] = len(out)
    return out


def _path_terms(game, behaviour, v: int, zero: Mapping) -> tuple[Fraction, tuple[int, ...]] | None:
    """The product of the positive probabilities on the path to ``v`` and the zero
    actions on it (``None`` if a chance move of probability zero is on it)."""
    weight = Fraction(1)
    trembles = []
    path = game.path(v)
    for a, b in zip(path, path[1:]):
        j = int(game.parent_edge[b]) - int(game.offsets[a])
        m = int(game.mover[a])
        if m == -1:
            p = game.probability(int(game.parent_edge[b]))
            if not p:
                return None
            weight *= p
            continue
        h = int(game.infoset[a])
        p = behaviour[h][j]
        if p:
            weight *= p
        else:
            trembles.append(zero[(h, j)])
    return weight, tuple(trembles)


def consistent(game, behaviour: Behaviour, beliefs: Mapping[int, Sequence[Fraction]]) -> bool:
    """Whether ``beliefs`` (at some information sets) are consistent with ``behaviour``:
    limits of Bayes' rule along completely mixed profiles tending to it.

    Exact: trembles ``c_a ε^{κ_a}`` on the zero-probability actions; the orders
    ``κ`` must put each belief's support exactly at its set's least total order
    (an exact LP), and the coefficients must give the belief's ratios there,
    a system ``Π c_a^{±1} = r``, solvable in positive reals exactly when every
    integer relation among the left-hand sides holds among the ``r``.
    """
    from deterrence.nash.lp import maximize

    zero = _zero_actions(game, behaviour)
    orders_eq, orders_ge = [], []
    ratios: list[tuple[dict[int, int], Fraction]] = []
    for h, mu in beliefs.items():
        terms = [_path_terms(game, behaviour, v, zero) for v in game.members[h]]
        live = [k for k, t in enumerate(terms) if t is not None]
        if any(mu[k] for k, t in enumerate(terms) if t is None):
            if live:
                return False
            continue  # only chance of probability zero leads here: nothing to limit
        support = [k for k in live if mu[k]]
        if not support:
            return False
        base = support[0]

        def count(k: int) -> dict[int, int]:
            out: dict[int, int] = {}
            for t in terms[k][1]:
                out[t] = out.get(t, 0) + 1
            return out

        cb = count(base)
        for k in live:
            if k == base:
                continue
            ck = count(k)
            row = {t: ck.get(t, 0) - cb.get(t, 0) for t in set(ck) | set(cb)}
            row = {t: c for t, c in row.items() if c}
            if k in support:
                orders_eq.append(row)
                # c-product ratio: Π c^{row} = (μ_k / w_k) / (μ_b / w_b)
                r = (Fraction(mu[k]) / terms[k][0]) / (Fraction(mu[base]) / terms[base][0])
                ratios.append((row, r))
            else:
                orders_ge.append(row)
    n = len(zero)
    if orders_eq or orders_ge:
        A_ub = [[-Fraction(row.get(t, 0)) for t in range(n)] for row in orders_ge]
        b_ub = [Fraction(-1)] * len(orders_ge)
        A_ub += [[Fraction(-int(t == j)) for t in range(n)] for j in range(n)]  # κ >= 1
        b_ub += [Fraction(-1)] * n
        A_eq = [[Fraction(row.get(t, 0)) for t in range(n)] for row in orders_eq]
        if not maximize([0] * n, A_ub, b_ub, A_eq, [0] * len(A_eq)).is_optimal:
            return False
    return _multiplicative(ratios, n)


def _multiplicative(equations: list[tuple[dict[int, int], Fraction]], n: int) -> bool:
    """Whether ``Π_t c_t^{row[t]} = r`` for every equation has a solution ``c > 0``."""
    if not equations:
        return True
    if any(r <= 0 for _, r in equations):
        return False
    rows = [[Fraction(row.get(t, 0)) for t in range(n)] for row, _ in equations]
    for w in _left_kernel(rows):
        scale = math.lcm(*(x.denominator for x in w))
        ints = [int(x * scale) for x in w]
        product = Fraction(1)
        for (_, r), e in zip(equations, ints):
            product *= r ** e
        if product != 1:
            return False
    return True


def _left_kernel(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """A basis of ``{w : w^T M = 0}`` (exact Gaussian elimination on ``[M | I]``)."""
    m = len(rows)
    n = len(rows[0]) if rows else 0
    table = [list(row) + [Fraction(int(i == j)) for j in range(m)] for i, row in enumerate(rows)]
    pivot_row = 0
    for col in range(n):
        pivot = next((r for r in range(pivot_row, m) if table[r][col] != 0), None)
        if pivot is None:
            continue
        table[pivot_row], table[pivot] = table[pivot], table[pivot_row]
        for r in range(m):
            if r != pivot_row and table[r][col] != 0:
                f = table[r][col] / table[pivot_row][col]
                table[r] = [a - f * b for a, b in zip(table[r], table[pivot_row])]
        pivot_row += 1
    return [row[n:] for row in table[pivot_row:]]


def uniform_tremble_beliefs(game, behaviour: Behaviour, sets: Sequence[int]
                            ) -> dict[int, tuple[Fraction, ...]]:
    """The consistent beliefs of trembling with the same ``ε`` on every zero action:
    at each set, the nodes with the fewest trembles on their path, in proportion
    to the product of the probabilities there."""
    zero = _zero_actions(game, behaviour)
    out = {}
    for h in sets:
        terms = [_path_terms(game, behaviour, v, zero) for v in game.members[h]]
        live = [t for t in terms if t is not None]
        if not live:
            continue
        least = min(len(t[1]) for t in live)
        weights = [t[0] if t is not None and len(t[1]) == least else Fraction(0) for t in terms]
        total = sum(weights, Fraction(0))
        out[h] = tuple(w / total for w in weights)
    return out


def _sequential(game, behaviour, decisions: list[Decision], problems
                ) -> tuple[bool | None, dict[int, tuple[Fraction, ...]]]:
    """Some consistent beliefs at the free sets support the profile? Returns the verdict
    (``None`` when the beliefs tried support it but none was shown consistent) and the
    consistent beliefs found.

    Tried: the beliefs of one uniform tremble; then, for each free set and each belief
    there that supports the play, the beliefs that trembles reproducing it induce at the
    other free sets (:func:`induced_beliefs`); then combinations of the candidates."""
    free = [d for d in decisions if d.how == "free" and len(game.members[d.infoset]) > 1]
    if not free:
        return True, {}
    sets = [d.infoset for d in free]

    def supports(beliefs: Mapping[int, Sequence[Fraction]]) -> bool:
        for h in sets:
            mu = beliefs.get(h)
            if mu is None:
                return False
            best, _ = problems[h].best(mu)
            if best != problems[h].value(mu):
                return False
        return True

    uniform = uniform_tremble_beliefs(game, behaviour, sets)
    if supports(uniform):
        return True, uniform
    candidates: list[list[tuple[Fraction, ...]]] = []
    for d in free:
        problem = problems[d.infoset]
        options = []
        for mu in [uniform.get(d.infoset), d.belief] + _point_beliefs(len(problem.prescribed)):
            if mu is None or mu in options:
                continue
            best, _ = problem.best(mu)
            if best == problem.value(mu):
                options.append(mu)
        candidates.append(options)
    for d, options in zip(free, candidates):
        for mu in options:
            induced = induced_beliefs(game, behaviour, {d.infoset: mu}, sets)
            if induced is not None and supports(induced):
                return True, induced
    for k, combo in enumerate(itertools.product(*candidates)):
        if k >= MAX_BELIEF_COMBINATIONS:
            return None, {}
        beliefs = {d.infoset: mu for d, mu in zip(free, combo)}
        if consistent(game, behaviour, beliefs):
            return True, beliefs
    return None, {}


def induced_beliefs(game, behaviour: Behaviour, anchor: Mapping[int, Sequence[Fraction]],
                    sets: Sequence[int]) -> dict[int, tuple[Fraction, ...]] | None:
    """Consistent beliefs at ``sets`` that agree with ``anchor``: explicit trembles
    (orders from an exact LP, coefficients from the anchor's ratios, other
    coefficients 1) and the limit of Bayes' rule they give. ``None`` if the anchor
    is not consistent, or its ratios need irrational coefficients."""
    from deterrence.nash.lp import maximize

    zero = _zero_actions(game, behaviour)
    n = len(zero)
    terms = {h: [_path_terms(game, behaviour, v, zero) for v in game.members[h]] for h in sets}
    terms.update({h: [_path_terms(game, behaviour, v, zero) for v in game.members[h]]
                  for h in anchor})
    rows_eq, rows_ge, ratios = [], [], []
    for h, mu in anchor.items():
        t = terms[h]
        if any(mu[k] for k in range(len(t)) if t[k] is None):
            return None
        support = [k for k in range(len(t)) if mu[k]]
        base = support[0]
        for k in range(len(t)):
            if t[k] is None or k == base:
                continue
            row = _exponents(t[k][1], t[base][1], n)
            if k in support:
                rows_eq.append(row)
                ratios.append((row, (Fraction(mu[k]) / t[k][0]) / (Fraction(mu[base]) / t[base][0])))
            else:
                rows_ge.append(row)
    A_ub = [[-Fraction(x) for x in row] for row in rows_ge] + \
        [[Fraction(-int(t == j)) for t in range(n)] for j in range(n)]
    b_ub = [Fraction(-1)] * (len(rows_ge) + n)
    A_eq = [[Fraction(x) for x in row] for row in rows_eq]
    result = maximize([-1] * n, A_ub, b_ub, A_eq, [0] * len(A_eq)) if n else None
    if n and not result.is_optimal:
        return None
    kappa = list(result.x) if n else []
    coefficients = _positive_solution(ratios, n)
    if coefficients is None:
        return None
    out = {}
    for h in sets:
        t = terms[h]
        live = [k for k in range(len(t)) if t[k] is not None]
        if not live:
            continue
        order = {k: sum((kappa[j] for j in t[k][1]), Fraction(0)) for k in live}
        least = min(order.values())
        weights = [Fraction(0)] * len(t)
        for k in live:
            if order[k] == least:
                w = t[k][0]
                for j in t[k][1]:
                    w *= coefficients[j]
                weights[k] = w
        total = sum(weights, Fraction(0))
        out[h] = tuple(w / total for w in weights)
    return out


def _exponents(mine: Sequence[int], base: Sequence[int], n: int) -> list[int]:
    row = [0] * n
    for j in mine:
        row[j] += 1
    for j in base:
        row[j] -= 1
    return row


def _positive_solution(equations, n: int) -> list[Fraction] | None:
    """Rational ``c > 0`` with ``Π c_t^{row[t]} = r`` for each equation, by elimination with
    pivots ±1 (free coefficients 1); ``None`` if there is none or it needs roots."""
    rows = [(list(row), Fraction(r)) for row, r in equations]
    if any(r <= 0 for _, r in rows):
        return None
    pivots: list[tuple[int, int]] = []  # (row index, column)
    used = 0
    for col in range(n):
        pick = next((i for i in range(used, len(rows)) if abs(rows[i][0][col]) == 1), None)
        if pick is None:
            if any(rows[i][0][col] for i in range(used, len(rows))):
                return None
            continue
        rows[used], rows[pick] = rows[pick], rows[used]
        prow, pr = rows[used]
        sign = prow[col]
        for i in range(len(rows)):
            if i != used and rows[i][0][col]:
                q = rows[i][0][col] * sign
                rows[i] = ([a - q * b for a, b in zip(rows[i][0], prow)], rows[i][1] / pr ** q)
        pivots.append((used, col))
        used += 1
    if any(r != 1 for row, r in rows[used:]):
        return None
    c = [Fraction(1)] * n
    for i, col in reversed(pivots):
        row, r = rows[i]
        rest = Fraction(1)
        for t, e in enumerate(row):
            if t != col and e:
                rest *= c[t] ** e
        c[col] = (r / rest) ** row[col]
    return c


def _point_beliefs(m: int) -> list[tuple[Fraction, ...]]:
    return [tuple(Fraction(int(y == x)) for y in range(m)) for x in range(m)]


__all__ = ["Assessment", "Decision", "Continuation", "assess", "continuation", "supporting_belief",
           "consistent", "uniform_tremble_beliefs"]
