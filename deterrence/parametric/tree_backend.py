"""The tree back end: backward-induction comparisons as formulas, followed along a parameter.

At given parameter values the exact tree solver finds the equilibrium (its
regime: which outcomes have positive probability). Holding that profile
fixed, its comparisons (:func:`~deterrence.parametric.tree_formulas.comparisons`)
are inequalities in the parameters; the profile stays the answer exactly
while they hold, so their roots in a swept parameter are where the regime
can change: a :class:`TreeModel` sweep walks from one root to the next,
re-solving only there. A tree of perfect information is swept by
:class:`GridTreeModel`: backward induction vectorised over the whole grid.
:class:`TreeBackend` is the tree's :class:`~deterrence.parametric.backend.Backend`.

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

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from deterrence.model.numbers import (as_fraction, equal, exact_fraction, less, rational_between,
                                      simplest_between, sorted_unique, to_float)
from deterrence.parametric.compiled import exact_function, numeric_function
from deterrence.parametric.conditions import Condition, boundary_equation
from deterrence.parametric.intervals import (IntervalAnswers, merge_repeated_changes)
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import (Regime, on_boundary, only_on_thresholds, opposite_sides,
                                           regime_index, tree_regime)
from deterrence.parametric.results import Boundary, ChangePoint, Interval, ProfileAnswer, RegimeMap, Sweep
from deterrence.parametric.roots import real_roots_in, roots_of_conditions
from deterrence.parametric.symbols import free_symbols, parameter_symbols
from deterrence.parametric.tree_formulas import (comparisons, node_values, outcome_probabilities,
                                                 pure_profile, tree_symbolic)
from deterrence.solver import solve


@dataclass(frozen=True)
class CompiledProfile:
    """Payoffs and outcome probabilities of one pure profile, lambdified."""

    text: str
    labels: tuple[str, ...]
    numeric: Any
    exact: Any
    n_players: int


class TreeModel(IntervalAnswers):
    """A game tree prepared for sweeping ``free`` parameters (see module doc)."""

    #: Intervals are found by re-solving exactly; no extra check against the solver.
    checks_intervals = False

    def __init__(self, game, free: Sequence[str]) -> None:
        self.game = game
        self.free = tuple(free)
        self.polynomial = True
        self._compiled: dict = {}
        self._texts: dict = {}
        self.progress = None

    def at(self, point):
        return self.game.with_values(dict(zip(self.free, point)))

    def regime_at(self, point) -> tuple[Regime, tuple]:
        result = solve(self.at(point))
        return tree_regime(result), result.equilibria

    def candidate_regime(self, point):
        """The regime at ``point`` and, when it rests on one pure profile,
        that profile (so the interval is evaluated from its formulas)."""
        result = solve(self.at(point))
        regime = tree_regime(result)
        eq = pure_profile(result)
        if eq is None or len(result.equilibria) != 1:
            return regime, None, False
        choice = tuple(int(a) for a in eq.choice)
        self._texts[choice] = eq.label(self.game)
        return regime, choice, False

    def compiled(self, choice) -> CompiledProfile:
        if choice not in self._compiled:
            symbols = parameter_symbols(self.game, self.free)
            order = list(free_symbols(self.game, self.free))
            payoffs = node_values(self.game, choice, symbols)[0]
            outcomes = outcome_probabilities(self.game, choice, symbols)
            flat = list(payoffs) + list(outcomes.values())
            numeric = numeric_function(order, flat)
            exact = exact_function(order, flat)
            self._compiled[choice] = CompiledProfile(self._texts.get(choice, ""), tuple(outcomes), numeric,
                                                     exact, self.game.n_players)
        return self._compiled[choice]

    def interval_answers(self, choice, points: Sequence[Fraction], floats, exact: bool) -> list[tuple]:
        """The equilibrium at each point of an interval whose profile is ``choice``."""
        if exact and points is not None and len(points) <= 200:
            # few points: the exact solver's full answer (strategies, beliefs, flags)
            return [self.regime_at((x,))[1] for x in points]
        c = self.compiled(choice)
        n = c.n_players
        if exact:
            out = []
            for x in points:
                values = [exact_fraction(v) for v in c.exact(x)]
                out.append((ProfileAnswer(c.text, tuple(values[:n]),
                                          tuple((l, v) for l, v in zip(c.labels, values[n:]) if v)),))
            return out
        with np.errstate(all="ignore"):
            values = [np.broadcast_to(np.asarray(v, dtype=float), floats.shape) for v in c.numeric(floats)]
        return [(ProfileAnswer(c.text, tuple(float(v[k]) for v in values[:n]),
                               tuple((l, float(v[k])) for l, v in zip(c.labels, values[n:]) if v[k])),)
                for k in range(len(floats))]

    def interval_payoffs(self, choice, floats) -> list[tuple[tuple, np.ndarray]]:
        """``[(outcomes reached, payoff array (points, players))]`` for the plots."""
        c = self.compiled(choice)
        with np.errstate(all="ignore"):
            values = [np.broadcast_to(np.asarray(v, dtype=float), floats.shape) for v in c.numeric(floats)]
        key = tuple(sorted(l for l, v in zip(c.labels, values[c.n_players:]) if np.any(v > 0)))
        return [(key, np.stack(values[:c.n_players], axis=1))]

    def interval_outcomes(self, choice, floats) -> dict[str, np.ndarray]:
        c = self.compiled(choice)
        with np.errstate(all="ignore"):
            values = [np.broadcast_to(np.asarray(v, dtype=float), floats.shape) for v in c.numeric(floats)]
        return dict(zip(c.labels, values[c.n_players:]))

    def conditions_at(self, point, free=None) -> list | None:
        """The comparisons of the equilibrium at ``point``, plus (for the
        critical values) the outcome probabilities that must stay positive."""
        result = solve(self.at(point))
        eq = pure_profile(result)
        if eq is None:
            return None
        free = self.free if free is None else free
        out = comparisons(self.at(point), eq.choice, free)
        if free == self.free:
            for label, p in outcome_probabilities(self.at(point), eq.choice,
                                                  parameter_symbols(self.game, free)).items():
                if p != 0 and not p.is_number:
                    out.append(Condition(p, True, f"{label} has positive probability", p > 0))
        return out

    def critical_values(self, lo: Fraction, hi: Fraction) -> list | None:
        found: list = []
        x = lo
        for _ in range(64):
            conditions = self.conditions_at((x,)) if x == lo else None
            nxt = None
            probe = x
            if conditions is None:
                # just right of x: a rational before the next root of the conditions at x
                base = self.conditions_at((x,)) if isinstance(x, Fraction) else None
                roots = roots_of_conditions(base, x, hi) if base is not None else []
                probe = rational_between(x, roots[0] if roots else hi) if less(x, hi) else x
                conditions = self.conditions_at((probe,))
            if conditions is None:
                return None
            roots = [r for r in roots_of_conditions(conditions, x, hi) if less(x, r)]
            if not roots:
                break
            nxt = roots[0]
            found.append(nxt)
            if self.progress:
                done = (to_float(nxt) - float(lo)) / max(float(hi - lo), 1e-300)
                self.progress(int(1000 * min(1.0, done)), 1000, "following the equilibrium")
            if not isinstance(nxt, Fraction) and getattr(nxt, "is_Rational", False):
                nxt = Fraction(int(nxt.p), int(nxt.q))
            x = nxt if isinstance(nxt, Fraction) else rational_between(nxt, hi)
        return sorted_unique(found)

    # -- what the walk and the sweep ask

    def regime_at_algebraic(self, value) -> Regime:
        """A tree is solved at rationals only: the regime at the nearest simple rational."""
        return self.regime_at((Fraction(to_float(value)).limit_denominator(10**12),))[0]

    def solver_regime(self, point):
        return self.regime_at(point)

    def boundary_regime(self, regime: Regime) -> Regime:
        return on_boundary(regime)

    def change_formulas(self, name: str, points) -> tuple:
        if not points:
            points = [(self.game.parameters.values()[name],)]
        return self.formulas(name, points)

    def formulas(self, name: str, points) -> tuple:
        """Thresholds solved for ``name`` from the comparisons at each point (all parameters free)."""
        import sympy

        out: dict[str, Any] = {}
        for point in points:
            conditions = self.conditions_at(point, free=self.game.parameters.names)
            for c in conditions or ():
                syms = [s for s in c.expr.free_symbols if s.name == name]
                if not syms:
                    continue
                try:
                    roots = sympy.solve(c.expr, syms[0])
                except NotImplementedError:
                    continue
                for r in roots:
                    eq = sympy.Eq(syms[0], sympy.factor(r), evaluate=False)
                    out.setdefault(str(eq), eq)
        return tuple(out.values())


class GridTreeModel(TreeModel):
    """A tree of perfect information swept over one parameter, vectorised.

    Backward induction runs once over the whole grid with numpy (one array
    of values per node, the argmax taken point by point); grid points where
    two actions come within rounding of a tie are re-solved exactly. Where
    the regime changes between two grid points, the node whose choice flips
    is found, its two actions' continuation values are written as formulas
    (the backward-induction comparison), and the root between the two grid
    values is the exact change point.
    """

    def __init__(self, game, free: Sequence[str]) -> None:
        super().__init__(game, free)
        self.symbols = parameter_symbols(game, self.free)
        self.symbol = free_symbols(game, self.free)[0]
        self._sympy = [e.to_sympy(self.symbols) for e in game.exprs]
        self._numeric = [numeric_function([self.symbol], e) for e in self._sympy]

    def _eval(self, k: int, xs: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(self._numeric[k](xs), dtype=float), xs.shape)

    def fold(self, xs: np.ndarray):
        """Backward induction at every point of ``xs``: (root payoffs (P, players),
        choice per node (n, P), near-tie mask (P,), outcome reach {label: (P,)})."""
        game = self.game
        n, P, m = game.size, len(xs), game.n_players
        table = [self._eval(k, xs) for k in range(len(self._numeric))]   # each expression once
        values: dict[int, np.ndarray] = {}
        choice = np.full((n, P), -1, dtype=np.int16)
        unsure = np.zeros(P, dtype=bool)
        zero = np.zeros(P)
        for v in reversed(range(n)):
            own = np.stack([table[int(k)] if int(k) >= 0 else zero for k in game.payoff[v]], axis=1)
            if game.is_terminal(v):
                values[v] = own
                continue
            edges = list(game.edges(v))
            kids = [values.pop(int(game.child[e])) for e in edges]
            if game.is_chance(v):
                total = own
                for e, kid in zip(edges, kids):
                    total = total + table[int(game.edge_prob[e])][:, None] * kid
                values[v] = total
                continue
            mover = int(game.mover[v])
            if len(kids) == 1:
                choice[v] = 0
                values[v] = own + kids[0]
                continue
            if len(kids) == 2:
                a, b = kids[0][:, mover], kids[1][:, mover]
                second = b > a
                choice[v] = second
                unsure |= np.abs(a - b) <= 1e-9 * np.maximum(1.0, np.abs(a))
                values[v] = own + np.where(second[:, None], kids[1], kids[0])
                continue
            mine = np.stack([kid[:, mover] for kid in kids])          # (actions, P)
            best = np.argmax(mine, axis=0)
            ordered = np.sort(mine, axis=0)
            unsure |= np.abs(ordered[-1] - ordered[-2]) <= 1e-9 * np.maximum(1.0, np.abs(ordered[-1]))
            choice[v] = best
            values[v] = own + np.stack(kids)[best, np.arange(P)]
        reach: dict[int, np.ndarray] = {0: np.ones(P)}
        outcomes: dict[str, np.ndarray] = {}
        for v in range(n):
            here = reach.pop(v)
            if game.is_terminal(v):
                label = game.outcome[v] or game.ids[v]
                outcomes[label] = outcomes.get(label, 0) + here
                continue
            for k, e in enumerate(game.edges(v)):
                c = int(game.child[e])
                if game.is_chance(v):
                    reach[c] = here * table[int(game.edge_prob[e])]
                else:
                    reach[c] = here * (choice[v] == k)
        return values[0], choice, unsure, outcomes

    def _is_change(self, root, left: int, right: int, regimes) -> bool:
        """Whether the regime just left or right of ``root`` differs from the other side."""
        return True

    def _bisect(self, lo: Fraction, hi: Fraction, left: int, regimes) -> Fraction:
        """Exact bisection on rationals to the change, then the simplest rational there."""
        for _ in range(48):
            mid = (lo + hi) / 2
            if regime_index(regimes, self.regime_at((mid,))[0]) == left:
                lo = mid
            else:
                hi = mid
        return simplest_between(lo, hi)

    def series(self, sweep) -> dict[tuple, np.ndarray]:
        """Payoffs along the sweep's grid, one series per regime, from one fold."""
        payoffs, _, _, _ = self.fold(sweep.floats)
        out: dict[tuple, np.ndarray] = {}
        for r, regime in enumerate(sweep.regimes):
            rows = sweep.point_regimes == r
            if not rows.any():
                continue
            key = tuple(o for member in regime.members for o in member)
            series = out.setdefault(key, np.full((sweep.steps, self.game.n_players), np.nan))
            series[rows] = payoffs[rows]
        return out

    def interval_payoffs(self, choice, floats) -> list[tuple[tuple, np.ndarray]]:
        payoffs, _, _, outcomes = self.fold(np.asarray(floats, dtype=float))
        key = tuple(sorted(l for l, r in outcomes.items() if np.any(r > 0)))
        return [(key, payoffs)]

    def interval_outcomes(self, choice, floats) -> dict[str, np.ndarray]:
        return self.fold(np.asarray(floats, dtype=float))[3]

    def interval_answers(self, choice, points, floats, exact: bool) -> list[tuple]:
        if exact:
            return super().interval_answers(choice, points, floats, exact)
        payoffs, _, _, outcomes = self.fold(np.asarray(floats, dtype=float))
        text = self._texts.get(choice, "")
        return [(ProfileAnswer(text, tuple(float(v) for v in payoffs[k]),
                               tuple((l, float(r[k])) for l, r in outcomes.items() if r[k] > 0)),)
                for k in range(len(floats))]

    def _subtree_values(self, v: int, choice_at: np.ndarray, symbols, sympy_exprs) -> list:
        """Formulas of the payoffs from node ``v`` on, under the node choices ``choice_at``."""
        import sympy

        game = self.game
        own = [sympy_exprs[int(k)] if int(k) >= 0 else sympy.Integer(0) for k in game.payoff[v]]
        if game.is_terminal(v):
            return own
        edges = list(game.edges(v))
        if game.is_chance(v):
            total = own
            for e in edges:
                kid = self._subtree_values(int(game.child[e]), choice_at, symbols, sympy_exprs)
                p = sympy_exprs[int(game.edge_prob[e])]
                total = [t + p * c for t, c in zip(total, kid)]
            return total
        kid = self._subtree_values(int(game.child[edges[int(choice_at[v])]]), choice_at, symbols, sympy_exprs)
        return [o + c for o, c in zip(own, kid)]

    def comparison(self, v: int, a: int, b: int, choice_at: np.ndarray, all_free: bool = False):
        """The mover at ``v`` prefers action ``a`` to ``b`` iff this formula is >= 0."""
        import sympy

        if all_free:
            symbols = parameter_symbols(self.game)
            exprs = [e.to_sympy(symbols) for e in self.game.exprs]
        else:
            symbols, exprs = self.symbols, self._sympy
        edges = list(self.game.edges(v))
        mover = int(self.game.mover[v])
        va = self._subtree_values(int(self.game.child[edges[a]]), choice_at, symbols, exprs)[mover]
        vb = self._subtree_values(int(self.game.child[edges[b]]), choice_at, symbols, exprs)[mover]
        return sympy.cancel(sympy.together(va - vb))

    def sweep(self, rng, steps: int, progress=None) -> Sweep:
        """The sweep of :func:`deterrence.parametric.sweep.sweep_one`, vectorised (see class doc)."""
        import sympy

        game = self.game
        xs = np.linspace(float(rng.lo), float(rng.hi), steps)
        if progress:
            progress(0, 1, "backward induction on the grid")
        _, choice, unsure, outcomes = self.fold(xs)
        labels = list(outcomes)
        salt = np.random.default_rng(0).integers(1, 2**62, size=len(labels), dtype=np.int64)
        code = np.zeros(steps, dtype=np.int64)
        for label, s in zip(labels, salt):
            code = code + (outcomes[label] > 1e-12).astype(np.int64) * s
        # exact re-solving where floating point sees a tie
        regimes: list[Regime] = []
        point_regimes = np.zeros(steps, dtype=int)
        code_regime: dict[int, int] = {}
        for c in np.unique(code[~unsure]):
            k = int(np.nonzero((code == c) & ~unsure)[0][0])
            code_regime[int(c)] = regime_index(regimes, self.regime_at((rng.value(k, steps),))[0])
        for c, r in code_regime.items():
            point_regimes[(code == c) & ~unsure] = r
        for k in np.nonzero(unsure)[0]:
            point_regimes[k] = regime_index(regimes, self.regime_at((rng.value(int(k), steps),))[0])
        # change points, exactly, between grid points whose regimes differ
        changes = []
        bounds: list = [rng.lo]
        for k in np.nonzero(point_regimes[1:] != point_regimes[:-1])[0]:
            lo, hi = rng.value(int(k), steps), rng.value(int(k) + 1, steps)
            flips = np.nonzero(choice[:, k] != choice[:, k + 1])[0]
            roots: list = []
            formulas: dict[str, Any] = {}
            for v in flips:
                a, b = int(choice[v, k]), int(choice[v, k + 1])
                for side in (choice[:, k], choice[:, k + 1]):
                    diff = self.comparison(int(v), a, b, side)
                    found = [r for r in (real_roots_in(diff, self.symbol, lo, hi) or [])
                             if self._is_change(r, int(point_regimes[k]), int(point_regimes[k + 1]), regimes)]
                    roots += found
                    if found:
                        full = self.comparison(int(v), a, b, side, all_free=True)
                        syms = [s for s in full.free_symbols if s.name == rng.name]
                        try:
                            solutions = sympy.solve(sympy.numer(full), syms[0]) if syms else []
                        except NotImplementedError:
                            solutions = []
                        for r in solutions:
                            eq = sympy.Eq(syms[0], sympy.factor(r), evaluate=False)
                            formulas.setdefault(str(eq), (eq, r))
            roots = sorted_unique(roots)
            method = "symbolic roots"
            if not roots:
                roots, method = [self._bisect(lo, hi, int(point_regimes[k]), regimes)], "exact bisection"
            roots = [r for r in roots if _interior(r, rng)]
            before = int(point_regimes[k])
            for j, root in enumerate(roots):
                after = int(point_regimes[k + 1]) if j == len(roots) - 1 else regime_index(
                    regimes, self.regime_at((rational_between(root, roots[j + 1]),))[0])
                f = as_fraction(root)
                at = regime_index(regimes, on_boundary(self.regime_at((f,))[0])) if f is not None else before
                matched = tuple(eq for eq, r in formulas.values() if _matches(r, game, rng.name, root))
                if after != before or at not in (before, after):
                    changes.append(ChangePoint(rng.name, root, before, at, after, matched, method=method))
                    bounds.append(root)
                before = after
        changes, bounds = merge_repeated_changes(changes, rng)
        bounds.append(rng.hi)
        intervals = []
        for a, b in zip(bounds, bounds[1:]):
            mid = rational_between(a, b) if a != b else a
            regime, profile, _ = self.candidate_regime((mid,))
            intervals.append(Interval(a, b, regime_index(regimes, regime), profile, True))
        edges = np.array([to_float(b) for b in bounds[1:-1]])
        point_interval = np.searchsorted(edges, xs, side="right").astype(int) if len(edges) else \
            np.zeros(steps, dtype=int)
        hits = []
        for j, c in enumerate(bounds[1:-1]):
            f = as_fraction(c)
            if f is None:
                continue
            position = (f - rng.lo) * (steps - 1) / (rng.hi - rng.lo)
            if position.denominator == 1:
                point_interval[int(position)] = -1 - j
                hits.append((int(position), c))
        return Sweep(game, rng, steps, tuple(regimes), tuple(intervals), tuple(changes), point_regimes,
                     tuple(hits), (0, 0), (), self, point_interval)


