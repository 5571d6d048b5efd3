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


@pytest.mark.parametrize("s_A, s_B, result", [
    pytest.param("9/10", "9/10", {"mutual deterrence holds": F(1)}, id="wohlstetter-1959-both-survive"),
    pytest.param("9/10", F(1, 11) + F(1, 100), {"mutual deterrence holds": F(1)}, id="wohlstetter-1959-s_B-just-above-1/11"),
    pytest.param("9/10", F(1, 11) - F(1, 100),
                 {"A's disarming first strike": 1 - (F(1, 11) - F(1, 100)),
                  "A strikes, B retaliates: mutual destruction": F(1, 11) - F(1, 100)},
                 id="wohlstetter-1959-s_B-just-below-1/11"),
    pytest.param("1/20", "9/10", {"A strikes, B retaliates: mutual destruction": F(9, 10),
                                  "A's disarming first strike": F(1, 10)},
                 id="schelling-1960-ch9-reciprocal-fear"),
])
def test_mad_first_strike_needs_both_second_strikes_to_survive(s_A, s_B, result):
    """A strike pays s(-D) + (1 - s) G > 0 iff s < G/(G + D) = 10/110 = 1/11,
    for either side. If A's forces are vulnerable (s_A = 1/20 < 1/11), B would
    strike were A to wait; A's waiting is worth 1/20 (-110) + 19/20 (-150) = -148,
    its own strike into B's retaliation 9/10 (-100) + 1/10 (10) = -89: A strikes."""
    assert F(10, 10 + 100) == F(1, 11)
    assert F(1, 20) * -110 + F(19, 20) * -150 == -148 and F(9, 10) * -100 + F(1, 10) * 10 == -89
    dist, = outcomes("mad_first_strike", s_A=s_A, s_B=s_B)
    assert {k: v for k, v in dist.items() if v} == result


def test_mad_without_a_credible_retaliation_first_strike_pays():
    """With H < c, B would not retaliate: A strikes whatever the survivability."""
    dist, = outcomes("mad_first_strike", H=5, s_B=1)
    assert dist == {"A strikes first, unanswered": 1}


@pytest.mark.parametrize("q, threatens", [
    pytest.param("1/2", False, id="dixit-skeath-ch14-q-below-3/5"),
    pytest.param("31/50", True, id="dixit-skeath-ch14-q-just-above-the-lower-bound"),
    pytest.param("7/10", True, id="dixit-skeath-ch14-q-in-the-window"),
    pytest.param("4/5", False, id="dixit-skeath-ch14-q-above-3/4"),
])
def test_brinkmanship_risk_must_lie_between_three_fifths_and_three_quarters(q, threatens):
    """A soft Target complies iff -a >= (1 - q) b - q w: q >= (a + b)/(b + w) = 6/10.
    The hard-liner (p = 1/3) defies; threatening beats -k iff
    (1 - p)(g + k) >= p q (W - k): q <= (2/3 * 3)/(1/3 * 8) = 3/4."""
    assert F(4 + 2, 2 + 8) == F(3, 5) and (F(2, 3) * 3) / (F(1, 3) * 8) == F(3, 4)
    dist, = outcomes("brinkmanship", q=q)
    if threatens:
        q = F(q)
        assert dist == {"the Target complies": F(2, 3), "disaster": q / 3,
                        "the Compeller backs down": (1 - q) / 3}
    else:
        assert dist == {"no threat: the Target keeps its gain": 1}


@pytest.mark.parametrize("W, threatens", [
    pytest.param(11, True, id="dixit-skeath-ch14-W-11-upper-bound-2/3"),
    pytest.param(13, False, id="dixit-skeath-ch14-W-13-window-closed"),
])
def test_brinkmanship_window_closes_as_disaster_grows_worse(W, threatens):
    """The upper bound (1 - p)(g + k)/(p (W - k)) = 6/(W - 2): 2/3 at W = 11,
    6/11 < 3/5 at W = 13; at q = 13/20 the Compeller threatens only while 13/20 <= 6/(W - 2)."""
    assert F(6, 11 - 2) == F(2, 3) > F(13, 20) > F(3, 5) > F(6, 13 - 2)
    dist, = outcomes("brinkmanship", q="13/20", W=W)
    assert (dist.get("the Target complies", 0) == F(2, 3)) == threatens


def test_brinkmanship_without_hard_liners_has_no_upper_bound():
    """p = 0: the soft Target complies at any q >= 3/5, and even a certain disaster is accepted."""
    assert only_outcome("brinkmanship", p=0, q=1, W=1000) == "the Target complies"


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


