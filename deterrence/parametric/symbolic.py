"""Equilibria as formulas in the parameters (``deterrence solve --symbolic``).

For a two-player game every *support pair* ``(I, J)`` of equal size is a
candidate equilibrium: the column player's mix on ``J`` must make the row
player indifferent among the rows in ``I``, and the row player's mix on ``I``
must make the column player indifferent among the columns in ``J``. These
*indifference equations* are linear in the probabilities, so sympy solves
them exactly with the parameters as symbols (payoffs come from
:meth:`Expr.to_sympy <deterrence.model.expr.Expr.to_sympy>`, never from
text). A candidate is an equilibrium exactly where

* every probability in the support is positive, and
* no strategy outside the support earns more than the support
  (no profitable deviation),

each written as an inequality in the parameters, simplified (denominators of
known sign cleared, factors of known sign dropped, linear conditions solved
for a parameter: ``C > V`` rather than ``(C - V)/(2*C) > 0``). Pure
equilibria are the supports of size one, and for games with more players the
conditions for each pure profile are given likewise. In a nondegenerate
game the equilibria at any parameter values are exactly the valid
candidates; :mod:`deterrence.parametric.regimes` checks that against the exact
solver.

Example
-------
Hawk-dove: the mixed equilibrium escalates with probability V/C, and it
exists when the fight costs more than the stake.

>>> from deterrence import load_game
>>> s = solve_symbolic(load_game("hawk_dove"))
>>> mixed = [c for c in s.candidates if not c.is_pure][0]
>>> mixed.strategies[0]
(V/C, (C - V)/C)
>>> [c.text for c in mixed.conditions]
['C > 0', 'V > 0', 'V < C']
>>> [c.text for c in s.candidates[0].conditions]      # (Hawk, Hawk)
['V >= C']
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any, Callable, Mapping, Sequence

from deterrence.errors import UsageError
from deterrence.model.expr import format_fraction
from deterrence.model.labels import support_label

SYMBOLIC_SCHEMA = "deterrence.symbolic/1"

#: Largest two-player game whose support pairs are solved symbolically.
SYMBOLIC_LIMIT = 8


# ---------------------------------------------------------------- symbols


def parameter_symbols(game, free: Sequence[str] | None = None) -> dict[str, Any]:
    """sympy objects for every name a payoff may use.

    Parameters in ``free`` (default: all declared parameters) become real
    symbols whose sign assumptions follow their bounds (``min = 0`` makes a
    symbol non-negative, ``min > 0`` positive); the others become their exact
    values in force. Definitions are substituted by their formulas.

    >>> from deterrence import load_game
    >>> syms = parameter_symbols(load_game("hawk_dove"), free=["C"])
    >>> syms["V"], syms["C"], syms["C"].is_nonnegative
    (2, C, True)
    """
    import sympy

    params = game.parameters
    names = params.names if free is None else tuple(free)
    for name in names:
        if name not in params.names:
            known = ", ".join(params.names) or "none"
            raise UsageError(f"the game has no parameter {name!r}",
                             hint=f"parameters of this game: {known}")
    values = params.values()
    out: dict[str, Any] = {}
    for p in params.declared:
        if p.name in names:
            assumptions: dict[str, bool] = {"real": True}
            if p.minimum is not None and p.minimum > 0:
                assumptions["positive"] = True
            elif p.minimum is not None and p.minimum == 0:
                assumptions["nonnegative"] = True
            if p.maximum is not None and p.maximum < 0:
                assumptions["negative"] = True
            elif p.maximum is not None and p.maximum == 0:
                assumptions["nonpositive"] = True
            out[p.name] = sympy.Symbol(p.name, **assumptions)
        else:
            v = values[p.name]
            out[p.name] = sympy.Rational(v.numerator, v.denominator)
    for name, expr in params.definitions:
        out[name] = expr.to_sympy(out)
    return out


def free_symbols(game, free: Sequence[str] | None = None) -> tuple[Any, ...]:
    """The symbols of the free parameters, in declaration order."""
    syms = parameter_symbols(game, free)
    names = game.parameters.names if free is None else tuple(free)
    return tuple(syms[n] for n in game.parameters.names if n in names)


# ---------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Condition:
    """One inequality ``expr > 0`` (``strict``) or ``expr >= 0`` in the parameters.

    ``expr`` is the normalised polynomial whose sign decides the condition;
    ``relation`` is the same condition as people would write it (solved for
    a parameter where it is linear in one); ``reason`` says what it means in
    the game.

    >>> import sympy
    >>> V, C = sympy.symbols("V C", positive=True)
    >>> c = make_conditions(V - C, False, "no deviation", (V, C))[0]
    >>> c.text, c.latex
    ('V >= C', 'V \\\\geq C')
    """

    expr: Any
    strict: bool
    reason: str
    relation: Any
    assumes: Any = None

    @property
    def text(self) -> str:
        text = str(self.relation)
        return f"{text} (if {self.assumes} > 0)" if self.assumes is not None else text

    @property
    def latex(self) -> str:
        import sympy

        text = sympy.latex(self.relation)
        if self.assumes is not None:
            text += r" \quad (\text{if } " + sympy.latex(self.assumes) + " > 0)"
        return text

    @property
    def boundary(self) -> Any:
        """The threshold: the equation ``expr = 0`` where the condition flips."""
        import sympy

        return sympy.Eq(self.relation.lhs, self.relation.rhs) \
            if hasattr(self.relation, "lhs") else sympy.Eq(self.expr, 0)

    def holds(self, value) -> bool:
        """Whether the condition holds when ``expr`` evaluates to ``value``."""
        return value > 0 if self.strict else value >= 0

    def to_json(self) -> dict[str, Any]:
        import sympy

        return {"text": self.text, "latex": self.latex, "strict": self.strict,
                "reason": self.reason, "expression": str(self.expr),
                "boundary": str(self.boundary), "boundary_latex": sympy.latex(self.boundary)}


class Impossible(Exception):
    """A condition that fails for every parameter value."""


def _shortest(*forms):
    return min(forms, key=lambda f: (len(str(f)), str(f)))


def relation_of(expr, strict: bool, order: Sequence[Any]):
    """``expr > 0`` (or ``>= 0``) solved for the first parameter it is linear in.

    >>> import sympy
    >>> p, c, V = sympy.symbols("p c V", positive=True)
    >>> relation_of(V - c - p*V, True, (p, c, V))
    p < 1 - c/V
    """

    return solved_relation(expr, strict, order)[0]


def solved_relation(expr, strict: bool, order: Sequence[Any]):
    """:func:`relation_of`, and the coefficient assumed positive when the
    parameter's coefficient is only known to be non-negative (else ``None``).

    >>> import sympy
    >>> p, c, V = sympy.symbols("p c V", nonnegative=True)
    >>> solved_relation(V*p - V + c*p, False, (p, c, V))
    (p >= V/(V + c), V + c)
    """

    for assume in (False, True):
        for s in order:
            found = _solve_for(expr, s, strict, assume)
            if found is not None:
                return found
    return _readable(expr, strict), None


def _readable(expr, strict: bool):
    """``expr > 0`` (or ``>= 0``) in its shortest form: factored or expanded,
    and turned around (``-expr < 0``) when that is shorter.

    >>> import sympy
    >>> V, d, p = sympy.symbols("V d p", nonnegative=True)
    >>> _readable(sympy.expand((V - d)*(p - 1)), False)
    (-V + d)*(p - 1) <= 0
    """
    import sympy

    options = []
    for form in (expr, sympy.factor(expr), -sympy.factor(-expr), sympy.expand(expr)):
        options.append(sympy.Gt(form, 0) if strict else sympy.Ge(form, 0))
    for form in (sympy.factor(-expr), -sympy.factor(expr), sympy.expand(-expr)):
        options.append(sympy.Lt(form, 0) if strict else sympy.Le(form, 0))
    relations = [r for r in options if isinstance(r, sympy.core.relational.Relational)]
    if not relations:
        return options[0]
    def awkward(r) -> tuple:
        text = str(r)
        return (len(text) + 2 * text.startswith("-"), text.count("-"), text)

    return min(relations, key=awkward)


def _solve_for(expr, s, strict: bool, assume: bool):
    import sympy

    if s not in expr.free_symbols:
        return None
    try:
        poly = sympy.Poly(expr, s)
    except sympy.PolynomialError:
        return None
    if poly.degree() != 1:
        return None
    a, b = poly.all_coeffs()
    assumes = None
    if assume and not a.is_number:
        if a.is_nonnegative:
            assumes = a
        elif a.is_nonpositive:
            assumes, a, b = -a, -a, -b
            return _flip(_solve_linear(s, a, b, strict), assumes)
        else:
            return None
    if a.is_positive or a.is_negative or assumes is not None:
        return _solve_linear(s, a, b, strict), assumes
    return None


def _flip(relation, assumes):
    import sympy

    flipped = {sympy.Gt: sympy.Lt, sympy.Ge: sympy.Le, sympy.Lt: sympy.Gt, sympy.Le: sympy.Ge}
    return flipped[type(relation)](relation.lhs, relation.rhs), assumes


def _solve_linear(s, a, b, strict: bool):
    import sympy

    rhs = -b / a
    rhs = _shortest(sympy.expand(rhs), sympy.cancel(rhs), sympy.factor(rhs))
    if a.is_negative:
        return sympy.Lt(s, rhs) if strict else sympy.Le(s, rhs)
    return sympy.Gt(s, rhs) if strict else sympy.Ge(s, rhs)


def numerator_denominator(expr):
    """``expr`` as a cancelled fraction: (numerator, denominator).

    Computed in the field of rational functions over the rationals (much
    faster than ``cancel``); expressions with ``min``/``max`` go through
    sympy's general ``cancel``.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> numerator_denominator((x**2 - 1)/(x - 1) - 1/x)
    (x**2 + x - 1, x)
    """
    import sympy

    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if symbols and not expr.has(sympy.Min, sympy.Max, sympy.Piecewise, sympy.Abs):
        try:
            field = _fraction_field(tuple(symbols))
            f = field.from_sympy(expr)
            return f.numer.as_expr(), f.denom.as_expr()
        except (sympy.polys.polyerrors.CoercionFailed, sympy.PolynomialError, ZeroDivisionError):
            pass
    return sympy.fraction(sympy.cancel(sympy.together(expr)))


_FIELDS: dict = {}


def _fraction_field(symbols):
    from sympy import QQ

    if symbols not in _FIELDS:
        if len(_FIELDS) > 64:
            _FIELDS.clear()
        _FIELDS[symbols] = QQ.frac_field(*symbols)
    return _FIELDS[symbols]


def make_conditions(expr, strict: bool, reason: str, order: Sequence[Any]) -> list[Condition]:
    """Normalise ``expr > 0`` (or ``>= 0``) into simplified :class:`Condition` s.

    The denominator is cleared when its sign is known (else the condition
    becomes ``numerator * denominator > 0``), positive constants and factors
    of known sign are dropped, and a strict condition on a product with a
    non-negative factor splits into one condition per factor. Conditions
    that always hold are dropped.

    Raises
    ------
    Impossible
        When the condition can never hold.

    >>> import sympy
    >>> V, C = sympy.symbols("V C", nonnegative=True)
    >>> [c.text for c in make_conditions((C - V)/C, True, "positive", (V, C))]
    ['C > 0', 'V < C']
    """
    import sympy

    num, den = numerator_denominator(expr)
    if den.is_positive:
        signed = num
    elif den.is_negative:
        signed = -num
    else:
        signed = sympy.factor(num) * sympy.factor(den)
    if signed.is_number:
        if (signed > 0) if strict else (signed >= 0):
            return []
        raise Impossible(reason)
    coefficient, factors = sympy.factor_list(signed)
    sign = 1 if coefficient > 0 else -1
    parts: list[Any] = []
    rest = sympy.Integer(1)
    for factor, power in factors:
        odd = power % 2 == 1
        if factor.is_positive:
            continue
        if factor.is_negative:
            sign = -sign if odd else sign
            continue
        if strict and odd and factor.is_nonnegative:
            parts.append(factor)
            continue
        if strict and odd and factor.is_nonpositive:
            parts.append(-factor)
            sign = -sign
            continue
        rest = rest * factor ** power
    out: list[Condition] = []
    for part in parts:
        out.extend(_condition(part, True, reason, order))
    if rest == 1:
        if sign < 0:
            raise Impossible(reason)
        return out
    if len(factors) == 1 or not isinstance(rest, sympy.Mul):
        rest = sympy.expand(rest)
    out.extend(_condition(rest if sign > 0 else -rest, strict, reason, order))
    return out


def _condition(expr, strict: bool, reason: str, order) -> list[Condition]:
    import sympy

    relation, assumes = solved_relation(expr, strict, order)
    if relation is sympy.true:
        return []
    if relation is sympy.false:
        raise Impossible(reason)
    return [Condition(expr, strict, reason, relation, assumes)]


def dedupe(conditions: Sequence[Condition]) -> tuple[Condition, ...]:
    """Drop repeated conditions, keeping the first reason."""
    seen: dict[tuple[str, bool], Condition] = {}
    for c in conditions:
        seen.setdefault((str(c.expr), c.strict), c)
    return tuple(seen.values())


# ---------------------------------------------------------------- candidates


@dataclass(frozen=True)
class SupportSolution:
    """A candidate equilibrium on one support profile, as formulas.

    Parameters
    ----------
    supports:
        For each player, the indices of the strategies played with positive
        probability.
    strategies:
        For each player, the probability of each strategy (sympy expressions).
    payoffs:
        Each player's expected payoff.
    conditions:
        The inequalities under which it is an equilibrium (all must hold).
    nonzero:
        Expressions that must not vanish (denominators of the solution).
    """

    supports: tuple[tuple[int, ...], ...]
    strategies: tuple[tuple[Any, ...], ...]
    payoffs: tuple[Any, ...]
    conditions: tuple[Condition, ...]
    nonzero: tuple[Any, ...] = ()

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.supports)

    def label(self, game) -> str:
        """``(Hawk, Dove)`` or ``{Hawk, Dove} x {Hawk, Dove}``."""
        return support_label(game, self.supports)

    def to_json(self, game) -> dict[str, Any]:
        import sympy

        return {
            "label": self.label(game),
            "pure": self.is_pure,
            "supports": {p: [game.strategies[i][k] for k in s]
                         for i, (p, s) in enumerate(zip(game.players, self.supports))},
            "strategies": {p: {label: {"text": str(v), "latex": sympy.latex(v)}
                               for label, v in zip(game.strategies[i], self.strategies[i])}
                           for i, p in enumerate(game.players)},
            "payoffs": {p: {"text": str(v), "latex": sympy.latex(v)}
                        for p, v in zip(game.players, self.payoffs)},
            "conditions": [c.to_json() for c in self.conditions],
            "nonzero": [str(e) for e in self.nonzero],
        }


@dataclass(frozen=True)
class SymbolicSolution:
    """Every candidate equilibrium of a game as formulas in its free parameters.

    ``complete`` is true for two-player games (every support pair of equal
    size was solved; in a nondegenerate game these are all equilibria);
    ``singular`` lists support pairs whose indifference equations have no
    unique solution for any parameter values (equilibria there are found only
    by the exact solver); ``impossible`` counts candidates whose conditions
    can never hold.
    """

    game: Any
    free: tuple[str, ...]
    candidates: tuple[SupportSolution, ...]
    complete: bool
    singular: tuple[tuple[tuple[int, ...], ...], ...] = ()
    impossible: int = 0
    warnings: tuple[str, ...] = ()

    @cached_property
    def symbols(self) -> tuple[Any, ...]:
        return free_symbols(self.game, self.free)

    def thresholds(self) -> tuple[Any, ...]:
        """The distinct boundaries ``expr = 0`` of all conditions."""
        seen: dict[str, Any] = {}
        for cand in self.candidates:
            for c in cand.conditions:
                seen.setdefault(str(c.expr), c.boundary)
        return tuple(seen.values())

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.envelope import envelope

        game = self.game
        return {
            **envelope(SYMBOLIC_SCHEMA, game, as_float),
            "free": list(self.free),
            "complete": self.complete,
            "candidates": [c.to_json(game) for c in self.candidates],
            "singular_supports": [support_label(game, s) for s in self.singular],
            "impossible": self.impossible,
            "warnings": list(self.warnings),
        }


def payoff_tensors(game, symbols: Mapping[str, Any]) -> list[dict[tuple[int, ...], Any]]:
    """Each player's payoff at each pure profile, as a sympy expression."""
    out: list[dict[tuple[int, ...], Any]] = [dict() for _ in game.players]
    for profile in game.profiles():
        entry = game.payoffs[game.profile_index(profile)]
        for i, expr in enumerate(entry):
            out[i][profile] = expr.to_sympy(symbols)
    return out


