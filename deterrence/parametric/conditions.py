"""The algebra of conditions: inequalities in the parameters, simplified and combined.

A :class:`Condition` is one inequality ``expr > 0`` (strict) or ``expr >= 0``
in the parameters (sympy expressions; sympy is imported inside the
functions). :func:`make_conditions` normalises any expression into such
conditions (denominators of known sign cleared, factors of known sign
dropped, linear ones solved for a parameter: ``C > V`` rather than
``(C - V)/(2*C) > 0``); :func:`negate`, :func:`combine`,
:func:`reduce_condition` and :func:`known_signs` are what thresholds are
built from; :func:`boundary_equation` turns a factor into the equation of a
boundary, :func:`equation_text` writes it ``lhs = rhs``. The signs of
polynomials are asked of sympy only where sampling them
(:mod:`~deterrence.parametric.mixed_signs`) does not already rule the answer
out: the conditions are the ones sympy alone gives, sooner.

Example
-------
>>> import sympy
>>> V, C = sympy.symbols("V C", positive=True)
>>> [c.text for c in make_conditions((C - V)/C, True, "positive", (V, C))]
['V < C']
>>> negate(make_conditions(V - C, True, "", (V, C))[0]).text
'V <= C'
"""

from __future__ import annotations

import functools

from dataclasses import dataclass
from typing import Any, Sequence

from deterrence.parametric import factoring, mixed_signs, texts


@dataclass(frozen=True)
class Condition:
    """One inequality ``expr > 0`` (``strict``) or ``expr >= 0`` in the parameters.

    ``expr`` is the normalised polynomial whose sign decides the condition;
    ``relation`` is the same condition as people would write it (solved for
    a parameter where it is linear in one); ``reason`` says what it means in
    the game.

    >>> import sympy
    >>> V, C = sympy.symbols("V C", positive=True)
    >>> c = make_conditions(V - C, False, "no deviation", (V, C))[0]
    >>> c.text, c.latex
    ('V >= C', 'V \\\\geq C')
    """

    expr: Any
    strict: bool
    reason: str
    relation: Any
    assumes: Any = None

    @property
    def text(self) -> str:
        text = text_of(self.relation)
        return f"{text} (if {text_of(self.assumes)} > 0)" if self.assumes is not None else text

    @property
    def latex(self) -> str:
        text = latex_of(self.relation)
        if self.assumes is not None:
            text += r" \quad (\text{if } " + latex_of(self.assumes) + " > 0)"
        return text

    @property
    def boundary(self) -> Any:
        """The threshold: the equation ``expr = 0`` where the condition flips (built as
        written: a condition sympy could decide would not have been kept)."""
        import sympy

        return sympy.Eq(self.relation.lhs, self.relation.rhs, evaluate=False) \
            if hasattr(self.relation, "lhs") else sympy.Eq(self.expr, 0, evaluate=False)

    def holds(self, value) -> bool:
        """Whether the condition holds when ``expr`` evaluates to ``value``."""
        return value > 0 if self.strict else value >= 0

    def to_json(self) -> dict[str, Any]:
        boundary = self.boundary
        return {"text": self.text, "latex": self.latex, "strict": self.strict,
                "reason": self.reason, "expression": text_of(self.expr),
                "boundary": text_of(boundary), "boundary_latex": latex_of(boundary)}


class Impossible(Exception):
    """A condition that fails for every parameter value."""


def _shortest(*forms):
    return min(forms, key=lambda f: (len(text_of(f)), text_of(f)))


def relation_of(expr, strict: bool, order: Sequence[Any]):
    """``expr > 0`` (or ``>= 0``) solved for the first parameter it is linear in.

    >>> import sympy
    >>> p, c, V = sympy.symbols("p c V", positive=True)
    >>> relation_of(V - c - p*V, True, (p, c, V))
    p < 1 - c/V
    """

    return solved_relation(expr, strict, order)[0]


def solved_relation(expr, strict: bool, order: Sequence[Any]):
    """:func:`relation_of`, and the coefficient assumed positive when the
    parameter's coefficient is only known to be non-negative (else ``None``).

    The regimes of one game share most of their comparisons, so answers are
    remembered (sympy expressions are immutable).

    >>> import sympy
    >>> p, c, V = sympy.symbols("p c V", nonnegative=True)
    >>> solved_relation(V*p - V + c*p, False, (p, c, V))
    (p >= V/(V + c), V + c)
    """
    return _solved_relation(expr, bool(strict), tuple(order))


