"""LaTeX for exam sheets: payoff tables (``sgame`` or plain ``tabular``).

Best responses are underlined, as in the terminal table; a cell where every
payoff is underlined is a pure Nash equilibrium. Payoffs are the exact
numbers at the parameter values in force, or the formulas themselves with
``formulas=True`` (best responses then still refer to the values in force).

``style="sgame"`` needs Martin Osborne's ``sgame.sty`` (TeX Live's
``texlive-games``; in MiKTeX it installs on demand); ``style="tabular"``
needs nothing beyond LaTeX itself.

Example
-------
>>> from deterrence.model import NormalFormGame
>>> pd = NormalFormGame.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], ["C", "D"], ["C", "D"])
>>> print(latex_table(pd, style="sgame", standalone=False))
% best responses underlined; a cell underlined twice is a pure Nash equilibrium
\\begin{game}{2}{2}[Row][Column]
 & C & D \\\\
C & $3, 3$ & $0, \\underline{5}$ \\\\
D & $\\underline{5}, 0$ & $\\underline{1}, \\underline{1}$
\\end{game}
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from deterrence.model.display import visible
from deterrence.model.expr import BinOp, Call, Const, Expr, Name, Neg, Pow

STYLES = ("sgame", "tabular")

_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
    "\n": " ", "\r": " ", "\t": " ",
}


def escape(text: str) -> str:
    r"""Text safe to typeset: ``R&D_1`` becomes ``R\&D\_1``.

    Every character TeX treats specially is escaped; line breaks become spaces
    (a label never ends a ``%`` comment or a paragraph) and other control
    characters are typeset as their escapes (``\x1b``).

    >>> escape("R&D_1 50%")
    'R\\&D\\_1 50\\%'
    >>> escape("a\n\\end{document}\x1b")
    'a \\textbackslash{}end\\{document\\}\\textbackslash{}x1b'
    """
    return "".join(_SPECIAL.get(ch, ch) for ch in visible(text, keep="\n\r\t"))


def _optional(text: str) -> str:
    """Escaped text for a ``[...]`` argument: braced when it holds a bracket,
    which would otherwise close the argument early.

    >>> _optional("Row"), _optional("[A]")
    ('Row', '{[A]}')
    """
    text = escape(text)
    return f"{{{text}}}" if "[" in text or "]" in text else text


def fraction_latex(value: Fraction | int) -> str:
    r"""``-\frac{1}{3}`` for -1/3, ``4`` for 4.

    >>> fraction_latex(Fraction(-1, 3)), fraction_latex(Fraction(4))
    ('-\\frac{1}{3}', '4')
    """
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def name_latex(name: str) -> str:
    r"""A parameter name in math mode: ``c_resolute`` → ``c_{\text{resolute}}``.

    >>> name_latex("sigma"), name_latex("c_res"), name_latex("V")
    ('\\sigma', 'c_{\\text{res}}', 'V')
    """
    greek = {"alpha", "beta", "gamma", "delta", "epsilon", "theta", "lambda", "mu", "pi",
             "rho", "sigma", "tau", "phi", "psi", "omega", "kappa", "eta", "xi", "nu", "zeta"}
    head, _, tail = name.partition("_")
    head_text = f"\\{head}" if head in greek else (head if len(head) == 1 else f"\\mathit{{{head}}}")
    if not tail:
        return head_text
    return f"{head_text}_{{\\text{{{escape(tail)}}}}}"


def expr_latex(expr: Expr, parent: int = 0) -> str:
    r"""LaTeX of a payoff formula, built from the parsed tree (no sympy).

    >>> from deterrence.model.expr import parse
    >>> expr_latex(parse("(V - C)/2")), expr_latex(parse("-d*max(Q - N*k, 0)"))
    ('\\frac{V - C}{2}', '-d \\max(Q - N k, 0)')
    """
    if isinstance(expr, Const):
        text = fraction_latex(expr.value)
        return f"\\left({text}\\right)" if expr.value < 0 and parent > 1 else text
    if isinstance(expr, Name):
        return name_latex(expr.name)
    if isinstance(expr, BinOp):
        if expr.op == "/":
            return f"\\frac{{{expr_latex(expr.left)}}}{{{expr_latex(expr.right)}}}"
        own = 1 if expr.op in "+-" else 2
        right_parent = own + 1 if expr.op == "-" else own
        joiner = {"+": " + ", "-": " - ", "*": " "}[expr.op]
        if expr.op == "*" and isinstance(expr.right, Const):
            joiner = r" \cdot "
        left_parent = 1 if expr.op == "*" and isinstance(expr.left, Neg) else own  # -d x, not (-d) x
        text = f"{expr_latex(expr.left, left_parent)}{joiner}{expr_latex(expr.right, right_parent)}"
        return f"\\left({text}\\right)" if own < parent else text
    if isinstance(expr, Neg):
        text = f"-{expr_latex(expr.operand, 3)}"
        return f"\\left({text}\\right)" if parent > 1 else text
    if isinstance(expr, Pow):
        return f"{expr_latex(expr.base, 5)}^{{{expr.exponent}}}"
    if isinstance(expr, Call):
        return f"\\{expr.function}({', '.join(expr_latex(a) for a in expr.args)})"
    raise TypeError(f"cannot typeset {expr!r}")  # pragma: no cover


def _cells(game, formulas: bool, marks: bool = True):
    """Payoff text of every profile, best responses underlined when ``marks``."""
    import numpy as np

    from deterrence.model.best_response import best_response_masks

    masks = best_response_masks(game) if marks else [np.zeros(game.shape, bool)] * game.n_players
    arrays = game.payoff_arrays()
    out = {}
    for profile, formula in zip(game.profiles(), game.payoffs):
        texts = []
        for p in range(game.n_players):
            text = expr_latex(formula[p]) if formulas else fraction_latex(arrays[p][profile])
            texts.append(f"\\underline{{{text}}}" if masks[p][profile] else text)
        out[profile] = "$" + ", ".join(texts) + "$"
    return out


def _slices(game):
    """One (caption, tail profile) per table: players after the second fixed."""
    rest = [range(len(s)) for s in game.strategies[2:]]
    for tail in itertools.product(*rest):
        caption = ", ".join(f"{game.players[2 + i]} plays {game.strategies[2 + i][k]}"
                            for i, k in enumerate(tail))
        yield caption, tail


def _sgame(game, cells, tail) -> list[str]:
    rows = game.strategies[0]
    cols = game.strategies[1] if game.n_players > 1 else ("",)
    names = "".join(f"[{_optional(p)}]" for p in game.players[:2])
    lines = [f"\\begin{{game}}{{{len(rows)}}}{{{len(cols)}}}{names}",
             " & " + " & ".join(escape(c) for c in cols) + r" \\"]
    for i, r in enumerate(rows):
        row = [cells[(i, j) + tail] if game.n_players > 1 else cells[(i,)] for j in range(len(cols))]
        end = r" \\" if i < len(rows) - 1 else ""
        lines.append(f"{escape(r)} & " + " & ".join(row) + end)
    lines.append(r"\end{game}")
    return lines


def _tabular(game, cells, tail) -> list[str]:
    rows = game.strategies[0]
    cols = game.strategies[1] if game.n_players > 1 else ("",)
    n = len(cols)
    lines = [f"\\begin{{tabular}}{{r|{'c|' * n}}}"]
    if game.n_players > 1:
        lines.append(f"\\multicolumn{{1}}{{c}}{{}} & \\multicolumn{{{n}}}{{c}}{{{escape(game.players[1])}}} \\\\")
    header = " & ".join(f"\\multicolumn{{1}}{{c}}{{{escape(c)}}}" for c in cols)
    lines.append(f"\\multicolumn{{1}}{{c}}{{{escape(game.players[0])}}} & {header} \\\\ \\cline{{2-{n + 1}}}")
    for i, r in enumerate(rows):
        row = [cells[(i, j) + tail] if game.n_players > 1 else cells[(i,)] for j in range(len(cols))]
        lines.append(f"{escape(r)} & " + " & ".join(row) + f" \\\\ \\cline{{2-{n + 1}}}")
    lines.append(r"\end{tabular}")
    return lines


def latex_table(game, style: str = "sgame", standalone: bool = True, formulas: bool = False,
                marks: bool = True) -> str:
    """LaTeX source of a normal-form game's payoff table(s).

    Parameters
    ----------
    game:
        A :class:`~deterrence.model.normal.NormalFormGame`.
    style:
        ``"sgame"`` (needs ``sgame.sty``) or ``"tabular"`` (plain LaTeX).
    standalone:
        A complete document that compiles as it is; else a fragment to ``\\input``.
    formulas:
        Print the payoff formulas instead of their values.
    marks:
        Underline best responses (leave them out on an exercise sheet).
    """
    if style not in STYLES:
        from deterrence.errors import UsageError

        raise UsageError(f"unknown LaTeX style {style!r}", hint=f"styles: {', '.join(STYLES)}")
    cells = _cells(game, formulas, marks)
    body = ["% best responses underlined; a cell underlined twice is a pure Nash equilibrium"]
    if not marks:
        body = []
    elif game.n_players > 2:
        body[0] = "% best responses underlined; a cell underlined for every player is a pure Nash equilibrium"
    for caption, tail in _slices(game):
        if caption:
            body += ["", f"\\par\\medskip\\noindent {escape(caption)}:\\par\\smallskip"]
        body += (_sgame if style == "sgame" else _tabular)(game, cells, tail)
    if not standalone:
        return "\n".join(body) + "\n"
    return document(body, packages=("sgame",) if style == "sgame" else (), title=game.title,
                    parameters=parameter_line(game))


def parameter_line(game) -> str:
    """The parameter values in force, typeset: ``$V = 2$, $C = 6$``."""
    values = game.parameters.values()
    if not values:
        return ""
    return ", ".join(f"${name_latex(k)} = {fraction_latex(v)}$" for k, v in values.items())


def document(body: list[str], packages=(), title: str = "", parameters: str = "") -> str:
    """A minimal article that compiles with ``pdflatex``."""
    lines = [r"\documentclass{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
             r"\usepackage{amsmath}"]
    lines += [f"\\usepackage{{{p}}}" for p in packages]
    lines += [r"\pagestyle{empty}", r"\begin{document}", r"\begin{center}"]
    if title:
        lines.append(f"\\textbf{{{escape(title)}}}\\par\\medskip")
    if parameters:
        lines.append(f"{parameters}\\par\\medskip")
    lines += body
    lines += [r"\end{center}", r"\end{document}"]
    return "\n".join(lines) + "\n"


__all__ = ["latex_table", "expr_latex", "fraction_latex", "escape", "document", "STYLES"]
