"""What a sharing pool does to coercion: the solved pool game, point by point.

For each value of one parameter (the number of members, a pledge, a
reliability, or any other), the pool game is built and solved by the general
tree solver (subgame perfection); from the equilibrium we read

* the coercer's expected payoff from restricting (the value of the subgame
  after ``Restrict``) next to the status quo,
* the probability that the target concedes once restricted,
* whether the coercer restricts, and whether coercion pays.

The value at which coercion stops paying is then located *exactly*: for a
member count, the smallest integer (searching past the requested range when
needed); for a continuous parameter, the root of the coercer's expected
payoff (or of the target's comparison, where the target switches) in
rational or algebraic form, derived from the tree's own formulas with sympy.

Example
-------
>>> from deterrence.io import load_game
>>> a = analyse_pool(load_game("export_control_pool"), "N", range(0, 9))
>>> a.change.text, a.baseline.restrict
('7', Fraction(12, 1))
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Iterable, Sequence

from deterrence.builders.pool.tree import CONCEDE, RESIST, RESTRICT
from deterrence.builders.pool.file import PoolRebuilder, spec_of
from deterrence.builders.pool.point import PoolPoint
from deterrence.errors import UsageError
from deterrence.model import limits
from deterrence.model.expr import format_fraction
from deterrence.trees.behaviour import node_values, reach
from deterrence.model.display import Displayable, short_repr
from deterrence.model.numbers import short_number

#: Largest pool the search past the range solves as its own game, where the member model
#: does not apply (the game has a node per number honouring: 2,000 members take about a second).
SEARCHED_ONE_BY_ONE = 2_000
#: Largest polynomial degree solved symbolically; above it, exact bisection.
MAX_DEGREE = 80
#: Width of the exact bracket reported when a root is not solved symbolically.
BRACKET = Fraction(1, 10**12)


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class PaysThreshold:
    """Where coercion stops (or starts) paying, exactly.

    ``exact`` is a Fraction, an int, or a sympy number (algebraic); ``text``
    its exact text; ``approx`` a float; ``kind`` says which.
    """

    parameter: str
    exact: Any
    text: str
    approx: float
    kind: str
    stops_paying: bool
    formula: str = ""
    #: False when the change takes effect just past ``exact`` (a tie at it).
    attained: bool = True

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        return {"parameter": self.parameter, "value": self.approx if as_float else self.text,
                "approx": self.approx, "kind": self.kind,
                "direction": "stops paying" if self.stops_paying else "starts paying",
                "attained": self.attained, "formula": self.formula}

    def phrase(self) -> str:
        """``at r = 1/2`` or ``beyond w = 3`` (where the value itself is a tie)."""
        return f"{'at' if self.attained else 'beyond'} {self.parameter} = {self.text}"


@dataclass(frozen=True, repr=False)
class PoolAnalysis(Displayable):
    """A pool game solved along one parameter, with the exact change point."""

    game: Any
    parameter: str
    description: str
    points: tuple[PoolPoint, ...]
    baseline: PoolPoint | None
    change: PaysThreshold | None
    warnings: tuple[str, ...] = field(default=())

    display_as = "pool"

    def __repr__(self) -> str:
        return short_repr("PoolAnalysis",
                          repr(self.game.title),
                          f"parameter={self.parameter!r}",
                          f"{len(self.points)} points",
                          f"change at {self.change.text}" if self.change is not None else "no change")

    @property
    def statement(self) -> str:
        """The effect in words, for people."""
        return describe(self)

    def table_rows(self, as_float: bool = False) -> list[dict[str, Any]]:
        """One row per value solved (the case without a pool first), as ``--format csv`` writes it."""
        out = []
        if self.baseline is not None:
            out.append({**self.baseline.to_json(as_float), "value": "no pool"})
        out += [point.to_json(as_float) for point in self.points]
        return [{self.parameter: row.pop("value"), **row} for row in out]

    @property
    def counts_members(self) -> bool:
        """Whether the varied parameter counts pool members (whole numbers)."""
        return self.parameter in member_count_parameters(self.game)

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.envelope import envelope

        game = self.game
        return {
            **envelope("deterrence.pool/1", game, as_float),
            "concept": "subgame-perfect",
            "varied": {"parameter": self.parameter, "meaning": self.description},
            "baseline": self.baseline.to_json(as_float) if self.baseline else None,
            "points": [p.to_json(as_float) for p in self.points],
            "change_point": self.change.to_json(as_float) if self.change else None,
            "statement": self.statement,
            "warnings": list(self.warnings),
        }


# ------------------------------------------------------------------ solving one point


def _restrict_child(game) -> int:
    for e in game.edges(0):
        if game.action[e] == RESTRICT:
            return int(game.child[e])
    raise UsageError("not a pool game: the root has no 'Restrict' move")


def _concede_probability(game, behaviour, start: int) -> Fraction:
    """Probability that the target concedes, from node ``start`` on."""
    reached = reach(game, behaviour, start)
    total = Fraction(0)
    for v, p in reached.items():
        if p and int(game.mover[v]) >= 0:
            probs = behaviour[int(game.infoset[v])]
            total += sum((p * q for e, q in zip(game.edges(v), probs) if game.action[e] == CONCEDE),
                         Fraction(0))
    return total


def _solved(game):
    """The first subgame-perfect equilibrium, its behaviour, node values and the roles."""
    from deterrence.builders.solving import subgame_perfect

    result = subgame_perfect(game)
    behaviour = result.equilibria[0].behaviour(game)
    values = node_values(game, behaviour)
    spec = spec_of(game)
    coercer = game.players.index(spec.coercer) if spec else 0
    return result, behaviour, values, coercer, 1 - coercer


def evaluate_point(game, value: Fraction = Fraction(0)) -> PoolPoint:
    """Solve one pool game (subgame perfection) and read off the coercion figures."""
    result, behaviour, values, coercer, target = _solved(game)
    start = _restrict_child(game)
    refrain_edge = [e for e in game.edges(0) if game.action[e] != RESTRICT][0]
    refrain = values[int(game.child[refrain_edge])][coercer]
    root_choice = behaviour[int(game.infoset[0])]
    coerces = any(p > 0 and game.action[e] == RESTRICT for e, p in zip(game.edges(0), root_choice))
    return PoolPoint(Fraction(value), values[start][coercer], refrain, values[start][target],
                     _concede_probability(game, behaviour, start), coerces,
                     several=len(result.equilibria) > 1)


@dataclass(frozen=True)
class TargetChoice:
    """The target's decision at one of its nodes after a restriction."""

    story: str
    probability: Fraction
    concede: Fraction
    hold_out: Fraction
    concedes: bool


