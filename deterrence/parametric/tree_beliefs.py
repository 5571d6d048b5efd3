"""Beliefs off the path of play, as formulas: what a piece of a tree's equilibrium rests on
where Bayes' rule is silent.

The exact solver (:mod:`deterrence.trees.assessment`) decides a perfect Bayesian
equilibrium information set by information set: where chance and the other
players lead to the set with positive probability from the root of the smallest
subgame holding it, the belief is Bayes' rule from there; elsewhere the set is
*free*: the play there need only be optimal under *some* belief, over the
player's whole continuation from the set (a later own set may be free too, with
a belief of its own, so a one-shot comparison is not enough). This module turns
those verdicts into formulas in the parameters, for
:func:`~deterrence.parametric.tree_pieces.piece_of`:

* :func:`subgame_reach` — the Bayes weights: the probability that chance and the
  others lead from the smallest subgame's root to each node;
* :class:`Continuations` — a player's pure continuation plans from a set and
  their values at its nodes (field elements), so that "no continuation does
  better" is one condition per plan;
* :func:`free_belief` — at a free set of two or more nodes: where the player
  mixes, the belief that makes it indifferent (solved from the indifference, with
  the conditions that it is a probability); where it does not, a belief that
  supports the play at the solved point — a point belief on one node, or, at a
  set of two nodes, the bound of the belief interval that binds there — and the
  conditions that it still does. These are *sufficient* conditions: the piece is
  an equilibrium wherever they hold; where one fails, another belief may still
  support the play (the walk then solves again and finds the same regime).

Example
-------
Two nodes, no mixing: "Resist" is the better action at node 1 (gain 2) but not at
node 0 (gain -1); a point belief on node 1 supports it, so the condition is that
node 1's gain stays non-negative.

>>> from fractions import Fraction
>>> from deterrence import load_game
>>> from deterrence.parametric.tree_pieces import RationalField
>>> field = RationalField(load_game("punishment_credibility"), "p")
>>> c = field.const
>>> mu, conditions = free_belief(field, (Fraction(1, 2),), 2, [], [((c(-1), c(2)), "resist")])
>>> [str(m) for m in mu], [(str(x.expr), x.strict) for x in conditions]
(['0', '1'], [('2', False)])
"""

from __future__ import annotations

import weakref
from fractions import Fraction
from typing import Any, Sequence

from deterrence.parametric.conditions import Condition

#: Most pure continuation plans of one player from one information set written out as
#: conditions (beyond: no formulas, and the stretch is solved point by point).
MAX_PLANS = 64


class NoBelief(ValueError):
    """No belief formula covers this information set (the caller raises ``NoFormulas``)."""


def subgame_reach(game, field, probs, player: int | None, multilinear) -> list:
    """Probability (a :class:`~deterrence.parametric.tree_pieces.Multilinear`) that chance and
    the players other than ``player`` lead from the root of the smallest subgame holding
    each node to it — the weights of Bayes' rule at ``player``'s information sets, as the
    exact solver takes them (:func:`deterrence.trees.behaviour.infoset_weights`). With
    ``player`` ``None``, everyone's moves count: whether play reaches the node from there."""
    from deterrence.trees.behaviour import subgame_roots

    roots = set(subgame_roots(game))
    one = multilinear.constant(field, field.one)
    out: list[Any] = [None] * game.size
    out[0] = one
    for v in range(game.size):
        if v in roots:
            out[v] = one
        if game.is_terminal(v):
            continue
        for j, e in enumerate(game.edges(v)):
            c = int(game.child[e])
            if not out[v].terms:
                out[c] = out[v]
            elif game.is_chance(v):
                out[c] = out[v] * multilinear.constant(field, field.of(game.exprs[int(game.edge_prob[e])]))
            elif int(game.mover[v]) == player:
                out[c] = out[v]
            else:
                out[c] = out[v] * probs(int(game.infoset[v]), j)
    return out


