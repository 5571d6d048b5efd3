"""The output of `sweep` at its edges: components as `solve` numbers them, --float with the
keys of the exact document, --compact, CSV booleans, and usage that cannot be honoured."""

import csv
import io
import json
import random
from fractions import Fraction

import pytest
from click.testing import CliRunner

from deterrence import load_game
from deterrence.cli import cli
from deterrence.parametric.output import write_json, write_table
from deterrence.parametric.ranges import Range
from deterrence.parametric.sweep import sweep_one
from deterrence.solver import solve

#: A 3x3 coordination game: two mixed equilibria whose order in the solver's list changes
#: at x = 2, inside one stretch of the sweep (no condition vanishes there).
COORDINATION = '''schema = "deterrence/1"
title = "Three standards"
kind = "normal"
players = ["Row", "Column"]

[parameters]
x = { default = 1, min = 0, description = "value of the middle standard" }

[strategies]
Row = ["a", "b", "c"]
Column = ["a", "b", "c"]

[payoffs]
a = [[1, 1], [0, 0], [0, 0]]
b = [[0, 0], ["x", "x"], [0, 0]]
c = [[0, 0], [0, 0], [2, 2]]
'''


def run(args):
    return CliRunner().invoke(cli, args, env={"NO_COLOR": "1"})


def seeded_range(name: str, lo: Fraction, hi: Fraction, seed: int) -> Range:
    """A range inside ``[lo, hi]`` with ends drawn from ``seed`` (sixteenths)."""
    rng = random.Random(seed)
    a, b = sorted(rng.sample(range(17), 2))
    return Range(name, lo + (hi - lo) * Fraction(a, 16), lo + (hi - lo) * Fraction(b, 16))


def solved(game, name: str, value) -> list[dict]:
    return solve(game.with_values({name: value})).to_json()["equilibria"]


def points_of(document: dict) -> list[list[dict]]:
    """Each grid point's equilibria from a columnar document; a block of columns lists them
    by support, so they are put in the solver's order by their components."""
    out = []
    for block in document["points"]["blocks"]:
        if not any("supports" in eq for eq in block["equilibria"]):
            out.append(block["equilibria"])          # a point solved alone: the solver's documents
            continue
        for k in range(block["stop"] - block["start"]):
            def at(value):
                if isinstance(value, dict):
                    return {key: at(v) for key, v in value.items()}
                return value[k] if isinstance(value, list) else value
            eqs = [{key: at(v) for key, v in eq.items() if key != "supports"} for eq in block["equilibria"]]
            out.append(sorted(eqs, key=lambda e: e["component"]))
    return out


MATRIX_GAMES = [("hawk_dove", "C", 0, 12), ("stag_hunt", "hare", 0, 5), ("prisoners_dilemma", "T", 0, 6),
                ("offense_defense", "o", 0, 1), ("security_dilemma_trust", "q", 0, 1),
                ("alliance_volunteers", "c", 0, 3)]
TREES = [("two_sided_uncertainty", "pc", 0, 1), ("derisking_spiral", "a", 0, 3),
         ("entry_deterrence", "p", 0, 1)]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("name, parameter, lo, hi", MATRIX_GAMES + TREES)
def test_each_point_has_the_equilibria_and_components_of_solve(name, parameter, lo, hi, seed):
    """Three isolated equilibria are three components: the sweep numbers them as `solve`
    does at every point (it wrote 0 for all), and lists every equilibrium (a game of three
    players lost its mixed ones where the stretch was solved point by point)."""
    game = load_game(name)
    rng = seeded_range(parameter, Fraction(lo), Fraction(hi), seed)
    s = sweep_one(game, rng, steps=9)
    document = s.to_json(points="full")
    for k, point in enumerate(document["points"]):
        assert point["equilibria"] == solved(game, parameter, s.value(k)), (rng.text, s.value(k))


#: Trees of perfect information: the solver folds them by backward induction, which gives
#: no Intuitive Criterion verdict, nor a reason (there are no beliefs for it to restrict).
PERFECT_INFORMATION = [("punishment_deterrence", "c", 0, 4), ("mad_first_strike", "s_A", 0, 1),
                       ("punishment_commitment", "V", 0, 2)]


@pytest.mark.parametrize("name, parameter, lo, hi", PERFECT_INFORMATION)
def test_each_point_of_a_perfect_information_tree_has_the_equilibria_of_solve(name, parameter, lo, hi):
    """Points filled from formulas gave an `intuitive_criterion_reason` ("applies to
    sender-receiver games; here nature does not move first") where `solve` at the same
    point gives null."""
    game = load_game(name)
    s = sweep_one(game, Range(parameter, Fraction(lo), Fraction(hi)), steps=5)
    document = s.to_json(points="full")
    for k, point in enumerate(document["points"]):
        assert point["equilibria"] == solved(game, parameter, s.value(k)), s.value(k)
        assert all(eq["intuitive_criterion_reason"] is None for eq in point["equilibria"])


