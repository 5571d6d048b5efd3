"""Game trees and their equilibria in the terminal.

:class:`TreeView` draws a tree with rich: who moves at each node, chance
probabilities, payoffs at the leaves. :class:`TreeResultView` lists the
equilibria of a solved tree and draws the tree with the prescribed actions
marked ``→`` (with the probability where it is mixed), the equilibrium path
in bold with its nodes marked ``*``, the probability of each outcome, the
beliefs at information sets, and each incredible threat in words. Meaning is
never carried by colour alone: the markers are text.

Example
-------
>>> from rich.console import Console
>>> from deterrence.io import load_game
>>> console = Console(width=80, color_system=None, force_terminal=False)
>>> with console.capture() as cap:
...     console.print(TreeView(load_game("punishment_deterrence")))
>>> print(cap.get())
start: Challenger
├── Challenge ── respond: Defender
│   ├── Retaliate ── war: Challenger -2, Defender -2
│   └── Acquiesce ── Defender concedes: Challenger 1, Defender -1
└── Status quo ── status quo: Challenger 0, Defender 0
"""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from rich.tree import Tree

from deterrence.model.expr import format_fraction
from deterrence.views.result import CONCEPT_NAMES, completeness_text
from deterrence.views.text import safe_str, safe_text

#: Largest tree drawn in full; bigger ones are summarised.
MAX_DRAWN = 400
#: Trees up to this size are drawn once per equilibrium (else for the first only).
MAX_DRAWN_EACH = 60
#: Most outcomes listed per equilibrium in a compact view.
MAX_OUTCOMES = 6
#: Longest outcome label printed before its probability.
MAX_LABEL = 40
PATH_MARK = "*"
CHOICE_MARK = "→"


def _num(value) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return format_fraction(value)


def _payoffs(game, values) -> str:
    return ", ".join(f"{p} {_num(v)}" for p, v in zip(game.players, values))


def _node_text(game, v: int) -> str:
    node_id = game.ids[v]
    if game.is_terminal(v):
        label = game.outcome[v] or node_id
        return f"{label}: {_payoffs(game, game.node_payoff(v))}"
    text = f"{node_id}: {game.player_of(v) or 'chance'}"
    if not game.is_chance(v):
        h = int(game.infoset[v])
        if len(game.members[h]) > 1:
            text += f" (information set {game.infoset_labels[h]!r})"
    own = game.node_payoff(v)
    if own:
        text += f"  [+ {_payoffs(game, own)}]"
    return text


def _reach(game, eq) -> dict[int, object]:
    """Probability of reaching each node under ``eq`` (formatting aid, not solving)."""
    out = {0: Fraction(1)}
    stack = [0]
    while stack:
        v = stack.pop()
        if game.is_terminal(v):
            continue
        if game.is_chance(v):
            weights = [game.probability(e) for e in game.edges(v)]
        else:
            weights = eq.probabilities(game, int(game.infoset[v]))
        for w, c in zip(weights, game.children(v)):
            if w and out[v]:
                out[c] = out[v] * w
                stack.append(c)
    return out


def draw_tree(game, eq=None, plain: bool = True) -> Tree:
    """A rich Tree of ``game``; with ``eq``, choices and the path of play marked."""
    reached = _reach(game, eq) if eq is not None else {}

    def label(v: int, prefix: Text) -> Text:
        text = prefix.copy()
        on_path = eq is not None and reached.get(v)
        body = safe_str(_node_text(game, v))
        if eq is not None and on_path:
            text.append(f"{PATH_MARK} ", style="bold")
            text.append(body, style="bold")
        elif eq is not None:
            text.append(body, style="dim")
        else:
            text.append(body)
        return text

    root = Tree(label(0, Text()), guide_style="dim")
    stack = [(0, root)]
    while stack:
        v, branch = stack.pop()
        if game.is_terminal(v):
            continue
        probs = None
        if eq is not None and not game.is_chance(v):
            probs = eq.probabilities(game, int(game.infoset[v]))
        kids = []
        for j, (e, c) in enumerate(zip(game.edges(v), game.children(v))):
            prefix = Text()
            if game.is_chance(v):
                prefix.append(f"{safe_str(game.action[e])} ({_num(game.probability(e))}) ── ")
            else:
                p = probs[j] if probs is not None else None
                if p:
                    mark = CHOICE_MARK if p == 1 else f"{CHOICE_MARK} {_num(p)}"
                    prefix.append(f"{mark} ", style="bold green")
                    prefix.append(safe_str(game.action[e]), style="bold")
                else:
                    prefix.append(safe_str(game.action[e]))
                prefix.append(" ── ")
            child = branch.add(label(c, prefix))
            kids.append((c, child))
        stack.extend(reversed(kids))
    return root