def _tsu(eq, game):
    st = eq.to_json(game)["strategies"]
    return (st["Challenger"]["Challenger (hard)"]["Challenge"], st["Challenger"]["Challenger (soft)"]["Challenge"],
            st["Defender"]["Defender (hard)"]["Resist"], st["Defender"]["Defender (soft)"]["Resist"])


def test_two_sided_uncertainty_has_an_attack_and_a_deterrence_equilibrium():
    """Zagare & Kilgour (2000), ch. 5, simplified, with their outcome order
    (Defender: SQ 0 > CD -e = -1 > DC -V = -4). The soft Defender resists iff
    -8 mu - (1 - mu) > -4, mu < 3/7. If both Challengers challenge, mu = 1/2:
    it concedes, and both gain (hard (7 - 10 rho)/3 = 7/3, soft 2 - 4 rho = 2,
    rho = 0): DC (1 - pd) = 2/3, CD = war = pd/2 = 1/6. Deterrence needs
    rho >= 7/10, a best reply only for an off-path belief mu <= 3/7."""
    game = load_game("two_sided_uncertainty")
    result = solve(game)
    assert result.concept == "perfect-bayesian"
    found = {_tsu(eq, game): dict(eq.outcomes) for eq in result.equilibria}
    assert found[("1", "1", "1", "0")] == {"the Defender concedes": F(2, 3),
                                           "the Challenger backs down": F(1, 6), "war": F(1, 6)}
    deterrence = [k for k, dist in found.items() if dist == {"status quo": 1}]
    assert deterrence and all(F(k[3]) >= F(7, 10) for k in deterrence)
    assert all(k[:2] in (("1", "1"), ("0", "0")) for k in found), "no mixing at the defaults"


def test_two_sided_uncertainty_soft_challenger_bluffs_when_hard_ones_are_rare():
    """pc = 1/4 < 3/7: the soft Challenger challenges with gamma,
    (1/4)/(1/4 + 3/4 gamma) = 3/7, gamma = 4/9; the soft Defender resists with
    rho = 1/2 (2 - 4 rho = 0). Status quo 3/4 * 5/9 = 5/12, war 1/4 * 2/3 = 1/6."""
    game = load_game("two_sided_uncertainty", {"pc": F(1, 4)})
    bluff = [eq for eq in solve(game).equilibria if _tsu(eq, game) == ("1", "4/9", "1", "1/2")]
    assert len(bluff) == 1
    dist = dict(bluff[0].outcomes)
    assert dist["status quo"] == F(5, 12) and dist["war"] == F(1, 6)
    assert dist["the Challenger backs down"] == F(2, 9) and dist["the Defender concedes"] == F(7, 36)


def test_two_sided_uncertainty_ranks_outcomes_as_zagare_and_kilgour():
    """Challenger DC > SQ > CD; Defender SQ > CD > DC; hard types prefer DD to
    backing down or conceding, soft ones do not."""
    game = load_game("two_sided_uncertainty")
    v = game.parameters.values()
    challenger = {"DC": v["V"], "SQ": 0, "CD": -v["a"]}
    defender = {"SQ": 0, "CD": -v["e"], "DC": -v["V"]}
    assert challenger["DC"] > challenger["SQ"] > challenger["CD"]
    assert defender["SQ"] > defender["CD"] > defender["DC"]
    assert -v["fh"] > -v["a"] > -v["fs"] and -v["dh"] > -v["V"] > -v["ds"]


# ------------------------------------------------------------------ economic coercion


@pytest.mark.parametrize("beta, result", [
    pytest.param("0", "no coercion", id="drezner-1999-ch2-allies-threat-incredible"),
    pytest.param("1/20", "no coercion", id="drezner-1999-ch2-below-1/12"),
    pytest.param("1/10", "large concession", id="drezner-1999-ch2-friends-concede-most"),
    pytest.param("1/3", "large concession", id="drezner-1999-ch2-below-2/5"),
    pytest.param("1/2", "small concession", id="drezner-1999-ch2-beta-1/2"),
    pytest.param("4/5", "sanctions imposed (deadlock)", id="drezner-1999-ch2-adversaries"),
    pytest.param("1", "sanctions imposed (deadlock)", id="drezner-1999-ch2-enemies"),
])
def test_drezner_the_sanctions_paradox(beta, result):
    """With the Sender's last move (impose or back down): it sanctions a
    rejection iff beta c_t - c_s > -a, beta > (1 - 1/2)/6 = 1/12. Facing a
    credible threat the Target accepts x iff x (1 + beta) <= 6 - beta: the
    large demand 4 iff beta <= 2/5, the small one always; the deadlock
    6 beta - 1 beats the small concession 2 (1 + beta) iff beta > 3/4."""
    assert (F(1) - F(1, 2)) / 6 == F(1, 12)
    assert 4 * (1 + F(2, 5)) == 6 - F(2, 5) and 6 * F(3, 4) - 1 == 2 * (1 + F(3, 4))
    assert only_outcome("drezner_conflict_expectations", beta=beta) == result


