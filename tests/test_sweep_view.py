"""The sweep and thresholds views fit a terminal, however many outcomes a tree has.

A regime of a ladder with types reaches a score of outcomes and its profile
names a move at every decision point: the views summarise both to the width
at hand (a pipe reads like a 160-column terminal) and say what they left
out, while small games keep the table they always had.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from deterrence.cli import cli
from deterrence.io import load_game
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import Regime, tree_regime
from deterrence.parametric.reports import RegimeConditions, ThresholdReport
from deterrence.parametric.sweep import sweep_one
from deterrence.solver import solve
from deterrence.views.summary import (
    READABLE_WIDTH,
    Move,
    fit,
    group_outcomes,
    merge_alternatives,
    outcomes_summary,
    play_summary,
    profile_moves,
    split_qualifier,
    typical_moves,
)
from deterrence.views.sweep import Legend, SweepView, ThresholdsView, shown_rows


def render(obj, width: int) -> str:
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as captured:
        console.print(obj)
    return captured.get()


def piped(*args: str) -> str:
    """What ``deterrence ARGS`` writes to a pipe (a 4096-column console, no colour)."""
    out = CliRunner().invoke(cli, list(args))
    assert out.exit_code == 0, out.output
    return out.output


def view_of(sweep) -> SweepView:
    rows = shown_rows(sweep)
    return SweepView(sweep, dict(zip(rows, sweep.answers(rows))))


def legend_entries(text: str) -> dict[str, list[str]]:
    """Lines of each entry of the first "Regimes" list: a letter, two spaces, words."""
    lines = text.split("Regimes\n", 1)[1].split("\n\n", 1)[0].splitlines()
    entries: dict[str, list[str]] = {}
    for line in lines:
        if line[:1].isupper() and line[1:3] == "  ":
            entries[line[0]] = [line]
        elif line.startswith("   ") and entries:
            entries[list(entries)[-1]].append(line)
    return entries


def table_rows(text: str) -> list[list[str]]:
    """The lines of each row of the first table (a row starts with a value in its second column)."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if not line.startswith("│"):
            continue
        cells = line.split("│")
        if cells[2].strip() and cells[2].strip() != "⋮":
            rows.append([line])
        elif rows:
            rows[-1].append(line)
    return rows


# ---------------------------------------------------------------- small games are as they were


@pytest.mark.parametrize("args, lines", [
    (["hawk_dove", "C=0:12"], [
        "A  (Hawk, Hawk)",
        "B  (Hawk, Dove), (Dove, Hawk), mixed {Hawk, Dove} x {Hawk, Dove}",
        "│  │  9/5 │   A    │ (Hawk, Hawk)                                       │            1/10, 1/10│",
        "│► │ 12/5 │   B    │ (Hawk, Dove)                                       │                  2, 0│",
        "│  │      │        │ (Dove, Hawk)                                       │                  0, 2│",
        "│  │      │        │ (5/6 Hawk + 1/6 Dove, 5/6 Hawk + 1/6 Dove)         │              1/6, 1/6│",
    ]),
    (["punishment_credibility", "p=0:1"], [
        # at p = 1/3 itself the Challenger may also mix (the exact solver's third equilibrium)
        "D  status quo; Defender concedes / war; Defender concedes / status quo / war (boundary)",
        ("│► │  1/20 │   B    │ Challenger: Challenge; Defender: Retaliate [respond_resolute], Acquiesce "
         "[respond_irresolute] → 19/20 Defender concedes, 1/20 war │                   17/20, -9/10│"),
        ("│  │     1 │   C    │ Challenger: Status quo; Defender: Retaliate [respond_resolute], Acquiesce "
         "[respond_irresolute] → status quo                       │                           0, 0│"),
    ]),
    (["prisoners_dilemma", "T=0:10"], [
        "A  (Open, Open), (Build bloc, Build bloc), mixed {Open, Build bloc} x {Open, Build bloc}",
        "│► │  7/2 │   B    │ (Build bloc, Build bloc)                               │                     1, 1│",
    ]),
], ids=["hawk_dove", "punishment_credibility", "prisoners_dilemma"])
def test_small_games_keep_their_table(args, lines):
    """Whole profiles and outcomes, one equilibrium a line (no ``\\n`` shown as two characters),
    and nothing summarised."""
    text = piped("sweep", *args)
    for line in lines:
        assert line in text.splitlines(), line
    assert "\\n" not in text and "Typical play" not in text and "summarised" not in text