@functools.lru_cache(maxsize=4096)
def _solved_relation(expr, strict: bool, order: tuple):
    sparse = factoring.polynomial_of(expr)
    if sparse is not None:      # a polynomial: its parts stay sparse until a sign is asked
        linear = _sparse_linear_parts(sparse)
    else:
        linear = _linear_parts(expr)
        if linear is None:          # min/max and the like: each symbol read on its own, once
            linear = _linear_parts_around(expr)
        if linear is None:
            linear = {}
            for s in order:
                parts = _linear_in(expr, s)
                if parts is not None:
                    linear[s] = parts
    solvable = {}   # symbol -> (a, b, whether s - (-b/a) is proved to take both signs)
    for s in order:
        if s not in linear:
            continue
        a, b = linear[s]
        if sparse is None:
            solvable[s] = a, b, False, None
        elif not mixed_signs.polynomial_takes_both_signs(a):   # else sympy tells no sign of a
            # s - (-b/a) = (a*s + b)/a has the sign of sparse * a
            solvable[s] = (a.as_expr(), b.as_expr(),
                           mixed_signs.polynomial_takes_both_signs(sparse * a.set_ring(sparse.ring)),
                           (a, b))
    for assume in (False, True):
        for s, (a, b, undecided, *sparse_parts) in solvable.items():
            found = _solve_linear_in(s, a, b, strict, assume, undecided, *sparse_parts)
            if found is not None:
                return found
    return readable(expr, strict), None


def _sparse_linear_parts(sparse) -> dict:
    """``{symbol: (a, b)}`` (sparse polynomials) for every symbol in which the polynomial
    ``sparse`` is ``a*symbol + b`` (degree one)."""
    out = {}
    for k, s in enumerate(sparse.ring.symbols):
        if sparse.degree(k) == 1:
            a, b = {}, {}
            for m, c in sparse.items():
                (a if m[k] else b)[m[:k] + (0,) + m[k + 1:]] = c
            out[s] = (sparse.ring.from_dict(a), sparse.ring.from_dict(b))
    return out


def _linear_parts_around(expr):
    """:func:`_linear_parts` of an expression with ``min``/``max`` (or ``abs``) terms: each such
    term stands in as one more unknown, so a parameter outside all of them is read off one
    sparse polynomial too; parameters inside them are not linear (``None`` if that fails)."""
    import sympy

    atoms = expr.atoms(sympy.Min, sympy.Max, sympy.Abs, sympy.Piecewise)
    if not atoms:
        return None
    stand_in = {a: sympy.Dummy(f"m{k}") for k, a in enumerate(sorted(atoms, key=str))}
    back = {d: a for a, d in stand_in.items()}
    parts = _linear_parts(expr.xreplace(stand_in))
    if parts is None:
        return None
    inside = set().union(*(a.free_symbols for a in atoms))
    return {s: (a.xreplace(back), b.xreplace(back)) for s, (a, b) in parts.items()
            if s not in back and s not in inside}


def _linear_in(expr, s):
    """``(a, b)`` when ``expr`` is ``a*s + b`` (a polynomial of degree one in ``s``)."""
    import sympy

    if s not in expr.free_symbols:
        return None
    try:
        poly = sympy.Poly(expr, s)
    except sympy.PolynomialError:
        return None
    if poly.degree() != 1:
        return None
    a, b = poly.all_coeffs()
    return a, b


def _linear_parts(expr):
    """``{symbol: (a, b)}`` for every symbol in which the polynomial ``expr`` is ``a*symbol + b``
    (degree one), read off one sparse polynomial in all of them — instead of one ``Poly``
    per symbol. ``None`` when ``expr`` is not a polynomial with rational coefficients."""
    import sympy

    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if not symbols:
        return {}
    sparse = factoring.polynomial_of(expr)
    if sparse is not None:          # the remembered sparse polynomial: no Poly to build
        return {s: (a.as_expr(), b.as_expr()) for s, (a, b) in _sparse_linear_parts(sparse).items()}
    try:
        poly = sympy.Poly(expr, *symbols)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded):
        return None
    if not poly.domain.is_Numerical:
        return None
    terms = poly.terms()
    out = {}
    for k, s in enumerate(symbols):
        if max(m[k] for m, _ in terms) != 1:
            continue
        a = sympy.Add(*(c * sympy.Mul(*(g ** e for j, (g, e) in enumerate(zip(symbols, m)) if j != k))
                        for m, c in terms if m[k] == 1))
        b = sympy.Add(*(c * sympy.Mul(*(g ** e for g, e in zip(symbols, m)))
                        for m, c in terms if m[k] == 0))
        out[s] = (a, b)
    return out