@pytest.mark.parametrize("name, parameter, lo, hi", MATRIX_GAMES)
def test_columnar_points_have_the_components_of_solve(name, parameter, lo, hi):
    game = load_game(name)
    s = sweep_one(game, Range(parameter, Fraction(lo), Fraction(hi)), steps=9)
    for k, eqs in enumerate(points_of(s.to_json(points="columns"))):
        assert eqs == solved(game, parameter, s.value(k)), s.value(k)


def test_components_follow_the_solvers_order_inside_a_stretch(tmp_path):
    """Two mixed equilibria change places at x = 2 without any threshold: the component of
    each is a column that changes there, in both JSON forms."""
    path = tmp_path / "standards.toml"
    path.write_text(COORDINATION)
    game = load_game(str(path))
    s = sweep_one(game, Range.parse("x=1:4"), steps=13)
    full = s.to_json(points="full")
    columns = s.to_json(points="columns")
    assert any(isinstance(e["component"], list) for b in columns["points"]["blocks"]
               for e in b["equilibria"])
    for k, (point, eqs) in enumerate(zip(full["points"], points_of(columns))):
        want = solved(game, "x", s.value(k))
        assert point["equilibria"] == want and eqs == want, s.value(k)


def keys(doc, path="") -> set[str]:
    out = set()
    if isinstance(doc, dict):
        for key, value in doc.items():
            out |= {f"{path}/{key}"} | keys(value, f"{path}/{key}")
    elif isinstance(doc, list):
        for value in doc:
            out |= keys(value, f"{path}[]")
    return out


