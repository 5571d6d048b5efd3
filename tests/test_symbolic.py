"""Equilibria as formulas: known textbook answers, checked against the exact solver."""

from fractions import Fraction

import pytest
import sympy

from deterrence import load_game
from deterrence.solver import solve
from deterrence.parametric.conditions import make_conditions
from deterrence.parametric.normal_symbolic import compile_solution
from deterrence.parametric.symbolic import solve_symbolic


def _mixed(solution):
    return [c for c in solution.candidates if not c.is_pure]


def test_hawk_dove_mixed_is_v_over_c():
    """Maynard Smith and Price (1973): escalate with probability q = V/C."""
    s = solve_symbolic(load_game("hawk_dove"))
    (mixed,) = _mixed(s)
    V, C = s.symbols
    assert sympy.simplify(mixed.strategies[0][0] - V / C) == 0
    assert sympy.simplify(mixed.strategies[1][0] - V / C) == 0
    assert sympy.simplify(mixed.payoffs[0] - V * (C - V) / (2 * C)) == 0
    assert [c.text for c in mixed.conditions] == ["C > 0", "V > 0", "V < C"]


@pytest.mark.parametrize("game, profile, condition", [
    pytest.param("hawk_dove", "(Hawk, Hawk)", "V >= C", id="maynard-smith-1973-hawk-dominant"),
    pytest.param("prisoners_dilemma", "(Open, Open)", "T <= R", id="jervis-1978-pd-to-stag-hunt"),
    pytest.param("prisoners_dilemma", "(Build bloc, Build bloc)", "P >= S", id="axelrod-1984-mutual-defection"),
    pytest.param("stag_hunt", "(Stag, Stag)", "stag >= hare", id="kydd-2005-assurance"),
])
def test_pure_equilibrium_conditions(game, profile, condition):
    s = solve_symbolic(load_game(game))
    (cand,) = [c for c in s.candidates if c.label(s.game) == profile]
    assert [c.text for c in cand.conditions] == [condition]


def test_stag_hunt_mixed_trust_threshold():
    """Kydd (2005): cooperate needs trust at least (hare - sucker)/(stag - sucker)."""
    s = solve_symbolic(load_game("stag_hunt"))
    (mixed,) = _mixed(s)
    stag, hare, sucker = s.symbols
    assert sympy.simplify(mixed.strategies[0][0] - (hare - sucker) / (stag - sucker)) == 0


@pytest.mark.parametrize("game, values", [
    pytest.param("hawk_dove", {"C": 6}, id="hawk-dove-chicken"),
    pytest.param("hawk_dove", {"C": 1}, id="hawk-dove-dominant"),
    pytest.param("prisoners_dilemma", {"T": 2}, id="pd-as-stag-hunt"),
    pytest.param("stag_hunt", {}, id="stag-hunt"),
    pytest.param("battle_of_the_sexes", {}, id="luce-raiffa-1957"),
    pytest.param("matching_pennies", {}, id="osborne-2004-ex-19.1"),
])
def test_formulas_at_a_point_equal_the_exact_solver(game, values):
    g = load_game(game, values)
    s = solve_symbolic(g)
    compiled = compile_solution(s)
    point = tuple(g.parameters.values()[n] for n in s.free)
    valid, degenerate = compiled.valid_exact(point)
    assert not degenerate
    found = set()
    for k, ok in enumerate(valid):
        if ok:
            strategies, _, _, _ = compiled.exact_candidate(k, point)
            found.add(tuple(Fraction(v) for v in strategies))
    expected = {tuple(p for sigma in eq.strategies for p in sigma) for eq in solve(g).equilibria}
    assert found == expected


def test_fixed_parameters_leave_numbers():
    s = solve_symbolic(load_game("hawk_dove"), free=["C"])
    (mixed,) = _mixed(s)
    assert str(mixed.strategies[0][0]) == "2/C"


def test_conditions_split_and_solve_for_a_parameter():
    p, c, V = sympy.symbols("p c V", positive=True)
    (cond,) = make_conditions((V - c - p * V) / V, True, "challenge pays", (p, c, V))
    assert cond.text == "p < 1 - c/V"
    assert cond.latex == "p < 1 - \\frac{c}{V}"


def test_json_has_text_and_latex():
    doc = solve_symbolic(load_game("hawk_dove")).to_json()
    assert doc["schema"] == "deterrence.symbolic/1"
    mixed = [c for c in doc["candidates"] if not c["pure"]][0]
    assert mixed["strategies"]["Row"]["Hawk"] == {"text": "V/C", "latex": "\\frac{V}{C}"}
    assert {"text", "latex", "strict", "reason"} <= set(mixed["conditions"][0])


def test_cli_symbolic(run_cli=None):
    from click.testing import CliRunner

    from deterrence.cli import cli

    out = CliRunner().invoke(cli, ["solve", "hawk_dove", "--symbolic"])
    assert out.exit_code == 0, out.output
    assert "Hawk = V/C" in out.output
    out = CliRunner().invoke(cli, ["solve", "hawk_dove", "--symbolic", "--json"])
    import json

    doc = json.loads(out.output)
    assert doc["schema"] == "deterrence.result/1" and doc["symbolic"]["free"] == ["V", "C"]


def test_tree_symbolic_payoffs_and_conditions():
    """Powell (1990): when the Challenger challenges, it expects (1 - p) V - p c,
    and it does so while p <= V/(V + c)."""
    from click.testing import CliRunner

    from deterrence.cli import cli

    out = CliRunner().invoke(cli, ["solve", "punishment_credibility", "--set", "p=1/10", "--symbolic", "--json"])
    assert out.exit_code == 0, out.output
    import json

    doc = json.loads(out.output)["symbolic"]
    from deterrence.model.expr import parse

    p, V, c = (sympy.Symbol(n, real=True) for n in ("p", "V", "c"))
    challenger = parse(doc["payoffs"]["Challenger"]["text"]).to_sympy()
    assert sympy.simplify(challenger - ((1 - p) * V - p * c)) == 0
    assert "p <= V/(V + c) (if V + c > 0)" in [c["text"] for c in doc["conditions"]]


def test_a_trees_formulas_have_their_own_schema_and_keep_the_old_one_where_written():
    """The tree's document (profile, payoffs, outcomes, conditions) is not the normal
    form's (candidates): its own id ``deterrence.tree-symbolic/1``; ``solve --symbolic --json``
    keeps writing it under the id its ``symbolic`` key has always carried."""
    import json

    from click.testing import CliRunner

    from deterrence.cli import cli

    alone = solve_symbolic(load_game("punishment_credibility")).to_json()
    assert alone["schema"] == "deterrence.tree-symbolic/1" and "candidates" not in alone
    out = CliRunner().invoke(cli, ["solve", "punishment_credibility", "--symbolic", "--json"])
    embedded = json.loads(out.output)["symbolic"]
    assert embedded == {**alone, "schema": "deterrence.symbolic/1"}
