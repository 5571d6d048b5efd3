"""A tree's equilibrium as formulas in the parameters, mixed ones included: a *piece*.

At a point where the exact tree solver has found an equilibrium, hold its
*structure* fixed: the actions each information set plays with positive
probability. The probabilities of the mixed ones are unknowns; they are
pinned down by the indifference of the player who mixes (the expected payoff
of each action it mixes over, the nodes of the information set weighted by
how likely the others and chance make them), equations that are multilinear
in the unknowns and, for the bluffs and calls of deterrence games, solvable
one after the other or as one linear system. With the unknowns as formulas,
everything about the equilibrium is a formula: the probabilities, each
player's payoff, the probability of each outcome — and the conditions under
which the structure stays an equilibrium: every mixed probability positive,
and at every information set no action outside the support better than the
ones in it (:class:`Piece`). Where those conditions hold, the equilibrium is
the formulas' value; the first root where one fails is where the regime can
change.

The arithmetic is pluggable (:class:`RationalField` — rational functions of
one parameter, exact and without sympy, for sweeps; :class:`SympyField` —
sympy expressions in several, for thresholds and regime maps).

Example
-------
>>> from fractions import Fraction
>>> from deterrence import load_game
>>> from deterrence.solver import solve
>>> g = load_game("kahn_ladder")
>>> at = g.with_values({"p": Fraction(1, 5)})
>>> (piece,) = pieces_at(g, at, solve(at), RationalField(g, "p"))
>>> [str(u) for u in piece.unknown_values]     # the irresolute Defender's bluff, the call
['-69/29*x/(x - 1)', '395/693']
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from fractions import Fraction
from typing import Any, Sequence

from deterrence.model.expr import Expr
from deterrence.parametric.conditions import Condition
from deterrence.parametric.factoring import field_element
from deterrence.parametric.tree_beliefs import (Continuations, NoBelief, eliminate, free_belief, is_constant,
                                                node_wise, subgame_reach)


class NoFormulas(ValueError):
    """The equilibrium's structure does not give formulas here (a nonlinear system,
    imperfect recall, a point where the tree's shape changes)."""


# ---------------------------------------------------------------- the arithmetic


class _ExpressionCache:
    """What every field here shares: the field element of each payoff expression, made once
    (keyed by the expression's identity, so the cache is not sent to another process)."""

    _cache: dict

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_cache": {}}

    def of(self, expr: Expr):
        key = id(expr)
        if key not in self._cache:
            self._cache[key] = self._element(expr)
        return self._cache[key]

    def _element(self, expr: Expr):  # pragma: no cover - each field defines it
        raise NotImplementedError

    @staticmethod
    def add(a, b):
        """``a + b`` (a field may take a shorter way to the same element)."""
        return a + b

    @staticmethod
    def mul(a, b):
        """``a * b`` (a field may take a shorter way to the same element)."""
        return a * b


class RationalField(_ExpressionCache):
    """Rational functions of one parameter ``name``, the others at their values."""

    def __init__(self, game, name: str) -> None:
        from deterrence.parametric.univariate import RationalFunction, parameter_functions

        self.names = (name,)
        self._values = parameter_functions(game, name)
        self.zero = RationalFunction.constant(0)
        self.one = RationalFunction.constant(1)
        self._cache: dict[int, Any] = {}

    def _element(self, expr: Expr):
        from deterrence.parametric.univariate import rational_function

        return rational_function(expr, self._values)

    def const(self, q: Fraction):
        from deterrence.parametric.univariate import RationalFunction

        return RationalFunction.constant(q)

    def is_zero(self, v) -> bool:
        return not v

    cheap_zero = is_zero

    def at(self, v, point: Sequence[Fraction]) -> Fraction:
        return v(point[0])


class SympyField(_ExpressionCache):
    """sympy expressions in the parameters ``free`` (all by default), the others at their values."""

    def __init__(self, game, free: Sequence[str] | None = None) -> None:
        import sympy

        from deterrence.parametric.symbols import free_symbols, parameter_symbols

        self._sympy = sympy
        self._symbols = parameter_symbols(game, free)
        self.symbols = free_symbols(game, free)
        self.names = tuple(s.name for s in self.symbols)
        self.zero, self.one = sympy.Integer(0), sympy.Integer(1)
        self._cache: dict[int, Any] = {}

    def _element(self, expr: Expr):
        return expr.to_sympy(self._symbols)

    def const(self, q: Fraction):
        return self._sympy.Rational(q.numerator, q.denominator)

    def is_zero(self, v) -> bool:
        return v == 0 or self.simplify(v) == 0

    def cheap_zero(self, v) -> bool:
        """Zero as written (the exact test, :meth:`is_zero`, is left to where it matters)."""
        return v == 0

    def simplify(self, v):
        """``v`` cancelled; its ``min``/``max`` terms stand in as symbols meanwhile (sympy's
        ``cancel`` treats them as generators too, but rebuilds each one, which is slow)."""
        from deterrence.parametric.stand_ins import rational_form

        sympy = self._sympy
        form = rational_form(v)
        if form is None:
            return sympy.cancel(sympy.together(v))
        return form[1](sympy.cancel(sympy.together(form[0])))

    def to_sympy(self, v):
        return v

    def depends_on(self, v, name: str) -> bool:
        """Whether ``v`` involves the parameter ``name``."""
        return self.symbols[self.names.index(name)] in v.free_symbols

    def roots(self, v, name: str) -> list:
        """The solutions of ``v = 0`` for ``name`` as formulas in the other parameters."""
        from deterrence.parametric.roots import roots_for

        return roots_for(v, self.symbols[self.names.index(name)])

    def at(self, v, point: Sequence[Fraction]) -> Fraction:
        value = v.xreplace({s: self.const(Fraction(p)) for s, p in zip(self.symbols, point)})
        value = self._sympy.nsimplify(value) if not value.is_Rational else value
        if not value.is_Rational:
            raise ZeroDivisionError(f"{v} is not a number at {point}")
        return Fraction(int(value.p), int(value.q))


