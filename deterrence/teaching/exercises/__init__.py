"""Seeded exercises with answer keys that come from the solvers.

:func:`make_sheet` draws ``count`` exercises of one kind from a seed; the same
kind, seed and count always give the same games (Python's
:class:`random.Random` seeded with a string is reproducible across runs and
platforms). Every answer is computed by the package's own solvers and
checked against them (thresholds on both sides) before it is returned, so an
answer key can be trusted as far as the solvers can.

Each kind (:data:`CARDS`) has a title, a difficulty, a framing drawn from the
study of deterrence and economic security, and per exercise a story, a
question, hints and a worked answer. The kinds, by family:

* matrix games (:mod:`.matrix`): ``3x3-dominance``, ``2x2-mixed``, ``stag-hunt``;
* trees (:mod:`.trees`): ``spe-tree``, ``ladder``;
* punishment (:mod:`.punishment`): ``credibility``, ``resolute-type``,
  ``capability``, ``brinkmanship``;
* denial (:mod:`.denial`): ``denial``, ``pool``, ``yard``;
* repeated play (:mod:`.repeated`): ``discount``.

Example
-------
>>> sheet = make_sheet("2x2-mixed", seed=3, count=1)
>>> ex = sheet.exercises[0]
>>> [eq.is_pure for eq in ex.result.equilibria]
[False]
>>> make_sheet("2x2-mixed", seed=3, count=1).exercises[0].game == ex.game
True
>>> sheet.difficulty
'introductory'
"""

from __future__ import annotations

import random

from deterrence.errors import UsageError
from deterrence.teaching.exercises import denial, matrix, punishment, repeated, trees
from deterrence.teaching.exercises.base import LEVELS, MAX_COUNT, MAX_TRIES, Exercise, Kind, Sheet
from deterrence.teaching.exercises.denial import pool_available, yard_available
from deterrence.teaching.exercises.punishment import credibility_game

PUNISHMENT = ("Deterrence by punishment convinces an opponent that an attack will be answered with "
              "retaliation costing more than it gains; its weak point is credibility: will the "
              "defender really carry out a costly threat once attacked?")

#: Every kind, in the order ``deterrence exercise --help`` lists them.
CARDS: tuple[Kind, ...] = (
    Kind("3x3-dominance", "Iterated elimination of dominated strategies", "intermediate",
         "Before asking what rational states will do, ask what they will never do: a policy "
         "that another policy, or a mixture of two, beats whatever the other side does.",
         matrix.dominance),
    Kind("2x2-mixed", "Mixed-strategy equilibria of 2×2 games", "introductory",
         "Inspection, patrols and raids: where one side wants to match and the other to "
         "mismatch, each must be unpredictable, and the equilibrium says how.",
         matrix.mixed),
    Kind("spe-tree", "Subgame-perfect equilibria of game trees", "introductory",
         "Selten's subgame perfection asks a plan to be optimal at every point where it would be "
         "carried out, which is how incredible threats are found.",
         trees.spe_tree),
    Kind("credibility", "When is a threat credible?", "introductory", PUNISHMENT, punishment.credibility),
    Kind("resolute-type", "Deterrence with a resolute type: credibility as a probability", "intermediate",
         PUNISHMENT + " When the defender's resolve is private, the challenger weighs the chance "
         "that it faces a defender who would retaliate.", punishment.resolute_type),
    Kind("capability", "Credible but not capable: strategic indispensability", "intermediate",
         "Strategic indispensability (Japan's shares of photoresist, etching gas, silicon wafers) "
         "is a capacity to punish. A threat deters only if it would be carried out (credibility) "
         "and would hurt more than the coercion gains (capability).", punishment.capability),
    Kind("brinkmanship", "Brinkmanship: the window of acceptable risk", "advanced",
         "Schelling's threat that leaves something to chance: a risk of disaster large enough to "
         "compel, small enough to accept (the Cuban missile crisis).", punishment.brinkmanship),
    Kind("denial", "Deterrence by denial: the capability that deters", "introductory",
         "Deterrence by denial arranges in advance that an attack will not achieve its aim, and "
         "makes that known: missile defence, or a friend-shoring pool that blunts an export "
         "restriction.", denial.denial),
    Kind("ladder", "Escalation ladders: where does escalation stop?", "intermediate",
         "When deterrence fails, threats invite counter-measures: tariffs answered by export "
         "controls answered by counter-controls, each rung costly and each a risk of losing "
         "control (Kahn's escalation ladder).", trees.ladder),
    Kind("discount", "Repeated play: the discount factor that sustains cooperation", "intermediate",
         "The security dilemma has the structure of the prisoner's dilemma; global supply chains "
         "repeat the game every day, and the shadow of the future can make cooperation rational.",
         repeated.discount),
    Kind("stag-hunt", "Trust in a stag hunt", "introductory",
         "The stag hunt is the prisoner's dilemma's neighbour: cooperation is an equilibrium, and "
         "mistrust alone makes decoupling rational. How much trust does cooperation need?",
         matrix.stag_hunt),
    Kind("pool", "Friend-shoring: the pool that stops coercion", "advanced",
         "Seen from a coercer, a sharing pool (IPEF, 2022) lowers the expected effect of an export "
         "restriction, hence its expected payoff from coercing, and with it the motive.",
         denial.pool, lambda: pool_available()),
    Kind("yard", "Small yard, high fence: which goods to protect", "advanced",
         "Strategic autonomy is costly: economic security for a small yard of strategic goods, free "
         "trade for the rest. Against a coercer who cuts where it hurts most, which fence is worth "
         "its cost?", denial.yard, lambda: yard_available()),
)
KIND_CARDS = {card.name: card for card in CARDS}
KINDS = tuple(KIND_CARDS)
TITLES = {card.name: card.title for card in CARDS}


def available_kinds() -> tuple[str, ...]:
    """The kinds this installation can generate."""
    return tuple(card.name for card in CARDS if card.available())


def make_sheet(kind: str, seed: int, count: int = 3) -> Sheet:
    """``count`` exercises of ``kind`` drawn from ``seed``.

    Raises
    ------
    UsageError
        For an unknown or unavailable kind, or a count out of range.
    """
    if kind not in KINDS:
        raise UsageError(f"no exercise kind {kind!r}", hint=f"kinds: {', '.join(KINDS)}")
    if kind not in available_kinds():
        raise UsageError(f"exercises of kind {kind!r} need a builder that is not installed",
                         hint=f"available kinds: {', '.join(available_kinds())}")
    if not 1 <= count <= MAX_COUNT:
        raise UsageError(f"--count must be between 1 and {MAX_COUNT}")
    card = KIND_CARDS[kind]
    rng = random.Random(f"deterrence-exercise:{kind}:{seed}")
    return Sheet(kind, seed, tuple(card.generate(rng, k) for k in range(1, count + 1)), card)


__all__ = ["Exercise", "Sheet", "Kind", "make_sheet", "available_kinds", "KINDS", "TITLES", "CARDS",
           "KIND_CARDS", "LEVELS", "MAX_COUNT", "MAX_TRIES", "credibility_game", "pool_available",
           "yard_available"]
