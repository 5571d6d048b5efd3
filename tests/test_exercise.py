"""`deterrence exercise`: seeded sheets whose answer keys agree with the solvers.

Properties: the same kind, seed and count reproduce the sheet and the key
byte for byte; over many seeds, the answer key's facts are what ``solve``
finds on the game *as written in the key* (the TOML block is parsed back).
"""

from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction

import pytest
from click.testing import CliRunner

from deterrence.cli import cli
from deterrence.io import parse_game
from deterrence.solver import solve
from deterrence.teaching.exercises import KINDS, available_kinds, make_sheet, pool_available
from deterrence.views.sheet import render_sheet

FAST_KINDS = ["3x3-dominance", "2x2-mixed", "spe-tree", "credibility"]


def facts(exercise) -> dict[str, str]:
    return dict(exercise.facts)


@pytest.mark.parametrize("kind", FAST_KINDS)
@pytest.mark.parametrize("fmt", ["md", "latex"])
def test_same_seed_same_bytes(kind, fmt):
    first = render_sheet(make_sheet(kind, 11, 2), fmt)
    again = render_sheet(make_sheet(kind, 11, 2), fmt)
    assert first == again
    other = render_sheet(make_sheet(kind, 12, 2), fmt)
    assert other[0] != first[0]


def test_cli_same_seed_byte_identical(tmp_path):
    runner = CliRunner()
    outputs = []
    for name in ("a", "b"):
        sheet, key = tmp_path / f"{name}.md", tmp_path / f"{name}-key.md"
        result = runner.invoke(cli, ["exercise", "--kind", "3x3-dominance", "--seed", "7",
                                     "--out", str(sheet), "--answers", str(key)])
        assert result.exit_code == 0, result.output
        outputs.append((sheet.read_bytes(), key.read_bytes()))
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("seed", range(30))
def test_dominance_key_agrees_with_solve(seed):
    (ex,) = make_sheet("3x3-dominance", seed, 1).exercises
    game = parse_game(ex.source, "key.toml")
    result = solve(game)
    assert [eq.label(game) for eq in result.equilibria] == [facts(ex)["equilibrium"]]
    assert int(facts(ex)["rounds"]) >= 2


@pytest.mark.parametrize("seed", range(30))
def test_mixed_key_agrees_with_solve(seed):
    (ex,) = make_sheet("2x2-mixed", seed, 1).exercises
    game = parse_game(ex.source, "key.toml")
    (eq,) = solve(game).equilibria
    assert not eq.is_pure
    assert eq.strategies[0][0] == Fraction(facts(ex)["p_Up"])
    assert eq.strategies[1][0] == Fraction(facts(ex)["q_Left"])


@pytest.mark.parametrize("seed", range(30))
def test_spe_tree_key_agrees_with_solve(seed):
    (ex,) = make_sheet("spe-tree", seed, 1).exercises
    game = parse_game(ex.source, "key.toml")
    (eq,) = solve(game).equilibria
    assert eq.label(game) == facts(ex)["equilibrium"]
    assert dict(eq.outcomes) == {facts(ex)["outcome"]: 1}


@pytest.mark.parametrize("seed", range(20))
def test_credibility_key_agrees_with_solve(seed):
    (ex,) = make_sheet("credibility", seed, 1).exercises
    game = parse_game(ex.source, "key.toml")
    (eq,) = solve(game).equilibria
    assert eq.label(game) == facts(ex)["equilibrium"]
    threshold = Fraction(facts(ex)["threshold"].split("<")[1])
    for d, retaliates in ((threshold - Fraction(1, 10), True), (threshold + Fraction(1, 10), False)):
        label = solve(game.with_values({"d": d})).equilibria[0].label(game)
        assert ("Defender: Retaliate" in label) == retaliates


@pytest.mark.skipif(not pool_available(), reason="the sharing-pool builder is not installed")
@pytest.mark.parametrize("seed", range(4))
def test_pool_key_agrees_with_solve(seed):
    from deterrence.builders.pool.analysis import evaluate_point

    (ex,) = make_sheet("pool", seed, 1).exercises
    game = parse_game(ex.source, "key.toml")
    n = int(facts(ex)["members"])
    assert evaluate_point(game.with_values({"N": n - 1})).pays
    assert not evaluate_point(game.with_values({"N": n})).pays


def test_sheet_gives_nothing_away():
    sheet, key = render_sheet(make_sheet("2x2-mixed", 5, 1), "md")
    (ex,) = make_sheet("2x2-mixed", 5, 1).exercises
    assert facts(ex)["p_Up"] not in sheet.split("## Exercise 1")[1] or facts(ex)["p_Up"] in ("0", "1")
    assert "*" not in sheet.split("## Exercise 1")[1].replace("**", "")
    assert facts(ex)["p_Up"] in key


@pytest.mark.parametrize("args, code", [
    pytest.param(["--kind", "4x4-magic"], 2, id="unknown-kind"),
    pytest.param(["--kind", "2x2-mixed", "--count", "0"], 2, id="count-zero"),
])
def test_cli_refuses(args, code):
    assert CliRunner().invoke(cli, ["exercise", *args]).exit_code == code


def test_unavailable_kind_exits_2(monkeypatch):
    import deterrence.teaching.exercises as ex

    monkeypatch.setattr(ex, "pool_available", lambda: False)
    assert "pool" not in ex.available_kinds()
    assert CliRunner().invoke(cli, ["exercise", "--kind", "pool"]).exit_code == 2


def test_every_kind_is_listed():
    assert set(available_kinds()) <= set(KINDS)
    assert set(FAST_KINDS) <= set(available_kinds())


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.parametrize("kind", ["3x3-dominance", "spe-tree"])
def test_latex_sheet_and_key_compile(tmp_path, kind):
    sheet, key = render_sheet(make_sheet(kind, 3, 2), "latex")
    for name, text in (("sheet", sheet), ("key", key)):
        (tmp_path / f"{name}.tex").write_text(text, encoding="utf-8")
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout[-2000:]
