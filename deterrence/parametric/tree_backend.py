"""The tree back end: sweeps by regimes, regime maps, thresholds and formulas of a game tree.

One-parameter sweeps follow the equilibrium by regimes
(:mod:`~deterrence.parametric.tree_walk`: solved at a few points, the rest
from the formulas of the equilibria found there, mixed ones included). A
two-parameter map (:mod:`~deterrence.parametric.tree_map`) solves a few cells
exactly, signs every found equilibrium's conditions on the whole grid in
exact arithmetic, and solves exactly the cells on a threshold. :class:`TreeBackend` is the
tree's :class:`~deterrence.parametric.backend.Backend`.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.parametric.ranges import Range
>>> g = load_game("punishment_credibility")
>>> s = TreeBackend(g).sweep(Range.parse("p=0:1"), 5)
>>> [(c.text, c.formula_texts() or c.method) for c in s.changes]
[('0', 'end of the range'), ('1/3', ['p = V/(V + c)'])]
"""

from __future__ import annotations

from typing import Sequence

from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import Regime, tree_regime
from deterrence.parametric.results import RegimeMap, Sweep
from deterrence.parametric.tree_formulas import tree_symbolic
from deterrence.parametric.tree_map import CellModel, solve_points, tree_regime_map


class TreeBackend:
    """The parametric analyses of a game tree (see the module doc)."""

    def __init__(self, game) -> None:
        self.game = game

    def sweep(self, rng: Range, steps: int, progress=None, workers: int = 1,
              components: bool = True, bisection: int | None = None, point_regimes: bool = True) -> Sweep:
        """By regimes (:mod:`~deterrence.parametric.tree_walk`): solved at a few points, the
        rest from the formulas of the equilibria found there."""
        from deterrence.parametric.tree_walk import TreeSweepModel

        model = TreeSweepModel(self.game, [rng.name])
        model.components = components
        model.workers = workers
        model.bisection_steps = model.bisection_steps if bisection is None else bisection
        model.point_regimes = point_regimes
        return model.sweep(rng, steps, progress)

    def regime_map(self, x: Range, y: Range, steps: int, progress=None, workers: int = 1,
                   client=None) -> RegimeMap:
        return tree_regime_map(self.game, x, y, steps, progress, workers, client=client)

    def thresholds(self, samples: int, seed: int, progress=None, beside=None):
        from deterrence.parametric.tree_thresholds import tree_thresholds

        return tree_thresholds(self.game, samples=samples, seed=seed, progress=progress, beside=beside)

    def threshold_solves(self, samples: int, seed: int) -> list:
        """The sampled points but the first (solved at once, with its components), from the
        last one back: the derivation goes forwards from the first."""
        from deterrence.parametric.tree_thresholds import threshold_points

        names = self.game.parameters.names
        return [dict(zip(names, p)) for p in reversed(threshold_points(self.game, samples, seed)[1:])]

    def threshold_key(self, answer):
        """The digest of the answer's pure equilibrium and its tree (``None`` without one)."""
        from deterrence.parametric.tree_thresholds import threshold_key

        return threshold_key(answer)

    def threshold_work(self, answer):
        """The comparisons of the answer's pure equilibrium, if it has one, pickled (the
        slowest part of the derivation on a pool's tree: sympy's algebra on each new
        regime's conditions)."""
        from deterrence.parametric.tree_thresholds import threshold_work

        return threshold_work(answer)

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


__all__ = ["CellModel", "TreeBackend", "tree_regime_map", "tree_threshold_formulas",
           "solve_points"]
