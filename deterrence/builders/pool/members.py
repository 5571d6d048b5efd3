"""A sharing pool analysed in its number of members N, without building a game per N.

When the target sees what the pool delivered before it decides (``timing =
"observe"``) and members pledge fixed amounts (``rule = "pledge"``), what
happens after *k* members honour does not depend on N: the target's choice
and both players' payoffs there are those of the node "k honour" of any pool
game with at least k members. And beyond the k at which the pledges cover the
whole shortfall nothing changes any more. So one exact solve of the pool game
with that many members (:func:`outcomes_by_honoured`) gives, for every k, the
target's choice and the payoffs; the coercer's expected payoff from
restricting with N members is then the binomial mixture

    E_N = sum_k  C(N, k) r^k (1 - r)^(N - k) f(k),

evaluated for every N of a range in one pass (the terms updated from N - 1
to N in exact integer arithmetic), or at one N directly — so the threshold N
at which coercion stops paying is found by bisection when the range is huge
(the payoff falls as the pool grows: a larger pool delivers more in the sense
of first-order stochastic dominance, and the target's damage falls with what
is delivered).

Example
-------
>>> from deterrence.io import load_game
>>> m = MemberModel.of(load_game("export_control_pool"), "N")
>>> [str(m.point(n).restrict) for n in (0, 5, 7)]
['12', '21116/3125', '-25492/15625']
>>> m.smallest_deterring(0, 100_000)
7
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from deterrence.builders.pool.file import spec_of
from deterrence.builders.pool.point import PoolPoint
from deterrence.builders.pool.tree import CONCEDE, RESTRICT

#: Largest number of distinct "k honour" situations solved in one pool game.
MAX_SITUATIONS = 2_000


@dataclass(frozen=True)
class Situation:
    """What follows when ``k`` members honour: the payoffs and the target's choice."""

    coercer: Fraction
    target: Fraction
    concedes: Fraction          # probability that the target concedes there
    tie: bool                   # the target is indifferent there (several equilibria)


class NotApplicable(ValueError):
    """The pool's outcome after k honour depends on N (commit timing, proportional shares,
    several member classes): each N is solved as its own game instead."""


