"""Trees with hidden information, solved right (issue 11): subgames by definition, the
sequence form, perfect Bayesian and sequential equilibria as exact decisions, the
Intuitive Criterion, threats that deter.

Known answers carry the source in their id; the oracles share no code with the solvers
(pygambit's subgame roots, equilibria and node values; a brute force over pure
profiles with scipy's LP; see ``tree_oracles.py``).
"""

from __future__ import annotations

import random
import textwrap
from fractions import Fraction as F
from pathlib import Path

import pytest

from deterrence.io import load_game, parse_game
from deterrence.model.expr import Const
from deterrence.model.tree import GameTree, Node
from deterrence.trees.behaviour import subgame_roots
from deterrence.trees.solver import solve_tree
from test_tree_oracle import random_tree
from test_tree_solve import BEER_QUICHE, DOMINATED_THREAT
from tree_oracles import gambit_game, outcome_of, pure_pbe_outcomes, regrets

DATA = Path(__file__).resolve().parent / "data"

gbt = pytest.importorskip("pygambit")

UDG = Path(__file__).resolve().parent / "data" / "unilateral_deterrence.toml"
HEADER = 'schema = "deterrence/1"\nkind = "tree"\n'


def udg(pc, pd):
    return load_game(str(UDG), values={"pC": F(pc), "pD": F(pd)})


def outcomes(result) -> list[dict]:
    return sorted((dict(eq.outcomes) for eq in result.equilibria), key=lambda d: sorted(d.items()))


# ------------------------------------------------------------------ subgames by definition


def test_the_defender_type_chance_nodes_are_not_subgame_roots():
    """Zagare and Kilgour's game: nature draws the Challenger's type, then the Defender's;
    below a 'Defender type' chance node the Defender's information sets reach into the
    other branch, so only the root starts a subgame (the old walk made both chance nodes
    roots, and the Defender 'knew' the Challenger's type there)."""
    game = udg("4/5", "1/5")
    assert subgame_roots(game) == (0,)


def _straddling_tree(seed: int) -> GameTree:
    """Chance moves first, then decision nodes of one level grouped at random into
    information sets across the chance branches (perfect recall not required)."""
    rng = random.Random(seed)
    players = ("A", "B")
    nodes: dict[str, Node] = {}
    count = 0

    def fresh() -> str:
        nonlocal count
        count += 1
        return f"v{count}"

    level = [("r", "chance")]
    for depth in range(4):
        nxt = []
        groups: dict[str, list[str]] = {}
        for node_id, kind in level:
            if kind == "end":
                nodes[node_id] = Node(payoffs=tuple((p, Const(F(rng.randint(-2, 3)))) for p in players))
                continue
            kids = [fresh() for _ in range(2)]
            if kind == "chance":
                nodes[node_id] = Node(actions=(("x", kids[0]), ("y", kids[1])),
                                      probabilities=(Const(F(1, 3)), Const(F(2, 3))))
            else:
                groups.setdefault(kind, []).append(node_id)
                nodes[node_id] = Node(player=kind, actions=(("a", kids[0]), ("b", kids[1])))
            for c in kids:
                roll = rng.random()
                kind_c = ("end" if depth == 3 or roll < 0.15 else
                          "chance" if roll < 0.35 else rng.choice(players))
                nxt.append((c, kind_c))
        for player, members in groups.items():
            rng.shuffle(members)
            while members:
                size = rng.choice([1, 2, 3])
                chunk, members = members[:size], members[size:]
                for m in chunk:
                    n = nodes[m]
                    nodes[m] = Node(player=n.player, actions=n.actions, infoset=f"{player}.{chunk[0]}")
        level = nxt
    for node_id, kind in level:
        if node_id not in nodes:
            nodes[node_id] = Node(payoffs=tuple((p, Const(F(rng.randint(-2, 3)))) for p in players))
    return GameTree.from_nodes(players, "r", nodes, title=f"straddling {seed}")


def _gambit_roots(game) -> set[str]:
    efg = gambit_game(game)
    return {n.label for n in efg.nodes if n.is_subgame_root and not n.is_terminal}


