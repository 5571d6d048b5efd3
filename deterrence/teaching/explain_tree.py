"""Step-by-step explanations of the solution of a game tree, as a textbook gives them.

:func:`explain_tree` returns a :class:`TreeExplanation`: plain data that
:mod:`deterrence.views.tree_explain` renders and :meth:`TreeExplanation.to_json`
serialises (schema ``deterrence.explain/1``). The steps:

1. **backward induction, decision by decision**: on a tree of perfect
   information every node, deepest first, with what its mover compares
   (:class:`NodeStep`); with information sets every decision point of the
   answer's first equilibrium, deepest first, with the belief there and the
   expected payoff of each action (:class:`ChoiceStep`);
2. **indifference** (:class:`TreeIndifference`): where the equilibrium mixes
   at a decision point, the equation that makes its mover indifferent, solved
   for the probability of the other player's mixed move it depends on;
3. **Bayes' rule written out** (:class:`BayesStep`): each belief on the path
   as the product of the probabilities that lead to each node, over their sum;
4. **credibility**: the Nash equilibria that rest on incredible threats
   (:class:`ThreatStep`), the distinct threats counted.

Repeated structure (a pool's many alike decisions) is summarised by the view.

Example
-------
>>> from deterrence import load_game
>>> e = explain_tree(load_game("two_sided_uncertainty"))
>>> [b.text for b in e.bayes][:1]
["P(c_hh | 'Challenger (hard)') = 1/6 / (1/6 + 1/3) = 1/3"]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from deterrence.model.display import Displayable, short_repr
from deterrence.model.envelope import envelope
from deterrence.model.expr import format_fraction
from deterrence.model.numbers import number

EXPLAIN_SCHEMA = "deterrence.explain/1"

#: Largest tree whose Nash equilibria are searched for incredible threats.
THREAT_SEARCH_LIMIT = 2000
#: Largest sequence-form polyhedron (dimension) searched for incredible threats.
THREAT_SEARCH_DIMENSION = 14
#: Most equilibria of the answer explained decision by decision.
EXPLAINED_EQUILIBRIA = 2


@dataclass(frozen=True)
class NodeStep:
    """One node of backward induction: what its mover compares, and the choice.

    Parameters
    ----------
    node:
        Node number.
    player:
        Index of the mover, or ``None`` at a chance node.
    options:
        Per action: ``(label, probability or None, continuation payoffs)``;
        the continuation payoffs are what every player gets from there on
        (expected, where chance moves later).
    chosen:
        Indices of the best actions (several on a tie); empty at a chance node.
    prescribed:
        The action the subgame-perfect equilibrium shown prescribes.
    value:
        The node's value: the continuation payoffs of the prescribed action,
        or the expectation over a chance node's branches.
    """

    node: int
    player: int | None
    options: tuple[tuple[str, Fraction | None, tuple[Fraction, ...]], ...]
    chosen: tuple[int, ...]
    prescribed: int
    value: tuple[Fraction, ...]

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        return {
            "node": game.ids[self.node],
            "player": None if self.player is None else game.players[self.player],
            "chance": self.player is None,
            "options": [{"action": label,
                         "probability": None if p is None else number(p, as_float),
                         "payoffs": {q: number(v, as_float) for q, v in zip(game.players, values)}}
                        for label, p, values in self.options],
            "best": [self.options[k][0] for k in self.chosen],
            "prescribed": None if self.prescribed < 0 else self.options[self.prescribed][0],
            "value": {q: number(v, as_float) for q, v in zip(game.players, self.value)},
        }


@dataclass(frozen=True)
class ThreatStep:
    """A Nash equilibrium that rests on an incredible threat, and the threats."""

    equilibrium: str
    threats: tuple[str, ...]

    def to_json(self, game=None, as_float: bool = False) -> dict[str, Any]:
        return {"equilibrium": self.equilibrium, "incredible_threats": list(self.threats)}


@dataclass(frozen=True)
class InfosetStep:
    """A choice at an information set of several nodes, made against beliefs.

    ``belief`` gives the probability of each node; ``options`` each action's
    expected payoff to the mover under that belief, play continuing as the
    equilibrium prescribes; ``prescribed`` the equilibrium's probabilities.
    """

    equilibrium: str
    point: str
    player: int
    belief: tuple[tuple[str, Fraction], ...]
    options: tuple[tuple[str, Fraction], ...]
    prescribed: tuple[Fraction, ...]
    on_path: bool

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        return {"equilibrium": self.equilibrium, "at": self.point, "player": game.players[self.player],
                "on_path": self.on_path,
                "belief": {node: number(p, as_float) for node, p in self.belief},
                "expected": {a: number(v, as_float) for a, v in self.options},
                "prescribed": {a: number(p, as_float) for (a, _), p in zip(self.options, self.prescribed)}}


@dataclass(frozen=True)
class ChoiceStep(InfosetStep):
    """A decision point of a tree with information sets, in the order backward induction
    takes them (deepest first): the belief (one node: certainty), each action's expected
    payoff to the mover, and what the equilibrium plays. ``how`` says where the belief
    comes from: ``"on path"``, ``"Bayes"`` (off the path, from the others' play) or
    ``"free"`` (off the path, Bayes' rule silent: a belief that supports the play)."""

    how: str = "on path"

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        return {**super().to_json(game, as_float), "belief_from": self.how}


@dataclass(frozen=True)
class TreeIndifference:
    """Why a mover mixes: the other player's mixed move makes it indifferent.

    ``unknown`` names the other player's decision point and action whose probability
    ``q`` is solved for; ``sides`` are the mover's expected payoffs of the mixed
    actions as text in ``q`` (each node weighted by how likely the others and chance
    lead there, before dividing by the total); ``solution`` the value of ``q``.
    """

    equilibrium: str
    point: str
    player: int
    actions: tuple[str, ...]
    unknown: tuple[str, str, str] | None  # (player, decision point, action)
    sides: tuple[str, ...]
    solution: Fraction | None
    note: str = ""

    @property
    def equation_text(self) -> str:
        return " = ".join(self.sides)

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        return {"equilibrium": self.equilibrium, "at": self.point, "player": game.players[self.player],
                "indifferent_between": list(self.actions),
                "unknown": None if self.unknown is None else
                {"player": self.unknown[0], "at": self.unknown[1], "action": self.unknown[2]},
                "equation": self.equation_text,
                "solution": None if self.solution is None else number(self.solution, as_float),
                "note": self.note}


@dataclass(frozen=True)
class BayesStep:
    """A belief by Bayes' rule: ``node``'s weight (the product of the chance and other
    players' probabilities on its path) over the weights of its decision point."""

    equilibrium: str
    point: str
    node: str
    weights: tuple[tuple[str, Fraction], ...]
    value: Fraction

    @property
    def text(self) -> str:
        mine = dict(self.weights)[self.node]
        total = " + ".join(format_fraction(w) for _, w in self.weights)
        return (f"P({self.node} | {self.point!r}) = {format_fraction(mine)} / ({total}) = "
                f"{format_fraction(self.value)}")

    def to_json(self, game=None, as_float: bool = False) -> dict[str, Any]:
        return {"equilibrium": self.equilibrium, "at": self.point, "node": self.node,
                "weights": {n: number(w, as_float) for n, w in self.weights},
                "value": number(self.value, as_float), "text": self.text}


@dataclass(frozen=True, repr=False)
class TreeExplanation(Displayable):
    """The steps of the solution of a game tree.

    ``steps`` is backward induction node by node (perfect information only,
    deepest nodes first); ``choices`` the same, decision point by decision point,
    for trees with information sets; ``result`` the solver's answer in the default
    concept; ``threats`` the Nash equilibria that rest on incredible threats;
    ``beliefs`` per explained equilibrium, the beliefs at information sets of
    several nodes; ``decisions`` the choices made against them; ``indifferences``
    and ``bayes`` the equations behind mixed moves and beliefs; ``nash_count`` the
    number of Nash equilibria searched for threats.
    """

    game: Any
    steps: tuple[NodeStep, ...]
    result: Any
    threats: tuple[ThreatStep, ...]
    beliefs: tuple[tuple[str, tuple[tuple[str, tuple[tuple[str, Fraction], ...]], ...]], ...]
    notes: tuple[str, ...] = ()
    decisions: tuple[InfosetStep, ...] = ()
    choices: tuple[ChoiceStep, ...] = ()
    indifferences: tuple[TreeIndifference, ...] = ()
    bayes: tuple[BayesStep, ...] = ()
    nash_count: int = 0

    kind = "tree"

    display_as = "tree-explanation"

    def __repr__(self) -> str:
        return short_repr(type(self).__name__, repr(self.game.title))

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        game = self.game
        return {
            **envelope(EXPLAIN_SCHEMA, game, as_float),
            "steps": [
                {"step": "backward-induction", "nodes": [s.to_json(game, as_float) for s in self.steps],
                 "choices": [c.to_json(game, as_float) for c in self.choices]},
                {"step": "beliefs", "equilibria": [
                    {"equilibrium": label, "beliefs": {
                        point: {node: number(p, as_float) for node, p in probs} for point, probs in sets}}
                    for label, sets in self.beliefs],
                 "bayes_rule": [b.to_json(game, as_float) for b in self.bayes]},
                {"step": "decisions-under-beliefs",
                 "decisions": [d.to_json(game, as_float) for d in self.decisions],
                 "indifference": [i.to_json(game, as_float) for i in self.indifferences]},
                {"step": "credibility", "equilibria": [t.to_json(game, as_float) for t in self.threats],
                 "nash_equilibria": self.nash_count},
            ],
            "result": self.result.to_json(as_float),
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------- computing


def backward_steps(game, prescription) -> tuple[NodeStep, ...]:
    """Backward induction node by node, deepest first, following ``prescription``.

    ``prescription`` is a :class:`~deterrence.trees.result.TreeEquilibrium`
    (pure, of a tree of perfect information): where the mover is indifferent
    it says which best action the equilibrium takes.
    """
    leaves = game.path_payoffs
    value: dict[int, tuple[Fraction, ...]] = {}
    steps = []
    for v in range(game.size - 1, -1, -1):
        if game.is_terminal(v):
            value[v] = tuple(Fraction(x) for x in leaves[v])
            continue
        kids = game.children(v)
        labels = game.actions(v)
        if game.is_chance(v):
            probs = [game.probability(e) for e in game.edges(v)]
            total = tuple(sum((p * value[c][i] for p, c in zip(probs, kids)), Fraction(0))
                          for i in range(game.n_players))
            options = tuple((label, p, value[c]) for label, p, c in zip(labels, probs, kids))
            steps.append(NodeStep(v, None, options, (), -1, total))
            value[v] = total
            continue
        m = int(game.mover[v])
        own = [value[c][m] for c in kids]
        best = max(own)
        chosen = tuple(k for k, x in enumerate(own) if x == best)
        prescribed = int(prescription.choice[int(game.infoset[v])])
        if prescribed not in chosen:  # pragma: no cover - the solver's answer is verified
            prescribed = chosen[0]
        options = tuple((label, None, value[c]) for label, c in zip(labels, kids))
        value[v] = value[kids[prescribed]]
        steps.append(NodeStep(v, m, options, chosen, prescribed, value[v]))
    return tuple(steps)


def explain_tree(game) -> TreeExplanation:
    """Explain the solution of a game tree: backward induction, beliefs, credibility."""
    from deterrence.trees.solver import solve_tree

    result = solve_tree(game)
    notes = list(result.warnings)
    steps: tuple[NodeStep, ...] = ()
    if game.is_perfect_information and result.equilibria:
        steps = backward_steps(game, result.equilibria[0])
        if steps and steps[-1].value != tuple(result.equilibria[0].payoffs):  # pragma: no cover
            raise AssertionError("backward induction disagrees with the solver")
        if len(result.equilibria) > 1:
            notes.append(f"a player is indifferent somewhere: there are {len(result.equilibria)} "
                         "subgame-perfect equilibria; the steps follow the first")
    threats, nash_count = _threats(game, notes)
    beliefs = []
    decisions: list[InfosetStep] = []
    choices: list[ChoiceStep] = []
    indifferences: list[TreeIndifference] = []
    bayes: list[BayesStep] = []
    for k, eq in enumerate(result.equilibria):
        sets = tuple((game.decision_point(h), tuple((game.ids[v], p) for v, p in zip(game.members[h], probs)))
                     for h, probs in tuple(eq.beliefs) + tuple(eq.off_path_beliefs))
        if sets:
            beliefs.append((eq.label(game), sets))
            decisions += _decisions(game, eq)
        if k < EXPLAINED_EQUILIBRIA and not game.is_perfect_information:
            choices += _choices(game, eq)
            indifferences += _indifferences(game, eq)
            bayes += _bayes(game, eq)
    return TreeExplanation(game, steps, result, tuple(threats), tuple(beliefs), tuple(notes),
                           tuple(decisions), tuple(choices), tuple(indifferences), tuple(bayes),
                           nash_count)


def _threats(game, notes: list[str]) -> tuple[list[ThreatStep], int]:
    from deterrence.errors import DeterrenceError
    from deterrence.trees.solver import solve_tree

    if game.size > THREAT_SEARCH_LIMIT or game.n_players != 2:
        return [], 0
    if game.has_perfect_recall:
        from deterrence.trees.sequence_form import sequence_form

        form = sequence_form(game)
        (n1, n2), (h1, h2) = form.n_sequences, (len(form.infosets[0]), len(form.infosets[1]))
        if max(n1 - h1 + h2, n2 - h2 + h1) > THREAT_SEARCH_DIMENSION:
            notes.append("Nash equilibria not searched for incredible threats: the tree has too "
                         "many decision points whose threats could combine (see solve --concept nash)")
            return [], 0
    try:
        nash = solve_tree(game, concept="nash")
    except DeterrenceError as exc:
        notes.append(f"Nash equilibria not searched for incredible threats: {exc.message}")
        return [], 0
    out = [ThreatStep(eq.label(game), tuple(t.sentence(game) for t in eq.incredible_threats))
           for eq in nash.equilibria if eq.incredible_threats]
    return out, len(nash.equilibria)


def _decisions(game, eq) -> list[InfosetStep]:
    """The choice at each information set with beliefs: expected payoffs of the actions."""
    from deterrence.trees.behaviour import action_values, node_values

    behaviour = eq.behaviour(game)
    values = node_values(game, behaviour)
    label = eq.label(game)
    out = []
    on_path = {h for h, _ in eq.beliefs}
    for h, probs in tuple(eq.beliefs) + tuple(eq.off_path_beliefs):
        expected = action_values(game, values, h, probs)
        actions = game.infoset_actions(h)
        out.append(InfosetStep(label, game.decision_point(h), game.infoset_player[h],
                               tuple((game.ids[v], p) for v, p in zip(game.members[h], probs)),
                               tuple(zip(actions, expected)), tuple(behaviour[h]), h in on_path))
    return out


def _choices(game, eq) -> list[ChoiceStep]:
    """Every decision point of ``eq``, deepest first, with its belief and comparison."""
    from deterrence.trees.assessment import assess
    from deterrence.trees.behaviour import action_values, node_values

    behaviour = eq.behaviour(game)
    values = node_values(game, behaviour)
    assessment = assess(game, behaviour, sequential=False)
    shown = dict(eq.beliefs) | dict(eq.off_path_beliefs)
    label = eq.label(game)
    out = []
    for d in sorted(assessment.decisions, key=lambda d: -max(game.members[d.infoset])):
        h = d.infoset
        belief = shown.get(h, d.belief)
        if belief is None:
            continue
        expected = action_values(game, values, h, belief)
        out.append(ChoiceStep(label, game.decision_point(h), game.infoset_player[h],
                              tuple((game.ids[v], p) for v, p in zip(game.members[h], belief)),
                              tuple(zip(game.infoset_actions(h), expected)), tuple(behaviour[h]),
                              d.how == "on path", d.how))
    return out


def _weighted_values(game, behaviour, h):
    """The mover's unnormalised expected payoff of each action at ``h``: each node weighted
    by how likely chance and the other players lead there from the smallest subgame."""
    from deterrence.trees.behaviour import infoset_weights, node_values, smallest_subgame, subgame_roots

    smallest = smallest_subgame(game, subgame_roots(game))
    weights = infoset_weights(game, behaviour, h, smallest[game.members[h][0]])
    values = node_values(game, behaviour)
    player = game.infoset_player[h]
    return [sum((w * values[game.children(v)[a]][player] for v, w in zip(game.members[h], weights)),
                Fraction(0)) for a in range(len(game.infoset_actions(h)))]


def _indifferences(game, eq) -> list[TreeIndifference]:
    """For each decision point where ``eq`` mixes over two actions: the other player's
    mixed move whose probability makes the mover indifferent, and the equation solved."""
    behaviour = eq.behaviour(game)
    label = eq.label(game)
    mixed = [h for h, b in enumerate(behaviour) if sum(1 for p in b if p) > 1]
    out = []
    for h in mixed:
        support = [a for a, p in enumerate(behaviour[h]) if p]
        actions = game.infoset_actions(h)
        player = game.infoset_player[h]
        if len(support) != 2:
            out.append(TreeIndifference(label, game.decision_point(h), player,
                                        tuple(actions[a] for a in support), None, (), None,
                                        "more than two actions mixed: not written out"))
            continue
        a, b = support
        found = None
        for g in mixed:
            if game.infoset_player[g] == player:
                continue
            g_support = [c for c, p in enumerate(behaviour[g]) if p]
            if len(g_support) != 2:
                continue
            c, d = g_support
            ends = []
            for q in (Fraction(0), Fraction(1)):
                trial = list(behaviour)
                probs = [Fraction(0)] * len(behaviour[g])
                probs[c], probs[d] = q, 1 - q
                trial[g] = tuple(probs)
                w = _weighted_values(game, trial, h)
                ends.append((w[a], w[b]))
            (a0, b0), (a1, b1) = ends
            slope = (a1 - a0) - (b1 - b0)
            if slope == 0:
                continue
            q = (b0 - a0) / slope
            if q != behaviour[g][c]:
                continue
            found = TreeIndifference(
                label, game.decision_point(h), player, (actions[a], actions[b]),
                (game.players[game.infoset_player[g]], game.decision_point(g),
                 game.infoset_actions(g)[c]),
                (_affine(a0, a1 - a0), _affine(b0, b1 - b0)), q)
            break
        if found is None:
            from deterrence.trees.behaviour import action_values, node_values

            shown = dict(eq.beliefs) | dict(eq.off_path_beliefs)
            belief = shown.get(h, (Fraction(1),) * len(game.members[h]))
            q = action_values(game, node_values(game, behaviour), h, belief)
            where = ("its belief off the path, chosen to support the play" if h not in dict(eq.beliefs)
                     else "its belief and the play below")
            found = TreeIndifference(label, game.decision_point(h), player, (actions[a], actions[b]),
                                     None, (format_fraction(q[a]), format_fraction(q[b])), None,
                                     f"{where} make the two equal")
        out.append(found)
    return out


def _affine(constant: Fraction, slope: Fraction) -> str:
    """``1/3 - 2/3·q``, ``q``, ``-2``."""
    parts = []
    if constant or not slope:
        parts.append(format_fraction(constant))
    if slope:
        size = "" if abs(slope) == 1 else f"{format_fraction(abs(slope))}·"
        if parts:
            parts.append(("- " if slope < 0 else "+ ") + size + "q")
        else:
            parts.append(("-" if slope < 0 else "") + size + "q")
    return " ".join(parts)


def _bayes(game, eq) -> list[BayesStep]:
    """Bayes' rule at each information set of several nodes reached on the path."""
    from deterrence.trees.behaviour import infoset_weights, smallest_subgame, subgame_roots

    behaviour = eq.behaviour(game)
    smallest = smallest_subgame(game, subgame_roots(game))
    label = eq.label(game)
    out = []
    for h, belief in eq.beliefs:
        members = game.members[h]
        weights = infoset_weights(game, behaviour, h, smallest[members[0]])
        named = tuple((game.ids[v], w) for v, w in zip(members, weights))
        for v, mu in zip(members, belief):
            out.append(BayesStep(label, game.decision_point(h), game.ids[v], named, mu))
    return out


__all__ = ["explain_tree", "TreeExplanation", "NodeStep", "ThreatStep", "InfosetStep", "ChoiceStep",
           "TreeIndifference", "BayesStep", "backward_steps", "EXPLAIN_SCHEMA"]
