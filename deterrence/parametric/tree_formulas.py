"""A game tree's equilibrium as formulas: node values, outcome probabilities, comparisons.

At given parameter values the exact tree solver finds the equilibrium (its
regime: which outcomes have positive probability). Holding that profile
fixed, every comparison the players make is written symbolically: at each
information set, the expected payoff of the prescribed action against every
alternative, the nodes weighted by the chance probabilities (and the other
players' prescribed moves) that lead to them — for the challenger of a
defender who is resolute with probability p, ``(1 - p)*V - p*c <= 0``, i.e.
``p >= V/(V + c)``. The profile stays an equilibrium exactly while these
inequalities hold (:func:`comparisons`); :func:`tree_symbolic` is
``solve --symbolic`` for a tree.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.solver import solve
>>> g = load_game("punishment_credibility")
>>> eq = pure_profile(solve(g.with_values({"p": Fraction(1, 10)})))
>>> [c.text for c in comparisons(g, eq.choice, ["p"])]
['p <= 1/3', 'p <= 1']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from fractions import Fraction  # noqa: F401  (the doctests)
from typing import Any, Sequence

from deterrence.errors import UsageError
from deterrence.parametric.conditions import Impossible, latex_of, make_conditions, text_of
from deterrence.parametric.stand_ins import stand_ins
from deterrence.parametric.symbols import free_symbols, parameter_symbols
from deterrence.model.display import Displayable, short_repr

#: The schema of a tree's equilibrium as formulas (``deterrence.symbolic/1`` is the normal form's).
TREE_SYMBOLIC_SCHEMA = "deterrence.tree-symbolic/1"


def pure_profile(result):
    """The first equilibrium without mixed prescriptions, or ``None``."""
    for eq in result.equilibria:
        if not eq.mixed:
            return eq
    return None


def node_values(game, choice, symbols) -> list[list[Any]]:
    """Each node's expected payoff vector under the pure profile ``choice``, as formulas."""
    import sympy

    n = game.size
    formula = _formulas_of(game, symbols)
    values: list[Any] = [None] * n
    for v in reversed(range(n)):
        own = [formula(int(k)) if int(k) >= 0 else sympy.Integer(0) for k in game.payoff[v]]
        if game.is_terminal(v):
            values[v] = own
        elif game.is_chance(v):
            total = [sympy.Integer(0)] * game.n_players
            for e in game.edges(v):
                p = formula(int(game.edge_prob[e]))
                child = values[int(game.child[e])]
                total = [t + p * c for t, c in zip(total, child)]
            values[v] = [o + t for o, t in zip(own, total)]
        else:
            a = int(choice[int(game.infoset[v])])
            child = values[int(game.child[int(game.offsets[v]) + a])]
            values[v] = [o + c for o, c in zip(own, child)]
    return values


def _formulas_of(game, symbols) -> Any:
    """``formula(k)``: the tree's ``k``-th payoff or probability expression in sympy, with
    ``symbols`` (:func:`~deterrence.parametric.symbols.parameter_symbols`). The conversions
    are remembered across calls: the regimes of a tree ask for the same expressions."""
    key = tuple(sorted((name, symbol) for name, symbol in symbols.items()))
    return lambda k: _to_sympy(game.exprs[k], key)


@functools.lru_cache(maxsize=65536)
def _to_sympy(expr, symbols: tuple) -> Any:
    return expr.to_sympy(dict(symbols))


def _weights(game, choice, symbols, player: int, ignore_others: bool) -> list[Any]:
    """Reach weight of every node for ``player``: chance probabilities times
    the other players' prescribed moves (``player``'s own moves count as taken)."""
    import sympy

    formula = _formulas_of(game, symbols)
    weight: list[Any] = [sympy.Integer(0)] * game.size
    weight[0] = sympy.Integer(1)
    for v in range(game.size):
        if game.is_terminal(v):
            continue
        for k, e in enumerate(game.edges(v)):
            child = int(game.child[e])
            if game.is_chance(v):
                weight[child] = weight[v] * formula(int(game.edge_prob[e]))
            elif ignore_others or int(game.mover[v]) == player or k == int(choice[int(game.infoset[v])]):
                weight[child] = weight[v]
    return weight


