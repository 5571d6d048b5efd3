"""Game trees as TikZ pictures, for exam sheets and papers.

Leaves are spread evenly from left to right in the order of play; an inner
node sits above the middle of its children. Decision nodes are filled dots
labelled with the player, chance nodes are open circles with the
probabilities on their branches, ends of play show the payoffs (in the order
of ``players``) and their label. Nodes in one information set are joined by
a dashed line. ``chosen`` edges (for instance the subgame-perfect actions)
are drawn thick.

Example
-------
>>> from deterrence.io import parse_game
>>> from deterrence.io.toml_tree import EXAMPLE
>>> text = tikz_tree(parse_game(EXAMPLE, "x.toml"), standalone=False)
>>> print(text.splitlines()[2])
\\node[decision, label=above:{Challenger}] (n0) at (1.25, 0) {};
"""

from __future__ import annotations

from fractions import Fraction
from typing import Collection

from deterrence.errors import UsageError
from deterrence.views.latex import (
    document,
    escape,
    expr_latex,
    fraction_latex,
    parameter_line,
)

#: Largest tree drawn; larger trees are not legible on a page.
MAX_NODES = 400


def _layout(game) -> dict[int, tuple[Fraction, int]]:
    """x (in leaf widths) and depth of every node."""
    x: dict[int, Fraction] = {}
    depth = {0: 0}
    order = []
    stack = [0]
    while stack:  # depth-first, children in action order
        v = stack.pop()
        order.append(v)
        for c in reversed(game.children(v)):
            depth[c] = depth[v] + 1
            stack.append(c)
    leaf = 0
    for v in order:
        if game.is_terminal(v):
            x[v] = Fraction(leaf)
            leaf += 1
    for v in reversed(order):
        if not game.is_terminal(v):
            kids = game.children(v)
            x[v] = (x[kids[0]] + x[kids[-1]]) / 2
    return {v: (x[v], depth[v]) for v in order}


def _number(value: Fraction) -> str:
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.4g}"


def tikz_tree(game, standalone: bool = True, chosen: Collection[int] = (),
              formulas: bool = False, node_names: bool = False) -> str:
    """TikZ source of a game tree.

    Parameters
    ----------
    game:
        A :class:`~deterrence.model.tree.GameTree`.
    standalone:
        A complete document that compiles as it is; else the ``tikzpicture``.
    chosen:
        Edge numbers to draw thick (e.g. the actions an equilibrium prescribes).
    formulas:
        Chance probabilities as formulas (``p``) rather than values (``1/2``).
    node_names:
        Label inner nodes with their ids too (``Defender (respond)``), so that a
        text can refer to them by name (exercise sheets).
    """
    if game.size > MAX_NODES:
        raise UsageError(f"the tree has {game.size} nodes; TikZ export draws at most {MAX_NODES}",
                         hint="export a smaller tree, or export --to efg for Gambit's drawing tools")
    layout = _layout(game)
    payoffs = game.path_payoffs
    lines = [r"\begin{tikzpicture}[x=2.2cm, y=1.6cm, every node/.style={font=\small},",
             r"  decision/.style={circle, fill, inner sep=1.6pt}, chance/.style={circle, draw, inner sep=2pt},"
             r" end/.style={inner sep=1pt}, choice/.style={line width=1.6pt}]"]
    for v, (x, depth) in layout.items():
        at = f"({_number(x)}, {-depth})"
        if game.is_terminal(v):
            values = ", ".join(fraction_latex(p) for p in payoffs[v])
            label = game.outcome[v] or game.ids[v]
            lines.append(f"\\node[end, align=center, anchor=north] (n{v}) at {at} "
                         f"{{$({values})$\\\\[-1pt]{{\\scriptsize {escape(label)}}}}};")
        elif game.is_chance(v):
            name = f" ({escape(game.ids[v])})" if node_names else ""
            lines.append(f"\\node[chance, label=above:{{Chance{name}}}] (n{v}) at {at} {{}};")
        else:
            name = f" ({escape(game.ids[v])})" if node_names else ""
            lines.append(f"\\node[decision, label=above:{{{escape(game.player_of(v))}{name}}}] (n{v}) at {at} {{}};")
    for v in layout:
        x = layout[v][0]
        for edge, child in zip(game.edges(v), game.children(v)):
            side = "left" if layout[child][0] < x else "right"
            text = escape(game.action[edge])
            if game.is_chance(v):
                k = int(game.edge_prob[edge])
                prob = expr_latex(game.exprs[k]) if formulas else fraction_latex(game.probability(edge))
                text += f" (${prob}$)"
            style = "[choice]" if edge in chosen else ""
            lines.append(f"\\draw{style} (n{v}) -- node[{side}, font=\\scriptsize] {{{text}}} (n{child});")
    for h, members in enumerate(game.members):
        if len(members) > 1:
            ordered = sorted(members, key=lambda v: layout[v][0])
            chain = " -- ".join(f"(n{v})" for v in ordered)
            lines.append(f"\\draw[dashed] {chain}; % information set {escape(game.infoset_labels[h])}")
    lines.append(r"\end{tikzpicture}")
    if not standalone:
        return "\n".join(lines) + "\n"
    if len(game.terminals) > 8:  # a wide tree: scale it to the page
        lines = [r"\resizebox{\linewidth}{!}{%"] + lines + ["}"]
    return document(lines, packages=("tikz", "graphicx"), title=game.title, parameters=parameter_line(game))


__all__ = ["tikz_tree", "MAX_NODES"]
