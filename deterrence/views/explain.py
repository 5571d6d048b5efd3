"""The step-by-step explanation of a game, for the terminal and notebooks.

:class:`ExplanationView` renders an :class:`~deterrence.teaching.explain.Explanation`
(computed by :mod:`deterrence.teaching.explain`); it formats, it never solves.

Example
-------
>>> from rich.console import Console
>>> from deterrence import load_game
>>> from deterrence.teaching.explain import explain
>>> console = Console(width=100, color_system=None, force_terminal=False)
>>> with console.capture() as cap:
...     console.print(ExplanationView(explain(load_game("hawk_dove"))))
>>> text = cap.get()
>>> "q·(V - C)/2 + (1 - q)·V = (1 - q)·V/2" in text and "q = V/C" in text and "= 1/3" in text
True
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.padding import Padding
from rich.text import Text

from deterrence.model.expr import format_fraction
from deterrence.views.text import safe_str, safe_text
from deterrence.views.tree_explain import decision_sentence, node_sentence  # noqa: F401 (re-exported)


def _join(labels) -> str:
    labels = list(labels)
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def best_reply_sentence(game, reply) -> str:
    """``If Column plays Hawk, Row's best response is Dove (0, against -2 from Hawk).``"""
    labels = game.strategies[reply.player]
    player = game.players[reply.player]
    others = [p for j, p in enumerate(game.players) if j != reply.player]
    who = others[0] if len(others) == 1 else "the others"
    verb = "plays" if len(others) == 1 else "play"
    best = [labels[k] for k in reply.best]
    value = format_fraction(reply.payoffs[reply.best[0]])
    rest = [f"{format_fraction(v)} from {labels[k]}" for k, v in enumerate(reply.payoffs)
            if k not in reply.best]
    tail = f", against {', '.join(rest)}" if rest else ""
    if len(best) == len(labels):
        return f"If {who} {verb} {reply.against}, {player} is indifferent: every strategy earns {value}."
    if len(best) > 1:
        return (f"If {who} {verb} {reply.against}, {player}'s best responses are {_join(best)} "
                f"(each {value}{tail}).")
    return f"If {who} {verb} {reply.against}, {player}'s best response is {best[0]} ({value}{tail})."


def _values_text(game) -> str:
    values = game.parameters.values()
    return ", ".join(f"{k} = {format_fraction(v)}" for k, v in values.items())


def _unknowns_sentence(game, ind) -> str:
    mixer = game.players[ind.mixer]
    labels = game.strategies[ind.mixer]
    if not ind.unknowns:
        return f"{mixer} plays {ind.solution[0].strategy} for sure."
    if len(ind.unknowns) == 1:
        u = ind.unknowns[0]
        other = ind.solution[-1].strategy
        return (f"Let {u.name} be the probability that {mixer} plays {labels[u.strategy]} "
                f"(and 1 - {u.name} that it plays {other}).")
    names = ", ".join(u.name for u in ind.unknowns)
    targets = ", ".join(labels[u.strategy] for u in ind.unknowns)
    return (f"Let {names} be the probabilities that {mixer} plays {targets}; "
            f"{ind.solution[-1].strategy} gets the rest.")


def indifference_lines(game, ind, symbolic: bool) -> list[Text]:
    """The sentences and equations of one indifference argument."""
    player = game.players[ind.player]
    mixer = game.players[ind.mixer]
    support = [game.strategies[ind.player][k] for k in ind.support]
    lines = [safe_text(_unknowns_sentence(game, ind))]
    lines.append(safe_text(f"{player} mixes only if {_join(support).replace(' or ', ' and ')} earn the same:"))
    lines.append(safe_text("    " + ind.equation_text, style="bold"))
    head = ind.solution[0]
    parametric = symbolic and head.formula is not None and head.formula != format_fraction(head.value)
    if parametric:
        formulas = ", ".join(f"{s.name} = {s.formula}" for s in ind.solution[:-1])
        lines.append(safe_text(f"Solving for {mixer}'s mix gives {formulas}."))
        lines.append(safe_text(f"With {_values_text(game)} the equation reads"))
        lines.append(safe_text("    " + ind.numeric_text, style="bold"))
    elif ind.numeric_text != ind.equation_text:
        lines.append(safe_text(f"With {_values_text(game)}:" if game.parameters.declared else "In numbers:"))
        lines.append(safe_text("    " + ind.numeric_text, style="bold"))
    if not ind.unknowns:
        lines.append(safe_text(f"({ind.note})", style="italic"))
        lines.append(safe_text(f"{player}'s expected payoff is {format_fraction(ind.value)}."))
        return lines
    answer = ", ".join(
        f"{s.name} = {s.formula} = {format_fraction(s.value)}" if parametric and s.formula is not None
        else f"{s.name} = {format_fraction(s.value)}"
        for s in ind.solution)
    lines.append(safe_text("so " + answer + ".", style="bold"))
    if ind.note:
        lines.append(safe_text(f"({ind.note})", style="italic"))
    lines.append(safe_text(f"{player}'s expected payoff is then {format_fraction(ind.value)}."))
    return lines


