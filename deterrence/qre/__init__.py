"""Logit quantal response equilibrium: play with noisy readings of the other side.

In a logit QRE (McKelvey & Palfrey 1995) each side chooses every action
with a probability that rises with its expected payoff, ``P(a)`` proportional
to ``exp(lambda * payoff(a))``. The *precision* ``lambda`` reads as how well
each side reads the other: at 0 choices are uniform noise, and as it grows
the principal branch converges to a Nash equilibrium. For a tree the agent
QRE lets each information set choose this way given its beliefs
(McKelvey & Palfrey 1998); its limit is a sequential equilibrium.

* :func:`logit_branch` -- the branch over a range of lambda, the points at
  requested lambdas and the Nash equilibrium it converges to;
* :func:`logit_at` -- the branch at one lambda, to 1e-10;
* :func:`lambda_sweep` -- the branch at many lambdas in one trace (what a
  sweep over lambda needs).

This is a separate subject from :mod:`deterrence.nash` (a different solution
concept, for normal forms and trees alike); it uses ``nash`` to name the
limit exactly and never imports the tree solvers.

Example
-------
>>> from deterrence import load_game
>>> point = logit_at(load_game("prisoners_dilemma"), 1.0)
>>> [round(p, 4) for p in point.probabilities[0]]
[0.2268, 0.7732]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from deterrence.errors import UsageError
from deterrence.model.tree import GameTree
from deterrence.qre.result import Agent, QRELimit, QREPoint, QREResult
from deterrence.qre.trace import TOLERANCE, trace_branch

#: Largest distance (in probability) at which the traced limit is named as an
#: exact equilibrium of the game.
MATCH = 1e-5


def _system_and_agents(game):
    if isinstance(game, GameTree):
        from deterrence.qre.tree import agents, tree_system

        if not game.has_perfect_recall:
            raise UsageError("the agent QRE needs a tree with perfect recall",
                             hint="; ".join(game.perfect_recall_violations()[:1]))
        return tree_system(game), tuple(Agent(p, a, d) for p, d, a in agents(game))
    from deterrence.qre.normal import game_system

    return game_system(game), tuple(Agent(p, s) for p, s in zip(game.players, game.strategies))


def _blocks(system, sigma: np.ndarray) -> tuple[tuple[float, ...], ...]:
    cut = system.cut
    return tuple(tuple(float(p) for p in sigma[cut[k]:cut[k + 1]]) for k in range(len(system.sizes)))


def _point(system, p) -> QREPoint:
    return QREPoint(float(p.lam), _blocks(system, p.sigma), float(p.regret))


def lambda_sweep(game, lambdas: Sequence[float]) -> list[QREPoint]:
    """The principal branch at each of ``lambdas`` (any order), each solved to 1e-10.

    This is the function a parametric sweep over lambda calls.

    >>> from deterrence import load_game
    >>> [round(p.probabilities[0][1], 6) for p in lambda_sweep(load_game("matching_pennies"), [0, 3])]
    [0.5, 0.5]
    """
    lambdas = [float(x) for x in lambdas]
    if any(x < 0 or not np.isfinite(x) for x in lambdas):
        raise UsageError("lambda must be a finite number >= 0", hint="e.g. --lambda 0:20")
    system, _ = _system_and_agents(game)
    trace = trace_branch(system, targets=lambdas, until=max(lambdas, default=0.0))
    if len(trace.targets) < len(lambdas):
        raise UsageError(trace.warnings[0] if trace.warnings else "the branch was not followed")
    return [_point(system, p) for p in trace.targets]


def logit_at(game, lam: float) -> QREPoint:
    """The principal branch at one ``lam`` (the first point of the branch there)."""
    return lambda_sweep(game, [lam])[0]


def logit_branch(game, lo: float = 0.0, hi: float = 20.0, points: int = 21,
                 limit: bool = True) -> QREResult:
    """The principal branch for lambda from ``lo`` to ``hi`` at ``points`` evenly
    spaced lambdas, with the Nash equilibrium it converges to (``limit``)."""
    if not (0 <= lo <= hi) or not np.isfinite(hi):
        raise UsageError(f"lambda range {lo:g}:{hi:g} is not a range of numbers >= 0",
                         hint="write LO:HI with 0 <= LO <= HI, e.g. --lambda 0:20")
    if points < 1:
        raise UsageError("at least one lambda is needed", hint="--points 2 or more")
    grid = [float(x) for x in np.linspace(lo, hi, points)] if points > 1 else [float(lo)]
    system, agent_list = _system_and_agents(game)
    trace = trace_branch(system, targets=grid, until=hi, to_limit=limit)
    warnings = list(trace.warnings)
    path = tuple(_point(system, p) for p in trace.path if p.lam <= hi * (1 + 1e-12) + 1e-12)
    found = None
    if limit:
        found = _limit(game, system, agent_list, trace)
        if not found.converged:
            warnings.append(f"the branch was followed to lambda = {found.lam:.3g}, where a side "
                            f"can still gain {found.regret:.2g} by deviating: the limit is "
                            "approximate")
    return QREResult(game, agent_list, float(lo), float(hi),
                     tuple(_point(system, p) for p in trace.targets), path, found, tuple(warnings))


def _limit(game, system, agent_list, trace) -> QRELimit:
    last = trace.last
    probabilities = _blocks(system, last.sigma)
    if isinstance(game, GameTree):
        label = "; ".join(f"{agent.name}: {_choice_text(agent.actions, probs)}"
                          for agent, probs in zip(agent_list, probabilities))
        return QRELimit(float(last.lam), probabilities, float(last.regret), label, trace.converged,
                        concept="sequential equilibrium (limit of the agent QRE)")
    exact = _exact_match(game, last.sigma)
    if exact is not None:
        return QRELimit(float(last.lam), probabilities, float(last.regret), exact.label(game),
                        trace.converged, exact)
    from deterrence.nash.gnm import refine
    from deterrence.nash.result import MixedEquilibrium

    rational = _rational_equilibrium(game, probabilities)
    if rational is not None:
        return QRELimit(float(last.lam), probabilities, float(last.regret), rational.label(game),
                        trace.converged, rational)
    arrays = game.float_arrays()
    sigma = refine(arrays, last.sigma, game.shape)
    refined = _blocks(system, sigma)
    rational = _rational_equilibrium(game, refined)
    if rational is not None:
        return QRELimit(float(last.lam), probabilities, float(last.regret), rational.label(game),
                        trace.converged, rational)
    label = MixedEquilibrium(refined, (0.0,) * game.n_players).label(game)
    return QRELimit(float(last.lam), refined, float(last.regret), f"approximately {label}",
                    trace.converged)


def _rational_equilibrium(game, probabilities):
    """The nearby profile with small denominators, when it is exactly an equilibrium
    (a limit inside a continuum is not an extreme equilibrium, but it may be simple)."""
    from fractions import Fraction

    from deterrence.nash.result import MixedEquilibrium
    from deterrence.nash.verify import VerificationError, check_equilibrium

    profile = []
    for probs in probabilities:
        near = [Fraction(p).limit_denominator(1000) for p in probs]
        near[-1] = 1 - sum(near[:-1], Fraction(0))
        if any(abs(float(a) - p) > MATCH for a, p in zip(near, probs)):
            return None
        profile.append(tuple(near))
    try:
        return MixedEquilibrium(tuple(profile), check_equilibrium(game, tuple(profile)))
    except VerificationError:
        return None


def _choice_text(actions, probs) -> str:
    best = int(np.argmax(probs))
    if probs[best] > 1 - 1e-6:
        return actions[best]
    return " + ".join(f"{p:.4f} {a}" for a, p in zip(actions, probs) if p > 1e-6)


def _exact_match(game, sigma: np.ndarray):
    """The exact equilibrium of ``game`` within :data:`MATCH` of ``sigma``: solved on
    ``sigma``'s support (one exact system, any number of players), else, for a
    two-player game small enough, found among all its extreme equilibria."""
    from deterrence.nash import ENUMERATION_LIMIT
    from deterrence.nash.nplayer import equilibrium_near

    try:
        found = equilibrium_near(game, sigma, MATCH)
        if found is not None or game.n_players != 2:
            return found
        if game.shape[0] * game.shape[1] > ENUMERATION_LIMIT:
            return None
        from deterrence.nash.enumeration import enumerate_equilibria

        result = enumerate_equilibria(game)
    except ArithmeticError:  # pragma: no cover - numerical trouble in a solver
        return None
    best, distance = None, np.inf
    for eq in result.equilibria:
        flat = np.array([float(p) for s in eq.strategies for p in s])
        d = float(np.max(np.abs(flat - sigma)))
        if d < distance:
            best, distance = eq, d
    return best if distance < MATCH else None


__all__ = ["logit_branch", "logit_at", "lambda_sweep", "QREResult", "QREPoint", "QRELimit",
           "TOLERANCE"]
