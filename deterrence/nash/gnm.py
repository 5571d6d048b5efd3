"""One Nash equilibrium of any normal form by the global Newton method (floating point).

Govindan & Wilson (2003, "A global Newton method to compute Nash
equilibria", J. Econ. Theory 110): add a bonus ``t * b_i(s)`` to every
strategy's payoff. For large ``t`` the game has one equilibrium (each player
plays its strategy with the largest bonus); as ``t`` falls to 0 that
equilibrium moves along a path that, by the structure theorem of Kohlberg
and Mertens, is a one-dimensional manifold ending at an equilibrium of the
game itself. In the Kohlberg-Mertens coordinates ``z`` (``sigma = r(z)``,
``r`` the projection on the product of simplices) the path is the solution
curve of

    F(z, t) = z - r(z) - V(r(z)) - t b = 0,

which :func:`deterrence.nash.path.follow` traces; ``F`` is smooth within
each support cell of ``r`` and the path is followed through the cells'
boundaries. At ``t = 0`` the profile is refined by Newton's method on its
support's indifference equations and verified: no player gains more than
the stated tolerance by deviating. The answer is **one equilibrium,
approximate** (it is not a list of all of them).

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

import numpy as np

from deterrence.nash.expected import offsets, regrets, split, strategy_values, value_jacobian
from deterrence.nash.path import PathError, follow
from deterrence.nash.result import MixedEquilibrium, SolveResult

METHOD = "global Newton method (Govindan-Wilson), floating point"
#: Largest gain from deviating accepted, relative to the game's payoff range.
TOLERANCE = 1e-10
#: Perturbations tried (seeds ``seed``, ``seed + 1``, ...) before giving up.
ATTEMPTS = 4
#: Most predictor-corrector steps of one path (a path that needs more is abandoned).
MAX_STEPS = 3000


def project(z: np.ndarray, shape) -> tuple[np.ndarray, list[np.ndarray]]:
    """``r(z)``: each player's block projected on its simplex, and each support."""
    out, supports = [], []
    for block in split(z, shape):
        ordered = np.sort(block)[::-1]
        cumulative = np.cumsum(ordered) - 1
        k = np.nonzero(ordered - cumulative / np.arange(1, len(block) + 1) > 0)[0][-1]
        v = cumulative[k] / (k + 1)
        sigma = np.maximum(block - v, 0)
        out.append(sigma)
        supports.append(block - v > 0)
    return np.concatenate(out), supports


def _retraction_jacobian(supports, shape) -> np.ndarray:
    cut = offsets(shape)
    R = np.zeros((cut[-1], cut[-1]))
    for i, mask in enumerate(supports):
        idx = cut[i] + np.nonzero(mask)[0]
        R[np.ix_(idx, idx)] = np.eye(len(idx)) - 1.0 / len(idx)
    return R


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
    def normalised(x):
        return np.concatenate([blk / blk.sum() for blk in split(np.clip(x, 0, None), shape)])

    best = normalised(sigma)
    best_regret = float(regrets(arrays, best).max())
    for threshold in (1e-9, 1e-7, 1e-5, 1e-3):
        candidate = _newton_on_support(arrays, sigma, shape, sigma > threshold)
        if candidate is None or candidate.min() < -1e-12:
            continue
        candidate = normalised(candidate)
        regret = float(regrets(arrays, candidate).max())
        if regret < best_regret:
            best, best_regret = candidate, regret
    return best


def _newton_on_support(arrays, sigma: np.ndarray, shape, mask: np.ndarray,
                       iterations: int = 30) -> np.ndarray | None:
    cut = offsets(shape)
    if any(not mask[cut[i]:cut[i + 1]].any() for i in range(len(shape))):
        return None
    x = np.where(mask, sigma, 0.0)
    for _ in range(iterations):
        values = strategy_values(arrays, x)
        jac = value_jacobian(arrays, x)
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