# ---------------------------------------------------------------- trees with many outcomes


@pytest.fixture(scope="module")
def kahn_sweep():
    return sweep_one(load_game("kahn_ladder"), Range.parse("p=0:1"), steps=41)


def test_a_tree_sweep_fits_a_120_column_terminal(kahn_sweep):
    """Kahn's ladder, 41 points: each regime in at most two lines, each row of the table in
    at most three, what was left out counted."""
    text = render(view_of(kahn_sweep), 120)
    assert max(cell_len(line) for line in text.splitlines()) <= 120
    entries = legend_entries(text)
    assert set(entries) == set("ABCDE") and all(len(lines) <= 2 for lines in entries.values())
    assert "10 outcomes:" in entries["B"][0] and "… and" in " ".join(entries["B"])
    # at the change point itself the Challenger also mixes at Peace (the solver's third)
    assert entries["E"][0].startswith("E  3 equilibria: as in C; as in B; 12 outcomes:")
    rows = table_rows(text)
    assert len(rows) == 41 and max(len(r) for r in rows) <= 4
    assert "Typical play" in text and "+9 more" in text and "play: as above but" in text


def test_a_piped_tree_sweep_reads_like_a_wide_terminal():
    """Through a pipe no line is cut, and none is longer than a wide terminal's, but for the
    exact change points."""
    text = piped("sweep", "kahn_ladder", "p=0:1", "--steps", "41")
    long = [line for line in text.splitlines() if cell_len(line) > READABLE_WIDTH]
    assert all(line.startswith("► p = ") for line in long), long
    assert len(text.splitlines()) < 140
    doc = json.loads(piped("sweep", "kahn_ladder", "p=0:1", "--steps", "41", "--json"))
    assert max(len(r["outcomes"][0]) for r in doc["regimes"]) == 10      # the JSON keeps every outcome


@pytest.mark.slow
def test_the_tariff_ladder_sweep_is_readable():
    """The case of issue 12: a regime label was thousands of characters, a row several thousand."""
    text = piped("sweep", "tariff_ladder", "p=0:1", "--steps", "41")
    long = [line for line in text.splitlines() if cell_len(line) > READABLE_WIDTH]
    assert all(line.startswith("► p = ") for line in long), long
    assert all(len(lines) <= 2 for lines in legend_entries(text).values())
    # at p = 560/1653 itself a third equilibrium mixes between them (the solver's there)
    assert "F  3 equilibria: as in C; as in B; 22 outcomes:" in text


def test_outcomes_that_differ_in_a_count_merge_into_runs():
    """A pool's outcomes name how many members honour the pact: one label per range of counts."""
    text = piped("sweep", "export_control_pool", "N=0:10", "--steps", "11")
    assert "G  Target concedes (0–4 of 6 honour) / Target holds out (5–6 of 6 honour)" in text
    assert "≈0.672 Target concedes (0–4 of 5 honour), ≈0.328 Target holds out (5 of 5 honour)" in text


def test_float_sweeps_write_mixtures_as_decimals(kahn_sweep):
    rows = shown_rows(kahn_sweep)[:3]
    text = render(SweepView(kahn_sweep, dict(zip(rows, kahn_sweep.answers(rows, exact=False))), exact=False), 160)
    assert "0.57 Escalate to Show of force + 0.43 Back down" in text
    assert "/661728905248304877" not in text


# ---------------------------------------------------------------- hostile labels


def hostile_tree(tmp_path, branches: int = 6):
    """A chance move to ``branches`` decisions, each Fight or Yield, with odd outcome labels:
    wide characters, markup, a terminal escape, a zero-width space, a 300-character label."""
    odd = {2: "战争 (类型 甲, 战)", 3: "[bold]markup[/bold] (x)", 4: "esc \u001b[2J (y)", 5: "L" * 300 + " (z)",
           6: "war\u200b (zero width)"}
    share = f"1/{branches}"
    lines = ['schema = "deterrence/1"', 'title = "Many outcomes ✓"', 'kind = "tree"',
             'players = ["Ruler 👑", "Rebel"]', 'root = "nature"', "", "[parameters]",
             'p = { default = "1/2", type = "probability" }', "", "[nodes.nature]",
             "chance = { " + ", ".join(f't{k} = "{share}"' for k in range(1, branches + 1)) + " }",
             "actions = { " + ", ".join(f't{k} = "d{k}"' for k in range(1, branches + 1)) + " }"]
    for k in range(1, branches + 1):
        war = odd.get(k, f"war at the border (type {k}, season {k % 3})")
        lines += ["", f"[nodes.d{k}]", 'player = "Ruler 👑"', f'actions = {{ Fight = "war{k}", Yield = "peace{k}" }}',
                  "", f"[outcomes.war{k}]", f"label = {json.dumps(war, ensure_ascii=False)}",
                  f'payoffs = {{ "Ruler 👑" = "p - {k}/{branches + 1}", Rebel = 0 }}',
                  "", f"[outcomes.peace{k}]", f'label = "peace (type {k}, season {k % 3})"',
                  'payoffs = { "Ruler 👑" = 0, Rebel = 1 }']
    path = tmp_path / "many.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_game(str(path))


