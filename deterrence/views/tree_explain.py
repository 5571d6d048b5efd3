"""The step-by-step explanation of a game tree, for the terminal and notebooks.

:class:`TreeExplanationView` renders a
:class:`~deterrence.teaching.explain_tree.TreeExplanation`; it formats, it never
solves. Decisions alike in everything but the node (a sharing pool's many
members, the rungs of a ladder) are said once for all of them, and long
lists are cut with a count, so that an explanation stays readable: at most
:data:`MAX_SENTENCES` sentences per step.

Example
-------
>>> from rich.console import Console
>>> from deterrence import load_game
>>> from deterrence.teaching.explain_tree import explain_tree
>>> console = Console(width=100, color_system=None, force_terminal=False)
>>> with console.capture() as cap:
...     console.print(TreeExplanationView(explain_tree(load_game("punishment_deterrence"))))
>>> "At 'respond' Defender compares what follows each action: Retaliate gives -2" in cap.get()
True
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.text import Text

from deterrence.model.expr import format_fraction

#: Most sentences printed per step (the rest are counted).
MAX_SENTENCES = 16
#: Most branches of a chance node written out.
MAX_BRANCHES = 4
#: Most distinct incredible threats written out.
MAX_THREATS = 5
#: Largest tree drawn with the answer.
MAX_DRAWN = 40


def _join(labels) -> str:
    labels = list(labels)
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def _payoff_text(game, values) -> str:
    return ", ".join(f"{p} {format_fraction(v)}" for p, v in zip(game.players, values))


def node_sentence(game, step) -> str:
    """One node of backward induction in words."""
    where = game.ids[step.node]
    if step.player is None:
        shown = step.options[:MAX_BRANCHES]
        branches = "; ".join(f"{label} ({format_fraction(p)}) leads to {_payoff_text(game, values)}"
                             for label, p, values in shown)
        if len(step.options) > len(shown):
            branches += f"; and {len(step.options) - len(shown)} more branches"
        return f"At {where!r} chance moves: {branches}. Expected: {_payoff_text(game, step.value)}."
    player = game.players[step.player]
    compared = ", ".join(f"{label} gives {format_fraction(values[step.player])}"
                         for label, _, values in step.options)
    best = [step.options[k][0] for k in step.chosen]
    if len(best) > 1:
        choice = (f"it is indifferent between {_join(best).replace(' or ', ' and ')}; "
                  f"the equilibrium shown takes {step.options[step.prescribed][0]}")
    else:
        choice = f"it chooses {best[0]}"
    return f"At {where!r} {player} compares what follows each action: {compared}; {choice}."


def decision_sentence(game, d) -> str:
    """``Against this belief, Challenger expects Challenge -1/2 and Status quo 0; it plays Status quo.``"""
    earns = " and ".join(f"{a} {format_fraction(v)}" for a, v in d.options)
    played = _mixed([a for a, _ in d.options], d.prescribed)
    where = "" if d.on_path else " (off the equilibrium path, a belief that supports the play)"
    return (f"Against this belief{where}, {game.players[d.player]} expects {earns}; "
            f"it plays {played}.")


def _mixed(labels, probabilities) -> str:
    support = [(a, p) for a, p in zip(labels, probabilities) if p]
    if len(support) == 1:
        return support[0][0]
    return " + ".join(f"{format_fraction(p)} {a}" for a, p in support)


def choice_sentence(game, c) -> str:
    """A decision point of a tree with information sets, with its belief and comparison."""
    player = game.players[c.player]
    if len(c.belief) > 1:
        belief = ", ".join(f"{node} {format_fraction(p)}" for node, p in c.belief)
        source = {"on path": "by Bayes' rule", "Bayes": "off the path, by Bayes' rule from the others' play",
                  "free": "off the path, where Bayes' rule is silent: a belief that supports the play"}[c.how]
        where = f"At {c.point!r} {player} believes {belief} ({source})"
    else:
        where = f"At {c.point!r} {player}" + ("" if c.on_path else " (off the path)")
    compared = ", ".join(f"{a} gives {format_fraction(v)}" for a, v in c.options)
    labels = [a for a, _ in c.options]
    support = [a for a, p in zip(labels, c.prescribed) if p]
    if len(support) > 1:
        choice = f"it is indifferent and mixes {_mixed(labels, c.prescribed)}"
    else:
        choice = f"it chooses {support[0]}"
    return f"{where} and compares {compared}; {choice}."


def _grouped_nodes(game, steps) -> list[str]:
    """Sentences for backward induction, runs of alike decisions said once."""
    out, k = [], 0
    while k < len(steps):
        step = steps[k]
        j = k
        if step.player is not None:
            key = _shape(game, step)
            while j + 1 < len(steps) and steps[j + 1].player is not None and _shape(game, steps[j + 1]) == key:
                j += 1
        if j - k >= 2:
            out.append(_run_sentence(game, steps[k:j + 1]))
        else:
            out.extend(node_sentence(game, s) for s in steps[k:j + 1])
        k = j + 1
    return out


def _shape(game, step):
    return (step.player, tuple(label for label, _, _ in step.options),
            tuple(step.options[k][0] for k in step.chosen), step.options[step.prescribed][0])


def _run_sentence(game, run) -> str:
    first = run[0]
    player = game.players[first.player]
    names = [game.ids[s.node] for s in run]
    where = f"{names[0]!r}, {names[1]!r}, … and {names[-1]!r} ({len(run)} alike decisions)"
    parts = []
    for k, (label, _, _) in enumerate(first.options):
        values = [s.options[k][2][first.player] for s in run]
        lo, hi = min(values), max(values)
        text = format_fraction(lo) if lo == hi else f"from {format_fraction(lo)} to {format_fraction(hi)}"
        parts.append(f"{label} gives {text}")
    chosen = first.options[first.prescribed][0]
    return f"At {where} {player} compares {', '.join(parts)}; it chooses {chosen} each time."


def _capped(sentences: list[str], indent: int = 2) -> list[Padding]:
    shown = sentences[:MAX_SENTENCES]
    out = [Padding(Text(s), (0, 0, 0, indent), expand=False) for s in shown]
    if len(sentences) > len(shown):
        out.append(Padding(Text(f"… and {len(sentences) - len(shown)} more (see --json)", style="dim"),
                           (0, 0, 0, indent), expand=False))
    return out


def _threat_summary(e) -> list[Text | Padding]:
    if not e.threats:
        return [Text("No Nash equilibrium rests on an incredible threat.")]
    counts: dict[str, int] = {}
    for step in e.threats:
        for sentence in step.threats:
            counts[sentence] = counts.get(sentence, 0) + 1
    total = f" of the {e.nash_count} Nash equilibria" if e.nash_count else ""
    out: list[Text | Padding] = [Text(
        f"{len(e.threats)}{total} rest on threats the player would not carry out (incredible "
        "threats), so they are not subgame perfect. The threats:")]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    for sentence, n in ranked[:MAX_THREATS]:
        times = f" (in {n} equilibria)" if n > 1 else " (in 1 equilibrium)"
        out.append(Padding(Text(sentence + times), (0, 0, 0, 2), expand=False))
    if len(ranked) > MAX_THREATS:
        out.append(Padding(Text(f"… and {len(ranked) - MAX_THREATS} more (see --json)", style="dim"),
                           (0, 0, 0, 2), expand=False))
    return out


def _name(e, label: str) -> str:
    """``Equilibrium 2`` for the answer's second equilibrium (by its label)."""
    game = e.game
    for k, eq in enumerate(e.result.equilibria, start=1):
        if eq.label(game) == label:
            return f"Equilibrium {k}" if len(e.result.equilibria) > 1 else "The equilibrium"
    return f"({label})"


