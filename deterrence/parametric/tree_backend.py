"""The tree back end: sweeps by regimes, regime maps, thresholds and formulas of a game tree.

One-parameter sweeps follow the equilibrium by regimes
(:mod:`~deterrence.parametric.tree_walk`: solved at a few points, the rest
from the formulas of the equilibria found there, mixed ones included). A
two-parameter map (:func:`tree_regime_map`) solves a few cells exactly,
evaluates each found profile's comparisons over the whole grid at once, and
solves exactly only the cells near a boundary. :class:`TreeBackend` is the
tree's :class:`~deterrence.parametric.backend.Backend`.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.parametric.ranges import Range
>>> g = load_game("punishment_credibility")
>>> s = TreeBackend(g).sweep(Range.parse("p=0:1"), 5)
>>> [(c.text, c.formula_texts()) for c in s.changes]
[('1/3', ['p = V/(V + c)'])]
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from deterrence.parametric.compiled import numeric_function
from deterrence.parametric.conditions import boundary_equation
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import (Regime, on_boundary, only_on_thresholds, opposite_sides,
                                           regime_index, tree_regime)
from deterrence.parametric.results import Boundary, RegimeMap, Sweep
from deterrence.parametric.symbols import free_symbols, parameter_symbols
from deterrence.parametric.tree_formulas import (comparisons, outcome_probabilities,
                                                 pure_profile, tree_symbolic)
from deterrence.solver import solve


class CellModel:
    """A tree whose ``free`` parameters are set cell by cell of a regime map, solved exactly."""

    def __init__(self, game, free: Sequence[str]) -> None:
        self.game, self.free = game, tuple(free)

    def at(self, point):
        return self.game.with_values(dict(zip(self.free, point)))

    def regime_at(self, point) -> tuple[Regime, tuple]:
        result = solve(self.at(point))
        return tree_regime(result), result.equilibria


class TreeBackend:
    """The parametric analyses of a game tree (see the module doc)."""

    def __init__(self, game) -> None:
        self.game = game

    def sweep(self, rng: Range, steps: int, progress=None, workers: int = 1) -> Sweep:
        """By regimes (:mod:`~deterrence.parametric.tree_walk`): solved at a few points, the
        rest from the formulas of the equilibria found there."""
        from deterrence.parametric.tree_walk import TreeSweepModel

        return TreeSweepModel(self.game, [rng.name]).sweep(rng, steps, progress)

    def regime_map(self, x: Range, y: Range, steps: int, progress=None, workers: int = 1,
                   client=None) -> RegimeMap:
        return tree_regime_map(self.game, x, y, steps, progress, workers, client=client)

    def thresholds(self, samples: int, seed: int, progress=None):
        from deterrence.parametric.tree_thresholds import tree_thresholds

        return tree_thresholds(self.game, samples=samples, seed=seed, progress=progress)

    def symbolic(self, free: Sequence[str] | None = None):
        if free is not None:
            from deterrence.errors import UsageError

            raise UsageError("symbolic candidates are for normal-form games",
                             hint="use 'deterrence thresholds' for the conditions of a game tree")
        return tree_symbolic(self.game)

    def regime_of(self, result, degenerate: bool = False) -> Regime:
        return tree_regime(result, degenerate)

    def threshold_formulas(self, name: str) -> tuple:
        return tree_threshold_formulas(self.game, name)


def tree_threshold_formulas(game, name: str) -> tuple:
    """Thresholds solved for ``name`` from the equilibrium's conditions at the values in force."""
    from deterrence.parametric.tree_walk import TreeSweepModel

    return TreeSweepModel(game, [name]).formulas(name, [game.parameters.values()[name]])


# ---------------------------------------------------------------- regime maps of trees


def _regime_job(args):
    game, free, points = args
    model = CellModel(game, free)
    return [model.regime_at(p)[0] for p in points]


def _regime_chunk(game, free, points):
    return _regime_job((game, free, points))