def floats_of(doc):
    """The exact document with every exact number ("1/3") as its float."""
    if isinstance(doc, dict):
        return {k: floats_of(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [floats_of(v) for v in doc]
    if isinstance(doc, str):
        try:
            return float(Fraction(doc))
        except ValueError:
            return doc
    return doc


@pytest.mark.parametrize("points", ["full", "columns"])
@pytest.mark.parametrize("name, spec", [("hawk_dove", "C=1:12"), ("punishment_credibility", "p=0:1"),
                                        ("two_sided_uncertainty", "pc=0:1")])
def test_float_document_has_the_keys_of_the_exact_one(name, spec, points):
    """--float wrote no component, and a tree's points as profiles instead of its equilibria."""
    s = sweep_one(load_game(name), Range.parse(spec), steps=11)
    exact, approx = s.to_json(points=points), s.to_json(as_float=True, points=points)
    assert keys(exact) == keys(approx)
    assert approx["exact"] is False
    for side in (exact, approx):
        side.pop("exact"), side.pop("changes")
    assert approx["points"] == floats_of(exact["points"])
    assert approx["intervals"] == floats_of(exact["intervals"])


def test_float_csv_is_the_exact_csv_in_floats():
    s = sweep_one(load_game("hawk_dove"), Range.parse("C=1:12"), steps=12)
    exact, approx = io.StringIO(), io.StringIO()
    write_table(s, exact)
    write_table(s, approx, as_float=True)
    rows = [list(csv.reader(io.StringIO(out.getvalue()))) for out in (exact, approx)]
    assert rows[0][0] == rows[1][0]
    for e, f in zip(rows[0][1:], rows[1][1:]):
        assert [float(Fraction(v)) if v and v[0].isdigit() else v for v in e] == \
            [float(v) if v and v[0].isdigit() else v for v in f]


def test_map_float_says_it_is_not_exact():
    out = run(["sweep", "hawk_dove", "V=0:4", "C=1:12", "--steps", "3", "--json", "--float"])
    document = json.loads(out.output)
    assert document["exact"] is False and document["x"] == [0.0, 2.0, 4.0]


@pytest.mark.parametrize("points", ["full", "columns"])
def test_compact_writes_one_line_when_piped(points):
    """--compact was ignored by a one-parameter sweep; the map and `solve` honour it."""
    args = ["sweep", "hawk_dove", "C=0:4", "--steps", "5", "--json", "--points", points]
    compact = run(args + ["--compact"]).output
    layout = run(args).output
    assert compact.count("\n") == 1 and json.loads(compact) == json.loads(layout)
    # piped without --compact: the streamed layout, a point (or a block) per line, as before
    assert layout.count("\n") > 10 and run(args + ["--pretty"]).output == layout
    mapped = run(["sweep", "hawk_dove", "V=0:4", "C=1:12", "--steps", "3", "--json", "--compact"]).output
    assert mapped.count("\n") == 1


def test_compact_stream_of_many_chunks_is_one_document():
    s = sweep_one(load_game("hawk_dove"), Range.parse("C=1:12"), steps=50)
    for points in ("full", "columns"):
        compact, layout = io.StringIO(), io.StringIO()
        write_json(s, compact, points=points, chunk=7, compact=True)
        write_json(s, layout, points=points, chunk=7)
        text = compact.getvalue()
        assert text.count("\n") == 1 and json.loads(text) == json.loads(layout.getvalue())


@pytest.mark.parametrize("form, separator", [("csv", ","), ("tsv", "\t")])
def test_csv_writes_true_and_false(form, separator):
    """The pool command writes true/false; a sweep wrote Python's True/False."""
    out = run(["sweep", "hawk_dove", "C=0:4", "--steps", "5", "--format", form])
    assert out.exit_code == 0
    rows = list(csv.reader(io.StringIO(out.output), delimiter=separator))
    assert {r[2] for r in rows[1:]} == {"true", "false"}
    assert "True" not in out.output and "False" not in out.output


def test_csv_writes_true_and_false_at_points_solved_alone():
    out = run(["sweep", "punishment_credibility", "p=0:1", "--steps", "4", "--format", "csv"])
    assert out.exit_code == 0 and "True" not in out.output and "False" not in out.output


@pytest.mark.parametrize("ranges", [["C=0:4"], ["V=0:4", "C=1:12"]])
def test_setting_a_swept_parameter_is_refused(ranges):
    """--set C=2 with C swept was silently ignored."""
    out = run(["sweep", "hawk_dove", *ranges, "--set", "C=2"])
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert "--set C=2" in out.output and "C=" in out.output and "hint:" in out.output


def test_setting_another_parameter_still_works():
    out = run(["sweep", "hawk_dove", "C=0:4", "--steps", "3", "--set", "V=3", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["parameters"]["V"] == "3"


@pytest.mark.parametrize("args", [
    ["punishment_credibility", "p=0:1", "--steps", "5", "--json"],
    ["punishment_credibility", "p=0:1", "--steps", "5", "--json", "--points", "full"],
    ["hawk_dove", "C=0:12", "--steps", "5", "--json", "--set", "V=3"],
    ["hawk_dove", "V=0:4", "C=1:12", "--steps", "3", "--json"],       # a regime map
    ["hawk_dove", "C=0:12", "--steps", "5", "--json", "--float"],
])
def test_parameters_hold_the_values_in_force_and_sweep_the_ranges(args):
    """`parameters` is the envelope every document starts with: each parameter's value in
    force (a swept one's too: a key scripts read is never removed), and `sweep` gives each
    swept parameter's range, which replaces that value."""
    doc = json.loads(run(["sweep", *args]).output)
    game = load_game(args[0])
    swept = {r["parameter"] for r in doc["sweep"]}
    ranges = [Range.parse(a) for a in args if "=" in a and ":" in a]
    assert swept == {r.name for r in ranges}
    assert set(doc["parameters"]) == set(game.parameters.names)
    for r, entry in zip(ranges, doc["sweep"]):
        assert (entry["parameter"], Fraction(str(entry["lo"])), Fraction(str(entry["hi"]))) \
            == (r.name, r.lo, r.hi)
    if "--set" in args:
        assert doc["parameters"]["V"] == "3"


@pytest.mark.parametrize("args", [
    ["C=0:4", "--points", "full"],                          # the table has no points option
    ["C=0:4", "--points", "columns", "--format", "csv"],
    ["V=0:4", "C=1:12", "--points", "columns", "--json"],   # a map is not columnar
    ["C=1:1e400"],                                          # was exit 70: OverflowError
    ["C=1:1e400", "--json", "--float"],
    ["V=0:4", "C=1:1e400", "--json"],
])
def test_usage_that_cannot_be_honoured_exits_2(args):
    out = run(["sweep", "hawk_dove", *args, "--steps", "3"])
    assert out.exit_code == 2, out.output
    lines = out.output.strip().splitlines()
    assert lines[0].startswith("error: ") and lines[1].lstrip().startswith("hint: ")
    assert len(lines[0]) < 200


def test_exact_output_of_a_huge_range_still_works():
    out = run(["sweep", "hawk_dove", "C=1:1e400", "--steps", "2", "--format", "csv"])
    assert out.exit_code == 0 and len(out.output.splitlines()) == 3


def test_points_full_of_a_map_is_its_only_document():
    out = run(["sweep", "hawk_dove", "V=0:4", "C=1:12", "--steps", "3", "--json", "--points", "full"])
    assert out.exit_code == 0 and json.loads(out.output)["schema"] == "deterrence.sweep/1"


def test_float_csv_streams_a_chunk_at_a_time(monkeypatch):
    """--float asks the back end for exact blocks of one chunk at most, as the exact CSV."""
    s = sweep_one(load_game("hawk_dove"), Range.parse("C=1:12"), steps=1000)
    spans = []
    blocks = type(s).blocks

    def spy(self, start=0, stop=None, exact=True, detail=False):
        spans.append((start, stop))
        return blocks(self, start, stop, exact, detail)

    monkeypatch.setattr(type(s), "blocks", spy)
    write_table(s, io.StringIO(), as_float=True, chunk=100)
    assert len(spans) == 10 and all(b - a <= 100 for a, b in spans)