class NotRational(Exception):
    """A payoff that is not a rational function of the parameters (the caller falls back
    to :class:`SympyField`)."""


class FractionField(_ExpressionCache):
    """Rational functions in the parameters ``free`` (all by default) as elements of
    sympy's sparse field ``QQ(x, y, ...)``: every sum, product and quotient is kept in
    lowest terms as it is made, so no ``cancel`` is run after each step. The same
    answers as :class:`SympyField`, many times sooner on trees with many parameters
    (the tariff ladder's 13: 20 s -> 2 s).

    Raises
    ------
    NotRational
        From :meth:`of`, for a payoff that is not a rational function (a square root).
    """

    def __init__(self, game, free: Sequence[str] | None = None) -> None:
        from sympy import QQ

        from deterrence.parametric.symbols import free_symbols, parameter_symbols

        self._symbols = parameter_symbols(game, free)
        self.symbols = free_symbols(game, free)
        self.names = tuple(s.name for s in self.symbols)
        if not self.symbols:
            raise NotRational("no free parameters")
        self._field = QQ.frac_field(*self.symbols)
        self._domain = QQ
        self.zero, self.one = self._field.zero, self._field.one
        self._cache: dict[int, Any] = {}

    def _element(self, expr: Expr):
        from sympy.polys.polyerrors import CoercionFailed

        try:
            return field_element(self._field, expr.to_sympy(self._symbols))
        except (CoercionFailed, ValueError, TypeError) as exc:
            raise NotRational(str(exc)) from None

    def const(self, q: Fraction):
        return self._field(self._domain(q.numerator, q.denominator))

    def is_zero(self, v) -> bool:
        return not v

    cheap_zero = is_zero

    def add(self, a, b):
        """``a + b``; over constant denominators without sympy's ``cancel``, which would look
        for a polynomial greatest common divisor: sympy keeps integer coefficients over a
        positive denominator, and with both denominators constant only the integer content
        of the sum's numerator can cancel against its denominator (:meth:`_over_constant`)."""
        da, db = a.denom, b.denom
        if da.is_ground and db.is_ground:
            if da == db:
                return self._over_constant(a, a.numer + b.numer, da)
            return self._over_constant(a, a.numer * db + b.numer * da, da * db)
        return a + b

    def mul(self, a, b):
        """``a * b``; over constant denominators without sympy's ``cancel`` (see
        :meth:`add`), and by 1 at once."""
        da, db = a.denom, b.denom
        if da.is_ground and db.is_ground:
            if a.numer == 1 and da == 1:
                return b
            if b.numer == 1 and db == 1:
                return a
            return self._over_constant(a, a.numer * b.numer, da * db)
        return a * b

    @staticmethod
    def _over_constant(like, numerator, denominator):
        """``numerator / denominator`` (integer coefficients over a positive constant) in
        sympy's lowest terms: both divided by the greatest common divisor of the
        numerator's coefficients and the denominator."""
        import math

        if not numerator:
            return like.field.zero
        d = int(denominator.LC)
        if d != 1:
            g = math.gcd(d, *(int(c) for c in numerator.values()))
            if g != 1:
                return like.raw_new(numerator.quo_ground(g), denominator.quo_ground(g))
        return like.raw_new(numerator, denominator)

    def simplify(self, v):
        return v

    def is_constant(self, v) -> bool:
        return v.numer.is_ground and v.denom.is_ground

    def to_sympy(self, v):
        return v.as_expr()

    def roots(self, v, name: str) -> list:
        """The solutions of ``v = 0`` for ``name`` as sympy formulas in the other parameters,
        factored: worked out on sympy's sparse polynomials (a linear numerator needs no
        factoring at all), which is many times sooner than ``sympy.factor`` on expressions.

        >>> from deterrence import load_game
        >>> field = FractionField(load_game("punishment_credibility"))
        >>> p, V, c = (field.of_name(n) for n in ("p", "V", "c"))
        >>> field.roots(p * (V + c) - V, "p")
        [V/(V + c)]
        """
        import sympy

        from deterrence.parametric.factoring import ring_factor_list
        from deterrence.parametric.roots import roots_in_closed_form

        k = self.names.index(name)
        symbol = self.symbols[k]
        numerator = v.numer
        x = numerator.ring.gens[k]
        if numerator.degree(x) == 1:
            return [self._factored(-numerator.coeff_wrt(x, 0), numerator.coeff_wrt(x, 1))]
        out = []
        for factor, _ in ring_factor_list(numerator)[1]:
            degree = factor.degree(x)
            if degree == 1:
                out.append(self._factored(-factor.coeff_wrt(x, 0), factor.coeff_wrt(x, 1)))
            elif degree == 2:
                a, b, c = (factor.coeff_wrt(x, d).as_expr() for d in (2, 1, 0))
                root = sympy.sqrt(sympy.expand(b ** 2 - 4 * a * c))
                out += [sympy.radsimp((-b - root) / (2 * a)), sympy.radsimp((-b + root) / (2 * a))]
            elif degree > 2:
                out += roots_in_closed_form(factor.as_expr(), symbol)
        return out

    def depends_on(self, v, name: str) -> bool:
        """Whether ``v`` involves the parameter ``name``."""
        x = v.numer.ring.gens[self.names.index(name)]
        return v.numer.degree(x) > 0 or v.denom.degree(x) > 0

    def of_name(self, name: str):
        """The parameter ``name`` as a field element."""
        return self._field(self.symbols[self.names.index(name)])

    def _factored(self, numerator, denominator):
        """``numerator / denominator`` in lowest terms, as a product of its factors."""
        import sympy

        from deterrence.parametric.factoring import ring_factor_list

        q = self._field(numerator) / self._field(denominator)

        def product(poly):
            c, factors = ring_factor_list(poly)
            return sympy.Mul(sympy.Rational(int(c.numerator), int(c.denominator)),
                             *(f.as_expr() ** e for f, e in factors))

        return product(q.numer) / product(q.denom)

    def at(self, v, point: Sequence[Fraction]) -> Fraction:
        values = [Fraction(p) for p in point]
        denominator = _polynomial_at(v.denom, values)
        if not denominator:
            raise ZeroDivisionError(f"{v.as_expr()} is not a number at {point}")
        return _polynomial_at(v.numer, values) / denominator