def solve_symbolic(game, free: Sequence[str] | None = None) -> SymbolicSolution:
    """Candidate equilibria of ``game`` as formulas in the ``free`` parameters.

    Parameters
    ----------
    game:
        A normal-form game.
    free:
        Parameters kept as symbols (default: all declared); the others are
        fixed at their values in force.

    Raises
    ------
    UsageError
        For a game tree, or a two-player game too large to solve symbolically.
    """
    if getattr(game, "kind", "normal") != "normal":
        if free is None:
            from deterrence.parametric.tree_sweep import tree_symbolic

            return tree_symbolic(game)
        raise UsageError("symbolic candidates are for normal-form games",
                         hint="use 'deterrence thresholds' for the conditions of a game tree")
    symbols = parameter_symbols(game, free)
    order = free_symbols(game, free)
    names = tuple(s.name for s in order)
    tensors = payoff_tensors(game, symbols)
    if game.n_players != 2:
        candidates, impossible = _pure_candidates(game, tensors, order)
        return SymbolicSolution(game, names, tuple(candidates), complete=False, impossible=impossible,
                                warnings=(f"a {game.n_players}-player game: only pure equilibria "
                                          "are given as formulas",))
    m, n = game.shape
    if min(m, n) > SYMBOLIC_LIMIT:
        raise UsageError(f"a {m} x {n} game is too large to solve symbolically",
                         hint=f"--symbolic handles games up to {SYMBOLIC_LIMIT} strategies per player")
    candidates: list[SupportSolution] = []
    singular = []
    impossible = 0
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                try:
                    cand = _support_candidate(game, tensors, rows, cols, order)
                except Impossible:
                    impossible += 1
                    continue
                if cand is None:
                    singular.append((rows, cols))
                else:
                    candidates.append(cand)
    warnings = ()
    if singular:
        warnings = (f"{len(singular)} support pair(s) have indifference equations without a unique "
                    "solution (degenerate); equilibria there are found only by the exact solver",)
    return SymbolicSolution(game, names, tuple(candidates), complete=True,
                            singular=tuple(singular), impossible=impossible, warnings=warnings)