def _interior(value, rng) -> bool:
    return less(rng.lo, value) and less(value, rng.hi)


def _matches(formula_root, game, name: str, value) -> bool:
    import sympy

    values = game.parameters.values()
    subs = {s: sympy.Rational(values[s.name].numerator, values[s.name].denominator)
            for s in formula_root.free_symbols if s.name in values and s.name != name}
    v = sympy.simplify(formula_root.subs(subs))
    return not v.free_symbols and equal(v, value)


class TreeBackend:
    """The parametric analyses of a game tree (see the module doc)."""

    def __init__(self, game) -> None:
        self.game = game

    def model(self, free: Sequence[str]) -> TreeModel:
        """The tree prepared for sweeping ``free``: vectorised backward induction for
        one parameter of a tree of perfect information."""
        if len(free) == 1 and self.game.is_perfect_information:
            return GridTreeModel(self.game, free)
        return TreeModel(self.game, free)

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
    """Thresholds solved for ``name`` from the comparisons at the values in force."""
    model = TreeModel(game, (name,))
    value = game.parameters.values()[name]
    return model.formulas(name, [(value,)])


# ---------------------------------------------------------------- regime maps of trees


def _regime_job(args):
    game, free, points = args
    model = TreeModel(game, free)
    return [model.regime_at(p)[0] for p in points]


def _regime_chunk(game, free, points):
    return _regime_job((game, free, points))


def solve_points(model, points, workers: int = 1, progress=None, client=None) -> list[Regime]:
    """The exact regime at each point, in worker processes or on a Dask cluster when asked
    (in chunks, put together in order: the same answer)."""
    if client is None and workers > 1 and len(points) > 8:
        import concurrent.futures as cf

        chunk = max(1, len(points) // (workers * 4))
        pieces = [points[k:k + chunk] for k in range(0, len(points), chunk)]
        out: list[Regime] = []
        with cf.ProcessPoolExecutor(max_workers=workers) as pool:
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
    model = TreeModel(game, (x.name, y.name))
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


__all__ = ["TreeModel", "GridTreeModel", "TreeBackend", "tree_regime_map", "tree_threshold_formulas",
           "solve_points"]
