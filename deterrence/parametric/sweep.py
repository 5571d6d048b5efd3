"""Sweeps: move one or two parameters, see where the answer changes, exactly.

A one-parameter sweep (:func:`sweep_one`) reports, for each grid value, the
equilibria, the expected payoffs and the :class:`~deterrence.parametric.regimes.Regime`;
the rows where the regime changes are marked and each change point is
located *exactly*, not "between two grid points":

1. the game is solved once symbolically in the swept parameter
   (:mod:`deterrence.parametric.symbolic`), the others fixed at their values;
2. every condition of every candidate is a rational function of the
   parameter, so its sign can only change at a root of its numerator or
   denominator: those roots, found exactly by sympy (rationals, or
   algebraic numbers such as ``1 + sqrt(2)``), are the *critical values*;
3. between two critical values the regime is constant; it is read off the
   candidates at one rational point of each interval **and checked there
   against the exact general solver** (degenerate stretches fall back to
   solving every grid point exactly);
4. at each critical value the regime is computed exactly; a change point is
   a critical value where the regimes on its two sides differ, reported as
   an exact number and, where the game allows, as a formula in the other
   parameters (``C = V``).

Conditions that are not rational functions (``min``/``max`` payoffs) are
handled by exact bisection on rationals between grid points, then the
simplest rational in the final bracket, verified exactly on both sides.

The grid is never re-solved point by point: the regime of each grid value is
found by binary search among the critical values, and payoffs come from the
lambdified candidate formulas, vectorised with numpy (``exact=False``) or in
exact rationals. A two-parameter :func:`regime_map` classifies a grid the
same way, with exact re-evaluation of every cell that floating point cannot
decide.

Example
-------
>>> from deterrence import load_game
>>> s = sweep_one(load_game("hawk_dove"), Range.parse("C=0:12"), steps=49)
>>> [(c.text, [s.regimes[k].label(s.game) for k in (c.before, c.after)]) for c in s.changes]
[('2', ['(Hawk, Hawk)', '(Hawk, Dove), (Dove, Hawk), mixed {Hawk, Dove} x {Hawk, Dove}'])]
>>> s.changes[0].formula_text
'C = V'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Sequence

import numpy as np

from deterrence.errors import GameFileError, UsageError
from deterrence.model.expr import format_fraction
from deterrence.parametric.regimes import Regime, regime_of_candidates, regime_of_result

SWEEP_SCHEMA = "deterrence.sweep/1"

#: Progress callback: ``progress(done, total, description)``.
Progress = Callable[[int, int, str], None]


# ---------------------------------------------------------------- ranges


@dataclass(frozen=True)
class Range:
    """``NAME=LO:HI`` — a parameter and the closed interval swept.

    >>> Range.parse("p=0:1/2")
    Range(name='p', lo=Fraction(0, 1), hi=Fraction(1, 2))
    """

    name: str
    lo: Fraction
    hi: Fraction

    @classmethod
    def parse(cls, text: str) -> "Range":
        from deterrence.errors import ExpressionError
        from deterrence.model.expr import to_fraction

        name, sep, span = text.partition("=")
        lo_text, colon, hi_text = span.partition(":")
        name = name.strip()
        if not sep or not colon or not name or not lo_text.strip() or not hi_text.strip():
            raise UsageError(f"cannot read the range {text!r}",
                             hint="write NAME=LO:HI, e.g. C=0:12 or p=0:1")
        try:
            lo, hi = to_fraction(lo_text.strip()), to_fraction(hi_text.strip())
        except ExpressionError:
            raise UsageError(f"the range {text!r} needs two numbers",
                             hint="write NAME=LO:HI with numbers or fractions, e.g. p=0:1/2") from None
        if not lo < hi:
            raise UsageError(f"empty range {text!r}: {format_fraction(lo)} is not below "
                             f"{format_fraction(hi)}", hint="write the smaller end first")
        return cls(name, lo, hi)

    @property
    def text(self) -> str:
        return f"{self.name}={format_fraction(self.lo)}:{format_fraction(self.hi)}"

    def value(self, index: int, steps: int) -> Fraction:
        """The exact ``index``-th of ``steps`` grid values."""
        if steps < 2:
            return self.lo
        return self.lo + index * (self.hi - self.lo) / (steps - 1)

    def grid(self, steps: int) -> list[Fraction]:
        """``steps`` equally spaced exact values from ``lo`` to ``hi``."""
        if steps < 2:
            return [self.lo]
        width = (self.hi - self.lo) / (steps - 1)
        return [self.lo + k * width for k in range(steps)]


def check_ranges(game, ranges: Sequence[Range]) -> None:
    """Every swept name must be a declared parameter and its range within bounds.

    Raises
    ------
    UsageError
        For an undeclared name, a name swept twice, or a range leaving the
        parameter's bounds (exit 2).
    GameFileError
        When the file's own bounds are inconsistent (exit 1).
    """
    params = game.parameters
    seen = set()
    for r in ranges:
        if r.name in seen:
            raise UsageError(f"{r.name} is swept twice", hint="give each parameter one range")
        seen.add(r.name)
        if r.name not in params.names:
            known = ", ".join(params.names) or "none"
            hint = f"parameters of this game: {known}"
            if r.name in {n for n, _ in params.definitions}:
                hint = f"{r.name} is a definition, computed from other parameters; " + hint
            raise UsageError(f"the game has no parameter {r.name!r} to sweep", hint=hint)
        p = params.get(r.name)
        if p.minimum is not None and p.maximum is not None and p.minimum > p.maximum:
            raise GameFileError(f"parameter {p.name} has min {format_fraction(p.minimum)} above max "
                                f"{format_fraction(p.maximum)}", hint="fix its bounds in the file")
        for end in (r.lo, r.hi):
            problem = p.violation(end)
            if problem:
                raise UsageError(f"the range {r.text} leaves the bounds of {p.name}: {problem}",
                                 hint=f"{p.name} must lie in {p.bounds_text}")
    problems = params.check_bounds()
    fixed = [m for m in problems if not any(m.startswith(f"{r.name} = ") for r in ranges)]
    if fixed:
        raise GameFileError(f"parameter values out of bounds: {'; '.join(fixed)}",
                            hint="fix the default in the file or pass --set")


# ---------------------------------------------------------------- exact numbers


def _sympy_number(value):
    import sympy

    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.Integer(value) if isinstance(value, int) else value


def as_fraction(value) -> Fraction | None:
    """The Fraction of a rational sympy number, else ``None``."""
    import sympy

    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return None


def number_text(value) -> str:
    """``1/3`` for a rational, sympy's text (``1 + sqrt(2)``) otherwise."""
    f = as_fraction(value)
    return format_fraction(f) if f is not None else str(value)


