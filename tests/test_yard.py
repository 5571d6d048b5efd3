"""Small yard, high fence: the protected set, derived by hand and by brute force.

A coercer who cuts the weakest point makes the defender's value of fencing
a set S equal to -cost(S) - lam * max(damage left), the max over the goods,
each at its protected level if fenced (when that concession beats the
coercer's cost l of cutting). The solver's answer on the tree must be the
set that maximises this, at every budget.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction as F

import pytest
from click.testing import CliRunner

from deterrence.builders.yard.analysis import budget_steps, yard_choice, yard_frontier
from deterrence.builders.yard.spec import EXAMPLE
from deterrence.cli import cli
from deterrence.io import load_game, parse_game

YARD = "small_yard_high_fence"


@pytest.mark.parametrize("B, fenced, cut, payoff", [
    pytest.param(0, (), "Rare earths", F(-15), id="sullivan-no-budget-no-fence"),
    pytest.param(5, ("Rare earths",), "Graphite", F(-14), id="sullivan-budget-5-rare-earths-alone"),
    pytest.param(8, ("Rare earths",), "Graphite", F(-14), id="sullivan-budget-8-half-a-fence-is-worse"),
    pytest.param(12, ("Rare earths", "Graphite", "Gallium"), "Pharmaceutical ingredients", F(-13),
                 id="sullivan-budget-12-the-critical-three"),
    pytest.param(100, ("Rare earths", "Graphite", "Gallium"), "Pharmaceutical ingredients", F(-13),
                 id="sullivan-budget-100-the-yard-stays-small"),
])
def test_small_yard_high_fence_by_hand(B, fenced, cut, payoff):
    """-15 unfenced; rare earths alone -4 - 20/2 = -14; with graphite -7 - 18/2 = -16;
    the three critical goods -10 - 6/2 = -13; with the ingredients -12 - 5/2."""
    assert -4 - F(20, 2) == -14 and -7 - F(18, 2) == -16 and -10 - F(6, 2) == -13
    choice = yard_choice(load_game(YARD, {"B": F(B)}))
    assert (choice.protected, choice.cut, choice.concedes, choice.defender) == (fenced, cut, True, payoff)
    assert not choice.several


def test_the_protected_set_as_a_function_of_the_budget():
    steps = yard_frontier(load_game(YARD))
    assert [(s.budget, s.choice.protected) for s in steps] == [
        (0, ()), (4, ("Rare earths",)), (10, ("Rare earths", "Graphite", "Gallium"))]


def value(numbers, fenced, lam, l):
    left = [g[2] if i in fenced else g[0] for i, g in enumerate(numbers)]
    spent = sum((numbers[i][1] for i in fenced), F(0))
    worst = max(left)
    gain = lam * worst - l
    return -spent - (lam * worst if gain > 0 else 0)


def random_yard(rng: random.Random) -> str:
    n = rng.randint(1, 4)
    levels = rng.sample(range(1, 60), 2 * n)  # all damages distinct: no ties for the coercer
    goods = []
    for k in range(n):
        high, low = max(levels[2 * k], levels[2 * k + 1]), min(levels[2 * k], levels[2 * k + 1])
        goods.append(f'[[yard.goods]]\nname = "Good {k}"\ndamage = {high}\ncost = {rng.randint(0, 12)}\n'
                     f'protected = {low}\n')
    return (f'schema = "deterrence/1"\nkind = "yard"\ntitle = "random"\nplayers = ["D", "C"]\n'
            f'[parameters]\nB = {{ default = {rng.randint(0, 30)}, min = 0, description = "budget" }}\n'
            f'[yard]\ndefender = "D"\ncoercer = "C"\nbudget = "B"\nleverage = "1/2"\nrestriction_cost = "1/3"\n'
            + "\n".join(goods))


@pytest.mark.parametrize("seed", range(25))
def test_solver_picks_the_best_fence_by_brute_force(seed):
    rng = random.Random(seed)
    game = parse_game(random_yard(rng), "random.toml")
    from deterrence.builders.yard.file import spec_of

    numbers = spec_of(game).evaluate(game.parameters.environment())
    goods = numbers.goods
    sets = [frozenset(c) for k in range(len(goods) + 1) for c in itertools.combinations(range(len(goods)), k)
            if numbers.affordable(frozenset(c))]
    best = max(value(goods, s, F(1, 2), F(1, 3)) for s in sets)
    choice = yard_choice(game)
    assert choice.defender == best
    fenced = frozenset(int(name.split()[1]) for name in choice.protected)
    assert value(goods, fenced, F(1, 2), F(1, 3)) == best


def test_budget_steps_are_the_sums_of_costs():
    game = parse_game(EXAMPLE, "yard.toml")
    assert budget_steps(game) == [0, 2, 3, 4, 5, 6, 7, 9]


def test_set_rebuilds_the_tree_for_a_new_budget():
    result = CliRunner().invoke(cli, ["solve", YARD, "--set", "B=5", "--json"])
    assert result.exit_code == 0, result.output
    import json

    doc = json.loads(result.output)
    assert doc["equilibria"][0]["strategies"]["Japan"]["protect"]["Protect rare earths"] == "1"


@pytest.mark.parametrize("edit, message", [
    (("budget = \"B\"\n", ""), "yard.budget is missing"),
    (("leverage = \"1/2\"\n", "leverage = 2\n"), "must lie in [0, 1]"),
    (("protected = 3\n", "protected = 30\n"), "protection cannot raise the damage"),
    (("name = \"Graphite\"", "name = \"Rare earths\""), "two goods are both called"),
    (("[[yard.goods]]\nname = \"Solar panels\"", "[[yard.goods]]\nnom = 1\nname = \"Solar panels\""), "unknown field 'nom'"),
    (("defender = \"Target\"", "defender = \"Nobody\""), "yard.defender must name one of the players"),
    (("cost = 4\n", "cost = \"k\"\n"), "unknown parameter 'k'"),
])
def test_bad_yard_files_exit_1_with_a_clear_message(tmp_path, edit, message):
    path = tmp_path / "yard.toml"
    text = EXAMPLE.replace(*edit)
    assert text != EXAMPLE
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", str(path)])
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output


def test_too_many_goods_are_refused(tmp_path):
    goods = "".join(f'[[yard.goods]]\nname = "G{k}"\ndamage = {k + 1}\ncost = 1\n' for k in range(9))
    text = EXAMPLE.split("[[yard.goods]]")[0] + goods
    path = tmp_path / "yard.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", str(path)])
    assert result.exit_code == 1 and "at most 8 goods" in result.output