def _pure_candidates(game, tensors, order) -> tuple[list[SupportSolution], int]:
    import sympy

    out, impossible = [], 0
    for profile in game.profiles():
        conditions: list[Condition] = []
        try:
            for i in range(game.n_players):
                own = tensors[i][profile]
                for k in range(game.shape[i]):
                    if k == profile[i]:
                        continue
                    other = tuple(k if j == i else s for j, s in enumerate(profile))
                    reason = (f"{game.players[i]} does not gain by deviating from "
                              f"{game.strategies[i][profile[i]]} to {game.strategies[i][k]}")
                    conditions += make_conditions(own - tensors[i][other], False, reason, order)
        except Impossible:
            impossible += 1
            continue
        strategies = tuple(tuple(sympy.Integer(int(k == s)) for k in range(n))
                           for s, n in zip(profile, game.shape))
        payoffs = tuple(sympy.simplify(tensors[i][profile]) for i in range(game.n_players))
        out.append(SupportSolution(tuple((s,) for s in profile), strategies, payoffs, dedupe(conditions)))
    return out, impossible


def _indifference(matrix, rows, cols):
    """Mix over ``cols`` making the player who picks among ``rows`` indifferent.

    Returns the probabilities (one per column of the support), that player's
    value, and the determinant; ``None`` when the system is singular for all
    parameter values.
    """
    import sympy

    k = len(cols)
    system = sympy.zeros(k + 1, k + 1)
    for r, i in enumerate(rows):
        for c, j in enumerate(cols):
            system[r, c] = matrix(i, j)
        system[r, k] = -1
    for c in range(k):
        system[k, c] = 1
    if k == 1:
        return [sympy.Integer(1)], system[0, 0], sympy.Integer(1)
    # exact linear algebra over the field of rational functions in the parameters
    from sympy.polys.matrices import DomainMatrix

    try:
        dm = DomainMatrix.from_Matrix(system).to_field()
        det = dm.domain.to_sympy(dm.det())
        if det == 0:
            return None
        rhs = DomainMatrix.from_Matrix(sympy.Matrix([0] * k + [1])).convert_to(dm.domain)
        solution = list(dm.lu_solve(rhs).to_Matrix())
        solution = [sympy.factor(v) for v in solution]
    except (ZeroDivisionError, sympy.polys.polyerrors.PolynomialError, NotImplementedError):
        # min/max payoffs: not a polynomial domain
        rhs = sympy.Matrix([0] * k + [1])
        det = sympy.factor(sympy.cancel(system.det(method="berkowitz")))
        if det == 0:
            return None
        solution = [sympy.factor(sympy.cancel(v)) for v in system.LUsolve(rhs)]
    return solution[:k], solution[k], det