def number_latex(value) -> str:
    import sympy

    return sympy.latex(_sympy_number(value))


def _float(value) -> float:
    f = as_fraction(value)
    return float(f) if f is not None else float(value.evalf(30))


def rational_between(a, b) -> Fraction:
    """A simple rational strictly between two exact numbers ``a < b``."""
    fa, fb = as_fraction(a), as_fraction(b)
    if fa is not None and fb is not None:
        return (fa + fb) / 2
    lo, hi = _float(a), _float(b)
    guess = Fraction((lo + hi) / 2)
    for limit in (10, 100, 10**4, 10**8, 10**12):
        candidate = guess.limit_denominator(limit)
        if _less(a, candidate) and _less(candidate, b):
            return candidate
    return guess


def _less(a, b) -> bool:
    fa, fb = as_fraction(a), as_fraction(b)
    if fa is not None and fb is not None:
        return fa < fb
    import sympy

    difference = _sympy_number(b) - _sympy_number(a)
    approx = sympy.N(difference, 60)
    if abs(approx) > sympy.Float(10) ** -40:
        return bool(approx > 0)
    return bool(sympy.simplify(difference) > 0)


def _equal(a, b) -> bool:
    fa, fb = as_fraction(a), as_fraction(b)
    if fa is not None and fb is not None:
        return fa == fb
    if fa is not None or fb is not None:
        return False
    import sympy

    difference = _sympy_number(a) - _sympy_number(b)
    if abs(sympy.N(difference, 60)) > sympy.Float(10) ** -40:
        return False
    return bool(sympy.simplify(difference) == 0)


def real_roots_in(expr, symbol, lo: Fraction, hi: Fraction) -> list | None:
    """Exact real roots in ``[lo, hi]`` of the numerator and denominator of ``expr``.

    Returns ``None`` when ``expr`` is not a rational function of ``symbol``
    (``min``/``max``), so the caller falls back to bisection.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> real_roots_in((x**2 - 2)/(3*x - 1), x, Fraction(0), Fraction(2))
    [1/3, sqrt(2)]
    """
    import sympy

    if expr.has(sympy.Min, sympy.Max, sympy.Piecewise, sympy.Abs):
        return None
    num, den = sympy.fraction(sympy.cancel(sympy.together(expr)))
    found = []
    for part in (num, den):
        if symbol not in part.free_symbols:
            continue
        try:
            poly = sympy.Poly(part, symbol)
        except sympy.PolynomialError:
            return None
        if poly.degree() <= 0:
            continue
        if poly.degree() <= 2:
            roots = [r for r in sympy.roots(poly, filter="R")]
        else:
            roots = list(dict.fromkeys(sympy.real_roots(poly)))
        for r in roots:
            r = sympy.nsimplify(r) if r.is_Float else r
            if not _less(r, lo) and not _less(hi, r):
                found.append(r)
    return sorted_unique(found)


def sorted_unique(values: Sequence) -> list:
    out: list = []
    for v in sorted(values, key=_float):
        if not out or not _equal(out[-1], v):
            out.append(v)
    return out


def _sign_at(expr, symbol, value) -> int:
    """The exact sign of ``expr`` at ``symbol = value`` (an algebraic number)."""
    import sympy

    v = expr.subs(symbol, value)
    approx = sympy.N(v, 60)
    if approx.is_real is False or not approx.is_number:
        return 0
    if abs(approx) > sympy.Float(10) ** -40:
        return 1 if approx > 0 else -1
    return 0 if sympy.simplify(v) == 0 else (1 if approx > 0 else -1)


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class NumericEquilibrium:
    """An equilibrium evaluated in floating point (``--float`` sweeps)."""

    strategies: tuple[tuple[float, ...], ...]
    payoffs: tuple[float, ...]

    def label(self, game=None) -> str:
        parts = []
        for i, probs in enumerate(self.strategies):
            names = game.strategies[i] if game is not None else [f"s{k + 1}" for k in range(len(probs))]
            support = [k for k, p in enumerate(probs) if p > 1e-12]
            if len(support) == 1:
                parts.append(names[support[0]])
            else:
                parts.append(" + ".join(f"{probs[k]:.4g} {names[k]}" for k in support))
        return "(" + ", ".join(parts) + ")"

    def to_json(self, game, as_float: bool = True) -> dict[str, Any]:
        return {
            "strategies": {p: dict(zip(game.strategies[i], map(float, self.strategies[i])))
                           for i, p in enumerate(game.players)},
            "payoffs": dict(zip(game.players, map(float, self.payoffs))),
            "pure": all(sum(1 for q in s if q > 1e-12) == 1 for s in self.strategies),
        }


def solve_exactly(game):
    """The exact general solver on ``game`` (mixed equilibria for two players)."""
    from deterrence.solver import solve

    return solve(game)