@pytest.mark.parametrize("seed", range(60))
def test_subgame_roots_equal_pygambits_on_trees_with_chance_above_straddling_sets(seed):
    game = _straddling_tree(seed)
    assert {game.ids[v] for v in subgame_roots(game)} == _gambit_roots(game)


def test_the_random_trees_do_straddle_chance_nodes():
    """In most of them some chance node is not a subgame root: an information set below
    it reaches into another branch (the case the old walk got wrong)."""
    games = [_straddling_tree(seed) for seed in range(60)]
    straddled = 0
    for g in games:
        roots = set(subgame_roots(g))
        straddled += any(g.is_chance(v) and v not in roots for v in range(g.size))
    assert straddled >= 20


def test_subgame_roots_equal_pygambits_on_every_catalogue_tree():
    from deterrence.io.catalogue import slugs

    for slug in slugs():
        game = load_game(slug)
        if isinstance(game, GameTree):
            assert {game.ids[v] for v in subgame_roots(game)} == _gambit_roots(game), slug


def test_a_simultaneous_move_game_after_two_chance_moves_has_no_proper_subgame():
    nodes = {"n1": Node(actions=(("h", "n2"), ("t", "n3")), probabilities=(Const(F(1, 2)),) * 2)}
    for k, c in ((2, "n2"), (3, "n3")):
        nodes[c] = Node(actions=((f"u{k}", f"a{k}1"), (f"d{k}", f"a{k}2")),
                        probabilities=(Const(F(1, 2)),) * 2)
        for j in (1, 2):
            a = f"a{k}{j}"
            nodes[a] = Node(player="A", infoset="A", actions=(("L", f"b{k}{j}l"), ("R", f"b{k}{j}r")))
            for side in "lr":
                b = f"b{k}{j}{side}"
                nodes[b] = Node(player="B", infoset="B", actions=(("x", f"z{b}x"), ("y", f"z{b}y")))
                for m in "xy":
                    nodes[f"z{b}{m}"] = Node(payoffs=(("A", Const(F(k + j))), ("B", Const(F(int(m == "x"))))))
    game = GameTree.from_nodes(["A", "B"], "n1", nodes)
    assert subgame_roots(game) == (0,)


# ------------------------------------------------------------------ the Unilateral Deterrence Game

SQ = {"SQ": F(1)}

UDG_REGIONS = [
    # (pC, pD, the outcome distributions of the perfect Bayesian equilibria, and whether
    # the deterrence equilibrium survives the Intuitive Criterion)
    pytest.param("4/5", "1/5", [{"DC": F(4, 5), "DD": F(4, 25), "CD": F(1, 25)}, SQ], True,
                 id="zagare-kilgour-2000-ch4-attack"),
    pytest.param("3/5", "2/5", [{"SQ": F(2, 5), "DC": F(9, 25), "DD": F(6, 25)}, SQ], False,
                 id="zagare-kilgour-2000-ch4-separating"),
    pytest.param("1/4", "1/5", [{"SQ": F(1, 2), "DC": F(1, 3), "CD": F(1, 12), "DD": F(1, 12)}, SQ],
                 True, id="zagare-kilgour-2000-ch4-bluff"),
    pytest.param("3/5", "3/5", [SQ], True, id="zagare-kilgour-2000-ch4-deterrence"),
]


@pytest.mark.parametrize("pc, pd, expected, deterrence_is_intuitive", UDG_REGIONS)
def test_unilateral_deterrence_regions_in_the_default_answer(pc, pd, expected,
                                                             deterrence_is_intuitive):
    """By hand: a hard Defender always resists, a soft one when a demand is hard with
    probability below 1/2; a hard Challenger demands when resistance comes with
    probability below 1/2, a soft one below 1/3. Attack: both demand (pC > 1/2,
    pD < 1/3), the soft Defender concedes. Separating: only the hard Challenger demands
    (1/3 < pD < 1/2). Bluff: the soft Challenger demands with probability
    pC/(1 - pC), the soft Defender resists with (1/3 - pD)/(1 - pD) (pC < 1/2,
    pD < 1/3). Deterrence (nobody demands) everywhere, on the belief that a demand
    comes from a soft Challenger often enough. Nothing else, and the solver proves it.

    The Intuitive Criterion: where pD > 1/3 a soft Challenger would lose by demanding
    even if the soft Defender conceded (4 - 3 pD < 3), so a demand should be read as
    hard, the soft Defender would concede, and a hard Challenger gains (4 - 2 pD > 3):
    deterrence fails the criterion in the separating region (pD < 1/2); where pD > 1/2
    the hard Challenger would not gain either, and it survives."""
    result = solve_tree(udg(pc, pd))
    assert result.concept == "perfect-bayesian" and result.complete
    assert sorted(map(str, outcomes(result))) == sorted(map(str, expected))
    for eq in result.equilibria:
        assert eq.perfect_bayesian and eq.subgame_perfect and eq.sequential
        if dict(eq.outcomes) == SQ:
            assert eq.intuitive_criterion is deterrence_is_intuitive, eq.intuitive_reason
        else:
            assert eq.intuitive_criterion is True  # every answered message is sent