def _support_candidate(game, tensors, rows, cols, order) -> SupportSolution | None:
    import sympy

    m, n = game.shape
    A, B = tensors
    row_side = _indifference(lambda i, j: A[(i, j)], rows, cols)     # column's mix y
    col_side = _indifference(lambda j, i: B[(i, j)], cols, rows)     # row's mix x
    if row_side is None or col_side is None:
        return None
    y_support, u, det_y = row_side
    x_support, v, det_x = col_side
    x = [sympy.Integer(0)] * m
    y = [sympy.Integer(0)] * n
    for i, p in zip(rows, x_support):
        x[i] = p
    for j, p in zip(cols, y_support):
        y[j] = p
    conditions: list[Condition] = []
    for player, own, mix, support in ((0, x, x, rows), (1, y, y, cols)):
        if len(support) > 1:
            for k in support:
                conditions += make_conditions(
                    own[k], True, f"{game.players[player]}'s probability of "
                    f"{game.strategies[player][k]} is positive", order)
    for player, value, payoff in ((0, u, lambda i: sum((A[(i, j)] * y[j] for j in cols), sympy.Integer(0))),
                                  (1, v, lambda j: sum((B[(i, j)] * x[i] for i in rows), sympy.Integer(0)))):
        support = rows if player == 0 else cols
        for k in range(game.shape[player]):
            if k not in support:
                conditions += make_conditions(
                    value - payoff(k), False, f"{game.players[player]} does not gain by deviating to "
                    f"{game.strategies[player][k]}", order)
    nonzero = _nonzero_factors((det_x, det_y))
    u = sympy.factor(sympy.cancel(u)) if not u.is_number else u
    v = sympy.factor(sympy.cancel(v)) if not v.is_number else v
    return SupportSolution((tuple(rows), tuple(cols)), (tuple(x), tuple(y)), (u, v),
                           dedupe(conditions), nonzero)