_NESTED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def nested_sets(game) -> tuple[dict[int, frozenset], dict[int, frozenset]]:
    """For each information set, the other sets of its smallest subgame with a node above
    one of its nodes, and those with a node below one (the tree's shape only, remembered
    per game). The exact solver settles the play off the path of a subgame from the
    bottom up (:func:`deterrence.trees.completion.exact_completion`), so which sets lie
    above and below decides how it chooses there.

    >>> from deterrence import load_game
    >>> above, below = nested_sets(load_game("punishment_deterrence"))
    >>> above[0], below[0]
    (frozenset(), frozenset())
    """
    if game in _NESTED:
        return _NESTED[game]
    from deterrence.trees.behaviour import smallest_subgame, subgame_roots
    from deterrence.trees.completion import sets_below

    smallest = smallest_subgame(game, subgame_roots(game))
    by_subgame: dict[int, list[int]] = {}
    for h, nodes in enumerate(game.members):
        by_subgame.setdefault(smallest[nodes[0]], []).append(h)
    above: dict[int, set] = {h: set() for h in range(len(game.members))}
    below: dict[int, set] = {}             # every set lies in one subgame: filled below
    for region in by_subgame.values():
        for g, under in sets_below(game, region).items():
            below[g] = under
            for h in under:
                above[h].add(g)
    out = ({h: frozenset(v) for h, v in above.items()}, {h: frozenset(v) for h, v in below.items()})
    _NESTED[game] = out
    return out


def node_wise(field, point, rows: list[tuple[tuple, str]]) -> list[Condition]:
    """The prescribed play strictly better than each alternative at every node of the set,
    whatever the belief: the only play any belief supports, so the one the exact solver fixes
    there (:func:`deterrence.trees.completion.exact_completion`: a free set with one
    justifiable action is settled; with several, an LP picks one of those that deter)."""
    out = []
    for diffs, reason in rows:
        for d in diffs:
            if is_constant(field, d) and field.at(d, point) > 0:
                continue
            out.append(Condition(d, True, reason + " at each of its nodes", None))
    _hold_at(field, point, out)
    return out


class Continuations:
    """One player's pure continuation plans from an information set, and their values.

    ``probabilities[h][a]`` are field elements (the piece's formulas), ``prescribed(v, i)`` the
    field element of player ``i``'s value at ``v`` under the profile (used below the last own
    move of a plan, where every plan agrees with the profile).
    """

    def __init__(self, game, field, probabilities, prescribed) -> None:
        self.game, self.field = game, field
        self.probabilities = probabilities
        self.prescribed = prescribed
        self._movers = self._movers_below()
        self._plans: dict[int, list[dict[int, int]]] = {}

    def _movers_below(self) -> list[frozenset]:
        game = self.game
        out: list[frozenset] = [frozenset()] * game.size
        for v in reversed(range(game.size)):
            m = int(game.mover[v])
            below = frozenset({m}) if m >= 0 else frozenset()
            for c in game.children(v):
                below = below | out[c]
            out[v] = below
        return out

    def has_own_below(self, h: int) -> bool:
        """Whether the player of ``h`` moves again below it."""
        game = self.game
        player = game.infoset_player[h]
        return any(player in self._movers[c] for v in game.members[h] for c in game.children(v))

    def own_sets_below(self, h: int) -> set[int]:
        """The player's information sets strictly below ``h``."""
        game = self.game
        player = game.infoset_player[h]
        out: set[int] = set()
        stack = [c for v in game.members[h] for c in game.children(v)]
        while stack:
            v = stack.pop()
            if player not in self._movers[v]:
                continue
            if int(game.mover[v]) == player:
                out.add(int(game.infoset[v]))
            stack.extend(game.children(v))
        return out

    def _next_sets(self, g: int, a: int) -> list[int]:
        """The player's first information sets below action ``a`` at ``g``."""
        game = self.game
        player = game.infoset_player[g]
        found: dict[int, None] = {}
        stack = [game.children(v)[a] for v in game.members[g]]
        while stack:
            v = stack.pop()
            if player not in self._movers[v]:
                continue
            if int(game.mover[v]) == player:
                found.setdefault(int(game.infoset[v]))
                continue
            stack.extend(game.children(v))
        return sorted(found)

    def plans(self, h: int) -> list[dict[int, int]]:
        """Every reduced pure plan of the player from ``h`` on: ``{set: action}``."""
        if h in self._plans:
            return self._plans[h]
        out: list[dict[int, int]] = []
        for a in range(len(self.game.infoset_actions(h))):
            combos: list[dict[int, int]] = [{h: a}]
            for g in self._next_sets(h, a):
                combos = [{**c, **p} for c in combos for p in self.plans(g)]
                if len(combos) > MAX_PLANS:
                    raise NoBelief("too many continuation plans to write out")
            out += combos
            if len(out) > MAX_PLANS:
                raise NoBelief("too many continuation plans to write out")
        self._plans[h] = out
        return out

    def value(self, v: int, player: int, plan: dict[int, int]):
        """The player's expected payoff from node ``v`` on, playing ``plan``."""
        game, field = self.game, self.field
        if player not in self._movers[v]:
            return self.prescribed(v, player)
        own = game.payoff[v][player]
        total = field.of(game.exprs[int(own)]) if int(own) >= 0 else field.zero
        m = int(game.mover[v])
        kids = game.children(v)
        if m == player:
            return total + self.value(kids[plan[int(game.infoset[v])]], player, plan)
        for j, (e, c) in enumerate(zip(game.edges(v), kids)):
            if m == -1:
                w = field.of(game.exprs[int(game.edge_prob[e])])
            else:
                w = self.probabilities[int(game.infoset[v])][j]
            if field.is_zero(w):
                continue
            total = total + w * self.value(c, player, plan)
        return total

    def rows(self, h: int) -> list[tuple[tuple, str]]:
        """For each plan from ``h`` other than the prescription: the prescribed value minus the
        plan's at each node of ``h`` (field elements) and what the row means."""
        game = self.game
        player = game.infoset_player[h]
        labels = {g: game.infoset_actions(g) for g in [h] + sorted(self.own_sets_below(h))}
        out = []
        for plan in self.plans(h):
            diffs = tuple(self.prescribed(v, player) - self.value(v, player, plan) for v in game.members[h])
            if all(self.field.is_zero(d) for d in diffs):
                continue
            moves = ", ".join(f"{labels[g][a]} at {game.decision_point(g)}" for g, a in plan.items())
            out.append((diffs, f"{game.players[player]} does no better by {moves}"))
        return out