def _polynomial_at(poly, values: Sequence[Fraction]) -> Fraction:
    """A sympy ring polynomial's exact value at ``values``, term by term (sympy's own
    evaluation drops one variable at a time, building a ring for each)."""
    total = Fraction(0)
    powers: dict[tuple[int, int], Fraction] = {}
    for monomial, coefficient in poly.items():
        term = Fraction(int(coefficient.numerator), int(coefficient.denominator))
        for k, e in enumerate(monomial):
            if e:
                key = (k, e)
                if key not in powers:
                    powers[key] = values[k] ** e
                term *= powers[key]
        total += term
    return total


# ---------------------------------------------------------------- multilinear polynomials


class Multilinear:
    """A polynomial in the unknown probabilities, each of degree at most one per term,
    with coefficients in a field: ``{frozenset of unknowns: coefficient}``."""

    __slots__ = ("terms", "field")

    def __init__(self, field, terms: dict | None = None) -> None:
        self.field = field
        self.terms = {} if terms is None else terms

    @classmethod
    def constant(cls, field, value) -> "Multilinear":
        return cls(field, {frozenset(): value}) if not field.cheap_zero(value) else cls(field)

    @classmethod
    def unknown(cls, field, k: int) -> "Multilinear":
        return cls(field, {frozenset({k}): field.one})

    def __add__(self, other: "Multilinear") -> "Multilinear":
        terms = dict(self.terms)
        add = self.field.add
        for key, c in other.terms.items():
            terms[key] = add(terms[key], c) if key in terms else c
        return Multilinear(self.field, {k: c for k, c in terms.items() if not self.field.cheap_zero(c)})

    def cleaned(self) -> "Multilinear":
        """The same polynomial without the terms whose coefficient is exactly zero."""
        return Multilinear(self.field, {k: c for k, c in self.terms.items() if not self.field.is_zero(c)})

    def __neg__(self) -> "Multilinear":
        return Multilinear(self.field, {k: -c for k, c in self.terms.items()})

    def __sub__(self, other: "Multilinear") -> "Multilinear":
        return self + (-other)

    def __mul__(self, other: "Multilinear") -> "Multilinear":
        terms: dict = {}
        add, mul = self.field.add, self.field.mul
        for k1, c1 in self.terms.items():
            for k2, c2 in other.terms.items():
                if k1 & k2:
                    raise NoFormulas("an unknown meets itself on a path (imperfect recall)")
                key = k1 | k2
                c = mul(c1, c2)
                terms[key] = add(terms[key], c) if key in terms else c
        return Multilinear(self.field, {k: c for k, c in terms.items() if not self.field.cheap_zero(c)})

    def scale(self, value) -> "Multilinear":
        if self.field.cheap_zero(value):
            return Multilinear(self.field)
        mul = self.field.mul
        return Multilinear(self.field, {k: mul(c, value) for k, c in self.terms.items()})

    @property
    def unknowns(self) -> set[int]:
        out: set[int] = set()
        for key in self.terms:
            out |= key
        return out

    @property
    def degree(self) -> int:
        return max((len(k) for k in self.terms), default=0)

    def substitute(self, values: dict[int, Any]) -> "Multilinear":
        """Replace the unknowns in ``values`` (field elements) by them."""
        terms: dict = {}
        add, mul = self.field.add, self.field.mul
        for key, c in self.terms.items():
            rest = frozenset(k for k in key if k not in values)
            for k in key:
                if k in values:
                    c = mul(c, values[k])
            terms[rest] = add(terms[rest], c) if rest in terms else c
        return Multilinear(self.field, {k: c for k, c in terms.items() if not self.field.cheap_zero(c)})

    def value(self):
        """The field element of a polynomial without unknowns."""
        if self.unknowns:
            raise ValueError("unknowns remain")
        return self.terms.get(frozenset(), self.field.zero)

    def numbers(self, point, unknowns: dict[int, Fraction]) -> Fraction:
        """The exact value at ``point`` with the unknowns at ``unknowns``."""
        total = Fraction(0)
        for key, c in self.terms.items():
            term = self.field.at(c, point)
            for k in key:
                term *= unknowns[k]
            total += term
        return total