@dataclass(frozen=True, repr=False)
class PoolReasons(Displayable):
    """Why the coercer restricts or refrains: the target's choices and their value."""

    coercer: str
    target: str
    point: PoolPoint
    choices: tuple[TargetChoice, ...]

    display_as = "pool-reasons"

    def __repr__(self) -> str:
        return short_repr("PoolReasons", f"coercer={self.coercer!r}", f"target={self.target!r}",
                          f"{len(self.choices)} choices")


def pool_reasons(game) -> PoolReasons:
    """The target's choice at every node after ``Restrict``, and the coercer's sums."""
    _, behaviour, values, coercer, target = _solved(game)
    start = _restrict_child(game)
    choices = []
    stack = [(start, Fraction(1), "")]
    while stack:
        v, p, story = stack.pop()
        if game.is_terminal(v):
            continue
        if game.is_chance(v):
            for e in reversed(list(game.edges(v))):
                label = game.action[e] if not story else story
                stack.append((int(game.child[e]), p * game.probability(e), label))
            continue
        if int(game.mover[v]) != target:
            continue
        kids = {game.action[e]: int(game.child[e]) for e in game.edges(v)}
        probs = dict(zip(game.infoset_actions(int(game.infoset[v])), behaviour[int(game.infoset[v])]))
        choices.append(TargetChoice(story, p, values[kids[CONCEDE]][target],
                                    values[kids[RESIST]][target], probs.get(CONCEDE, 0) == 1))
    spec = spec_of(game)
    return PoolReasons(spec.coercer, spec.target, evaluate_point(game), tuple(choices))


# ------------------------------------------------------------------ the parameters


def member_count_parameters(game) -> list[str]:
    """Names of the parameters that count pool members."""
    spec = spec_of(game)
    return [m.count for m in spec.members if isinstance(m.count, str)] if spec else []


def baseline_game(game):
    """The same game without a pool (no members)."""
    spec = spec_of(game)
    bare = replace(spec, members=())
    return PoolRebuilder(bare, game.rebuild.meta)(game.parameters)