def global_newton_profile(arrays, shape, seed: int = 0) -> np.ndarray:
    """A float equilibrium of the (normalised) game, from the perturbation drawn with ``seed``."""
    rng = np.random.default_rng(seed)
    cut = offsets(shape)
    b = rng.random(cut[-1])
    gap = min(float(np.sort(blk)[-1] - np.sort(blk)[-2]) if len(blk) > 1 else 1.0
              for blk in split(b, shape))
    t0 = 2.0 / max(gap, 1e-6) + 1.0
    sigma0 = np.concatenate([(blk == blk.max()).astype(float) for blk in split(b, shape)])
    z0 = sigma0 + strategy_values(arrays, sigma0) + t0 * b
    n = cut[-1]

    def H(x):
        sigma, _ = project(x[:n], shape)
        return x[:n] - sigma - strategy_values(arrays, sigma) - x[n] * b

    def J(x):
        sigma, supp = project(x[:n], shape)
        R = _retraction_jacobian(supp, shape)
        dz = np.eye(n) - R - value_jacobian(arrays, sigma) @ R
        return np.hstack([dz, -b[:, None]])

    def limit(x, t):
        """Arclength to just past the first boundary of the current support cell."""
        best = np.inf
        for zb, tb in zip(split(x[:n], shape), split(t[:n], shape)):
            _, (mask,) = project(zb, (len(zb),))
            k = mask.sum()
            v0, v1 = (zb[mask].sum() - 1) / k, tb[mask].sum() / k
            a, slope = zb - v0, tb - v1
            inside = mask & (slope < 0)
            outside = ~mask & (slope > 0)
            crossing = -a[inside | outside] / slope[inside | outside]
            crossing = crossing[crossing > 0]
            if crossing.size:
                best = min(best, float(crossing.min()))
        return best * (1 + 1e-9) + 1e-12

    x0 = np.concatenate([z0, [t0]])
    direction = -np.concatenate([b, [1.0]])
    previous = last = x0
    for point in follow(H, J, x0, direction, stop=lambda p, q: q[n] <= 0, h=0.1, max_turn=None,
                        max_accel=1.5, tol=1e-12, limit=limit, max_steps=MAX_STEPS):
        previous, last = last, point
    # interpolate to t = 0, then land there by Newton's method in z alone
    share = previous[n] / (previous[n] - last[n]) if previous[n] != last[n] else 1.0
    z = previous[:n] + share * (last[:n] - previous[:n])
    for _ in range(50):
        x = np.concatenate([z, [0.0]])
        step = np.linalg.lstsq(J(x)[:, :n], -H(x), rcond=None)[0]
        z = z + step
        if np.max(np.abs(step)) < 1e-14:
            break
    sigma, _ = project(z, shape)
    return sigma


def gnm(game, seed: int = 0) -> SolveResult:
    """One equilibrium of ``game``, approximate, verified to :data:`TOLERANCE`
    times the payoff range (the achieved bound is ``result.tolerance``)."""
    shape = game.shape
    arrays, _, scale = _normalised(game)
    warnings = []
    best = None
    for attempt in range(ATTEMPTS):
        try:
            sigma = global_newton_profile(arrays, shape, seed + attempt)
        except PathError:
            continue
        sigma = refine(arrays, sigma, shape)
        regret = float(regrets(arrays, sigma).max()) * scale
        if best is None or regret < best[0]:
            best = (regret, sigma)
        if regret <= TOLERANCE * scale:
            break
    if best is None:
        sigma = np.concatenate([np.full(m, 1.0 / m) for m in shape])
        best = (float(regrets(arrays, sigma).max()) * scale, sigma)
        warnings.append("the global Newton path broke off from every starting perturbation")
    regret, sigma = best
    original = game.float_arrays()
    payoffs = tuple(float(v @ p) for v, p in zip(split(strategy_values(original, sigma), shape),
                                                 split(sigma, shape)))
    profile = tuple(tuple(float(p) for p in blk) for blk in split(sigma, shape))
    if regret > TOLERANCE * scale:
        warnings.append(f"the point found is only an approximate equilibrium: a player gains up "
                        f"to {regret:.3g} by deviating")
    warnings.insert(0, "one equilibrium, approximate (global Newton method, floating point): "
                       f"no player gains more than {max(regret, 0.0):.2g} by deviating; other "
                       "equilibria may exist")
    return SolveResult(game, "nash", METHOD, exact=False, complete=False,
                       equilibria=(MixedEquilibrium(profile, payoffs),), warnings=tuple(warnings),
                       tolerance=max(regret, 0.0))


__all__ = ["gnm", "global_newton_profile", "refine", "project", "METHOD", "TOLERANCE"]