@dataclass(frozen=True)
class MemberModel:
    """The coercion figures as exact functions of the member count (see the module doc)."""

    parameter: str
    reliability: Fraction
    situations: tuple[Situation, ...]     # k = 0 .. saturation (the last one holds beyond)
    refrain: Fraction

    @classmethod
    def of(cls, game, parameter: str) -> "MemberModel":
        """Solve the pool game once with as many members as can still make a difference.

        Raises
        ------
        NotApplicable
            Where the outcome after k honour depends on N.
        """
        spec = spec_of(game)
        if spec is None or spec.timing != "observe" or spec.rule != "pledge" or len(spec.members) != 1 \
                or spec.members[0].count != parameter:
            raise NotApplicable("the member count does not enter as one class of fixed pledges")
        env = game.parameters.environment()
        member = spec.members[0]
        r = member.reliability.evaluate(env)
        w = member.pledge.evaluate(env)
        numbers = spec.evaluate(env)
        gap = numbers.gross_shortfall - numbers.values["stockpile"]
        if w <= 0 or gap <= 0 or r == 0:
            saturation = 0      # nothing delivered, or nobody ever honours: every N is N = 0
        else:
            saturation = math.ceil(gap / w)
        if saturation > MAX_SITUATIONS:
            raise NotApplicable(f"{saturation} distinct deliveries are too many to solve in one game")
        situations = outcomes_by_honoured(game, parameter, saturation, r)
        status_quo = _refrain(game.with_values({parameter: Fraction(saturation)}))
        return cls(parameter, r, situations, status_quo)

    # -- one N

    def _terms(self, n: int) -> tuple[list[int], int]:
        """The weights of k = 0 .. min(n, saturation) honouring at ``N = n`` as integers over
        one denominator ``b^n`` (``r = a/b``), the last one holding the tail, and ``b^n``.

        ``C(n, k) a^k (b - a)^(n - k)`` in integer arithmetic: no fraction of n digits is
        reduced on the way (a gcd of such numbers costs seconds at n = 100,000).
        """
        r, top = self.reliability, len(self.situations) - 1
        head = min(n, top)
        if r == 0 or r == 1:
            return ([1] + [0] * head if r == 0 else [0] * head + [1]), 1
        a, b = r.numerator, r.denominator
        c = b - a
        scale = b ** n
        terms = []
        if head:
            power = c ** (n - head + 1)           # (b - a)^(n - k) for k = head - 1, then down
            for k in range(head - 1, -1, -1):
                terms.append(math.comb(n, k) * a ** k * power)
                power *= c
            terms.reverse()
        return terms + [scale - sum(terms)], scale

    def _mixed(self, terms: list[int], scale: int, values: list[Fraction]) -> Fraction:
        """``sum_k terms[k] values[k] / scale``, reduced once."""
        common = math.lcm(*(v.denominator for v in values[:len(terms)]))
        numerator = sum(t * (v.numerator * (common // v.denominator)) for t, v in zip(terms, values))
        return Fraction(numerator, scale * common)

    def point(self, n: int):
        """The :class:`~deterrence.builders.pool.point.PoolPoint` at ``N = n``, exactly."""
        terms, scale = self._terms(n)
        situations = self.situations
        restrict = self._mixed(terms, scale, [s.coercer for s in situations])
        target = self._mixed(terms, scale, [s.target for s in situations])
        concede = self._mixed(terms, scale, [s.concedes for s in situations])
        tie = any(t and situations[k].tie for k, t in enumerate(terms))
        return PoolPoint(Fraction(n), restrict, self.refrain, target, concede, restrict > self.refrain,
                         several=tie or restrict == self.refrain)

    def decides(self, n: int) -> tuple[bool, bool]:
        """``(pays, several)`` of :meth:`point` at ``N = n`` from one comparison of integers,
        without reducing a fraction: what a search over N asks at each pool it tries."""
        terms, scale = self._terms(n)
        values = [s.coercer for s in self.situations[:len(terms)]]
        common = math.lcm(self.refrain.denominator, *(v.denominator for v in values))
        restrict = sum(t * (v.numerator * (common // v.denominator)) for t, v in zip(terms, values))
        refrain = self.refrain.numerator * (common // self.refrain.denominator) * scale
        tie = any(t and self.situations[k].tie for k, t in enumerate(terms))
        return restrict > refrain, tie or restrict == refrain

    def pays(self, n: int) -> bool:
        return self.decides(n)[0]

    # -- every N of a range, in one pass

    def points(self, lo: int, hi: int) -> list:
        """The points for ``N = lo .. hi``: the binomial terms carried from N to N + 1 in
        exact integer arithmetic, so the whole range costs about as much as its last point."""
        r = self.reliability
        top = len(self.situations) - 1
        if r in (0, 1) or hi - lo < 4:
            return [self.point(n) for n in range(lo, hi + 1)]
        a, b = r.numerator, r.denominator
        c = b - a
        # T[k] = C(N, k) a^k c^(N - k): P(k honour) = T[k] / b^N
        terms = [math.comb(lo, k) * a ** k * c ** (lo - k) for k in range(min(lo, top) + 1)]
        scale = b ** lo
        out = []
        coercer = [s.coercer for s in self.situations]
        target = [s.target for s in self.situations]
        concede = [s.concedes for s in self.situations]
        ties = [s.tie for s in self.situations]
        for n in range(lo, hi + 1):
            if n > lo:
                # C(n, k) = C(n-1, k) + C(n-1, k-1): T_n[k] = c T_{n-1}[k] + a T_{n-1}[k-1]
                previous = terms
                terms = [c * previous[0]] + [c * previous[k] + a * previous[k - 1]
                                             for k in range(1, min(len(previous), top))]
                if len(terms) <= top and len(previous) <= top:
                    terms.append(a * previous[-1])
                scale *= b
            head = min(n, top)
            shown = terms[:head]
            tail = scale - sum(shown)
            def mix(values):
                return (sum(t * v for t, v in zip(shown, values)) + tail * values[head]) / scale
            restrict = mix(coercer)
            tie = any(t and ties[k] for k, t in enumerate(shown)) or (tail and ties[head])
            out.append(PoolPoint(Fraction(n), restrict, self.refrain, mix(target), mix(concede),
                                 restrict > self.refrain, several=bool(tie) or restrict == self.refrain))
        return out

    def smallest_deterring(self, lo: int, hi: int) -> int | None:
        """The smallest N in ``[lo, hi]`` at which coercion does not pay, by bisection
        (the payoff does not rise with N), or ``None``."""
        if self.pays(hi):
            return None
        if not self.pays(lo):
            return lo
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.pays(mid):
                lo = mid
            else:
                hi = mid
        return hi


def _refrain(game) -> Fraction:
    from deterrence.builders.solving import subgame_perfect
    from deterrence.trees.behaviour import node_values

    result = subgame_perfect(game)
    values = node_values(game, result.equilibria[0].behaviour(game))
    spec = spec_of(game)
    coercer = game.players.index(spec.coercer)
    edge = [e for e in game.edges(0) if game.action[e] != RESTRICT][0]
    return values[int(game.child[edge])][coercer]


def outcomes_by_honoured(game, parameter: str, count: int, reliability: Fraction) -> tuple[Situation, ...]:
    """The situation after k = 0 .. ``count`` members honour, from one exact solve of the pool
    game with ``count`` members (each "k honour" node solved by the general tree solver)."""
    from deterrence.builders.solving import subgame_perfect
    from deterrence.trees.behaviour import node_values

    big = game.with_values({parameter: Fraction(count)})
    result = subgame_perfect(big)
    behaviour = result.equilibria[0].behaviour(big)
    values = node_values(big, behaviour)
    spec = spec_of(big)
    coercer, target = big.players.index(spec.coercer), big.players.index(spec.target)
    nodes: dict[int, int] = {}
    for v in range(big.size):
        if int(big.mover[v]) == target:
            label = big.ids[v]
            k = _honoured(label, count)
            if k is not None:
                nodes[k] = v
    if len(nodes) != count + 1:
        raise NotApplicable("the pool game's target nodes are not one per number honouring")
    out = []
    for k in range(count + 1):
        v = nodes[k]
        h = int(big.infoset[v])
        probs = dict(zip(big.infoset_actions(h), behaviour[h]))
        kids = {big.action[e]: int(big.child[e]) for e in big.edges(v)}
        choice_values = [values[c][target] for c in kids.values()]
        tie = len(set(choice_values)) < len(choice_values)
        out.append(Situation(values[v][coercer], values[v][target], probs.get(CONCEDE, Fraction(0)), tie))
    return tuple(out)


def _honoured(node_id: str, count: int) -> int | None:
    """k from the id of the target's node after "k of N honour" (``respond_3_honour``)."""
    if node_id == "respond":
        return 0 if count == 0 else None
    if node_id.startswith("respond_") and node_id.endswith("_honour"):
        text = node_id[len("respond_"):-len("_honour")]
        return int(text) if text.isdigit() else None
    return None


__all__ = ["MemberModel", "Situation", "NotApplicable", "outcomes_by_honoured", "MAX_SITUATIONS"]