@pytest.mark.parametrize("width", [20, 44, 80, 4096])
def test_odd_labels_never_break_the_view(tmp_path, width):
    game = hostile_tree(tmp_path)
    sweep = sweep_one(game, Range.parse("p=0:1"), steps=3)
    text = render(view_of(sweep), width)
    assert "\x1b" not in text and "\u200b" not in text
    if width >= 80:
        assert "\\x1b" in text and "\\u200b" in text and "[bold]markup[/bold]" in text
    if width < 4096:
        assert max(cell_len(line) for line in text.splitlines()) <= width
    assert "L" * 200 not in text.replace("\n", "")                   # the long label is cut…
    assert "…" in text                                                # …and says so


def test_legends_of_odd_regimes(tmp_path):
    """An empty regime, an empty outcome label, a unicode one and a very long one."""
    game = hostile_tree(tmp_path)
    regimes = [Regime("tree", ()), Regime("tree", ((),)), Regime.of("tree", [("",)]),
               Regime.of("tree", [tuple(f"結果 {k} (型 {k % 2})" for k in range(40))]),
               Regime.of("tree", [("x" * 5000,)], degenerate=True)]
    for width in (10, 30, 100):
        text = render(Legend(regimes, game), width)
        assert max(cell_len(line) for line in text.splitlines()) <= width
    assert "no equilibrium" in text and "(nothing)" in text and "(boundary)" in text
    assert "40 outcomes: 結果 0 (型 0) / 結果 1 (型 1)" in text and "… and" in text


# ---------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Said:
    """A condition as the view reads it: its text."""

    text: str


def test_thresholds_of_a_ladder_list_the_typical_play_once():
    """Regimes of the tariff ladder at three values of p: headings of at most two lines, each
    equilibrium as its differences from the typical play, long conjunctions a line each."""
    game = load_game("tariff_ladder")
    regimes = []
    for p in (Fraction(1, 10), Fraction(1, 2), Fraction(9, 10)):
        result = solve(game.with_values({"p": p}))
        conditions = tuple(Said(f"p*(q - 1)*(D*q + V + c_rare) >= {k}/7 - {p}") for k in range(6))
        regimes.append(RegimeConditions(tree_regime(result), conditions, False, 3,
                                        result.equilibria[0].label(game)))
    report = ThresholdReport(game, "tree", None, tuple(regimes), (), (3, 3), 0, (), (), current=1)
    text = render(ThresholdsView(report), 120)
    assert max(cell_len(line) for line in text.splitlines()) <= 120
    assert "Typical play" in text and "   equilibrium: typical" in text
    headings = [line for line in text.splitlines() if line[:2] in ("A ", "B ", "C ")]
    assert len(headings) == 3 and "← at the values in force" in text
    assert sum(1 for line in text.splitlines() if line.lstrip().startswith("and p*(q - 1)")) == 15
    assert "outcomes:" in text and "more" in text


def test_small_thresholds_keep_their_lines():
    from deterrence.parametric.thresholds import derive_thresholds

    text = render(ThresholdsView(derive_thresholds(load_game("hawk_dove"), samples=10)), 100)
    assert "A (Hawk, Dove), (Dove, Hawk), mixed {Hawk, Dove} x {Hawk, Dove}   ← at the values in force" in text
    assert "   iff: V < C and C > 0 and V > 0" in text and "Typical play" not in text


# ---------------------------------------------------------------- the summaries themselves


