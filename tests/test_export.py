"""`deterrence export`: LaTeX payoff tables, TikZ trees, Gambit, JSON, TOML.

Golden strings pin the LaTeX; when ``pdflatex`` is installed every style is
compiled (skipped otherwise), so a sheet that a teacher exports compiles.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from deterrence.cli import cli
from deterrence.edit.templates import new_game_text
from deterrence.io import load_game, parse_game
from deterrence.model import NormalFormGame
from deterrence.views.latex import expr_latex, latex_table
from deterrence.views.tikz import tikz_tree

PD = NormalFormGame.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], ["Cooperate", "Defect"],
                             ["Cooperate", "Defect"])


def test_sgame_fragment_underlines_best_responses():
    assert latex_table(PD, "sgame", standalone=False) == (
        "% best responses underlined; a cell underlined twice is a pure Nash equilibrium\n"
        "\\begin{game}{2}{2}[Row][Column]\n"
        " & Cooperate & Defect \\\\\n"
        "Cooperate & $3, 3$ & $0, \\underline{5}$ \\\\\n"
        "Defect & $\\underline{5}, 0$ & $\\underline{1}, \\underline{1}$\n"
        "\\end{game}\n")


def test_tabular_fragment():
    assert latex_table(PD, "tabular", standalone=False).splitlines()[1:] == [
        "\\begin{tabular}{r|c|c|}",
        "\\multicolumn{1}{c}{} & \\multicolumn{2}{c}{Column} \\\\",
        "\\multicolumn{1}{c}{Row} & \\multicolumn{1}{c}{Cooperate} & \\multicolumn{1}{c}{Defect} \\\\ \\cline{2-3}",
        "Cooperate & $3, 3$ & $0, \\underline{5}$ \\\\ \\cline{2-3}",
        "Defect & $\\underline{5}, 0$ & $\\underline{1}, \\underline{1}$ \\\\ \\cline{2-3}",
        "\\end{tabular}",
    ]


def test_labels_are_escaped():
    game = NormalFormGame.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], ["R&D", "50%"], ["a_b", "#1"],
                                   players=("Firm $", "Lab {x}"))
    text = latex_table(game, "sgame", standalone=False)
    for raw, safe in [("R&D", r"R\&D"), ("50%", r"50\%"), ("a_b", r"a\_b"), ("#1", r"\#1"),
                      ("Firm $", r"Firm \$"), ("Lab {x}", r"Lab \{x\}")]:
        assert safe in text


@pytest.mark.parametrize("text, expected", [
    pytest.param("(V - C)/2", r"\frac{V - C}{2}", id="hawk-dove"),
    pytest.param("V/2", r"\frac{V}{2}", id="half"),
    pytest.param("-c", "-c", id="negation"),
    pytest.param("a - (b - c)", r"a - \left(b - c\right)", id="right-minus"),
    pytest.param("(a + b)*c", r"\left(a + b\right) c", id="product-of-sum"),
    pytest.param("x^2 + 2*x", r"x^{2} + 2 x", id="power"),
    pytest.param("sigma*Q", r"\sigma Q", id="greek"),
    pytest.param("c_resolute", r"c_{\text{resolute}}", id="subscript"),
    pytest.param("min(a, 1/3)", r"\min(a, \frac{1}{3})", id="min"),
])
def test_formulas_in_latex(text, expected):
    from deterrence.model.expr import as_expr

    assert expr_latex(as_expr(text)) == expected


def test_hawk_dove_formulas_keep_best_responses_at_defaults():
    text = latex_table(load_game("hawk_dove"), "sgame", standalone=False, formulas=True)
    assert r"Hawk & $\frac{V - C}{2}, \frac{V - C}{2}$ & $\underline{V}, \underline{0}$ \\" in text


def test_three_players_one_table_per_third_player_strategy():
    game = NormalFormGame.from_arrays(["A", "B", "C"], [["u", "d"], ["l", "r"], ["x", "y"]],
                                      [[[[1, 0], [0, 0]], [[0, 0], [0, 1]]]] * 3)
    text = latex_table(game, "tabular", standalone=False)
    assert text.count("\\begin{tabular}") == 2
    assert "C plays x:" in text and "C plays y:" in text


def test_tikz_marks_information_sets_and_chance():
    game = parse_game(new_game_text("bayesian"), "bayesian.toml")
    text = tikz_tree(game, standalone=False)
    assert "\\draw[dashed] (n1) -- (n2); % information set C" in text
    assert "Resolute ($\\frac{1}{2}$)" in text
    assert "Resolute ($p$)" in tikz_tree(game, standalone=False, formulas=True)
    assert text.count("\\node[end") == len(game.terminals)


# ---------------------------------------------------------------- compiling

PDFLATEX = shutil.which("pdflatex")
needs_pdflatex = pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")


def has_sty(name: str) -> bool:
    kpsewhich = shutil.which("kpsewhich")
    return bool(kpsewhich) and subprocess.run([kpsewhich, f"{name}.sty"], capture_output=True,
                                              text=True).stdout.strip() != ""


def compile_ok(tmp_path: Path, text: str) -> None:
    source = tmp_path / "sheet.tex"
    source.write_text(text, encoding="utf-8")
    run = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", source.name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "sheet.pdf").stat().st_size > 0


@needs_pdflatex
@pytest.mark.parametrize("style", ["sgame", "tabular"])
def test_latex_table_compiles(tmp_path, style):
    if style == "sgame" and not has_sty("sgame"):
        pytest.skip("sgame.sty is not installed (TeX Live: texlive-games)")
    game = load_game("hawk_dove")
    body = latex_table(game, style, formulas=True)
    compile_ok(tmp_path, body.replace(r"\end{center}", latex_table(load_game("mixed_dominance"), style,
                                                                   standalone=False) + r"\end{center}"))


@needs_pdflatex
def test_tikz_tree_compiles(tmp_path):
    if not has_sty("tikz"):
        pytest.skip("tikz is not installed")
    compile_ok(tmp_path, tikz_tree(parse_game(new_game_text("bayesian"), "b.toml"), chosen={0, 3}))


# ---------------------------------------------------------------- the CLI


def test_cli_export_formats_round_trip(tmp_path):
    runner = CliRunner()
    game = load_game("prisoners_dilemma")
    for fmt in ("toml", "nfg"):
        result = runner.invoke(cli, ["export", "prisoners_dilemma", "--to", fmt])
        assert result.exit_code == 0, result.output
        again = parse_game(result.output, f"x.{fmt}")
        assert again.payoffs == game.payoffs if fmt == "toml" else \
            [again.payoff(p) for p in again.profiles()] == [game.payoff(p) for p in game.profiles()]
    result = runner.invoke(cli, ["export", "hawk_dove", "--to", "json", "--set", "C=8"])
    assert json.loads(result.output)["parameters"]["C"]["value"] == "8"


def test_cli_export_to_file(tmp_path):
    out = tmp_path / "stag.tex"
    result = CliRunner().invoke(cli, ["export", "stag_hunt", "--to", "latex", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text().startswith("\\documentclass{article}")


@pytest.mark.parametrize("args", [
    pytest.param(["hawk_dove", "--to", "tikz"], id="tikz-of-a-matrix-game"),
    pytest.param(["hawk_dove", "--to", "pdf"], id="unknown-format"),
])
def test_cli_export_refuses_with_exit_2(args):
    assert CliRunner().invoke(cli, ["export", *args]).exit_code == 2