# ---------------------------------------------------------------- pieces


@dataclass
class Piece:
    """One equilibrium of a tree as formulas (see the module doc).

    ``probabilities[h][a]`` is the probability of action ``a`` at
    information set ``h``; ``payoffs`` each player's expected payoff;
    ``outcomes`` the probability of each outcome it reaches; ``conditions``
    (:class:`~deterrence.parametric.conditions.Condition` s whose ``expr`` is a
    field element) when the structure stays an equilibrium; ``outcome_key`` the regime
    member (outcomes reached), ``component`` the solver's component.
    """

    field: Any
    probabilities: list[list[Any]]
    payoffs: list[Any]
    outcomes: dict[str, Any]
    conditions: list[Condition]
    outcome_key: tuple[str, ...]
    component: int = 0
    unknown_values: list[Any] = dc_field(default_factory=list)
    text: str = ""
    mixed: bool = False

    def holds_at(self, point) -> bool:
        """Whether every condition holds at a rational point (``False`` at a pole)."""
        try:
            return all(c.holds(self.field.at(c.expr, point)) for c in self.conditions)
        except ZeroDivisionError:
            return False

    def behaviour_at(self, point) -> list[tuple[Fraction, ...]]:
        return [tuple(self.field.at(p, point) for p in row) for row in self.probabilities]


def _probability(field, behaviour, h: int, a: int, unknowns: dict) -> Multilinear:
    """The probability of action ``a`` at ``h``: 0, 1, an unknown, or one minus the others."""
    p = behaviour[h][a]
    key = unknowns.get(h)
    if key is None:
        return Multilinear.constant(field, field.one if p else field.zero)
    support, first = key
    if a not in support:
        return Multilinear(field)
    if a == support[-1]:
        out = Multilinear.constant(field, field.one)
        for k in range(len(support) - 1):
            out = out - Multilinear.unknown(field, first + k)
        return out
    return Multilinear.unknown(field, first + support.index(a))


def _structure(game, behaviour) -> tuple[dict, int, list[Fraction]]:
    """Unknowns for the mixed information sets: ``{h: (support, first index)}``, their count
    and their values at the solved point."""
    unknowns: dict[int, tuple[tuple[int, ...], int]] = {}
    values: list[Fraction] = []
    for h, probs in enumerate(behaviour):
        support = tuple(a for a, p in enumerate(probs) if p)
        if len(support) > 1:
            unknowns[h] = (support, len(values))
            values += [probs[a] for a in support[:-1]]
    return unknowns, len(values), values


def _values(game, field, probs) -> list[list[Multilinear]]:
    """Every node's expected payoff vector, as multilinear polynomials."""
    n = game.size
    zero = Multilinear(field)
    values: list[Any] = [None] * n
    for v in reversed(range(n)):
        own = [Multilinear.constant(field, field.of(game.exprs[int(k)])) if int(k) >= 0 else zero
               for k in game.payoff[v]]
        if game.is_terminal(v):
            values[v] = own
            continue
        total = list(own)
        for j, e in enumerate(game.edges(v)):
            child = values[int(game.child[e])]
            if game.is_chance(v):
                weight = Multilinear.constant(field, field.of(game.exprs[int(game.edge_prob[e])]))
            else:
                weight = probs(int(game.infoset[v]), j)
            if not weight.terms:
                continue
            total = [t + weight * c for t, c in zip(total, child)]
        values[v] = total
    return values