def test_fit_says_how_many_it_left_out():
    assert fit([], 10) == "" and fit([""], 5) == ""
    assert fit(["alpha", "beta", "gamma"], 100) == "alpha, beta, gamma"
    assert fit(["alpha", "beta", "gamma", "delta"], 20) == "alpha … and 3 more"
    assert fit(["alpha", "beta", "gamma"], 17) == "alp… … and 2 more"
    assert fit(["很长的标签" * 4, "b"], 16).endswith("… and 1 more")
    assert cell_len(fit(["很长的标签" * 4, "b"], 16)) <= 16


def test_outcomes_group_by_their_parenthesis():
    items = [("China backs down at Tariffs (United States pragmatic, China pragmatic)", Fraction(1, 4)),
             ("China backs down at Tariffs (United States resolute, China pragmatic)", Fraction(1, 4)),
             ("control lost (United States resolute, China resolute)", Fraction(1, 3)),
             ("control lost (United States pragmatic, China resolute)", Fraction(1, 12)),
             ("control lost (United States pragmatic, China pragmatic)", Fraction(1, 12))]
    groups = group_outcomes(items)
    assert [g.weight for g in groups] == [Fraction(1, 2), Fraction(1, 2)]
    assert groups[0].text() == "China backs down at Tariffs (United States pragmatic/resolute, China pragmatic)"
    assert groups[1].text() == "control lost ×3"           # three of four combinations: not merged
    assert outcomes_summary(items, 200, probabilities=True) == (
        "1/2 China backs down at Tariffs (United States pragmatic/resolute, China pragmatic), 1/2 control lost ×3")
    assert outcomes_summary(items, 50, probabilities=True) == "1/2 China backs down at Tariffs ×2 … and 3 more"
    short = outcomes_summary(items, 40, probabilities=True)
    assert cell_len(short) <= 40 and short.endswith("… and 3 more")


@pytest.mark.parametrize("label, expected", [
    ("", ("", ())), ("(", ("(", ())), (")", (")", ())), ("a (b", ("a (b", ())), ("a b)", ("a b)", ())),
    ("a (b))", ("a (b))", ())), ("a ((b), c)", ("a", ("(b)", "c"))), ("a (b, (c, d))", ("a", ("b", "(c, d)"))),
    ("f(x)", ("f(x)", ())), ("战争 (类型 甲, 战)", ("战争", ("类型 甲", "战"))),
])
def test_split_qualifier_of_odd_labels(label, expected):
    assert split_qualifier(label) == expected


def test_merge_alternatives():
    assert merge_alternatives(["a"]) == "a"
    assert merge_alternatives(["0 of 5", "1 of 5", "2 of 5", "4 of 5"]) == "0–2/4 of 5"
    assert merge_alternatives(["x y", "x y z"]) == "x y/x y z"


def test_profiles_read_back_into_moves():
    moves = profile_moves("Challenger: Status quo; Defender: Retaliate [respond_resolute], "
                          "1/3 Retaliate + 2/3 Acquiesce [respond_irresolute]", ["Challenger", "Defender"])
    assert [m.text() for m in moves] == ["Challenger: Status quo", "respond_resolute: Retaliate",
                                         "respond_irresolute: 1/3 Retaliate + 2/3 Acquiesce"]
    assert profile_moves("", ["A"]) is None and profile_moves("no player here", ["A"]) is None
    assert profile_moves("A: x; B: y", []) is None
    odd = profile_moves("A; B: x [1], y [2]; A; B: z", ["A; B", "A"])
    assert [m.player for m in odd] == ["A; B", "A; B", "A; B"]
    typical = typical_moves([moves, moves, moves[:1] + [Move("Defender", "respond_resolute", "Acquiesce")]])
    assert typical[("Defender", "respond_resolute")].what == "Retaliate"
    assert play_summary(moves, "", typical, "typical", 80) == "typical"
    assert play_summary(None, "a; b; c", typical, "typical", 5) == "a +2 more"


labels = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(labels, st.one_of(st.none(), st.fractions(0, 1))), max_size=30),
       st.integers(1, 200))
def test_outcome_summaries_never_raise_and_fit(items, budget):
    text = outcomes_summary(items, budget, probabilities=True)
    if items and budget >= 24:
        assert cell_len(text) <= budget


@settings(max_examples=200, deadline=None)
@given(labels, st.lists(labels, max_size=4))
def test_reading_any_text_as_a_profile_never_raises(text, players):
    moves = profile_moves(text, players)
    if moves is not None:
        play_summary(moves, text, typical_moves([moves]), "typical", 40)
