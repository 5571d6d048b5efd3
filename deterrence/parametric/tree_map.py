"""Regime maps of game trees: two parameters, every cell's regime the exact solver's.

The tree is solved exactly at a few cells; every equilibrium found there,
mixed ones included, becomes formulas in the two parameters (a *piece*,
:mod:`~deterrence.parametric.tree_pieces`), kept in a library. A piece is an
equilibrium exactly where its conditions hold; their signs are computed on
every cell at once in exact arithmetic (:mod:`~deterrence.parametric.grid_signs`),
so a cell is

* *covered* where some piece's conditions all hold strictly: its regime is
  the set of the outcomes of the pieces that hold there;
* *on a threshold* where a condition of a piece not otherwise refuted is
  exactly zero (or undefined), or a chance probability is zero (a branch
  vanishes): solved exactly, its regime marked as a boundary where it has
  several equilibria;
* *uncovered* otherwise: the next cell solved exactly (discovery), until
  every cell is covered or on a threshold.

Equilibria that appear alongside others (a second, off-path deterrence
equilibrium, say) leave no trace in the conditions of those already found,
so covered cells are checked: in every connected stretch of one regime its
middle cell and its first are solved, and an answer with equilibria not yet
in the library adds them and the map is classified again, until the checks
agree. Where an equilibrium gives no formulas (indifference that is not
linear, payoffs with min/max, a tree whose shape changes with the
parameters), the library cannot say where it holds, and every cell is solved
exactly.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.parametric.ranges import Range
>>> g = load_game("punishment_credibility")
>>> m = tree_regime_map(g, Range.parse("p=0:1"), Range.parse("c=0:4"), 5)
>>> [b.text for b in m.boundaries]
['p = 1/(c + 1)']
>>> m.checks[0] == m.checks[1]
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from deterrence.errors import DeterrenceError
from deterrence.parametric.grid_signs import POLE, GridSigns
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import (Regime, on_boundary, only_on_thresholds, opposite_sides,
                                           regime_index, tree_regime)
from deterrence.parametric.results import Boundary, RegimeMap

#: Cells solved to discover equilibria before the rest is solved cell by cell.
BUDGET = 60
#: Rounds of checks (each may add equilibria and classify the map again).
CHECK_ROUNDS = 8
#: Cells whose equilibria give no formulas, off every threshold, before the map gives up on
#: formulas and solves every cell.
OPAQUE_LIMIT = 3


class CellModel:
    """A tree whose ``free`` parameters are set cell by cell of a regime map, solved exactly."""

    def __init__(self, game, free: Sequence[str]) -> None:
        self.game, self.free = game, tuple(free)

    def at(self, point):
        return self.game.with_values(dict(zip(self.free, point)))

    def result_at(self, point):
        from deterrence.solver import solve

        at = self.at(point)
        return solve(at), at

    def regime_at(self, point) -> tuple[Regime, tuple]:
        result, _ = self.result_at(point)
        return tree_regime(result), result.equilibria


def _regime_job(args):
    game, free, points = args
    model = CellModel(game, free)
    return [model.regime_at(p)[0] for p in points]


def _regime_chunk(game, free, points):
    return _regime_job((game, free, points))


def solve_points(model: CellModel, points, workers: int = 1, progress=None, client=None) -> list[Regime]:
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


class PieceLibrary:
    """The equilibria found so far as pieces, and where on the grid each one holds."""

    def __init__(self, game, grid: GridSigns) -> None:
        self.game, self.grid = game, grid
        self.pieces: list = []
        self._keys: set = set()
        shape = grid.shape
        self.holds: list[np.ndarray] = []
        self.ties = np.zeros(shape, dtype=bool)
        # a chance probability of zero removes a branch: the formulas degenerate there
        self.vanishing = np.zeros(shape, dtype=bool)
        field = grid.field
        for v in range(game.size):
            if game.is_chance(v):
                for e in game.edges(v):
                    s = grid.signs(field.of(game.exprs[int(game.edge_prob[e])]))
                    self.vanishing |= (s == 0) | (s == POLE)

    def add(self, piece) -> bool:
        """Add an equilibrium's piece (unless the same structure is there); whether it was new."""
        field = self.grid.field
        key = (piece.outcome_key, tuple(tuple(not field.is_zero(p) for p in row) for row in piece.probabilities))
        if key in self._keys:
            return False
        self._keys.add(key)
        refuted = np.zeros(self.grid.shape, dtype=bool)
        zero = np.zeros(self.grid.shape, dtype=bool)
        for c in piece.conditions:
            s = self.grid.signs(c.expr)
            refuted |= s == -1
            zero |= (s == 0) | (s == POLE)
        self.pieces.append(piece)
        self.holds.append(~refuted & ~zero)
        self.ties |= ~refuted & zero
        return True

    @property
    def on_threshold(self) -> np.ndarray:
        """Cells where some piece's condition is exactly zero or a branch vanishes."""
        return self.ties | self.vanishing

    def predicted(self) -> tuple[np.ndarray, list[Regime]]:
        """The regime the pieces give each covered cell: ``(index grid, regimes)``; -1 where
        no piece holds."""
        out = np.full(self.grid.shape, -1, dtype=int)
        regimes: list[Regime] = []
        if not self.pieces:
            return out, regimes
        holds = np.stack(self.holds).reshape(len(self.pieces), -1).T      # (cells, pieces)
        patterns, inverse = np.unique(holds, axis=0, return_inverse=True)
        codes = np.full(len(patterns), -1, dtype=int)
        for n, pattern in enumerate(patterns):
            if pattern.any():
                regime = Regime.of("tree", [self.pieces[k].outcome_key for k in np.flatnonzero(pattern)])
                codes[n] = regime_index(regimes, regime)
        return codes[inverse.reshape(-1)].reshape(self.grid.shape), regimes

    def factors(self) -> list[tuple[Any, np.ndarray]]:
        """Each distinct factor of the pieces' conditions (numerators and denominators) that
        involves the parameters, as ``(ring polynomial, its signs on the grid)``."""
        seen: set = set()
        found: dict[Any, np.ndarray] = {}
        for piece in self.pieces:
            for c in piece.conditions:
                if c.expr in seen:
                    continue
                seen.add(c.expr)
                for part in (c.expr.numer, c.expr.denom):
                    for factor, _ in part.factor_list()[1]:
                        if all(d == 0 for d in factor.degrees()):
                            continue
                        factor = -factor if factor.LC < 0 else factor
                        if factor not in found:
                            found[factor] = self.grid.polynomial_signs(factor)
        return list(found.items())


