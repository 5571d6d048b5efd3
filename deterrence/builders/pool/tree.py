"""Build the export-restriction game with a friend-shoring sharing pool.

The story, as a game tree (``timing = "observe"``, the default)::

    Coercer: Restrict or Refrain
      Refrain  -> status quo
      Restrict -> chance: how many pool members honour their pledge
                  (k of N, binomial per class of identical members)
                  -> Target, seeing what was delivered: Concede or Resist
                     Concede -> the coercer gets the concession
                     Resist  -> [chance: counter-restriction or not]
                                -> [Coercer, if it may lift: Persist or Lift]
                                -> Persist: the target bears the damage of the
                                   residual shortfall, the coercer the cost of
                                   restricting (and of the counter-restriction)
                                   Lift: the coercer pays lift_cost, the target
                                   lift_damage (and its own counter's cost)

With ``sharing = "supply"`` (``timing = "commit"``) the target decides before
the pool delivers and compares the concession with its *expected* damage.

Payoffs and probabilities are expressions over the file's parameters (so
``solve``, ``sweep`` and ``thresholds`` see the formulas), except binomial
terms with powers above :data:`~deterrence.model.expr.MAX_EXPONENT`, which
are written as exact numbers. The tree remembers how it was built: changing
a parameter (:meth:`GameTree.with_values`) builds it again, so a member count
may be a parameter too.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> from deterrence.builders.pool.spec import EXAMPLE, read_pool_spec
>>> doc = TomlDocument(EXAMPLE)
>>> game = build_pool_game(read_pool_spec(doc), doc.parameters())
>>> game.size, game.players
(18, ('Coercer', 'Target'))
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import comb
from typing import Any

from deterrence.builders.pool.spec import PoolSpec, check_numbers
from deterrence.model import limits
from deterrence.model.algebra import ONE, ZERO, divide, minus, plus, power, times, total
from deterrence.model.expr import MAX_EXPONENT, Call, Const, Expr, substitute
from deterrence.model.parameters import Parameters

#: Labels of the moves, used by the analysis to read the solved tree.
RESTRICT, REFRAIN, CONCEDE, RESIST = "Restrict", "Refrain", "Concede", "Resist"
#: The coercer's moves once the target holds out (files with ``lift_cost``).
PERSIST, LIFT = "Persist", "Lift"


# ------------------------------------------------------------------ the pieces


def member_counts(spec: PoolSpec, env) -> list[int]:
    """How many members each class has at the values ``env``."""
    return [int(env[m.count] if isinstance(m.count, str) else Fraction(m.count))
            for m in spec.members]


def pool_shape(spec: PoolSpec, env) -> tuple:
    """What of the pool's tree the values ``env`` decide: each class's member count, and
    the reliability of a class too large for its honour probabilities to be written as
    formulas (they are numbers then, and a reliability of 0 or 1 prunes outcomes). Other
    values change only the numbers of one tree (:meth:`Rebuilder.shape`)."""
    counts = member_counts(spec, env)
    fixed = tuple(None if m.reliability.is_constant or n <= MAX_EXPONENT else m.reliability.evaluate(env)
                  for n, m in zip(counts, spec.members))
    return tuple(counts), fixed


def check_pool_values(spec: PoolSpec, env) -> None:
    """The checks a build of the pool makes of the values ``env`` (GameFileError, or a
    LimitError for too many members)."""
    check_numbers(spec.evaluate(env))
    _class_counts(spec, env)


def _class_counts(spec: PoolSpec, env) -> list[int]:
    counts = member_counts(spec, env)
    limits.check("members", sum(counts), f"a pool of {sum(counts):,} members",
                 hint="choose a smaller pool")
    return counts


def _pledge_exprs(spec: PoolSpec, counts: list[int]) -> list[Expr]:
    """Each class's pledge per member, as an expression."""
    if spec.rule == "pledge":
        return [m.pledge for m in spec.members]
    gross = times(times(spec.expr("dependence"), spec.expr("requirement")), spec.expr("duration"))
    shared = Call("max", (ZERO, minus(gross, times(spec.expr("self_absorb"), spec.expr("requirement")))))
    shares = total([spec.expr("target_size")] + [times(Const(Fraction(n)), m.size)
                                                  for n, m in zip(counts, spec.members)])
    return [divide(times(shared, m.size), shares) for m in spec.members]