def _nonzero_factors(expressions) -> tuple[Any, ...]:
    """The distinct non-constant factors of expressions that must not vanish.

    >>> import sympy
    >>> C = sympy.Symbol("C")
    >>> _nonzero_factors((-C/2, 3*C**2))
    (C,)
    """
    import sympy

    out: dict[str, Any] = {}
    for e in expressions:
        if e.is_number:
            continue
        _, factors = sympy.factor_list(sympy.cancel(e))
        for f, _ in factors:
            if not f.is_number:
                f = f if str(f) <= str(-f) or len(str(f)) < len(str(-f)) else -f
                out.setdefault(str(sympy.expand(f)), f)
    return tuple(out.values())


# ---------------------------------------------------------------- compiled form


def _exact_printer():
    from sympy.printing.pycode import PythonCodePrinter

    class ExactPrinter(PythonCodePrinter):
        """Python code that keeps rationals exact (``Fraction(1, 2)``, not 0.5)."""

        def _print_Rational(self, expr):
            return f"Fraction({expr.p}, {expr.q})"

        _print_Half = _print_Rational

        def _print_Min(self, expr):
            return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"

        def _print_Max(self, expr):
            return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    return ExactPrinter


@dataclass(frozen=True)
class CompiledSolution:
    """The candidates of a :class:`SymbolicSolution` as fast functions.

    ``numeric(*arrays)`` evaluates every candidate's probabilities, payoffs
    and conditions with numpy, vectorised over arrays of parameter values;
    ``exact(*fractions)`` evaluates the same formulas in exact rationals.
    """

    solution: SymbolicSolution
    numeric: Callable = field(repr=False)
    exact: Callable = field(repr=False)
    layout: tuple[tuple[int, ...], ...] = ()  # per candidate: start and counts

    def split(self, values: Sequence[Any]):
        """Per candidate: (flat strategies, payoffs, condition values, nonzero values)."""
        out = []
        for start, n_strategy, n_payoff, n_condition, n_nonzero in self.layout:
            a = start
            b = a + n_strategy
            c = b + n_payoff
            d = c + n_condition
            e = d + n_nonzero
            out.append((values[a:b], values[b:c], values[c:d], values[d:e]))
        return out

    def valid_exact(self, point: Sequence[Fraction]) -> tuple[tuple[bool, ...], bool]:
        """Which candidates are equilibria at ``point``, and whether the point is
        *degenerate* (a condition or a denominator is exactly zero there)."""
        valid, degenerate = [], False
        for k, cand in enumerate(self.solution.candidates):
            try:
                _, _, conds, nonzero = self.exact_candidate(k, point)
            except ZeroDivisionError:
                degenerate = True
                valid.append(False)
                continue
            if any(z == 0 for z in nonzero):
                degenerate = True
                valid.append(False)
                continue
            ok = True
            for c, value in zip(cand.conditions, conds):
                if value == 0:
                    degenerate = True
                if not c.holds(value):
                    ok = False
            valid.append(ok)
        return tuple(valid), degenerate

    def exact_candidate(self, k: int, point: Sequence[Fraction]):
        """Candidate ``k`` at ``point`` in exact rationals: (flat strategies,
        payoffs, condition values, nonzero values)."""
        values = self.exact[k](*point)
        start, n_strategy, n_payoff, n_condition, n_nonzero = self.layout[k]
        b = n_strategy
        c = b + n_payoff
        d = c + n_condition
        return values[:b], values[b:c], values[c:d], values[d:d + n_nonzero]


