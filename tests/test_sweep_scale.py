"""Parametric analysis at scale (issue 12): tree sweeps by regimes, output that scales,
exact change points that equal the thresholds, the same answer on Dask."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

from deterrence import load_game
from deterrence.cli import cli
from deterrence.model.tree import GameTree
from deterrence.parametric.output import write_json, write_table
from deterrence.parametric.ranges import Range
from deterrence.parametric.results import END_OF_RANGE
from deterrence.parametric.sweep import regime_map, sweep_one
from deterrence.solver import solve

# Tree sweeps and regime maps against solving every grid point: tests/test_sweep_grids.py.


@pytest.mark.slow
def test_tariff_ladder_sweep_is_a_regression_of_the_index_error():
    """``sweep tariff_ladder p=0:1`` used to fail with IndexError: at p = 0 a branch of
    probability 0 leaves the tree, and the answer there was labelled with the full tree."""
    out = CliRunner().invoke(cli, ["sweep", "tariff_ladder", "p=0:1", "--steps", "5"])
    assert out.exit_code == 0, out.output
    assert "Traceback" not in out.output and "Change points (exact)" in out.output


def test_a_pruned_end_is_answered_with_its_own_tree():
    """The IndexError of ``sweep tariff_ladder p=0:1``, small: at p = 0 the Kahn ladder loses
    the resolute Defender's branch (and its information sets); the answer there is labelled
    and written with that smaller tree, not the full one."""
    from deterrence.parametric.tree_walk import TreeSweepModel

    g = load_game("kahn_ladder")
    at = g.with_values({"p": Fraction(0)})
    assert at.n_infosets < g.n_infosets
    _, (answer,) = TreeSweepModel(g, ["p"]).regime_at((Fraction(0),))
    assert answer.label(g) == solve(at).equilibria[0].label(at)
    assert answer.to_json(g)["strategies"] == solve(at).equilibria[0].to_json(at)["strategies"]


@pytest.mark.parametrize("slug, rng", [
    pytest.param("punishment_credibility", "p=0:1", id="powell-1990-credibility"),
    pytest.param("brinkmanship", "q=0:1", id="schelling-1960-brinkmanship"),
    pytest.param("hawk_dove", "C=0:12", id="maynard-smith-1973"),
    pytest.param("drezner_conflict_expectations", "beta=0:1", id="drezner-1999"),
])
def test_change_points_are_exact_and_are_the_thresholds(slug, rng):
    """Every change point is an exact number, lies on a threshold formula of the game
    (evaluated at the values in force it gives that number), and that formula is among the
    thresholds ``deterrence thresholds`` derives."""
    import sympy

    from deterrence.parametric.thresholds import derive_thresholds

    g = load_game(slug)
    s = sweep_one(g, Range.parse(rng), steps=7)
    assert s.changes
    report = derive_thresholds(g, samples=20, check_sweeps=False)
    values = g.parameters.values()

    def plain(expr):
        return expr.subs({sym: sympy.Symbol(sym.name) for sym in expr.free_symbols})

    def on_a_threshold(formula) -> bool:
        x = sympy.Symbol(formula.lhs.name)
        for t in report.thresholds:
            gap = plain(t.equation.lhs - t.equation.rhs)
            if x in gap.free_symbols and any(sympy.simplify(root - plain(formula.rhs)) == 0
                                             for root in sympy.solve(gap, x)):
                return True
        return False

    for c in s.changes:
        if c.method == END_OF_RANGE:
            continue        # the regime of an end itself (a cost of 0: a tie) is no threshold
        assert isinstance(c.value, Fraction) or not c.value.is_Float
        (formula, *_) = c.formulas
        rhs = formula.rhs.subs({sym: sympy.Rational(values[sym.name].numerator, values[sym.name].denominator)
                                for sym in formula.rhs.free_symbols})
        assert sympy.nsimplify(rhs) == sympy.Rational(c.value.numerator, c.value.denominator)
        assert on_a_threshold(formula), (c.formula_text, [t.text for t in report.thresholds])


@pytest.mark.parametrize("slug, rng", [("hawk_dove", "C=0:12"), ("punishment_credibility", "p=0:1"),
                                        ("stag_hunt", "hare=-1:6")])
def test_columns_hold_what_the_full_points_hold(slug, rng):
    """``--points columns`` (deterrence.sweep/2): blocks cover the grid once, each field a
    value when constant on the block else a list, and expanded they are the full points."""
    s = sweep_one(load_game(slug), Range.parse(rng), steps=9)
    full = s.to_json(points="full")
    columns = s.to_json(points="columns")
    assert full["schema"] == "deterrence.sweep/1" and columns["schema"] == "deterrence.sweep/2"
    assert {k: v for k, v in full.items() if k not in ("schema", "points")} == \
        {k: v for k, v in columns.items() if k not in ("schema", "points")}
    blocks = columns["points"]["blocks"]
    assert columns["points"]["count"] == 9
    assert [b["start"] for b in blocks] == [0] + [b["stop"] for b in blocks[:-1]] and blocks[-1]["stop"] == 9
    for block in blocks:
        for k in range(block["stop"] - block["start"]):
            point = full["points"][block["start"] + k]
            assert point["value"] == block["value"][k] and point["regime"] == block["regime"]
            if isinstance(s.game, GameTree):
                continue

            def at(doc):
                return {key: at(v) if isinstance(v, dict) else (v[k] if isinstance(v, list) else v)
                        for key, v in doc.items() if key != "supports"}

            assert [at(e) for e in block["equilibria"]] == point["equilibria"]


def test_csv_is_one_row_per_point_and_streams():
    """10^5 points: a header and one row each, written a chunk at a time; the sweep itself
    keeps a few segments, never an array per point."""
    s = sweep_one(load_game("hawk_dove"), Range.parse("C=1:12"), steps=100_000)
    assert len(s.segments) <= 4
    out = io.StringIO()
    write_table(s, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert len(rows) == 100_001 and rows[0][:3] == ["C", "regime", "change"]
    assert rows[1][0] == "1" and rows[-1][0] == "12"
    assert sum(r[2] == "true" for r in rows[1:]) == len(s.change_rows())


def test_cli_formats():
    out = CliRunner().invoke(cli, ["sweep", "hawk_dove", "C=1:3", "--steps", "3", "--format", "tsv"])
    assert out.exit_code == 0 and out.output.splitlines()[1].split("\t")[:3] == ["1", "0", "false"]
    out = CliRunner().invoke(cli, ["sweep", "hawk_dove", "C=1:3", "--steps", "3", "--json", "--points", "columns"])
    assert json.loads(out.output)["schema"] == "deterrence.sweep/2"
    bad = CliRunner().invoke(cli, ["sweep", "hawk_dove", "V=0:1", "C=0:1", "--format", "csv"])
    assert bad.exit_code == 2 and "one-parameter" in bad.output
    bad = CliRunner().invoke(cli, ["sweep", "hawk_dove", "C=0:1", "--json", "--format", "csv"])
    assert bad.exit_code == 2


def test_matrix_sweeps_need_no_sympy_unless_a_formula_is_printed():
    import subprocess
    import sys

    code = ("import sys; from deterrence.cli import main\n"
            "sys.argv = ['deterrence', 'sweep', 'hawk_dove', 'C=0:12', '--steps', '1000', '--format', 'csv']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "assert 'sympy' not in sys.modules, 'sympy was imported'\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]


# ---------------------------------------------------------------- Dask


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as c:
        yield c


def test_a_dask_run_equals_the_local_run(client):
    """The chunks computed on the cluster are put together in order: the same bytes."""
    for slug, rng, steps in (("hawk_dove", "C=0:12", 2_000), ("punishment_credibility", "p=0:1", 300)):
        s = sweep_one(load_game(slug), Range.parse(rng), steps=steps)
        for points in ("full", "columns"):
            here, there = io.StringIO(), io.StringIO()
            write_json(s, here, points=points, chunk=97)
            write_json(s, there, points=points, chunk=97, client=client)
            assert here.getvalue() == there.getvalue()
        here, there = io.StringIO(), io.StringIO()
        write_table(s, here, chunk=97)
        write_table(s, there, chunk=97, client=client)
        assert here.getvalue() == there.getvalue()
    g = load_game("punishment_credibility")
    local = regime_map(g, Range.parse("p=0:1"), Range.parse("c=0:4"), steps=7)
    remote = regime_map(g, Range.parse("p=0:1"), Range.parse("c=0:4"), steps=7, client=client)
    assert local == remote


@pytest.mark.slow
def test_scheduler_local_on_the_command_line():
    """``--scheduler local`` starts a LocalCluster of processes: the same CSV."""
    pytest.importorskip("dask.distributed")
    args = ["sweep", "hawk_dove", "C=0:12", "--steps", "50", "--format", "csv"]
    here = CliRunner().invoke(cli, args)
    there = CliRunner().invoke(cli, args + ["--scheduler", "local"])
    assert there.exit_code == 0, there.output
    assert here.output == there.output


@pytest.mark.parametrize("slug", ["punishment_credibility", "kahn_ladder", "two_sided_uncertainty",
                                  "brinkmanship"])
def test_the_fraction_field_gives_the_sympy_fields_formulas(slug):
    """Rational functions kept in lowest terms (sympy's QQ(x, y, ...)) and sympy expressions
    cancelled after each step are two routes to the same pieces."""
    import sympy

    from deterrence.parametric.tree_pieces import FractionField, NoFormulas, SympyField, pieces_at
    from deterrence.solver import solve

    game = load_game(slug)
    result = solve(game)
    fast, careful = FractionField(game), SympyField(game)
    try:
        expected = pieces_at(game, game, result, careful)
    except NoFormulas:
        with pytest.raises(NoFormulas):
            pieces_at(game, game, result, fast)
        return
    got = pieces_at(game, game, result, fast)
    assert len(got) == len(expected)
    for a, b in zip(got, expected):
        assert len(a.conditions) == len(b.conditions)
        for ca, cb in zip(a.conditions, b.conditions):
            assert sympy.cancel(fast.to_sympy(ca.expr) - cb.expr) == 0, ca.reason
        for pa, pb in zip(a.payoffs, b.payoffs):
            assert sympy.cancel(fast.to_sympy(pa) - pb) == 0