def _reach(game, field, probs, skip: int | None, everyone: bool) -> list[Multilinear]:
    """Probability of reaching each node: chance and the players' moves, except the
    moves of ``skip`` (counted as taken), or chance alone when ``everyone`` is false."""
    out: list[Any] = [None] * game.size
    out[0] = Multilinear.constant(field, field.one)
    for v in range(game.size):
        if game.is_terminal(v) or not out[v].terms:
            for c in game.children(v):
                out[c] = Multilinear(field)
            continue
        for j, e in enumerate(game.edges(v)):
            c = int(game.child[e])
            if game.is_chance(v):
                out[c] = out[v] * Multilinear.constant(field, field.of(game.exprs[int(game.edge_prob[e])]))
            elif not everyone or int(game.mover[v]) == skip:
                out[c] = out[v]
            else:
                out[c] = out[v] * probs(int(game.infoset[v]), j)
    return out


def _solve_unknowns(field, equations: list[Multilinear], count: int,
                    ties: Sequence[Multilinear] = ()) -> tuple[dict[int, Any], set[int], list]:
    """The unknowns from the indifference equations: one at a time where an equation has
    a single unknown left, else all the linear ones together. Where they leave unknowns
    free, a comparison exactly tied at the solved point (``ties``: another player held
    indifferent by the mixing, as an extreme equilibrium is) is taken as one more equation.
    Returns the solution, the unknowns solved once a tie was taken (they rest on it) and
    the ties taken."""
    solved: dict[int, Any] = {}
    pending = [e.cleaned() for e in equations]
    pending = [e for e in pending if e.terms]
    spare = list(enumerate(ties))
    before: set[int] | None = None       # what was solved before the first tie was taken
    taken: list = []
    while len(solved) < count:
        pending = [(e.substitute(solved) if solved else e).cleaned() for e in pending]
        pending = [e for e in pending if e.terms]
        single = next((e for e in pending if len(e.unknowns) == 1), None)
        if single is not None:
            (k,) = single.unknowns
            a = single.terms.get(frozenset({k}), field.zero)
            b = single.terms.get(frozenset(), field.zero)
            if field.is_zero(a):
                raise NoFormulas("an indifference equation does not pin its unknown down")
            solved[k] = _normal(field, -b / a)
            pending.remove(single)
            continue
        linear = [e for e in pending if e.degree <= 1 and e.unknowns]
        rest = sorted(set().union(*(e.unknowns for e in pending)) - set(solved)) if pending else []
        if not rest or len(linear) < len(rest) or any(e.degree > 1 for e in pending):
            tie = _next_tie(spare, solved)
            if tie is None:
                raise NoFormulas("the indifference equations are not linear in the probabilities")
            if before is None:
                before = set(solved)
            pending.append(tie[1])
            taken.append(tie[1])
            continue
        solved.update(_linear(field, linear, rest))
    return solved, (set(solved) - before if before is not None else set()), taken


def _next_tie(spare: list, solved: dict):
    """The first tie left that still involves an unknown not yet solved (removed from
    ``spare``), preferring one with a single such unknown."""
    best = None
    for k, (i, tie) in enumerate(spare):
        poly = (tie.substitute(solved) if solved else tie).cleaned()
        if not poly.unknowns:
            continue
        if best is None or len(poly.unknowns) < len(best[2].unknowns):
            best = (k, i, poly)
    if best is None:
        return None
    spare.pop(best[0])
    return best[1], best[2]


def _normal(field, v):
    return field.simplify(v) if hasattr(field, "simplify") else v


def _linear(field, equations: list[Multilinear], unknowns: list[int]) -> dict[int, Any]:
    """Gaussian elimination of a linear system over the field."""
    rows = []
    for e in equations:
        rows.append([e.terms.get(frozenset({k}), field.zero) for k in unknowns]
                    + [-e.terms.get(frozenset(), field.zero)])
    n = len(unknowns)
    used = eliminate(field, rows, n)
    if used is None:
        raise NoFormulas("the indifference equations are singular")
    return {k: rows[used[col]][n] for col, k in enumerate(unknowns)}