def analyse_pool(game, parameter: str, values: Iterable, *, locate: bool = True) -> PoolAnalysis:
    """Solve the pool game at every value of ``parameter`` and find where coercion stops paying.

    Raises
    ------
    UsageError
        If ``game`` is not a pool game or ``parameter`` is not one of its parameters.
    """
    spec = spec_of(game)
    if spec is None:
        raise UsageError("not a pool game", hint='pool commands need a file with kind = "pool"')
    if parameter not in game.parameters.names:
        raise UsageError(f"the game has no parameter {parameter!r}",
                         hint=f"parameters: {', '.join(game.parameters.names)}")
    values = [Fraction(v) for v in values]
    model = member_model(game, parameter)
    if model is None and parameter in member_count_parameters(game):
        limits.check("solves", len(values), f"{len(values):,} pool sizes would each be solved as "
                     "their own game", usage=True, hint="narrow the range")
    if model is None:
        points = tuple(evaluate_point(game.with_values({parameter: v}), v) for v in values)
    else:
        points = tuple(_points_in_n(game, model, values))
    baseline = evaluate_point(baseline_game(game)) if spec.members else None
    warnings = []
    if any(p.several for p in points):
        warnings.append("the target is indifferent somewhere: several subgame-perfect equilibria; "
                        "the first (in action order) is shown")
    change = None
    if locate and points:
        is_count = parameter in member_count_parameters(game)
        change = _change_point(game, parameter, points, is_count, model, warnings)
    description = game.parameters.get(parameter).description
    return PoolAnalysis(game, parameter, description, points, baseline, change, tuple(warnings))


# ------------------------------------------------------------------ in the number of members


def member_model(game, parameter: str):
    """The pool's figures as exact functions of its member count, when ``parameter`` counts
    members and what follows k honouring does not depend on N
    (:mod:`deterrence.builders.pool.members`); ``None`` otherwise."""
    from deterrence.builders.pool.members import MemberModel, NotApplicable

    if parameter not in member_count_parameters(game):
        return None
    try:
        return MemberModel.of(game, parameter)
    except NotApplicable:
        return None


def _points_in_n(game, model, values: Sequence[Fraction]) -> list[PoolPoint]:
    """Every requested pool size from one pass; exact ties (several equilibria, where the
    first one decides) are solved as their own game."""
    counts = [int(v) for v in values]
    if counts and counts == list(range(counts[0], counts[0] + len(counts))):
        points = model.points(counts[0], counts[-1])
    else:
        points = [model.point(n) for n in counts]
    return [evaluate_point(game.with_values({model.parameter: p.value}), p.value) if p.several else p
            for p in points]


# ------------------------------------------------------------------ change points


def _change_point(game, parameter, points: Sequence[PoolPoint], is_count: bool,
                  model=None, warnings: list | None = None) -> PaysThreshold | None:
    def pays(value) -> bool:
        if model is not None:
            paying, several = model.decides(int(value))
            if not several:
                return paying
        return _pays(game, parameter, Fraction(value))

    first = points[0].pays
    for before, after in zip(points, points[1:]):
        if after.pays != first:
            if is_count:
                return _integer_point(pays, parameter, before.value, after.value, first)
            return _continuous_point(game, parameter, before.value, after.value, first)
    if is_count and first:
        return _search_members(game, pays, parameter, points[-1].value, model is None,
                               warnings if warnings is not None else [])
    start = points[0].value
    if is_count and not first and start > 0 and pays(Fraction(0)):
        return _integer_point(pays, parameter, Fraction(0), start, True)  # below the range
    return None


def _pays(game, parameter, value) -> bool:
    return evaluate_point(game.with_values({parameter: value}), value).pays


def _integer_point(pays, parameter, lo: Fraction, hi: Fraction, first: bool) -> PaysThreshold:
    lo, hi = int(lo), int(hi)
    while hi - lo > 1:  # the grid may skip integers
        mid = (lo + hi) // 2
        if pays(mid) == first:
            lo = mid
        else:
            hi = mid
    return PaysThreshold(parameter, hi, str(hi), float(hi), "integer", stops_paying=first)


