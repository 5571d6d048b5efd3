"""Thresholds of a game tree: the comparisons each regime's equilibrium rests on.

For each regime met at sampled points, the comparisons its equilibrium makes
(:func:`~deterrence.parametric.tree_formulas.comparisons`, all parameters
free), checked by evaluating them exactly at every sampled point of that
regime.

Example
-------
>>> from deterrence import load_game
>>> report = tree_thresholds(load_game("punishment_credibility"), samples=10)
>>> "p = V/(V + c)" in {t.text for t in report.thresholds}
True
"""

from __future__ import annotations

from typing import Any

from deterrence.parametric.conditions import boundary_equation, factors_of
from deterrence.parametric.regimes import Regime, tree_regime
from deterrence.parametric.reports import RegimeConditions, ThresholdReport
from deterrence.parametric.results import Boundary
from deterrence.parametric.sampling import parameter_box, sample_points
from deterrence.parametric.tree_formulas import comparisons, pure_profile


def tree_thresholds(game, samples: int = 60, seed: int = 0, progress=None) -> ThresholdReport:
    """Thresholds of a tree: for each regime met at sampled points, the
    comparisons its equilibrium rests on (all parameters free), checked by
    evaluating them exactly at every sampled point of that regime."""
    import sympy

    from deterrence.solver import solve

    names = game.parameters.names
    box = parameter_box(game)
    current_point = tuple(game.parameters.values()[n] for n in names)
    points = [current_point] + sample_points(box, min(samples, 80), seed)
    regimes: list[Regime] = []
    keys: list = []      # (regime, profile): one regime may rest on several profiles
    conditions: dict[int, list] = {}
    profiles: dict[int, str] = {}
    counts: dict[int, int] = {}
    agree = total = 0
    warnings = []
    current = None
    for n, point in enumerate(points):
        at = game.with_values(dict(zip(names, point)))
        result = solve(at)
        regime = tree_regime(result)
        eq = pure_profile(result)
        key = (regime, tuple(int(a) for a in eq.choice) if eq is not None else ())
        if key not in keys:
            keys.append(key)
            regimes.append(regime)
            conditions[len(keys) - 1] = comparisons(at, eq.choice) if eq is not None else []
            profiles[len(keys) - 1] = eq.label(game) if eq is not None else ""
        r = keys.index(key)
        counts[r] = counts.get(r, 0) + 1
        if n == 0:
            current = r
        subs = {sympy.Symbol(k): sympy.Rational(v.numerator, v.denominator) for k, v in zip(names, point)}
        holds = all(c.holds(_exact_value(c.expr, subs)) for c in conditions[r])
        if n > 0:
            total += 1
            agree += holds
        if not holds and len(warnings) < 5:
            warnings.append("at " + ", ".join(f"{k}={v}" for k, v in zip(names, point)) +
                            f" the conditions of {regime.label(game)} fail")
        if progress:
            progress(n + 1, len(points), "checking sampled points")
    out = [RegimeConditions(reg, tuple(conditions[k]), False, counts.get(k, 0), profiles.get(k, ""))
           for k, reg in enumerate(regimes)]
    found: dict[str, Any] = {}
    for rc in out:
        for c in rc.conditions:
            for factor, _, _ in factors_of(c.expr):
                eq = boundary_equation(factor, _ordered(factor, names))
                found.setdefault(f"{eq.lhs} = {eq.rhs}", eq)
    thresholds = tuple(Boundary(eq, ()) for eq in found.values())
    return ThresholdReport(game, "tree", None, tuple(out), thresholds, (agree, total), 0, (),
                           tuple(box), tuple(warnings), current)


def _ordered(expr, names):
    by_name = {s.name: s for s in expr.free_symbols}
    return [by_name[n] for n in names if n in by_name]


def _exact_value(expr, subs):
    import sympy

    value = sympy.nsimplify(expr.subs({s: subs[sympy.Symbol(s.name)] for s in expr.free_symbols
                                       if sympy.Symbol(s.name) in subs}))
    return value


__all__ = ["tree_thresholds"]