def piece_of(game, equilibrium, at, field, point, vanishing_at=None) -> Piece:
    """The formulas of one equilibrium found at ``point`` (on the tree ``at`` = ``game`` at
    that point, which must have the same shape as ``game``).

    Beliefs are those the exact solver takes (:mod:`deterrence.trees.assessment`): Bayes'
    rule from the root of the smallest subgame holding a set where chance and the others
    lead there; elsewhere a free belief (:mod:`~deterrence.parametric.tree_beliefs`): solved
    from the player's indifference where it mixes, else one that supports the play, with
    the conditions that it does. A mixing probability that no indifference pins down is
    pinned by a comparison exactly tied at ``point`` (another player held indifferent).

    With ``vanishing_at`` (a point of the field's parameters), only the conditions that
    are zero there are worked out, and the piece has no payoffs or outcomes: what a
    change point's formulas need. Each comparison is first evaluated in exact numbers
    there, which is cheap; only those that vanish are substituted symbolically.

    Raises
    ------
    NoFormulas
        When the structure gives no formulas there.
    """
    behaviour = equilibrium.behaviour(at)
    if len(behaviour) != game.n_infosets or at.size != game.size:
        raise NoFormulas("the tree's shape changes at this point")
    unknowns, count, at_point = _structure(game, behaviour)

    def probs(h, a):
        return _probability(field, behaviour, h, a, unknowns)

    numbers = dict(enumerate(at_point))
    values = _values(game, field, probs)
    weights, free, off_path = _beliefs(game, field, probs, point, numbers)
    equations, comparisons = [], []
    for h, nodes in enumerate(game.members):
        player = game.infoset_player[h]
        support = [a for a, p in enumerate(behaviour[h]) if p]
        labels = game.infoset_actions(h)
        first = support[0]
        if h in free:
            # the part of the indifference no belief can change: the same at every node
            for a in support[1:]:
                d = [values[game.children(v)[a]][player] - values[game.children(v)[first]][player]
                     for v in nodes]
                if all(not (x - d[0]).cleaned().terms for x in d[1:]):
                    equations.append(d[0])
            continue
        w_h = weights[h]

        def gain(a, b):
            total = Multilinear(field)
            for v, w in zip(nodes, w_h):
                if not w.terms:
                    continue
                kids = game.children(v)
                total = total + w * (values[kids[a]][player] - values[kids[b]][player])
            return total

        for a in support[1:]:
            equations.append(gain(a, first))
        for b in range(len(labels)):
            if b not in support:
                comparisons.append((gain(first, b), f"{game.players[player]} prefers {labels[first]} "
                                                    f"to {labels[b]} at {game.decision_point(h)}"))
    ties = [c for c, _ in comparisons if count and _tied(c, point, numbers)]
    solved, on_ties, taken = _solve_unknowns(field, equations, count, ties) if count else ({}, set(), [])
    bounds: list[Condition] = []
    for h, (support, first) in unknowns.items():
        if h in off_path and on_ties & set(range(first, first + len(support) - 1)):
            # the exact solver picks the mixture that plays the first action most among those
            # that deter (its LP's objective): where one tie bounds that one unknown, it is
            # the tie's root, as long as more of the first action would break the tie
            bound = _deterrence_bound(game, field, behaviour, h, first, off_path, on_ties, taken,
                                      solved, point)
            if bound is None:
                raise NoFormulas(f"the mixture off the path at {game.decision_point(h)} is one of many "
                                 "that deter; which one the solver shows is no formula")
            bounds.append(bound)
    for k, value in solved.items():
        if field.at(value, point) != at_point[k]:
            raise NoFormulas("the formulas do not give the solved equilibrium (another root)")
    for e in equations:
        if e.terms and e.substitute(solved).cleaned().terms:
            raise NoFormulas("more indifferences than unknowns, tied here only by coincidence")
    probabilities = [[_normal(field, probs(h, a).substitute(solved).value()) for a in range(len(row))]
                     for h, row in enumerate(behaviour)]
    extra = _belief_conditions(game, field, behaviour, point, values, solved, probabilities, weights, free,
                               off_path) + bounds
    if vanishing_at is not None:
        extra = [c for c in extra if _may_vanish(field, c.expr, vanishing_at)]
        return _vanishing_piece(game, equilibrium, at, field, point, vanishing_at, unknowns, solved,
                                probs, comparisons, extra)
    conditions: list[Condition] = []
    for h, (support, _) in unknowns.items():
        for a in support:
            conditions.append(Condition(probabilities[h][a], True,
                                        f"{game.infoset_actions(h)[a]} is played at {game.decision_point(h)}",
                                        None))
    for gain, reason in comparisons:
        value = gain.substitute(solved).value()
        if not field.is_zero(value):
            conditions.append(Condition(_normal(field, value), False, reason, None))
    conditions += extra
    full = _reach(game, field, probs, skip=None, everyone=True)
    outcomes: dict[str, Any] = {}
    for z in game.terminals:
        label = game.outcome[z] or game.ids[z]
        p = full[z].substitute(solved).value()
        outcomes[label] = outcomes[label] + p if label in outcomes else p
    reached_labels = []
    for label, p in list(outcomes.items()):
        p = _normal(field, p)
        outcomes[label] = p
        if field.at(p, point):
            reached_labels.append(label)
            if not is_constant(field, p):
                conditions.append(Condition(p, True, f"{label} has positive probability", None))
        elif not field.is_zero(p):
            raise NoFormulas(f"{label} is unreached here only by coincidence (a boundary)")
    payoffs = [_normal(field, v.substitute(solved).value()) for v in values[0]]
    piece = Piece(field, probabilities, payoffs, {k: v for k, v in outcomes.items() if not field.is_zero(v)},
                  conditions, tuple(sorted(reached_labels)), getattr(equilibrium, "component", 0) or 0,
                  [solved[k] for k in sorted(solved)], equilibrium.label(at), bool(count))
    for c in conditions:
        if not c.holds(field.at(c.expr, point)):
            raise NoFormulas(f"the structure's condition fails where it was found ({c.reason})")
    return piece


