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

from fractions import Fraction  # noqa: F401  (the doctests)
from typing import Any, Callable

from deterrence.errors import ExpressionError, GameFileError, UsageError
from deterrence.parametric.conditions import boundary_equation, equation_text, factors_of, text_of
from deterrence.parametric.regimes import Regime, tree_regime
from deterrence.parametric.reports import RegimeConditions, ThresholdReport
from deterrence.parametric.results import Boundary
from deterrence.parametric.sampling import axis_points, integer_parameters, parameter_box, sample_points
from deterrence.parametric.stand_ins import stand_ins
from deterrence.parametric.tree_formulas import comparisons, pure_profile


#: Sampled points of one regime checked against the exact solver; the others are classified
#: by the conditions of an equilibrium already found (which hold there strictly).
CHECKS_PER_REGIME = 3


def tree_thresholds(game, samples: int = 60, seed: int = 0, progress=None,
                    beside: Callable[[tuple], Any] | None = None) -> ThresholdReport:
    """Thresholds of a tree: for each regime met at sampled points, the comparisons its
    equilibrium rests on (all parameters free), and where the tree has several equilibria or
    a mixed one, the conditions of each (:func:`equilibrium_pieces`).

    The exact solver is asked at up to :data:`CHECKS_PER_REGIME` points of every regime,
    where the comparisons are checked in exact arithmetic. A sampled point beyond those is
    classified without a solve where the conditions of a regime already found hold
    strictly (:func:`_classified`): a regime of one pure equilibrium by its comparisons,
    one of several equilibria, or a mixed one, by the conditions of all of them; the
    exact solver is asked at the others.

    ``beside(key)`` gives the comparisons a helper worked out for the equilibrium whose
    :func:`work_key` is ``key`` (:func:`threshold_work`), if it has them ready, or
    ``None``: a new regime takes them from there instead of deriving them again (the
    same conditions)."""
    from deterrence.parametric.solved import solved_at
    from deterrence.parametric.symbols import free_symbols
    from deterrence.parametric.tree_evaluate import exact_evaluator, positivity_test

    names = game.parameters.names
    symbols = free_symbols(game)
    box = parameter_box(game)
    points = threshold_points(game, samples, seed)
    regimes: list[Regime] = []
    keys: list = []      # (regime, profile): one regime may rest on several profiles
    conditions: dict[int, list] = {}
    compiled: dict[int, Any] = {}
    positive: dict[int, Any] = {}       # whether all of them hold strictly at a point
    single: dict[int, bool] = {}
    profiles: dict[int, str] = {}
    counts: dict[int, int] = {}
    checked: dict[int, int] = {}
    agree = total = 0
    warnings = []
    outside: list[str] = []  # sampled points the model's builder refuses
    current = None
    more: list = []          # factors of the conditions of the other (and mixed) equilibria
    fields: dict = {}
    # whether the conditions of every equilibrium of a regime of several (or a mixed one)
    # hold strictly at a point
    everyone: dict[int, Any] = {}
    # a built model's tree changes with its counts (a pool's members): the conditions found
    # on one tree say nothing on another, so a point is classified only among the regimes
    # first found where the counts are its own
    whole = set(integer_parameters(game))
    counted = [k for k, n in enumerate(names) if n in whole]
    built = getattr(game, "rebuild", None) is not None
    shape_of: dict[int, tuple] = {}
    made: dict = {}          # closures of the conditions met so far (regimes share most of them)

    def shape(point) -> tuple:
        return tuple(point[k] for k in counted) if built else ()

    def values_at(r, point):
        try:
            return compiled[r](*point) if conditions[r] else []
        except ZeroDivisionError:
            return None

    def strictly(r, point) -> bool:
        """Whether what regime ``r`` rests on holds strictly at ``point``."""
        if single[r]:
            return bool(conditions[r]) and positive[r](*point)
        return everyone.get(r) is not None and everyone[r](*point)

    for n, point in enumerate(points):
        known = None
        if n > 0:
            here = shape(point)
            ready = [r for r in range(len(keys))
                     if checked.get(r, 0) >= CHECKS_PER_REGIME and shape_of[r] == here]
            known = _classified([r for r in ready if strictly(r, point)], regimes)
        if known is not None:
            counts[known] = counts.get(known, 0) + 1
            if progress:
                progress(n + 1, len(points), "checking sampled points")
            continue
        try:
            # only the values in force are solved with components (a sweep starts there)
            result, at = solved_at(game, dict(zip(names, point)), components=n == 0)
        except (GameFileError, ExpressionError, UsageError) as exc:  # outside what the model allows
            if n == 0:
                raise
            outside.append(exc.message)
            continue
        regime = tree_regime(result)
        eq = pure_profile(result)
        key = (regime, tuple(int(a) for a in eq.choice) if eq is not None else ())
        if key not in keys:
            keys.append(key)
            regimes.append(regime)
            r = len(keys) - 1
            shape_of[r] = shape(point)
            conditions[r] = (_comparisons(at, eq, beside(work_key(at, eq.choice)) if beside else None)
                             if eq is not None else [])
            if eq is None or len(result.equilibria) > 1:
                pieces = equilibrium_pieces(game, at, result, fields)
                more += _factors(pieces or [])
                exprs = [c.expr.as_expr() for piece in pieces or [] for c in piece.conditions]
                if exprs:     # conditions that always hold tell nothing (as for one equilibrium)
                    everyone[r] = positivity_test(symbols, exprs, made)
            compiled[r] = exact_evaluator(symbols, [c.expr for c in conditions[r]], made=made)
            positive[r] = positivity_test(symbols, [c.expr for c in conditions[r]], made)
            single[r] = len(result.equilibria) == 1 and eq is not None
            profiles[r] = eq.label(at) if eq is not None else ""
        r = keys.index(key)
        counts[r] = counts.get(r, 0) + 1
        checked[r] = checked.get(r, 0) + 1
        if n == 0:
            current = r
        values = values_at(r, point)
        holds = values is not None and all(c.holds(v) for c, v in zip(conditions[r], values))
        if n > 0:
            total += 1
            agree += holds
        if not holds and len(warnings) < 5:
            warnings.append("at " + ", ".join(f"{k}={v}" for k, v in zip(names, point)) +
                            f" the conditions of {regime.label(game)} fail")
        if progress:
            progress(n + 1, len(points), "checking sampled points")
    if outside:
        warnings.append(f"{len(outside)} sampled point(s) lie outside what the model allows and "
                        f"were skipped (the first: {outside[0]})")
    out = [RegimeConditions(reg, tuple(conditions[k]), False, counts.get(k, 0), profiles.get(k, ""))
           for k, reg in enumerate(regimes)]
    found: dict[str, Any] = {}
    factors = [factor for rc in out for c in rc.conditions for factor, _, _ in factors_of(c.expr)]
    for factor in dict.fromkeys(factors + more):
        eq = _boundary(factor, names)
        found.setdefault(equation_text(eq), eq)
    thresholds = tuple(Boundary(eq, ()) for eq in found.values())
    return ThresholdReport(game, "tree", None, tuple(out), thresholds, (agree, total), 0, (),
                           tuple(box), tuple(warnings), current)


