"""Thresholds: the conditions, in the parameters, under which each regime holds.

``deterrence thresholds GAME`` answers "when does the answer change?" with
formulas, derived by the game's back end
(:mod:`~deterrence.parametric.normal_thresholds` for matrix games,
:mod:`~deterrence.parametric.tree_thresholds` for trees) and **checked**: at
sampled points against the exact solver, and by sweeping each parameter
across its box — every change point must lie on a threshold formula.

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

from dataclasses import replace
from fractions import Fraction
from functools import partial
from typing import Any

from deterrence.errors import DeterrenceError
from deterrence.model.expr import format_fraction
from deterrence.model.numbers import simplest_between
from deterrence.parametric.backend import Progress
from deterrence.parametric.backends import backend_for
from deterrence.parametric.ranges import Range, whole_steps
from deterrence.parametric.reports import THRESHOLDS_SCHEMA, RegimeConditions, SweepCheck, ThresholdReport
from deterrence.parametric.sampling import integer_parameters, parameter_box, sample_points
from deterrence.parametric.sweep import sweep_one


def derive_thresholds(game, samples: int = 200, seed: int = 0, check_sweeps: bool = True,
                      progress: Progress | None = None, workers: int = 1) -> ThresholdReport:
    """Symbolic thresholds of ``game``, checked at ``samples`` seeded points and by sweeps.

    With ``workers`` 2 or more, the sweeps are checked in a second process while this one
    derives the thresholds (:func:`~deterrence.parametric.workers.map_beside`); that
    process then solves the sampled points the back end names
    (:meth:`~deterrence.parametric.backend.Backend.threshold_solves`), and this one takes
    its answers where it has them (the slowest catalogue games wait on the sympy algebra
    here long after the sweeps are done). The same report, sooner on a machine with a
    spare processor.
    """
    from deterrence.parametric.workers import map_beside

    backend = backend_for(game)
    box = parameter_box(game)      # the box the back ends sample (``report.box``)
    lines = [line for line in box if line[1] < line[2]] if check_sweeps else []
    spare = backend.threshold_solves(samples, seed) if workers >= 2 and len(lines) >= 2 else []

    def first(take=None) -> ThresholdReport:
        if take is None:
            return backend.thresholds(samples, seed, progress)
        from deterrence.parametric.solved import taking_beside

        with taking_beside(game, spare, [False] * len(spare), take):
            return backend.thresholds(samples, seed, progress)

    items = [("sweep", line) for line in lines]
    report, checks = map_beside(first, partial(_job, game, set(integer_parameters(game))), items,
                                workers, spare=[("solve", values) for values in spare])
    if not check_sweeps:
        return report
    if report.box != tuple(box):        # not the box swept beside it: sweep the report's
        checks = sweep_checks(game, report.box)
    return replace(report, sweeps=tuple(on_thresholds(game, checks, report.thresholds)))


def _job(game, counts: set[str], job: tuple):
    """One job of :func:`derive_thresholds`' helper: a sweep to check (its
    :class:`SweepCheck`), or a sampled point to solve (what
    :func:`~deterrence.parametric.solved.solve_job` gives)."""
    from deterrence.parametric.solved import solve_job

    kind, what = job
    return sweep_check(game, counts, what) if kind == "sweep" else solve_job(game, (what, False))


def on_thresholds(game, checks: list[SweepCheck], thresholds) -> list[SweepCheck]:
    """The ``checks`` with each change point's formulas: the ``thresholds``
    (:class:`~deterrence.parametric.results.Boundary`) whose equation holds there, the
    other parameters at their values — exactly, at a rational or an algebraic point; for a
    count, somewhere between the change point and the whole number before it. A
    threshold that holds all along the line (at these values it does not involve the swept
    parameter) marks no point."""
    values = game.parameters.values()
    tests = [_ThresholdTest(b, values) for b in thresholds]
    out = []
    for check in checks:
        name = check.parameter
        mine = [t for t in tests if name in t.names]
        count = game.parameters.get(name).integer
        out.append(replace(check, changes=tuple(
            (text, tuple(t.text for t in mine if (t.crosses_before if count else t.holds)(name, value)))
            for (text, _), value in zip(check.changes, check.values))) if check.values else check)
    return out


class _ThresholdTest:
    """Whether one threshold's equation holds at a point of a line through the values in
    force (:func:`on_thresholds`): at a rational value of the swept parameter by exact
    evaluation, else (an algebraic value, a zero denominator) by the equation's numerator
    in that parameter."""

    def __init__(self, boundary, values) -> None:
        self.text = boundary.text
        self.equation = boundary.equation
        self.values = values
        self.symbols = sorted(self.equation.free_symbols, key=lambda s: s.name)
        self.names = {s.name for s in self.symbols}
        self._evaluate = None
        self._lines: dict[str, Any] = {}

    def holds(self, name: str, value) -> bool:
        from deterrence.parametric.univariate import AlgebraicNumber

        if not isinstance(value, AlgebraicNumber):
            point = [Fraction(value) if s.name == name else self.values.get(s.name) for s in self.symbols]
            try:
                (difference,) = self._evaluator()(*point)
            except (ArithmeticError, TypeError, ValueError):      # a zero denominator, say
                difference = None
            if isinstance(difference, (int, Fraction)):
                return difference == 0 and self._line(name) is not None
        line = self._line(name)
        return line is not None and _root_of(*line, value)

    def crosses_before(self, name: str, value) -> bool:
        """For a count: whether the equation holds somewhere in ``(value - 1, value]`` (a
        count's change point is the first whole number of the new regime; the threshold
        lies between it and the one before)."""
        from deterrence.parametric.univariate import real_roots

        line = self._line(name)
        if line is None:
            return False
        value = Fraction(value)
        return any(r > value - 1 for r in real_roots(line[0], value - 1, value))

    def _evaluator(self):
        from deterrence.parametric.tree_evaluate import exact_evaluator

        if self._evaluate is None:
            self._evaluate = exact_evaluator(self.symbols, [self.equation.lhs - self.equation.rhs], numbers=False)
        return self._evaluate

    def _line(self, name: str):
        """``(numerator, denominator)`` of ``lhs - rhs`` in ``name``, the others at their
        values (coprime univariate polynomials), or ``None`` (constant there, or not a
        rational function of it): the expression evaluated with ``name`` a rational
        function, or where that fails (``min``/``max`` of it), by sympy."""
        from deterrence.parametric.univariate import RationalFunction

        if name not in self._lines:
            point = [RationalFunction.variable() if s.name == name else self.values.get(s.name)
                     for s in self.symbols]
            try:
                (line,) = self._evaluator()(*point)
            except Exception:        # min/max of the parameter, a root: left to sympy
                line = None
            if isinstance(line, RationalFunction):
                self._lines[name] = None if line.is_constant else (line.num, line.den)
            else:
                self._lines[name] = _line_polynomials(self.equation, name, self.values)
        return self._lines[name]


def _line_polynomials(eq, name: str, values):
    import sympy

    from deterrence.parametric.univariate import Poly

    x = next(s for s in eq.free_symbols if s.name == name)
    others = {s: sympy.Rational(values[s.name].numerator, values[s.name].denominator)
              for s in eq.free_symbols if s.name != name and s.name in values}
    try:
        numerator, denominator = sympy.fraction(sympy.cancel(sympy.together((eq.lhs - eq.rhs).xreplace(others))))
        polys = [sympy.Poly(e, x, domain="QQ") for e in (numerator, denominator)]
    except (sympy.PolynomialError, sympy.CoercionFailed, ValueError, TypeError):
        return None                  # not a rational function of the parameter there
    if polys[0].is_zero or polys[0].degree() < 1:
        return None
    return tuple(Poly(Fraction(int(c.p), int(c.q)) for c in reversed(p.all_coeffs())) for p in polys)


def _root_of(num, den, value) -> bool:
    """Whether ``value`` (a rational or an algebraic number) is a root of ``num`` and not of
    ``den`` (coprime univariate polynomials)."""
    from deterrence.parametric.univariate import AlgebraicNumber, real_roots

    if isinstance(value, AlgebraicNumber):
        common = num.gcd(value.poly)
        if common.degree < 1:
            return False
        inside = real_roots(common, value.lo, value.hi)
        return any(r != value.lo for r in inside)      # value is the poly's one root in (lo, hi]
    value = Fraction(value)
    return num(value) == 0 and den(value) != 0


def sweep_checks(game, box) -> list[SweepCheck]:
    """Sweep each parameter across its box: every change point must match a formula (see
    :func:`sweep_check`)."""
    counts = set(integer_parameters(game))
    return [sweep_check(game, counts, line) for line in box if line[1] < line[2]]


def sweep_check(game, counts: set[str], line: tuple[str, Fraction, Fraction]) -> SweepCheck:
    """Sweep the parameter of ``line`` (name, low, high) from low to high, the others at
    their values: the change points and the formulas they match. Where the model refuses
    an end of the line at the values in force (a built ladder's loss of control past 1),
    the sweep covers the part it accepts, and says so; ``counts`` are the whole-number
    parameters."""
    name, lo, hi = line
    lo, hi, note = accepted_range(game, name, lo, hi)
    if note and not lo < hi:
        return SweepCheck(name, lo, hi, ((f"sweep skipped: {note}", ()),))
    rng = Range(name, lo, hi)
    steps = 3 if name not in counts or whole_steps(rng, 3) else 2
    try:
        s = sweep_one(game, rng, steps=steps, components=False)   # only change points are read
    except Exception as exc:  # a check must not hide the answer; report it instead
        reason = exc.message if isinstance(exc, DeterrenceError) else f"{type(exc).__name__}: {exc}"
        return SweepCheck(name, lo, hi, ((f"sweep failed: {reason}", ()),), note)
    # the formulas each change point lies on are the thresholds' (:func:`on_thresholds`)
    return SweepCheck(name, lo, hi, tuple((c.text, ()) for c in s.changes), note,
                      tuple(c.value for c in s.changes))


#: Halvings that locate where the model starts to refuse a parameter's values.
BOUNDARY_STEPS = 32


def accepted_range(game, name: str, lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction, str]:
    """The part of ``[lo, hi]`` around the value in force that the model accepts, the other
    parameters at theirs, and a note ("" when it is all of it). Each refused end is moved
    to the boundary, found by exact bisection and then rounded to the simplest rational
    the model still accepts (the ladder's q stops at 1/2, where loss of control reaches 1).

    >>> from deterrence import load_game
    >>> accepted_range(load_game("tariff_ladder"), "q", Fraction(0), Fraction(1))[:2]
    (Fraction(0, 1), Fraction(1, 2))
    """
    here = Fraction(game.parameters.values()[name])
    here_accepted = _refused(game, name, here) is None
    first = None
    ends = []
    for end in (lo, hi):
        reason = _refused(game, name, end)
        if reason is None or not here_accepted:     # nothing accepted to bisect from
            ends.append(end)
            continue
        first = first or reason
        accepted, refused = here, end
        for _ in range(BOUNDARY_STEPS):
            middle = (accepted + refused) / 2
            if _refused(game, name, middle) is None:
                accepted = middle
            else:
                refused = middle
        a, b = sorted((accepted, refused))
        simple = simplest_between(a, b)
        ends.append(simple if _refused(game, name, simple) is None else accepted)
    if first is None:
        return lo, hi, ""
    return ends[0], ends[1], (f"swept over [{format_fraction(ends[0])}, {format_fraction(ends[1])}], "
                              f"where the model accepts {name} at the values in force "
                              f"(past it: {first})")


def _refused(game, name: str, value: Fraction) -> str | None:
    """Why the model refuses ``name = value`` (the others at their values), or ``None``."""
    from deterrence.errors import DeterrenceError

    try:
        at = game.with_values({name: value})
        at.exact() if hasattr(at, "exact") else at.exact_payoffs()    # a tree, or a matrix game
    except DeterrenceError as exc:
        return getattr(exc, "message", str(exc)).splitlines()[0]
    return None


__all__ = ["derive_thresholds", "sweep_checks", "accepted_range", "ThresholdReport", "RegimeConditions", "SweepCheck",
           "parameter_box", "sample_points", "THRESHOLDS_SCHEMA"]