def free_belief(field, point: Sequence[Fraction], m: int, indifferences: list[tuple],
                rows: list[tuple[tuple, str]], where: str = "this information set"
                ) -> tuple[list, list[Condition]]:
    """A belief over the ``m`` nodes of a free information set, and the conditions under which
    it supports the play there.

    ``indifferences`` are tuples of per-node differences that the belief must average to zero
    (the player mixes); ``rows`` ``(per-node differences, reason)`` that it must average to
    at least zero (no continuation does better). Returns the belief (field elements, or
    numbers 0/1 for a point belief) and the conditions (see the module doc).

    Raises
    ------
    NoBelief
        Where no formula is found: more than two nodes and a belief that is not pinned
        down or not a point belief, or no belief supporting the play at ``point``.
    """
    if indifferences:
        mu = _solved_belief(field, m, indifferences)
        conditions = [Condition(_simplified(field, x), False,
                                f"the belief at {where} that makes its player indifferent is a probability",
                                None) for x in mu if not _constant_nonnegative(field, x, point)]
        conditions += _rows_at(field, mu, rows)
        _hold_at(field, point, conditions)
        return mu, conditions
    if not rows:
        return [field.one] + [field.zero] * (m - 1), []
    at = [[field.at(d, point) for d in diffs] for diffs, _ in rows]
    slack = []
    for k in range(m):
        worst = min(r[k] for r in at)
        if worst >= 0:
            slack.append((worst, -k))
    if slack:
        k = -max(slack)[1]
        mu = [Fraction(int(j == k)) for j in range(m)]
        return mu, [Condition(diffs[k], False, reason, None) for diffs, reason in rows
                    if not field.is_zero(diffs[k])]
    if m != 2:
        raise NoBelief("no point belief supports the play at a set of more than two nodes")
    return _interval_belief(field, point, rows, at)


