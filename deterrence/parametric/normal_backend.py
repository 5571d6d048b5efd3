"""The normal-form back end: support enumeration as formulas, compiled once, evaluated fast.

A :class:`NormalModel` is a normal-form game solved symbolically in its free
parameters (:mod:`deterrence.parametric.normal_symbolic`) and lambdified;
every question a sweep asks (regime at a point, critical values, payoffs on
a grid) is answered from that compiled form, with the exact general solver
used only to check intervals and at degenerate points.
:class:`NormalBackend` is the game's :class:`~deterrence.parametric.backend.Backend`:
sweeps, regime maps, thresholds and formulas.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.parametric.ranges import Range
>>> backend = NormalBackend(load_game("hawk_dove"))
>>> [c.formula_texts() for c in backend.sweep(Range.parse("C=0:12"), 13).changes]
[['C = V']]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from deterrence.model.expr import format_fraction
from deterrence.model.numbers import exact_fraction, sorted_unique
from deterrence.parametric.compiled import numeric_function
from deterrence.parametric.conditions import boundary_equation, equation_text, factors_of, text_of
from deterrence.parametric.intervals import IntervalAnswers, sweep_by_intervals
from deterrence.parametric.normal_symbolic import (SymbolicSolution, compile_solution,
                                                   solve_normal_symbolic)
from deterrence.parametric.normal_univariate import UnivariateNormalModel
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import (Regime, normal_regime, only_on_thresholds, opposite_sides,
                                           regime_index, regime_of_candidates)
from deterrence.parametric.results import Boundary, NumericEquilibrium, RegimeMap, Sweep
from deterrence.parametric.normal_formulas import MODEL_SOLUTIONS, threshold_formulas
from deterrence.parametric.roots import real_roots_in, sign_at


class NormalModel(IntervalAnswers):
    """A normal-form game compiled for sweeping the parameters ``free``.

    The candidates are solved symbolically once and lambdified; every
    question a sweep asks (regime at a point, critical values, payoffs on a
    grid) is answered from that compiled form, with the exact general solver
    used only to check intervals and at degenerate points.
    """

    #: Each interval's regime is checked against the exact general solver.
    checks_intervals = True

    def __init__(self, game, free: Sequence[str]) -> None:
        self.game = game
        self.free = tuple(free)
        self.solution = solve_normal_symbolic(game, self.free)
        if set(self.free) == set(game.parameters.names):
            MODEL_SOLUTIONS.clear()
            MODEL_SOLUTIONS[id(game)] = self.solution
        self.compiled = compile_solution(self.solution)
        # the compiled formulas take the parameters in declaration order (the solution's);
        # points and arrays come in the order asked (a map's x axis first)
        declared = self.solution.free
        self._declared = tuple(self.free.index(name) for name in declared)
        self.symbols = tuple(self.solution.symbols[declared.index(name)] for name in self.free)
        self.polynomial = True

    def _in_declared_order(self, point: Sequence) -> tuple:
        return tuple(point[k] for k in self._declared)

    # -- exact, one point

    def at(self, point: Sequence[Fraction]):
        return self.game.with_values(dict(zip(self.free, point)))

    def candidate_regime(self, point: Sequence[Fraction]) -> tuple[Regime, tuple[bool, ...], bool]:
        valid, degenerate = self.compiled.valid_exact(self._in_declared_order(point))
        return regime_of_candidates(self.solution, valid, degenerate), valid, degenerate

    def solver_regime(self, point: Sequence[Fraction], degenerate: bool = False):
        """The regime by the exact general solver; a *boundary* regime where
        the equilibria form a continuum."""
        from deterrence.solver import solve

        result = solve(self.at(point))
        continuum = any(c.is_continuum for c in result.components)
        return normal_regime(result, continuum), result.equilibria

    def regime_at(self, point: Sequence[Fraction]) -> tuple[Regime, tuple]:
        """The exact regime and equilibria at a rational point."""
        regime, valid, degenerate = self.candidate_regime(point)
        # with three players or more the candidates are the pure profiles only
        if degenerate or self.solution.singular or self.game.n_players != 2:
            return self.solver_regime(point, degenerate)
        return regime, self.candidate_equilibria(point, valid)

    def regime_at_algebraic(self, value) -> Regime:
        """The regime at an irrational critical value (one free parameter).

        Signs are read at 60 significant digits; a value that small is
        confirmed to be exactly zero symbolically.
        """
        sym = self.symbols[0]
        valid = []
        for cand in self.solution.candidates:
            ok = True
            for z in cand.nonzero:
                if sign_at(z, sym, value) == 0:
                    ok = False
            for c in cand.conditions:
                if not c.holds(sign_at(c.expr, sym, value)):
                    ok = False
            valid.append(ok)
        # marked as a boundary by the sweep when it differs from both sides
        return regime_of_candidates(self.solution, valid, False)

    def candidate_equilibria(self, point: Sequence[Fraction], valid: Sequence[bool]) -> tuple:
        from deterrence.nash.result import MixedEquilibrium, ordered

        out = []
        for k, ok in enumerate(valid):
            if not ok:
                continue
            strategies, payoffs, _, _ = self.compiled.exact_candidate(k, self._in_declared_order(point))
            flat = [exact_fraction(v) for v in strategies]
            shaped, start = [], 0
            for n in self.game.shape:
                shaped.append(tuple(flat[start:start + n]))
                start += n
            out.append(MixedEquilibrium(tuple(shaped), tuple(exact_fraction(v) for v in payoffs)))
        return isolated(ordered(out))

    # -- vectorised

    def numeric_values(self, *arrays: np.ndarray) -> list[np.ndarray]:
        """Every compiled formula evaluated on the arrays (broadcast to one shape)."""
        shape = np.broadcast(*arrays).shape if arrays else ()
        with np.errstate(all="ignore"):
            values = self.compiled.numeric(*self._in_declared_order(arrays))
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
                         exact: bool, detail: bool = True) -> list[tuple]:
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

    # -- what the walk and the sweep ask

    def boundary_regime(self, regime: Regime) -> Regime:
        return regime

    def change_formulas(self, name: str, points: Sequence[tuple]) -> tuple[Any, ...]:
        return threshold_formulas(self.game, name)

    def interval_outcomes(self, valid, floats) -> None:
        """A normal-form game has no outcomes to draw."""
        return None

    def block(self, valid, rng, steps: int, start: int, stop: int, exact: bool, detail: bool = False) -> None:
        """No columns: the points of an interval are evaluated one by one."""
        return None


def isolated(equilibria) -> tuple:
    """Equilibria listed in the solver's order, each its own component (numbered as ``solve``
    numbers them). Only for the candidates valid where no condition vanishes: a
    continuum needs a strategy outside a support to be a best response too, which is a
    condition at zero, and such a point is left to the exact solver."""
    from dataclasses import replace

    return tuple(replace(eq, component=k) for k, eq in enumerate(equilibria))


def _signs(f, rng, steps: int, start: int, stop: int) -> np.ndarray | int:
    """The exact sign of the rational function ``f`` at grid points ``start..stop-1``."""
    from deterrence.parametric.univariate import grid_values

    if f.is_constant:
        v = f.value
        return (v > 0) - (v < 0)
    num, _ = grid_values(f, rng.lo, rng.hi, steps, start, stop)
    return (num > 0).astype(np.int64) - (num < 0).astype(np.int64)


def _before(a, b, rng, steps: int, start: int, stop: int) -> np.ndarray | int:
    """Where ``a`` comes before ``b`` in the solver's order (pure first, then the larger
    probabilities of the first strategies): 1, after it: -1."""
    pure_a, pure_b = a.fields[("pure",)], b.fields[("pure",)]
    if pure_a != pure_b:
        return 1 if pure_a else -1
    out: np.ndarray | int = 0
    undecided: np.ndarray | bool = True
    for p, q in zip((f for s in a.order for f in s), (f for s in b.order for f in s)):
        sign = _signs(p - q, rng, steps, start, stop)
        out = np.where(undecided & (sign != 0), sign, out)
        undecided = undecided & (sign == 0)
        if not np.any(undecided):
            break
    return out


def numbered_columns(columns, rng, steps: int, start: int, stop: int):
    """``columns`` (a block's equilibria, by candidate) with the ``component`` each has at each
    grid point: its place in the solver's order there, where every equilibrium is
    isolated (see :func:`isolated`). A single value where the place does not change."""
    places = [np.zeros(stop - start, dtype=np.int64) for _ in columns]
    for i, a in enumerate(columns):
        for j in range(i + 1, len(columns)):
            first = np.asarray(_before(a, columns[j], rng, steps, start, stop))
            places[j] += first > 0
            places[i] += first < 0
    for eq, place in zip(columns, places):
        eq.fields[("component",)] = int(place[0]) if (place == place[0]).all() else place.tolist()
    return columns


class NumberedUnivariateModel(UnivariateNormalModel):
    """The sweep model of a matrix game whose payoffs are rational functions of the
    parameter (:class:`~deterrence.parametric.normal_univariate.UnivariateNormalModel`),
    its answers numbered in components as ``solve`` numbers them."""

    def equilibria(self, x, valid) -> tuple:
        return isolated(super().equilibria(x, valid))

    def regime_at(self, point):
        # with three players or more the candidates are the pure profiles only: an answer
        # at one point (a stretch that disagreed with the solver, a threshold) is the
        # exact solver's
        if self.game.n_players != 2:
            return self.solver_regime(point)
        return super().regime_at(point)

    def block(self, valid, rng, steps: int, start: int, stop: int, exact: bool, detail: bool = False):
        columns = super().block(valid, rng, steps, start, stop, exact, detail)
        return numbered_columns(columns, rng, steps, start, stop)


class NormalBackend:
    """The parametric analyses of a normal-form game (see the module doc)."""

    def __init__(self, game) -> None:
        self.game = game

    def sweep(self, rng: Range, steps: int, progress=None, workers: int = 1,
              components: bool = True, bisection: int | None = None, point_regimes: bool = True) -> Sweep:
        """Sweep without sympy when the payoffs are rational functions of the parameter
        (:mod:`~deterrence.parametric.normal_univariate`), else by the symbolic solution."""
        from deterrence.parametric.univariate import NotRational

        try:
            model = NumberedUnivariateModel(self.game, [rng.name])
        except NotRational:
            model = NormalModel(self.game, [rng.name])
        return sweep_by_intervals(model, rng, steps, progress, bisection)

    def regime_map(self, x: Range, y: Range, steps: int, progress=None, workers: int = 1,
                   client=None) -> RegimeMap:
        """Each cell is classified by the vectorised candidate conditions; any cell
        floating point cannot decide (a condition within rounding of zero) is
        re-evaluated exactly, and degenerate cells by the exact solver. A few
        cells of each regime are checked against the exact solver."""
        model = NormalModel(self.game, [x.name, y.name])
        return normal_regime_map(self.game, model, x, y, steps, progress, workers, client)

    def thresholds(self, samples: int, seed: int, progress=None, beside=None):
        """(``beside`` is unused: :meth:`threshold_solves` names no point.)"""
        from deterrence.parametric.normal_thresholds import normal_thresholds

        return normal_thresholds(self.game, samples=samples, seed=seed, progress=progress)

    def threshold_solves(self, samples: int, seed: int) -> list:
        """None: a matrix game's sampled point is solved in a few milliseconds, about what
        its answer would take to come back from a helper (unpickled)."""
        return []

    def threshold_key(self, answer):
        """Nothing (never asked for: :meth:`threshold_solves` names no point)."""
        return None

    def threshold_work(self, answer):
        """Nothing (never asked for: :meth:`threshold_solves` names no point)."""
        return None

    def symbolic(self, free: Sequence[str] | None = None) -> SymbolicSolution:
        return solve_normal_symbolic(self.game, free)

    def regime_of(self, result, degenerate: bool = False) -> Regime:
        return normal_regime(result, degenerate)

    def threshold_formulas(self, name: str) -> tuple[Any, ...]:
        return threshold_formulas(self.game, name)


# ---------------------------------------------------------------- formulas


# ---------------------------------------------------------------- two parameters


def normal_regime_map(game, model: NormalModel, x: Range, y: Range, steps: int, progress=None,
                      workers: int = 1, client=None) -> RegimeMap:
    """The regime at every cell of a ``steps`` x ``steps`` grid (see :meth:`NormalBackend.regime_map`)."""
    xs = np.linspace(float(x.lo), float(x.hi), steps)
    ys = np.linspace(float(y.lo), float(y.hi), steps)
    X, Y = np.meshgrid(xs, ys)
    valid, unsure = model.numeric_validity(X, Y)
    notes = []
    if game.n_players != 2:
        # the symbolic candidates of three players or more are the pure profiles only: a
        # mixed equilibrium has no conditions to classify a cell by, so every cell is the
        # exact solver's
        from deterrence.model import limits

        cells = steps * steps
        limits.check("solves", cells, f"{cells:,} cells of the map would each be solved exactly "
                     f"(a game of {game.n_players} players: its mixed equilibria have no formulas here)",
                     usage=True, hint="use fewer --steps")
        notes.append(f"a game of {game.n_players} players: every cell was solved exactly "
                     "(its mixed equilibria have no formulas here)")
    n_cand = valid.shape[0]
    codes = np.zeros(X.shape, dtype=np.int64)
    for k in range(n_cand):
        codes |= valid[k].astype(np.int64) << k
    regimes: list[Regime] = []
    grid = np.zeros(X.shape, dtype=int)
    code_regime: dict[int, int] = {}
    solved = unsure if game.n_players == 2 else np.ones_like(unsure, dtype=bool)
    for code in np.unique(codes[~solved]):
        mask = [(int(code) >> k) & 1 == 1 for k in range(n_cand)]
        code_regime[int(code)] = regime_index(regimes, regime_of_candidates(model.solution, mask))
    for code, r in code_regime.items():
        grid[(codes == code) & ~solved] = r
    gx, gy = x.grid(steps), y.grid(steps)
    cells = list(zip(*np.nonzero(solved)))
    for (j, i), regime in zip(cells, exact_cells(model, [(gx[i], gy[j]) for j, i in cells], progress, client)):
        grid[j, i] = regime_index(regimes, regime)
    # check a few cells of every regime against the exact solver
    agree = total = 0
    warnings = []
    if game.n_players != 2:          # every cell is the exact solver's
        agree = total = len(cells)
    for r in range(len(regimes) if game.n_players == 2 else 0):
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
    boundaries = map_boundaries(model, X, Y, grid, regimes)
    return RegimeMap(game, x, y, steps, tuple(regimes), grid, boundaries, len(cells), (agree, total),
                     tuple(notes + warnings), model)


_CELL_MODELS: dict = {}


def _cell_regimes(game, free, points) -> list[Regime]:
    """Exact regimes at map cells (on a Dask worker: the model compiled once per process)."""
    key = (game, tuple(free))
    if key not in _CELL_MODELS:
        _CELL_MODELS.clear()
        _CELL_MODELS[key] = NormalModel(game, free)
    model = _CELL_MODELS[key]
    return [model.regime_at(p)[0] for p in points]


def exact_cells(model: NormalModel, points, progress=None, client=None) -> list[Regime]:
    """The exact regime at each cell floating point cannot decide, here or on a cluster."""
    from deterrence.parametric.distributed import regimes_at

    return regimes_at(points, lambda p: model.regime_at(p)[0], _cell_regimes, (model.game, model.free),
                      progress, client, "exact cells", chunk=200)


def map_boundaries(model: NormalModel, X, Y, grid, regimes=None) -> tuple[Boundary, ...]:
    """Every irreducible factor of a condition whose sign flips between two
    neighbouring cells of different regimes, as an equation."""
    factors: dict[str, Any] = {}
    for cand in model.solution.candidates:
        for c in cand.conditions:
            for factor, _, _ in factors_of(c.expr):
                factors.setdefault(text_of(factor), factor)
    found: dict[str, tuple[Any, set]] = {}
    for factor in factors.values():
        f = numeric_function(model.symbols, factor)
        with np.errstate(all="ignore"):
            v = np.broadcast_to(np.asarray(f(X, Y), dtype=float), X.shape)
        pairs = {pair for pair in opposite_sides(grid, v, regimes)
                 if _borders(model, X, Y, grid, f, pair, regimes)}
        if not pairs:
            continue
        equation = boundary_equation(factor, model.symbols)
        found.setdefault(equation_text(equation), (equation, set()))[1].update(pairs)
    return tuple(Boundary(eq, tuple(sorted(p))) for eq, p in found.values())


def _borders(model: NormalModel, X, Y, grid, f, pair: tuple[int, int], regimes) -> bool:
    """Whether the curve ``f = 0`` is where the two regimes of ``pair`` meet, not only a
    curve between their cells: along the segment from a cell of one to the nearest cell
    of the other, the regimes exactly on either side of the curve's crossing are the
    two (prisoners_dilemma over T and R on a grid of whole numbers: ``T = R + 1`` lies
    between the same cells as ``T = R`` and was listed as a second boundary). Where
    the check cannot decide, the curve is kept."""
    from fractions import Fraction

    if regimes is None:
        return True
    cells = [np.argwhere(grid == r) for r in pair]
    if any(len(c) == 0 for c in cells):
        return True
    a_cells, b_cells = (c[:: max(1, len(c) // 200)] for c in cells)
    distance = ((a_cells[:, None, :] - b_cells[None, :, :]) ** 2).sum(axis=2)
    wanted = {regimes[pair[0]].members, regimes[pair[1]].members}
    for k in np.argsort(distance, axis=None)[:3]:
        (ja, ia), (jb, ib) = a_cells[k // len(b_cells)], b_cells[k % len(b_cells)]
        p, q = np.array([X[ja, ia], Y[ja, ia]]), np.array([X[jb, ib], Y[jb, ib]])

        def at(t: float) -> float:
            x, y = p + t * (q - p)
            with np.errstate(all="ignore"):
                return float(np.asarray(f(np.array([x]), np.array([y]))).ravel()[0])

        lo, hi = 0.0, 1.0
        if not np.isfinite(at(lo)) or not np.isfinite(at(hi)) or np.sign(at(lo)) == np.sign(at(hi)):
            return True                          # no crossing on this segment to test
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if np.sign(at(mid)) == np.sign(at(lo)) else (lo, mid)
        sides = []
        for t in (lo - 1e-7, hi + 1e-7):
            x, y = p + t * (q - p)
            try:
                sides.append(model.candidate_regime((Fraction(float(x)), Fraction(float(y))))[0].members)
            except (ArithmeticError, ValueError, TypeError):
                return True
        if set(sides) == wanted:
            return True
    return False


__all__ = ["NormalModel", "NormalBackend", "NumberedUnivariateModel", "isolated", "numbered_columns",
           "threshold_formulas", "normal_regime_map", "map_boundaries"]