def compile_solution(solution: SymbolicSolution) -> CompiledSolution:
    """Lambdify every formula of ``solution`` once, for numpy and for Fractions.

    The numpy function evaluates all candidates at once (division by zero
    gives inf/NaN, which callers treat as undecided); the exact functions are
    one per candidate, so that a candidate undefined at a point does not stop
    the others.
    """
    import sympy

    flat: list[Any] = []
    layout = []
    exact = []
    symbols = list(solution.symbols)
    printer = _exact_printer()
    for cand in solution.candidates:
        start = len(flat)
        strategies = [p for s in cand.strategies for p in s]
        own = strategies + list(cand.payoffs) + [c.expr for c in cand.conditions] + list(cand.nonzero)
        flat += own
        layout.append((start, len(strategies), len(cand.payoffs), len(cand.conditions), len(cand.nonzero)))
        exact.append(sympy.lambdify(symbols, own, modules=[{"Fraction": Fraction}], printer=printer))
    numeric = sympy.lambdify(symbols, flat, modules="numpy")
    return CompiledSolution(solution, numeric, tuple(exact), tuple(layout))


def exact_number(value) -> Fraction:
    """A Fraction from an exact evaluation (int, Fraction or sympy Rational)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(int(value.p), int(value.q))


def fraction_text(value) -> str:
    return format_fraction(exact_number(value))


__all__ = [
    "Condition", "SupportSolution", "SymbolicSolution", "CompiledSolution",
    "solve_symbolic", "compile_solution", "parameter_symbols", "make_conditions",
    "relation_of",
]
