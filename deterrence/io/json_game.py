"""A game as a JSON document (``deterrence show --json``), and back.

The ``deterrence.game/1`` document is an input format like TOML, ``.nfg``
and ``.efg``: it keeps the formulas, the parameters with their bounds, the
definitions and the metadata, so ``game → JSON → game`` gives the same game
(:func:`read_game_json`). Formulas are parsed by the allow-list expression
parser, never executed.

Example
-------
>>> import json
>>> from deterrence.io import load_game
>>> game = load_game("hawk_dove", values={"C": 8})
>>> read_game_json(json.dumps(game_to_json(game))) == game
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping, NoReturn

from deterrence.errors import DeterrenceError, ExpressionError, GameFileError
from deterrence.model.expr import Expr, as_expr, format_fraction, to_fraction
from deterrence.model.parameters import Parameter, Parameters


def game_to_json(game) -> dict[str, Any]:
    """Players, strategies, parameters and exact payoffs of a normal-form game.

    Payoffs are listed per pure profile, as exact strings, next to the
    formula they were computed from.
    """
    from deterrence.model.kinds import is_tree

    values = game.parameters.values()
    doc: dict[str, Any] = {
        "schema": "deterrence.game/1",
        "title": game.title,
        "kind": game.kind,
        "source": game.source,
        "description": game.description,
        "players": list(game.players),
        "metadata": {k: v for k, v in game.metadata},
        "definitions": {name: str(expr) for name, expr in game.parameters.definitions},
        "parameters": {
            p.name: {"value": format_fraction(values[p.name]), "default": format_fraction(p.default),
                     "min": None if p.minimum is None else format_fraction(p.minimum),
                     "max": None if p.maximum is None else format_fraction(p.maximum),
                     "description": p.description, **({"type": "integer"} if p.integer else {})}
            for p in game.parameters.declared
        },
    }
    if not is_tree(game):
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


GAME_SCHEMA = "deterrence.game/1"


class _Reader:
    """Checks a parsed ``deterrence.game/1`` document and names what is wrong."""

    def __init__(self, data: Any, path: str) -> None:
        self.data = data
        self.path = path

    def fail(self, message: str, hint: str | None = None) -> NoReturn:
        raise GameFileError(message, path=self.path, hint=hint)

    def field(self, where: Mapping[str, Any], key: str, kind: type, context: str, default: Any = ...):
        if key not in where:
            if default is not ...:
                return default
            self.fail(f"{context} has no {key!r}", hint=f"add \"{key}\" (see deterrence show --json)")
        value = where[key]
        if not isinstance(value, kind):
            self.fail(f"{context}: {key!r} must be a {kind.__name__}, not {type(value).__name__}")
        return value

    def number(self, text: Any, context: str) -> Fraction | None:
        if text is None:
            return None
        try:
            return to_fraction(text)
        except ExpressionError as exc:
            self.fail(f"{context}: {exc.message}", hint=exc.hint)

    def expression(self, text: Any, known, context: str) -> Expr:
        if isinstance(text, bool) or not isinstance(text, (str, int)):
            self.fail(f"{context}: a payoff must be a number or a formula in quotes, not {text!r}")
        try:
            expr = as_expr(text)
        except ExpressionError as exc:
            self.fail(f"{context}: {exc.message}", hint=exc.hint)
        unknown = sorted(expr.names() - set(known)) if hasattr(expr, "names") else []
        if unknown:
            self.fail(f"{context}: unknown parameter {unknown[0]!r}",
                      hint="declare it under \"parameters\"")
        return expr

    def parameters(self) -> Parameters:
        spec = self.field(self.data, "parameters", dict, "the game", {})
        declared, values = [], {}
        for name, entry in spec.items():
            where = f"parameter {name!r}"
            if not isinstance(entry, dict):
                self.fail(f"{where} must be an object with \"default\"")
            default = self.number(entry.get("default", entry.get("value")), where)
            if default is None:
                self.fail(f"{where} has no default")
            declared.append(Parameter(name, default, self.number(entry.get("min"), where),
                                      self.number(entry.get("max"), where),
                                      str(entry.get("description", "")),
                                      integer=entry.get("type") == "integer"))
            value = self.number(entry.get("value"), where)
            if value is not None and value != default:
                values[name] = value
        known = {p.name for p in declared}
        definitions = []
        for name, text in self.field(self.data, "definitions", dict, "the game", {}).items():
            definitions.append((name, self.expression(text, known, f"definition {name!r}")))
            known.add(name)
        parameters = Parameters(tuple(declared), tuple(definitions))
        try:
            return parameters.with_values(values) if values else parameters
        except DeterrenceError as exc:
            self.fail(str(exc))

    def metadata(self) -> dict[str, Any]:
        meta = self.field(self.data, "metadata", dict, "the game", {})
        out = {key: str(self.data.get(key, "") or "") for key in ("title", "description", "source")}
        out["metadata"] = tuple((str(k), str(v)) for k, v in meta.items())
        return out


def read_game_json(text: str, path: str = "<stdin>"):
    """A game from a ``deterrence.game/1`` JSON document (see :func:`game_to_json`).

    Raises
    ------
    GameFileError
        When the text is not JSON or not a game document; the message says what is missing.
    """
    import json

    try:
        data = json.loads(text, parse_float=Fraction)  # 0.1 is 1/10, as in TOML
    except json.JSONDecodeError as exc:
        raise GameFileError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno,
                            column=exc.colno, hint="a game document is what deterrence show --json "
                                                   "writes") from None
    except RecursionError:
        raise GameFileError("the JSON is nested too deeply", path=path) from None
    reader = _Reader(data, path)
    if not isinstance(data, dict):
        reader.fail("a game document is a JSON object", hint="see deterrence show --json")
    schema = data.get("schema")
    if schema != GAME_SCHEMA:
        reader.fail(f"this JSON is not a game document (schema {schema!r})",
                    hint=f"expected \"schema\": \"{GAME_SCHEMA}\" (deterrence show --json writes one)")
    kind = reader.field(data, "kind", str, "the game")
    players = reader.field(data, "players", list, "the game")
    if not players or not all(isinstance(p, str) for p in players):
        reader.fail("\"players\" must be a list of names")
    parameters = reader.parameters()
    known = parameters.known_names
    meta = reader.metadata()
    if kind == "tree":
        return _tree(reader, players, parameters, known, meta)
    if kind != "normal":
        reader.fail(f"unknown kind {kind!r}", hint="a game document is of kind \"normal\" or \"tree\"")
    return _normal(reader, players, parameters, known, meta)


def _normal(reader: _Reader, players, parameters, known, meta):
    import itertools

    from deterrence.model.normal import NormalFormGame

    strategies = reader.field(reader.data, "strategies", dict, "the game")
    labels = []
    for player in players:
        own = strategies.get(player)
        if not isinstance(own, list) or not own or not all(isinstance(s, str) for s in own):
            reader.fail(f"\"strategies\" needs a list of names for {player!r}")
        labels.append(tuple(own))
    cells: dict[tuple[int, ...], tuple[Expr, ...]] = {}
    for k, entry in enumerate(reader.field(reader.data, "profiles", list, "the game")):
        where = f"profile {k + 1}"
        if not isinstance(entry, dict):
            reader.fail(f"{where} must be an object")
        profile = reader.field(entry, "profile", dict, where)
        try:
            index = tuple(labels[i].index(profile[p]) for i, p in enumerate(players))
        except (KeyError, ValueError, TypeError):
            reader.fail(f"{where}: \"profile\" must name one strategy of every player")
        values = entry.get("formulas") or reader.field(entry, "payoffs", dict, where)
        if not isinstance(values, dict) or set(values) != set(players):
            reader.fail(f"{where}: give every player's payoff")
        cells[index] = tuple(reader.expression(values[p], known, f"{where}, {p}") for p in players)
    missing = [index for index in itertools.product(*(range(len(s)) for s in labels))
               if index not in cells]
    if missing:
        profile = ", ".join(labels[i][k] for i, k in enumerate(missing[0]))
        reader.fail(f"no payoffs for the profile ({profile})", hint="list every profile once")
    payoffs = tuple(cells[index] for index in itertools.product(*(range(len(s)) for s in labels)))
    return NormalFormGame(tuple(players), tuple(labels), payoffs, parameters, **meta)


def _tree(reader: _Reader, players, parameters, known, meta):
    from deterrence.model.tree import GameTree, Node

    root = reader.field(reader.data, "root", str, "the game")
    spec = reader.field(reader.data, "nodes", dict, "the game")
    nodes = {}
    for nid, entry in spec.items():
        where = f"node {nid!r}"
        if not isinstance(entry, dict):
            reader.fail(f"{where} must be an object")
        actions = reader.field(entry, "actions", dict, where, {})
        if not all(isinstance(c, str) for c in actions.values()):
            reader.fail(f"{where}: \"actions\" maps each action to a child node id")
        chance = entry.get("chance")
        probabilities: tuple = ()
        if chance is not None:
            if not isinstance(chance, dict) or set(chance) != set(actions):
                reader.fail(f"{where}: \"chance\" gives a probability for every action")
            probabilities = tuple(reader.expression(chance[a], known, f"{where}, {a}") for a in actions)
        payoffs = entry.get("formulas") or entry.get("payoffs") or {}
        if not isinstance(payoffs, dict):
            reader.fail(f"{where}: payoffs are an object of player -> payoff")
        nodes[nid] = Node(entry.get("player"), tuple(actions.items()), probabilities,
                          entry.get("infoset"), entry.get("outcome"),
                          tuple((p, reader.expression(v, known, f"{where}, {p}"))
                                for p, v in payoffs.items()))
    return GameTree.from_nodes(players, root, nodes, parameters=parameters, **meta)


__all__ = ["game_to_json", "read_game_json", "GAME_SCHEMA"]