def solve_points(model, points, workers: int = 1, progress=None, client=None) -> list[Regime]:
    """The exact regime at each point, in worker processes or on a Dask cluster when asked
    (in chunks, put together in order: the same answer)."""
    if client is None and workers > 1 and len(points) > 8:
        from deterrence.parametric.workers import worker_pool

        chunk = max(1, len(points) // (workers * 4))
        pieces = [points[k:k + chunk] for k in range(0, len(points), chunk)]
        out: list[Regime] = []
        with worker_pool(workers) as pool:
            for piece in pool.map(_regime_job, [(model.game, model.free, p) for p in pieces]):
                out.extend(piece)
                if progress:
                    progress(len(out), len(points), "solving cells exactly")
        return out
    from deterrence.parametric.distributed import regimes_at

    return regimes_at(points, lambda p: model.regime_at(p)[0], _regime_chunk, (model.game, model.free),
                      progress, client, chunk=50)


def tree_regime_map(game, x, y, steps: int, progress=None, workers: int = 1, budget: int = 60,
                    client=None) -> RegimeMap:
    """The regime at every cell of a grid over two parameters of a tree.

    Profiles are discovered by solving exactly at a few cells; each profile's
    comparisons (inequalities in the two parameters) are lambdified and
    evaluated on the whole grid at once, and every cell where they hold with
    a margin takes that profile's regime. Cells near a boundary, and any the
    discovered profiles do not cover, are solved exactly. A few cells of
    every regime are re-checked with the exact solver.
    """
    model = CellModel(game, (x.name, y.name))
    gx, gy = x.grid(steps), y.grid(steps)
    X, Y = np.meshgrid(np.linspace(float(x.lo), float(x.hi), steps), np.linspace(float(y.lo), float(y.hi), steps))
    grid = np.full(X.shape, -1, dtype=int)
    unsure = np.zeros(X.shape, dtype=bool)
    regimes: list[Regime] = []
    boundaries: dict[str, tuple[Any, set]] = {}
    exact_cells = 0
    order = list(free_symbols(game, (x.name, y.name)))
    for _ in range(budget):
        todo = np.argwhere((grid < 0) & ~unsure)
        if not len(todo):
            break
        j, i = todo[len(todo) // 2]
        point = (gx[i], gy[j])
        result = solve(model.at(point))
        exact_cells += 1
        regime = tree_regime(result)
        r = regime_index(regimes, regime)
        grid[j, i] = r
        eq = pure_profile(result)
        if eq is None or len(result.equilibria) != 1:
            continue
        conditions = comparisons(model.at(point), eq.choice, (x.name, y.name))
        if not conditions:
            grid[(grid < 0)] = r
            continue
        f = numeric_function(order, [c.expr for c in conditions])
        with np.errstate(all="ignore"):
            values = [np.broadcast_to(np.asarray(v, dtype=float), X.shape) for v in f(X, Y)]
        holds = np.ones(X.shape, dtype=bool)
        near = np.zeros(X.shape, dtype=bool)
        for c, v in zip(conditions, values):
            tol = 1e-9 * max(1.0, float(np.nanmax(np.abs(v[np.isfinite(v)]), initial=0)))
            near |= ~np.isfinite(v) | (np.abs(v) <= tol)
            holds &= v > tol
        # an outcome whose probability vanishes changes the regime too
        reach = [e for e in outcome_probabilities(model.at(point), eq.choice,
                                                  parameter_symbols(game, (x.name, y.name))).values()
                 if e != 0 and not e.is_number]
        if reach:
            g = numeric_function(order, reach)
            with np.errstate(all="ignore"):
                for v in g(X, Y):
                    v = np.broadcast_to(np.asarray(v, dtype=float), X.shape)
                    near |= ~np.isfinite(v) | (np.abs(v) <= 1e-12)
        grid[(grid < 0) & holds & ~near] = r
        unsure |= (grid < 0) & near & holds | ((grid < 0) & near)
        for c in conditions:
            eqn = boundary_equation(c.expr, order)
            boundaries.setdefault(f"{eqn.lhs} = {eqn.rhs}", (eqn, set()))
    rest = [tuple(int(k) for k in cell) for cell in np.argwhere(grid < 0)]
    if rest:
        found = solve_points(model, [(gx[i], gy[j]) for j, i in rest], workers, progress, client)
        for (j, i), regime in zip(rest, found):
            if unsure[j, i]:
                regime = on_boundary(regime)
            grid[j, i] = regime_index(regimes, regime)
        exact_cells += len(rest)
    regimes, grid = only_on_thresholds(regimes, grid, unsure)
    # check a few cells of every regime
    agree = total = 0
    warnings = []
    for r in range(len(regimes)):
        where = np.argwhere(grid == r)
        for j, i in list(where[len(where) // 2: len(where) // 2 + 1]) + list(where[:1]):
            total += 1
            expected = model.regime_at((gx[i], gy[j]))[0]
            if expected.members == regimes[r].members:
                agree += 1
            else:
                warnings.append(f"at {x.name}={gx[i]}, {y.name}={gy[j]} the exact solver finds "
                                f"{expected.label(game)}")
    # which discovered boundaries actually separate regimes on the map
    out = []
    for text, (eqn, pairs) in boundaries.items():
        expr = eqn.lhs - eqn.rhs
        f = numeric_function(order, expr)
        with np.errstate(all="ignore"):
            v = np.broadcast_to(np.asarray(f(X, Y), dtype=float), X.shape)
        pairs.update(opposite_sides(grid, v, regimes))
        if pairs:
            out.append(Boundary(eqn, tuple(sorted(pairs))))
    return RegimeMap(game, x, y, steps, tuple(regimes), grid, tuple(out), exact_cells, (agree, total),
                     tuple(warnings), model)


__all__ = ["CellModel", "TreeBackend", "tree_regime_map", "tree_threshold_formulas",
           "solve_points"]
