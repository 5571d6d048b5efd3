"""Regimes in words that fit: the letters' legend and its summaries.

A regime's own label (:meth:`Regime.label`) names every outcome a tree's
equilibrium reaches; :class:`Legend` shows it whole where it fits about two
lines of the console (at most :data:`~deterrence.views.summary.READABLE_WIDTH`
wide), and otherwise summarised by :func:`regime_labels`.

Example
-------
A regime of 30 outcomes that differ only in a count reads as one:

>>> from deterrence.views.summary import outcomes_merged
>>> outcomes_merged([f"Target concedes ({k} of 29 honour)" for k in range(30)])
'Target concedes (0–29 of 29 honour)'
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.constrain import Constrain
from rich.table import Table

from deterrence.model.labels import regime_letters
from deterrence.views.summary import (
    and_more,
    fit,
    group_outcomes,
    lines_budget,
    outcomes_merged,
    outcomes_summary,
    plus_more,
    summary_width,
)
from deterrence.views.text import safe_str, safe_text

#: Styles cycled over regimes (letters carry the meaning; colour only helps).
REGIME_STYLES = ("cyan", "magenta", "green", "yellow", "blue", "red", "bright_cyan", "bright_magenta")


def regime_style(k: int) -> str:
    return REGIME_STYLES[k % len(REGIME_STYLES)]


def legend(regimes, game, weights: dict[int, dict[str, float]] | None = None) -> "Legend":
    """Letter, then words, for every regime (see :class:`Legend`)."""
    return Legend(regimes, game, weights)


class Legend:
    """Letter, then words, for every regime.

    A label longer than about two lines at the console's width (at most
    :data:`~deterrence.views.summary.READABLE_WIDTH`: a pipe reads like a wide
    terminal) is summarised by :func:`regime_labels`; ``weights`` (per regime,
    an outcome's probability) put the most likely outcomes first.
    """

    def __init__(self, regimes, game, weights: dict[int, dict[str, float]] | None = None) -> None:
        self.regimes, self.game, self.weights = list(regimes), game, weights

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = summary_width(options.max_width)
        letters = regime_letters(len(self.regimes))
        budget = lines_budget(width - max((len(x) for x in letters), default=1) - 2)
        labels, summarised = regime_labels(self.regimes, self.game, budget, self.weights)
        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for k, (letter, label) in enumerate(zip(letters, labels)):
            table.add_row(safe_text(letter, style=f"bold {regime_style(k)}"), safe_text(label))
        yield Constrain(table, width)
        if summarised:
            yield Constrain(safe_text(summary_note(bool(self.weights)), style="dim"), width)


def summary_note(weighed: bool) -> str:
    """Said under regimes whose labels were summarised."""
    order = "the most likely outcomes first; " if weighed else ""
    return f"labels summarised: {order}×k = k outcomes that differ only in parentheses; --json lists them all"


def regime_labels(regimes, game, budget: int, weights: dict[int, dict[str, float]] | None = None
                  ) -> tuple[list[str], bool]:
    """Each regime's label, and whether any was summarised to fit ``budget`` cells.

    A label that fits is the regime's own (:meth:`Regime.label`). A longer one
    lists its outcomes grouped and the most likely first (``weights``), then
    ``… and k more``; a boundary regime whose equilibria are those of other
    regimes names them (``2 equilibria: as in C; as in B``); two regimes whose
    summaries would read alike say how they differ.
    """
    letters = regime_letters(len(regimes))
    weights = weights or {}
    overall: dict[str, float] = {}
    for table in weights.values():
        for label, w in table.items():
            overall[label] = max(w, overall.get(label, 0.0))
    full = [_regime_words(r, game) for r in regimes]
    single = {r.members[0]: letters[k] for k, r in reversed(list(enumerate(regimes)))
              if r.kind == "tree" and len(r.members) == 1}
    out, summarised = [], []
    for k, r in enumerate(regimes):
        if cell_len(full[k]) <= budget or not r.members:
            out.append(full[k])
            continue
        w = weights.get(k) or overall
        tail = " (boundary)" if r.degenerate else ""
        out.append(_regime_summary(r, game, budget - len(tail), w, single, letters[k]) + tail)
        summarised.append(k)
    first = list(out)
    for k in summarised:
        if regimes[k].kind != "tree" or len(regimes[k].members) != 1:
            continue
        twin = next((j for j, text in enumerate(first) if text == first[k] and j != k), None)
        if twin is None or regimes[twin].kind != "tree" or len(regimes[twin].members) != 1:
            continue
        mine, theirs = set(regimes[k].members[0]), set(regimes[twin].members[0])
        diff = ([f"+ {g.compact()}" for g in group_outcomes((o, None) for o in sorted(mine - theirs))]
                + [f"− {g.compact()}" for g in group_outcomes((o, None) for o in sorted(theirs - mine))])
        tail = " (boundary)" if regimes[k].degenerate else ""
        head = _outcome_list(regimes[k].members[0], budget // 2, weights.get(k) or overall)
        lead = f"{head}; unlike {letters[twin]}: "
        out[k] = lead + fit([safe_str(d) for d in diff], budget - cell_len(lead) - len(tail), ", ", plus_more) + tail
    return out, bool(summarised)


def _regime_words(regime, game) -> str:
    """A regime's label, a tree's outcomes that differ only in their parenthesis merged
    (``Challenger backs down at Peace (Defender irresolute/resolute)``): nothing is lost."""
    if regime.kind != "tree" or not regime.members:
        return safe_str(regime.label(game))
    text = "; ".join(outcomes_merged(safe_str(o) for o in m) if m else "(nothing)" for m in regime.members)
    return text + (" (boundary)" if regime.degenerate else "")


def _outcome_list(member, budget: int, weights: dict[str, float]) -> str:
    """``20 outcomes: A / B (x/y) … and 14 more`` (the most likely first when weighed)."""
    head = f"{len(member)} outcomes: "
    items = sorted(((safe_str(o), weights.get(o)) for o in member),
                   key=lambda item: -(item[1] or 0.0)) if weights else [(safe_str(o), None) for o in member]
    return head + outcomes_summary(items, budget - len(head), sep=" / ")


def _regime_summary(regime, game, budget: int, weights, single: dict, letter: str) -> str:
    if regime.kind != "tree":
        return fit([safe_str(t) for t in regime.member_labels(game)], budget,
                   more=lambda k: f"{and_more(k)} equilibria")
    if len(regime.members) == 1:
        return _outcome_list(regime.members[0], budget, weights)
    head = f"{len(regime.members)} equilibria: "
    named = {m: single[m] for m in regime.members if single.get(m, letter) != letter}
    others = len(regime.members) - len(named)
    room = budget - len(head) - sum(len(f"as in {x}; ") for x in named.values())
    share = max(min(room, 64), room // max(1, others))
    parts = [f"as in {named[m]}" if m in named else _outcome_list(m, share, weights) for m in regime.members]
    return head + fit(parts, budget - len(head), "; ", more=lambda k: f"{and_more(k)} equilibria")


__all__ = ["Legend", "legend", "regime_labels", "regime_style", "summary_note", "REGIME_STYLES"]
