"""The envelope of every JSON document: schema id, the game, the parameter values.

Every ``--json`` document starts the same way, built here and nowhere else::

    {"schema": "deterrence.result/1",
     "game": {"title": ..., "kind": ..., "players": [...], ...},
     "parameters": {"C": "8", ...},
     ...}

A schema id names a shape: later versions add keys, never remove or change
them; a changed shape gets a new id.

Example
-------
>>> from deterrence import load_game
>>> doc = envelope("deterrence.result/1", load_game("hawk_dove", values={"C": 8}))
>>> doc["schema"], doc["game"]["players"], doc["parameters"]
('deterrence.result/1', ['Row', 'Column'], {'V': '2', 'C': '8'})
"""

from __future__ import annotations

from typing import Any

from deterrence.model.numbers import number


def game_json(game) -> dict[str, Any]:
    """The ``game`` block of every JSON document."""
    from deterrence.model.kinds import is_tree

    out: dict[str, Any] = {"title": game.title, "kind": game.kind, "players": list(game.players)}
    if not is_tree(game):
        if getattr(game, "strategies", None) is not None:
            out["strategies"] = {p: list(s) for p, s in zip(game.players, game.strategies)}
        return out
    # each player's decision points (information-set label, or node id) and their actions
    points: dict[str, dict[str, list[str]]] = {p: {} for p in game.players}
    if game.size <= 10 ** 4:
        for h in range(game.n_infosets):
            points[game.players[game.infoset_player[h]]][game.decision_point(h)] = \
                list(game.infoset_actions(h))
        out["decision_points"] = points
    out["nodes"] = game.size
    out["perfect_information"] = game.is_perfect_information
    return out


def parameter_values(game, as_float: bool = False) -> dict[str, Any]:
    """The parameter values in force, exact strings (floats with ``as_float``)."""
    return {k: number(v, as_float) for k, v in game.parameters.values().items()}


def envelope(schema: str, game, as_float: bool = False) -> dict[str, Any]:
    """``{"schema", "game", "parameters"}``: the start of every JSON document."""
    return {"schema": schema, "game": game_json(game), "parameters": parameter_values(game, as_float)}


__all__ = ["envelope", "game_json", "parameter_values"]
