"""Thresholds of a normal-form game: the conditions under which each regime holds.

``deterrence thresholds GAME`` answers "when does the answer change?" with
formulas. For a normal-form game:

1. every candidate equilibrium is solved symbolically with all parameters
   free (:mod:`deterrence.parametric.symbolic`) — the mixed ones as formulas, each
   with the inequalities under which it is an equilibrium;
2. the *atoms* are the distinct inequalities; a regime is a pattern of
   atoms. Parameter values are sampled in the box the file's bounds and
   defaults span; for each regime met, the atoms that keep one truth value
   across its samples are collected, and a short conjunction is chosen that
   makes every member candidate valid and rules out every other candidate.
   When such a conjunction exists it *characterises* the regime (``exact``:
   at any nondegenerate point where it holds, the regime is that one);
3. the answer is **checked**: at every sampled point the regime predicted by
   the formulas is compared with the exact general solver's (and
   :func:`~deterrence.parametric.thresholds.derive_thresholds` sweeps each
   parameter: its change points must lie on a threshold formula).

Example
-------
>>> from deterrence import load_game
>>> t = normal_thresholds(load_game("prisoners_dilemma"), samples=40)
>>> sorted(b.text for b in t.thresholds)
['P = S', 'T = P + R - S', 'T = R']
>>> t.agreement
(40, 40)
"""

from __future__ import annotations

import functools

from typing import Any, Sequence

from deterrence.model.expr import format_fraction
from deterrence.parametric.conditions import (boundary_equation, combine, expanded, expanded_text, factor_list_of,
                                              factors_of, known_signs, make_conditions, negate,
                                              reduce_condition, text_of)
from deterrence.parametric.normal_formulas import full_solution
from deterrence.parametric.normal_signs import NotPolynomial, SignTable
from deterrence.parametric.normal_symbolic import compile_solution
from deterrence.parametric.regimes import Regime, normal_regime, regime_of_candidates
from deterrence.parametric.reports import RegimeConditions, ThresholdReport
from deterrence.parametric.results import Boundary
from deterrence.parametric.sampling import integer_parameters, parameter_box, sample_points


def normal_thresholds(game, samples: int = 200, seed: int = 0, progress=None) -> ThresholdReport:
    """Symbolic thresholds of a normal-form game, checked at sampled points (see the module
    doc); the sweeps along each parameter are added by
    :func:`deterrence.parametric.thresholds.derive_thresholds`."""
    from deterrence.solver import solve

    names = game.parameters.names
    solution = full_solution(game)     # shared with the formulas of the sweeps that check it
    box = parameter_box(game)
    current_point = tuple(game.parameters.values()[n] for n in names)
    points = [current_point] + sample_points(box, samples, seed, integer_parameters(game))
    signs = _signs(solution, points)
    atoms: dict[tuple[str, bool], Any] = {}
    for cand in solution.candidates:
        for c in cand.conditions:
            atoms.setdefault((text_of(c.expr), c.strict), c)
    atom_keys = list(atoms)
    regimes: list[Regime] = []
    rows: dict[int, list[tuple[bool, ...]]] = {}
    agree = total = degenerate_count = 0
    current = None
    warnings: list[str] = []
    for n, point in enumerate(points):
        valid, degenerate = signs.valid_exact(n)
        if degenerate:
            degenerate_count += n > 0
            continue
        regime = regime_of_candidates(solution, valid)
        if game.n_players == 2:
            expected = normal_regime(solve(game.with_values(dict(zip(names, point)))))
            if n > 0:
                total += 1
                agree += expected == regime
            if expected != regime:
                warnings.append("at " + ", ".join(f"{k}={format_fraction(v)}" for k, v in zip(names, point))
                                + f" the exact solver finds {expected.label(game)}, the formulas "
                                f"{regime.label(game)} (a degenerate game there)")
                continue
        if regime not in regimes:
            regimes.append(regime)
        r = regimes.index(regime)
        if n == 0:
            current = r
        rows.setdefault(r, []).append(_truths(signs, solution, n, atom_keys, atoms))
        if progress:
            progress(n + 1, len(points), "checking sampled points")
    conditions = []
    for r, regime in enumerate(regimes):
        conditions.append(_regime_conditions(solution, regime, rows[r], atom_keys, atoms))
    thresholds = _separating(conditions, atom_keys, atoms, solution.symbols)
    if len(warnings) > 5:
        warnings = warnings[:5] + [f"... and {len(warnings) - 5} more disagreements"]
    if not game.n_players == 2:
        warnings.append("more than two players: the formulas cover pure equilibria only and were "
                        "not checked against a mixed-equilibrium solver")
    return ThresholdReport(game, "normal", solution, tuple(conditions), thresholds, (agree, total),
                           degenerate_count, (), tuple(box),
                           tuple(warnings) + solution.warnings, current)


class _CompiledSigns:
    """What :class:`~deterrence.parametric.normal_signs.SignTable` answers, from the
    compiled formulas (for payoffs that are not rational functions: ``min``/``max``)."""

    def __init__(self, solution, points) -> None:
        self.compiled = compile_solution(solution)
        self.points = points

    def valid_exact(self, n: int):
        return self.compiled.valid_exact(self.points[n])

    def condition_signs(self, n: int, k: int):
        return self.compiled.exact_candidate(k, self.points[n])[2]


