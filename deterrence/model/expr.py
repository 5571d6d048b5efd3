"""Payoff expressions: one allow-list parser, two back ends.

A payoff in a file may be a number (``3``, ``0.1``), a quoted fraction
(``"1/3"``) or a quoted expression over declared parameters
(``"(V - C)/2"``). The grammar is deliberately tiny::

    expr    := term (('+' | '-') term)*
    term    := unary (('*' | '/') unary)*
    unary   := ('+' | '-') unary | power
    power   := atom (('^' | '**') ['+' | '-'] INTEGER)?
    atom    := NUMBER | NAME | FUNC '(' expr (',' expr)* ')' | '(' expr ')'
    FUNC    := min | max

Nothing else is accepted: no attribute access, no indexing, no strings, no
calls but ``min``/``max``, integer exponents of at most :data:`MAX_EXPONENT`.
The text is tokenised and parsed here, never handed to ``eval``, ``sympify``
or ``parse_expr``.

The parsed tree evaluates exactly to a :class:`~fractions.Fraction`
(:meth:`Expr.evaluate`) or, when a later feature needs symbols, converts to a
sympy expression (:meth:`Expr.to_sympy`, sympy imported only then).

Example
-------
>>> e = parse("(V - C)/2")
>>> e.evaluate({"V": 2, "C": 6})
Fraction(-2, 1)
>>> sorted(e.names())
['C', 'V']
>>> str(parse("0.1 * x^2"))
'1/10*x^2'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterator, Mapping, Union

from deterrence.errors import ExpressionError
from deterrence.model import limits

#: Largest absolute integer exponent accepted in ``x^k``.
MAX_EXPONENT = 1000
#: Functions the grammar allows.
FUNCTIONS = ("min", "max")
#: Longest expression text accepted (a guard against pathological input).
MAX_LENGTH = 2000
#: Largest power computed, in bits of the result (nested powers such as
#: ``(((2^12)^12)^12)^12`` would otherwise take forever).
MAX_POWER_BITS = 1_000_000

Number = Union[int, Fraction]


# --------------------------------------------------------------------------
# the tree
# --------------------------------------------------------------------------


class Expr:
    """A node of a parsed expression. Immutable; compare with ``==``."""

    def evaluate(self, env: Mapping[str, Number]) -> Fraction:
        """The exact value with the names bound by ``env``.

        Sums, differences, products, quotients and powers are worked out on
        integer pairs (numerator, denominator) and reduced once at the end
        (:func:`_ratio`). Where that cannot finish (an unknown name, a division
        by zero, ``min``/``max``, a number past the limits), each node is
        evaluated and reduced in turn (:meth:`_value`), which raises what
        should be raised; both give the same value.

        Raises
        ------
        ExpressionError
            For an unknown name, a division by zero, or a number too large.
        """
        try:
            n, d = _ratio(self, env)
        except (_NotOnPairs, AttributeError, TypeError, RecursionError):
            return self._value(env)
        return Fraction(n, d)

    def _value(self, env: Mapping[str, Number]) -> Fraction:  # pragma: no cover
        raise NotImplementedError

    def names(self) -> frozenset[str]:  # pragma: no cover
        raise NotImplementedError

    def to_sympy(self, symbols: Mapping[str, object] | None = None):  # pragma: no cover
        raise NotImplementedError

    def _text(self, parent_precedence: int) -> str:  # pragma: no cover
        raise NotImplementedError

    def __str__(self) -> str:
        return self._text(0)

    @property
    def is_constant(self) -> bool:
        return not self.names()


@dataclass(frozen=True)
class Const(Expr):
    """A rational constant."""

    value: Fraction

    def _value(self, env: Mapping[str, Number]) -> Fraction:
        return self.value

    def names(self) -> frozenset[str]:
        return frozenset()

    def to_sympy(self, symbols=None):
        import sympy

        return sympy.Rational(self.value.numerator, self.value.denominator)

    def _text(self, parent_precedence: int) -> str:
        text = format_fraction(self.value)
        # a negative number or a fraction binds like a product or a sum
        own = 1 if self.value < 0 else (2 if self.value.denominator != 1 else 4)
        return f"({text})" if own < parent_precedence else text


@dataclass(frozen=True)
class Name(Expr):
    """A reference to a declared parameter or definition."""

    name: str

    def _value(self, env: Mapping[str, Number]) -> Fraction:
        try:
            return Fraction(env[self.name])
        except KeyError:
            raise ExpressionError(f"unknown name {self.name!r}",
                                  hint="declare it under [parameters]") from None

    def names(self) -> frozenset[str]:
        return frozenset({self.name})

    def to_sympy(self, symbols=None):
        import sympy

        if symbols and self.name in symbols:
            return symbols[self.name]
        return sympy.Symbol(self.name, real=True)

    def _text(self, parent_precedence: int) -> str:
        return self.name


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


@dataclass(frozen=True)
class BinOp(Expr):
    """``left op right`` for ``op`` in ``+ - * /``."""

    op: str
    left: Expr
    right: Expr

    def _value(self, env: Mapping[str, Number]) -> Fraction:
        a = self.left._value(env)
        b = self.right._value(env)
        if self.op == "+":
            return bounded(a + b, self)
        if self.op == "-":
            return bounded(a - b, self)
        if self.op == "*":
            return bounded(a * b, self)
        if b == 0:
            raise ExpressionError(f"division by zero in {self}",
                                  hint="check the parameter values")
        return bounded(a / b, self)

    def names(self) -> frozenset[str]:
        return self.left.names() | self.right.names()

    def to_sympy(self, symbols=None):
        a = self.left.to_sympy(symbols)
        b = self.right.to_sympy(symbols)
        return {"+": lambda: a + b, "-": lambda: a - b,
                "*": lambda: a * b, "/": lambda: a / b}[self.op]()

    def _text(self, parent_precedence: int) -> str:
        own = _PRECEDENCE[self.op]
        # operators group to the left, so a right operand of equal precedence
        # keeps its parentheses: the text parses back to the same tree
        right_precedence = own + 1
        text = f"{self.left._text(own)}{_spaced(self.op)}{self.right._text(right_precedence)}"
        return f"({text})" if own < parent_precedence else text


def _spaced(op: str) -> str:
    return f" {op} " if op in "+-" else op


@dataclass(frozen=True)
class Neg(Expr):
    """Unary minus."""

    operand: Expr

    def _value(self, env: Mapping[str, Number]) -> Fraction:
        return -self.operand._value(env)

    def names(self) -> frozenset[str]:
        return self.operand.names()

    def to_sympy(self, symbols=None):
        return -self.operand.to_sympy(symbols)

    def _text(self, parent_precedence: int) -> str:
        text = f"-{self.operand._text(3)}"
        return f"({text})" if parent_precedence > 1 else text


@dataclass(frozen=True)
class Pow(Expr):
    """``base ^ exponent`` with a small integer exponent."""

    base: Expr
    exponent: int

    def _value(self, env: Mapping[str, Number]) -> Fraction:
        return power(self.base._value(env), self.exponent, str(self))

    def names(self) -> frozenset[str]:
        return self.base.names()

    def to_sympy(self, symbols=None):
        return self.base.to_sympy(symbols) ** self.exponent

    def _text(self, parent_precedence: int) -> str:
        exponent = str(self.exponent) if self.exponent >= 0 else f"({self.exponent})"
        text = f"{self.base._text(5)}^{exponent}"
        return f"({text})" if parent_precedence > 4 else text


@dataclass(frozen=True)
class Call(Expr):
    """``min(...)`` or ``max(...)``."""

    function: str
    args: tuple[Expr, ...]

    def _value(self, env: Mapping[str, Number]) -> Fraction:
        values = [a._value(env) for a in self.args]
        return min(values) if self.function == "min" else max(values)

    def names(self) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for a in self.args:
            out |= a.names()
        return out

    def to_sympy(self, symbols=None):
        import sympy

        f = sympy.Min if self.function == "min" else sympy.Max
        return f(*(a.to_sympy(symbols) for a in self.args))

    def _text(self, parent_precedence: int) -> str:
        return f"{self.function}({', '.join(a._text(0) for a in self.args)})"


class _NotOnPairs(Exception):
    """:func:`_ratio` cannot finish: the value is worked out node by node instead."""


def _ratio(e: Expr, env: Mapping[str, Number]) -> tuple[int, int]:
    """``(n, d)``, integers with ``d != 0`` and ``n / d`` the value of ``e``, not reduced.

    No gcd is taken on the way, so this is several times faster than Fraction
    arithmetic on the small trees payoffs are. Raises :class:`_NotOnPairs` where
    :meth:`Expr._value` might raise or differ: an unknown name, a division by zero,
    a zero raised to a negative power, ``min``/``max``, or a numerator or
    denominator past :data:`MAX_NUMBER_BITS` (a reduced number is never larger than
    an unreduced one, so within the limit here the node-by-node evaluation passes its
    limits too).

    >>> _ratio(parse("x/2 + 1/4"), {"x": Fraction(1, 3)})
    (10, 24)
    """
    kind = type(e)
    if kind is BinOp:
        an, ad = _ratio(e.left, env)
        bn, bd = _ratio(e.right, env)
        op = e.op
        if op == "*":
            n, d = an * bn, ad * bd
        elif op == "+":
            n, d = (an + bn, ad) if ad == bd else (an * bd + bn * ad, ad * bd)
        elif op == "-":
            n, d = (an - bn, ad) if ad == bd else (an * bd - bn * ad, ad * bd)
        else:
            if not bn:
                raise _NotOnPairs
            n, d = an * bd, ad * bn
        if n.bit_length() > MAX_NUMBER_BITS or d.bit_length() > MAX_NUMBER_BITS:
            raise _NotOnPairs
        return n, d
    if kind is Name:
        value = env.get(e.name)
        if value is None:
            raise _NotOnPairs
        return value.numerator, value.denominator
    if kind is Const:
        return e.value.numerator, e.value.denominator
    if kind is Neg:
        n, d = _ratio(e.operand, env)
        return -n, d
    if kind is Pow:
        n, d = _ratio(e.base, env)
        k = e.exponent
        if k < 0:
            if not n:
                raise _NotOnPairs
            n, d, k = d, n, -k
        if max(n.bit_length(), d.bit_length()) * k > MAX_NUMBER_BITS:
            raise _NotOnPairs
        return n ** k, d ** k
    raise _NotOnPairs


# --------------------------------------------------------------------------
# numbers
# --------------------------------------------------------------------------


def power(base: Fraction, exponent: int, text: str = "") -> Fraction:
    """``base ** exponent`` exactly, refusing results too large to compute.

    >>> power(Fraction(2, 3), -2)
    Fraction(9, 4)
    """
    base = Fraction(base)
    if base == 0 and exponent < 0:
        raise ExpressionError("division by zero", text=text, hint="check the parameter values")
    bits = max(base.numerator.bit_length(), base.denominator.bit_length()) * abs(exponent)
    if bits > MAX_POWER_BITS:
        raise ExpressionError("number too large to compute", text=text,
                              hint="powers are limited to results of about 300,000 digits")
    return bounded(base ** exponent, text)


#: Largest numerator or denominator, in bits, of any number an expression
#: evaluates to (about 3,000 digits: exact, printable, and far beyond any payoff).
MAX_NUMBER_BITS = 10_000


def bounded(value: Fraction, where: object = "") -> Fraction:
    """``value`` unchanged, unless its numerator or denominator is absurdly large.

    >>> bounded(Fraction(10) ** 10)
    Fraction(10000000000, 1)
    """
    if max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_NUMBER_BITS:
        raise ExpressionError("number too large", text=str(where) if where else "",
                              hint="numbers are limited to about 3,000 digits")
    return value


#: Largest absolute decimal exponent in a number literal such as ``1e30``.
MAX_DECIMAL_EXPONENT = 1000


def decimal(text: str) -> Fraction:
    """The exact value of a decimal literal, refusing absurd exponents.

    >>> decimal("2.5e-3")
    Fraction(1, 400)
    >>> decimal("1e999999")
    Traceback (most recent call last):
    ...
    deterrence.errors.ExpressionError: the exponent of 1e999999 is too large
      hint: decimal exponents are limited to ±1000
    """
    mantissa, _, exponent = text.lower().partition("e")
    digits = sum(char.isdigit() for char in mantissa)
    if limits.exceeds("digits", digits):
        error = limits.refusal("digits", digits, f"a number of {digits:,} digits")
        raise ExpressionError(error.message, hint=error.hint)
    if exponent and (len(exponent) > 12 or abs(int(exponent)) > MAX_DECIMAL_EXPONENT):
        raise ExpressionError(f"the exponent of {text} is too large",
                              hint=f"decimal exponents are limited to ±{MAX_DECIMAL_EXPONENT}")
    return bounded(Fraction(text), text)


def approximate(value: Fraction | int, digits: int = 4) -> str:
    """A short decimal for any rational, even one too small or large for a float.

    >>> approximate(Fraction(2, 3)), approximate(Fraction(1, 10**400))
    ('0.6667', '1e-400')
    """
    value = Fraction(value)
    if value == 0:
        return "0"
    try:
        number = float(value)
    except OverflowError:
        number = 0.0
    if 1e-300 < abs(number) < 1e300:
        return f"{number:.{digits}g}"
    import math

    exponent = math.floor((abs(value.numerator).bit_length() - value.denominator.bit_length())
                          * math.log10(2))
    scaled = value / Fraction(10) ** exponent
    while abs(scaled) >= 10:
        scaled, exponent = scaled / 10, exponent + 1
    while abs(scaled) < 1:
        scaled, exponent = scaled * 10, exponent - 1
    return f"{float(scaled):.{digits}g}e{exponent}"


def format_fraction(value: Fraction | int) -> str:
    """Exact text of a rational: ``3``, ``-2/3``.

    >>> format_fraction(Fraction(-2, 3))
    '-2/3'
    """
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")


def to_fraction(value: object) -> Fraction:
    """Read a number exactly: ints, Fractions, decimal strings, ``"a/b"``.

    Floats are refused: they have already lost exactness (read TOML with
    ``parse_float=Fraction`` instead).

    >>> to_fraction("0.1"), to_fraction("-3/4"), to_fraction(2)
    (Fraction(1, 10), Fraction(-3, 4), Fraction(2, 1))
    """
    if isinstance(value, bool):
        raise ExpressionError(f"expected a number, got {value!r}")
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, str):
        expr = parse(value)
        if expr.names():
            raise ExpressionError("expected a number, not an expression", text=value,
                                  hint="write a plain number or fraction such as 3 or \"1/3\"")
        return expr.evaluate({})
    raise ExpressionError(f"expected a number, got {type(value).__name__} {value!r}")


# --------------------------------------------------------------------------
# the parser
# --------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\*\*|[-+*/^(),])
    """,
    re.VERBOSE | re.ASCII,  # digits 0-9 and ASCII names only: no look-alikes
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    position: int