def comparisons(game, choice, free: Sequence[str] | None = None, made: list | None = None) -> list:
    """The inequalities under which the pure profile ``choice`` stays optimal.

    One :class:`~deterrence.parametric.conditions.Condition` per information set and
    alternative action: prescribed minus alternative, expected over the
    nodes of the information set, is non-negative. ``made``, if given, receives what
    was worked out for each comparison (:func:`remember_conditions` takes it, in
    another process).
    """
    import sympy

    symbols = parameter_symbols(game, free)
    order = free_symbols(game, free)
    values = node_values(game, choice, symbols)
    reached = [_weights(game, choice, symbols, i, ignore_others=False) for i in range(game.n_players)]
    anyway = _weights(game, choice, symbols, 0, ignore_others=True)
    members: dict[int, list[int]] = {}
    for v in range(game.size):
        h = int(game.infoset[v])
        if h >= 0:
            members.setdefault(h, []).append(v)
    out = []
    for h, nodes in members.items():
        player = int(game.mover[nodes[0]])
        weights = reached[player] if any(reached[player][v] != 0 for v in nodes) else anyway
        a = int(choice[h])
        labels = game.actions(nodes[0])
        for b in range(len(labels)):
            if b == a:
                continue
            diff = sympy.Integer(0)
            for v in nodes:
                base = int(game.offsets[v])
                diff += weights[v] * (values[int(game.child[base + a])][player]
                                      - values[int(game.child[base + b])][player])
            reason = (f"{game.players[player]} prefers {labels[a]} to {labels[b]} "
                      f"at {game.infoset_labels[h]}")
            try:
                # make_conditions puts it over one denominator itself (in the fraction field)
                out += conditions_of(diff, False, reason, order, made)
            except Impossible:
                continue
    return out


def conditions_of(expr, strict: bool, reason: str, order, made: list | None = None) -> list:
    """:func:`~deterrence.parametric.conditions.make_conditions` of ``expr``, with each
    ``min``/``max`` term (a pool's shortfall that cannot go below 0) standing in as one more
    unknown of its known sign while the conditions are made, then put back: the algebra is
    then on rational functions (sympy's sparse fraction field), not on expressions with
    ``Max``, whose every sum and product sympy rewrites — many times sooner, the same
    conditions.

    >>> import sympy
    >>> d, D, x = sympy.symbols("d D x", nonnegative=True)
    >>> [c.text for c in conditions_of(d * sympy.Max(0, x - 1) - D, True, "", (d, D, x))]
    ['D < d*Max(0, x - 1)']
    """
    key = (expr, bool(strict), tuple(order))
    found = _MADE.get(key, _UNKNOWN)
    if found is _UNKNOWN:
        found = _conditions_of(*key)
        remember_conditions([(key, found)])
    if made is not None:
        made.append((key, found))
    if found is None:
        raise Impossible(reason)
    return [replace(c, reason=reason) for c in found]


def remember_conditions(made: Sequence[tuple]) -> None:
    """Take what another process worked out for :func:`conditions_of` (the ``made`` it
    filled): those comparisons are not worked out again here."""
    for key, found in made:
        if len(_MADE) >= MAX_MADE:
            _MADE.clear()
        _MADE.setdefault(key, found)


#: What :func:`conditions_of` worked out, by comparison (``None``: impossible): the regimes
#: of a tree repeat most of their comparisons (the yard: 9,467 for 483 different ones).
_MADE: dict = {}
#: Most comparisons remembered.
MAX_MADE = 16384
_UNKNOWN = object()