class NormalModel:
    """A normal-form game compiled for sweeping the parameters ``free``.

    The candidates are solved symbolically once and lambdified; every
    question a sweep asks (regime at a point, critical values, payoffs on a
    grid) is answered from that compiled form, with the exact general solver
    used only to check intervals and at degenerate points.
    """

    kind = "normal"

    def __init__(self, game, free: Sequence[str]) -> None:
        from deterrence.parametric.symbolic import compile_solution, solve_symbolic

        self.game = game
        self.free = tuple(free)
        self.solution = solve_symbolic(game, self.free)
        if set(self.free) == set(game.parameters.names):
            _MODEL_SOLUTIONS.clear()
            _MODEL_SOLUTIONS[id(game)] = self.solution
        self.compiled = compile_solution(self.solution)
        self.symbols = self.solution.symbols
        self.polynomial = True

    # -- exact, one point

    def at(self, point: Sequence[Fraction]):
        return self.game.with_values(dict(zip(self.free, point)))

    def candidate_regime(self, point: Sequence[Fraction]) -> tuple[Regime, tuple[bool, ...], bool]:
        valid, degenerate = self.compiled.valid_exact(point)
        return regime_of_candidates(self.solution, valid, degenerate), valid, degenerate

    def solver_regime(self, point: Sequence[Fraction], degenerate: bool = False):
        """The regime by the exact general solver; a *boundary* regime where
        the equilibria form a continuum."""
        result = solve_exactly(self.at(point))
        continuum = any(c.is_continuum for c in result.components)
        return regime_of_result(result, continuum), result.equilibria

    def regime_at(self, point: Sequence[Fraction]) -> tuple[Regime, tuple]:
        """The exact regime and equilibria at a rational point."""
        regime, valid, degenerate = self.candidate_regime(point)
        if degenerate or self.solution.singular:
            return self.solver_regime(point, degenerate)
        return regime, self.candidate_equilibria(point, valid)

    def regime_at_algebraic(self, value) -> Regime:
        """The regime at an irrational critical value (one free parameter).

        Signs are read at 60 significant digits; a value that small is
        confirmed to be exactly zero symbolically.
        """
        sym = self.symbols[0]
        valid, degenerate = [], False
        for cand in self.solution.candidates:
            ok = True
            for z in cand.nonzero:
                if _sign_at(z, sym, value) == 0:
                    degenerate, ok = True, False
            for c in cand.conditions:
                sign = _sign_at(c.expr, sym, value)
                if sign == 0:
                    degenerate = True
                if not c.holds(sign):
                    ok = False
            valid.append(ok)
        # marked as a boundary by the sweep when it differs from both sides
        return regime_of_candidates(self.solution, valid, False)

    def candidate_equilibria(self, point: Sequence[Fraction], valid: Sequence[bool]) -> tuple:
        from deterrence.nash.result import MixedEquilibrium
        from deterrence.parametric.symbolic import exact_number

        out = []
        for k, ok in enumerate(valid):
            if not ok:
                continue
            strategies, payoffs, _, _ = self.compiled.exact_candidate(k, point)
            flat = [exact_number(v) for v in strategies]
            shaped, start = [], 0
            for n in self.game.shape:
                shaped.append(tuple(flat[start:start + n]))
                start += n
            out.append(MixedEquilibrium(tuple(shaped), tuple(exact_number(v) for v in payoffs)))
        from deterrence.nash.result import ordered

        return tuple(ordered(out))

    # -- vectorised

    def numeric_values(self, *arrays: np.ndarray) -> list[np.ndarray]:
        """Every compiled formula evaluated on the arrays (broadcast to one shape)."""
        shape = np.broadcast(*arrays).shape if arrays else ()
        with np.errstate(all="ignore"):
            values = self.compiled.numeric(*arrays)
        return [np.broadcast_to(np.asarray(v, dtype=float), shape) for v in values]

    def numeric_validity(self, *arrays: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per candidate, where it is valid, and a mask of cells floats cannot decide."""
        values = self.numeric_values(*arrays)
        shape = np.broadcast(*arrays).shape
        valid = np.zeros((len(self.solution.candidates),) + shape, dtype=bool)
        unsure = np.zeros(shape, dtype=bool)
        for k, (cand, (_, _, conds, nonzero)) in enumerate(zip(self.solution.candidates,
                                                               self.compiled.split(values))):
            ok = np.ones(shape, dtype=bool)
            for c, v in zip(cand.conditions, conds):
                tol = 1e-9 * max(1.0, float(np.nanmax(np.abs(v[np.isfinite(v)]), initial=0)))
                unsure |= ~np.isfinite(v) | (np.abs(v) <= tol)
                ok &= (v > 0) if c.strict else (v >= 0)
            for z in nonzero:
                unsure |= ~np.isfinite(z) | (np.abs(z) <= 1e-12)
            valid[k] = ok
        return valid, unsure

    def numeric_equilibria(self, values: list[np.ndarray], index, valid: Sequence[bool]) -> tuple:
        out = []
        for ok, (strategies, payoffs, _, _) in zip(valid, self.compiled.split(values)):
            if not ok:
                continue
            flat = [float(v[index]) for v in strategies]
            shaped, start = [], 0
            for n in self.game.shape:
                shaped.append(tuple(flat[start:start + n]))
                start += n
            out.append(NumericEquilibrium(tuple(shaped), tuple(float(v[index]) for v in payoffs)))
        return tuple(out)

    def interval_answers(self, valid, points: Sequence[Fraction], floats: np.ndarray,
                         exact: bool) -> list[tuple]:
        """The equilibria at points of an interval where the candidates ``valid`` hold."""
        if exact:
            return [self.candidate_equilibria((x,), valid) for x in points]
        values = self.numeric_values(floats)
        return [self.numeric_equilibria(values, n, valid) for n in range(len(floats))]

    def interval_payoffs(self, valid, floats: np.ndarray) -> list[tuple[tuple, np.ndarray]]:
        """``[(support, payoff array (points, players))]`` of the valid candidates."""
        values = self.numeric_values(floats)
        return [(cand.supports, np.stack(payoffs, axis=1))
                for cand, ok, (_, payoffs, _, _) in zip(self.solution.candidates, valid,
                                                        self.compiled.split(values)) if ok]

    # -- one parameter

    def critical_values(self, lo: Fraction, hi: Fraction) -> list | None:
        """Every value in ``[lo, hi]`` where some condition may change sign."""
        sym = self.symbols[0]
        found = []
        for cand in self.solution.candidates:
            for expr in [c.expr for c in cand.conditions] + list(cand.nonzero):
                roots = real_roots_in(expr, sym, lo, hi)
                if roots is None:
                    return None
                found += roots
        return sorted_unique(found)


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class ChangePoint:
    """Where the regime changes along a one-parameter sweep.

    ``value`` is exact (a sympy number: rational or algebraic); ``formulas``
    are the thresholds from the fully symbolic solution that vanish there
    (``C = V``), as sympy equations; ``before``/``at``/``after`` index the
    sweep's regimes.
    """

    parameter: str
    value: Any
    before: int
    at: int
    after: int
    formulas: tuple[Any, ...] = ()
    method: str = "symbolic roots"

    @property
    def text(self) -> str:
        return number_text(self.value)

    @property
    def approx(self) -> float:
        return _float(self.value)

    @property
    def formula_text(self) -> str | None:
        return str(self.formulas[0]).replace("Eq(", "").replace(", ", " = ", 1)[:-1] \
            if self.formulas else None

    def formula_texts(self) -> list[str]:
        return [_eq_text(f) for f in self.formulas]

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        import sympy

        return {
            "parameter": self.parameter,
            "value": self.approx if as_float else self.text,
            "latex": number_latex(self.value),
            "float": self.approx,
            "rational": as_fraction(self.value) is not None,
            "before": self.before, "at": self.at, "after": self.after,
            "formulas": [{"text": _eq_text(f), "latex": sympy.latex(f)} for f in self.formulas],
            "method": self.method,
        }


def _eq_text(eq) -> str:
    return f"{eq.lhs} = {eq.rhs}" if hasattr(eq, "lhs") else str(eq)


@dataclass(frozen=True)
class Interval:
    """A stretch of the swept range with one regime, between critical values."""

    lo: Any
    hi: Any
    regime: int
    valid: tuple[bool, ...] | None   # candidates valid inside; None: solved per point
    checked: bool                    # the exact solver agreed at an inner point


@dataclass(frozen=True)
class Sweep:
    """A one-parameter sweep: grid, regimes, exact change points.

    Per-point answers are computed on demand (:meth:`answers`), exactly or in
    floating point, from the compiled model: a large sweep costs one symbolic
    solve plus vectorised arithmetic.
    """

    game: Any
    range: Range
    steps: int
    regimes: tuple[Regime, ...]
    intervals: tuple[Interval, ...]
    changes: tuple[ChangePoint, ...]
    point_regimes: np.ndarray = field(repr=False)
    critical_points: tuple[tuple[int, Any], ...] = ()  # grid index -> exact critical value hit
    checks: tuple[int, int] = (0, 0)
    warnings: tuple[str, ...] = ()
    model: Any = field(default=None, repr=False, compare=False)
    point_interval: np.ndarray = field(default=None, repr=False, compare=False)

    @property
    def values(self) -> list[Fraction]:
        return self.range.grid(self.steps)

    @property
    def floats(self) -> np.ndarray:
        return np.linspace(float(self.range.lo), float(self.range.hi), self.steps) \
            if self.steps > 1 else np.array([float(self.range.lo)])

    def changed_rows(self) -> np.ndarray:
        """Boolean per grid point: its regime differs from the previous point's."""
        r = self.point_regimes
        out = np.zeros(len(r), dtype=bool)
        out[1:] = r[1:] != r[:-1]
        return out

    def answers(self, indices: Sequence[int] | None = None, exact: bool = True,
                progress: Progress | None = None, workers: int = 1) -> list[tuple]:
        """The equilibria at the chosen grid points (all by default)."""
        indices = list(range(self.steps)) if indices is None else list(indices)
        return point_answers(self, indices, exact, progress, workers)

    def series(self) -> dict[tuple, np.ndarray]:
        """Float payoffs of each equilibrium (keyed by support) along the grid.

        Returns ``{support: array of shape (steps, players)}``, NaN where that
        equilibrium does not exist. Vectorised over each regime interval; only
        points on a boundary or in a degenerate stretch are solved one by one.
        """
        if hasattr(self.model, "grid_series"):
            return self.model.grid_series(self)
        n_players = len(self.game.players)
        out: dict[tuple, np.ndarray] = {}

        def put(key, rows, values):
            if key not in out:
                out[key] = np.full((self.steps, n_players), np.nan)
            out[key][rows] = values

        xs = self.floats
        where = self.point_interval
        singles = []
        for k, interval in enumerate(self.intervals):
            rows = np.nonzero(where == k)[0]
            if not len(rows):
                continue
            if interval.valid is None:
                singles.extend(rows.tolist())
                continue
            for key, payoffs in self.model.interval_payoffs(interval.valid, xs[rows]):
                put(key, rows, payoffs)
        singles += np.nonzero((where < 0) | (where >= len(self.intervals)))[0].tolist()
        for i, eqs in zip(singles, point_answers(self, singles, exact=False)):
            for eq in eqs:
                put(support_key(eq), [i], [float(v) for v in eq.payoffs])
        return out

    def dense(self, count: int = 600, outcomes: bool = False):
        """Curves on ``count`` points, from the formulas of each regime interval.

        Returns ``(xs, {key: array})``: payoffs per player of each equilibrium
        (``outcomes=False``) or, for a tree, the probability of each outcome.
        Stretches without formulas (degenerate, solved point by point) are
        left out (NaN).
        """
        lo, hi = float(self.range.lo), float(self.range.hi)
        xs = np.linspace(lo, hi, count)
        edges = np.array([_float(i.hi) for i in self.intervals[:-1]])
        where = np.searchsorted(edges, xs, side="right") if len(edges) else np.zeros(count, int)
        out: dict[Any, np.ndarray] = {}
        for k, interval in enumerate(self.intervals):
            rows = np.nonzero(where == k)[0]
            if not len(rows) or interval.valid is None:
                continue
            if outcomes:
                if not hasattr(self.model, "interval_outcomes"):
                    return xs, {}
                for label, values in self.model.interval_outcomes(interval.valid, xs[rows]).items():
                    out.setdefault(label, np.full(count, np.nan))[rows] = values
            else:
                for key, values in self.model.interval_payoffs(interval.valid, xs[rows]):
                    out.setdefault(key, np.full((count, len(self.game.players)), np.nan))[rows] = values
        return xs, out

    def to_json(self, as_float: bool = False, progress: Progress | None = None,
                workers: int = 1) -> dict[str, Any]:
        from deterrence.model.envelope import envelope
        from deterrence.model.numbers import number

        game = self.game
        answers = self.answers(exact=not as_float, progress=progress, workers=workers)
        changed = self.changed_rows()
        points = []
        for k, (value, eqs) in enumerate(zip(self.values, answers)):
            points.append({
                "value": number(value, as_float),
                "regime": int(self.point_regimes[k]),
                "change": bool(changed[k]),
                "equilibria": [eq.to_json(game, as_float) for eq in eqs],
            })
        return {
            **envelope(SWEEP_SCHEMA, game, as_float),
            "sweep": [{"parameter": self.range.name, "lo": number(self.range.lo, as_float),
                       "hi": number(self.range.hi, as_float), "steps": self.steps}],
            "exact": not as_float,
            "regimes": [r.to_json(game) for r in self.regimes],
            "intervals": [{"lo": number_text(i.lo), "hi": number_text(i.hi), "regime": i.regime,
                           "checked": i.checked} for i in self.intervals],
            "changes": [c.to_json(as_float) for c in self.changes],
            "checks": {"agree": self.checks[0], "total": self.checks[1]},
            "points": points,
            "warnings": list(self.warnings),
        }


def support_key(eq) -> tuple:
    """Supports of a normal-form equilibrium; outcomes reached for a tree's."""
    if not hasattr(eq, "strategies"):
        from deterrence.parametric.regimes import path_outcomes

        return path_outcomes(eq)
    return tuple(tuple(k for k, p in enumerate(s) if p and (not isinstance(p, float) or p > 1e-12))
                 for s in eq.strategies)


# ---------------------------------------------------------------- one parameter


def _regime_index(regimes: list[Regime], regime: Regime) -> int:
    if regime not in regimes:
        regimes.append(regime)
    return regimes.index(regime)


def sweep_one(game, rng: Range, steps: int = 21, progress: Progress | None = None,
              workers: int = 1, model=None) -> Sweep:
    """Sweep one parameter over ``rng`` on ``steps`` grid points (see module doc).

    Raises
    ------
    UsageError
        For an undeclared parameter or a range outside its bounds.
    """
    if steps < 2:
        raise UsageError("a sweep needs at least 2 steps", hint="pass --steps 2 or more")
    check_ranges(game, [rng])
    if model is None:
        model = make_model(game, [rng.name])
    if hasattr(model, "sweep_one"):
        return model.sweep_one(rng, steps, progress, workers)
    if progress:
        progress(0, 1, "locating thresholds")
        if hasattr(model, "progress"):
            model.progress = progress
    critical = model.critical_values(rng.lo, rng.hi)
    if critical is None:
        return _sweep_by_bisection(game, model, rng, steps, progress, workers)
    inner = [c for c in critical if _less(rng.lo, c) and _less(c, rng.hi)]
    bounds = [rng.lo] + inner + [rng.hi]
    regimes: list[Regime] = []
    intervals: list[Interval] = []
    warnings: list[str] = []
    agree = total = 0
    for a, b in zip(bounds, bounds[1:]):
        mid = rational_between(a, b)
        regime, valid, degenerate = model.candidate_regime((mid,))
        checked = False
        if model.kind == "normal":
            solver_regime, _ = model.solver_regime((mid,))
            total += 1
            if solver_regime == regime and not degenerate:
                agree += 1
                checked = True
            else:
                warnings.append(f"between {number_text(a)} and {number_text(b)} the game is degenerate: "
                                "each grid point there was solved exactly by the general solver")
                regime, valid = solver_regime, None
        intervals.append(Interval(a, b, _regime_index(regimes, regime),
                                  tuple(valid) if valid is not None else None, checked))
    # the regime at each critical value, and the change points
    at_critical = []
    for c in inner:
        f = as_fraction(c)
        regime = model.regime_at((f,))[0] if f is not None else model.regime_at_algebraic(c)
        if model.kind == "tree":
            from deterrence.parametric.tree_sweep import on_boundary

            regime = on_boundary(regime)
        at_critical.append(_regime_index(regimes, regime))
    for k, r in enumerate(at_critical):
        sides = (intervals[k].regime, intervals[k + 1].regime)
        if r not in sides and not regimes[r].degenerate:
            from dataclasses import replace as _replace

            marked = _replace(regimes[r], degenerate=True)
            at_critical[k] = _regime_index(regimes, marked)
    changes = []
    if hasattr(model, "formulas"):
        formulas = model.formulas(rng.name, [(rational_between(i.lo, i.hi),) for i in intervals])
    else:
        formulas = threshold_formulas(game, rng.name)
    for k, c in enumerate(inner):
        before, after = intervals[k].regime, intervals[k + 1].regime
        if before != after or at_critical[k] not in (before, after):
            changes.append(ChangePoint(rng.name, c, before, at_critical[k], after,
                                       matching_formulas(formulas, game, rng.name, c)))
    # grid points: binary search among the critical values, exact where they coincide
    floats = np.linspace(float(rng.lo), float(rng.hi), steps)
    crit_floats = np.array([_float(c) for c in inner])
    position = np.searchsorted(crit_floats, floats, side="right") if len(inner) else np.zeros(steps, int)
    point_interval = position.astype(int)
    point_regimes = np.array([intervals[i].regime for i in point_interval], dtype=int)
    hits = []
    for j, c in enumerate(critical):
        cf = _float(c)
        near = np.nonzero(np.abs(floats - cf) <= 1e-9 * max(1.0, abs(cf)))[0]
        for i in near:
            value = rng.value(int(i), steps)
            if _equal(value, c):
                if any(c is d for d in inner):
                    point_regimes[i] = at_critical[[k for k, d in enumerate(inner) if d is c][0]]
                else:   # an end of the range that is itself a critical value
                    point_regimes[i] = _regime_index(regimes, model.regime_at((value,))[0])
                point_interval[i] = -1 - j
                hits.append((int(i), c))
            else:
                # floating point put it on the wrong side of a critical value: decide exactly
                side = int(np.searchsorted(crit_floats, cf, side="left")) + (1 if _less(c, value) else 0)
                side = min(side, len(intervals) - 1)
                point_interval[i] = side
                point_regimes[i] = intervals[side].regime
    return Sweep(game, rng, steps, tuple(regimes), tuple(intervals), tuple(changes), point_regimes,
                 tuple(hits), (agree, total), tuple(dict.fromkeys(warnings)), model, point_interval)


def _sweep_by_bisection(game, model, rng: Range, steps: int, progress, workers) -> Sweep:
    """Grid regimes computed exactly, change points by exact bisection (min/max payoffs)."""
    grid = rng.grid(steps)
    regimes: list[Regime] = []
    point_regimes = np.zeros(steps, dtype=int)
    for k, value in enumerate(grid):
        point_regimes[k] = _regime_index(regimes, model.regime_at((value,))[0])
        if progress:
            progress(k + 1, steps, "solving grid points")
    changes = []
    for k in range(1, steps):
        if point_regimes[k] == point_regimes[k - 1]:
            continue
        lo, hi = grid[k - 1], grid[k]
        left = point_regimes[k - 1]
        for _ in range(60):
            mid = (lo + hi) / 2
            r = _regime_index(regimes, model.regime_at((mid,))[0])
            if r == left:
                lo = mid
            else:
                hi = mid
        value = _simplest_between(lo, hi)
        at = _regime_index(regimes, model.regime_at((value,))[0])
        changes.append(ChangePoint(rng.name, _sympy_number(value), int(left), at, int(point_regimes[k]),
                                   matching_formulas(threshold_formulas(game, rng.name), game,
                                                     rng.name, _sympy_number(value)),
                                   method="exact bisection"))
    changes, _ = merge_repeated_changes(changes, rng)
    point_interval = np.full(steps, -10**9, dtype=int)   # no intervals: answers solved per point
    return Sweep(game, rng, steps, tuple(regimes), (), tuple(changes), point_regimes, (), (0, 0),
                 ("conditions with min/max: change points located by exact bisection",), model,
                 point_interval)


def merge_repeated_changes(changes, rng):
    """One change point per value: a grid point lying exactly on a threshold
    shows up as two changes (into and out of the boundary regime)."""
    from dataclasses import replace

    merged = []
    for c in changes:
        if merged and _equal(merged[-1].value, c.value):
            last = merged[-1]
            merged[-1] = replace(last, after=c.after, formulas=last.formulas or c.formulas,
                                 method=last.method if last.formulas else c.method)
        else:
            merged.append(c)
    merged = [c for c in merged if c.before != c.after or c.at not in (c.before, c.after)]
    return merged, [rng.lo] + [c.value for c in merged]


def _simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The rational with the smallest denominator in ``[lo, hi]`` (Stern-Brocot)."""
    for limit in range(1, 10**6):
        mid = ((lo + hi) / 2).limit_denominator(limit)
        if lo <= mid <= hi:
            return mid
        if limit > 64:
            break
    return (lo + hi) / 2


def make_model(game, free: Sequence[str]):
    """The compiled model a sweep evaluates: normal form or tree."""
    if getattr(game, "kind", "normal") == "normal":
        return NormalModel(game, free)
    from deterrence.parametric.tree_sweep import GridTreeModel, TreeModel

    if len(free) == 1 and game.is_perfect_information:
        return GridTreeModel(game, free)
    return TreeModel(game, free)


def point_answers(sweep: Sweep, indices, exact: bool = True, progress: Progress | None = None,
                  workers: int = 1) -> list[tuple]:
    """Equilibria at grid points of a sweep, from the compiled candidates."""
    indices = list(indices)
    model = sweep.model
    rng, steps = sweep.range, sweep.steps
    out: dict[int, tuple] = {}
    solve_points = []
    by_interval: dict[int, list[int]] = {}
    for i in indices:
        where = int(sweep.point_interval[i])
        if where < 0 or sweep.intervals[where].valid is None:
            solve_points.append(i)
        else:
            by_interval.setdefault(where, []).append(i)
    if not exact:
        for where, members in by_interval.items():
            valid = sweep.intervals[where].valid
            answers = model.interval_answers(valid, None, sweep.floats[members], exact=False)
            out.update(zip(members, answers))
    else:
        jobs = [(i, sweep.intervals[w].valid) for w, ms in by_interval.items() for i in ms]
        results = _exact_jobs(model, [(rng.value(i, steps),) for i, _ in jobs], [v for _, v in jobs], workers,
                              progress, len(indices))
        for (i, _), eqs in zip(jobs, results):
            out[i] = eqs
    for n, i in enumerate(solve_points):
        eqs = model.regime_at((rng.value(i, steps),))[1]
        out[i] = eqs if exact else tuple(_to_numeric(eq) for eq in eqs)
        if progress:
            progress(len(indices) - len(solve_points) + n + 1, len(indices), "solving points")
    return [out[i] for i in indices]


def _to_numeric(eq):
    """A float copy of an exact normal-form equilibrium (tree answers stay exact)."""
    if not hasattr(eq, "strategies"):
        return eq
    return NumericEquilibrium(tuple(tuple(float(p) for p in s) for s in eq.strategies),
                              tuple(float(v) for v in eq.payoffs))


# -- exact evaluation, optionally in worker processes

_WORKER_MODELS: dict = {}


def _exact_chunk(args):
    game, free, points, valids = args
    key = (id(game), free)
    model = _WORKER_MODELS.get(key)
    if model is None:
        _WORKER_MODELS.clear()
        model = _WORKER_MODELS[key] = make_model(game, free)
    return _grouped_answers(model, points, valids)


def _exact_jobs(model, points, valids, workers: int, progress, total: int) -> list:
    if not points:
        return []
    chunk = max(1, min(5000, len(points) // max(1, workers * 4) or 1))
    pieces = [(points[k:k + chunk], valids[k:k + chunk]) for k in range(0, len(points), chunk)]
    results: list = []
    if workers > 1 and len(points) > 2000:
        import concurrent.futures as cf

        with cf.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_exact_chunk, (model.game, model.free, p, v)) for p, v in pieces]
            for future in futures:
                results.extend(future.result())
                if progress:
                    progress(len(results), total, "exact payoffs")
        return results
    for p, v in pieces:
        results.extend(_grouped_answers(model, p, v))
        if progress:
            progress(len(results), total, "exact payoffs")
    return results


def _grouped_answers(model, points, valids) -> list:
    """Exact answers, one call per run of points sharing an interval."""
    out: list = []
    start = 0
    for k in range(1, len(points) + 1):
        if k == len(points) or valids[k] != valids[start]:
            out.extend(model.interval_answers(valids[start], [q[0] for q in points[start:k]], None,
                                              exact=True))
            start = k
    return out


# ---------------------------------------------------------------- formulas


def threshold_formulas(game, name: str) -> tuple[Any, ...]:
    """Every threshold of the fully symbolic solution, solved for ``name``.

    Returns sympy equations ``name = f(other parameters)``. Empty when the
    game is too large to solve with every parameter symbolic.
    """
    import sympy

    if getattr(game, "kind", "normal") != "normal":
        from deterrence.parametric.tree_sweep import tree_threshold_formulas

        return tree_threshold_formulas(game, name)
    if len(game.parameters.names) > 6 or math.prod(game.shape) > 16:
        return ()

    solution = _full_solution(game)
    sym = [s for s in solution.symbols if s.name == name]
    if not sym:
        return ()
    s = sym[0]
    out: dict[str, Any] = {}
    for cand in solution.candidates:
        for c in cand.conditions:
            if s not in c.expr.free_symbols:
                continue
            roots = roots_for(c.expr, s)
            for r in roots:
                eq = sympy.Eq(s, r, evaluate=False)
                out.setdefault(str(eq), eq)
    return tuple(out.values())


def roots_for(expr, symbol) -> list:
    """The solutions of ``expr = 0`` for ``symbol`` as formulas in the other
    parameters: linear and quadratic numerators directly, others by sympy."""
    import sympy

    from deterrence.parametric.symbolic import numerator_denominator

    num, _ = numerator_denominator(expr)
    out = []
    try:
        _, factors = sympy.factor_list(num)
    except sympy.PolynomialError:
        factors = [(num, 1)]
    for factor, _ in factors:
        if symbol not in factor.free_symbols:
            continue
        try:
            poly = sympy.Poly(factor, symbol)
        except sympy.PolynomialError:
            continue
        if poly.degree() == 1:
            a, b = poly.all_coeffs()
            out.append(sympy.factor(-b / a))
        elif poly.degree() == 2:
            a, b, c = poly.all_coeffs()
            root = sympy.sqrt(sympy.expand(b ** 2 - 4 * a * c))
            out += [sympy.radsimp((-b - root) / (2 * a)), sympy.radsimp((-b + root) / (2 * a))]
        else:
            try:
                out += list(sympy.solve(factor, symbol))
            except NotImplementedError:
                continue
    return out


_FULL_CACHE: dict = {}
#: Symbolic solutions of models whose every parameter is free (reused for formulas).
_MODEL_SOLUTIONS: dict = {}


def _full_solution(game):
    from deterrence.parametric.symbolic import solve_symbolic

    if len(game.parameters.names) == 1 and _MODEL_SOLUTIONS.get(id(game)) is not None:
        return _MODEL_SOLUTIONS[id(game)]

    key = (game.players, game.strategies, game.payoffs, game.parameters.declared,
           game.parameters.definitions)
    if key not in _FULL_CACHE:
        if len(_FULL_CACHE) > 16:
            _FULL_CACHE.clear()
        _FULL_CACHE[key] = solve_symbolic(game)
    return _FULL_CACHE[key]


def matching_formulas(formulas, game, name: str, value) -> tuple[Any, ...]:
    """The formulas that, at the other parameters' values, equal ``value``."""
    import sympy

    values = game.parameters.values()
    out = []
    for eq in formulas:
        subs = {sym: sympy.Rational(values[sym.name].numerator, values[sym.name].denominator)
                for sym in eq.rhs.free_symbols if sym.name in values and sym.name != name}
        try:
            v = eq.rhs.subs(subs)
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if v.free_symbols or v.has(sympy.zoo, sympy.nan):
            continue
        if _equal(v, value):
            out.append(eq)
    return tuple(out)


# ---------------------------------------------------------------- two parameters


@dataclass(frozen=True)
class Boundary:
    """A threshold curve crossing a regime map, with the regimes it separates."""

    equation: Any
    pairs: tuple[tuple[int, int], ...]

    @property
    def text(self) -> str:
        return _eq_text(self.equation)

    def to_json(self) -> dict[str, Any]:
        import sympy

        return {"text": self.text, "latex": sympy.latex(self.equation),
                "separates": [list(p) for p in self.pairs]}


@dataclass(frozen=True)
class RegimeMap:
    """Regimes on a grid of two parameters; ``grid[j, i]`` is the regime at
    ``(xs[i], ys[j])``."""

    game: Any
    x: Range
    y: Range
    steps: int
    regimes: tuple[Regime, ...]
    grid: np.ndarray = field(repr=False)
    boundaries: tuple[Boundary, ...]
    exact_cells: int
    checks: tuple[int, int]
    warnings: tuple[str, ...] = ()
    model: Any = field(default=None, repr=False, compare=False)

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.envelope import envelope
        from deterrence.model.numbers import number

        game = self.game
        return {
            **envelope(SWEEP_SCHEMA, game, as_float),
            "sweep": [{"parameter": r.name, "lo": number(r.lo, as_float), "hi": number(r.hi, as_float),
                       "steps": self.steps} for r in (self.x, self.y)],
            "exact": True,
            "regimes": [r.to_json(game) for r in self.regimes],
            "x": [number(v, as_float) for v in self.x.grid(self.steps)],
            "y": [number(v, as_float) for v in self.y.grid(self.steps)],
            "map": self.grid.tolist(),
            "boundaries": [b.to_json() for b in self.boundaries],
            "exact_cells": self.exact_cells,
            "checks": {"agree": self.checks[0], "total": self.checks[1]},
            "warnings": list(self.warnings),
        }


def regime_map(game, x: Range, y: Range, steps: int = 41, progress: Progress | None = None,
               workers: int = 1, model=None) -> RegimeMap:
    """The regime at every point of a ``steps`` × ``steps`` grid over two parameters.

    Each cell is classified by the vectorised candidate conditions; any cell
    floating point cannot decide (a condition within rounding of zero) is
    re-evaluated exactly, and degenerate cells by the exact solver. A few
    cells of each regime are checked against the exact solver.
    """
    if steps < 2:
        raise UsageError("a regime map needs at least 2 steps", hint="pass --steps 2 or more")
    check_ranges(game, [x, y])
    if model is None and getattr(game, "kind", "normal") == "normal":
        model = make_model(game, [x.name, y.name])
    if getattr(game, "kind", "normal") != "normal":
        from deterrence.parametric.tree_sweep import tree_regime_map

        return tree_regime_map(game, x, y, steps, progress, workers)
    return _normal_regime_map(game, model, x, y, steps, progress, workers)


def _normal_regime_map(game, model: NormalModel, x: Range, y: Range, steps: int, progress,
                       workers: int) -> RegimeMap:
    xs = np.linspace(float(x.lo), float(x.hi), steps)
    ys = np.linspace(float(y.lo), float(y.hi), steps)
    X, Y = np.meshgrid(xs, ys)
    valid, unsure = model.numeric_validity(X, Y)
    n_cand = valid.shape[0]
    codes = np.zeros(X.shape, dtype=np.int64)
    for k in range(n_cand):
        codes |= valid[k].astype(np.int64) << k
    regimes: list[Regime] = []
    grid = np.zeros(X.shape, dtype=int)
    code_regime: dict[int, int] = {}
    for code in np.unique(codes[~unsure]):
        mask = [(int(code) >> k) & 1 == 1 for k in range(n_cand)]
        code_regime[int(code)] = _regime_index(regimes, regime_of_candidates(model.solution, mask))
    for code, r in code_regime.items():
        grid[(codes == code) & ~unsure] = r
    gx, gy = x.grid(steps), y.grid(steps)
    cells = list(zip(*np.nonzero(unsure)))
    for n, (j, i) in enumerate(cells):
        grid[j, i] = _regime_index(regimes, model.regime_at((gx[i], gy[j]))[0])
        if progress and (n % 50 == 0 or n + 1 == len(cells)):
            progress(n + 1, len(cells), "exact cells")
    # check a few cells of every regime against the exact solver
    agree = total = 0
    warnings = []
    for r in range(len(regimes)):
        where = list(zip(*np.nonzero(grid == r)))
        for j, i in where[len(where) // 2: len(where) // 2 + 1] + where[:1]:
            point = (gx[i], gy[j])
            expected = model.solver_regime(point)[0]
            got, _, degenerate = model.candidate_regime(point)
            total += 1
            if degenerate or expected.members in (got.members, regimes[r].members):
                agree += 1
            else:
                warnings.append(f"at {x.name}={format_fraction(gx[i])}, {y.name}={format_fraction(gy[j])} "
                                "the exact solver disagrees with the symbolic candidates (degenerate game)")
    regimes, grid = only_on_thresholds(regimes, grid, unsure)
    boundaries = _map_boundaries(game, model, X, Y, grid, x.name, regimes)
    return RegimeMap(game, x, y, steps, tuple(regimes), grid, boundaries, len(cells), (agree, total),
                     tuple(warnings), model)


def _map_boundaries(game, model: NormalModel, X, Y, grid, first: str, regimes=None) -> tuple[Boundary, ...]:
    """Every irreducible factor of a condition whose sign flips between two
    neighbouring cells of different regimes, as an equation."""
    import sympy

    from deterrence.parametric.symbolic import Condition
    from deterrence.parametric.thresholds import _factors

    factors: dict[str, Any] = {}
    for cand in model.solution.candidates:
        for c in cand.conditions:
            for factor, _, _ in _factors(c.expr):
                factors.setdefault(str(factor), factor)
    found: dict[str, tuple[Any, set]] = {}
    for factor in factors.values():
        f = sympy.lambdify(list(model.symbols), factor, "numpy")
        with np.errstate(all="ignore"):
            v = np.broadcast_to(np.asarray(f(X, Y), dtype=float), X.shape)
        pairs = _flips(grid, v, regimes)
        if not pairs:
            continue
        equation = _boundary_equation(Condition(factor, True, "", None), model.symbols)
        found.setdefault(_eq_text(equation), (equation, set()))[1].update(pairs)
    return tuple(Boundary(eq, tuple(sorted(p))) for eq, p in found.values())


def _flips(grid, values, regimes=None) -> set:
    """Pairs of regimes lying on opposite sides of ``values = 0``: the sign
    of ``values`` is constant (and opposite) over each one's cells. Regimes
    on a boundary are left out, as are regimes the curve runs through."""
    sign = np.sign(np.where(np.isfinite(values), values, 0))
    sides = {}
    for r in np.unique(grid):
        if regimes is not None and regimes[int(r)].degenerate:
            continue
        signs = set(np.unique(sign[grid == r]).tolist()) - {0.0}
        if len(signs) == 1:
            sides[int(r)] = signs.pop()
    return {(a, b) for a in sides for b in sides if a < b and sides[a] != sides[b]}


def only_on_thresholds(regimes: list, grid: np.ndarray, unsure: np.ndarray) -> tuple[list, np.ndarray]:
    """Mark as boundaries the regimes met only at cells on a threshold.

    A regime that appears nowhere but where some condition is exactly zero is
    the answer *on* a boundary (ties, extra equilibria), not a region.
    """
    from dataclasses import replace

    out = list(regimes)
    for r, regime in enumerate(regimes):
        cells = grid == r
        if cells.any() and not (cells & ~unsure).any() and not regime.degenerate:
            out[r] = replace(regime, degenerate=True)
    return out, grid


def _boundary_equation(condition, symbols):
    import sympy

    for s in symbols:
        try:
            if sympy.Poly(condition.expr, s).degree() == 1:
                roots = sympy.solve(condition.expr, s)
                if len(roots) == 1:
                    return sympy.Eq(s, roots[0], evaluate=False)
        except sympy.PolynomialError:
            continue
    return sympy.Eq(condition.expr, 0, evaluate=False)


__all__ = [
    "Range", "Sweep", "RegimeMap", "ChangePoint", "Boundary", "Interval", "NormalModel",
    "sweep_one", "regime_map", "check_ranges", "make_model", "threshold_formulas",
    "SWEEP_SCHEMA",
]