def _interval_belief(field, point, rows, at) -> tuple[list, list[Condition]]:
    """Two nodes, neither point belief works: the belief at the lower end of the interval the
    rows leave (``μ c1 + (1 - μ) c2 >= 0`` for each: ``μ >= c2 / (c2 - c1)`` where
    ``c1 > c2``)."""
    best = None
    for (diffs, _), (c1, c2) in zip(rows, at):
        if c1 > c2:
            bound = c2 / (c2 - c1)
            if best is None or bound > best[0]:
                best = (bound, diffs)
    if best is None:
        raise NoBelief("no belief supports the play")
    c1, c2 = best[1]
    mu1 = _simplified(field, c2 / (c2 - c1))
    mu = [mu1, _simplified(field, field.one - mu1)]
    conditions = [Condition(x, False, "the belief that makes a continuation indifferent is a probability", None)
                  for x in mu]
    conditions.append(Condition(_simplified(field, c1 - c2), True,
                                "the belief's bound stays on the same side", None))
    conditions += _rows_at(field, mu, rows)
    _hold_at(field, point, conditions)
    return mu, conditions


def _solved_belief(field, m: int, indifferences: list[tuple]) -> list:
    """The belief ``μ`` (``m`` field elements summing to 1) with ``Σ μ_v d_v = 0`` for every
    tuple ``d`` of ``indifferences`` (Gaussian elimination over the field)."""
    rows = []
    for d in indifferences:
        # Σ_{v<m-1} μ_v (d_v - d_last) = -d_last
        rows.append([_simplified(field, x - d[-1]) for x in d[:-1]] + [_simplified(field, -d[-1])])
    n = m - 1
    used = eliminate(field, rows, n)
    if used is None:
        raise NoBelief("the indifference does not pin the belief down")
    for r in range(len(rows)):
        if r not in used and not field.is_zero(rows[r][n]):
            raise NoBelief("the indifferences ask for different beliefs")
    mu = [rows[used[col]][n] for col in range(n)]
    last = field.one
    for x in mu:
        last = last - x
    return mu + [_simplified(field, last)]


def _rows_at(field, mu, rows) -> list[Condition]:
    out = []
    for diffs, reason in rows:
        total = field.zero
        for w, d in zip(mu, diffs):
            if isinstance(w, Fraction):
                if w:
                    total = total + d * field.const(w)
            else:
                total = total + w * d
        total = _simplified(field, total)
        if not field.is_zero(total):
            out.append(Condition(total, False, reason, None))
    return out


def _hold_at(field, point, conditions: list[Condition]) -> None:
    for c in conditions:
        try:
            ok = c.holds(field.at(c.expr, point))
        except ZeroDivisionError:
            ok = False
        if not ok:
            raise NoBelief(f"the belief fails where it was found ({c.reason})")


def _constant_nonnegative(field, x, point) -> bool:
    return is_constant(field, x) and field.at(x, point) >= 0


def is_constant(field, v) -> bool:
    """Whether the field element ``v`` does not depend on the parameters."""
    if hasattr(field, "is_constant"):
        return field.is_constant(v)
    return getattr(v, "is_constant", None) is True or getattr(v, "is_number", False) is True


def _simplified(field, v):
    return field.simplify(v) if hasattr(field, "simplify") else v


def eliminate(field, rows: list[list], n: int) -> list[int] | None:
    """Gauss-Jordan elimination, in place, of the augmented ``rows`` (``n`` unknowns, then
    the right-hand side) over ``field``: the pivot row of each unknown, in order, or
    ``None`` when an unknown has no pivot (the system does not pin it down)."""
    used: list[int] = []
    for col in range(n):
        pivot = next((r for r in range(len(rows)) if r not in used and not field.is_zero(rows[r][col])), None)
        if pivot is None:
            return None
        used.append(pivot)
        p = rows[pivot][col]
        rows[pivot] = [_simplified(field, v / p) for v in rows[pivot]]
        for r in range(len(rows)):
            if r != pivot and not field.is_zero(rows[r][col]):
                k = rows[r][col]
                rows[r] = [_simplified(field, v - k * w) for v, w in zip(rows[r], rows[pivot])]
    return used


__all__ = ["subgame_reach", "node_wise", "nested_sets", "Continuations", "free_belief", "NoBelief", "MAX_PLANS", "is_constant",
           "eliminate"]
