"""Sweeps: exact change points, regimes, bad ranges, JSON, plots."""

import json
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner

from deterrence import load_game
from deterrence.cli import cli
from deterrence.solver import solve
from deterrence.parametric.backends import regime_of_result
from deterrence.parametric.ranges import Range
from deterrence.parametric.results import END_OF_RANGE
from deterrence.parametric.sweep import regime_map, sweep_one


def test_hawk_dove_change_at_c_equals_v_exactly():
    """Hawk dominant for C < V; chicken (two pure + mixed) for C > V; the change at C = V."""
    g = load_game("hawk_dove")
    s = sweep_one(g, Range.parse("C=0:12"), steps=49)
    (change,) = s.changes
    assert change.value == 2 and change.text == "2"
    assert change.formula_texts() == ["C = V"]
    assert s.regimes[change.before].label(g) == "(Hawk, Hawk)"
    assert s.regimes[change.after].label(g) == \
        "(Hawk, Dove), (Dove, Hawk), mixed {Hawk, Dove} x {Hawk, Dove}"
    assert s.regimes[change.at].degenerate


def test_change_point_between_grid_points_is_still_exact():
    """V = 7/3 puts the threshold off the grid: it is found as 7/3, not as 'between 2 and 3'."""
    g = load_game("hawk_dove", {"V": Fraction(7, 3)})
    s = sweep_one(g, Range.parse("C=0:12"), steps=13)
    assert [c.text for c in s.changes] == ["7/3"]
    assert s.changed_rows().tolist().index(True) == 3


@pytest.mark.parametrize("step", [0, 8, 9, 20, 48])
def test_every_grid_point_agrees_with_the_exact_solver(step):
    g = load_game("hawk_dove")
    s = sweep_one(g, Range.parse("C=0:12"), steps=49)
    value = s.values[step]
    expected = solve(g.with_values({"C": value}))
    (got,) = s.answers([step])
    assert [e.strategies for e in got] == [e.strategies for e in expected.equilibria]
    assert [e.payoffs for e in got] == [e.payoffs for e in expected.equilibria]


def test_float_answers_match_exact():
    s = sweep_one(load_game("hawk_dove"), Range.parse("C=3:12"), steps=10)
    exact = s.answers(exact=True)
    floats = s.answers(exact=False)
    for a, b in zip(exact, floats):
        for e, f in zip(a, b):
            assert np.allclose([float(x) for x in e.payoffs], f.payoffs)


def test_irrational_change_point_is_a_formula():
    """A quadratic threshold: x^2 = 2 gives sqrt(2), reported exactly."""
    from deterrence.model import NormalFormGame, Parameter, Parameters

    g = NormalFormGame.bimatrix([["x^2", 0], [2, 1]], [[1, 0], [0, 1]], ["U", "D"], ["L", "R"])
    from dataclasses import replace

    g = replace(g, parameters=Parameters.of(Parameter("x", Fraction(1), Fraction(0))))
    s = sweep_one(g, Range.parse("x=0:3"), steps=7)
    assert [c.text for c in s.changes] == ["sqrt(2)"]
    assert abs(s.changes[0].approx - 2 ** 0.5) < 1e-12


@pytest.mark.parametrize("game, rng, expected", [
    pytest.param("prisoners_dilemma", "T=0:6", ["3"], id="jervis-1978-pd-becomes-stag-hunt-at-T=R"),
    pytest.param("stag_hunt", "hare=-1:6", ["0", "4"], id="kydd-2005-stag-hunt-thresholds"),
])
def test_known_thresholds(game, rng, expected):
    s = sweep_one(load_game(game), Range.parse(rng), steps=5)
    assert [c.text for c in s.changes] == expected
    assert all(c.formulas for c in s.changes)


def test_regime_map_hawk_dove():
    g = load_game("hawk_dove")
    m = regime_map(g, Range.parse("V=0:10"), Range.parse("C=0:12"), steps=21)
    labels = [r.label(g) for r in m.regimes]
    assert "(Hawk, Hawk)" in labels
    assert any(b.text == "V = C" for b in m.boundaries)
    assert m.checks[0] == m.checks[1]
    # spot-check cells against the exact solver
    xs, ys = m.x.grid(21), m.y.grid(21)
    for j, i in [(0, 20), (20, 1), (10, 10), (3, 17)]:
        r = regime_of_result(solve(g.with_values({"V": xs[i], "C": ys[j]})))
        assert m.regimes[m.grid[j, i]].members == r.members


@pytest.mark.parametrize("args, code, message", [
    pytest.param(["K=0:1"], 2, "no parameter 'K'", id="undeclared"),
    pytest.param(["C=-1:4"], 2, "below its minimum", id="below-bounds"),
    pytest.param(["C=4:1"], 2, "empty range", id="reversed"),
    pytest.param(["C=a:b"], 2, "two numbers", id="not-numbers"),
    pytest.param(["C"], 2, "NAME=LO:HI", id="no-range"),
    pytest.param(["V=0:1", "C=0:1", "V=0:2"], 2, "not more", id="three"),
    pytest.param(["C=0:1", "--plot", "x.gif"], 2, "picture format", id="plot-suffix"),
])
def test_bad_sweeps_exit_2(args, code, message):
    out = CliRunner().invoke(cli, ["sweep", "hawk_dove", *args])
    assert out.exit_code == code
    assert message in out.output
    assert "Traceback" not in out.output