def threshold_key(answer: tuple) -> bytes | None:
    """The :func:`work_key` of the pure equilibrium of an exact ``answer`` (``(result, game
    at the point, components)``), or ``None`` without one: what :func:`threshold_work`
    works out there is the same at every point with this key."""
    result, at, _ = answer
    eq = pure_profile(result)
    return None if eq is None else work_key(at, eq.choice)


def work_key(at, choice) -> bytes:
    """A digest of all the :func:`~deterrence.parametric.tree_formulas.comparisons` of the
    pure profile ``choice`` depend on: the profile and the tree ``at`` up to its parameter
    values — its shape, labels and expressions (a built model's tree changes with its
    counts; any other tree is the file's at every point). Two points with one key have
    the same comparisons, all parameters free.

    >>> from deterrence import load_game
    >>> g = load_game("punishment_credibility")
    >>> work_key(g, (0, 0)) == work_key(g.with_values({"p": Fraction(1, 3)}), (0, 0)) != work_key(g, (1, 0))
    True
    """
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    for part in (tuple(int(a) for a in choice), at.players, at.action, at.infoset_labels,
                 tuple(str(e) for e in at.exprs)):
        digest.update(repr(part).encode())
    for array in (at.mover, at.offsets, at.child, at.infoset, at.edge_prob, at.payoff):
        digest.update(array.tobytes())
    return digest.digest()


def threshold_work(answer: tuple) -> bytes | None:
    """What a helper of :func:`tree_thresholds` works out at a point it solved, from the
    exact ``answer`` there (``(result, game at the point, components)``): the
    :func:`~deterrence.parametric.tree_formulas.comparisons` of its pure equilibrium and
    the conditions worked out for each comparison (its ``made``), pickled in the forms
    they were built in (:mod:`~deterrence.parametric.kept_forms`; ``None`` without a pure
    equilibrium). Unpickling a regime's conditions takes a fraction of deriving them,
    and only where a new regime is met, so the helper, idle once its sweeps are done,
    takes part of the sympy algebra the derivation waits on.

    >>> from deterrence import load_game
    >>> from deterrence.parametric.solved import solve_job
    >>> result, at, _ = answer = solve_job(load_game("entry_deterrence"), ({}, False))
    >>> eq = pure_profile(result)
    >>> [c.text for c in _comparisons(at, eq, threshold_work(answer))] == [c.text for c in comparisons(at, eq.choice)]
    True
    """
    from deterrence.parametric.kept_forms import dumps

    result, at, _ = answer
    eq = pure_profile(result)
    if eq is None:
        return None
    made: list = []
    # pickled in the forms they were built in: a condition solved as ``(-L + f)/2`` must
    # not come back as ``-L/2 + f/2`` (sympy's own pickling evaluates each product again)
    return dumps((comparisons(at, eq.choice, made=made), made))