def factored(expr):
    """``sympy.factor(expr)``, remembered: the candidates of one game share their
    conditions, and each is written in several forms (sympy expressions are immutable);
    computed on sparse polynomials (:mod:`~deterrence.parametric.factoring`)."""
    return factoring.factor(expr)


@functools.lru_cache(maxsize=8192)
def cancelled(expr):
    """``sympy.cancel(expr)``, remembered: a condition solved for a parameter and the
    boundary of its factor often share the right-hand side."""
    import sympy

    return sympy.cancel(expr)


def _cancelled(rhs, sparse):
    """``sympy.cancel(rhs)`` of ``rhs = -b/a``, from ``(a, b)`` as sparse polynomials when
    they are given (and not both constants)."""
    if sparse is None or (sparse[0].is_ground and sparse[1].is_ground):
        return cancelled(rhs)
    a, b = sparse
    return factoring.cancel_fraction(-b, a)


def factor_list_of(expr):
    """``sympy.factor_list(expr)``, remembered (see :func:`factored`)."""
    return factoring.factor_list(expr)


def readable(expr, strict: bool):
    """``expr > 0`` (or ``>= 0``) in its shortest form: factored or expanded,
    and turned around (``-expr < 0``) when that is shorter.

    >>> import sympy
    >>> V, d, p = sympy.symbols("V d p", nonnegative=True)
    >>> readable(sympy.expand((V - d)*(p - 1)), False)
    (-V + d)*(p - 1) <= 0
    """
    import sympy

    options = []
    for form in (expr, factored(expr), -factored(-expr), expanded(expr)):
        options.append((sympy.Gt if strict else sympy.Ge, form))
    for form in (factored(-expr), -factored(expr), expanded(-expr)):
        options.append((sympy.Lt if strict else sympy.Le, form))

    def awkward(option) -> tuple:
        text = relation_text(option[0], option[1])
        return (len(text) + 2 * text.startswith("-"), text.count("-"), text)

    ranked = sorted(options, key=awkward)
    if mixed_signs.takes_both_signs(expr):   # sympy decides none of them: the first, as is
        relation, form = ranked[0]
        return relation(form, 0, evaluate=False)
    # the least awkward form that sympy does not decide outright (deciding one is slow:
    # they are tried in order, not all built)
    for relation, form in ranked:
        r = relation(form, 0)
        if isinstance(r, sympy.core.relational.Relational):
            return r
    relation, form = options[0]
    return relation(form, 0)


_OPERATORS = {"StrictGreaterThan": ">", "GreaterThan": ">=", "StrictLessThan": "<", "LessThan": "<="}


def relation_text(relation, form) -> str:
    """``str(relation(form, 0))`` without building it: a polynomial's text, the operator and 0
    (sympy prints no parentheses around a sum, product or power there)."""
    if form.is_Add or form.is_Mul or form.is_Pow or form.is_Symbol or form.is_Rational:
        return f"{text_of(form)} {_OPERATORS[relation.__name__]} 0"
    return text_of(relation(form, 0, evaluate=False))


def _solve_linear_in(s, a, b, strict: bool, assume: bool, undecided: bool = False, sparse=None):
    """``a*s + b > 0`` (``>= 0``) solved for ``s`` when the sign of ``a`` is known (or, with
    ``assume``, when ``a`` is only known not to change sign), with the assumption made;
    ``undecided``: ``s - (-b/a)`` is known to take both signs (the relation is then built
    without asking sympy whether it holds: it cannot tell); ``sparse``: ``(a, b)`` as sparse
    polynomials, or ``None``."""
    assumes = None
    poly = None if sparse is None else sparse[0]

    def says(question):
        return mixed_signs.says(a, question, poly)

    if assume and not a.is_number:
        if says("is_nonnegative"):
            assumes = a
        elif says("is_nonpositive"):
            assumes, a, b = -a, -a, -b
            return _flip(_solve_linear(s, a, b, strict, undecided, sparse), assumes)
        else:
            return None
    if says("is_positive") or says("is_negative") or assumes is not None:
        return _solve_linear(s, a, b, strict, undecided, sparse), assumes
    return None