def test_drezner_an_ally_is_not_coerced_because_the_threat_is_incredible():
    """At beta = 0 a rejected Sender would back down (-a = -1/2 > -c_s = -1), so the
    Target would reject, and the Sender makes no demand."""
    game = load_game("drezner_conflict_expectations", {"beta": F(0)})
    eq, = solve(game).equilibria
    strategies = eq.to_json(game)["strategies"]
    assert strategies["Sender"]["sanction_large"]["Back down"] == "1"
    assert strategies["Target"]["answer_large"]["Reject"] == "1"
    assert strategies["Sender"]["demand"]["No demand"] == "1"


@pytest.mark.parametrize("beta, result", [
    pytest.param("1/10", "no coercion", id="drezner-1999-ch2-symmetric-costs-friends-left-alone"),
    pytest.param("2/5", "no coercion", id="drezner-1999-ch2-symmetric-costs-below-5/12"),
    pytest.param("1/2", "small concession", id="drezner-1999-ch2-symmetric-costs-above-5/12"),
])
def test_drezner_the_paradox_disappears_when_sanctions_hurt_both_alike(beta, result):
    """c_s = 3: credible only for beta > (3 - 1/2)/6 = 5/12, while the large demand
    is accepted only for beta <= (6 - 4)/(4 + 3) = 2/7: nobody concedes it."""
    assert (3 - F(1, 2)) / 6 == F(5, 12) and F(6 - 4, 4 + 3) == F(2, 7)
    assert only_outcome("drezner_conflict_expectations", beta=beta, c_s=3) == result


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


# ------------------------------------------------------------------ rare earths and pools


def pool_point(name: str, **values):
    from deterrence.builders.pool.analysis import evaluate_point

    return evaluate_point(load_game(name, {k: F(v) for k, v in values.items()}))


@pytest.mark.parametrize("sigma, pays", [
    pytest.param("9/10", True, id="suzuki-2025-dependence-90%-in-2010"),
    pytest.param("3/5", True, id="suzuki-2025-dependence-60%-alone-not-enough"),
    pytest.param(F(19, 50) + F(1, 1000), True, id="just-above-19/50"),
    pytest.param(F(19, 50) - F(1, 1000), False, id="just-below-19/50"),
])
def test_rare_earths_2010_dependence_at_which_coercion_stops_paying(sigma, pays):
    """No pool, stockpile 1, price up tenfold from 1/4: holding out costs Japan
    9/4 (100 sigma/6 - 1), more than the concession 12 iff sigma > 19/50."""
    assert F(9, 4) * (100 * F(19, 50) / 6 - 1) == 12
    assert F(9, 4) * (100 * F(3, 5) / 6 - 1) == F(81, 4)
    point = pool_point("rare_earths_2010", sigma=sigma)
    assert point.pays == pays and point.restrict == (12 if pays else -3)


@pytest.mark.parametrize("spike, pays", [
    pytest.param(10, True, id="weforum-2023-tenfold-price-rise"),
    pytest.param(F(31, 7) + F(1, 100), True, id="just-above-31/7"),
    pytest.param(F(31, 7) - F(1, 100), False, id="just-below-31/7"),
])
def test_rare_earths_2010_price_spike_at_which_coercion_stops_paying(spike, pays):
    """14 units short at (spike - 1)/4 each: above 12 iff spike > 1 + 48/14 = 31/7."""
    assert 1 + F(48, 14) == F(31, 7)
    assert pool_point("rare_earths_2010", spike=spike).pays == pays


