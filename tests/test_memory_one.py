"""Memory-one strategies under noise: exact chains against closed forms and
against seeded simulation."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deterrence.errors import UsageError
from deterrence.io import load_game
from deterrence.model import NormalFormGame
from deterrence.repeated_games.markov import finite_horizon_occupancy, limit_distribution
from deterrence.repeated_games.memory_one import (
    NAMED,
    MemoryOne,
    check_equilibrium,
    gtft,
    joint_chain,
    parse_strategies,
    play,
    vanishing_noise_limit,
)
from deterrence.repeated_games.simulate import SIMULATED, hoeffding_bound, simulate_match
from deterrence.repeated_games.stage import stage_game

PD = stage_game(load_game("prisoners_dilemma"))          # (T, R, P, S) = (5, 3, 1, 0)


def stage(T, R, P, S):
    return stage_game(NormalFormGame.bimatrix([[R, S], [T, P]], [[R, T], [S, P]],
                                              ["C", "D"], ["C", "D"]))


noise = st.fractions(F(1, 1000), F(999, 1000))
payoffs = st.tuples(*(st.integers(-6, 9) for _ in range(4)))


# ---------------------------------------------------------------- closed forms


@settings(max_examples=40, deadline=None)
@given(noise, payoffs)
def test_tit_for_tat_against_itself_averages_the_four_payoffs_under_any_noise(eps, tsrp):
    """The echo of misperception: every joint move is equally likely in the long run."""
    T, R, P, S = tsrp
    m = play(stage(T, R, P, S), NAMED["tft"], NAMED["tft"], eps)
    assert m.payoffs == (F(T + R + P + S, 4),) * 2
    assert m.distribution == (F(1, 4),) * 4 and m.ergodic


def test_without_noise_tit_for_tat_cooperates_for_ever():
    m = play(PD, NAMED["tft"], NAMED["tft"], F(0))
    assert m.payoffs == (3, 3) and not m.ergodic
    assert m.cooperation_spell is None and m.first_breakdown is None and not m.breaks_down


@settings(max_examples=30, deadline=None)
@given(noise)
def test_always_defect_against_always_cooperate(eps):
    """Each intends one move; noise flips it independently."""
    m = play(PD, NAMED["alld"], NAMED["allc"], eps)
    c_row, c_col = eps, 1 - eps
    expected = (c_row * c_col * 3 + c_row * (1 - c_col) * 0 + (1 - c_row) * c_col * 5
                + (1 - c_row) * (1 - c_col) * 1)
    assert m.payoffs[0] == expected
    assert m.cooperation_rates == (eps, 1 - eps)


def test_suspicious_tit_for_tat_alternates_forever():
    """TFT against a TFT that opens with D: a periodic class, Cesàro average (T + S)/2."""
    suspicious = MemoryOne("stft", (1, 0, 1, 0), 0)
    m = play(PD, NAMED["tft"], suspicious, F(0))
    assert m.payoffs == (F(5, 2), F(5, 2)) and m.mutual_cooperation == 0


@settings(max_examples=30, deadline=None)
@given(st.fractions(F(0), F(99, 100)))
def test_discounted_payoff_of_tit_for_tat_against_always_defect(delta):
    """(1 − δ)S + δP: exploited once, then mutual defection."""
    m = play(PD, NAMED["tft"], NAMED["alld"], F(0), discount=delta)
    assert m.discounted_payoffs == ((1 - delta) * 0 + delta * 1, (1 - delta) * 5 + delta * 1)


@settings(max_examples=30, deadline=None)
@given(noise)
def test_breakdown_of_cooperation_between_tit_for_tat_players(eps):
    """From CC the pair stays with probability (1 − ε)²: a geometric spell."""
    m = play(PD, NAMED["tft"], NAMED["tft"], eps)
    stay = (1 - eps) ** 2
    assert m.cooperation_spell == 1 / (1 - stay)
    assert m.first_breakdown == 1 + stay / (1 - stay)


def test_win_stay_lose_shift_recovers_in_about_two_rounds():
    """After one error, WSLS goes CD → DD → CC (Nowak and Sigmund 1993)."""
    for eps in (F(1, 100), F(1, 1000)):
        rec = play(PD, NAMED["wsls"], NAMED["wsls"], eps).recovery
        assert 2 < rec < 2 + 10 * eps


def test_grim_never_recovers_without_a_double_error():
    m = play(PD, NAMED["grim"], NAMED["grim"], F(0))
    assert m.payoffs == (3, 3)
    assert play(PD, NAMED["grim"], NAMED["alld"], F(0)).recovery is None


def test_noise_of_one_half_is_a_coin_flip():
    m = play(PD, NAMED["tft"], NAMED["wsls"], F(1, 2))
    assert m.distribution == (F(1, 4),) * 4


# ---------------------------------------------------------------- exact against simulation

PAIRS = [
    pytest.param("wsls", "tft", F(1, 20), id="wsls-vs-tft"),
    pytest.param("gtft", "alld", F(1, 10), id="gtft-vs-alld"),
    pytest.param("0.9,0.1,1,0", "wsls", F(1, 20), id="user-vector-vs-wsls"),
    pytest.param("grim", "random", F(1, 50), id="grim-vs-random"),
]


@pytest.mark.parametrize("row, column, eps", PAIRS)
def test_exact_payoffs_agree_with_seeded_simulation(row, column, eps):
    """The simulated mean of 2000 independent 40-round matches lies within the Hoeffding bound
    at confidence 1 − 10⁻⁶ of the exact expected 40-round average (and, tighter, within five
    standard errors)."""
    a, b = parse_strategies(f"{row},{column}", PD)
    rounds, repetitions = 40, 2000
    exact = play(PD, a, b, eps, rounds=rounds)
    sim = simulate_match(PD, a, b, eps, rounds=rounds, repetitions=repetitions, seed=7)
    bound = hoeffding_bound(5, repetitions, 1 - 1e-6)            # payoffs lie in [0, 5]
    for k in (0, 1):
        gap = abs(sim.payoffs[k] - float(exact.payoffs[k]))
        assert gap <= bound
        assert gap <= 5 * sim.standard_errors[k]


def test_long_run_is_the_limit_of_long_horizons():
    a, b = NAMED["wsls"], gtft(F(1, 3))
    long_run = play(PD, a, b, F(1, 10)).payoffs[0]
    horizon = play(PD, a, b, F(1, 10), rounds=400).payoffs[0]
    assert abs(long_run - horizon) < F(1, 100)


def test_simulated_strategies_are_reproducible_and_sensible():
    one = simulate_match(PD, SIMULATED["ctft"], NAMED["tft"], F(1, 20), rounds=100, seed=3)
    two = simulate_match(PD, SIMULATED["ctft"], NAMED["tft"], F(1, 20), rounds=100, seed=3)
    assert one == two
    # without noise, true grim punishes a defector for ever
    grim = simulate_match(PD, SIMULATED["grim-forever"], NAMED["alld"], F(0), rounds=10,
                          repetitions=1)
    assert grim.payoffs == (0.9, 1.4)


# ---------------------------------------------------------------- chains and equilibria


def test_the_chain_is_stochastic_and_exact():
    M, p0 = joint_chain(gtft(F(1, 3)), NAMED["wsls"], F(1, 7))
    assert all(sum(row) == 1 for row in M) and sum(p0) == 1
    assert all(isinstance(v, F) for row in M for v in row)


def test_limit_distribution_of_an_absorbing_chain_weighs_its_classes():
    M = [[F(1), F(0), F(0)], [F(1, 3), F(1, 3), F(1, 3)], [F(0), F(0), F(1)]]
    assert limit_distribution(M, [F(0), F(1), F(0)]).distribution == (F(1, 2), F(0), F(1, 2))
    assert finite_horizon_occupancy(M, [F(0), F(1), F(0)], 1) == (F(0), F(1), F(0))


EQUILIBRIA = [
    pytest.param("grim", F(1, 2), F(0), True, True, id="friedman-1971-grim-at-1/2"),
    pytest.param("grim", F(49, 100), F(0), False, False, id="grim-below-1/2"),
    pytest.param("tft", F(2, 3), F(0), True, False, id="axelrod-1984-tft-nash-not-spe"),
    pytest.param("alld", F(9, 10), F(1, 20), True, True, id="alld-always-an-equilibrium"),
    pytest.param("allc", F(9, 10), F(0), False, False, id="allc-never"),
]


@pytest.mark.parametrize("name, delta, eps, nash, spe", EQUILIBRIA)
def test_equilibrium_checks(name, delta, eps, nash, spe):
    s = NAMED[name]
    check = check_equilibrium(PD, s, s, eps, delta)
    assert (check.nash, check.subgame_perfect) == (nash, spe)


# ---------------------------------------------------------------- parsing

PARSE_ERRORS = [
    pytest.param("tft,bogus", "unknown strategy", id="unknown"),
    pytest.param("1,0,1", "needs 4 numbers", id="three-numbers"),
    pytest.param("1,0,1,2", "not a probability", id="above-one"),
    pytest.param("gtft:2", "generosity", id="generosity-above-one"),
    pytest.param("tft,,wsls", "empty item", id="empty"),
    pytest.param("tft,tft", "listed twice", id="twice"),
    pytest.param("p0=1,tft", "must follow a user vector", id="p0-alone"),
    pytest.param("ctft", "not a memory-one strategy", id="ctft"),
    pytest.param("grim-forever", "not a memory-one strategy", id="true-grim"),
]


@pytest.mark.parametrize("text, message", PARSE_ERRORS)
def test_bad_strategy_lists_raise_usage_errors(text, message):
    with pytest.raises(UsageError, match=message):
        parse_strategies(text, PD)


def test_parse_user_vectors_and_generosity():
    s = parse_strategies("gtft,gtft:1/10,1,0,0,1,p0=0", PD)
    assert s[0].vector == (1, F(1, 3), 1, F(1, 3))          # Nowak-Sigmund bound for (5,3,1,0)
    assert s[1].vector[1] == F(1, 10)
    assert (s[2].vector, s[2].initial) == ((1, 0, 0, 1), 0)
    assert parse_strategies("ctft,tft", PD, allow_simulated=True)[0] is SIMULATED["ctft"]


# ---------------------------------------------------------------- the limit of rare errors

RARE_ERRORS = [
    pytest.param("tft", F(3), F(9, 4), id="tft-echo-R-vs-(T+R+P+S)/4"),
    pytest.param("wsls", F(3), F(3), id="nowak-sigmund-1993-wsls-corrects-errors"),
    pytest.param("grim", F(3), F(1), id="grim-collapses-to-P"),
    pytest.param("gtft", F(3), F(3), id="nowak-sigmund-1992-gtft-forgives"),
]


@pytest.mark.parametrize("name, noise_free, rare_errors", RARE_ERRORS)
def test_noise_free_play_against_the_limit_of_rare_errors(name, noise_free, rare_errors):
    s = parse_strategies(name, PD)[0]
    m = play(PD, s, s, F(0))
    assert m.payoffs[0] == noise_free
    assert m.vanishing_noise[1][0] == rare_errors


probability = st.fractions(F(0), F(1), max_denominator=10)


@settings(max_examples=25, deadline=None)
@given(st.tuples(*(probability for _ in range(4))), st.tuples(*(probability for _ in range(4))))
def test_the_limit_of_rare_errors_is_the_limit_of_the_exact_distribution(p, q):
    """The tree-theorem limit agrees with the exact stationary distribution at ε = 10⁻⁹."""
    a, b = MemoryOne("a", p), MemoryOne("b", q)
    limit = vanishing_noise_limit(a, b)
    M, p0 = joint_chain(a, b, F(1, 10**9))
    exact = limit_distribution(M, p0).distribution
    assert sum(limit) == 1
    assert max(abs(x - y) for x, y in zip(limit, exact)) < F(1, 10**5)