def _flip(relation, assumes):
    import sympy

    flipped = {sympy.Gt: sympy.Lt, sympy.Ge: sympy.Le, sympy.Lt: sympy.Gt, sympy.Le: sympy.Ge}
    if type(relation) not in flipped:  # sympy already decided it: true or false throughout
        return relation, assumes
    return flipped[type(relation)](relation.lhs, relation.rhs), assumes


def _solve_linear(s, a, b, strict: bool, undecided: bool = False, sparse=None):
    import sympy

    rhs = -b / a
    rhs = _shortest(sympy.expand(rhs), _cancelled(rhs, sparse), factored(rhs))
    if a.is_negative:
        relation = sympy.Lt if strict else sympy.Le
    else:
        relation = sympy.Gt if strict else sympy.Ge
    # built unevaluated it is the same relation sympy gives when it cannot decide it
    return relation(s, rhs, evaluate=False) if undecided else relation(s, rhs)


def numerator_denominator(expr):
    """``expr`` as a cancelled fraction: (numerator, denominator).

    Computed in the field of rational functions over the rationals (much
    faster than ``cancel``); expressions with ``min``/``max`` go through
    sympy's general ``cancel``.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> numerator_denominator((x**2 - 1)/(x - 1) - 1/x)
    (x**2 + x - 1, x)
    """
    import sympy

    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if symbols and not expr.has(sympy.Min, sympy.Max, sympy.Piecewise, sympy.Abs):
        try:
            field = fraction_field(tuple(symbols))
            f = factoring.field_element(field, expr)
            return f.numer.as_expr(), f.denom.as_expr()
        except (sympy.polys.polyerrors.CoercionFailed, sympy.PolynomialError, ZeroDivisionError):
            pass
    if symbols:
        # min/max terms stand in as symbols meanwhile (sympy's cancel treats them as
        # generators too, and rebuilds each one, which is slow)
        from deterrence.parametric.stand_ins import rational_form

        form = rational_form(expr)
        if form is not None:
            numerator, denominator = numerator_denominator(form[0])
            return form[1](numerator), form[1](denominator)
    return sympy.fraction(sympy.cancel(sympy.together(expr)))


_FIELDS: dict = {}


def fraction_field(symbols):
    """The field of rational functions over QQ in ``symbols`` (sorted by name, as
    :func:`numerator_denominator` uses it: its numerators and denominators are the ones
    that function gives, whatever other symbols the field has)."""
    from sympy import QQ

    if symbols not in _FIELDS:
        if len(_FIELDS) > 64:
            _FIELDS.clear()
        _FIELDS[symbols] = QQ.frac_field(*symbols)
    return _FIELDS[symbols]


def make_conditions(expr, strict: bool, reason: str, order: Sequence[Any]) -> list[Condition]:
    """Normalise ``expr > 0`` (or ``>= 0``) into simplified :class:`Condition` s.

    The denominator is cleared when its sign is known (else the condition
    becomes ``numerator * denominator > 0``), positive constants and factors
    of known sign are dropped, and a strict condition on a product with a
    non-negative factor splits into one condition per factor. Conditions
    that always hold are dropped.

    Raises
    ------
    Impossible
        When the condition can never hold.

    >>> import sympy
    >>> V, C = sympy.symbols("V C", nonnegative=True)
    >>> [c.text for c in make_conditions((C - V)/C, True, "positive", (V, C))]
    ['C > 0', 'V < C']
    """
    return _with_reason(_normalised(expr, bool(strict), tuple(order)), reason)


def fraction_conditions(num, den, strict: bool, reason: str, order: Sequence[Any]) -> list[Condition]:
    """:func:`make_conditions` of ``num/den`` given as :func:`numerator_denominator` gives it
    (for a caller that computed the fraction in :func:`fraction_field` and need not build
    the expression only to take it apart again)."""
    return _with_reason(_normalised_fraction(num, den, bool(strict), tuple(order)), reason)


def _with_reason(normal, reason: str) -> list[Condition]:
    from dataclasses import replace

    if normal is None:
        raise Impossible(reason)
    return [replace(c, reason=reason) for c in normal]


@functools.lru_cache(maxsize=16384)
def _normalised(expr, strict: bool, order: tuple) -> tuple | None:
    """:func:`make_conditions` without the reason, remembered (the comparisons of one game's
    equilibria repeat from regime to regime); ``None`` when the condition never holds."""
    num, den = numerator_denominator(expr)
    return _normalised_fraction(num, den, strict, order)


@functools.lru_cache(maxsize=16384)
def _normalised_fraction(num, den, strict: bool, order: tuple) -> tuple | None:
    try:
        return tuple(_make_conditions(num, den, strict, "", order))
    except Impossible:
        return None


