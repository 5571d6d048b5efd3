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
from deterrence.model.numbers import equal, less, number_text, simplest_between, sorted_unique, to_float
from deterrence.parametric.backend import Progress
from deterrence.parametric.backends import backend_for
from deterrence.parametric.ranges import Range, whole_steps
from deterrence.parametric.results import BRACKETED, END_OF_RANGE
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
    from deterrence.parametric.workers import SharedKeys, can_fork, map_beside

    backend = backend_for(game)
    box = parameter_box(game)      # the box the back ends sample (``report.box``)
    lines = [line for line in box if line[1] < line[2]] if check_sweeps else []
    spare = backend.threshold_solves(samples, seed) if workers >= 2 and len(lines) >= 2 else []

    # what this process works out itself, by its key: the helper leaves it
    mine = SharedKeys(len(spare)) if spare and can_fork() else None

    def first(take=None) -> ThresholdReport:
        if take is None:
            return backend.thresholds(samples, seed, progress)
        from deterrence.parametric.solved import taking_beside

        ready: dict[bytes, Any] = {}     # the helper's work, by key
        early: dict[int, Any] = {}       # solves the helper sent, read while looking for work

        def solved(j: int):
            found, value = (True, early.pop(j)) if j in early else take(2 * j)
            if not found:       # solved here: what else is worked out there is done here too
                take(2 * j + 1, wait=False)
            return found, value

        def beside(key: bytes):
            for k, answer in take.arrived(0, 2 * len(spare)).items():
                if k % 2 == 0:                  # a solve, taken before it was asked for
                    early[k // 2] = answer
                elif answer is not None:
                    ready[answer[0]] = answer[1]
            if key not in ready and mine is not None:
                mine.add(_short(key))
            return ready.get(key)

        with taking_beside(game, spare, [False] * len(spare), solved):
            return backend.thresholds(samples, seed, progress, beside=beside)

    items = [("sweep", line) for line in lines]
    # each sampled point solved, and then what else the back end works out there from its answer
    extra = [job for values in spare for job in (("solve", values), ("work", values))]
    report, checks = map_beside(first, partial(_job, game, backend, set(integer_parameters(game)), mine), items,
                                workers, spare=extra)
    if not check_sweeps:
        return report
    if report.box != tuple(box):        # not the box swept beside it: sweep the report's
        checks = sweep_checks(game, report.box)
    # a tree's changes left between grid points, located at the thresholds' roots, and each
    # change matched to the thresholds: with two workers, the checks are shared between
    # this process and a forked one
    _, done = map_beside(lambda: None, partial(_located_job, game, report.thresholds), checks, workers)
    sweeps = []
    for check, lines in done:
        sweeps.append(check)
        _BRANCH_LINES.update(lines)     # worked out in the helper: kept here as well
    sweeps = tuple(sweeps)
    return replace(report, sweeps=sweeps, warnings=report.warnings + tuple(check_warnings(game, report, sweeps)))


def check_warnings(game, report: ThresholdReport, sweeps) -> list[str]:
    """What the checks say against the report, in words: sampled points where the formulas
    and the exact solver disagree, change points on no threshold (but a count's: a built
    model's member count has no formula), or no sample at all."""
    out = []
    agree, total = report.agreement
    if total == 0:
        out.append("no points were sampled (--samples 0): the regimes listed are those found at the "
                   "values in force, unchecked; others may hold elsewhere in the box")
    elif agree < total:
        out.append(f"the formulas and the exact solver disagree at {total - agree} of {total} sampled "
                   "points: there the regimes' conditions are not the exact solver's (a regime not found, "
                   "or an equilibrium beside those found); solve such a point to see its equilibria")
    counts = set(integer_parameters(game))
    unmatched = [(s.parameter, v) for s in sweeps if s.parameter not in counts and not s.not_swept
                 for v, f in s.changes if not f]
    if unmatched:
        where = ", ".join(f"{name} ≈ {v[1:]}" if v.startswith("≈") else f"{name} = {v}"
                          for name, v in unmatched[:4]) + (" …" if len(unmatched) > 4 else "")
        out.append(f"{len(unmatched)} change point(s) of the check sweeps lie on no threshold formula "
                   f"({where}): the thresholds listed are not all there are")
    return out


def _job(game, backend, counts: set[str], mine, job: tuple):
    """One job of :func:`derive_thresholds`' helper: a sweep to check (its
    :class:`SweepCheck`), a sampled point to solve (what
    :func:`~deterrence.parametric.solved.solve_job` gives), or what else the back end
    works out at a point it solved (``(key, work)``: its
    :meth:`~deterrence.parametric.backend.Backend.threshold_key` and
    :meth:`~deterrence.parametric.backend.Backend.threshold_work`), or ``None``, where
    that is nothing, was worked out here at another point with the same key already, or
    the first process took it on itself (its key in ``mine``)."""
    from deterrence.parametric.solved import solve_job

    kind, what = job
    if kind == "sweep":
        return sweep_check(game, counts, what)
    point = tuple(sorted(what.items()))
    if kind == "solve":
        _HELD[point] = answer = solve_job(game, (what, False))
        return answer
    answer = _HELD.pop(point, None)
    answer = answer if answer is not None else solve_job(game, (what, False))
    key = backend.threshold_key(answer)
    if key is None or key in _SENT or (mine is not None and _short(key) in mine):
        return None
    _SENT.add(key)
    return key, backend.threshold_work(answer)


def _short(key: bytes) -> int:
    """A key as one 64-bit number (for :class:`~deterrence.parametric.workers.SharedKeys`)."""
    return int.from_bytes(key[:8], "little", signed=True)


#: The answers of a helper's ``solve`` jobs, each kept for the ``work`` job at its point.
_HELD: dict = {}
#: The keys of the work a helper has handed back (each once).
_SENT: set = set()


def _located_job(game, thresholds, check: SweepCheck) -> tuple[SweepCheck, dict]:
    """One check :func:`located` and matched to the ``thresholds``
    (:func:`on_thresholds`), and the ``min``/``max`` lines that worked out
    (:data:`_BRANCH_LINES`): from a helper process, they come back with its answer."""
    before = set(_BRANCH_LINES)
    (out,) = on_thresholds(game, [located(game, check, thresholds)], thresholds)
    return out, {k: v for k, v in _BRANCH_LINES.items() if k not in before}


def located(game, check: SweepCheck, thresholds) -> SweepCheck:
    """``check`` with each change its sweep left between two grid points (``pending``)
    located: where a threshold has a root ``r`` between them, the regimes just below and
    just above ``r`` are solved (2^-20 of a grid step away, or closer where roots crowd);
    a change across them is at ``r``, bracketed that closely. A change between two such
    probes, where no threshold has a root, is bisected (:data:`UNMATCHED_BISECTION`
    halvings) and shown to the digits that gives (``≈15.8``): a change no formula gives. Two
    solves a change where the formulas are right, instead of a bisection's dozens (game
    trees whose equilibria give no formulas: tariff_ladder's beliefs)."""
    if not check.pending:
        return check
    name = check.parameter
    values = game.parameters.values()
    tests = [t for t in threshold_tests(thresholds, values) if name in t.names]
    regime = _regime_along(game, name)
    found = []
    count = game.parameters.get(name).integer
    for lo, hi, before, after in check.pending:
        start, end = (lo, before), (hi, after)
        # the regime at an end of the range itself (a probability of 0) is no threshold:
        # the walk starts just inside it
        near = (hi - lo) / 2 ** CHECK_BISECTION
        if lo == check.lo and not count:
            start = (lo + near, regime(lo + near))
        if hi == check.hi and not count:
            end = (hi - near, regime(hi - near))
        roots = _roots_between(tests, name, start[0], end[0])
        found += _across(regime, start, end, roots, _around(roots, start[0], end[0]))
    changes = list(zip(check.changes, check.values, check.brackets or (None,) * len(check.values)))
    changes += [((text, ()), v, bracket) for v, bracket, text in found]
    changes.sort(key=lambda c: to_float(c[1]))
    # a grid point on a threshold has a regime of its own: the changes into it and out of
    # it, one on each side, are one change point
    changes = [c for k, c in enumerate(changes) if k == 0 or not equal(changes[k - 1][1], c[1])]
    return replace(check, changes=tuple(c[0] for c in changes), values=tuple(c[1] for c in changes),
                   brackets=tuple(c[2] for c in changes), pending=())


def _across(regime, start, end, roots: list, around: list) -> list:
    """The changes from ``start`` to ``end`` (each ``(x, regime there)``), with the roots of
    the thresholds between them and a rational just below and above each (``around``):
    ``(value, bracket, text)`` in order. The middle root is probed on both sides; a side whose
    ends have one regime is taken to hold no change (as between two grid points), so that
    of many roots only those near a change are solved at."""
    (a, ra), (b, rb) = start, end
    if ra == rb or not less(a, b):      # a probe beyond a root at the bracket's end: no room
        return []
    if not roots:                            # no threshold between: a change no formula gives
        return [(v, bracket, _approximately(v, bracket)) for v, _, _, bracket in _bisect_along(regime, a, b, ra, rb)]
    m = len(roots) // 2
    left, right = around[m]
    rl, rr = regime(left), regime(right)
    here = [(roots[m], (left, right), number_text(roots[m]))] if rl != rr else []
    return (_across(regime, start, (left, rl), roots[:m], around[:m]) + here
            + _across(regime, (right, rr), end, roots[m + 1:], around[m + 1:]))


def _approximately(value, bracket) -> str:
    """``≈15.8``: ``value`` to the digits its ``bracket`` gives (a change on no formula,
    bisected only far enough to say where it is)."""
    import math

    width = float(bracket[1] - bracket[0])
    decimals = max(0, math.ceil(-math.log10(width))) if width > 0 else 6
    return f"≈{to_float(value):.{decimals}f}"


def _regime_along(game, name: str):
    """The regime of the tree ``game`` at ``name = x`` (the others at their values), as a
    tree sweep reads it (equilibria not located in components)."""
    from deterrence.parametric.regimes import tree_regime
    from deterrence.parametric.solved import solved_at

    return lambda x: tree_regime(solved_at(game, {name: Fraction(x)}, False)[0])


class _Along:
    """A regime function along a line as the model :func:`bisect_changes` asks for."""

    def __init__(self, regime) -> None:
        self.regime = lambda point: regime(point[0])


def _bisect_along(regime, a, b, ra, rb):
    from deterrence.parametric.intervals import bisect_changes

    return bisect_changes(_Along(regime), a, b, 0, 1, [ra, rb], UNMATCHED_BISECTION)


def _roots_between(tests, name: str, lo, hi) -> list:
    """The distinct roots in ``[lo, hi]`` of the thresholds' equations along the line,
    ascending (rationals and algebraic numbers): a root at a grid point is where a change
    beside that point is."""
    roots = []
    for t in tests:
        roots += t.roots_within(name, lo, hi)
    return sorted_unique(roots)


def _around(roots: list, lo, hi) -> list[tuple[Fraction, Fraction]]:
    """For each root, a rational just below it and one just above, closer to it than to
    anything else: 2^-20 of ``hi - lo``, or a quarter of the gap to a neighbour."""
    width = (Fraction(hi) - Fraction(lo)) / 2 ** CHECK_BISECTION
    floats = [float(lo)] + [to_float(r) for r in roots] + [float(hi)]
    out = []
    for k, r in enumerate(roots):
        gap = min(floats[k + 1] - floats[k], floats[k + 2] - floats[k + 1])
        d = min(width, Fraction(gap / 4).limit_denominator(2 ** 62) or width)
        if isinstance(r, Fraction):
            out.append((r - d, r + d))
        else:
            r.refine(d)                      # an algebraic number: its isolating interval
            out.append((r.lo - d, r.hi + d))
    return out


def on_thresholds(game, checks: list[SweepCheck], thresholds) -> list[SweepCheck]:
    """The ``checks`` with each change point's formulas: the ``thresholds``
    (:class:`~deterrence.parametric.results.Boundary`) whose equation holds there, the
    other parameters at their values — exactly, at a rational or an algebraic point; for a
    count, somewhere between the change point and the whole number before it. A
    threshold that holds all along the line (at these values it does not involve the swept
    parameter) marks no point."""
    values = game.parameters.values()
    tests = threshold_tests(thresholds, values)
    out = []
    for check in checks:
        name = check.parameter
        mine = [t for t in tests if name in t.names]
        count = game.parameters.get(name).integer
        brackets = check.brackets or (None,) * len(check.values)

        def on(t: _ThresholdTest, value, bracket) -> bool:
            if count:
                return t.crosses_before(name, value)
            return t.holds(name, value) if bracket is None else t.root_within(name, *bracket)

        out.append(replace(check, changes=tuple(
            (text, tuple(t.text for t in mine if on(t, value, bracket)))
            for (text, _), value, bracket in zip(check.changes, check.values, brackets))) if check.values else check)
    return out


def threshold_tests(thresholds, values) -> list["_ThresholdTest"]:
    """A test of each threshold at the ``values`` in force, the same ones for every check
    of one report (each test remembers its evaluator and its lines along each parameter)."""
    key = (tuple(b.text for b in thresholds), tuple(sorted(values.items())))
    if key not in _TESTS:
        if len(_TESTS) >= 8:
            _TESTS.clear()
        _TESTS[key] = [_ThresholdTest(b, values) for b in thresholds]
    return _TESTS[key]


#: The tests of the last reports' thresholds, by their texts and the values in force.
_TESTS: dict = {}


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
                return difference == 0 and bool(self._lines_of(name))
        return any(_root_of(*line, value) and self._zero_at(name, value) for line in self._lines_of(name))

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

    def root_within(self, name: str, lo, hi) -> bool:
        """Whether the equation holds somewhere in ``[lo, hi]`` (a change that bisection
        bracketed there: the threshold may be any number in the bracket)."""
        return bool(self.roots_within(name, lo, hi))

    def roots_within(self, name: str, lo, hi) -> list:
        """Where in ``[lo, hi]`` the equation holds along the line (rationals, algebraic
        numbers)."""
        from deterrence.parametric.univariate import real_roots

        lo, hi = Fraction(lo), Fraction(hi)
        out = []
        for num, den in self._lines_of(name):
            out += [r for r in real_roots(num, lo, hi)
                    if (den(r) != 0 if isinstance(r, Fraction) else True) and self._zero_at(name, r)]
        return out

    def _lines_of(self, name: str) -> list:
        """The ``(numerator, denominator)`` pairs whose roots are where the equation may hold
        along the line: one (:meth:`_line`), or one for each branch of its ``min``/``max``
        (:func:`_branch_lines`), or none (constant along the line)."""
        line = self._line(name)
        if line is not None:
            return [line]
        key = ("branches", name)
        if key not in self._lines:
            self._lines[key] = _branch_lines_once(self.equation, name, self.values)
        return self._lines[key]

    def _zero_at(self, name: str, value) -> bool:
        """Whether ``lhs - rhs`` is zero at ``value`` (a root of one of its lines): exactly at
        a rational, else to 1e-9 in floating point — a root of a ``min``/``max`` branch is
        one of the equation only where that branch is the one taken."""
        if self._line(name) is not None:
            return True                      # one rational function: its roots are the equation's
        exact = isinstance(value, (int, Fraction))
        point = [(Fraction(value) if exact else to_float(value)) if s.name == name else self.values.get(s.name)
                 for s in self.symbols]
        if not exact:
            point = [float(v) for v in point]
        try:
            (difference,) = self._evaluator()(*point)
        except (ArithmeticError, TypeError, ValueError):
            return False
        return difference == 0 if exact else abs(float(difference)) <= 1e-9 * (1 + abs(to_float(value)))
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
            elif _branches_in(self.equation.lhs - self.equation.rhs, name):
                self._lines[name] = None     # a min/max of the parameter: its branches' lines
            else:
                self._lines[name] = _line_polynomials(self.equation, name, self.values)
        return self._lines[name]


def _branches_in(expr, name: str) -> bool:
    """Whether a ``min``/``max`` in ``expr`` involves the parameter ``name`` (no rational
    function of it then)."""
    import sympy

    return any(name in {s.name for s in m.free_symbols} for m in expr.atoms(sympy.Max, sympy.Min))


def _rational_line(expr, name: str, values, made: dict):
    """``(numerator, denominator)`` of ``expr`` in ``name``, the other symbols at their values,
    by exact evaluation with the parameter a rational function (no sympy simplification);
    ``None`` where ``expr`` is constant along the line, and :data:`NotImplemented` where
    the evaluation does not give a rational function (the caller asks sympy)."""
    from deterrence.parametric.tree_evaluate import exact_evaluator
    from deterrence.parametric.univariate import RationalFunction

    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    point = [RationalFunction.variable() if s.name == name else values.get(s.name) for s in symbols]
    if any(v is None for v in point):
        return NotImplemented
    try:
        (line,) = exact_evaluator(symbols, [expr], numbers=False, made=made)(*point)
    except Exception:        # a min/max left inside, a root: sympy's
        return NotImplemented
    if not isinstance(line, RationalFunction):
        return NotImplemented
    return None if line.is_constant or line.num.degree < 1 else (line.num, line.den)


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


#: Lines of ``min``/``max`` thresholds already worked out in this process, by equation,
#: parameter and the values of the others: the check sweeps' changes are located and
#: then matched against the same thresholds.
_BRANCH_LINES: dict = {}


def _branch_lines_once(eq, name: str, values) -> list:
    """:func:`_branch_lines`, remembered (:data:`_BRANCH_LINES`)."""
    others = tuple(sorted((s.name, values.get(s.name)) for s in eq.free_symbols if s.name != name))
    key = (eq, name, others)
    if key not in _BRANCH_LINES:
        if len(_BRANCH_LINES) >= 4096:
            _BRANCH_LINES.clear()
        _BRANCH_LINES[key] = _branch_lines(eq, name, values)
    return _BRANCH_LINES[key]


def _branch_lines(eq, name: str, values) -> list:
    """The lines (:func:`_line_polynomials`) of ``lhs - rhs`` with each ``Max``/``Min`` replaced
    by one of its arguments, every combination (at most 64): a root of the equation is a
    root of one of them (where that branch is the one taken)."""
    import itertools

    import sympy

    difference = eq.lhs - eq.rhs
    choices = sorted(difference.atoms(sympy.Max, sympy.Min), key=sympy.default_sort_key)
    if not choices or 2 ** len(choices) > 64:
        return []
    out = []
    made: dict = {}                 # the branches share most of their parts
    for picks in itertools.product(*(c.args for c in choices)):
        branch = difference.xreplace(dict(zip(choices, picks)))
        if name not in {s.name for s in branch.free_symbols}:
            continue                # constant along the line on this branch
        line = _rational_line(branch, name, values, made)
        if line is NotImplemented:
            line = _line_polynomials(sympy.Eq(branch, 0, evaluate=False), name, values)
        if line is not None and line not in out:
            out.append(line)
    return out


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
    steps = CHECK_STEPS if name not in counts or whole_steps(rng, CHECK_STEPS) else 2
    # a tree's changes that no formula locates are left between grid points, to be located
    # at the thresholds' roots there (:func:`located`); a matrix game bisects anyway (cheap)
    try:                # only where the changes are is read: no components, no point's own regime
        s = sweep_one(game, rng, steps=steps, components=False, bisection=0, point_regimes=False)
    except Exception as exc:  # a check must not hide the answer; report it instead
        reason = exc.message if isinstance(exc, DeterrenceError) else f"{type(exc).__name__}: {exc}"
        return SweepCheck(name, lo, hi, ((f"sweep failed: {reason}", ()),), note)
    # a regime solved at a probability's end of 0 or 1 itself (the tree loses branches
    # there) is no threshold; for a count, an end is a whole number like the others
    changes = [c for c in s.changes if (name in counts or c.method != END_OF_RANGE) and c.method != BRACKETED]
    pending = tuple((*c.bracket, s.regimes[c.before], s.regimes[c.after]) for c in s.changes if c.method == BRACKETED)
    # the formulas each change point lies on are the thresholds' (:func:`on_thresholds`)
    return SweepCheck(name, lo, hi, tuple((c.text, ()) for c in changes), note,
                      tuple(c.value for c in changes), tuple(c.bracket for c in changes), pending)


#: Grid points of each check sweep: changes between them are located, so more points
#: find a regime that comes and goes between two of them.
CHECK_STEPS = 9
#: How close to a threshold's root (2^-20 of the stretch) the regimes either side of it
#: are solved, and how close to an end of the range the walk starts (:func:`located`).
CHECK_BISECTION = 20
#: Halvings of the stretch around a change that lies on no threshold: enough to say where
#: (2^-6 of a grid step, shown to the digits that gives), each a tree solved exactly.
UNMATCHED_BISECTION = 6


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