def _tokens(text: str) -> Iterator[_Token]:
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            hint = ("expressions may use numbers, parameter names, + - * / ^, "
                    "parentheses, min() and max()")
            if char.isdigit() or char.isnumeric():
                hint = "write numbers with the digits 0-9"
            elif char.isalpha():
                hint = "parameter names use the letters A-Z, a-z, digits and _"
            raise ExpressionError(
                f"character {char!r} is not allowed", text=text, position=position, hint=hint)
        kind = match.lastgroup
        if kind != "space":
            yield _Token(kind, match.group(), position)
        position = match.end()
    yield _Token("end", "", len(text))


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = list(_tokens(text))
        self.index = 0
        self.level = 0
        self.bound = limits.get("depth")

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, message: str, token: _Token | None = None, hint: str | None = None):
        token = token or self.current
        raise ExpressionError(message, text=self.text, position=token.position,
                              hint=hint or "expressions may use numbers, parameter names, "
                                           "+ - * / ^, parentheses, min() and max()")

    def expect(self, text: str) -> None:
        if self.current.text != text:
            found = self.current.text or "end of expression"
            self.fail(f"expected {text!r}, found {found!r}")
        self.advance()

    def parse(self) -> Expr:
        if self.current.kind == "end":
            self.fail("empty expression", hint="write a number or an expression such as \"V - c\"")
        expr = self.expression()
        if self.current.kind != "end":
            self.fail(f"unexpected {self.current.text!r}")
        depth = tree_depth(expr)
        if self.bound is not None and depth > self.bound:
            self.index = 0
            self.too_deep(depth)
        return expr

    def expression(self) -> Expr:
        expr = self.term()
        while self.current.text in ("+", "-"):
            op = self.advance().text
            expr = BinOp(op, expr, self.term())
        return expr

    def term(self) -> Expr:
        expr = self.unary()
        while self.current.text in ("*", "/"):
            op = self.advance().text
            expr = BinOp(op, expr, self.unary())
        return expr

    def unary(self) -> Expr:
        # every level of parentheses, signs and calls passes here once
        self.level += 1
        if self.bound is not None and self.level > self.bound:
            self.too_deep(self.level, at_least=True)
        try:
            return self._unary()
        finally:
            self.level -= 1

    def too_deep(self, depth: int, at_least: bool = False):
        error = limits.refusal("depth", depth, f"the expression is {depth} levels deep "
                               "(parentheses, signs and operators)", at_least=at_least,
                               hint="name parts of it under [define]")
        raise ExpressionError(error.message, text=self.text, position=self.current.position,
                              hint=error.hint)

    def _unary(self) -> Expr:
        if self.current.text == "-":
            self.advance()
            operand = self.unary()
            if isinstance(operand, Const):
                return Const(-operand.value)
            return Neg(operand)
        if self.current.text == "+":
            self.advance()
            return self.unary()
        return self.power()

    def power(self) -> Expr:
        base = self.atom()
        if self.current.text in ("^", "**"):
            self.advance()
            sign = 1
            if self.current.text in ("+", "-"):
                sign = -1 if self.advance().text == "-" else 1
            token = self.current
            if token.kind != "number" or not token.text.isdigit():
                self.fail("an exponent must be a whole number", token,
                          hint=f"powers are limited to integers up to {MAX_EXPONENT}, e.g. x^2")
            self.advance()
            exponent = sign * int(token.text)
            if abs(exponent) > MAX_EXPONENT:
                self.fail(f"exponent {exponent} is too large", token,
                          hint=f"exponents are limited to ±{MAX_EXPONENT}")
            if self.current.text in ("^", "**"):
                self.fail("chained powers are ambiguous", hint="add parentheses: (a^2)^3")
            if isinstance(base, Const):
                return Const(power(base.value, exponent, self.text))
            return Pow(base, exponent)
        return base

    def atom(self) -> Expr:
        token = self.current
        if token.kind == "number":
            self.advance()
            try:
                return Const(decimal(token.text))
            except ExpressionError as exc:
                self.fail(exc.message, token, exc.hint)
        if token.kind == "name":
            self.advance()
            if self.current.text == "(":
                if token.text not in FUNCTIONS:
                    self.fail(f"function {token.text!r} is not allowed", token,
                              hint="only min(...) and max(...) may be called")
                self.advance()
                args = [self.expression()]
                while self.current.text == ",":
                    self.advance()
                    args.append(self.expression())
                self.expect(")")
                return Call(token.text, tuple(args))
            if token.text in FUNCTIONS:
                self.fail(f"{token.text} needs arguments", token, hint=f"write {token.text}(a, b)")
            return Name(token.text)
        if token.text == "(":
            self.advance()
            expr = self.expression()
            self.expect(")")
            return expr
        found = token.text or "end of expression"
        self.fail(f"expected a number, a name or '(', found {found!r}", token)
        raise AssertionError("unreachable")  # pragma: no cover


