"""What a behaviour profile of a tree is: payoffs, outcomes, beliefs, and every refinement flag.

:func:`annotate` turns a profile (one probability tuple per information set)
into a :class:`~deterrence.trees.result.TreeEquilibrium`, checking it with
solvers other than the one that found it: subgame perfection by a best
response in every subgame (:mod:`deterrence.trees.credibility`), beliefs and
the perfect-Bayesian and sequential verdicts by exact LPs
(:mod:`deterrence.trees.assessment`), and, in a sender-receiver game, the
Intuitive Criterion (:mod:`deterrence.trees.signalling`). The helpers here
are shared by the routes of :mod:`deterrence.trees.solver`.

Example
-------
>>> from fractions import Fraction as F
>>> from deterrence.io import load_game
>>> game = load_game("punishment_deterrence")
>>> eq = annotate(game, [(F(0), F(1)), (F(1), F(0))])
>>> eq.subgame_perfect, eq.perfect_bayesian, eq.sequential, len(eq.incredible_threats)
(False, False, False, 1)
"""

from __future__ import annotations

from fractions import Fraction

from deterrence.trees.result import Threat, TreeEquilibrium, from_behaviour

#: How each refinement is named in sentences.
CONCEPT_WORDS = {"subgame-perfect": "subgame-perfect equilibria",
                 "perfect-bayesian": "perfect Bayesian equilibria",
                 "sequential": "sequential equilibria"}

#: Said when an equilibrium of the reduced strategic form has no behaviour profile.
LOST_TO_RECALL = ("an equilibrium of the reduced strategic form has no equivalent behaviour "
                  "profile (imperfect recall) and is left out")


def annotate(game, behaviour, component: int = 0, cache: dict | None = None) -> TreeEquilibrium:
    """A :class:`TreeEquilibrium` with payoffs, outcomes, beliefs, and the refinement flags."""
    from deterrence.trees.assessment import assess
    from deterrence.trees.behaviour import node_values, reach, subgame_roots
    from deterrence.trees.credibility import classify, failures
    from deterrence.trees.signalling import intuitive_criterion

    cache = {} if cache is None else cache
    if "roots" not in cache:
        cache["roots"] = subgame_roots(game)
    roots = cache["roots"]
    behaviour = [tuple(b) for b in behaviour]
    values = node_values(game, behaviour)
    spe, found = failures(game, behaviour, roots, values)
    assessment = assess(game, behaviour, roots, values)
    flagged = {t.infoset for t in found}
    for d in assessment.failures:
        if d.infoset in flagged:
            continue
        members = game.members[d.infoset]
        node = members[0] if d.belief is None else next(
            (v for v, p in zip(members, d.belief) if p), members[0])
        found.append(Threat(d.infoset, node, game.infoset_player[d.infoset],
                            tuple(behaviour[d.infoset]), d.better, d.gain))
    threats, rest = classify(game, behaviour, found, values)
    pbe = assessment.perfect_bayesian and spe
    reached = reach(game, behaviour, 0)
    outcomes: dict[str, Fraction] = {}
    for z in game.terminals:
        p = reached.get(z, Fraction(0))
        if p:
            outcomes[game.outcome[z]] = outcomes.get(game.outcome[z], Fraction(0)) + p
    ordered = tuple(sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0])))
    beliefs = assessment.beliefs(game, ("on path",))
    off_path = assessment.beliefs(game, ("Bayes", "free"))
    eq = from_behaviour(game, behaviour, payoffs=values[0], outcomes=ordered, beliefs=beliefs,
                        off_path_beliefs=off_path, subgame_perfect=spe, perfect_bayesian=pbe,
                        incredible_threats=tuple(threats), component=component,
                        sequential=assessment.sequential if pbe else False,
                        not_optimal=tuple(rest))
    # A tree of perfect information has no beliefs for the criterion to restrict: no verdict
    # and no reason, as backward induction gives (the solver's answer on such a tree), so
    # that every route to an equilibrium, and a sweep's points, say the same.
    if pbe and not game.is_perfect_information:
        verdict, reason = intuitive_criterion(game, eq, cache)
        eq = _with(eq, intuitive_criterion=verdict, intuitive_reason=reason)
    return eq


def _with(eq: TreeEquilibrium, **fields) -> TreeEquilibrium:
    from dataclasses import replace

    return replace(eq, **fields)


def check_nash(game, behaviour) -> bool:
    """Exact check: no player gains by any deviation in the whole tree.

    Returns ``False`` for a profile that fails on a tree without perfect
    recall (there a mixed equilibrium need not have an equivalent behaviour
    profile); on a tree with perfect recall a failure is a bug and raises.
    """
    from deterrence.nash.verify import VerificationError
    from deterrence.trees.behaviour import node_values
    from deterrence.trees.credibility import best_response_value

    values = node_values(game, behaviour)
    for i, player in enumerate(game.players):
        best, _ = best_response_value(game, behaviour, i, 0)
        if best > values[0][i]:
            if not game.has_perfect_recall:
                return False
            raise VerificationError(f"{player} gains {best - values[0][i]} by deviating")
    return True


def distinct(game, candidates, cache: dict | None = None, seen: set | None = None):
    """Each different profile once, annotated: ``(behaviour, TreeEquilibrium)``."""
    cache = {} if cache is None else cache
    seen = set() if seen is None else seen
    for behaviour, component in candidates:
        key = tuple(tuple(b) for b in behaviour)
        if key not in seen:
            seen.add(key)
            yield behaviour, annotate(game, behaviour, component, cache)


def ranges(numbers) -> str:
    """``1-3, 5, 8, 9``: sorted numbers with runs of three or more collapsed.

    >>> ranges([5, 1, 2, 3, 9, 8])
    '1-3, 5, 8, 9'
    """
    numbers = sorted(set(numbers))
    parts, k = [], 0
    while k < len(numbers):
        j = k
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        if j - k >= 2:
            parts.append(f"{numbers[k]}-{numbers[j]}")
        else:
            parts.extend(str(x) for x in numbers[k:j + 1])
        k = j + 1
    return ", ".join(parts)


def continuum_notes(equilibria, known: dict[int, int], continua: set[int],
                    what: str = "Nash equilibria of the sequence form") -> list[str]:
    """One short sentence per continuum, naming the equilibria *as printed* (from 1).

    ``known`` maps a printed position (from 0) to its component, where known;
    ``continua`` are the components that are continua.
    """
    groups: dict[int, list[int]] = {}
    for k, c in known.items():
        if c in continua:
            groups.setdefault(c, []).append(k + 1)
    notes = []
    for members in sorted(groups.values()):
        which = (f"equilibrium {members[0]} lies" if len(members) == 1
                 else f"equilibria {ranges(members)} lie")
        notes.append(f"{which} in one connected set (a continuum) of {what}")
    if len(notes) > 3:
        notes = notes[:3] + [f"{len(notes) - 3} more continua of {what} (see --json components)"]
    return notes


__all__ = ["CONCEPT_WORDS", "annotate", "check_nash", "distinct", "ranges", "continuum_notes", "LOST_TO_RECALL"]