def test_the_attack_equilibrium_of_the_issue_is_perfect_bayesian_and_reaches_every_set():
    game = udg("4/5", "1/5")
    [attack] = [eq for eq in solve_tree(game).equilibria if "DC" in dict(eq.outcomes)]
    label = {game.decision_point(h): game.infoset_actions(h)[list(attack.probabilities(game, h)).index(1)]
             for h in range(game.n_infosets)}
    assert label == {"hard Challenger": "Demand", "soft Challenger": "Demand",
                     "hard Defender": "Resist", "soft Defender": "Concede",
                     "hard Challenger, resisted": "Fight", "soft Challenger, resisted": "Back down"}
    assert not attack.off_path_beliefs and not attack.incredible_threats


# ------------------------------------------------------------------ Selten's horse

HORSE = parse_game(HEADER + textwrap.dedent("""
    title = "Selten's horse"
    players = ["One", "Two", "Three"]
    root = "one"
    [nodes.one]
    player = "One"
    actions = { Across = "two", Down = "three_left" }
    [nodes.two]
    player = "Two"
    actions = { Across = "aa", Down = "three_right" }
    [nodes.three_left]
    player = "Three"
    infoset = "Three"
    actions = { L = "dl", R = "dr" }
    [nodes.three_right]
    player = "Three"
    infoset = "Three"
    actions = { L = "adl", R = "adr" }
    [outcomes.aa]
    payoffs = { One = 1, Two = 1, Three = 1 }
    [outcomes.dl]
    payoffs = { One = 3, Two = 3, Three = 2 }
    [outcomes.dr]
    payoffs = { One = 0, Two = 0, Three = 0 }
    [outcomes.adl]
    payoffs = { One = 4, Two = 4, Three = 0 }
    [outcomes.adr]
    payoffs = { One = 1, Two = 1, Three = 1 }
"""), "horse.toml")


def test_seltens_horse_down_left_is_subgame_perfect_but_not_sequential():
    """Selten (1975): (Down, Across, L) is a Nash equilibrium and, with no proper subgame,
    subgame perfect; but Two, if asked, would go Down (4 > 1): its Across is a threat
    that keeps One from going Across. (Across, Across, R) with Three believing it is
    after Down with probability at most 1/3 is sequential."""
    game = HORSE
    nash = solve_tree(game, concept="nash")
    down_left = next(eq for eq in nash.equilibria if dict(eq.outcomes) == {"dl": F(1)})
    assert down_left.subgame_perfect and not down_left.perfect_bayesian and not down_left.sequential
    [threat] = down_left.incredible_threats
    assert game.decision_point(threat.infoset) == "two" and threat.gain == 3
    assert game.players[threat.deters[0]] == "One"
    sequential = solve_tree(game, concept="sequential")
    assert {"aa": F(1)} in [dict(eq.outcomes) for eq in sequential.equilibria]
    assert {"dl": F(1)} not in [dict(eq.outcomes) for eq in sequential.equilibria]
    across = next(eq for eq in sequential.equilibria if dict(eq.outcomes) == {"aa": F(1)})
    [(_, belief)] = across.off_path_beliefs
    assert belief[0] <= F(1, 3)


# ------------------------------------------------------------------ signalling


