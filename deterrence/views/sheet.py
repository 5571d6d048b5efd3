"""Exercise sheets and answer keys as Markdown or LaTeX.

The sheet shows each game without any hint (no best responses marked); the
key repeats each question with its answer and the game as a payoff file, so
a teacher can check it with ``deterrence solve``. Rendering is a pure
function of the :class:`~deterrence.teaching.exercises.Sheet`: the same
sheet gives the same bytes.

Example
-------
>>> from deterrence.teaching.exercises import make_sheet
>>> text = sheet_markdown(make_sheet("2x2-mixed", seed=1, count=1))
>>> print(text.splitlines()[0])
# Mixed-strategy equilibria of 2×2 games
>>> "| Row \\\\ Column | Left | Right |" in text
True
"""

from __future__ import annotations

from deterrence.model.expr import format_fraction

FORMATS = ("md", "latex")


# ---------------------------------------------------------------- Markdown


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def _md_table(game) -> list[str]:
    arrays = game.payoff_arrays()
    rows, cols = game.strategies
    head = f"| {game.players[0]} \\ {game.players[1]} | " + " | ".join(_md_escape(c) for c in cols) + " |"
    lines = [head, "|" + "---|" * (len(cols) + 1)]
    for i, r in enumerate(rows):
        cells = [f"{format_fraction(arrays[0][i, j])}, {format_fraction(arrays[1][i, j])}"
                 for j in range(len(cols))]
        lines.append(f"| {_md_escape(r)} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(f"Each cell lists the payoffs ({game.players[0]}, {game.players[1]}).")
    return lines


def _payoff_text(game, v: int, formulas: bool) -> str:
    if formulas:
        node = game.node(v)
        written = dict(node.payoffs)
        return ", ".join(f"{p} {written[p]}" for p in game.players)
    values = game.path_payoffs[v]
    return ", ".join(f"{p} {format_fraction(x)}" for p, x in zip(game.players, values))


def tree_outline(game, formulas: bool = False) -> list[str]:
    """A game tree as a nested Markdown list, in the order of play."""
    lines: list[str] = []

    def visit(v: int, depth: int, via: str) -> None:
        indent = "  " * depth
        prefix = f"{via} → " if via else ""
        if game.is_terminal(v):
            label = game.outcome[v] or game.ids[v]
            lines.append(f"{indent}- {prefix}*{label}*: {_payoff_text(game, v, formulas)}")
            return
        if game.is_chance(v):
            lines.append(f"{indent}- {prefix}chance:")
            for e, c in zip(game.edges(v), game.children(v)):
                visit(c, depth + 1, f"{game.action[e]} ({format_fraction(game.probability(e))})")
            return
        lines.append(f"{indent}- {prefix}{game.player_of(v)} chooses:")
        for e, c in zip(game.edges(v), game.children(v)):
            visit(c, depth + 1, game.action[e])

    visit(0, 0, "")
    return lines


def _parameter_lines(game, hide: tuple[str, ...] = ()) -> list[str]:
    values = game.parameters.values()
    shown = [p for p in game.parameters.declared if p.name not in hide]
    if not shown:
        return []
    lines = ["| parameter | value | meaning |", "|---|---|---|"]
    for p in shown:
        lines.append(f"| {p.name} | {format_fraction(values[p.name])} | {_md_escape(p.description)} |")
    return lines + [""]


def _md_game(exercise) -> list[str]:
    from deterrence.model.tree import GameTree

    game = exercise.game
    if exercise.kind == "pool":
        return _parameter_lines(game, hide=("N",))
    if not isinstance(game, GameTree):
        return _md_table(game)
    formulas = bool(game.parameters.declared)
    return _parameter_lines(game) + tree_outline(game, formulas)


def sheet_markdown(sheet) -> str:
    """The exercise sheet in Markdown."""
    lines = [f"# {sheet.title}", "",
             f"{len(sheet.exercises)} exercise(s), kind `{sheet.kind}`, seed {sheet.seed}.", ""]
    for ex in sheet.exercises:
        lines += [f"## Exercise {ex.number}", ""] + _md_game(ex) + ["", ex.question, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def key_markdown(sheet) -> str:
    """The answer key in Markdown: answers, checked facts, and each game's file."""
    lines = [f"# Answer key: {sheet.title}", "",
             f"Kind `{sheet.kind}`, seed {sheet.seed}. Every answer was computed and checked by "
             "the deterrence solvers; run `deterrence solve` on a game file below to see it again.", ""]
    for ex in sheet.exercises:
        lines += [f"## Exercise {ex.number}", "", f"*{ex.question}*", ""]
        lines += [line for answer in ex.answer for line in (answer, "")]
        lines += ["Answer as data: " + "; ".join(f"{k} = {v}" for k, v in ex.facts), ""]
        lines += ["```toml", ex.source.rstrip("\n"), "```", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------- LaTeX


def _tex_game(exercise) -> list[str]:
    from deterrence.model.tree import GameTree
    from deterrence.views.latex import escape, fraction_latex, latex_table, name_latex
    from deterrence.views.tikz import tikz_tree

    game = exercise.game
    lines: list[str] = []
    values = game.parameters.values()
    shown = [p for p in game.parameters.declared if not (exercise.kind == "pool" and p.name == "N")]
    if shown:
        lines += [r"\begin{tabular}{lrl}", r"parameter & value & meaning \\ \hline"]
        lines += [f"${name_latex(p.name)}$ & ${fraction_latex(values[p.name])}$ & {escape(p.description)} \\\\"
                  for p in shown]
        lines += [r"\end{tabular}", r"\par\medskip"]
    if exercise.kind == "pool":
        return lines
    if not isinstance(game, GameTree):
        lines += [r"\begin{center}"] + latex_table(game, "tabular", standalone=False, marks=False).splitlines() \
            + [r"\end{center}"]
    else:
        lines += [r"\begin{center}", r"\resizebox{\linewidth}{!}{%"] \
            + tikz_tree(game, standalone=False).splitlines() + ["}", r"\end{center}"]
    return lines


def _tex_document(title: str, body: list[str]) -> str:
    from deterrence.views.latex import escape

    head = [r"\documentclass{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
            r"\usepackage{amsmath}", r"\usepackage{graphicx}", r"\usepackage{tikz}",
            r"\usepackage[margin=2.5cm]{geometry}", r"\begin{document}",
            f"\\section*{{{escape(title)}}}"]
    return "\n".join(head + body + [r"\end{document}"]) + "\n"


def sheet_latex(sheet) -> str:
    """The exercise sheet as a LaTeX document (compiles with pdflatex)."""
    from deterrence.views.latex import escape

    body = [f"{len(sheet.exercises)} exercise(s), seed {sheet.seed}.", ""]
    for ex in sheet.exercises:
        body += [f"\\subsection*{{Exercise {ex.number}}}"] + _tex_game(ex) + [escape(ex.question), ""]
    return _tex_document(sheet.title, body)


def key_latex(sheet) -> str:
    """The answer key as a LaTeX document."""
    from deterrence.views.latex import escape

    body = [f"Seed {sheet.seed}. Every answer was computed and checked by the deterrence solvers.", ""]
    for ex in sheet.exercises:
        body += [f"\\subsection*{{Exercise {ex.number}}}", f"\\emph{{{escape(ex.question)}}}", ""]
        body += [line for answer in ex.answer for line in (escape(answer), "")]
    return _tex_document("Answer key: " + sheet.title, body)


def render_sheet(sheet, fmt: str = "md") -> tuple[str, str]:
    """``(sheet text, key text)`` in format ``md`` or ``latex``."""
    if fmt == "latex":
        return sheet_latex(sheet), key_latex(sheet)
    return sheet_markdown(sheet), key_markdown(sheet)


__all__ = ["sheet_markdown", "key_markdown", "sheet_latex", "key_latex", "render_sheet",
           "tree_outline", "FORMATS"]