def test_inconsistent_file_exits_1(tmp_path):
    text = (load_game.__module__ and open("games/hawk_dove.toml").read()).replace(
        'C = { default = 6, min = 0,', 'C = { default = 6, min = 8,')
    path = tmp_path / "bad.toml"
    path.write_text(text)
    out = CliRunner().invoke(cli, ["sweep", str(path), "V=0:1"])
    assert out.exit_code == 1, out.output


def test_cli_table_and_json():
    out = CliRunner().invoke(cli, ["sweep", "hawk_dove", "C=0:12", "--steps", "49"])
    assert out.exit_code == 0, out.output
    assert "► C = 2" in out.output and "(C = V)" in out.output
    out = CliRunner().invoke(cli, ["sweep", "hawk_dove", "C=0:12", "--steps", "5", "--json"])
    compact = json.loads(out.output)
    assert compact["schema"] == "deterrence.sweep/2" and compact["points"]["count"] == 5
    out = CliRunner().invoke(cli, ["sweep", "hawk_dove", "C=0:12", "--steps", "5", "--json",
                                   "--points", "full"])
    doc = json.loads(out.output)
    assert doc["schema"] == "deterrence.sweep/1"
    assert doc["changes"] == compact["changes"]
    assert doc["changes"][0]["value"] == "2"
    assert doc["changes"][0]["formulas"][0] == {"text": "C = V", "latex": "C = V"}
    assert [p["value"] for p in doc["points"]] == ["0", "3", "6", "9", "12"]
    assert doc["points"][1]["equilibria"][2]["strategies"]["Row"] == {"Hawk": "2/3", "Dove": "1/3"}


def test_cli_map_json():
    out = CliRunner().invoke(cli, ["sweep", "hawk_dove", "V=0:4", "C=0:4", "--steps", "5", "--json"])
    doc = json.loads(out.output)
    assert len(doc["map"]) == 5 and len(doc["map"][0]) == 5
    assert any(b["text"] == "V = C" for b in doc["boundaries"])


@pytest.mark.parametrize("args", [["C=0:12"], ["V=0:10", "C=0:12"]], ids=["sweep", "map"])
def test_plots_are_written(tmp_path, args):
    pytest.importorskip("matplotlib")
    target = tmp_path / "plot.png"
    out = CliRunner().invoke(cli, ["sweep", "hawk_dove", *args, "--steps", "9", "--plot", str(target)])
    assert out.exit_code == 0, out.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_credibility_threshold_of_the_resolute_defender():
    """Powell (1990), ch. 3: the Challenger is deterred exactly when p > V/(V + c);
    the sweep's change point equals the formula at the values in force (V=1, c=2). At
    p = 0 itself the Defender is surely irresolute: war is off the table there, a change
    at the end of the range, not a threshold."""
    g = load_game("punishment_credibility")
    s = sweep_one(g, Range.parse("p=0:1"), steps=5)
    (end, change) = s.changes
    assert (end.value, end.method, s.regimes[end.at].label(g)) == (0, END_OF_RANGE, "Defender concedes")
    assert change.value == Fraction(1, 3)
    assert change.formula_texts() == ["p = V/(V + c)"]
    assert s.regimes[change.before].label(g) == "Defender concedes / war"
    assert s.regimes[change.after].label(g) == "status quo"
    moved = sweep_one(g.with_values({"V": 3, "c": 1, "d": 4}), Range.parse("p=0:1"), steps=3)
    assert [c.text for c in moved.changes] == ["0", "3/4"]


@pytest.mark.parametrize("game, rng, value, formula", [
    pytest.param("punishment_deterrence", "d=0:3", "1", "d = V", id="selten-1978-retaliation-credible-iff-d<V"),
    pytest.param("punishment_commitment", "a=0:4", "1", "a = -V + d", id="schelling-1960-commitment-cost"),
])
def test_perfect_information_tree_sweeps(game, rng, value, formula):
    """Vectorised backward induction over the grid; change points from the comparison
    at the node whose choice flips; every grid point agrees with the exact solver."""
    g = load_game(game)
    s = sweep_one(g, Range.parse(rng), steps=13)
    (change,) = [c for c in s.changes if c.method != END_OF_RANGE]  # a = 0: a tie, at the end
    assert change.text == value and change.formula_texts() == [formula]
    for k, v in enumerate(s.values):
        expected = regime_of_result(solve(g.with_values({s.range.name: v})))
        assert s.regimes[s.point_regimes[k]] == expected
    exact = s.answers(exact=True)
    floats = s.answers(exact=False)
    for a, b in zip(exact, floats):
        assert np.allclose([float(x) for x in a[0].payoffs], [float(x) for x in b[0].payoffs])