def test_beer_quiche_quiche_pooling_fails_the_intuitive_criterion():
    """Cho and Kreps (1987): pooling on quiche rests on the belief that a beer drinker is
    weak; but the weak type would lose by beer whatever the answer (3 > 2), while the
    strong type, recognised, gains (3 > 2). Pooling on beer survives."""
    result = solve_tree(BEER_QUICHE)
    verdicts = {tuple(dict(eq.outcomes)): eq for eq in result.equilibria}
    quiche = verdicts[("quiche, no duel",)]
    beer = verdicts[("beer, no duel",)]
    assert quiche.intuitive_criterion is False and beer.intuitive_criterion is True
    assert "'weak' can only lose" in quiche.intuitive_reason and "'Beer'" in quiche.intuitive_reason
    assert quiche.sequential and beer.sequential  # both are sequential: the criterion refines further
    doc = quiche.to_json(BEER_QUICHE)
    assert doc["intuitive_criterion"] is False and "strong" in doc["intuitive_criterion_reason"]


def test_two_sided_uncertainty_deterrence_survives_the_intuitive_criterion():
    """The deterrence equilibria rest on the belief that a challenger is soft enough; the
    criterion cannot rule that out, because either Challenger type would gain from a
    challenge the Defender concedes."""
    game = load_game("two_sided_uncertainty")
    result = solve_tree(game)
    deterrence = [eq for eq in result.equilibria if dict(eq.outcomes) == {"status quo": F(1)}]
    assert deterrence
    for eq in deterrence:
        assert eq.intuitive_criterion is True
        assert "no type is equilibrium-dominated" in eq.intuitive_reason
        assert eq.off_path_beliefs  # the Defender's beliefs after a challenge
    assert result.complete


def test_the_criterion_does_not_apply_where_the_first_mover_has_no_private_information():
    [eq] = solve_tree(load_game("punishment_credibility")).equilibria
    assert eq.intuitive_criterion is None and "one type" in eq.intuitive_reason


@pytest.mark.parametrize("concept", ["subgame-perfect", "nash"])
def test_a_perfect_information_tree_has_no_criterion_verdict_whichever_route_finds_it(concept):
    """Backward induction leaves the verdict and its reason empty (no beliefs to restrict);
    the mixtures over the Defender's tie at d = V, found by the sequence form, said
    "applies to sender-receiver games" instead, and so did a sweep's points."""
    game = load_game("punishment_deterrence").with_values({"d": 1})
    equilibria = solve_tree(game, concept=concept).equilibria
    assert any(not eq.is_pure for eq in equilibria)
    for eq in equilibria:
        assert eq.intuitive_criterion is None and eq.intuitive_reason == ""


@pytest.mark.parametrize("p, action", [(F(1, 3), "Enter"), (F(2, 3), "Stay out")],
                         ids=["kreps-wilson-1982-weak-incumbent", "kreps-wilson-1982-tough-incumbent"])
def test_entry_with_a_tough_or_weak_incumbent_is_proven_complete(p, action):
    game = load_game("entry_deterrence", values={"p": p})
    result = solve_tree(game)
    assert result.complete
    [eq] = result.equilibria
    entrant = game.infoset_labels.index("Entrant")
    assert game.infoset_actions(entrant)[eq.probabilities(game, entrant).index(1)] == action


# ------------------------------------------------------------------ threats that are threats


def test_restraint_is_not_a_threat():
    """A prescription that is not optimal but deters nobody (here the Defender gives away
    more than it must, which only invites the challenge) fails subgame perfection
    without being an incredible threat."""
    game = parse_game(HEADER + textwrap.dedent("""
        title = "Restraint"
        players = ["Challenger", "Defender"]
        root = "start"
        [nodes.start]
        player = "Challenger"
        actions = { Challenge = "respond", "Status quo" = "sq" }
        [nodes.respond]
        player = "Defender"
        actions = { Retaliate = "war", Acquiesce = "concede" }
        [outcomes.sq]
        payoffs = { Challenger = 0, Defender = 0 }
        [outcomes.war]
        payoffs = { Challenger = -1, Defender = 1 }
        [outcomes.concede]
        payoffs = { Challenger = 1, Defender = -1 }
    """), "restraint.toml")
    nash = solve_tree(game, concept="nash")
    # the Defender would retaliate (1 > -1): Acquiesce anywhere is restraint, Retaliate deters
    for eq in nash.equilibria:
        assert not eq.incredible_threats
    from deterrence.trees.annotate import annotate

    lenient = annotate(game, [(F(1), F(0)), (F(0), F(1))])  # challenge, acquiesce: not Nash
    assert not lenient.subgame_perfect and not lenient.incredible_threats
    assert [game.decision_point(t.infoset) for t in lenient.not_optimal] == ["respond"]


