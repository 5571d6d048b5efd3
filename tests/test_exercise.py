"""`deterrence exercise`: seeded sheets whose answer keys agree with the solvers.

Properties: the same kind, seed and count reproduce the sheet and the key
byte for byte (Markdown, LaTeX and PDF); on 50 seeds per kind, the answer
key's facts are what the solvers find on the game *as written in the key*
(the payoff file is parsed back), and every threshold in a key is checked
by solving just below and just above it, from the parameters as the sheet
prints them. Seeds 0-4 run by default, 5-49 with ``-m slow`` (as do most
PDF compilations).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from fractions import Fraction as F

import pytest
from click.testing import CliRunner

from deterrence.cli import cli
from deterrence.io import parse_game
from deterrence.solver import solve
from deterrence.teaching.exercises import CARDS, KINDS, LEVELS, available_kinds, make_sheet
from deterrence.teaching.exercises.matrix import dominating_range
from deterrence.views.sheet import compile_pdf, render_sheet

EPS = F(1, 100)
SEEDS = [pytest.param(s, marks=pytest.mark.slow) if s >= 5 else s for s in range(50)]
needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed "
                                    "(apt-get install -y --no-install-recommends texlive-latex-base "
                                    "texlive-pictures texlive-games)")


def one(kind: str, seed: int):
    (ex,) = make_sheet(kind, seed, 1).exercises
    return ex, parse_game(ex.source, "key.toml")


def values(game) -> dict[str, F]:
    return game.parameters.values()


def label_at(game, **changes) -> str:
    g = game.with_values({k: F(v) for k, v in changes.items()})
    (eq,) = solve(g).equilibria
    return eq.label(g)


def threshold_of(fact: str) -> F:
    return F(re.split(r"[<>]=?", fact)[1].strip())


# ---------------------------------------------------------------- keys agree with the solvers, kind by kind


def check_dominance(ex, game):
    from deterrence.nash.dominance import eliminate_dominated

    result = solve(game)
    assert [eq.label(game) for eq in result.equilibria] == [ex.fact("equilibrium")]
    rounds = eliminate_dominated(game, weak=False, mixed=True).rounds
    assert int(ex.fact("rounds")) == len(rounds) >= 2


def check_mixed(ex, game):
    (eq,) = solve(game).equilibria
    assert not eq.is_pure
    assert eq.strategies[0][0] == F(ex.fact("p_Up")) and eq.strategies[1][0] == F(ex.fact("q_Left"))
    assert ex.answer[0].startswith("No pure equilibrium:") and ex.answer[0].count(" would switch to ") == 4


def check_spe_tree(ex, game):
    (eq,) = solve(game).equilibria
    assert eq.label(game) == ex.fact("equilibrium")
    assert dict(eq.outcomes) == {ex.fact("outcome"): 1}


def check_credibility(ex, game):
    v = values(game)
    t = threshold_of(ex.fact("threshold"))
    assert t == v["V"] + v["a"]
    assert label_at(game) == ex.fact("equilibrium")
    assert "Defender: Retaliate" in label_at(game, d=t - EPS) and "Back down" in label_at(game, d=t + EPS)
    assert (ex.fact("credible") == "true") == (v["d"] < t)


def check_resolute(ex, game):
    v = values(game)
    t = threshold_of(ex.fact("threshold"))
    assert t == v["V"] / (v["V"] + v["c"])          # (1 - p) V - p c = 0
    assert label_at(game) == ex.fact("equilibrium")
    assert label_at(game, p=t - EPS).startswith("Challenger: Challenge")
    assert label_at(game, p=t + EPS).startswith("Challenger: Status quo")
    assert (ex.fact("deterred") == "true") == (v["p"] > t)


def check_capability(ex, game):
    v = values(game)
    assert (ex.fact("credible") == "true") == (v["d"] < v["a"])
    assert (ex.fact("capable") == "true") == (v["m"] * v["K"] > v["V"])
    assert threshold_of(ex.fact("capability_threshold")) == v["V"] / v["K"]
    label = label_at(game)
    assert label == ex.fact("equilibrium")
    deterred = ex.fact("credible") == "true" and ex.fact("capable") == "true"
    assert label.startswith("Coercer: Refrain") == deterred


def check_brinkmanship(ex, game):
    v = values(game)
    low = (v["a"] + v["b"]) / (v["b"] + v["w"])
    high = (1 - v["p"]) * (v["g"] + v["k"]) / (v["p"] * (v["W"] - v["k"]))
    assert F(ex.fact("lower")) == low and F(ex.fact("upper")) == high
    label = label_at(game)
    assert label == ex.fact("equilibrium")
    assert ("Compeller: Threaten" in label) == (ex.fact("threatens") == "true") == (low <= v["q"] <= high)
    assert "Compeller: Do not threaten" in label_at(game, q=low - EPS)


def check_denial(ex, game):
    v = values(game)
    t = threshold_of(ex.fact("threshold"))
    assert t == 1 - v["c"] / (v["pi"] * v["G"])
    assert label_at(game) == ex.fact("equilibrium")
    assert label_at(game, delta=t - EPS) == "Attacker: Attack"
    assert label_at(game, delta=t + EPS) == "Attacker: Refrain"


def check_ladder(ex, game):
    (eq,) = solve(game).equilibria
    assert eq.label(game) == ex.fact("equilibrium")
    lost = sum((p for label, p in eq.outcomes if label == "loss of control"), F(0))
    assert F(ex.fact("loss_of_control")) == lost
    assert ex.fact("outcomes") == "; ".join(label for label, p in eq.outcomes if p)
    text = " ".join(ex.answer)
    assert text.index("At 'counter'") < text.index("At 'controls'") < text.index("At 'tariffs'")  # from the top


def check_discount(ex, game):
    from deterrence.repeated_games.memory_one import NAMED, check_equilibrium
    from deterrence.repeated_games.stage import stage_game

    stage = stage_game(game, cooperate="Trade openly")
    T, R, P, S = stage.payoffs[0].TRPS
    grim = F(T - R, T - P)
    assert threshold_of(ex.fact("grim")) == grim
    assert threshold_of(ex.fact("tft")) == max(grim, F(T - R, R - S))
    delta = F(ex.fact("delta"))
    assert f"delta = {ex.fact('delta')}" in ex.question            # the sheet says what delta is
    check = check_equilibrium(stage, NAMED["grim"], NAMED["grim"], F(0), delta)
    assert check.subgame_perfect == (ex.fact("sustained") == "true") == (delta >= grim)
    assert not check_equilibrium(stage, NAMED["grim"], NAMED["grim"], F(0), grim - EPS / 10).nash


def check_stag_hunt(ex, game):
    result = solve(game)
    pure = sorted(eq.label(game) for eq in result.equilibria if eq.is_pure)
    assert "; ".join(pure) == ex.fact("pure") == "(Cooperate, Cooperate); (Decouple, Decouple)"
    (mixed,) = [eq for eq in result.equilibria if not eq.is_pure]
    assert mixed.strategies[0][0] == F(ex.fact("trust")) == F(ex.fact("mixed_cooperate"))


def check_pool(ex, game):
    from deterrence.builders.pool.analysis import evaluate_point

    n = int(ex.fact("members"))
    assert evaluate_point(game.with_values({"N": n - 1})).pays
    assert not evaluate_point(game.with_values({"N": n})).pays


def check_yard(ex, game):
    import itertools

    from deterrence.builders.yard.analysis import yard_choice, yard_frontier
    from deterrence.builders.yard.file import spec_of

    choice = yard_choice(game)
    assert ("; ".join(choice.protected) or "nothing") == ex.fact("protected")
    assert str(choice.cut) == ex.fact("cut") and choice.defender == F(ex.fact("payoff"))
    steps = "; ".join(f"{s.budget}: {', '.join(s.choice.protected) or 'nothing'}" for s in yard_frontier(game))
    assert steps == ex.fact("frontier")
    # brute force over every affordable fence, by the model's logic
    numbers = spec_of(game).evaluate(game.parameters.environment())
    best = None
    for k in range(len(numbers.goods) + 1):
        for fenced in itertools.combinations(range(len(numbers.goods)), k):
            if not numbers.affordable(frozenset(fenced)):
                continue
            left = [g[2] if i in fenced else g[0] for i, g in enumerate(numbers.goods)]
            value = -numbers.cost(frozenset(fenced)) - F(1, 2) * max(left)
            best = value if best is None else max(best, value)
    assert choice.defender == best


CHECKS = {"3x3-dominance": check_dominance, "2x2-mixed": check_mixed, "spe-tree": check_spe_tree,
          "credibility": check_credibility, "resolute-type": check_resolute, "capability": check_capability,
          "brinkmanship": check_brinkmanship, "denial": check_denial, "ladder": check_ladder,
          "discount": check_discount, "stag-hunt": check_stag_hunt, "pool": check_pool, "yard": check_yard}


def test_every_kind_has_a_check_and_there_are_at_least_twelve():
    assert set(CHECKS) == set(KINDS) and len(KINDS) >= 12
    assert set(available_kinds()) == set(KINDS)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", KINDS)
def test_key_agrees_with_the_solvers(kind, seed):
    ex, game = one(kind, seed)
    CHECKS[kind](ex, game)


# ---------------------------------------------------------------- the sheet


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["md", "latex"])
def test_same_seed_same_bytes(kind, fmt):
    first = render_sheet(make_sheet(kind, 11, 2), fmt)
    again = render_sheet(make_sheet(kind, 11, 2), fmt)
    assert first == again
    other = render_sheet(make_sheet(kind, 12, 2), fmt)
    assert other[0] != first[0]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_card_hints_a_story_and_a_full_key(kind):
    card = next(c for c in CARDS if c.name == kind)
    assert card.difficulty in LEVELS and len(card.framing) > 80
    sheet = make_sheet(kind, 5, 2)
    for ex in sheet.exercises:
        assert ex.hints and ex.story and len(ex.answer) >= 2 and ex.facts
    text, key = render_sheet(sheet, "md")
    assert card.framing in text and card.difficulty in text and "## Hints" in text
    assert "## Hints" not in render_sheet(sheet, "md", hints=False)[0]


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in ("pool", "yard")])
def test_node_names_in_the_key_are_printed_on_the_sheet(kind):
    sheet = make_sheet(kind, 3, 2)
    text, _ = render_sheet(sheet, "md")
    latex, _ = render_sheet(sheet, "latex")
    for ex in sheet.exercises:
        for name in re.findall(r"'([A-Za-z0-9_]+)'", " ".join(ex.answer)):
            assert f"`{name}`" in text, name
            assert f"({name.replace('_', chr(92) + '_')})" in latex, name


def test_sheet_gives_nothing_away():
    sheet, key = render_sheet(make_sheet("2x2-mixed", 5, 1), "md")
    (ex,) = make_sheet("2x2-mixed", 5, 1).exercises
    body = sheet.split("## Exercise 1")[1].split("## Hints")[0]
    assert ex.fact("p_Up") not in body or ex.fact("p_Up") in ("0", "1")
    assert "*" not in body.replace("**Question.**", "")
    assert ex.fact("p_Up") in key


def test_dominating_range_by_hand():
    """(2/5, 3/5): p 5 + (1 - p) 0 > 2 and p 0 + (1 - p) 5 > 2; Top alone (p = 1) fails."""
    assert dominating_range([5, 0], [0, 5], [2, 2]) == ((F(2, 5), False), (F(3, 5), False))
    assert dominating_range([3, 3], [0, 0], [1, 1]) == ((F(1, 3), False), (F(1), True))
    assert dominating_range([3, 0], [0, 3], [2, 2]) is None


@pytest.mark.parametrize("seed", range(20))
def test_dominating_range_agrees_with_a_grid(seed):
    import random

    rng = random.Random(seed)
    a, b, s = ([rng.randint(0, 6) for _ in range(3)] for _ in range(3))
    bounds = dominating_range(a, b, s)
    for k in range(101):
        p = F(k, 100)
        dominates = all(p * x + (1 - p) * y > z for x, y, z in zip(a, b, s))
        if bounds is None:
            assert not dominates
        else:
            (lo, lo_in), (hi, hi_in) = bounds
            inside = (lo < p or (lo_in and p == lo)) and (p < hi or (hi_in and p == hi))
            assert inside == dominates, (p, bounds)


# ---------------------------------------------------------------- the command


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


def test_cli_lists_every_kind():
    result = CliRunner().invoke(cli, ["exercise", "--list"])
    assert result.exit_code == 0
    for card in CARDS:
        assert card.name in result.output and card.difficulty in result.output


def test_help_names_every_kind():
    result = CliRunner().invoke(cli, ["exercise", "--help"])
    text = "".join(result.output.split())      # help text may wrap at a hyphen
    for kind in KINDS:
        assert kind in text


def test_cli_md_documents_every_kind():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "CLI.md").read_text(encoding="utf-8")
    section = text.split("## `deterrence exercise`")[1].split("\n## ")[0]
    for kind in KINDS:
        assert f"`{kind}`" in section, kind


@pytest.mark.parametrize("args, code", [
    pytest.param(["--kind", "4x4-magic"], 2, id="unknown-kind"),
    pytest.param(["--kind", "2x2-mixed", "--count", "0"], 2, id="count-zero"),
    pytest.param([], 2, id="no-kind"),
    pytest.param(["--kind", "denial", "--to", "pdf"], 2, id="pdf-to-the-terminal"),
])
def test_cli_refuses(args, code):
    assert CliRunner().invoke(cli, ["exercise", *args]).exit_code == code


def test_unavailable_kind_exits_2(monkeypatch):
    import deterrence.teaching.exercises as ex

    monkeypatch.setattr(ex, "pool_available", lambda: False)
    assert "pool" not in ex.available_kinds()
    assert CliRunner().invoke(cli, ["exercise", "--kind", "pool"]).exit_code == 2


def test_pdf_without_pdflatex_is_a_clear_error(monkeypatch, tmp_path):
    import deterrence.views.sheet as sheet

    monkeypatch.setattr(sheet, "PDFLATEX", "no-such-pdflatex-here")
    result = CliRunner().invoke(cli, ["exercise", "--kind", "denial", "--to", "pdf",
                                      "--out", str(tmp_path / "s.pdf")])
    assert result.exit_code == 1 and "pdflatex is not installed" in result.output
    assert (tmp_path / "s.tex").exists()                 # the .tex is written whatever happens


@needs_pdflatex
@pytest.mark.parametrize("kind", [k if k in ("ladder", "3x3-dominance") else pytest.param(k, marks=pytest.mark.slow)
                                  for k in KINDS])
def test_latex_sheet_and_key_compile(tmp_path, kind):
    sheet, key = render_sheet(make_sheet(kind, 3, 2), "latex")
    for name, text in (("sheet", sheet), ("key", key)):
        (tmp_path / f"{name}.tex").write_text(text, encoding="utf-8")
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout[-2000:]


@needs_pdflatex
def test_pdf_is_byte_identical_for_a_seed(tmp_path):
    runner = CliRunner()
    pdfs = []
    for name in ("a", "b"):
        out, key = tmp_path / f"{name}.pdf", tmp_path / f"{name}-key.pdf"
        result = runner.invoke(cli, ["exercise", "--kind", "brinkmanship", "--seed", "4", "--count", "1",
                                     "--to", "pdf", "--out", str(out), "--answers", str(key)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes()[:5] == b"%PDF-" and (tmp_path / f"{name}.tex").exists()
        pdfs.append((out.read_bytes(), key.read_bytes()))
    assert pdfs[0] == pdfs[1]
    assert compile_pdf(render_sheet(make_sheet("brinkmanship", 4, 1), "latex")[0]) == pdfs[0][0]