def tree_depth(expr: Expr) -> int:
    """Levels of ``expr``'s tree (a number or a name is 1), without recursion.

    >>> tree_depth(parse("1 + V*2")), tree_depth(parse("-(a - (b - c))"))
    (3, 4)
    """
    deepest, stack = 0, [(expr, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, BinOp):
            stack += [(node.left, depth + 1), (node.right, depth + 1)]
        elif isinstance(node, Neg):
            stack.append((node.operand, depth + 1))
        elif isinstance(node, Pow):
            stack.append((node.base, depth + 1))
        elif isinstance(node, Call):
            stack += [(a, depth + 1) for a in node.args]
    return deepest


def expanded_size(expr: Expr, sizes: Mapping[str, int]) -> int:
    """Terms of ``expr`` once each name in ``sizes`` is written out as that many terms.

    Definitions that square the one before (``a2 = "a1 * a1"``, ...) double at
    each step: forty of them written out would be 2^40 terms. Readers check this
    against the ``terms`` limit before anything expands them.

    >>> expanded_size(parse("a * a + 1"), {"a": 5})
    13
    """
    total, stack = 0, [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Name):
            total += sizes.get(node.name, 1)
            continue
        total += 1
        if isinstance(node, BinOp):
            stack += [node.left, node.right]
        elif isinstance(node, Neg):
            stack.append(node.operand)
        elif isinstance(node, Pow):
            stack.append(node.base)
        elif isinstance(node, Call):
            stack += list(node.args)
    return total


def parse(text: str) -> Expr:
    """Parse expression text with the allow-list grammar.

    Raises
    ------
    ExpressionError
        With the offending position and a hint, for anything outside the grammar.

    >>> parse("__import__('os')")
    Traceback (most recent call last):
    ...
    deterrence.errors.ExpressionError: character "'" is not allowed in "__import__('os')" at character 12
      hint: expressions may use numbers, parameter names, + - * / ^, parentheses, min() and max()
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expected expression text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression of {len(text):,} characters, longer than {MAX_LENGTH:,}",
                              hint="name parts of it under [define]")
    return _Parser(text).parse()


def as_expr(value: object) -> Expr:
    """An :class:`Expr` from a file value: int, Fraction, or expression text.

    >>> as_expr(3), as_expr("1/3")
    (Const(value=Fraction(3, 1)), Const(value=Fraction(1, 3)))
    """
    if isinstance(value, Expr):
        return value
    if isinstance(value, bool):
        raise ExpressionError(f"expected a number or an expression, got {value!r}")
    if isinstance(value, (int, Fraction)):
        return Const(Fraction(value))
    if isinstance(value, float):
        raise ExpressionError(f"float {value!r} is not exact",
                              hint="pass Fractions, or read TOML with parse_float=Fraction")
    if isinstance(value, str):
        return _fold(parse(value))
    raise ExpressionError(f"expected a number or an expression, got {type(value).__name__}")


def substitute(expr: Expr, replacements: Mapping[str, Expr]) -> Expr:
    """``expr`` with names replaced by expressions (constant parts folded).

    >>> str(substitute(parse("d * residual"), {"residual": parse("S - k*w")}))
    'd*(S - k*w)'
    """
    if isinstance(expr, Name):
        return replacements.get(expr.name, expr)
    if isinstance(expr, Const):
        return expr
    if isinstance(expr, BinOp):
        out: Expr = BinOp(expr.op, substitute(expr.left, replacements), substitute(expr.right, replacements))
    elif isinstance(expr, Neg):
        out = Neg(substitute(expr.operand, replacements))
    elif isinstance(expr, Pow):
        out = Pow(substitute(expr.base, replacements), expr.exponent)
    elif isinstance(expr, Call):
        out = Call(expr.function, tuple(substitute(a, replacements) for a in expr.args))
    else:  # pragma: no cover
        return expr
    return _fold(out)


def _fold(expr: Expr) -> Expr:
    """Fold constant sub-trees so that ``"1/3"`` is the constant 1/3."""
    if isinstance(expr, (Const, Name)):
        return expr
    if isinstance(expr, BinOp):
        left, right = _fold(expr.left), _fold(expr.right)
        folded = BinOp(expr.op, left, right)
    elif isinstance(expr, Neg):
        folded = Neg(_fold(expr.operand))
    elif isinstance(expr, Pow):
        folded = Pow(_fold(expr.base), expr.exponent)
    elif isinstance(expr, Call):
        folded = Call(expr.function, tuple(_fold(a) for a in expr.args))
    else:  # pragma: no cover
        return expr
    if not folded.names():
        return Const(folded.evaluate({}))
    return folded


__all__ = [
    "Expr", "Const", "Name", "BinOp", "Neg", "Pow", "Call",
    "parse", "as_expr", "to_fraction", "format_fraction", "approximate", "substitute", "power",
    "tree_depth", "expanded_size",
    "MAX_EXPONENT", "FUNCTIONS",
]