def test_the_fallback_names_a_changed_decision_point_below_a_chance_root():
    """A deviation that pays only together with a move the player's own first move rules
    out, in a subgame that starts at a chance node: it is named at a decision point the
    deviation changes, never at a chance node, and never with the prescribed action as
    the better one."""
    nodes = {"c": Node(actions=(("h", "x1"), ("t", "x2")), probabilities=(Const(F(1, 2)),) * 2)}
    for k in (1, 2):
        nodes[f"x{k}"] = Node(player="A", infoset="first", actions=(("Safe", f"s{k}"), ("Go", f"y{k}")))
        nodes[f"y{k}"] = Node(player="A", infoset="second", actions=(("Left", f"l{k}"), ("Right", f"r{k}")))
        nodes[f"s{k}"] = Node(payoffs=(("A", Const(F(1))), ("B", Const(F(0)))))
        nodes[f"l{k}"] = Node(payoffs=(("A", Const(F(0))), ("B", Const(F(0)))))
        nodes[f"r{k}"] = Node(payoffs=(("A", Const(F(3))), ("B", Const(F(0)))))
    nodes["b"] = Node(player="B", actions=(("go", "c"),))
    game = GameTree.from_nodes(["A", "B"], "b", nodes)
    from deterrence.trees.annotate import annotate

    eq = annotate(game, [(F(1),), (F(1), F(0)), (F(1), F(0))])  # B go; A Safe; A Left
    assert not eq.subgame_perfect
    for t in eq.not_optimal + eq.incredible_threats:
        assert game.infoset[t.node] == t.infoset >= 0
        assert eq.probabilities(game, t.infoset)[t.better] != 1


def test_the_dominated_threat_deters_the_sender():
    nash = solve_tree(DOMINATED_THREAT, concept="nash")
    out = [eq for eq in nash.equilibria if dict(eq.outcomes) == {"out": F(1)}]
    threat = out[0].incredible_threats[0]
    assert DOMINATED_THREAT.players[threat.deters[0]] == "Sender"
    assert "it keeps Sender from In" in threat.sentence(DOMINATED_THREAT)


# ------------------------------------------------------------------ random trees against pygambit


def _small_random_trees(count: int = 110):
    from deterrence.trees.reduced_form import reduced_form

    out = []
    for seed in range(1000, 3000):
        game = random_tree(seed)
        if game.is_perfect_information or not game.has_chance:
            continue
        rows, columns = reduced_form(game).normal.shape
        if rows * columns > 64:
            continue
        out.append(seed)
        if len(out) >= count:
            break
    return out


SEEDS = _small_random_trees()


def _gambit_equilibria(game) -> list[tuple[frozenset, list]]:
    """pygambit's extreme equilibria of the reduced strategic form: outcome distribution
    and behaviour profile (indexed like ours) of each."""
    efg = gambit_game(game)
    sets = {h.label: h for p in efg.players for h in p.infosets}
    out = []
    for eq in gbt.nash.enummixed_solve(efg, rational=True).equilibria:
        b = eq.as_behavior()
        dist = frozenset((n.label, F(str(b.realiz_prob(n)))) for n in efg.nodes
                         if n.is_terminal and b.realiz_prob(n) != 0)
        behaviour = []
        for h in range(game.n_infosets):
            theirs = sets[game.infoset_labels[h]]
            probs = [F(str(b[a])) if b.is_defined_at(theirs) else F(0) for a in theirs.actions]
            if not sum(probs):
                probs = [F(int(j == 0)) for j in range(len(probs))]
            behaviour.append(tuple(probs))
        out.append((dist, behaviour))
    return out


