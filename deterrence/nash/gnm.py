"""One Nash equilibrium of any normal form by the global Newton method (floating point).

Govindan & Wilson (2003, "A global Newton method to compute Nash
equilibria", J. Econ. Theory 110): give every pure strategy a bonus
``lambda * g(s)`` for a generic direction ``g``. For large ``lambda`` the
perturbed game has one equilibrium (each player plays its strategy with the
largest bonus); as ``lambda`` falls, the equilibria of the perturbed games
form a path (a one-dimensional manifold, by the structure theorem of
Kohlberg and Mertens) that reaches ``lambda = 0`` at an equilibrium of the
game itself. In the Kohlberg-Mertens coordinates ``z`` (``sigma = r(z)``,
``r`` the projection on the product of simplices) the path solves

    F(z, lambda) = z - r(z) - V(r(z)) - lambda g = 0.

Within a *support cell* (the players' supports fixed) ``r`` is affine, ``F``
is a polynomial and its path is smooth; the cells' boundaries are
hyperplanes in ``z`` (a strategy's probability reaches 0, or an unused
strategy's payoff reaches its player's value). :class:`CellPath` follows the
path cell by cell: Euler predictor, Newton corrector on the bordered system
(analytic Jacobian ``I - (I + DV) R``), step control from the corrector's
contraction and the turn of the tangent, and each boundary crossing located
exactly (Newton's method on ``F = 0`` plus the boundary's equation) before
the support changes. The tangent is oriented by the sign of ``det [DF; t]``,
which is the same on both sides of a boundary the path crosses, so the
direction of travel needs no guessing. At the first ``lambda = 0`` the point
is solved by Newton's method on that cell's equations (the support's
indifference equations) and verified: no player gains more than the stated
tolerance by deviating. The answer is **one equilibrium, approximate** (not
a list of all of them). Gambit's ``gnm`` (Gametracer) traces the same path
by Euler steps on the adjugate vector field.

Example
-------
>>> from deterrence.model import NormalFormGame
>>> u = [[[[3, 1], [0, 0]], [[0, 0], [1, 2]]], [[[0, 0], [2, 1]], [[1, 3], [0, 0]]],
...      [[[2, 0], [0, 0]], [[0, 0], [0, 3]]]]
>>> g = NormalFormGame.from_arrays(["Row", "Column", "Matrix"],
...                                [["T", "B"], ["L", "R"], ["1", "2"]], u)
>>> r = gnm(g)
>>> r.exact, r.complete, r.tolerance < 1e-12
(False, False, True)
>>> [round(p, 8) for p in r.equilibria[0].strategies[0]]
[0.61923258, 0.38076742]
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from deterrence.nash.expected import Payoffs, offsets, split
from deterrence.nash.gnm_path import CellPath
from deterrence.nash.path import PathError
from deterrence.nash.result import MixedEquilibrium, SolveResult

METHOD = "global Newton method (Govindan-Wilson), floating point"
#: Largest gain from deviating accepted, relative to the game's payoff range.
TOLERANCE = 1e-10
#: Perturbation directions tried (seeds ``seed``, ``seed + 1``, ...) before giving up.
ATTEMPTS = 8
#: Largest game (cells times players) whose answer is checked in exact arithmetic.
EXACT_CHECK = 4096


def _normalised(game) -> tuple[list[np.ndarray], float, float]:
    arrays = game.float_arrays()
    lo = min(float(a.min()) for a in arrays)
    hi = max(float(a.max()) for a in arrays)
    scale = (hi - lo) or 1.0
    return [(a - lo) / scale for a in arrays], lo, scale


def refine(arrays, sigma: np.ndarray, shape) -> np.ndarray:
    """The best of ``sigma`` and Newton's method on the indifference equations of
    its support, read at several thresholds (least regret wins; a solution that
    leaves the simplex is dropped)."""
    payoffs = arrays if isinstance(arrays, Payoffs) else Payoffs(arrays)

    def normalised(x):
        return np.concatenate([blk / blk.sum() for blk in split(np.clip(x, 0, None), shape)])

    best = normalised(sigma)
    best_regret = float(payoffs.regrets(best).max())
    for threshold in (1e-9, 1e-7, 1e-5, 1e-3):
        candidate = _newton_on_support(payoffs, sigma, shape, sigma > threshold)
        if candidate is None or candidate.min() < -1e-12:
            continue
        candidate = normalised(candidate)
        regret = float(payoffs.regrets(candidate).max())
        if regret < best_regret:
            best, best_regret = candidate, regret
    return best


def _newton_on_support(payoffs: Payoffs, sigma: np.ndarray, shape, mask: np.ndarray,
                       iterations: int = 30) -> np.ndarray | None:
    cut = offsets(shape)
    if any(not mask[cut[i]:cut[i + 1]].any() for i in range(len(shape))):
        return None
    x = np.where(mask, sigma, 0.0)
    for _ in range(iterations):
        values, jac = payoffs.values_and_jacobian(x)
        rows, residual = [], []
        for i in range(len(shape)):
            idx = cut[i] + np.nonzero(mask[cut[i]:cut[i + 1]])[0]
            row = np.zeros(cut[-1])
            row[idx] = 1
            rows.append(row)
            residual.append(x[idx].sum() - 1)
            for s in idx[1:]:
                rows.append(jac[s] - jac[idx[0]])
                residual.append(values[s] - values[idx[0]])
        A = np.array(rows)[:, mask]
        delta = np.linalg.lstsq(A, -np.array(residual), rcond=None)[0]
        x[mask] += delta
        if not np.all(np.isfinite(x)):
            return None
        if np.max(np.abs(delta)) < 1e-15:
            break
    return x


def direction(shape: Sequence[int], seed: int) -> np.ndarray:
    """The perturbation direction drawn with ``seed`` (unit length)."""
    g = np.random.default_rng(seed).random(int(sum(shape)))
    return g / np.linalg.norm(g)


def global_newton_profile(arrays, shape, seed: int = 0,
                          perturbation: np.ndarray | None = None) -> np.ndarray:
    """A float equilibrium of the (normalised) game, from the perturbation drawn with
    ``seed`` (or the one given)."""
    payoffs = arrays if isinstance(arrays, Payoffs) else Payoffs(arrays)
    g = direction(shape, seed) if perturbation is None else np.asarray(perturbation, float)
    path = CellPath(payoffs, g)
    point = path.run()
    sigma = path.sigma(point[:-1])
    return np.concatenate([blk / blk.sum() for blk in split(np.clip(sigma, 0, None), shape)])


def gnm(game, seed: int = 0) -> SolveResult:
    """One equilibrium of ``game``, approximate, verified to :data:`TOLERANCE`
    times the payoff range (the achieved bound is ``result.tolerance``).

    Perturbation directions drawn with seeds ``seed``, ``seed + 1``, ... are
    tried until a path ends at a point within the tolerance (almost always
    the first). The reported profile's largest gain from deviating is
    computed exactly (the floats read as exact fractions, each player's
    normalised to sum to 1) for games of up to :data:`EXACT_CHECK` payoff
    entries, in floating point beyond. Should every path fail, the game's
    first pure equilibrium (exact) is returned if it has one, else the best
    point found, with a warning.
    """
    shape = game.shape
    arrays, _, scale = _normalised(game)
    payoffs = Payoffs(arrays)
    warnings: list[str] = []
    best = None
    for attempt in range(ATTEMPTS):
        try:
            sigma = global_newton_profile(payoffs, shape, seed + attempt)
        except (PathError, np.linalg.LinAlgError):
            continue
        regret = float(payoffs.regrets(sigma).max())
        if regret > TOLERANCE:
            sigma = refine(payoffs, sigma, shape)
            regret = float(payoffs.regrets(sigma).max())
        if best is None or regret < best[0]:
            best = (regret, sigma)
        if regret <= TOLERANCE:
            break
    if best is None or best[0] > TOLERANCE:
        pure = _first_pure(game)
        if pure is not None:
            return pure
    if best is None:
        sigma = np.concatenate([np.full(m, 1.0 / m) for m in shape])
        best = (float(payoffs.regrets(sigma).max()), sigma)
        warnings.append("the global Newton path broke off from every starting perturbation")
    sigma = best[1]
    profile = tuple(tuple(float(p) for p in blk) for blk in split(sigma, shape))
    regret, how = verified_regret(game, profile)
    original = Payoffs(game.float_arrays())
    payoffs_at = tuple(float(v) for v in original.payoffs(sigma))
    if regret > TOLERANCE * scale:
        warnings.append(f"the point found is only an approximate equilibrium: a player gains up "
                        f"to {regret:.3g} by deviating")
    warnings.insert(0, "one equilibrium, approximate (global Newton method, floating point): "
                       f"no player gains more than {regret:.2g} by deviating ({how}); other "
                       "equilibria may exist")
    return SolveResult(game, "nash", METHOD, exact=False, complete=False,
                       equilibria=(MixedEquilibrium(profile, payoffs_at),), warnings=tuple(warnings),
                       tolerance=regret)


def verified_regret(game, profile) -> tuple[float, str]:
    """The largest gain any player makes by deviating from ``profile`` (floats), and
    how it was computed: exactly (each player's floats as fractions, normalised) for
    games of up to :data:`EXACT_CHECK` payoff entries, else in floating point."""
    if math.prod(game.shape) * game.n_players <= EXACT_CHECK:
        from fractions import Fraction

        from deterrence.nash.verify import strategy_payoffs

        exact = []
        for probs in profile:
            fractions = [Fraction(p) for p in probs]
            total = sum(fractions, Fraction(0))
            exact.append(tuple(f / total for f in fractions))
        gains = []
        for i in range(game.n_players):
            values = strategy_payoffs(game, exact, i)
            gains.append(max(values) - sum((p * v for p, v in zip(exact[i], values)), Fraction(0)))
        worst = max(gains)
        bound = float(worst)
        if bound < worst:  # round up
            bound = math.nextafter(bound, math.inf)
        return max(bound, 0.0), "checked exactly"
    sigma = np.array([p for probs in profile for p in probs])
    return max(float(Payoffs(game.float_arrays()).regrets(sigma).max()), 0.0), \
        "checked in floating point"


def _first_pure(game) -> SolveResult | None:
    from deterrence.nash.pure import pure_equilibria

    found = pure_equilibria(game)
    if not found.equilibria:
        return None
    return SolveResult(game, "nash", METHOD, exact=True, complete=False,
                       equilibria=found.equilibria[:1],
                       warnings=("the global Newton path did not end at an equilibrium from any "
                                 "starting perturbation: here is a pure equilibrium instead "
                                 "(exact); other equilibria may exist",), tolerance=0.0)


__all__ = ["gnm", "global_newton_profile", "refine", "direction", "verified_regret", "METHOD",
           "TOLERANCE"]