def _bayes_lines(e) -> list[str]:
    """One line per decision point: the first node's belief written out, the others' values;
    a point explained alike in several equilibria is written once."""
    lines: dict[str, None] = {}
    for key in dict.fromkeys((b.equilibrium, b.point) for b in e.bayes):
        steps = [b for b in e.bayes if (b.equilibrium, b.point) == key]
        if any(b.value == 1 for b in steps):
            continue  # certain: nothing to weigh
        believes = " and ".join(f"{b.node} with probability {format_fraction(b.value)}" for b in steps)
        lines.setdefault(f"At {key[1]!r} the mover believes it is at {believes}: {steps[0].text}",
                         None)
    return list(lines)


class TreeExplanationView:
    """Backward induction decision by decision, indifference, Bayes' rule, credibility."""

    def __init__(self, explanation) -> None:
        self.explanation = explanation

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from deterrence.views.result import GameHeader
        from deterrence.views.tree import TreeResultView

        e = self.explanation
        game = e.game
        yield GameHeader(game, describe=False)
        yield Text("Step 1. Backward induction", style="bold underline")
        if e.steps:
            yield Text("Start at the last moves and work back to the first: at each node the mover "
                       "picks the action whose continuation pays it most, knowing how play goes on "
                       "from there.")
            yield from _capped(_grouped_nodes(game, e.steps))
        elif e.choices:
            yield Text("The tree has information sets (a player does not always see where it is): "
                       "each subgame is solved on its sequence form, and every decision, deepest "
                       "first, compares the actions' expected payoffs under the mover's belief.")
            for label in dict.fromkeys(c.equilibrium for c in e.choices):
                yield Text(f"{_name(e, label)}:", style="bold")
                yield from _capped([choice_sentence(game, c) for c in e.choices if c.equilibrium == label])
        else:
            yield Text("No equilibrium to explain.")
        step = 2
        if e.indifferences:
            yield Text("")
            yield Text(f"Step {step}. Why the mixed moves mix", style="bold underline")
            yield Text("A player mixes only between actions that earn the same; the other player's "
                       "mix (through the beliefs and the play below) makes them equal. Each node is "
                       "weighted by how likely chance and the others lead there.")
            lines = []
            for ind in e.indifferences:
                who = game.players[ind.player]
                head = f"{_name(e, ind.equilibrium)}, at {ind.point!r} {who} mixes {' and '.join(ind.actions)}"
                if ind.unknown is None:
                    lines.append(f"{head}, which earn {' and '.join(ind.sides) or 'the same'}: "
                                 f"{ind.note}.")
                    continue
                other, point, action = ind.unknown
                lines.append(f"{head}. With q the probability that {other} plays {action} at "
                             f"{point!r}: {ind.equation_text}, so q = {format_fraction(ind.solution)}.")
            yield from _capped(lines)
            step += 1
        if e.bayes or e.beliefs:
            yield Text("")
            yield Text(f"Step {step}. Beliefs", style="bold underline")
            if e.bayes:
                yield Text("On the path, Bayes' rule: a node's weight (the chance and the other "
                           "players' probabilities that lead to it) over the weights of its set.")
                yield from _capped(_bayes_lines(e))
            off = [(label, point, probs) for label, sets in e.beliefs for point, probs in sets
                   if not any(b.point == point and b.equilibrium == label for b in e.bayes)]
            if off:
                yield Text("Off the path Bayes' rule is silent or applies to the others' play only; "
                           "the beliefs shown support the play:")
                yield from _capped([f"{_name(e, label)}, at {point!r}: "
                                    + ", ".join(f"{node} {format_fraction(p)}" for node, p in probs)
                                    for label, point, probs in off])
            step += 1
        yield Text("")
        yield Text(f"Step {step}. Credibility", style="bold underline")
        yield from _threat_summary(e)
        yield Text("")
        yield Text("Answer", style="bold underline")
        yield TreeResultView(e.result, draw=game.size <= MAX_DRAWN, draw_each=False, compact=True)
        for note in e.notes:
            if note not in e.result.warnings:
                yield Text.assemble(("note: ", "bold"), note)


__all__ = ["TreeExplanationView", "node_sentence", "decision_sentence", "choice_sentence"]