def _in_some_maximal_subset(game, behaviour) -> bool:
    """Whether the realization plans of ``behaviour`` lie in the convex hull of one of
    the maximal Nash subsets the sequence form reports (exact LP)."""
    from deterrence.nash.lp import maximize
    from deterrence.trees.sequence_form import extreme_equilibria, sequence_form

    form = sequence_form(game)
    nash = extreme_equilibria(form)
    x, y = form.plan_of(0, behaviour), form.plan_of(1, behaviour)

    def inside(points, target) -> bool:
        A_eq = [[p[i] for p in points] for i in range(len(target))] + [[F(1)] * len(points)]
        return maximize([0] * len(points), A_eq=A_eq, b_eq=list(target) + [F(1)]).is_optimal

    for component in nash.components:
        for subset in component.maximal_subsets:
            xs = sorted({nash.pairs[k][0] for k in subset})
            ys = sorted({nash.pairs[k][1] for k in subset})
            if inside(xs, x) and inside(ys, y):
                return True
    return False


def test_there_are_at_least_100_such_trees():
    assert len(SEEDS) >= 100


@pytest.mark.parametrize("seed", SEEDS)
def test_nash_outcome_distributions_equal_pygambits_and_refined_ones_have_no_regret(seed):
    """Both lists are every extreme equilibrium: ours of the sequence form (realization
    plans), pygambit's of the reduced strategic form. A mixed strategy maps linearly to
    its realization plan, so every extreme point of ours is the image of one of
    pygambit's, and every one of pygambit's lies in one of our maximal Nash subsets: the
    same equilibrium set, and our outcome distributions are among pygambit's (where no
    continuum blurs extreme points, which is most trees, the two sets are equal).
    Every refined equilibrium has zero regret at every information set given the
    beliefs it reports (pygambit's node values), and its beliefs on the path are
    pygambit's."""
    game = random_tree(seed)
    nash = solve_tree(game, concept="nash")
    assert nash.complete
    theirs = _gambit_equilibria(game)
    ours = {outcome_of(game, eq) for eq in nash.equilibria}
    assert ours <= {dist for dist, _ in theirs}
    if not any(c.is_continuum for c in nash.components):
        assert ours == {dist for dist, _ in theirs}
    for _, behaviour in theirs:
        assert _in_some_maximal_subset(game, behaviour)
    refined = solve_tree(game)
    assert refined.equilibria
    for eq in refined.equilibria:
        assert all(r == 0 for r in regrets(game, eq).values())


@pytest.mark.parametrize("seed", SEEDS[:40])
def test_both_routes_give_the_same_nash_outcome_distributions(seed):
    """The sequence form and the reduced strategic form describe one equilibrium set: the
    same outcome distributions where neither has a continuum, and otherwise every extreme
    equilibrium of the reduced form lies in a maximal Nash subset of the sequence form's
    (its extreme points may map inside one)."""
    game = random_tree(seed)
    sequence = solve_tree(game, concept="nash")
    reduced = solve_tree(game, concept="nash", method="reduced-form")
    assert sequence.method.startswith("sequence form") and reduced.method.startswith("reduced")
    ours = {outcome_of(game, eq) for eq in sequence.equilibria}
    theirs = {outcome_of(game, eq) for eq in reduced.equilibria}
    assert ours <= theirs
    if not any(c.is_continuum for c in sequence.components):
        assert ours == theirs
    for eq in reduced.equilibria:
        assert _in_some_maximal_subset(game, eq.behaviour(game))


@pytest.mark.parametrize("seed", range(120))
def test_a_complete_perfect_bayesian_list_holds_every_pure_one_found_by_brute_force(seed):
    """Where the solver says the list is complete, no pure perfect Bayesian equilibrium
    (found by brute force over pure profiles, beliefs by scipy's LP) has an outcome
    distribution missing from it."""
    game = random_tree(seed)
    if game.is_perfect_information:
        pytest.skip("perfect information: backward induction")
    result = solve_tree(game, concept="perfect-bayesian")
    brute = pure_pbe_outcomes(game)
    if brute is None:
        pytest.skip("too many pure profiles for the brute force")
    listed = {outcome_of(game, eq) for eq in result.equilibria}
    if result.complete:
        assert brute <= listed
    for eq in result.equilibria:
        assert all(r == 0 for r in regrets(game, eq).values())


@pytest.mark.slow
def test_completeness_is_claimed_often_enough_to_matter():
    complete = 0
    for seed in range(60):
        game = random_tree(seed)
        if not game.is_perfect_information and solve_tree(game, concept="perfect-bayesian").complete:
            complete += 1
    assert complete >= 10


