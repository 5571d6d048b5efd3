"""Formulas for tree equilibria whose play off the path rests on beliefs (issue 12).

A piece (:mod:`deterrence.parametric.tree_pieces`) turns an equilibrium found at one
point into formulas in a parameter. Off the path of play the exact solver
(:mod:`deterrence.trees.assessment`) takes Bayes' rule from the root of the smallest
subgame holding an information set, and a free belief where that rule is silent; a
piece must take the same beliefs. Where several behaviours off the path deter, the
solver shows the one playing each free decision point's first action most (its LP's
objective); a piece gives that choice as formulas where it is one (a pure first action,
or a mixture bounded by one tie) and says it has none otherwise, rather than guess.
"""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from deterrence import load_game
from deterrence.model.expr import parse
from deterrence.model.parameters import Parameter, Parameters
from deterrence.model.tree import GameTree, Node
from deterrence.parametric.ranges import Range
from deterrence.parametric.sweep import sweep_one
from deterrence.parametric.tree_beliefs import free_belief
from deterrence.parametric.tree_pieces import NoFormulas, RationalField, piece_of, pieces_at
from deterrence.solver import solve
from deterrence.trees.annotate import annotate, check_nash


def _piece(game, name, value, k=0):
    at = game.with_values({name: value})
    eq = solve(at).equilibria[k]
    return piece_of(game, eq, at, RationalField(game, name), (value,)), eq, at


# ---------------------------------------------------------------- textbook cases


def test_an_off_path_subgame_mixes_by_bayes_rule_from_its_own_root():
    """Two-stage raid, the attacker stands down: the strike subgame is off the path, but
    inside it the defender's belief is Bayes' rule from the subgame's root (the attacker's
    mixture), so the mixtures are the subgame's indifferences — formulas in vB — and they
    are the exact solver's at every point where the piece's conditions hold."""
    game = load_game("two_stage_raid")
    piece, eq, at = _piece(game, "vB", F(1, 4))
    assert "Stand down" in eq.label(at)
    assert piece.behaviour_at((F(1, 4),)) == [tuple(b) for b in eq.behaviour(at)]
    held = 0
    for k in range(1, 40):
        x = F(k, 40)
        if not piece.holds_at((x,)):
            continue
        held += 1
        ax = game.with_values({"vB": x})
        mine = (piece.behaviour_at((x,)), tuple(piece.field.at(v, (x,)) for v in piece.payoffs))
        # on the threshold (vB = 1/2) the solver lists the raid and a mixture beside it
        assert mine in [([tuple(b) for b in e.behaviour(ax)], tuple(e.payoffs)) for e in solve(ax).equilibria], x
    assert held >= 10


def test_the_raid_sweep_finds_the_stand_down_threshold_without_bisection():
    """vB over [0, 1]: the attacker raids from vB = 1/2 on; the stretch below has formulas
    now, so the change point comes from them (exactly), not from 48 exact bisection steps."""
    s = sweep_one(load_game("two_stage_raid"), Range.parse("vB=0:1"), steps=5)
    assert [c.text for c in s.changes] == ["1/2"]
    assert all(i.valid is not None for i in s.intervals)
    assert [c.method for c in s.changes] == ["symbolic roots"]


def test_the_solver_shows_the_strongest_deterring_threat_off_the_path():
    """The tariff ladder with V_resolute between 50/19 and 70/19: nobody escalates past
    tariffs, and what deters China is the United States' play off the path. Any mixture
    from 141/209 up deters; the solver shows the canonical one (each free decision point's
    first action as often as deterrence allows): both types escalate, at 3 and at 60/19
    alike. That choice is a formula, so the piece has one, and it is the solver's answer at
    every point where its conditions hold."""
    game = load_game("tariff_ladder")
    labels = set()
    for x in (F(3), F(60, 19)):
        at = game.with_values({"V_resolute": x})
        (eq,) = solve(at).equilibria
        assert not any(sorted(b) == [F(68, 209), F(141, 209)] for b in eq.behaviour(at))
        labels.add(eq.label(at))
    assert len(labels) == 1
    piece, _, _ = _piece(game, "V_resolute", F(60, 19))
    for x in (F(3), F(60, 19), F(65, 19)):
        assert piece.holds_at((x,))
        at = game.with_values({"V_resolute": x})
        assert [tuple(b) for b in solve(at).equilibria[0].behaviour(at)] == piece.behaviour_at((x,))


