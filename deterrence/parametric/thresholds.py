"""Thresholds: the conditions, in the parameters, under which each regime holds.

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
   the formulas is compared with the exact general solver's, and a
   one-parameter sweep along each parameter (others at their values) must
   find its change points exactly where a threshold formula says.

Example
-------
>>> from deterrence import load_game
>>> t = derive_thresholds(load_game("prisoners_dilemma"), samples=40)
>>> sorted(b.text for b in t.thresholds)
['P = S', 'T = P + R - S', 'T = R']
>>> t.agreement
(40, 40)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from deterrence.model.expr import format_fraction
from deterrence.parametric.regimes import Regime, regime_of_candidates

THRESHOLDS_SCHEMA = "deterrence.thresholds/1"


@dataclass(frozen=True)
class RegimeConditions:
    """A regime and a conjunction of conditions under which it holds."""

    regime: Regime
    conditions: tuple[Any, ...]
    exact: bool
    samples: int
    profile: str = ""

    def text(self) -> str:
        return " and ".join(c.text for c in self.conditions) or "always"

    def to_json(self, game) -> dict[str, Any]:
        out = self.regime.to_json(game)
        out.update({"conditions": [c.to_json() for c in self.conditions], "condition_text": self.text(),
                    "characterises": self.exact, "samples": self.samples})
        if self.profile:
            out["profile"] = self.profile
        return out


@dataclass(frozen=True)
class Threshold:
    """A boundary ``lhs = rhs`` and the pairs of regimes on its two sides."""

    equation: Any
    separates: tuple[tuple[int, int], ...]

    @property
    def text(self) -> str:
        return f"{self.equation.lhs} = {self.equation.rhs}"

    @property
    def latex(self) -> str:
        import sympy

        return sympy.latex(self.equation)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "latex": self.latex, "separates": [list(p) for p in self.separates]}


@dataclass(frozen=True)
class SweepCheck:
    """A one-parameter sweep used as a check: change points vs formulas."""

    parameter: str
    lo: Fraction
    hi: Fraction
    changes: tuple[tuple[str, tuple[str, ...]], ...]   # (value, matching formulas)

    @property
    def matched(self) -> int:
        return sum(1 for _, f in self.changes if f)

    def to_json(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "lo": format_fraction(self.lo), "hi": format_fraction(self.hi),
                "changes": [{"value": v, "formulas": list(f)} for v, f in self.changes],
                "matched": self.matched, "total": len(self.changes)}


@dataclass(frozen=True)
class ThresholdReport:
    """Everything :func:`derive_thresholds` found, with its checks."""

    game: Any
    kind: str
    solution: Any = field(repr=False)
    regimes: tuple[RegimeConditions, ...]
    thresholds: tuple[Threshold, ...]
    agreement: tuple[int, int]
    degenerate_samples: int
    sweeps: tuple[SweepCheck, ...]
    box: tuple[tuple[str, Fraction, Fraction], ...]
    warnings: tuple[str, ...] = ()
    current: int | None = None      # index of the regime at the values in force

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.envelope import envelope

        game = self.game
        doc: dict[str, Any] = {
            **envelope(THRESHOLDS_SCHEMA, game, as_float),
            "kind": self.kind,
            "regimes": [r.to_json(game) for r in self.regimes],
            "current_regime": self.current,
            "thresholds": [t.to_json() for t in self.thresholds],
            "check": {"agree": self.agreement[0], "total": self.agreement[1],
                      "degenerate_samples": self.degenerate_samples,
                      "box": {n: [format_fraction(lo), format_fraction(hi)] for n, lo, hi in self.box},
                      "sweeps": [s.to_json() for s in self.sweeps]},
            "warnings": list(self.warnings),
        }
        if self.solution is not None and hasattr(self.solution, "candidates") and self.kind == "normal":
            doc["candidates"] = [c.to_json(game) for c in self.solution.candidates]
        elif self.solution is not None and hasattr(self.solution, "to_json"):
            doc["comparisons"] = self.solution.to_json()
        return doc


# ---------------------------------------------------------------- sampling


def parameter_box(game) -> list[tuple[str, Fraction, Fraction]]:
    """A box around the values in force, inside each parameter's bounds.

    A bounded side is used as it is; an open side reaches twice the scale of
    the value (at least 1) beyond it.

    >>> from deterrence import load_game
    >>> parameter_box(load_game("hawk_dove"))
    [('V', Fraction(0, 1), Fraction(6, 1)), ('C', Fraction(0, 1), Fraction(18, 1))]
    """
    values = game.parameters.values()
    box = []
    for p in game.parameters.declared:
        v = values[p.name]
        span = 2 * max(abs(v), Fraction(1))
        lo = p.minimum if p.minimum is not None else v - span
        hi = p.maximum if p.maximum is not None else max(v, lo) + span
        box.append((p.name, lo, hi))
    return box


def sample_points(box, count: int, seed: int = 0) -> list[tuple[Fraction, ...]]:
    """``count`` seeded rational points in ``box`` (denominators 97, so ties are rare)."""
    rng = random.Random(seed)
    return [tuple(lo + (hi - lo) * Fraction(rng.randint(0, 97), 97) for _, lo, hi in box)
            for _ in range(count)]


# ---------------------------------------------------------------- derivation


def derive_thresholds(game, samples: int = 200, seed: int = 0, check_sweeps: bool = True,
                      progress=None) -> ThresholdReport:
    """Symbolic thresholds of ``game``, checked numerically (see module doc)."""
    if getattr(game, "kind", "normal") != "normal":
        from deterrence.parametric.tree_sweep import tree_thresholds

        return tree_thresholds(game, samples=samples, seed=seed, check_sweeps=check_sweeps,
                               progress=progress)
    from deterrence.parametric.symbolic import compile_solution, solve_symbolic
    from deterrence.parametric.sweep import solve_exactly
    from deterrence.parametric.regimes import regime_of_result

    names = game.parameters.names
    solution = solve_symbolic(game)
    compiled = compile_solution(solution)
    box = parameter_box(game)
    current_point = tuple(game.parameters.values()[n] for n in names)
    points = [current_point] + sample_points(box, samples, seed)
    atoms: dict[tuple[str, bool], Any] = {}
    for cand in solution.candidates:
        for c in cand.conditions:
            atoms.setdefault((str(c.expr), c.strict), c)
    atom_keys = list(atoms)
    regimes: list[Regime] = []
    rows: dict[int, list[tuple[bool, ...]]] = {}
    agree = total = degenerate_count = 0
    current = None
    warnings: list[str] = []
    for n, point in enumerate(points):
        valid, degenerate = compiled.valid_exact(point)
        if degenerate:
            degenerate_count += n > 0
            continue
        regime = regime_of_candidates(solution, valid)
        if game.n_players == 2:
            expected = regime_of_result(solve_exactly(game.with_values(dict(zip(names, point)))))
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
        rows.setdefault(r, []).append(_truths(compiled, solution, point, atom_keys, atoms))
        if progress:
            progress(n + 1, len(points), "checking sampled points")
    conditions = []
    for r, regime in enumerate(regimes):
        conditions.append(_regime_conditions(solution, regime, rows[r], atom_keys, atoms))
    thresholds = _separating(conditions, atom_keys, atoms, solution.symbols)
    sweeps = tuple(_sweep_checks(game, box)) if check_sweeps else ()
    if len(warnings) > 5:
        warnings = warnings[:5] + [f"... and {len(warnings) - 5} more disagreements"]
    if not game.n_players == 2:
        warnings.append("more than two players: the formulas cover pure equilibria only and were "
                        "not checked against a mixed-equilibrium solver")
    return ThresholdReport(game, "normal", solution, tuple(conditions), thresholds, (agree, total),
                           degenerate_count, sweeps, tuple(box),
                           tuple(warnings) + solution.warnings, current)


def _truths(compiled, solution, point, atom_keys, atoms) -> tuple[bool, ...]:
    values: dict[tuple[str, bool], Any] = {}
    for k, cand in enumerate(solution.candidates):
        _, _, conds, _ = compiled.exact_candidate(k, point)
        for c, v in zip(cand.conditions, conds):
            values[(str(c.expr), c.strict)] = v
    return tuple(atoms[key].holds(values[key]) for key in atom_keys)


def _canonical(expr):
    """``expr`` or ``-expr``, whichever prints first: one key per boundary."""
    import sympy

    a, b = sympy.expand(expr), sympy.expand(-expr)
    return (a, 1) if (len(str(a)), str(a)) <= (len(str(b)), str(b)) else (b, -1)


def _factors(expr) -> list[tuple[Any, int, int]]:
    """Irreducible factors of ``expr``: (canonical factor, sign, multiplicity)."""
    import sympy

    _, factors = sympy.factor_list(expr)
    out = []
    for f, m in factors:
        canon, sign = _canonical(f)
        if canon.free_symbols:
            out.append((canon, sign, m))
    return out


def _reduce(condition, known: dict[str, int]):
    """Divide out the factors whose sign the regime already fixes.

    ``known`` maps a canonical factor to +1 or -1 (strictly positive or
    negative). Returns ``(expr, strict)`` of the reduced condition, or
    ``None`` when it is implied outright.
    """
    import sympy

    coefficient, factors = sympy.factor_list(condition.expr)
    sign = 1 if coefficient > 0 else -1
    rest = sympy.Integer(1)
    for f, m in factors:
        canon, s = _canonical(f)
        k = known.get(str(canon))
        if k is not None:
            if m % 2 == 1 and k * s < 0:
                sign = -sign
            continue
        rest = rest * f ** m
    if rest == 1:
        return None if sign > 0 else (sympy.Integer(-1), condition.strict)
    return (sympy.expand(sign * rest), condition.strict)


def _known_signs(conditions) -> dict[str, int]:
    known: dict[str, int] = {}
    for c in conditions:
        factors = _factors(c.expr)
        if c.strict and len(factors) == 1 and factors[0][2] == 1:
            canon, sign, _ = factors[0]
            coefficient, _ = __import__("sympy").factor_list(c.expr)
            known[str(canon)] = sign * (1 if coefficient > 0 else -1)
    return known


def _regime_conditions(solution, regime: Regime, truths: list[tuple[bool, ...]], atom_keys,
                       atoms) -> RegimeConditions:
    from deterrence.parametric.symbolic import make_conditions

    n = len(atom_keys)
    always_false = [not any(t[k] for t in truths) for k in range(n)]
    index = {key: k for k, key in enumerate(atom_keys)}
    members = set(regime.members)
    chosen: list[Any] = []
    for cand in solution.candidates:
        if cand.supports in members:
            chosen += [atoms[(str(c.expr), c.strict)] for c in cand.conditions]
    # rule out every other candidate: first by a contradiction with what the
    # regime already fixes, else by an atom false throughout the regime
    exact = True
    for _ in range(3):
        known = _known_signs(chosen)
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
            count = sum(1 for cand in remaining
                        if any(index[(str(c.expr), c.strict)] == k for c in cand.conditions))
            if count > best_count:
                best, best_count = k, count
        if best is None:
            exact = False
            break
        chosen.append(_negate(atoms[atom_keys[best]]))
    else:
        exact = False
    # simplify: divide out known factor signs, drop implied conditions (to a fixed point)
    order = list(solution.symbols)
    simplified = list(chosen)
    for _ in range(4):
        known = _known_signs(simplified)
        before = [str(c.expr) for c in simplified]
        out = []
        for c in simplified:
            if len(_factors(c.expr)) == 1:
                out.append(c)
                continue
            reduced = _reduce(c, known)
            if reduced is None:
                continue
            try:
                out += make_conditions(reduced[0], reduced[1], c.reason, order)
            except Exception:
                out.append(c)
        simplified = list(_combine(out, solution.symbols))
        if [str(c.expr) for c in simplified] == before:
            break
    return RegimeConditions(regime, _combine(simplified, solution.symbols), exact, len(truths))


def _contradicts(cand, known: dict[str, int], chosen) -> bool:
    """Whether ``cand``'s conditions cannot all hold given the known signs."""
    import sympy

    reduced = []
    for c in cand.conditions:
        r = _reduce(c, known)
        if r is None:
            continue
        expr, strict = r
        if expr.is_number:
            if (expr <= 0) if strict else (expr < 0):
                return True
            continue
        reduced.append((expr, strict))
    for c in chosen:
        reduced.append((sympy.expand(c.expr), c.strict))
    seen = {}
    for expr, strict in reduced:
        key = str(expr)
        opposite = str(sympy.expand(-expr))
        if opposite in seen and (strict or seen[opposite]):
            return True
        seen[key] = seen.get(key, False) or strict
    return False