@pytest.mark.parametrize("values, restrict", [
    pytest.param({}, F(-321, 100), id="denial-and-punishment-deter"),
    pytest.param({"q": 0}, F(57, 25), id="denial-alone-does-not-deter"),
    pytest.param({"N": 0}, F(12), id="punishment-alone-does-not-deter"),
])
def test_rare_earths_today_denial_and_punishment_deter_together(values, restrict):
    """Hand derivation in the file's description: with k of 3 partners
    delivering (probabilities 8, 36, 54, 27 over 125) holding out costs Japan
    1/4 * 1 + 3/4 * 9/4 (8 - 2k) = 55/4, 83/8, 7, 29/8; it concedes only when
    nobody delivers. China lifts when countered, so a hold-out costs it
    1/4 * 8 + 3/4 * 3 = 17/4: 8/125 * 12 - 117/125 * 17/4 = -321/100. With
    q = 0 Japan also concedes at k = 1 (27/2 > 12): 44/125 * 12 - 81/125 * 3 = 57/25."""
    assert F(8, 125) * 12 - F(117, 125) * F(17, 4) == F(-321, 100)
    assert F(44, 125) * 12 - F(81, 125) * 3 == F(57, 25)
    point = pool_point("rare_earths_today", **values)
    assert point.restrict == restrict and point.pays == (restrict > 0)


@pytest.mark.parametrize("sigma, pays", [
    pytest.param(F(148, 225) - F(1, 1000), False, id="just-below-148/225"),
    pytest.param(F(148, 225) + F(1, 1000), True, id="just-above-148/225"),
])
def test_rare_earths_today_dependence_at_which_coercion_pays_again(sigma, pays):
    """Japan concedes when one partner delivers iff 1/4 + 27/16 (100 sigma/6 - 4) > 12,
    sigma > 148/225; then China expects 44/125 * 12 - 81/125 * 17/4 > 0."""
    assert F(1, 4) + F(27, 16) * (100 * F(148, 225) / 6 - 4) == 12
    assert F(44, 125) * 12 - F(81, 125) * F(17, 4) > 0
    assert pool_point("rare_earths_today", sigma=sigma).pays == pays


def test_rare_earths_today_china_lifts_exactly_when_countered():
    """Persisting costs L + X = 18 against a counter-restriction, L = 3 without;
    lifting costs f = 8."""
    game = load_game("rare_earths_today")
    eq, = solve(game).equilibria
    strategies = eq.to_json(game)["strategies"]["China"]
    for node, choice in strategies.items():
        if node.endswith("_countered"):
            assert choice["Lift"] == "1", node
        elif node.endswith("_uncountered"):
            assert choice["Persist"] == "1", node


@pytest.mark.parametrize("name, n, restrict", [
    pytest.param("export_control_supply_pool", 5, F(12), id="supply-pool-N5-expected-damage-14"),
    pytest.param("export_control_supply_pool", 6, F(-4), id="supply-pool-N6-expected-damage-54/5"),
    pytest.param("export_control_pool", 5, F(21116, 3125), id="information-pool-N5"),
    pytest.param("export_control_pool", 6, F(4732, 3125), id="information-pool-N6"),
])
def test_information_and_supply_pools(name, n, restrict):
    """Supply pool: the target compares 12 with 2 (15 - 2 N 4/5): 14 at N = 5
    (concede), 54/5 at N = 6 (hold out). Information pool: it concedes iff at
    most 4 members deliver: 16 P(Bin(N, 4/5) <= 4) - 4."""
    from math import comb

    at_most_4 = sum(comb(n, j) * F(4, 5) ** j * F(1, 5) ** (n - j) for j in range(min(n, 4) + 1))
    if name == "export_control_pool":
        assert 16 * at_most_4 - 4 == restrict
    else:
        assert (2 * (15 - 2 * n * F(4, 5)) >= 12) == (restrict == 12)
    assert pool_point(name, N=n).restrict == restrict


# ------------------------------------------------------------------ collective economic security


@pytest.mark.parametrize("platform, result", [
    pytest.param(0, "the Target concedes: picked off", id="g7-hiroshima-2023-without-a-platform-picked-off"),
    pytest.param(1, "no coercion", id="g7-hiroshima-2023-with-the-platform-deterred"),
])
def test_collective_economic_security(platform, result):
    """Backward induction by hand. The Coercer lifts only against both partners
    (L + 2J = 11 > f = 8 > L + J = 7). Without the platform the second partner
    would pay s = 3 to save rho C = 2: nobody supports, the lone Target concedes
    (H = 20 > C = 12). With it, standing aside costs R + rho C = 6 > 3: both
    support, the Coercer would lift, the Target holds out, the Coercer refrains."""
    assert 3 + 2 * 4 > 8 > 3 + 4 and 3 > F(1, 6) * 12 and 4 + F(1, 6) * 12 > 3
    game = load_game("collective_economic_security", {"platform": F(platform)})
    result_ = solve(game)
    assert result_.complete and len(game.players) == 4
    eq, = result_.equilibria
    assert dict(eq.outcomes) == {result: 1}
    partners = eq.to_json(game)["strategies"]
    joint = "Respond jointly" if platform else "Stand aside"
    assert partners["Partner A"]["partner_a"][joint] == "1"
    assert partners["Partner B"]["partner_b_after_support"][joint] == "1"