def test_the_status_quo_of_two_sided_uncertainty_is_kept_by_a_pure_threat():
    """Two-sided uncertainty at the defaults: the status quo is kept by the Defender's
    threat off the path. A soft Defender resisting with probability 7/10 would deter, and so
    would a hard one resisting with 2/5; the solver shows both types resisting outright (the
    first action, which deters), at dh = 3 and dh = 4 alike, and the piece has formulas."""
    game = load_game("two_sided_uncertainty")
    labels = {}
    for x in (F(3), F(4)):
        at = game.with_values({"dh": x})
        labels[x] = [eq.label(at) for eq in solve(at).equilibria if "Status quo [Challenger (hard)]" in eq.label(at)]
    assert labels[F(3)] == labels[F(4)]
    assert "Resist [Defender (hard)], Resist [Defender (soft)]" in labels[F(3)][0]
    piece, eq, at = _piece(game, "dh", F(3), k=1)
    assert piece.behaviour_at((F(3),)) == [tuple(b) for b in eq.behaviour(at)]


# ---------------------------------------------------------------- the belief algebra


def test_a_mixing_player_off_the_path_believes_what_makes_it_indifferent():
    """Two nodes, the gain of mixing's second action over the first is -1 at one node and 3
    at the other: the belief 3/4 on the first makes the player indifferent."""
    field = RationalField(load_game("punishment_credibility"), "p")
    c = field.const
    mu, conditions = free_belief(field, (F(1, 2),), 2, [(c(-1), c(3))], [])
    assert [field.at(m, (F(1, 2),)) for m in mu] == [F(3, 4), F(1, 4)]
    assert conditions == []                      # constants in [0, 1]: nothing to check


def test_a_belief_between_the_bounds_when_no_point_belief_supports_the_play():
    """Two continuations to beat: (2, -1) needs a belief of at least 1/3 on the first node,
    (-1, 1) at most 1/2: neither point belief works, the lower bound 1/3 does."""
    field = RationalField(load_game("punishment_credibility"), "p")
    c = field.const
    mu, conditions = free_belief(field, (F(1, 2),), 2, [], [((c(2), c(-1)), "a"), ((c(-1), c(1)), "b")])
    assert [field.at(m, (F(1, 2),)) for m in mu] == [F(1, 3), F(2, 3)]
    assert all(cond.holds(field.at(cond.expr, (F(1, 2),))) for cond in conditions)


# ---------------------------------------------------------------- random signalling trees


def _payoff(rng):
    a, b = rng.randint(-3, 4), rng.choice([0, 0, 1, -1, 2, -2])
    return parse(f"{a} + {b}*x" if b else f"{a}")


def signalling_tree(seed: int) -> GameTree:
    """Chance draws the Sender's type; the Sender sends a message (or quits); the Receiver
    sees the message, not the type, and responds; now and then the Sender moves once more.
    Payoffs are affine in one parameter ``x`` in [0, 4]."""
    rng = random.Random(seed)
    nodes: dict[str, Node] = {}
    probs = rng.choice([(F(1, 2), F(1, 2)), (F(1, 3), F(2, 3)), (F(1, 4), F(3, 4))])
    messages, responses, quits = rng.choice([2, 2, 3]), rng.choice([2, 2, 3]), rng.random() < 0.5

    def leaf(name):
        nodes[name] = Node(payoffs=(("S", _payoff(rng)), ("R", _payoff(rng))))

    nodes["r"] = Node(actions=(("t0", "t0"), ("t1", "t1")), probabilities=tuple(parse(str(p)) for p in probs))
    for t in ("t0", "t1"):
        acts = [(f"m{m}", f"{t}m{m}") for m in range(messages)]
        if quits:
            acts.append(("q", f"{t}q"))
            leaf(f"{t}q")
        nodes[t] = Node(player="S", actions=tuple(acts), infoset=f"S.{t}")
        for m in range(messages):
            kids = []
            for r in range(responses):
                end = f"{t}m{m}r{r}"
                kids.append((f"r{r}", end))
                if rng.random() < 0.3:
                    nodes[end] = Node(player="S", actions=(("y", end + "y"), ("n", end + "n")), infoset=f"S.{end}")
                    leaf(end + "y")
                    leaf(end + "n")
                else:
                    leaf(end)
            nodes[f"{t}m{m}"] = Node(player="R", actions=tuple(kids), infoset=f"R.m{m}")
    return GameTree.from_nodes(("S", "R"), "r", nodes, title=f"signalling {seed}",
                               parameters=Parameters.of(Parameter("x", F(1), F(0), F(4))))