def _tied(poly: Multilinear, point, numbers) -> bool:
    """Whether a comparison that involves a mixing probability is exactly zero at the point."""
    if not poly.unknowns:
        return False
    try:
        return poly.numbers(point, numbers) == 0
    except (ZeroDivisionError, ArithmeticError):
        return False


def _may_vanish(field, expr, point) -> bool:
    try:
        return field.at(expr, point) == 0
    except (ZeroDivisionError, ArithmeticError):
        return True


def _beliefs(game, field, probs, point, numbers) -> tuple[dict[int, list], set[int], set[int]]:
    """The Bayes weights of every information set that chance and the others reach from the
    root of its smallest subgame (:func:`~deterrence.parametric.tree_beliefs.subgame_reach`),
    the *free* sets of several nodes that they do not reach (a free set of one node has
    the belief 1 there), and the sets off the path of play from that root."""
    played = subgame_reach(game, field, probs, None, Multilinear)
    off_path = {h for h, nodes in enumerate(game.members)
                if not any(played[v].numbers(point, numbers) for v in nodes)}
    reaches: dict[int, list] = {}
    weights: dict[int, list] = {}
    free: set[int] = set()
    for h, nodes in enumerate(game.members):
        player = game.infoset_player[h]
        if player not in reaches:
            reaches[player] = subgame_reach(game, field, probs, player, Multilinear)
        w = [reaches[player][v] for v in nodes]
        if any(x.numbers(point, numbers) for x in w):
            weights[h] = w
        elif len(nodes) == 1:
            weights[h] = [Multilinear.constant(field, field.one)]
        else:
            free.add(h)
    return weights, free, off_path


def _belief_conditions(game, field, behaviour, point, values, solved, probabilities, weights, free,
                       off_path=frozenset()) -> list[Condition]:
    """What the play off the path rests on.

    * At a free set where the player mixes, the belief that makes it indifferent is a
      probability (:func:`~deterrence.parametric.tree_beliefs.free_belief`).
    * Where it plays its first action and the exact solver chooses there (:func:`_chosen_first`):
      a belief supports that action (a point belief, or the bound of an interval). Where
      it also deters, the solver plays it: among the behaviours that deter it takes the one
      that plays each such set's first action most (the objective of its LP).
    * Where it plays another action without mixing: the play is strictly the best at every
      node, so that no belief supports another and the solver shows this one
      (:func:`~deterrence.parametric.tree_beliefs.node_wise`).
    * At a set with a free set of its player below: no continuation plan does better (a
      later free belief need not be Bayes' rule applied to this one, so one-shot comparisons
      are not enough).
    """
    if not free:
        return []
    prescribed: dict[tuple[int, int], Any] = {}

    def value(v: int, player: int):
        if (v, player) not in prescribed:
            prescribed[(v, player)] = _normal(field, values[v][player].substitute(solved).value())
        return prescribed[(v, player)]

    plans = Continuations(game, field, probabilities, value)
    out: list[Condition] = []
    try:
        for h, nodes in enumerate(game.members):
            if h not in free and not plans.has_own_below(h):
                continue
            needs_plans = bool(plans.own_sets_below(h) & free)
            player = game.infoset_player[h]
            support = [a for a, p in enumerate(behaviour[h]) if p]
            first = support[0]
            kids = [game.children(v) for v in nodes]
            labels = game.infoset_actions(h)
            one_shot = [(tuple(_normal(field, value(k[first], player) - value(k[b], player)) for k in kids),
                         f"{game.players[player]} prefers {labels[first]} to {labels[b]} at "
                         f"{game.decision_point(h)}")
                        for b in range(len(labels)) if b not in support]
            if len(support) == 1 and h in free:
                if not _chosen_first(game, behaviour, h, off_path):
                    out += node_wise(field, point, one_shot)
                elif not needs_plans:   # else the continuation plans' rows below decide
                    out += free_belief(field, point, len(nodes), [], one_shot, game.decision_point(h))[1]
            if h not in free:
                if needs_plans:
                    w = [_normal(field, x.substitute(solved).value()) for x in weights[h]]
                    out += _weighted(field, w, plans.rows(h))
                continue
            indifferences = [tuple(_normal(field, value(k[a], player) - value(k[first], player)) for k in kids)
                             for a in support[1:]]
            indifferences = [d for d in indifferences if not all(field.is_zero(x) for x in d)]
            if indifferences or needs_plans:
                rows = plans.rows(h) if needs_plans else one_shot
                _, conditions = free_belief(field, point, len(nodes), indifferences, rows,
                                            game.decision_point(h))
                out += conditions
    except NoBelief as exc:
        raise NoFormulas(str(exc)) from None
    return _distinct(field, out)


def _chosen_first(game, behaviour, h: int, off_path) -> bool:
    """Whether the free set ``h`` plays its first action where the exact solver chooses
    among justifiable actions by its LP's objective: two actions, no set off the path of its
    subgame above it (else the solver may settle the part off the path otherwise), and
    every such set below it pure (there the piece holds the play strictly best)."""
    from deterrence.parametric.tree_beliefs import nested_sets

    if len(behaviour[h]) != 2 or not behaviour[h][0]:
        return False
    above, below = nested_sets(game)
    if above[h] & off_path:
        return False
    return all(sum(1 for p in behaviour[g] if p) == 1 for g in below[h] & off_path)