def test_tree_sweep_cli_and_plot(tmp_path):
    target = tmp_path / "tree.svg"
    out = CliRunner().invoke(cli, ["sweep", "punishment_credibility", "p=0:1", "--steps", "4",
                                   "--plot", str(target)])
    assert out.exit_code == 0, out.output
    assert "p = V/(V + c)" in out.output and "[respond_resolute]" in out.output
    assert target.read_text().lstrip().startswith("<?xml")


def test_tree_regime_map_credibility():
    """The map over (p, c) is split by p = V/(V + c), with V = 1: p = 1/(c + 1)."""
    g = load_game("punishment_credibility")
    m = regime_map(g, Range.parse("p=0:1"), Range.parse("c=0:4"), steps=9)
    assert "p = 1/(c + 1)" in {b.text for b in m.boundaries}
    assert m.checks[0] == m.checks[1] > 0
    xs, ys = m.x.grid(9), m.y.grid(9)
    for j, i in [(0, 8), (8, 1), (4, 4), (2, 6)]:
        expected = regime_of_result(solve(g.with_values({"p": xs[i], "c": ys[j]})))
        assert m.regimes[m.grid[j, i]].members == expected.members


def test_min_max_payoffs_located_by_exact_bisection():
    """max() is piecewise linear: the change at x = 4 is found by exact bisection on rationals."""
    from dataclasses import replace

    from deterrence.model import NormalFormGame, Parameter, Parameters

    g = NormalFormGame.bimatrix([["max(x, 3) - 4", 0], [0, 1]], [[1, 0], [0, 1]], ["U", "D"], ["L", "R"])
    g = replace(g, parameters=Parameters.of(Parameter("x", Fraction(1), Fraction(0), Fraction(10))))
    s = sweep_one(g, Range.parse("x=0:10"), steps=7)
    (change,) = s.changes
    assert change.text == "4" and change.method == "exact bisection"
    assert s.regimes[change.before].label(g) == "(D, R)"


def test_sweeps_compare_without_raising_and_show_themselves():
    """Two sweeps of the same game compare by what they found (arrays included);
    a sweep, a map and a threshold report render through the display registry."""
    from rich.console import Console

    from deterrence.parametric.thresholds import derive_thresholds

    g = load_game("hawk_dove")
    a = sweep_one(g, Range.parse("C=0:12"), steps=7)
    b = sweep_one(g, Range.parse("C=0:12"), steps=7)
    c = sweep_one(g, Range.parse("C=0:12"), steps=9)
    assert a == b and a != c and hash(a) == hash(b)
    m = regime_map(g, Range.parse("V=0:4"), Range.parse("C=0:4"), steps=5)
    assert m == regime_map(g, Range.parse("V=0:4"), Range.parse("C=0:4"), steps=5)
    report = derive_thresholds(g, samples=10)
    console = Console(width=100, record=True, color_system=None)
    for shown in (a, m, report):
        assert len(repr(shown)) <= 200
        console.print(shown)
    text = console.export_text()
    assert "► C = 2" in text and "Boundaries (exact)" in text and "Thresholds" in text


def test_the_back_ends_are_behind_one_protocol_and_one_dispatch():
    from deterrence.parametric.backend import Backend
    from deterrence.parametric.backends import backend_for

    for name in ("hawk_dove", "punishment_credibility"):
        assert isinstance(backend_for(load_game(name)), Backend)


@pytest.mark.parametrize("name, x, y", [
    pytest.param("hawk_dove", "C=0:12", "V=0:4", id="hawk-dove-cost-first"),
    pytest.param("hawk_dove", "V=0:4", "C=0:12", id="hawk-dove-value-first"),
    pytest.param("prisoners_dilemma", "R=0:6", "T=0:6", id="pd-reward-first"),
    pytest.param("prisoners_dilemma", "T=0:6", "R=0:6", id="pd-temptation-first"),
])
def test_regime_map_cells_are_the_exact_solvers_whatever_the_axis_order(name, x, y):
    # a map of C x V is the transpose of V x C: the axes need not follow the file's order
    g = load_game(name)
    m = regime_map(g, Range.parse(x), Range.parse(y), steps=5)
    xs, ys = m.x.grid(5), m.y.grid(5)
    for j in range(5):
        for i in range(5):
            r = regime_of_result(solve(g.with_values({m.x.name: xs[i], m.y.name: ys[j]})))
            assert m.regimes[m.grid[j, i]].members == r.members, (xs[i], ys[j])
    assert m.checks[0] == m.checks[1]
    swapped = regime_map(g, Range.parse(y), Range.parse(x), steps=5)
    assert [[swapped.regimes[swapped.grid[i, j]].members for j in range(5)] for i in range(5)] == \
        [[m.regimes[m.grid[j, i]].members for j in range(5)] for i in range(5)]
