"""Equilibria of a normal-form game as formulas in its parameters (``solve --symbolic``).

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
candidates; :mod:`deterrence.parametric.normal_backend` checks that against the exact
solver.

Example
-------
Hawk-dove: the mixed equilibrium escalates with probability V/C, and it
exists when the fight costs more than the stake.

>>> from deterrence import load_game
>>> s = solve_normal_symbolic(load_game("hawk_dove"))
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
from deterrence.model.labels import support_label
from deterrence.parametric.compiled import exact_function, numeric_function
from deterrence.parametric.conditions import (Condition, Impossible, dedupe, fraction_conditions, fraction_field,
                                              latex_of, make_conditions, text_of)
from deterrence.parametric.factoring import field_element
from deterrence.parametric.symbols import free_symbols, parameter_symbols
from deterrence.model.display import Displayable, short_repr

SYMBOLIC_SCHEMA = "deterrence.symbolic/1"

#: Largest two-player game whose support pairs are solved symbolically.
SYMBOLIC_LIMIT = 8


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
        return {
            "label": self.label(game),
            "pure": self.is_pure,
            "supports": {p: [game.strategies[i][k] for k in s]
                         for i, (p, s) in enumerate(zip(game.players, self.supports))},
            "strategies": {p: {label: {"text": text_of(v), "latex": latex_of(v)}
                               for label, v in zip(game.strategies[i], self.strategies[i])}
                           for i, p in enumerate(game.players)},
            "payoffs": {p: {"text": text_of(v), "latex": latex_of(v)}
                        for p, v in zip(game.players, self.payoffs)},
            "conditions": [c.to_json() for c in self.conditions],
            "nonzero": [str(e) for e in self.nonzero],
        }


@dataclass(frozen=True, repr=False)
class SymbolicSolution(Displayable):
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

    display_as = "symbolic"

    def __repr__(self) -> str:
        return short_repr("SymbolicSolution", repr(self.game.title), f"free={list(self.free)}",
                          f"{len(self.candidates)} candidates")

    @cached_property
    def symbols(self) -> tuple[Any, ...]:
        return free_symbols(self.game, self.free)

    def thresholds(self) -> tuple[Any, ...]:
        """The distinct boundaries ``expr = 0`` of all conditions."""
        seen: dict[str, Any] = {}
        for cand in self.candidates:
            for c in cand.conditions:
                seen.setdefault(text_of(c.expr), c.boundary)
        return tuple(seen.values())

    def to_json(self, as_float: bool = False, schema: str = SYMBOLIC_SCHEMA) -> dict[str, Any]:
        from deterrence.model.envelope import envelope

        game = self.game
        return {
            **envelope(schema, game, as_float),
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


def solve_normal_symbolic(game, free: Sequence[str] | None = None) -> SymbolicSolution:
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
        For a two-player game too large to solve symbolically.
    """
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
    fractions = fraction_tensors(tensors, order)
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                try:
                    if fractions is None:
                        cand = _support_candidate(game, tensors, rows, cols, order)
                    else:
                        cand = fraction_candidate(game, fractions, rows, cols, order)
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


def _candidate_conditions(game, tensors, rows, cols, mixes, values, zero, make, order) -> list:
    """The conditions of one support pair's candidate, made by ``make`` (expressions or
    field elements): each mixed strategy's probabilities positive, and no player gaining
    by deviating to a strategy outside its support."""
    A, B = tensors
    x, y = mixes
    conditions: list = []
    for player, mix, support in ((0, x, rows), (1, y, cols)):
        if len(support) > 1:
            for k in support:
                conditions += make(mix[k], True, f"{game.players[player]}'s probability of "
                                   f"{game.strategies[player][k]} is positive", order)
    for player, value, payoff in ((0, values[0], lambda i: sum((A[(i, j)] * y[j] for j in cols), zero)),
                                  (1, values[1], lambda j: sum((B[(i, j)] * x[i] for i in rows), zero))):
        support = rows if player == 0 else cols
        for k in range(game.shape[player]):
            if k not in support:
                conditions += make(value - payoff(k), False, f"{game.players[player]} does not gain "
                                   f"by deviating to {game.strategies[player][k]}", order)
    return conditions


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
    conditions = _candidate_conditions(game, tensors, rows, cols, (x, y), (u, v), sympy.Integer(0),
                                       make_conditions, order)
    nonzero = _nonzero_factors((det_x, det_y))
    u = sympy.factor(sympy.cancel(u)) if not u.is_number else u
    v = sympy.factor(sympy.cancel(v)) if not v.is_number else v
    return SupportSolution((tuple(rows), tuple(cols)), (tuple(x), tuple(y)), (u, v),
                           dedupe(conditions), nonzero)


def fraction_tensors(tensors, order):
    """The payoff tensors in the field of rational functions of the parameters
    (:func:`~deterrence.parametric.conditions.fraction_field`), or ``None`` when a payoff is
    not a rational function of them (``min``/``max``)."""
    import sympy
    from sympy.polys.polyerrors import CoercionFailed

    field = fraction_field(tuple(sorted(order, key=lambda s: s.name)))
    if not order:
        return None
    out = []
    try:
        for tensor in tensors:
            if any(e.has(sympy.Min, sympy.Max, sympy.Piecewise, sympy.Abs) for e in tensor.values()):
                return None
            out.append({k: field_element(field, e) for k, e in tensor.items()})
    except (CoercionFailed, ValueError, ZeroDivisionError, sympy.PolynomialError):
        return None
    return field, out