def _signs(solution, points):
    """The signs of the conditions at the points: from their factors, or compiled."""
    try:
        return SignTable(solution, points)
    except NotPolynomial:
        return _CompiledSigns(solution, points)


def _truths(signs, solution, n: int, atom_keys, atoms) -> tuple[bool, ...]:
    values: dict[tuple[str, bool], Any] = {}
    for k, cand in enumerate(solution.candidates):
        conds = signs.condition_signs(n, k)
        for c, v in zip(cand.conditions, conds):
            values[(text_of(c.expr), c.strict)] = v
    return tuple(atoms[key].holds(values[key]) for key in atom_keys)


def _regime_conditions(solution, regime: Regime, truths: list[tuple[bool, ...]], atom_keys,
                       atoms) -> RegimeConditions:
    n = len(atom_keys)
    always_false = [not any(t[k] for t in truths) for k in range(n)]
    index = {key: k for k, key in enumerate(atom_keys)}
    members = set(regime.members)
    # the atoms of each candidate, looked up once (printing sympy expressions is slow)
    atoms_of = {id(cand): {index[(text_of(c.expr), c.strict)] for c in cand.conditions}
                for cand in solution.candidates}
    chosen: list[Any] = []
    for cand in solution.candidates:
        if cand.supports in members:
            chosen += [atoms[(text_of(c.expr), c.strict)] for c in cand.conditions]
    # rule out every other candidate: first by a contradiction with what the
    # regime already fixes, else by an atom false throughout the regime
    exact = True
    for _ in range(3):
        known = known_signs(chosen)
        remaining = []
        for cand in solution.candidates:
            if cand.supports in members:
                continue
            if not _contradicts(cand, known, chosen):
                remaining.append(cand)
        if not remaining:
            break
        best, best_count = None, 0
        for k in range(n):
            if not always_false[k]:
                continue
            count = sum(1 for cand in remaining if k in atoms_of[id(cand)])
            if count > best_count:
                best, best_count = k, count
        if best is None:
            exact = False
            break
        chosen.append(negate(atoms[atom_keys[best]]))
    else:
        exact = False
    # simplify: divide out known factor signs, drop implied conditions (to a fixed point)
    order = list(solution.symbols)
    simplified = list(chosen)
    for _ in range(4):
        known = known_signs(simplified)
        before = [text_of(c.expr) for c in simplified]
        out = []
        for c in simplified:
            if len(factors_of(c.expr)) == 1:
                out.append(c)
                continue
            reduced = reduce_condition(c, known)
            if reduced is None:
                continue
            try:
                out += make_conditions(reduced[0], reduced[1], c.reason, order)
            except Exception:
                out.append(c)
        simplified = list(combine(out))
        if [text_of(c.expr) for c in simplified] == before:
            break
    return RegimeConditions(regime, combine(simplified), exact, len(truths))


def _contradicts(cand, known: dict[str, int], chosen) -> bool:
    """Whether ``cand``'s conditions cannot all hold given the known signs."""

    reduced = []
    for c in cand.conditions:
        r = reduce_condition(c, known)
        if r is None:
            continue
        expr, strict = r
        if expr.is_number:
            if (expr <= 0) if strict else (expr < 0):
                return True
            continue
        reduced.append((expr, strict))
    for c in chosen:
        reduced.append((_expand(c.expr), c.strict))
    seen = {}
    for expr, strict in reduced:
        key, opposite = _sides(expr)
        if opposite in seen and (strict or seen[opposite]):
            return True
        seen[key] = seen.get(key, False) or strict
    return False


@functools.lru_cache(maxsize=8192)
def _expand(expr):
    return expanded(expr)


@functools.lru_cache(maxsize=8192)
def _sides(expr) -> tuple[str, str]:
    """The text of ``expr`` and of ``-expr`` expanded: a condition and its opposite."""
    return text_of(expr), expanded_text(-expr)


def _separating(conditions: Sequence[RegimeConditions], atom_keys, atoms, symbols) -> tuple[Boundary, ...]:
    """Every boundary (an irreducible factor of some condition set to zero),
    with the pairs of regimes whose conditions put them on opposite sides."""

    found: dict[str, tuple[Any, set]] = {}
    sides: dict[str, dict[int, int]] = {}
    for key in atom_keys:
        for canon, _, _ in factors_of(atoms[key].expr):
            eq = boundary_equation(canon, symbols)
            found.setdefault(text_of(canon), (eq, set()))
    for r, rc in enumerate(conditions):
        for c in rc.conditions:
            factors = factors_of(c.expr)
            if len(factors) == 1 and factors[0][2] == 1:
                canon, sign, _ = factors[0]
                coefficient, _ = factor_list_of(c.expr)
                sides.setdefault(text_of(canon), {})[r] = sign * (1 if coefficient > 0 else -1)
    for key, by_regime in sides.items():
        if key not in found:
            continue
        for r1, s1 in by_regime.items():
            for r2, s2 in by_regime.items():
                if r1 < r2 and s1 != s2:
                    found[key][1].add((r1, r2))
    return tuple(Boundary(eq, tuple(sorted(p))) for eq, p in found.values())


__all__ = ["normal_thresholds"]