def _search_members(game, pays, parameter, start: Fraction, one_by_one: bool,
                    warnings: list) -> PaysThreshold | None:
    """Coercion still pays at the end of the range: search larger pools (doubling, then
    bisection: the coercer's payoff does not rise with the pool), up to the ``members``
    limit, or :data:`SEARCHED_ONE_BY_ONE` where each pool is solved as its own game (a
    warning then says where the search stopped)."""
    bound = game.parameters.get(parameter).maximum
    limit = search_horizon(start)
    if bound is not None:
        limit = min(limit, int(bound))
    capped = one_by_one and limit > max(int(start), SEARCHED_ONE_BY_ONE)
    if capped:
        limit = max(int(start), SEARCHED_ONE_BY_ONE)
    lo = int(start)
    step = max(1, lo)
    while lo < limit:
        hi = min(limit, lo + step)
        if not pays(hi):
            return _integer_point(pays, parameter, Fraction(lo), Fraction(hi), True)
        lo, step = hi, step * 2
    if capped:
        warnings.append(f"coercion still pays with {limit:,} members; larger pools were not "
                        "searched, since each is solved as its own game here (ask for one with "
                        "--members N)")
    return None


def search_horizon(start: Fraction) -> int:
    """The largest pool searched for the smallest deterring one: the ``members`` limit in
    force (:mod:`deterrence.model.limits`), or as far past ``start`` when it is lifted."""
    bound = limits.get("members")
    return int(start) + limits.LIMITS["members"].default if bound is None else bound


def _regime(game, parameter, value) -> tuple:
    g = game.with_values({parameter: value})
    from deterrence.builders.solving import subgame_perfect

    eq = subgame_perfect(g).equilibria[0]
    return tuple(tuple(p) for p in eq.behaviour(g))


def _continuous_point(game, parameter, a: Fraction, b: Fraction, first: bool) -> PaysThreshold:
    """Narrow [a, b] to one switch by exact bisection, then solve it symbolically."""
    regime_a, regime_b = _regime(game, parameter, a), _regime(game, parameter, b)
    for _ in range(60):
        if regime_a == regime_b or b - a <= BRACKET:
            break
        mid = (a + b) / 2
        regime_m = _regime(game, parameter, mid)
        if _pays(game, parameter, mid) == first and regime_m != regime_b:
            a, regime_a = mid, regime_m
        elif _pays(game, parameter, mid) != first:
            b, regime_b = mid, regime_m
        else:
            a, regime_a = mid, regime_m
    root = _solve_in_bracket(game, parameter, a, b, regime_a, regime_b)
    if root is None:
        return _bisect(game, parameter, a, b, first)
    point = _as_change_point(parameter, root, first)
    if isinstance(point.exact, Fraction) and _pays(game, parameter, point.exact) == first:
        # the switch happens just past the root: at the root itself a player is indifferent
        point = replace(point, attained=False)
    return point


def _symbolic_values(game, parameter, regime) -> list:
    """Every node's value (sympy, in ``parameter``) with the players' choices fixed."""
    import sympy

    from deterrence.parametric.tree_formulas import node_values as symbolic_values

    x = sympy.Symbol(parameter, real=True)
    choice = [max(range(len(p)), key=p.__getitem__) for p in regime]
    fixed = {sympy.Symbol(name, real=True): sympy.Rational(v.numerator, v.denominator)
             for name, v in game.parameters.environment().items() if name != parameter}
    return [[value.subs(fixed) for value in row]
            for row in symbolic_values(game, choice, {parameter: x})]


def _solve_in_bracket(game, parameter, a, b, regime_a, regime_b):
    """The exact root in [a, b] of what changes there, or ``None``."""
    import sympy

    x = sympy.Symbol(parameter, real=True)
    coercer = game.players.index(spec_of(game).coercer)
    start = _restrict_child(game)
    candidates = []
    if regime_a == regime_b:
        values = _symbolic_values(game, parameter, regime_a)
        refrain_edge = [e for e in game.edges(0) if game.action[e] != RESTRICT][0]
        gap = values[start][coercer] - values[int(game.child[refrain_edge])][coercer]
        candidates.append(gap)
    else:
        values = _symbolic_values(game, parameter, regime_b)
        for h, (pa, pb) in enumerate(zip(regime_a, regime_b)):
            if pa == pb:
                continue
            node = game.members[h][0]
            mover = int(game.mover[node])
            kids = [int(game.child[e]) for e in game.edges(node)]
            ja = max(range(len(pa)), key=lambda j: pa[j])
            jb = max(range(len(pb)), key=lambda j: pb[j])
            candidates.append(values[kids[ja]][mover] - values[kids[jb]][mover])
    roots = []
    for expr in candidates:
        roots += _roots_in(sympy.simplify(expr), x, a, b)
    roots = sorted(set(roots), key=lambda r: float(r))
    return roots[0] if roots else None


