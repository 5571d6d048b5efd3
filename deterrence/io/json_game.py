"""A game as a JSON document (``deterrence show --json``)."""

from __future__ import annotations

from typing import Any

from deterrence.model.expr import format_fraction


def game_to_json(game) -> dict[str, Any]:
    """Players, strategies, parameters and exact payoffs of a normal-form game.

    Payoffs are listed per pure profile, as exact strings, next to the
    formula they were computed from.
    """
    from deterrence.model.tree import GameTree

    values = game.parameters.values()
    doc: dict[str, Any] = {
        "schema": "deterrence.game/1",
        "title": game.title,
        "kind": game.kind,
        "source": game.source,
        "description": game.description,
        "players": list(game.players),
        "parameters": {
            p.name: {"value": format_fraction(values[p.name]), "default": format_fraction(p.default),
                     "min": None if p.minimum is None else format_fraction(p.minimum),
                     "max": None if p.maximum is None else format_fraction(p.maximum),
                     "description": p.description}
            for p in game.parameters.declared
        },
    }
    if not isinstance(game, GameTree):
        doc["strategies"] = {p: list(s) for p, s in zip(game.players, game.strategies)}
        profiles = []
        for profile, formulas in zip(game.profiles(), game.payoffs):
            exact = game.payoff(profile)
            profiles.append({
                "profile": {p: game.strategies[i][k] for i, (p, k) in enumerate(zip(game.players, profile))},
                "payoffs": {p: format_fraction(v) for p, v in zip(game.players, exact)},
                "formulas": {p: str(f) for p, f in zip(game.players, formulas)},
            })
        doc["profiles"] = profiles
    elif hasattr(game, "to_json"):
        doc.update(game.to_json())
    return doc