def _negate(condition):
    """``not (e > 0)`` is ``-e >= 0``; ``not (e >= 0)`` is ``-e > 0``."""
    from deterrence.parametric.symbolic import Condition, relation_of

    expr = -condition.expr
    return Condition(expr, not condition.strict, f"not: {condition.reason}",
                     relation_of(expr, not condition.strict, _order(condition)))


def _order(condition):
    lhs = getattr(condition.relation, "lhs", None)
    syms = sorted(condition.expr.free_symbols, key=lambda s: s.name)
    if lhs is not None and lhs in syms:
        syms.remove(lhs)
        syms.insert(0, lhs)
    return syms


def _combine(conditions, symbols) -> tuple[Any, ...]:
    """Merge conditions on the same boundary: keep the stricter one."""
    import sympy

    merged: dict[str, Any] = {}
    for c in conditions:
        key = str(sympy.expand(c.expr))
        if key in merged:
            if c.strict and not merged[key].strict:
                merged[key] = c
        else:
            merged[key] = c
    return tuple(merged.values())


def _separating(conditions: Sequence[RegimeConditions], atom_keys, atoms, symbols) -> tuple[Threshold, ...]:
    """Every boundary (an irreducible factor of some condition set to zero),
    with the pairs of regimes whose conditions put them on opposite sides."""
    import sympy

    from deterrence.parametric.symbolic import Condition

    from deterrence.parametric.sweep import _boundary_equation

    found: dict[str, tuple[Any, set]] = {}
    sides: dict[str, dict[int, int]] = {}
    for key in atom_keys:
        for canon, _, _ in _factors(atoms[key].expr):
            eq = _boundary_equation(Condition(canon, True, "", None), symbols)
            found.setdefault(str(canon), (eq, set()))
    for r, rc in enumerate(conditions):
        for c in rc.conditions:
            factors = _factors(c.expr)
            if len(factors) == 1 and factors[0][2] == 1:
                canon, sign, _ = factors[0]
                coefficient, _ = sympy.factor_list(c.expr)
                sides.setdefault(str(canon), {})[r] = sign * (1 if coefficient > 0 else -1)
    for key, by_regime in sides.items():
        if key not in found:
            continue
        for r1, s1 in by_regime.items():
            for r2, s2 in by_regime.items():
                if r1 < r2 and s1 != s2:
                    found[key][1].add((r1, r2))
    return tuple(Threshold(eq, tuple(sorted(p))) for eq, p in found.values())


def _sweep_checks(game, box) -> list[SweepCheck]:
    """Sweep each parameter across its box: every change point must match a formula."""
    from deterrence.parametric.sweep import Range, sweep_one

    out = []
    values = game.parameters.values()
    for name, lo, hi in box:
        if not lo < hi:
            continue
        try:
            s = sweep_one(game, Range(name, lo, hi), steps=3)
        except Exception as exc:  # a check must not hide the answer; report it instead
            out.append(SweepCheck(name, lo, hi, ((f"sweep failed: {exc}", ()),)))
            continue
        out.append(SweepCheck(name, lo, hi, tuple((c.text, tuple(c.formula_texts())) for c in s.changes)))
    return out


__all__ = ["derive_thresholds", "ThresholdReport", "RegimeConditions", "Threshold", "SweepCheck",
           "parameter_box", "sample_points", "THRESHOLDS_SCHEMA"]
