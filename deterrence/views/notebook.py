"""Rich display in Jupyter notebooks: games and results render as HTML.

The terminal views already render through rich's console protocol; here
they are recorded on a console that writes nowhere and exported as HTML
(:func:`to_html`). The model and result classes call these helpers from
their ``_repr_html_`` and ``__rich__`` hooks, so in a notebook

>>> from deterrence import load_game, solve      # doctest: +SKIP
>>> solve(load_game("hawk_dove"))                # doctest: +SKIP

shows the payoff table and the equilibria. Colours follow the terminal
(best responses underlined).

Example
-------
>>> from deterrence import load_game
>>> html = to_html(game_view(load_game("prisoners_dilemma")))
>>> html.startswith("<pre") and "best response" in html
True
"""

from __future__ import annotations

import io

#: Width of the recorded console, in characters.
WIDTH = 100


def to_html(renderable, width: int = WIDTH) -> str:
    """HTML of any rich renderable, with inline styles (no stylesheet needed)."""
    from deterrence.views.text import SafeConsole as Console

    console = Console(record=True, width=width, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", force_jupyter=False)
    console.print(renderable)
    return console.export_html(inline_styles=True, code_format=(
        '<pre style="font-family: Menlo, \'DejaVu Sans Mono\', consolas, monospace; '
        'line-height: 1.3; font-size: 0.9em">{code}</pre>'))


def to_text(renderable, width: int = WIDTH) -> str:
    """Plain text of a renderable (best responses marked with *)."""
    from deterrence.views.text import SafeConsole as Console

    console = Console(width=width, file=io.StringIO(), color_system=None, force_terminal=False)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def game_view(game):
    """Header and payoff table (or tree) of a game, as one renderable."""
    from rich.console import Group

    from deterrence.model.kinds import is_tree
    from deterrence.views.result import GameHeader

    if not is_tree(game):
        from deterrence.views.normal import PayoffTable

        return Group(GameHeader(game), PayoffTable(game))
    from deterrence.views.tree import TreeView

    return Group(GameHeader(game), TreeView(game))


def result_view(result):
    """A solved game: header, the game, then the equilibria."""
    from rich.console import Group

    from deterrence.model.kinds import is_tree
    from deterrence.views.result import GameHeader, ResultView

    game = result.game
    if not is_tree(game):
        from deterrence.views.normal import PayoffTable

        return Group(GameHeader(game, describe=False), PayoffTable(game), ResultView(result))
    from deterrence.views.tree import TreeResultView

    return Group(GameHeader(game, describe=False), TreeResultView(result, draw=True))


__all__ = ["to_html", "to_text", "game_view", "result_view", "WIDTH"]