def _honour_outcomes(spec: PoolSpec, counts: list[int], env) -> list[tuple[str, Expr, Expr]]:
    """``(label, probability, delivered)`` for every combination of honour counts."""
    pledges = _pledge_exprs(spec, counts)
    per_class = []
    for n, m, pledge in zip(counts, spec.members, pledges):
        r = m.reliability
        r_value = r.evaluate(env)
        options = []
        certain = 0 if r_value == 0 else n if r_value == 1 else None    # who honours, for sure
        for k in range(n + 1):
            numeric = r.is_constant or max(k, n - k) > MAX_EXPONENT
            if numeric and certain is not None and k != certain:
                continue  # ruled out by a reliability of 0 or 1, its C(n, k) never computed
            if numeric and not r.is_constant:
                p: Expr = Const(comb(n, k) * r_value ** k * (1 - r_value) ** (n - k))
            else:
                p = times(Const(Fraction(comb(n, k))),
                        times(power(r, k), power(minus(ONE, r), n - k)))
            if p.is_constant and p.evaluate({}) == 0:
                continue  # a reliability of exactly 0 or 1 rules the outcome out
            options.append((k, p, times(Const(Fraction(k)), pledge)))
        per_class.append((n, m, options))
    outcomes = []
    for combo in itertools.product(*(opts for _, _, opts in per_class)):
        parts = []
        for (n, m, _), (k, _, _) in zip(per_class, combo):
            parts.append(f"{k} of {n}" + (f" {m.name}" if m.name else ""))
        label = ", ".join(parts) + " honour" if parts else "no pool"
        prob = ONE
        delivered = ZERO
        for _, p, amount in combo:
            prob = times(prob, p)
            delivered = plus(delivered, amount)
        outcomes.append((label, prob, delivered))
    return outcomes


def _payoffs(spec: PoolSpec, delivered: Expr | None, counter: bool | None,
             lifted: bool = False) -> dict[str, Expr]:
    """Payoffs at a leaf: ``delivered is None`` means the target conceded."""
    e = spec.expr
    if delivered is None:
        return {spec.coercer: minus(e("concession"), e("concede_cost")),
                spec.target: minus(ZERO, e("concession"))}
    gross = times(times(e("dependence"), e("requirement")), e("duration"))
    residual = Call("max", (ZERO, minus(minus(gross, e("stockpile")), delivered)))
    residual = substitute(residual, {})
    damage = substitute(e("lift_damage") if lifted else spec.damage, {"residual": residual})
    coercer = minus(ZERO, e("lift_cost") if lifted else e("restriction_cost"))
    target = minus(ZERO, damage)
    if counter:
        if not lifted:  # lifting the restriction ends the counter-restriction's bite on the coercer
            coercer = minus(coercer, e("counter_cost"))
        target = minus(target, e("counter_cost_target"))
    return {spec.coercer: coercer, spec.target: target}


def _payoff_pairs(players, payoffs: dict[str, Expr]):
    return tuple((p, payoffs[p]) for p in players)


def _held(spec: PoolSpec, nodes: dict, name: str, delivered: Expr, players, label: str,
          counter: bool) -> None:
    """The end of a hold-out: a leaf, or the coercer's choice to persist or lift."""
    from deterrence.model.tree import Node

    if not spec.can_lift:
        nodes[name] = Node(outcome=label, payoffs=_payoff_pairs(players, _payoffs(spec, delivered, counter)))
        return
    persist, lift = f"{name}_persist", f"{name}_lift"
    nodes[name] = Node(player=spec.coercer, actions=((PERSIST, persist), (LIFT, lift)))
    nodes[persist] = Node(outcome=label, payoffs=_payoff_pairs(players, _payoffs(spec, delivered, counter)))
    lifted = label.replace(f"{spec.target} holds out", f"{spec.target} holds out, {spec.coercer} lifts", 1)
    nodes[lift] = Node(outcome=lifted, payoffs=_payoff_pairs(players, _payoffs(spec, delivered, counter, True)))