@pytest.mark.parametrize("values, result", [
    pytest.param({"m": 2}, "no coercion", id="joint-counter-measures-force-a-lift-punishment"),
    pytest.param({"J": 2}, "no coercion", id="partners-markets-cut-the-damage-denial"),
    pytest.param({"m": 2, "J": 2}, "the Target concedes: picked off", id="neither-denial-nor-punishment"),
])
def test_collective_economic_security_deters_by_denial_or_punishment(values, result):
    """With the platform both partners respond. m = 2: a persisting Coercer would
    still cost the Target 20 - 4 = 16 > 12, but it lifts (3 + 8 > 8): punishment.
    J = 2: it persists (3 + 4 < 8), but the Target's damage is 20 - 12 = 8 < 12:
    denial. Both weak: persist, 16 > 12, the Target concedes."""
    assert 3 + 2 * 4 > 8 and 20 - 2 * 2 > 12 and 3 + 2 * 2 < 8 and 20 - 2 * 6 < 12
    assert only_outcome("collective_economic_security", **values) == result


# ------------------------------------------------------------------ the de-risking spiral


def test_derisking_spiral_has_trust_and_spiral_equilibria():
    """Second stage: theta = 1 < c = 2 with nobody de-risked (open dominant), 5/2
    or 4 > c after any de-risking (bloc dominant, 10 - 2c = 6). First stage, folded:
    O vs O 10, D vs O 1 + 6 = 7, O vs D 6, D vs D 7: a stag hunt; mixed p with
    10 (1 - p) + 6 p = 7, p = 3/4."""
    game = load_game("derisking_spiral")
    result = solve(game)
    found = sorted((eq.to_json(game)["strategies"]["Bloc A"]["derisk_A"]["De-risk"], eq.payoffs)
                   for eq in result.equilibria)
    assert found == [("0", (F(10), F(10))), ("1", (F(7), F(7))), ("3/4", (F(7), F(7)))]
    spiral = [eq for eq in result.equilibria if eq.payoffs == (7, 7) and eq.is_pure]
    assert dict(spiral[0].outcomes) == {"bloc confrontation (both de-risked)": 1}


@pytest.mark.parametrize("values, outcome", [
    pytest.param({"a": 5}, "bloc confrontation (both de-risked)", id="jervis-1978-derisking-dominant-a>2c"),
    pytest.param({"delta": F(1, 4)}, "open trade (both de-risked)", id="jervis-1978-small-yard-no-spiral"),
])
def test_derisking_spiral_regimes(values, outcome):
    """a = 5 > 2c: de-risking beats staying open whatever the rival does (5 + 6 > 10);
    delta = 1/4: theta_0 + 2 delta = 3/2 < c, the second stage stays harmony."""
    assert only_outcome("derisking_spiral", **values) == outcome


def test_alliance_volunteers_diekmann_1985_has_seven_equilibria_one_irrational():
    """Volunteer's dilemma (Diekmann 1985) with b = 2, c = 1, derived by hand: three pure
    equilibria (exactly one ally responds), three where two allies respond with
    probability 1 - c/b = 1/2 and the third stands aside, and the symmetric one where
    each responds with probability p, c = b (1 - p)^2, so p = 1 - sqrt(1/2)."""
    import math

    from deterrence import load_game, solve

    game = load_game("alliance_volunteers")
    result = solve(game)
    assert result.complete and len(result.equilibria) == 7
    respond = sorted(tuple(float(s[0]) for s in eq.strategies) for eq in result.equilibria)
    p = 1 - math.sqrt(1 / 2)
    expected = sorted([(1, 0, 0), (0, 1, 0), (0, 0, 1), (0.5, 0.5, 0), (0.5, 0, 0.5),
                       (0, 0.5, 0.5), (p, p, p)])
    assert all(math.isclose(a, b, abs_tol=1e-12) for r, e in zip(respond, expected) for a, b in zip(r, e))
    symmetric = [eq for eq in result.equilibria if all(0 < float(s[0]) < 0.4 for s in eq.strategies)]
    assert str(symmetric[0].strategies[0][0]) == "1 - sqrt(2)/2"
    assert result.to_json()["schema"] == "deterrence.result/2"
