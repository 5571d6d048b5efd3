"""Repeated 2×2 games: thresholds against their textbook formulas, the
catalogue's trust games, and the ``deterrence repeated`` command."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from deterrence.cli import cli
from deterrence.errors import UsageError
from deterrence.io import load_game
from deterrence.model import NormalFormGame
from deterrence.solver import solve
from deterrence.repeated_games.memory_one import NAMED, check_equilibrium, gtft
from deterrence.repeated_games.analysis import analyse, belief_threshold, gtft_threshold
from deterrence.repeated_games.stage import classify, stage_game


def pd_game(T, R, P, S) -> NormalFormGame:
    """A symmetric 2×2 game with the cooperative action first."""
    return NormalFormGame.bimatrix([[R, S], [T, P]], [[R, T], [S, P]], ["C", "D"], ["C", "D"],
                                   title="2x2")


# ---------------------------------------------------------------- textbook answers

# (T, R, P, S), grim δ*, tit-for-tat δ*, win-stay lose-shift δ*, GTFT generosity (δ → 1)
TEXTBOOK = [
    pytest.param((5, 3, 1, 0), F(1, 2), F(2, 3), F(1), F(1, 3),
                 id="axelrod-1984-(5,3,1,0)-grim-1/2-tft-2/3-nowak-sigmund-1992-gtft-1/3"),
    pytest.param((4, 3, 1, 0), F(1, 3), F(1, 3), F(1, 2), F(2, 3), id="(4,3,1,0)"),
    pytest.param((7, 4, 1, 0), F(1, 2), F(3, 4), F(1), F(1, 4),
                 id="(7,4,1,0)-tft-alternation-term-binds"),
    pytest.param((3, 2, 0, -1), F(1, 3), F(1, 3), F(1, 2), F(2, 3), id="(3,2,0,-1)"),
]


@pytest.mark.parametrize("payoffs, grim, tft, wsls, generosity", TEXTBOOK)
def test_thresholds_are_the_textbook_values(payoffs, grim, tft, wsls, generosity):
    T, R, P, S = payoffs
    a = analyse(pd_game(*payoffs))
    assert a.stage.kind == "prisoner's dilemma"
    assert a.threshold("grim").value == grim == F(T - R, T - P)
    assert a.threshold("tft").value == tft == max(F(T - R, T - P), F(T - R, R - S))
    assert a.threshold("wsls").value == wsls == F(T - R, R - P)
    assert a.threshold("gtft").value == generosity == min(1 - F(T - R, R - S), F(R - P, T - P))
    assert a.threshold("grim").verified and a.threshold("tft").verified
    assert a.threshold("wsls").attainable == (wsls < 1)


def test_grim_trigger_needs_half_with_the_usual_payoffs():
    grim = analyse(load_game("prisoners_dilemma")).threshold("grim")
    assert (grim.value, grim.relation, grim.concept) == (F(1, 2), "≥", "subgame perfect")
    assert grim.formula == "(T - R)/(T - P)"


#: T > R > P > S, built from the sucker's payoff and three positive gaps.
pd_payoffs = st.builds(lambda s, a, b, c: (s + a + b + c, s + a + b, s + a, s),
                       st.integers(-5, 5), st.integers(1, 6), st.integers(1, 6), st.integers(1, 6))


@settings(max_examples=25, deadline=None)
@given(pd_payoffs)
def test_every_prisoners_dilemma_obeys_the_formulas_and_the_exact_best_reply(payoffs):
    """Friedman/Axelrod thresholds, each confirmed by an exact best reply on both sides."""
    T, R, P, S = payoffs
    a = analyse(pd_game(*payoffs))
    assert a.threshold("grim").value == F(T - R, T - P)
    assert a.threshold("grim").verified is True
    tft = max(F(T - R, T - P), F(T - R, R - S))
    assert a.threshold("tft").value == tft
    assert a.threshold("tft").verified is (True if tft < 1 else None)
    wsls = a.threshold("wsls")
    assert wsls.verified is (True if wsls.value < 1 else None)
    assert wsls.attainable == (2 * R > T + P)


@settings(max_examples=15, deadline=None)
@given(pd_payoffs, st.fractions(F(1, 2), F(99, 100)))
def test_generous_tft_bound_at_a_discount_factor_is_exact(payoffs, delta):
    """g*(δ) = min(1 − (T−R)/(δ(R−S)), 1 − (T−R)/(δ(T−P))): Nash at g*, not above."""
    T, R, P, S = payoffs
    stage = stage_game(pd_game(*payoffs))
    t = gtft_threshold(stage, delta)
    bound = min(1 - F(T - R) / (delta * (R - S)), 1 - F(T - R) / (delta * (T - P)))
    assert t.value == min(bound, 1)
    if 0 <= bound < 1:
        assert check_equilibrium(stage, gtft(bound), gtft(bound), F(0), delta).nash
        above = bound + F(1, 1000)
        assert not check_equilibrium(stage, gtft(above), gtft(above), F(0), delta).nash


def test_tit_for_tat_is_nash_but_not_subgame_perfect_at_its_threshold():
    stage = stage_game(load_game("prisoners_dilemma"))
    check = check_equilibrium(stage, NAMED["tft"], NAMED["tft"], F(0), F(2, 3))
    assert check.nash and not check.subgame_perfect


# ---------------------------------------------------------------- classes and trust

CLASSES = [
    pytest.param((5, 3, 1, 0), "prisoner's dilemma", id="pd-T>R>P>S"),
    pytest.param((3, 4, 3, 0), "stag hunt", id="rousseau-stag-hunt-R>T=P>S"),
    pytest.param((2, 1, -2, 0), "chicken", id="hawk-dove-V2-C6"),
    pytest.param((2, 3, 0, 1), "harmony", id="harmony-C-dominant"),
    pytest.param((3, 1, 2, 0), "deadlock", id="deadlock-T>P>R>S"),
]


@pytest.mark.parametrize("payoffs, expected", CLASSES)
def test_classification(payoffs, expected):
    assert classify(*payoffs) == expected
    assert analyse(pd_game(*payoffs), cooperate="C").stage.kind == expected


def test_by_default_cooperation_is_the_mutually_better_action():
    """In a deadlock both prefer mutual D: by default D is taken as 'cooperation' (with a note),
    which makes the game harmony -- no dilemma either way; --cooperate C keeps the labels."""
    stage = analyse(pd_game(3, 1, 2, 0)).stage
    assert stage.labels(0) == ("D", "C") and stage.kind == "harmony" and stage.notes


def test_a_stag_hunt_needs_no_punishment_only_trust():
    a = analyse(load_game("stag_hunt"))
    assert a.stage.kind == "stag hunt"
    assert a.threshold("grim").value == 0
    trust = a.threshold("trust")
    assert (trust.relation, trust.value) == ("≥", F(3, 4))       # (P − S)/((R − T) + (P − S))
    assert trust.formula == "(hare - sucker)/(stag - sucker)"
    assert "only trust" in " ".join(trust.notes)


def test_the_trust_threshold_is_the_mixed_equilibrium_of_the_stag_hunt():
    game = load_game("stag_hunt")
    mixed = [eq for eq in solve(game).equilibria if not eq.is_pure]
    assert [eq.strategies[0][0] for eq in mixed] == [analyse(game).threshold("trust").value]


BELIEFS = [
    pytest.param((3, 4, 3, 0), ("≥", F(3, 4)), id="stag-hunt"),
    pytest.param((5, 3, 1, 0), ("never", None), id="pd-defection-dominant"),
    pytest.param((2, 3, 0, 1), ("always", F(0)), id="harmony"),
    pytest.param((2, 1, -2, 0), ("≤", F(2, 3)), id="chicken-yield-if-other-escalates"),
]


@pytest.mark.parametrize("payoffs, expected", BELIEFS)
def test_belief_thresholds(payoffs, expected):
    assert belief_threshold(*payoffs) == expected


def test_hawk_dove_cooperation_is_dove_and_grim_is_only_nash():
    a = analyse(load_game("hawk_dove"))
    assert a.stage.labels(0) == ("Dove", "Hawk") and a.stage.notes
    grim = a.threshold("grim")
    assert grim.concept == "Nash" and grim.value == F(1, 2) and grim.verified
    assert analyse(load_game("hawk_dove"), cooperate="Hawk").stage.labels(0) == ("Hawk", "Dove")


def test_deadlock_has_no_discount_factor():
    a = analyse(pd_game(3, 1, 2, 0), cooperate="C")
    grim = a.threshold("grim")
    assert grim.value == F(3 - 1, 3 - 2) > 1 and not grim.attainable


# ---------------------------------------------------------------- catalogue games


def trust_threshold_formula(R, Ts, P, S):
    return F(P - S) / ((R - Ts) + (P - S))


SECURITY = [
    pytest.param(dict(R=3, Ts=2, Tg=4, P=1, S=0), F(1, 2), id="kydd-2005-defaults-q*=1/2"),
    pytest.param(dict(R=5, Ts=2, Tg=6, P=1, S=0), F(1, 4), id="low-fear-q*=1/4"),
    pytest.param(dict(R=3, Ts=2, Tg=4, P=1, S=-2), F(3, 4), id="high-fear-q*=3/4"),
]


@pytest.mark.parametrize("values, q_star", SECURITY)
def test_security_dilemma_cooperates_exactly_above_the_minimum_trust(values, q_star):
    assert trust_threshold_formula(values["R"], values["Ts"], values["P"], values["S"]) == q_star
    base = load_game("security_dilemma_trust", {k: F(v) for k, v in values.items()})
    for q, expected in ((q_star + F(1, 50), True), (q_star - F(1, 50), False)):
        game = base.with_values({"q": q})
        profiles = {eq.label(game) for eq in solve(game).equilibria if eq.is_pure}
        assert ("(C|D, C|D)" in profiles) == expected, (q, profiles)
        assert "(D|D, D|D)" in profiles                     # the spiral is always there


def test_security_dilemma_file_is_the_ex_ante_game():
    """Each cell is the expectation over both types (independent check)."""
    game = load_game("security_dilemma_trust", {"q": F(3, 5)})
    v = {k: game.parameters.values()[k] for k in ("q", "R", "Ts", "Tg", "P", "S")}

    def u(greedy, a, b):
        return {("C", "C"): v["R"], ("C", "D"): v["S"], ("D", "C"): v["Tg"] if greedy else v["Ts"],
                ("D", "D"): v["P"]}[(a, b)]

    q = v["q"]
    weights = {(False, False): q * q, (False, True): q * (1 - q), (True, False): (1 - q) * q,
               (True, True): (1 - q) * (1 - q)}
    for i, mine in enumerate(game.strategies[0]):
        for j, theirs in enumerate(game.strategies[1]):
            expected = sum(w * u(me_greedy, mine.split("|")[me_greedy], theirs.split("|")[other])
                           for (me_greedy, other), w in weights.items())
            assert game.payoff((i, j))[0] == expected


def test_security_dilemma_solves_at_q_06_from_the_command_line():
    result = CliRunner().invoke(cli, ["solve", "games/security_dilemma_trust.toml", "--set",
                                      "q=0.6", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    pure = [e for e in doc["equilibria"] if e["pure"]]
    assert {"C|D"} in [{k for k, p in e["strategies"]["State A"].items() if p == "1"}
                       for e in pure]


OFFENSE = [
    pytest.param(F(1, 4), "stag hunt", id="jervis-1978-defence-dominant"),
    pytest.param(F(3, 4), "prisoner's dilemma", id="jervis-1978-offense-dominant"),
    pytest.param(F(0), "stag hunt", id="pure-defence"),
]


@pytest.mark.parametrize("o, expected", OFFENSE)
def test_offense_defense_balance_turns_a_stag_hunt_into_a_prisoners_dilemma(o, expected):
    a = analyse(load_game("offense_defense", {"o": o}))
    assert a.stage.kind == expected
    if expected == "prisoner's dilemma":
        gain, P, R = 4, 1, 3
        assert a.threshold("grim").value == F(P + gain * o - R) / (gain * o)
        assert a.threshold("grim").formula == "(P - R + gain*o)/(gain*o)"


def test_offense_defense_switch_is_at_r_minus_p_over_gain():
    o_star = F(3 - 1, 4)
    assert analyse(load_game("offense_defense", {"o": o_star - F(1, 100)})).stage.kind == "stag hunt"
    assert analyse(load_game("offense_defense", {"o": o_star + F(1, 100)})).stage.kind == \
        "prisoner's dilemma"


def war_probability(iota) -> F:
    result = solve(load_game("crisis_bargaining", {"iota": F(iota)}))
    assert len(result.equilibria) == 1
    return dict(result.equilibria[0].outcomes).get("war", F(0))


def test_private_information_produces_war_and_information_lowers_it():
    """Fearon (1995): P(war) = (1 − ι) p when the uninformed demand is high."""
    p = F(1, 2)
    levels = [F(1, 5), F(1, 2), F(9, 10)]
    wars = [war_probability(i) for i in levels]
    assert wars == [(1 - i) * p for i in levels]
    assert wars[0] > wars[1] > wars[2] > 0


# ---------------------------------------------------------------- the command


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_repeated_command_json():
    result = run("repeated", "games/prisoners_dilemma.toml", "--noise", "0.05", "--strategies",
                 "tft,gtft,wsls,grim,alld", "--discount", "0.9", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema"] == "deterrence.repeated/1"
    thresholds = {t["key"]: t for t in doc["thresholds"]}
    assert thresholds["grim"]["value"] == "1/2" and thresholds["grim"]["verified"] is True
    tft = next(m for m in doc["matches"] if m["row"] == m["column"] == "tft")
    assert tft["payoffs"] == ["9/4", "9/4"]                  # (T + R + P + S)/4
    assert {c["strategy"] for c in doc["self_play"]} == {"tft", "gtft", "wsls", "grim", "alld"}


def test_repeated_command_prints_the_thresholds():
    result = run("repeated", "stag_hunt")
    assert result.exit_code == 0
    assert "only trust" in result.output and "q ≥ 3/4" in result.output


BAD = [
    pytest.param(["repeated", "prisoners_dilemma", "--strategies", "tft,nonsense"], 2,
                 "unknown strategy 'nonsense'", id="unknown-strategy"),
    pytest.param(["repeated", "prisoners_dilemma", "--strategies", "0.5,0.5,1"], 2,
                 "needs 4 numbers", id="short-vector"),
    pytest.param(["repeated", "prisoners_dilemma", "--strategies", "ctft"], 2,
                 "not a memory-one strategy", id="ctft-not-memory-one"),
    pytest.param(["repeated", "prisoners_dilemma", "--noise", "1.5"], 2, "outside [0, 1]",
                 id="noise-above-1"),
    pytest.param(["repeated", "prisoners_dilemma", "--noise", "-0.1"], 2, "outside [0, 1]",
                 id="noise-below-0"),
    pytest.param(["repeated", "prisoners_dilemma", "--noise", "abc"], 2, "not a number",
                 id="noise-not-a-number"),
    pytest.param(["repeated", "prisoners_dilemma", "--discount", "1"], 2, "δ = 1",
                 id="discount-1"),
    pytest.param(["repeated", "mixed_dominance"], 2, "must be 2×2", id="not-2x2"),
    pytest.param(["repeated", "crisis_bargaining"], 2, "normal-form stage game", id="a-tree"),
    pytest.param(["repeated", "prisoners_dilemma", "--cooperate", "Peace"], 2,
                 "no strategy 'Peace'", id="unknown-cooperate-label"),
]


@pytest.mark.parametrize("args, code, message", BAD)
def test_bad_requests_exit_with_a_message(args, code, message):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_stage_game_rejects_three_strategies():
    with pytest.raises(UsageError, match="2×2"):
        stage_game(NormalFormGame.bimatrix([[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]))


def test_repeated_prisoners_dilemma_needs_no_sympy():
    """Light work, no heavy import: with T, R, P, S as the file's parameters the formulas
    are the textbook's, written without sympy (issue 12)."""
    import subprocess
    import sys

    code = ("import sys; from deterrence.cli import main\n"
            "sys.argv = ['deterrence', 'repeated', 'prisoners_dilemma', '--json']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "assert 'sympy' not in sys.modules, 'sympy was imported'\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_letter_formulas_are_sympys_formulas():
    """The sympy-free texts equal ratio_text's for every ratio the thresholds write."""
    import sympy

    from deterrence.repeated_games.analysis import _Letter, letter_ratio, ratio_text

    T, R, P, S = (sympy.Symbol(n, real=True) for n in "TRPS")
    t, r, p, s = (_Letter(n) for n in "TRPS")
    d = sympy.Symbol("δ", positive=True)
    cases = [((T - R, T - P), (t - r, t - p), ""), ((T - R, T - S), (t - r, t - s), ""),
             ((T - R, R - S), (t - r, r - s), ""), ((T - R, R - P), (t - r, r - p), ""),
             ((S - P, R - P), (s - p, r - p), ""), ((T - R, R - S), (t - r, r - s), "1 - "),
             ((R - P, T - P), (r - p, t - p), ""), ((T - R, d * (R - S)), (t - r, "δ" * (r - s)), "1 - "),
             ((T - R, d * (T - P)), (t - r, "δ" * (t - p)), "1 - ")]
    for symbolic, letters, prefix in cases:
        assert letter_ratio(*letters, prefix) == ratio_text(*symbolic, prefix)
