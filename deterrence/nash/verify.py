"""Exact checks that a profile is an equilibrium: nobody gains by deviating.

Every solver passes its answers through :func:`check_equilibrium` before they
are returned, so an answer that is printed has been verified in exact
arithmetic (when the payoffs are exact). Probabilities may be Fractions or
exact irrational numbers (:class:`~deterrence.nash.algebraic.RealAlgebraic`):
every comparison is then an exact sign decision.

Example
-------
>>> from deterrence.model import NormalFormGame
>>> g = NormalFormGame.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
>>> half = (Fraction(1, 2), Fraction(1, 2))
>>> deviation_gains(g, (half, half))
[]
>>> deviation_gains(g, ((1, 0), (1, 0)))
[('Column', 'c2', Fraction(2, 1))]
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Sequence

from deterrence.nash.algebraic import RealAlgebraic


def exact(value):
    """A Fraction, or an irrational :class:`~deterrence.nash.algebraic.RealAlgebraic`
    unchanged (a rational one becomes a Fraction)."""
    if isinstance(value, RealAlgebraic):
        return value.rational() if value.is_rational() else value
    return Fraction(value)


def strategy_payoffs(game, profile: Sequence[Sequence[Fraction]], player: int) -> list[Fraction]:
    """Expected payoff of each pure strategy of ``player`` against the others' mixes.

    Sums over the others' supports only, in exact arithmetic (rationals or
    algebraic numbers), without numpy.
    """
    supports = [[(k, p) for k, p in enumerate(sigma) if p] if i != player else None
                for i, sigma in enumerate(profile)]
    others = [s for s in supports if s is not None]
    out = []
    for own in range(game.shape[player]):
        total = Fraction(0)
        for combo in itertools.product(*others):
            weight = Fraction(1)
            cell = []
            picks = iter(combo)
            for i in range(game.n_players):
                if i == player:
                    cell.append(own)
                else:
                    k, p = next(picks)
                    cell.append(k)
                    weight = weight * p
            total = total + weight * game.payoff(cell)[player]
        out.append(exact(total))
    return out


def expected_payoffs(game, profile: Sequence[Sequence[Fraction]]) -> tuple[Fraction, ...]:
    """Every player's expected payoff under a mixed profile."""
    out = []
    for i in range(game.n_players):
        values = strategy_payoffs(game, profile, i)
        out.append(exact(sum((p * v for p, v in zip(profile[i], values)), Fraction(0))))
    return tuple(out)


def deviation_gains(game, profile) -> list[tuple[str, str, Fraction]]:
    """Every profitable pure deviation: ``(player, strategy, gain)``."""
    gains = []
    for i in range(game.n_players):
        values = strategy_payoffs(game, profile, i)
        current = sum((p * v for p, v in zip(profile[i], values)), Fraction(0))
        for k, v in enumerate(values):
            if v > current:
                gains.append((game.players[i], game.strategies[i][k], exact(v - current)))
    return gains


def is_probability_profile(game, profile) -> bool:
    if len(profile) != game.n_players:
        return False
    for i, sigma in enumerate(profile):
        if len(sigma) != len(game.strategies[i]) or any(p < 0 for p in sigma) or sum(sigma) != 1:
            return False
    return True


class VerificationError(AssertionError):
    """A solver produced a profile that is not an equilibrium (a bug, not bad input)."""


def check_equilibrium(game, profile) -> tuple[Fraction, ...]:
    """Verify ``profile`` exactly and return its expected payoffs.

    Raises
    ------
    VerificationError
        If it is not a probability profile or a player can gain by deviating.
    """
    if not is_probability_profile(game, profile):
        raise VerificationError(f"not a probability profile: {profile}")
    gains = deviation_gains(game, profile)
    if gains:
        player, strategy, gain = gains[0]
        raise VerificationError(f"{player} gains {gain} by deviating to {strategy}")
    return expected_payoffs(game, profile)