def _deterrence_bound(game, field, behaviour, h: int, first: int, off_path, on_ties, taken, solved,
                      point) -> Condition | None:
    """The condition under which the mixture at the free set ``h``, pinned by a tie, is the
    one the exact solver shows: the most of its first action that still deters. Only for a
    mixture of two actions settled by the solver's LP (:func:`_chosen_first`) and pinned by
    one tie alone (the comparison ``T >= 0`` of another player, linear in the unknown):
    more of the first action must break it (its coefficient ``c`` in ``T`` negative), else
    the tie bounds the mixture from below and the solver's choice lies elsewhere. ``None``
    where these do not hold."""
    if not _chosen_first(game, behaviour, h, off_path) or on_ties != {first} or len(taken) != 1:
        return None
    rest = {k: v for k, v in solved.items() if k != first}
    tie = (taken[0].substitute(rest) if rest else taken[0]).cleaned()
    if tie.unknowns != {first} or tie.degree != 1:
        return None
    coefficient = _normal(field, -tie.terms.get(frozenset({first}), field.zero))
    try:
        if not field.at(coefficient, point) > 0:
            return None
    except ZeroDivisionError:
        return None
    action = game.infoset_actions(h)[0]
    return Condition(coefficient, True, f"more of {action} at {game.decision_point(h)} would no longer deter",
                     None)


def _weighted(field, weights, rows) -> list[Condition]:
    """``Σ w_v d_v >= 0`` for each row ``(d, reason)`` (weights and differences field elements)."""
    out = []
    for diffs, reason in rows:
        total = field.zero
        for a, b in zip(weights, diffs):
            if not field.is_zero(a):
                total = total + a * b
        total = _normal(field, total)
        if not field.is_zero(total):
            out.append(Condition(total, False, reason, None))
    return out


def _distinct(field, conditions: list[Condition]) -> list[Condition]:
    """The conditions without repeats (the same expression and strictness)."""
    out, seen = [], set()
    for c in conditions:
        key = (str(c.expr), c.strict)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _vanishing_piece(game, equilibrium, at, field, point, there, unknowns, solved, probs,
                     comparisons, extra: Sequence[Condition] = ()) -> Piece:
    """The conditions of an equilibrium's structure that are zero at ``there`` (see
    :func:`piece_of`)."""
    try:
        numbers = {k: field.at(v, there) for k, v in solved.items()}
    except (ZeroDivisionError, ArithmeticError):
        numbers = None               # the unknowns have no value there: keep every condition

    def vanishes(poly: Multilinear) -> bool:
        if numbers is None:
            return True
        try:
            return poly.numbers(there, numbers) == 0
        except (ZeroDivisionError, ArithmeticError):
            return True

    conditions: list[Condition] = []
    for h, (support, _) in unknowns.items():
        for a in support:
            p = probs(h, a)
            if vanishes(p):
                conditions.append(Condition(_normal(field, p.substitute(solved).value()), True,
                                            f"{game.infoset_actions(h)[a]} is played at "
                                            f"{game.decision_point(h)}", None))
    for gain, reason in comparisons:
        if vanishes(gain):
            value = gain.substitute(solved).value()
            if not field.is_zero(value):
                conditions.append(Condition(_normal(field, value), False, reason, None))
    full = _reach(game, field, probs, skip=None, everyone=True)
    by_label: dict[str, list[int]] = {}
    for z in game.terminals:
        by_label.setdefault(game.outcome[z] or game.ids[z], []).append(z)
    for label, leaves in by_label.items():
        total = Multilinear(field)
        for z in leaves:
            total = total + full[z]
        if total.terms and vanishes(total):
            p = _normal(field, total.substitute(solved).value())
            if field.at(p, point) and not is_constant(field, p):     # reached where it was solved
                conditions.append(Condition(p, True, f"{label} has positive probability", None))
    conditions += extra
    return Piece(field, [], [], {}, conditions, (), getattr(equilibrium, "component", 0) or 0,
                 [solved[k] for k in sorted(solved)], equilibrium.label(at), bool(solved))


def pieces_at(game, at, result, field, point=None, vanishing_at=None) -> list[Piece]:
    """The formulas of every equilibrium in ``result`` (the solver's answer on ``at``);
    with ``vanishing_at``, only their conditions that are zero there (see :func:`piece_of`).

    Raises
    ------
    NoFormulas
        When one of them gives no formulas there.
    """
    if point is None:
        values = at.parameters.values()
        point = tuple(values[n] for n in field.names)
    return [piece_of(game, eq, at, field, point, vanishing_at) for eq in result.equilibria]


__all__ = ["Piece", "NoFormulas", "NotRational", "RationalField", "SympyField", "FractionField", "piece_of", "pieces_at",
           "Multilinear"]