def _resist_branch(spec: PoolSpec, nodes: dict, name: str, delivered: Expr, players,
                   story: str) -> str:
    """Nodes after Resist: the counter-restriction chance, the coercer's choice, leaves;
    returns the entry id."""
    from deterrence.model.tree import Node

    held = f"{spec.target} holds out" + (f" ({story})" if story else "")
    q = spec.expr("counter_probability")
    if q == ZERO:
        _held(spec, nodes, name, delivered, players, held, False)
        return name
    hit, spared = f"{name}_countered", f"{name}_uncountered"
    nodes[name] = Node(actions=(("Counter-restriction", hit), ("No counter", spared)),
                       probabilities=(q, minus(ONE, q)))
    countered = f"{spec.target} holds out, counter-restriction" + (f" ({story})" if story else "")
    _held(spec, nodes, hit, delivered, players, countered, True)
    _held(spec, nodes, spared, delivered, players, held, False)
    return name


# ------------------------------------------------------------------ the tree


def build_pool_game(spec: PoolSpec, parameters: Parameters, **metadata: Any):
    """The pool game as an ordinary :class:`~deterrence.model.tree.GameTree`.

    ``parameters`` carries the values in force; member counts given as
    parameters fix the shape of the tree. The returned tree rebuilds itself
    when its parameter values change.
    """
    from deterrence.model.tree import GameTree, Node

    env = parameters.environment()
    check_numbers(spec.evaluate(env))
    counts = _class_counts(spec, env)
    players = (spec.coercer, spec.target) if metadata.get("players") is None else metadata.pop("players")
    nodes: dict[str, Node] = {}
    outcomes = _honour_outcomes(spec, counts, env)
    nodes["status_quo"] = Node(outcome="status quo", payoffs=_payoff_pairs(players, {p: ZERO for p in players}))

    def respond(node_id: str, delivered: Expr, tag: str, story: str) -> None:
        conceded, resisted = f"conceded_{tag}", f"resisted_{tag}"
        nodes[node_id] = Node(player=spec.target, actions=((CONCEDE, conceded), (RESIST, resisted)))
        nodes[conceded] = Node(outcome=f"{spec.target} concedes" + (f" ({story})" if story else ""),
                               payoffs=_payoff_pairs(players, _payoffs(spec, None, None)))
        _resist_branch(spec, nodes, resisted, delivered, players, story)

    if spec.timing == "observe":
        if len(outcomes) == 1:
            label = outcomes[0][0] if spec.members else ""
            respond("respond", outcomes[0][2], "pool" if spec.members else "no_pool", label)
            first = "respond"
        else:
            actions, probs = [], []
            for index, (label, p, delivered) in enumerate(outcomes):
                tag = _tag(label, index)
                respond(f"respond_{tag}", delivered, tag, label)
                actions.append((label, f"respond_{tag}"))
                probs.append(p)
            nodes["pool"] = Node(actions=tuple(actions), probabilities=tuple(probs))
            first = "pool"
    else:  # commit: the target decides first, then the pool delivers
        nodes["respond"] = Node(player=spec.target, actions=((CONCEDE, "conceded"), (RESIST, "pool")))
        nodes["conceded"] = Node(outcome=f"{spec.target} concedes",
                                 payoffs=_payoff_pairs(players, _payoffs(spec, None, None)))
        if len(outcomes) == 1:
            _resist_branch(spec, nodes, "pool", outcomes[0][2], players, outcomes[0][0] if spec.members else "")
        else:
            actions, probs = [], []
            for index, (label, p, delivered) in enumerate(outcomes):
                tag = _tag(label, index)
                entry = _resist_branch(spec, nodes, f"resisted_{tag}", delivered, players, label)
                actions.append((label, entry))
                probs.append(p)
            nodes["pool"] = Node(actions=tuple(actions), probabilities=tuple(probs))
        first = "respond"
    nodes["coerce"] = Node(player=spec.coercer, actions=((RESTRICT, first), (REFRAIN, "status_quo")))
    game = GameTree.from_nodes(players, "coerce", nodes, parameters=parameters, **metadata)
    return game


def _tag(label: str, index: int) -> str:
    if label.endswith(" honour") and "," not in label:
        return label.split(" ")[0] + "_honour"
    return f"outcome_{index}"


__all__ = ["build_pool_game", "member_counts", "RESTRICT", "REFRAIN", "CONCEDE", "RESIST", "PERSIST", "LIFT"]
