"""Results as rows, arrays and data frames, for analysis in pandas or numpy.

The long ("tidy") form has one row per equilibrium, player and strategy
(for a tree: per decision point and action) with its probability, so that
``frame.pivot`` or ``groupby`` give any other shape. Probabilities are
floats unless ``exact=True`` (then :class:`~fractions.Fraction` objects).

Example
-------
>>> from deterrence import load_game, solve
>>> result = solve(load_game("hawk_dove"))
>>> rows(result)[-1]
(3, 'Column', None, 'Dove', Fraction(2, 3), Fraction(2, 3))
>>> [a.shape for a in to_numpy(result)]
[(3, 2), (3, 2)]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

#: Columns of :func:`rows` and :func:`to_frame`.
COLUMNS = ("equilibrium", "player", "decision_point", "strategy", "probability", "payoff")


def rows(result) -> list[tuple[Any, ...]]:
    """``(equilibrium, player, decision point, strategy or action, probability, player's payoff)``;
    equilibria are numbered from 1 as they are printed; the decision point is ``None`` in a
    normal-form game."""
    from deterrence.model.kinds import is_tree

    game = result.game
    out = []
    for k, eq in enumerate(result.equilibria, 1):
        if is_tree(game):
            for h in range(game.n_infosets):
                i = int(game.infoset_player[h])
                for action, p in zip(game.infoset_actions(h), eq.probabilities(game, h)):
                    out.append((k, game.players[i], game.decision_point(h), action, p, eq.payoffs[i]))
        else:
            for i, player in enumerate(game.players):
                for label, p in zip(game.strategies[i], eq.strategies[i]):
                    out.append((k, player, None, label, p, eq.payoffs[i]))
    return out


def _text(value: Any, as_float: bool = False) -> Any:
    """A probability or payoff as a row shows it: exact text (rational or algebraic), or a float."""
    from deterrence.model.numbers import number

    if as_float:
        return float(value)
    if isinstance(value, (int, Fraction)):
        return number(value)
    return str(value)


def summary_rows(result, as_float: bool = False) -> list[dict[str, Any]]:
    """One row per equilibrium, as printed: each player's strategy (a tree: the play) and
    payoff, exact strings unless ``as_float``."""
    from deterrence.model.kinds import is_tree

    game = result.game
    out = []
    for k, eq in enumerate(result.equilibria, 1):
        row: dict[str, Any] = {"equilibrium": k}
        if is_tree(game):
            row["play"] = eq.label(game)
        else:
            for i, player in enumerate(game.players):
                support = [(label, p) for label, p in zip(game.strategies[i], eq.strategies[i]) if p]
                row[player] = support[0][0] if len(support) == 1 else " + ".join(
                    f"{_text(p)} {label}" for label, p in support)
        for player, value in zip(game.players, eq.payoffs):
            row[f"payoff {player}"] = _text(value, as_float)
        if is_tree(game):
            row["subgame_perfect"] = eq.subgame_perfect
            row["perfect_bayesian"] = eq.perfect_bayesian
        out.append(row)
    return out


def to_frame(result, exact: bool = False):
    """A ``pandas.DataFrame`` of :func:`rows` (pandas is an optional extra: ``deterrence[frames]``)."""
    try:
        import pandas as pd
    except ImportError:
        from deterrence.errors import UsageError

        raise UsageError("to_frame() needs pandas", hint='pip install "deterrence[frames]"') from None
    data = rows(result)
    if not exact:
        data = [(*r[:4], float(r[4]), float(r[5])) for r in data]
    frame = pd.DataFrame(data, columns=list(COLUMNS))
    if frame["decision_point"].isna().all():
        frame = frame.drop(columns="decision_point")
    return frame


def to_numpy(result) -> list[Any]:
    """One float array per player, a row per equilibrium and a column per strategy
    (normal-form games; for a tree use :func:`to_frame`)."""
    import numpy as np

    from deterrence.model.kinds import is_tree

    game = result.game
    if is_tree(game):
        raise ValueError("a tree's equilibria are behaviour strategies, one per decision point; "
                         "use to_frame() for them")
    return [np.array([[float(p) for p in eq.strategies[i]] for eq in result.equilibria],
                     dtype=float).reshape(len(result.equilibria), len(game.strategies[i]))
            for i in range(game.n_players)]


__all__ = ["rows", "summary_rows", "to_frame", "to_numpy", "COLUMNS"]