class TreeView:
    """The game tree of a game (no equilibrium)."""

    def __init__(self, game) -> None:
        self.game = game

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        game = self.game
        if game.size > MAX_DRAWN:
            yield safe_text(f"A tree of {game.size} nodes ({len(game.terminals)} outcomes, "
                       f"{game.n_infosets} decision points): too large to draw here.")
            return
        yield draw_tree(game, plain=not console.is_terminal)
        for note in game.perfect_recall_violations():
            yield Text.assemble(("note: ", "bold"), safe_str(note))


def _beliefs_text(game, beliefs, where: str) -> list[Text]:
    out = []
    for h, probs in beliefs:
        parts = ", ".join(f"{game.ids[v]} {_num(p)}" for v, p in zip(game.members[h], probs))
        out.append(safe_text(f"  {where} at {game.decision_point(h)!r}: {parts}"))
    return out


def _flag(value) -> str:
    return {True: "yes", False: "no", None: "not decided"}[value]


class TreeResultView:
    """The equilibria of a solved tree, each with the tree drawn (``draw``)."""

    def __init__(self, result, draw: bool = True, draw_each: bool = True,
                 compact: bool = False) -> None:
        self.result = result
        self.draw = draw
        self.draw_each = draw_each
        #: compact: no beliefs (an explanation has written them out already) and at
        #: most :data:`MAX_OUTCOMES` outcomes per equilibrium
        self.compact = compact

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.result
        game = r.game
        plain = not console.is_terminal
        heading = CONCEPT_NAMES.get(r.concept, r.concept)
        arithmetic = "exact" if r.exact else "floating point"
        complete = completeness_text(r)
        yield Text.assemble((heading, "bold"), f" — {complete}, {arithmetic} ({r.method})")
        if not r.equilibria:
            yield safe_text("None found.", style="italic")
        drawable = self.draw and game.size <= MAX_DRAWN
        for k, eq in enumerate(r.equilibria, start=1):
            yield safe_text("")
            yield Text.assemble((f"{k}. ", "bold"), safe_str(eq.label(game)) if game.size <= MAX_DRAWN
                                else f"{game.n_infosets} decision points (see --json)")
            yield safe_text(f"   payoffs: {_payoffs(game, eq.payoffs)}")
            flags = [f"subgame perfect: {_flag(eq.subgame_perfect)}"]
            if not game.is_perfect_information:
                flags.append(f"perfect Bayesian: {_flag(eq.perfect_bayesian)}")
                flags.append(f"sequential: {_flag(eq.sequential)}")
            yield safe_text("   " + "; ".join(flags))
            if getattr(eq, "intuitive_criterion", None) is not None:
                verdict = "survives" if eq.intuitive_criterion else "fails"
                yield Text.assemble(("   Intuitive Criterion: ", "bold"),
                                    safe_str(f"{verdict}: {eq.intuitive_reason}"))
            for threat in eq.incredible_threats:
                yield Text.assemble(("   incredible threat: ", "bold red"), safe_str(threat.sentence(game)))
            for failure in getattr(eq, "not_optimal", ()):
                yield Text.assemble(("   not optimal (deters nobody): ", "bold"), safe_str(failure.sentence(game)))
            if drawable and (k == 1 or (self.draw_each and game.size <= MAX_DRAWN_EACH)):
                yield draw_tree(game, eq, plain)
            yield Text("   outcomes:")
            shown = eq.outcomes[:MAX_OUTCOMES] if self.compact else eq.outcomes
            width = max((len(safe_str(label)) for label, _ in shown), default=0)
            if width <= MAX_LABEL:
                for label, p in shown:
                    yield safe_text(f"     {safe_str(label):<{width}}  {_num(p)}")
            else:  # long labels: the probability first, so that nothing wraps
                digits = max(len(_num(p)) for _, p in shown)
                for label, p in shown:
                    yield safe_text(f"     {_num(p):>{digits}}  {safe_str(label)}")
            if len(shown) < len(eq.outcomes):
                yield Text(f"     … and {len(eq.outcomes) - len(shown)} more outcomes (see --json)",
                           style="dim")
            if self.compact:
                continue
            for text in _beliefs_text(game, eq.beliefs, "belief (Bayes' rule)"):
                yield text
            for text in _beliefs_text(game, eq.off_path_beliefs, "belief off the path"):
                yield text
        if drawable and r.equilibria:
            yield safe_text("")
            yield safe_text(f"{CHOICE_MARK} = prescribed action (with its probability if mixed); "
                       f"{PATH_MARK} = reached in equilibrium", style="dim")
        for warning in r.warnings:
            yield Text.assemble(("warning: ", "bold yellow"), safe_str(warning))