def _comparisons(at, eq, pickled: bytes | None) -> list:
    """The comparisons of the pure equilibrium ``eq`` of ``at``: those a helper worked out
    (``pickled``), or worked out here. The helper's are remembered here too, each
    comparison with its conditions, for the regimes that share them (most do)."""
    if pickled is None:
        return comparisons(at, eq.choice)
    import pickle

    from deterrence.parametric.tree_formulas import remember_conditions

    found, made = pickle.loads(pickled)
    remember_conditions(made)
    return found


def threshold_points(game, samples: int = 60, seed: int = 0) -> list[tuple]:
    """The points :func:`tree_thresholds` classifies, in its order (each a value per
    parameter, in the game's order): the values in force, ``min(samples, 80)`` seeded
    random points of the box, and points along each parameter's line through the values
    in force, where the sweeps that check the thresholds look.

    >>> from deterrence import load_game
    >>> points = threshold_points(load_game("punishment_credibility"), samples=10)
    >>> points[0]          # p, V, c, d and s in force
    (Fraction(1, 2), Fraction(1, 1), Fraction(2, 1), Fraction(2, 1), Fraction(3, 1))
    """
    names = game.parameters.names
    box = parameter_box(game)
    whole = integer_parameters(game)
    current_point = tuple(game.parameters.values()[n] for n in names)
    return ([current_point] + sample_points(box, min(samples, 80), seed, whole)
            + axis_points(box, current_point, whole))


def _classified(matches: list[int], regimes: list[Regime]) -> int | None:
    """The regime a sampled point is classified in, from the regimes whose conditions hold
    there strictly (``matches``): the one whose equilibria include those of every other
    (the equilibria of each match are all there), or ``None`` (solve the point) when there
    is none such, or no match."""
    if not matches:
        return None
    widest = max(matches, key=lambda r: len(regimes[r].members))
    have = set(regimes[widest].members)
    return widest if all(set(regimes[r].members) <= have for r in matches) else None


def equilibrium_pieces(game, at, result, fields: dict) -> list | None:
    """Every equilibrium in ``result`` as formulas, every parameter free, mixed ones included
    (:func:`~deterrence.parametric.tree_pieces.pieces_at`), or ``None`` where they give
    none. The factors of their conditions (:func:`_factors`) are the thresholds where a
    second equilibrium, or a mixed one, appears or goes. ``fields`` keeps the one field of
    rational functions a call of :func:`tree_thresholds` builds."""
    from deterrence.parametric.tree_pieces import FractionField, NoFormulas, NotRational, pieces_at

    try:
        if "field" not in fields:
            fields["field"] = FractionField(game)
        return pieces_at(game, at, result, fields["field"])
    except (NoFormulas, NotRational, ZeroDivisionError):
        return None


def _factors(pieces) -> list:
    """The factors of the numerators of the pieces' conditions (sympy expressions)."""
    from deterrence.parametric.factoring import ring_factor_list

    out = {}
    for piece in pieces:
        for c in piece.conditions:
            for factor, _ in ring_factor_list(c.expr.numer)[1]:
                if any(factor.degrees()):
                    out.setdefault(-factor if factor.LC < 0 else factor)
    return [factor.as_expr() for factor in out]


def _boundary(factor, names):
    """``factor = 0`` solved for the first parameter it is linear in, its ``min``/``max``
    terms standing in as symbols meanwhile (:func:`~deterrence.parametric.tree_formulas.stand_ins`:
    no ``sympy.solve`` on expressions with ``Max``)."""
    import sympy

    rational, restored = stand_ins(factor)
    eq = boundary_equation(rational, _ordered(rational, names))
    if rational is factor:
        return eq
    # the shortest form once the terms are back (a stand-in's name is shorter than its term)
    forms = {restored(f) for f in (eq.rhs, sympy.factor(eq.rhs), sympy.cancel(eq.rhs))}
    rhs = min(forms, key=lambda f: (len(text_of(f)), text_of(f)))
    return sympy.Eq(restored(eq.lhs), rhs, evaluate=False)


def _ordered(expr, names):
    by_name = {s.name: s for s in expr.free_symbols}
    return [by_name[n] for n in names if n in by_name]


__all__ = ["tree_thresholds", "threshold_points", "equilibrium_pieces", "threshold_key", "threshold_work", "work_key"]