def fraction_candidate(game, fractions, rows, cols, order) -> SupportSolution | None:
    """:func:`_support_candidate` computed in the field of rational functions: the same
    candidate (equal formulas and conditions), without building expressions only to take
    them apart again."""
    field, (A, B) = fractions
    m, n = game.shape
    row_side = _fraction_indifference(field, lambda i, j: A[(i, j)], rows, cols)
    col_side = _fraction_indifference(field, lambda j, i: B[(i, j)], cols, rows)
    if row_side is None or col_side is None:
        return None
    y_support, u, det_y = row_side
    x_support, v, det_x = col_side
    zero = field.zero
    x, y = [zero] * m, [zero] * n
    for i, p in zip(rows, x_support):
        x[i] = p
    for j, p in zip(cols, y_support):
        y[j] = p
    conditions = _candidate_conditions(game, (A, B), rows, cols, (x, y), (u, v), zero,
                                       _fraction_conditions, order)
    dets = (det_x, det_y)
    if all(d.denom.is_ground for d in dets):
        nonzero = _nonzero_polynomial_factors([d.numer for d in dets])
    else:  # as the expression path does it (sympy's answer, whatever it is)
        nonzero = _nonzero_factors(tuple(_expr(d) for d in dets))
    strategies = (tuple(_factored(p) for p in x), tuple(_factored(p) for p in y))
    return SupportSolution((tuple(rows), tuple(cols)), strategies, (_factored(u), _factored(v)),
                           dedupe(conditions), nonzero)


def _expr(element):
    return element.numer.as_expr() / element.denom.as_expr()


def _factored(element):
    """``sympy.factor`` of a field element (a number stays a number)."""
    from deterrence.parametric.factoring import rational_factored

    return rational_factored(element.numer, element.denom)


def _fraction_conditions(element, strict: bool, reason: str, order) -> list[Condition]:
    return fraction_conditions(element.numer.as_expr(), element.denom.as_expr(), strict, reason, order)


def _fraction_indifference(field, payoff, rows, cols):
    """:func:`_indifference` in the field: (probabilities, value, determinant) or ``None``."""
    from sympy.polys.matrices import DomainMatrix

    k = len(cols)
    one, zero = field.one, field.zero
    if k == 1:
        return [one], payoff(rows[0], cols[0]), one
    system = [[payoff(i, j) for j in cols] + [-one] for i in rows] + [[one] * k + [zero]]
    if all(e.denom.is_ground for row in system for e in row):
        # polynomial entries: fraction-free (one cancellation per unknown, not one per step)
        ring = field.get_ring()
        dm = DomainMatrix([[e.numer * (1 / e.denom.LC) for e in row] for row in system],
                          (k + 1, k + 1), ring)
        det = dm.det()
        if not det:
            return None
        rhs = DomainMatrix([[ring.zero]] * k + [[ring.one]], (k + 1, 1), ring)
        numerators, denominator = dm.solve_den(rhs)
        solution = [field.field.new(row[0], denominator) for row in numerators.to_list()]
        return solution[:k], solution[k], field.field.new(det, ring.one)
    dm = DomainMatrix(system, (k + 1, k + 1), field)
    det = dm.det()
    if not det:
        return None
    rhs = DomainMatrix([[zero]] * k + [[one]], (k + 1, 1), field)
    solution = [row[0] for row in dm.lu_solve(rhs).to_list()]
    return solution[:k], solution[k], det


def _nonzero_polynomial_factors(polynomials) -> tuple[Any, ...]:
    """:func:`_nonzero_factors` of polynomials (the numerators of the determinants)."""
    import sympy

    from deterrence.parametric.factoring import polynomial_factor_list

    out: dict[str, Any] = {}
    for p in polynomials:
        if p.is_ground:
            continue
        _, factors = polynomial_factor_list(p)
        for f, _ in factors:
            if not f.is_number:
                f = f if text_of(f) <= text_of(-f) or len(text_of(f)) < len(text_of(-f)) else -f
                out.setdefault(text_of(sympy.expand(f)), f)
    return tuple(out.values())


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
        # a rational function (payoffs divided by a parameter): neither its numerator may
        # vanish nor its denominator (where the game itself is undefined)
        numerator, denominator = sympy.fraction(sympy.cancel(e))
        factors = sympy.factor_list(numerator)[1] + sympy.factor_list(denominator)[1]
        for f, _ in factors:
            if not f.is_number:
                f = f if text_of(f) <= text_of(-f) or len(text_of(f)) < len(text_of(-f)) else -f
                out.setdefault(text_of(sympy.expand(f)), f)
    return tuple(out.values())


# ---------------------------------------------------------------- compiled form


def holds_all(conditions: Sequence[Condition], values: Sequence) -> tuple[bool, bool]:
    """Whether every condition holds given its expression's value (or sign), and whether
    one of them is exactly zero (the point is degenerate)."""
    return all(c.holds(v) for c, v in zip(conditions, values)), any(v == 0 for v in values)


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
            ok, zero = holds_all(cand.conditions, conds)
            degenerate |= zero
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
    flat: list[Any] = []
    layout = []
    exact = []
    symbols = list(solution.symbols)
    for cand in solution.candidates:
        start = len(flat)
        strategies = [p for s in cand.strategies for p in s]
        own = strategies + list(cand.payoffs) + [c.expr for c in cand.conditions] + list(cand.nonzero)
        flat += own
        layout.append((start, len(strategies), len(cand.payoffs), len(cand.conditions), len(cand.nonzero)))
        exact.append(exact_function(symbols, own))
    numeric = numeric_function(symbols, flat)
    return CompiledSolution(solution, numeric, tuple(exact), tuple(layout))


__all__ = ["SupportSolution", "SymbolicSolution", "CompiledSolution", "solve_normal_symbolic", "holds_all",
           "compile_solution", "payoff_tensors", "SYMBOLIC_SCHEMA", "SYMBOLIC_LIMIT"]