def _make_conditions(num, den, strict: bool, reason: str, order: Sequence[Any]) -> list[Condition]:
    import sympy

    if _sign_question(den, "is_positive"):
        signed = num
    elif _sign_question(den, "is_negative"):
        signed = -num
    else:
        signed = factored(num) * factored(den)
    if signed.is_number:
        if (signed > 0) if strict else (signed >= 0):
            return []
        raise Impossible(reason)
    coefficient, factors = factor_list_of(signed)
    sign = 1 if coefficient > 0 else -1
    parts: list[Any] = []
    rest = sympy.Integer(1)
    for factor, power in factors:
        odd = power % 2 == 1
        if _sign_question(factor, "is_positive"):
            continue
        if _sign_question(factor, "is_negative"):
            sign = -sign if odd else sign
            continue
        if strict and odd and _sign_question(factor, "is_nonnegative"):
            parts.append(factor)
            continue
        if strict and odd and _sign_question(factor, "is_nonpositive"):
            parts.append(-factor)
            sign = -sign
            continue
        rest = rest * factor ** power
    out: list[Condition] = []
    for part in parts:
        out.extend(_condition(part, True, reason, order))
    if rest == 1:
        if sign < 0:
            raise Impossible(reason)
        return out
    if len(factors) == 1 or not isinstance(rest, sympy.Mul):
        rest = expanded(rest)
    out.extend(_condition(rest if sign > 0 else -rest, strict, reason, order))
    return out


_sign_question = mixed_signs.says


def _condition(expr, strict: bool, reason: str, order) -> list[Condition]:
    import sympy

    relation, assumes = solved_relation(expr, strict, order)
    if relation is sympy.true:
        return []
    if relation is sympy.false:
        raise Impossible(reason)
    return [Condition(expr, strict, reason, relation, assumes)]


def dedupe(conditions: Sequence[Condition]) -> tuple[Condition, ...]:
    """Drop repeated conditions, keeping the first reason."""
    seen: dict[tuple[str, bool], Condition] = {}
    for c in conditions:
        seen.setdefault((text_of(c.expr), c.strict), c)
    return tuple(seen.values())


def dedupe_key(condition: Condition) -> tuple[str, bool]:
    """The key two copies of one condition share."""
    return (text_of(condition.expr), condition.strict)


@functools.lru_cache(maxsize=8192)
def canonical(expr):
    """``expr`` or ``-expr``, whichever prints first: one key per boundary (remembered)."""
    a, b = expanded(expr), expanded(-expr)
    ta, tb = text_of(a), text_of(b)
    return (a, 1) if (len(ta), ta) <= (len(tb), tb) else (b, -1)


@functools.lru_cache(maxsize=16384)
def text_of(expr) -> str:
    """``str(expr)``, remembered (printing a long polynomial is slow, and keys repeat)."""
    return texts.text(expr)


@functools.lru_cache(maxsize=16384)
def latex_of(expr) -> str:
    """``sympy.latex(expr)``, remembered (the candidates of one game share their conditions)."""
    return texts.latex(expr)


@functools.lru_cache(maxsize=16384)
def expanded_text(expr) -> str:
    """``str(sympy.expand(expr))``, remembered: the key of a boundary."""
    return text_of(expanded(expr))


@functools.lru_cache(maxsize=16384)
def expanded(expr):
    """``sympy.expand(expr)``: for a polynomial, its sparse form written out (the same
    expression), remembered."""
    import sympy

    poly = factoring.polynomial_of(expr) if not expr.is_number else None
    return sympy.expand(expr) if poly is None else poly.as_expr()


def factors_of(expr) -> list[tuple[Any, int, int]]:
    """Irreducible factors of ``expr``: (canonical factor, sign, multiplicity)."""
    return list(_factors_of(expr))


@functools.lru_cache(maxsize=4096)
def _factors_of(expr) -> tuple:

    _, factors = factor_list_of(expr)
    out = []
    for f, m in factors:
        canon, sign = canonical(f)
        if canon.free_symbols:
            out.append((canon, sign, m))
    return tuple(out)