def _conditions_of(expr, strict: bool, order: tuple):
    """:func:`conditions_of` without the reason (``None``: impossible)."""
    rational, restored = stand_ins(expr)
    try:
        made = make_conditions(rational, strict, "", order)
    except Impossible:
        return None
    return tuple(replace(c, expr=restored(c.expr), relation=restored(c.relation),
                         assumes=restored(c.assumes)) for c in made)


def outcome_probabilities(game, choice, symbols) -> dict[str, Any]:
    """Probability of each outcome label under the pure profile ``choice``, as formulas."""
    import sympy

    reach: list[Any] = [sympy.Integer(0)] * game.size
    reach[0] = sympy.Integer(1)
    out: dict[str, Any] = {}
    for v in range(game.size):
        if game.is_terminal(v):
            label = game.outcome[v] or game.ids[v]
            out[label] = out.get(label, sympy.Integer(0)) + reach[v]
            continue
        for k, e in enumerate(game.edges(v)):
            child = int(game.child[e])
            if game.is_chance(v):
                reach[child] = reach[v] * game.exprs[int(game.edge_prob[e])].to_sympy(symbols)
            elif k == int(choice[int(game.infoset[v])]):
                reach[child] = reach[v]
    return {label: sympy.factor(sympy.cancel(p)) for label, p in out.items()}


@dataclass(frozen=True, repr=False)
class TreeSymbolic(Displayable):
    """The equilibrium of a tree at the values in force, as formulas.

    ``payoffs`` and ``outcomes`` are formulas in every parameter, valid while
    the ``conditions`` (the comparisons the equilibrium rests on) hold.
    """

    game: Any
    profile: str
    payoffs: tuple
    outcomes: tuple
    conditions: tuple
    warnings: tuple = ()
    kind = "tree"
    display_as = "symbolic"

    def __repr__(self) -> str:
        return short_repr("TreeSymbolic", repr(self.game.title), f"{len(self.conditions)} conditions")

    def to_json(self, as_float: bool = False, schema: str = TREE_SYMBOLIC_SCHEMA) -> dict[str, Any]:
        """Schema ``deterrence.tree-symbolic/1``; ``solve --symbolic --json`` writes the same
        keys under the id its ``symbolic`` key has always carried, ``deterrence.symbolic/1``."""
        from deterrence.model.envelope import envelope

        game = self.game
        return {
            **envelope(schema, game, as_float),
            "kind": "tree",
            "profile": self.profile,
            "payoffs": {p: {"text": text_of(v), "latex": latex_of(v)} for p, v in zip(game.players, self.payoffs)},
            "outcomes": {label: {"text": text_of(v), "latex": latex_of(v)} for label, v in self.outcomes},
            "conditions": [c.to_json() for c in self.conditions],
            "warnings": list(self.warnings),
        }


def tree_symbolic(game) -> TreeSymbolic:
    """The equilibrium at the values in force, with payoffs, outcome
    probabilities and the conditions it rests on as formulas."""
    import sympy

    from deterrence.solver import solve

    result = solve(game)
    eq = pure_profile(result)
    if eq is None:
        raise UsageError("the equilibrium of this tree mixes: no formulas for it",
                         hint="use 'deterrence sweep' to follow it as a parameter moves")
    symbols = parameter_symbols(game)
    payoffs = tuple(sympy.factor(sympy.cancel(v)) for v in node_values(game, eq.choice, symbols)[0])
    outcomes = tuple((label, p) for label, p in outcome_probabilities(game, eq.choice, symbols).items()
                     if p != 0)
    warnings = ()
    if len(result.equilibria) > 1:
        warnings = (f"the tree has {len(result.equilibria)} equilibria here; formulas are for the first",)
    return TreeSymbolic(game, eq.label(game), payoffs, outcomes, tuple(comparisons(game, eq.choice)), warnings)


__all__ = ["node_values", "comparisons", "conditions_of", "remember_conditions", "outcome_probabilities", "pure_profile", "TreeSymbolic",
           "tree_symbolic", "TREE_SYMBOLIC_SCHEMA"]
