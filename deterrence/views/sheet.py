"""Exercise sheets and answer keys as Markdown, LaTeX or PDF.

The sheet gives, per exercise, the situation, the game without any hint of
the answer (no best responses marked), the question, and the hints at the
end (they can be left out); decision and chance nodes carry the names the
answer key uses. The key repeats each question with its worked answer, the
answer as data, and the game as a payoff file, so a teacher can check it
with ``deterrence solve``. Rendering is a pure function of the
:class:`~deterrence.teaching.exercises.Sheet`: the same sheet gives the same
bytes, and :func:`compile_pdf` makes the PDF reproducible too.

Example
-------
>>> from deterrence.teaching.exercises import make_sheet
>>> text = sheet_markdown(make_sheet("2x2-mixed", seed=1, count=1))
>>> print(text.splitlines()[0])
# Mixed-strategy equilibria of 2×2 games
>>> "| Row \\\\ Column | Left | Right |" in text
True
>>> "`respond`" in sheet_markdown(make_sheet("credibility", seed=1, count=1))
True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from deterrence.errors import DeterrenceError
from deterrence.model.expr import format_fraction

FORMATS = ("md", "latex", "pdf")
#: What pdflatex is called as, and the Debian packages that provide what the sheets use.
PDFLATEX = "pdflatex"
TEX_PACKAGES = "texlive-latex-base texlive-latex-recommended texlive-pictures texlive-games"


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


def tree_outline(game, formulas: bool = False, names: bool = False) -> list[str]:
    """A game tree as a nested Markdown list, in the order of play.

    With ``names`` every decision and chance node shows its id (``start``),
    the name an answer key refers to it by.
    """
    lines: list[str] = []

    def visit(v: int, depth: int, via: str) -> None:
        indent = "  " * depth
        prefix = f"{via} → " if via else ""
        name = f" (node `{game.ids[v]}`)" if names else ""
        if game.is_terminal(v):
            label = game.outcome[v] or game.ids[v]
            lines.append(f"{indent}- {prefix}*{label}*: {_payoff_text(game, v, formulas)}")
            return
        if game.is_chance(v):
            lines.append(f"{indent}- {prefix}chance{name}:")
            for e, c in zip(game.edges(v), game.children(v)):
                prob = str(game.exprs[int(game.edge_prob[e])]) if formulas else format_fraction(game.probability(e))
                visit(c, depth + 1, f"{game.action[e]} ({prob})")
            return
        lines.append(f"{indent}- {prefix}{game.player_of(v)} chooses{name}:")
        for e, c in zip(game.edges(v), game.children(v)):
            visit(c, depth + 1, game.action[e])

    visit(0, 0, "")
    return lines


def _shown_parameters(exercise):
    game = exercise.game
    hide = ("N",) if exercise.kind == "pool" else ()
    return [p for p in game.parameters.declared if p.name not in hide]


def _parameter_lines(exercise) -> list[str]:
    values = exercise.game.parameters.values()
    shown = _shown_parameters(exercise)
    if not shown:
        return []
    lines = ["| parameter | value | meaning |", "|---|---|---|"]
    for p in shown:
        lines.append(f"| {p.name} | {format_fraction(values[p.name])} | {_md_escape(p.description)} |")
    return lines + [""]


def _goods_rows(exercise) -> list[tuple[str, str, str, str]] | None:
    """``(good, damage, cost, damage once fenced)`` rows of a yard exercise."""
    spec = getattr(getattr(exercise.game, "rebuild", None), "spec", None)
    goods = getattr(spec, "goods", None)
    if exercise.kind != "yard" or goods is None:
        return None
    env = exercise.game.parameters.environment()
    return [(g.name, format_fraction(g.damage.evaluate(env)), format_fraction(g.cost.evaluate(env)),
             format_fraction(g.protected.evaluate(env))) for g in goods]


def _md_game(exercise) -> list[str]:
    from deterrence.model.kinds import is_tree

    game = exercise.game
    if exercise.kind == "pool":
        return _parameter_lines(exercise)
    goods = _goods_rows(exercise)
    if goods is not None:
        lines = _parameter_lines(exercise) + ["| good | damage of a cut | cost of a fence | damage once fenced |",
                                              "|---|---|---|---|"]
        return lines + [f"| {' | '.join(row)} |" for row in goods]
    if not is_tree(game):
        return _md_table(game)
    formulas = bool(game.parameters.declared)
    return _parameter_lines(exercise) + tree_outline(game, formulas, names=True)


def _head(sheet) -> str:
    return (f"{len(sheet.exercises)} exercise(s), kind `{sheet.kind}` ({sheet.difficulty}), "
            f"seed {sheet.seed}.")


def sheet_markdown(sheet, hints: bool = True) -> str:
    """The exercise sheet in Markdown (with the hints at the end unless ``hints=False``)."""
    lines = [f"# {sheet.title}", "", _head(sheet), "", sheet.framing, ""]
    for ex in sheet.exercises:
        lines += [f"## Exercise {ex.number}", ""]
        if ex.story:
            lines += [ex.story, ""]
        lines += _md_game(ex) + ["", f"**Question.** {ex.question}", ""]
    if hints and any(ex.hints for ex in sheet.exercises):
        lines += ["## Hints", ""]
        for ex in sheet.exercises:
            lines += [f"- Exercise {ex.number}: " + " ".join(ex.hints)]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def key_markdown(sheet) -> str:
    """The answer key in Markdown: answers, checked facts, and each game's file."""
    lines = [f"# Answer key: {sheet.title}", "",
             f"Kind `{sheet.kind}` ({sheet.difficulty}), seed {sheet.seed}. Every answer was computed "
             "and checked by the deterrence solvers; run `deterrence solve` on a game file below to "
             "see it again.", ""]
    for ex in sheet.exercises:
        lines += [f"## Exercise {ex.number}", "", f"*{ex.question}*", ""]
        lines += [f"{k}. {answer}" for k, answer in enumerate(ex.answer, start=1)] + [""]
        lines += ["Answer as data: " + "; ".join(f"{k} = {v}" for k, v in ex.facts), ""]
        lines += ["```toml", ex.source.rstrip("\n"), "```", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------- LaTeX


def _tex_game(exercise) -> list[str]:
    from deterrence.model.kinds import is_tree
    from deterrence.views.latex import escape, fraction_latex, latex_table, name_latex
    from deterrence.views.tikz import tikz_tree

    game = exercise.game
    lines: list[str] = []
    values = game.parameters.values()
    shown = _shown_parameters(exercise)
    if shown:
        lines += [r"\begin{tabular}{lrp{0.62\linewidth}}", r"parameter & value & meaning \\ \hline"]
        lines += [f"${name_latex(p.name)}$ & ${fraction_latex(values[p.name])}$ & {escape(p.description)} \\\\"
                  for p in shown]
        lines += [r"\end{tabular}", r"\par\medskip"]
    if exercise.kind == "pool":
        return lines
    goods = _goods_rows(exercise)
    if goods is not None:
        lines += [r"\begin{tabular}{lrrr}", r"good & damage of a cut & cost of a fence & damage once fenced \\ \hline"]
        lines += [" & ".join(escape(c) for c in row) + r" \\" for row in goods]
        return lines + [r"\end{tabular}", r"\par\medskip"]
    if not is_tree(game):
        lines += [r"\begin{center}"] + latex_table(game, "tabular", standalone=False, marks=False).splitlines() \
            + [r"\end{center}"]
    else:
        lines += [r"\begin{center}", r"\resizebox{\linewidth}{!}{%"] \
            + tikz_tree(game, standalone=False, node_names=True).splitlines() + ["}", r"\end{center}"]
    return lines


def _tex_document(title: str, body: list[str]) -> str:
    from deterrence.views.latex import escape

    head = [r"\documentclass{article}", r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
            r"\usepackage{amsmath}", r"\usepackage{amssymb}", r"\usepackage{graphicx}", r"\usepackage{tikz}",
            r"\usepackage[margin=2.5cm]{geometry}", r"\DeclareUnicodeCharacter{2212}{-}",
            r"\DeclareUnicodeCharacter{2192}{$\rightarrow$}", r"\DeclareUnicodeCharacter{2264}{$\leq$}",
            r"\DeclareUnicodeCharacter{2265}{$\geq$}", r"\DeclareUnicodeCharacter{00D7}{$\times$}",
            r"\pdfinfoomitdate=1", r"\pdftrailerid{}", r"\begin{document}",
            f"\\section*{{{escape(title)}}}"]
    return "\n".join(head + body + [r"\end{document}"]) + "\n"


def sheet_latex(sheet, hints: bool = True) -> str:
    """The exercise sheet as a LaTeX document (compiles with pdflatex)."""
    from deterrence.views.latex import escape

    body = [escape(_head(sheet).replace("`", "")), "", escape(sheet.framing), ""]
    for ex in sheet.exercises:
        body += [f"\\subsection*{{Exercise {ex.number}}}"]
        if ex.story:
            body += [escape(ex.story), r"\par\medskip"]
        body += _tex_game(ex) + [r"\textbf{Question.} " + escape(ex.question), ""]
    if hints and any(ex.hints for ex in sheet.exercises):
        body += [r"\subsection*{Hints}", r"\begin{itemize}"]
        body += [f"\\item Exercise {ex.number}: " + escape(" ".join(ex.hints)) for ex in sheet.exercises]
        body += [r"\end{itemize}"]
    return _tex_document(sheet.title, body)


def key_latex(sheet) -> str:
    """The answer key as a LaTeX document."""
    from deterrence.views.latex import escape

    body = [f"Kind {escape(sheet.kind)} ({sheet.difficulty}), seed {sheet.seed}. Every answer was computed "
            "and checked by the deterrence solvers.", ""]
    for ex in sheet.exercises:
        body += [f"\\subsection*{{Exercise {ex.number}}}", f"\\emph{{{escape(ex.question)}}}", "",
                 r"\begin{enumerate}"]
        body += [r"\item " + escape(answer) for answer in ex.answer]
        body += [r"\end{enumerate}",
                 r"\textbf{Answer as data:} " + escape("; ".join(f"{k} = {v}" for k, v in ex.facts)), ""]
    return _tex_document("Answer key: " + sheet.title, body)


def render_sheet(sheet, fmt: str = "md", hints: bool = True) -> tuple[str, str]:
    """``(sheet text, key text)`` in format ``md`` or ``latex`` (also the source of ``pdf``)."""
    if fmt in ("latex", "pdf"):
        return sheet_latex(sheet, hints), key_latex(sheet)
    return sheet_markdown(sheet, hints), key_markdown(sheet)


# ---------------------------------------------------------------- PDF


def pdflatex_available() -> bool:
    """Whether ``pdflatex`` is on the PATH."""
    return shutil.which(PDFLATEX) is not None


def compile_pdf(tex: str, timeout: int = 120) -> bytes:
    """The PDF of a LaTeX document, compiled by pdflatex in a scratch folder.

    The same text gives the same bytes: the document omits its date and
    trailer id, and ``SOURCE_DATE_EPOCH`` fixes the rest.

    Raises
    ------
    DeterrenceError
        If pdflatex is not installed or the document does not compile.
    """
    if not pdflatex_available():
        raise DeterrenceError("pdflatex is not installed, so no PDF can be made",
                              hint=f"write --to latex and compile it elsewhere, or install TeX "
                                   f"(Debian: apt-get install -y --no-install-recommends {TEX_PACKAGES})")
    env = dict(os.environ, SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory(prefix="deterrence-sheet-") as folder:
        path = Path(folder) / "sheet.tex"
        path.write_text(tex, encoding="utf-8")
        run = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "sheet.tex"],
                             cwd=folder, env=env, capture_output=True, text=True, timeout=timeout)
        if run.returncode != 0:
            tail = "\n".join(run.stdout.splitlines()[-15:])
            raise DeterrenceError("pdflatex could not compile the sheet", hint=tail)
        return (Path(folder) / "sheet.pdf").read_bytes()


__all__ = ["sheet_markdown", "key_markdown", "sheet_latex", "key_latex", "render_sheet",
           "tree_outline", "compile_pdf", "pdflatex_available", "FORMATS", "TEX_PACKAGES"]