def _components(mask: np.ndarray, labels: np.ndarray) -> list[list[tuple[int, int]]]:
    """Connected stretches (4-neighbours) of cells in ``mask`` with equal ``labels``,
    each in row-major order."""
    seen = np.zeros(mask.shape, dtype=bool)
    out = []
    rows, cols = mask.shape
    for j, i in np.argwhere(mask):
        if seen[j, i]:
            continue
        stack, cells = [(int(j), int(i))], []
        seen[j, i] = True
        while stack:
            a, b = stack.pop()
            cells.append((a, b))
            for c, d in ((a + 1, b), (a - 1, b), (a, b + 1), (a, b - 1)):
                if 0 <= c < rows and 0 <= d < cols and mask[c, d] and not seen[c, d] \
                        and labels[c, d] == labels[a, b]:
                    seen[c, d] = True
                    stack.append((c, d))
        out.append(sorted(cells))
    return out


class MapWalk:
    """One regime map being computed (see the module doc)."""

    def __init__(self, game, x: Range, y: Range, steps: int, progress=None, workers: int = 1,
                 client=None, budget: int = BUDGET) -> None:
        self.game, self.x, self.y, self.steps = game, x, y, steps
        self.progress, self.workers, self.client, self.budget = progress, workers, client, budget
        self.model = CellModel(game, (x.name, y.name))
        self.xs, self.ys = x.grid(steps), y.grid(steps)
        self.exact: dict[tuple[int, int], Regime] = {}     # cells solved by the exact solver
        self.opaque: dict[tuple[int, int], str] = {}        # ... whose equilibria gave no formulas
        self.notes: list[str] = []
        self._searching = True
        self.library = self._library()

    def point(self, cell: tuple[int, int]):
        j, i = cell
        return (self.xs[i], self.ys[j])

    def _library(self) -> PieceLibrary | None:
        from deterrence.parametric.tree_pieces import FractionField, NotRational

        game = self.game
        why = None
        try:
            field = FractionField(game, (self.x.name, self.y.name))
            grid = GridSigns(field, self.x, self.y, self.steps)
            library = PieceLibrary(game, grid)
            unused = [n for n in (self.x.name, self.y.name)
                      if not any(field.depends_on(field.of(e), n) for e in game.exprs)]
        except (NotRational, ZeroDivisionError):
            why = "payoffs that are not rational functions of the parameters (min/max)"
        else:
            if getattr(game, "rebuild", None) is not None:
                third = Fraction(1, 3)
                probes = [(self.x.lo + (self.x.hi - self.x.lo) * a, self.y.lo + (self.y.hi - self.y.lo) * b)
                          for a, b in ((third, third), (2 * third, 2 * third), (third, 2 * third),
                                       (2 * third, third))]
                shape = game.structure
                if unused or any(self._shape_at(p) != shape for p in probes):
                    why = (f"a tree that changes with {', '.join(unused) or 'the parameters'} "
                           f"(a built model)")
        if why is not None:
            from deterrence.model import limits

            cells = self.steps * self.steps
            limits.check("solves", cells, f"{cells:,} cells of the map would each be solved exactly "
                         f"({why})", usage=True, hint="use fewer --steps")
            self.notes.append(f"{why}: every cell was solved exactly")
            return None
        return library

    def _shape_at(self, point) -> tuple | None:
        """The shape of the tree at ``point`` (``None`` where the model refuses the point)."""
        try:
            return self.model.at(point).structure
        except DeterrenceError:
            return None

    # -- exact solving

    def solve(self, cell: tuple[int, int]) -> Regime:
        """Solve one cell exactly; add its equilibria to the library (or note it as opaque)."""
        from deterrence.parametric.tree_pieces import NoFormulas, NotRational, piece_of

        result, at = self.model.result_at(self.point(cell))
        regime = tree_regime(result)
        self.exact[cell] = regime
        if self.library is not None:
            field = self.library.grid.field
            point = tuple(self.point(cell)[(self.x.name, self.y.name).index(n)] for n in field.names)
            try:
                for eq in result.equilibria:
                    self.library.add(piece_of(self.game, eq, at, field, point))
            except (NoFormulas, NotRational, ZeroDivisionError) as exc:
                if not self.library.vanishing[cell]:
                    self.opaque[cell] = str(exc)
        return regime

    def solve_many(self, cells: list[tuple[int, int]]) -> None:
        cells = [c for c in cells if c not in self.exact]
        found = solve_points(self.model, [self.point(c) for c in cells], self.workers, self.progress,
                             self.client)
        self.exact.update(zip(cells, found))

    def _gave_up(self) -> bool:
        """Whether equilibria without formulas, off every threshold, make the library useless."""
        if self.library is None:
            return True
        return len(self._opaque_off_thresholds()) >= (1 if not self._searching else OPAQUE_LIMIT)

    def _opaque_off_thresholds(self) -> list[tuple[int, int]]:
        """Cells whose equilibria gave no formulas and that lie on no threshold found."""
        ties = self.library.on_threshold
        return [c for c in self.opaque if not ties[c]]

    # -- the walk

    def run(self) -> RegimeMap:
        shape = (self.steps, self.steps)
        checks = (0, 0)
        warnings: list[str] = []
        if self.library is not None:
            self._discover()
            self._searching = False
            if not self._gave_up():
                checks, warnings = self._check()
        if self._gave_up():
            if self.library is not None:
                cell = self._opaque_off_thresholds()[0]
                (u, v), why = self.point(cell), self.opaque[cell]
                self.notes.append(f"at {self.x.name}={u}, {self.y.name}={v} an equilibrium gives no "
                                  f"formulas ({why}): every cell was solved exactly")
            checks, warnings = (0, 0), []       # nothing is left to check
            self.solve_many([(j, i) for j in range(self.steps) for i in range(self.steps)])
            predicted, found = np.full(shape, -1, dtype=int), []
            ties = self.library.on_threshold if self.library is not None else np.zeros(shape, dtype=bool)
        else:
            ties = self.library.on_threshold
            predicted, found = self.library.predicted()
            self.solve_many([(int(j), int(i)) for j, i in np.argwhere(ties | (predicted < 0))])
        regimes: list[Regime] = []
        grid = np.full(shape, -1, dtype=int)
        for j in range(self.steps):
            for i in range(self.steps):
                regime = self.exact.get((j, i))
                if regime is None:
                    regime = found[predicted[j, i]]
                elif ties[j, i]:
                    regime = on_boundary(regime)
                grid[j, i] = regime_index(regimes, regime)
        regimes, grid = only_on_thresholds(regimes, grid, ties)
        boundaries = self._boundaries(grid, regimes)
        return RegimeMap(self.game, self.x, self.y, self.steps, tuple(regimes), grid, tuple(boundaries),
                         len(self.exact), checks, tuple(self.notes + warnings), self.model)

    def _discover(self) -> None:
        """Solve uncovered cells off the thresholds until every cell is covered or on one."""
        library = self.library
        centre = (self.steps // 2, self.steps // 2)
        for n in range(self.budget):
            predicted, _ = library.predicted()
            todo = [tuple(int(k) for k in c)
                    for c in np.argwhere((predicted < 0) & ~library.on_threshold)
                    if tuple(int(k) for k in c) not in self.exact]
            if not todo or self._gave_up():
                return
            cell = centre if centre in todo else todo[len(todo) // 2]
            self.solve(cell)
            if self.progress:
                self.progress(n + 1, self.budget, "finding the regimes")

    def _check(self) -> tuple[tuple[int, int], list[str]]:
        """Solve the middle and first cell of every stretch of one predicted regime; add what
        they find; again until they agree. ``((agree, total), warnings)`` of the last round."""
        library = self.library
        agree = total = 0
        wrong: list[tuple[tuple[int, int], Regime, Regime]] = []
        for _ in range(CHECK_ROUNDS):
            predicted, found = library.predicted()
            free = (predicted >= 0) & ~library.on_threshold
            agree = total = 0
            wrong = []
            for cells in _components(free, predicted):
                for cell in dict.fromkeys((cells[len(cells) // 2], cells[0])):
                    expected = self.exact.get(cell) or self.solve(cell)
                    total += 1
                    if expected.members == found[predicted[cell]].members:
                        agree += 1
                    else:
                        wrong.append((cell, found[predicted[cell]], expected))
                if self._gave_up():
                    return (agree, total), []
            if not wrong:
                break
        warnings = [f"at {self.x.name}={self.point(c)[0]}, {self.y.name}={self.point(c)[1]} the formulas "
                    f"give {got.label(self.game)} but the exact solver finds {expected.label(self.game)}"
                    for c, got, expected in wrong]
        return (agree, total), warnings

    def _boundaries(self, grid: np.ndarray, regimes: list[Regime]) -> list[Boundary]:
        """The thresholds that separate regimes on the map, with the pairs they separate."""
        from deterrence.parametric.conditions import boundary_equation, equation_text

        if self.library is None:
            return []
        order = self.library.grid.field.symbols
        out: dict[str, Boundary] = {}
        for factor, signs in self.library.factors():
            pairs = opposite_sides(grid, signs, regimes)
            if pairs:
                eq = boundary_equation(factor.as_expr(), order)
                text = equation_text(eq)
                old = out[text].separates if text in out else ()
                out[text] = Boundary(eq, tuple(sorted(set(old) | pairs)))
        return list(out.values())


def tree_regime_map(game, x: Range, y: Range, steps: int, progress=None, workers: int = 1,
                    budget: int = BUDGET, client=None) -> RegimeMap:
    """The regime at every cell of a ``steps`` x ``steps`` grid over two parameters of a tree,
    each equal to the exact solver's there (see the module doc)."""
    return MapWalk(game, x, y, steps, progress, workers, client, budget).run()


__all__ = ["tree_regime_map", "CellModel", "PieceLibrary", "MapWalk", "solve_points", "BUDGET"]
