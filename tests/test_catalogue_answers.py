"""The documented answer of each catalogue game, pinned.

Every file's description states its answer; here it is derived by hand (the
threshold as an exact fraction, in the docstring or the table) and checked
against the general solvers on both sides of each threshold. The ladders'
answers are in tests/test_ladder.py.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from deterrence.io import load_game
from deterrence.solver import solve

F = Fraction


def outcomes(name: str, **values) -> list[dict[str, Fraction]]:
    """The outcome distribution of every equilibrium the solver reports."""
    game = load_game(name, {k: F(v) for k, v in values.items()})
    return [dict(eq.outcomes) for eq in solve(game).equilibria]


def only_outcome(name: str, **values) -> str:
    """The single outcome every equilibrium reaches for sure."""
    found = {label for dist in outcomes(name, **values) for label, p in dist.items() if p}
    assert len(found) == 1, found
    return found.pop()


def choice(name: str, player: str, node: str, **values) -> list[dict[str, str]]:
    game = load_game(name, {k: F(v) for k, v in values.items()})
    return [eq.to_json(game)["strategies"][player][node] for eq in solve(game).equilibria]


# ------------------------------------------------------------------ punishment


def test_mad_first_strike_threshold_is_g_over_g_plus_d():
    """Striking pays s(-D) + (1 - s) G > 0 iff s < G/(G + D) = 10/110 = 1/11."""
    threshold = F(10, 10 + 100)
    assert threshold == F(1, 11)
    assert only_outcome("mad_first_strike") == "mutual deterrence holds"          # s = 9/10
    assert only_outcome("mad_first_strike", s=threshold + F(1, 100)) == "mutual deterrence holds"
    below = outcomes("mad_first_strike", s=threshold - F(1, 100))
    assert all(dist.get("disarming first strike") == 1 - (threshold - F(1, 100)) for dist in below)


def test_mad_without_a_credible_retaliation_first_strike_pays():
    """With H < c, B would not retaliate: A strikes whatever the survivability."""
    dist, = outcomes("mad_first_strike", H=5, s=1)
    assert dist == {"first strike unanswered": 1}


@pytest.mark.parametrize("q, complies", [
    pytest.param("7/10", True, id="dixit-skeath-ch14-q-above-3/5"),
    pytest.param("1/2", False, id="dixit-skeath-ch14-q-below-3/5"),
])
def test_brinkmanship_risk_must_reach_three_fifths(q, complies):
    """The Target complies iff -a >= (1 - q) b - q w, i.e. q >= (a + b)/(b + w) = 6/10."""
    assert (F(q) >= F(4 + 2, 2 + 8)) == complies
    expected = "the Target complies" if complies else "no threat: the Target keeps its gain"
    assert only_outcome("brinkmanship", q=q) == expected


# ------------------------------------------------------------------ denial


@pytest.mark.parametrize("delta, attacks", [
    pytest.param("1/2", True, id="snyder-1961-delta-1/2"),
    pytest.param("74/100", True, id="snyder-1961-just-below-3/4"),
    pytest.param("76/100", False, id="snyder-1961-just-above-3/4"),
])
def test_denial_deters_above_one_minus_c_over_pi_g(delta, attacks):
    """Attack iff pi (1 - delta) G > c: delta* = 1 - 2/(4/5 * 10) = 3/4."""
    assert 1 - F(2) / (F(4, 5) * 10) == F(3, 4)
    game = load_game("denial_capability", {"delta": F(delta)})
    eq, = solve(game).equilibria
    assert eq.to_json(game)["strategies"]["Attacker"]["decide"]["Attack"] == ("1" if attacks else "0")


def test_denial_investment_builds_the_cheapest_deterring_level():
    """No defence -16.4, partial -9.2 - 5 = -14.2, strong (deters) -8: strong."""
    game = load_game("denial_investment")
    eq, = solve(game).equilibria
    assert eq.payoffs == (F(-8), F(0))
    assert dict(eq.outcomes) == {"strong denial deters": 1}


@pytest.mark.parametrize("k, built", [
    pytest.param("20", "strong denial deters", id="below-41/2"),
    pytest.param("21", "no defence, the attack succeeds", id="above-41/2"),
])
def test_denial_investment_stops_paying_above_a_cost(k, built):
    """Strong denial beats no defence iff k * 4/5 < 4/5 * 20 + 1/5 * 2 = 82/5, k < 41/2."""
    assert F(82, 5) / F(4, 5) == F(41, 2)
    dist, = outcomes("denial_investment", k=k)
    assert dist.get(built, 0) > 0


# ------------------------------------------------------------------ two-sided uncertainty


def test_two_sided_uncertainty_has_a_deterrence_and_a_bluffing_equilibrium():
    """Zagare & Kilgour (2000), simplified. The mixed equilibrium: the soft
    Defender indifferent at mu = 3/5 (2 - 10 mu = -4), so the soft Challenger
    challenges with gamma: (1/2)/(1/2 + gamma/2) = 3/5, gamma = 2/3; the soft
    Challenger indifferent at resistance r = V/(V + a) = 2/3 = 1/3 + 2/3 rho,
    rho = 1/2. War: pc * r = 1/3; status quo (1 - pc)(1 - gamma) = 1/6."""
    game = load_game("two_sided_uncertainty")
    result = solve(game)
    assert result.concept == "perfect-bayesian"
    found = [eq.to_json(game)["strategies"] for eq in result.equilibria]
    mixed = [s for s in found if s["Challenger"]["Challenger (soft)"]["Challenge"] == "2/3"]
    assert len(mixed) == 1
    assert mixed[0]["Defender"]["Defender (soft)"]["Resist"] == "1/2"
    eq = next(eq for eq in result.equilibria
              if eq.to_json(game)["strategies"] == mixed[0])
    assert dict(eq.outcomes)["war"] == F(1, 3) and dict(eq.outcomes)["status quo"] == F(1, 6)
    deterrence = [eq for eq in result.equilibria if dict(eq.outcomes) == {"status quo": 1}]
    assert deterrence
    for eq in deterrence:          # the soft Defender resists often enough to deter a hard Challenger
        assert F(eq.to_json(game)["strategies"]["Defender"]["Defender (soft)"]["Resist"]) >= F(7, 10)


# ------------------------------------------------------------------ economic coercion


@pytest.mark.parametrize("beta, result", [
    pytest.param("0", "large concession", id="drezner-1999-allies"),
    pytest.param("1/2", "small concession", id="drezner-1999-beta-1/2"),
    pytest.param("4/5", "sanctions imposed (deadlock)", id="drezner-1999-adversaries"),
])
def test_drezner_concessions_shrink_with_conflict_expectations(beta, result):
    """Accept x iff x <= (c_t - beta c_s)/(1 + beta): the large demand 4 for
    beta <= 1/6, the small one 2 for beta <= 3/4; a deadlock pays the Sender
    iff beta c_t - c_s - k (1 - beta) > 0, beta > 3/5."""
    assert (5 - 2 * F(1, 6)) / (1 + F(1, 6)) == 4 and (5 - 2 * F(3, 4)) / (1 + F(3, 4)) == 2
    assert only_outcome("drezner_conflict_expectations", beta=beta) == result


def test_drezner_coercion_is_attempted_more_often_between_adversaries():
    """A Target that sanctions hurt little (c_t = 3) concedes only the small
    demand, worth 2 - 5/2 < 0 to an allied Sender; an adversary (beta = 1)
    sanctions anyway: 3 - 2 > 0."""
    assert only_outcome("drezner_conflict_expectations", beta=0, c_t=3) == "no coercion"
    assert only_outcome("drezner_conflict_expectations", beta=1, c_t=3) == "sanctions imposed (deadlock)"


@pytest.mark.parametrize("m, result", [
    pytest.param("9/10", "status quo", id="indispensable-photoresist-9/10"),
    pytest.param("3/10", "status quo", id="just-above-1/4"),
    pytest.param("1/5", "the Target concedes", id="just-below-1/4"),
])
def test_counter_restriction_deters_above_m_star(m, result):
    """The Coercer lifts iff m K + L > f: m > (8 - 3)/20 = 1/4."""
    assert F(8 - 3, 20) == F(1, 4)
    assert only_outcome("counter_restriction", m=m) == result


# ------------------------------------------------------------------ dilemma


def test_friendshoring_payoffs_follow_the_formula():
    game = load_game("friendshoring_dilemma")
    depth = {"Open": F(0), "Shallow pool": F(1, 2), "Deep bloc": F(1)}
    g, c, t, v = 10, 2, 3, 4

    def u(own, other):
        return g - c * (own + other) + t * own * (1 - other) - v * other * (1 - own)

    a, b = game.payoff_arrays()
    for i, x in enumerate(game.strategies[0]):
        for j, y in enumerate(game.strategies[1]):
            assert F(a[i][j]) == u(depth[x], depth[y])
            assert F(b[i][j]) == u(depth[y], depth[x])


@pytest.mark.parametrize("c, equilibria", [
    pytest.param("2", {("Deep bloc", "Deep bloc")}, id="prisoners-dilemma-c<min(t,v)"),
    pytest.param("13/4", {("Open", "Open"), ("Deep bloc", "Deep bloc")}, id="stag-hunt-t<c<v"),
    pytest.param("5", {("Open", "Open")}, id="harmony-c>max(t,v)"),
])
def test_friendshoring_regimes(c, equilibria):
    game = load_game("friendshoring_dilemma", {"c": F(c)})
    pure = set()
    for eq in solve(game).equilibria:
        if eq.is_pure:
            pure.add(tuple(game.strategies[p][eq.support(p)[0]] for p in (0, 1)))
    assert pure == equilibria


def test_friendshoring_deep_blocs_are_worse_for_both_than_open_trade():
    game = load_game("friendshoring_dilemma")
    eq, = solve(game).equilibria
    assert eq.payoffs == (F(6), F(6))            # g - 2c, below g = 10