# ------------------------------------------------------------------ explanations and readers


def _explain_lines(name: str) -> int:
    from click.testing import CliRunner

    from deterrence.cli import cli

    out = CliRunner().invoke(cli, ["explain", name], env={"COLUMNS": "100"}).output
    return len(out.splitlines())


def test_the_pool_explanation_is_short_again():
    """It was 10,389 lines, 1,990 of them 'not credible' (restraint included)."""
    assert _explain_lines("export_control_pool") <= 150


@pytest.mark.slow
def test_no_catalogue_tree_explanation_runs_past_150_lines():
    from deterrence.io.catalogue import slugs

    for slug in slugs():
        if isinstance(load_game(slug), GameTree):
            assert _explain_lines(slug) <= 150, slug


def test_explain_writes_bayes_rule_and_solves_the_indifference():
    from deterrence.teaching.explain_tree import explain_tree

    # the catalogue's earlier version, with a mixed equilibrium at its defaults
    e = explain_tree(load_game(DATA / "two_sided_mixed.toml"))
    solved = {(i.point, i.unknown[1]): i.solution for i in e.indifferences if i.unknown}
    assert solved[("Defender (soft)", "Challenger (soft)")] == F(2, 3)
    assert solved[("Challenger (soft)", "Defender (soft)")] == F(1, 2)
    assert any(b.text == "P(d_hs | 'Defender (soft)') = 1/3 / (1/3 + 2/9) = 3/5" for b in e.bayes)


def _bench_tree(n: int, seed: int):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_trees", Path(__file__).resolve().parent.parent / "benchmarks" / "bench_trees.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.random_tree(n, seed=seed)


@pytest.mark.parametrize("seed", range(6))
def test_the_fast_efg_reader_reads_what_the_careful_one_reads(seed, monkeypatch):
    import deterrence.io.gambit_efg as efg
    from deterrence.io.gambit_efg_fast import read_fast

    monkeypatch.setattr(efg, "FAST_FROM", 10 ** 12)  # read_efg: the careful reader only
    for game in (_bench_tree(3000, seed), random_tree(seed, depth=4), _straddling_tree(seed)):
        text = efg.write_efg(game)
        fast = read_fast(text)
        assert fast is not None and fast == efg.read_efg(text)


def test_the_fast_efg_reader_gives_way_on_anything_unusual():
    import deterrence.io.gambit_efg as efg
    from deterrence.io.gambit_efg_fast import read_fast

    text = efg.write_efg(load_game("two_sided_uncertainty"))
    assert read_fast(text) == efg.read_efg(text)
    lines = text.splitlines()
    broken = [
        "\n".join(lines[:-1]) + "\n",                      # the tree ends early
        text + 't "" 99 "extra" { 0, 0 }\n',               # nodes after the end
        text.replace("{ \"Resist\" \"Concede\" }", "{ }", 1),  # no actions
        text.replace(" 1 \"", " 9 \"", 1) if ' 1 "' in text else text + "x",
        text.replace("p \"", "p\n\"", 1),                  # a node over two lines
    ]
    for bad in broken:
        assert read_fast(bad) is None or read_fast(bad) == efg.read_efg(bad)


def test_large_files_are_read_alike_by_both_ways():
    """A 3,000-node tree: .efg and TOML above the fast readers' thresholds read to the
    tree that was written, and the TOML fast path agrees with tomllib."""
    import tomllib

    from deterrence.io import parse_game
    from deterrence.io.gambit_efg import write_efg
    from deterrence.io.toml_document import _parse_float
    from deterrence.io.toml_fast import loads
    from deterrence.io.toml_tree import write_tree

    game = _bench_tree(3000, 7)
    assert parse_game(write_efg(game), "t.efg", "efg") == game
    text = write_tree(game)
    assert loads(text, _parse_float) == tomllib.loads(text, parse_float=_parse_float)
    assert parse_game(text, "t.toml") == game
    odd = text.replace('player = "P1"', 'player = "P1"  # a comment', 1)
    assert loads(odd, _parse_float) is None  # not the simple shape: tomllib reads it
    assert parse_game(odd, "t.toml") == game