class ExplanationView:
    """Every step of an explanation: best responses, dominance, pure and mixed equilibria."""

    def __init__(self, explanation) -> None:
        self.explanation = explanation

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from deterrence.views.normal import PayoffTable
        from deterrence.views.result import (
            DominanceView,
            GameHeader,
            ResultView,
            mixed_text,
        )

        e = self.explanation
        game = e.game
        yield GameHeader(game, describe=False)

        yield safe_text("Step 1. Best responses", style="bold underline")
        yield PayoffTable(game)
        for reply in e.best_replies:
            yield Padding(safe_text(best_reply_sentence(game, reply)), (0, 0, 0, 2), expand=False)
        yield safe_text("")

        yield safe_text("Step 2. Dominated strategies", style="bold underline")
        if e.dominance.rounds:
            yield safe_text("A strategy that always earns less than another (pure or mixed) strategy "
                       "is never played; remove it and look again.")
            yield DominanceView(e.dominance)
        else:
            yield safe_text("No strategy is strictly dominated, by a pure or by a mixed strategy: "
                       "nothing can be removed.")
        yield safe_text("")

        yield safe_text("Step 3. Pure equilibria", style="bold underline")
        if e.pure:
            yield safe_text("A cell where every player's payoff is a best response: nobody gains by "
                       "switching alone.")
            for eq in e.pure:
                payoffs = ", ".join(format_fraction(v) for v in eq.payoffs)
                yield Padding(safe_text(f"{eq.label(game)} with payoffs {payoffs}"), (0, 0, 0, 2), expand=False)
        else:
            yield safe_text("None: in every cell some player would rather switch.")
        yield safe_text("")

        yield safe_text("Step 4. Mixed equilibria", style="bold underline")
        if game.n_players != 2:
            yield safe_text("Mixed equilibria of games with more than two players are not explained here.")
        elif not e.mixed:
            yield safe_text("None: every equilibrium is pure.")
        else:
            yield safe_text("A player mixes only between strategies that earn the same against the "
                       "other's mix; that indifference fixes the other's probabilities.")
            for k, m in enumerate(e.mixed, start=1):
                eq = m.equilibrium
                profile = ", ".join(mixed_text(game.strategies[i], eq.strategies[i])
                                    for i in range(game.n_players))
                yield safe_text("")
                yield safe_text(f"Mixed equilibrium {k}: ({profile})", style="bold")
                for n, ind in enumerate(m.indifferences):
                    if n:
                        yield safe_text("")
                    yield Padding(Group(*indifference_lines(game, ind, e.symbolic)), (0, 0, 0, 2), expand=False)
        yield safe_text("")
        yield safe_text("Answer", style="bold underline")
        yield ResultView(e.result)
        for note in e.notes:
            if note not in e.result.warnings:
                yield Text.assemble(("note: ", "bold"), safe_str(note))




def explanation_view(explanation):
    """The view for a matrix-game or a tree explanation (by what it says it is)."""
    if explanation.display_as == "tree-explanation":
        from deterrence.views.tree_explain import TreeExplanationView

        return TreeExplanationView(explanation)
    return ExplanationView(explanation)


__all__ = ["ExplanationView", "explanation_view", "best_reply_sentence", "indifference_lines",
           "node_sentence", "decision_sentence"]