def reduce_condition(condition, known: dict[str, int]):
    """Divide out the factors whose sign the regime already fixes.

    ``known`` maps a canonical factor to +1 or -1 (strictly positive or
    negative). Returns ``(expr, strict)`` of the reduced condition, or
    ``None`` when it is implied outright.
    """
    positive, factors = _factorisation(condition.expr)
    sign = 1 if positive else -1
    kept = []
    for f, m, key, s in factors:
        k = known.get(key)
        if k is not None:
            if m % 2 == 1 and k * s < 0:
                sign = -sign
            continue
        kept.append((f, m))
    if not kept:
        import sympy

        return None if sign > 0 else (sympy.Integer(-1), condition.strict)
    return (_expanded(sign, tuple(kept)), condition.strict)


@functools.lru_cache(maxsize=8192)
def _factorisation(expr) -> tuple[bool, tuple]:
    """Whether the leading coefficient of ``expr`` is positive, and its irreducible factors
    as ``(factor, multiplicity, canonical text, sign against the canonical form)`` —
    remembered, since a regime's conditions are reduced again and again."""

    coefficient, factors = factor_list_of(expr)
    out = []
    for f, m in factors:
        canon, s = canonical(f)
        out.append((f, m, text_of(canon), s))
    return bool(coefficient > 0), tuple(out)


@functools.lru_cache(maxsize=8192)
def _expanded(sign: int, factors: tuple):
    import sympy

    rest = sympy.Integer(1)
    for f, m in factors:
        rest = rest * f ** m
    return expanded(sign * rest)


def known_signs(conditions) -> dict[str, int]:
    """Canonical factor -> its sign, for every strict condition on a single simple factor."""
    known: dict[str, int] = {}
    for c in conditions:
        factors = factors_of(c.expr)
        if c.strict and len(factors) == 1 and factors[0][2] == 1:
            canon, sign, _ = factors[0]
            positive, _ = _factorisation(c.expr)
            known[text_of(canon)] = sign * (1 if positive else -1)
    return known


def negate(condition):
    """``not (e > 0)`` is ``-e >= 0``; ``not (e >= 0)`` is ``-e > 0``."""
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


def combine(conditions) -> tuple[Any, ...]:
    """Merge conditions on the same boundary: keep the stricter one."""
    merged: dict[str, Any] = {}
    for c in conditions:
        key = expanded_text(c.expr)
        if key in merged:
            if c.strict and not merged[key].strict:
                merged[key] = c
        else:
            merged[key] = c
    return tuple(merged.values())


def boundary_equation(expr, symbols):
    """``expr = 0`` solved for the first symbol it is linear in (with one solution).

    >>> import sympy
    >>> V, C = sympy.symbols("V C")
    >>> equation_text(boundary_equation(C - V, (V, C)))
    'V = C'
    """
    return _boundary_equation(expr, tuple(symbols))


@functools.lru_cache(maxsize=4096)
def _boundary_equation(expr, symbols: tuple):
    import sympy

    sparse = factoring.polynomial_of(expr)
    linear = _linear_parts(expr) if sparse is None else _sparse_linear_parts(sparse)
    for s in symbols:
        if linear is None:
            found = _solved_equation(expr, s)
            if found is not None:
                return found
        elif s in linear:
            a, b = linear[s]
            parts = None
            if sparse is not None:
                parts, a, b = (a, b), a.as_expr(), b.as_expr()
            if a.free_symbols or a != 0:   # a*s + b = 0: s = -b/a, in its shortest form
                rhs = -b / a
                # factored from the sparse parts: sympy's factor(rhs), without reading rhs back
                whole = factored(rhs) if parts is None else factoring.rational_factored(-parts[1], parts[0])
                return sympy.Eq(s, _shortest(_cancelled(rhs, parts), whole), evaluate=False)
    return sympy.Eq(expr, 0, evaluate=False)


def _solved_equation(expr, s):
    """``expr = 0`` as ``s = ...`` when ``expr`` is linear in ``s`` with one solution."""
    import sympy

    try:
        if sympy.Poly(expr, s).degree() == 1:
            roots = sympy.solve(expr, s)
            if len(roots) == 1:
                return sympy.Eq(s, roots[0], evaluate=False)
    except sympy.PolynomialError:
        pass
    return None


def equation_text(eq) -> str:
    """``lhs = rhs`` for a sympy equation, its text otherwise."""
    return f"{text_of(eq.lhs)} = {text_of(eq.rhs)}" if hasattr(eq, "lhs") else str(eq)


__all__ = ["Condition", "Impossible", "make_conditions", "fraction_conditions", "fraction_field", "relation_of", "solved_relation", "readable",
           "numerator_denominator", "dedupe", "canonical", "factors_of", "reduce_condition",
           "known_signs", "negate", "combine", "boundary_equation", "equation_text"]
