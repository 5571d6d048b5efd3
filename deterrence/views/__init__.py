"""Views: rich display objects for games and results. They format, never solve."""

from __future__ import annotations


def render_game(console, game) -> None:
    """Header and payoff table (or tree) of a game."""
    from deterrence.model.kinds import is_tree
    from deterrence.views.result import GameHeader

    console.print(GameHeader(game))
    if not is_tree(game):
        from deterrence.views.normal import PayoffTable

        console.print(PayoffTable(game))
    else:
        from deterrence.views.tree import TreeView

        console.print(TreeView(game))


def render_result(console, result, table: bool = True) -> None:
    """A solved game: header, the game itself, then the equilibria."""
    from deterrence.model.kinds import is_tree
    from deterrence.views.result import GameHeader, ResultView

    game = result.game
    console.print(GameHeader(game, describe=False))
    if table and not is_tree(game):
        from deterrence.views.normal import PayoffTable

        console.print(PayoffTable(game))
        console.print()
    view = ResultView(result)
    if is_tree(game):
        from deterrence.views.tree import TreeResultView

        view = TreeResultView(result, draw=table)
    console.print(view)