def _roots_in(expr, x, a: Fraction, b: Fraction) -> list:
    """Exact roots in [a, b]: polynomials by the sweep's root finder, and
    expressions with min/max as piecewise equations."""
    import sympy

    from deterrence.parametric.roots import real_roots_in

    try:
        degree = sympy.Poly(sympy.together(expr).as_numer_denom()[0], x).degree()
    except sympy.PolynomialError:
        degree = 0
    if degree > MAX_DEGREE:
        return []
    found = real_roots_in(expr, x, a, b)
    if found is not None:
        return found
    lo, hi = sympy.Rational(a.numerator, a.denominator), sympy.Rational(b.numerator, b.denominator)
    piecewise = sympy.piecewise_fold(expr.rewrite(sympy.Piecewise))
    solutions = sympy.solveset(piecewise, x, sympy.Interval(lo, hi))
    return list(solutions) if isinstance(solutions, sympy.FiniteSet) else []


def _bisect(game, parameter, a: Fraction, b: Fraction, first: bool) -> PaysThreshold:
    while b - a > BRACKET:
        mid = (a + b) / 2
        if _pays(game, parameter, mid) == first:
            a = mid
        else:
            b = mid
    text = f"in [{format_fraction(a)}, {format_fraction(b)}]"
    return PaysThreshold(parameter, (a, b), text, float((a + b) / 2), "bracket", stops_paying=first)


def _as_change_point(parameter, root, first: bool) -> PaysThreshold:
    import sympy

    if isinstance(root, sympy.Rational):
        value = Fraction(int(root.p), int(root.q))
        return PaysThreshold(parameter, value, format_fraction(value), float(value), "rational",
                           stops_paying=first)
    approx = float(sympy.N(root, 15))
    x = sympy.Symbol(parameter)
    poly = sympy.Poly(sympy.minimal_polynomial(root, x), x)
    terms = poly.terms()
    if len(terms) == 2 and terms[1][0] == (0,):
        (n,), a = terms[0]
        b = -terms[1][1]
        ratio = sympy.Rational(b, a)
        text = f"({ratio})^(1/{n})" if ratio.q != 1 else f"{ratio}^(1/{n})"
        formula = sympy.latex(sympy.root(ratio, n, evaluate=False))
    else:
        text = f"the root of {sympy.sstr(poly.as_expr())} = 0"
        formula = sympy.latex(sympy.Eq(poly.as_expr(), 0))
    return PaysThreshold(parameter, root, f"{text} ≈ {approx:.6g}".replace("**", "^"), approx,
                       "algebraic", stops_paying=first, formula=formula)


# ------------------------------------------------------------------ words


def _num(x: Fraction) -> str:
    """Exact when short, else a decimal marked as approximate."""
    return short_number(x, 9, both=25)


def _focus(analysis: PoolAnalysis) -> PoolPoint:
    """The point at the parameter's value in force, else the last one."""
    current = analysis.game.parameters.values().get(analysis.parameter)
    for p in analysis.points:
        if p.value == current:
            return p
    return analysis.points[-1]


def describe(analysis: PoolAnalysis) -> str:
    """A sentence or two stating the pool's effect on coercion."""
    points, base = analysis.points, analysis.baseline
    if not points:
        return "No values were solved."
    name = analysis.parameter
    focus = _focus(analysis)
    where = f"With {name} = {format_fraction(focus.value)}"
    if base is not None and focus.restrict == base.restrict:
        text = (f"{where} the coercer's expected payoff from restricting is "
                f"{_num(focus.restrict)}, as without a pool")
    elif base is not None:
        verb = "falls" if focus.restrict < base.restrict else "rises"
        text = (f"{where} the coercer's expected payoff from restricting {verb} from "
                f"{_num(base.restrict)} without a pool to {_num(focus.restrict)}" if verb != "stays" else
                f"{where} the coercer's expected payoff from restricting stays at "
                f"{_num(focus.restrict)}, as without a pool")
    else:
        text = f"{where} the coercer's expected payoff from restricting is {_num(focus.restrict)}"
    parts = [text + f"; the target concedes with probability {_num(focus.concede)}, and the "
             f"coercer {'restricts' if focus.coerces else 'refrains'}."]
    change = analysis.change
    if change is not None:
        verb = "stops" if change.stops_paying else "starts"
        parts.append(f"Coercion {verb} paying {change.phrase()}.")
    elif all(p.pays for p in points):
        parts.append(f"Coercion pays over the whole range of {name}.")
    elif not any(p.pays for p in points):
        parts.append(f"Coercion does not pay anywhere in the range of {name}.")
    return " ".join(parts)