def check_pieces(game, starts, grid) -> int:
    """Every piece found at ``starts``: its value there is the solver's equilibrium, and at
    every point of ``grid`` where its conditions hold it is a perfect Bayesian equilibrium
    (checked exactly) whose outcome the solver lists. Returns how many were checked."""
    field = RationalField(game, "x")
    solved = {x: solve(game.with_values({"x": x})) for x in set(starts) | set(grid)}
    checked = 0
    for q in starts:
        at = game.with_values({"x": q})
        for eq in solved[q].equilibria:
            try:
                piece = piece_of(game, eq, at, field, (q,))
            except NoFormulas:
                continue
            assert piece.behaviour_at((q,)) == [tuple(b) for b in eq.behaviour(at)]
            for x in grid:
                if x == q or not piece.holds_at((x,)):
                    continue
                ax = game.with_values({"x": x})
                behaviour = piece.behaviour_at((x,))
                found = annotate(ax, behaviour)
                assert found.perfect_bayesian and check_nash(ax, behaviour), (game.title, q, x)
                if solved[x].complete:
                    assert sorted(found.outcomes) in [sorted(e.outcomes) for e in solved[x].equilibria], \
                        (game.title, q, x)
                checked += 1
    return checked


@pytest.mark.parametrize("seed", range(4))
def test_pieces_of_random_signalling_trees_are_equilibria_wherever_they_hold(seed):
    game = signalling_tree(seed)
    assert check_pieces(game, [F(1, 2), F(5, 2)], [F(k) for k in range(5)]) >= 0


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4, 40))
def test_more_random_signalling_trees(seed):
    game = signalling_tree(seed)
    check_pieces(game, [F(1, 2), F(3, 2), F(5, 2), F(7, 2)], [F(k, 2) for k in range(9)])


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(12))
def test_sweeps_of_random_signalling_trees_are_the_solvers_at_every_point(seed):
    """The sweep's equilibria at every grid point: the exact solver's labels and payoffs."""
    game = signalling_tree(seed)
    s = sweep_one(game, Range.parse("x=0:4"), steps=9)
    answers = s.answers()
    for k in range(9):
        at = game.with_values({"x": s.value(k)})
        result = solve(at)
        assert sorted(a.label(game) for a in answers[k]) == sorted(eq.label(at) for eq in result.equilibria), k
        assert sorted(tuple(a.payoffs) for a in answers[k]) == sorted(tuple(eq.payoffs) for eq in result.equilibria)


def test_pieces_at_gives_every_equilibrium_or_says_which_has_no_formula():
    """The status quo of the raid has formulas; pieces_at returns one piece per equilibrium."""
    game = load_game("two_stage_raid")
    at = game.with_values({"vB": F(1, 4)})
    pieces = pieces_at(game, at, solve(at), RationalField(game, "vB"))
    assert len(pieces) == len(solve(at).equilibria) == 1


def canonical_mixtures(game, starts, grid) -> int:
    """Pieces found at ``starts`` whose mixture off the path is pinned by a tie (the most of
    its first action that deters): at every point of ``grid`` where the piece's conditions
    hold, its behaviour is one the exact solver lists there. Returns how many points were
    compared."""
    import deterrence.parametric.tree_pieces as pieces

    field = RationalField(game, "x")
    compared = 0
    for q in starts:
        at = game.with_values({"x": q})
        for eq in solve(at).equilibria:
            calls = []
            original = pieces._deterrence_bound

            def recording(*args):
                calls.append(original(*args))
                return calls[-1]

            pieces._deterrence_bound = recording
            try:
                piece = piece_of(game, eq, at, field, (q,))
            except NoFormulas:
                continue
            finally:
                pieces._deterrence_bound = original
            if not any(c is not None for c in calls):
                continue
            for x in grid:
                if not piece.holds_at((x,)):
                    continue
                ax = game.with_values({"x": x})
                assert piece.behaviour_at((x,)) in [[tuple(b) for b in e.behaviour(ax)]
                                                    for e in solve(ax).equilibria], (q, x)
                compared += 1
    return compared


@pytest.mark.parametrize("seed", [0, 1])
def test_a_mixture_off_the_path_pinned_by_a_tie_is_the_solvers_wherever_it_holds(seed):
    """The solver shows, among the off-path mixtures that deter, the one playing the first
    action most; where a single comparison of another player bounds it, the bound's root is a
    formula, and the solver shows that mixture all along the piece's stretch."""
    game = signalling_tree(seed)
    assert canonical_mixtures(game, [F(k, 2) for k in range(1, 8, 2)], [F(k, 16) for k in range(65)]) > 0


@pytest.mark.slow
@pytest.mark.parametrize("seed", [4, 9, 16, 17, 28, 29, 31, 32, 35, 37, 39])
def test_more_mixtures_off_the_path_pinned_by_ties(seed):
    game = signalling_tree(seed)
    canonical_mixtures(game, [F(k, 2) for k in range(1, 8, 2)], [F(k, 16) for k in range(65)])
