"""The principal branch of a logit system, traced from lambda = 0 (floating point).

A logit quantal response equilibrium at precision ``lambda`` is a profile in
which every *agent* (a player of a normal form, an information set of a
tree) chooses each action with probability proportional to
``exp(lambda * value)``, where ``value`` is the action's expected payoff
against the profile itself. With ``w = log(probabilities)`` the equilibria
for all lambda are the solution curve of ``N`` equations in ``N + 1``
unknowns ``(w, lambda)``, per agent:

    sum_a exp(w_a) - 1 = 0,
    w_a - w_0 - lambda (Q_a - Q_0) = 0      (every action a after the first).

At lambda = 0 the only solution is uniform play; the *principal branch*
starts there and, for almost every game, converges to one Nash equilibrium
as lambda grows (McKelvey & Palfrey 1995). It is traced by the
predictor-corrector :func:`deterrence.nash.path.follow`; at each requested
lambda the point is solved by Newton's method with lambda fixed, to
:data:`TOLERANCE`.

A :class:`LogitSystem` supplies the values ``Q(sigma)`` and their
derivative; the normal form and the tree each provide one.

Example
-------
Matching pennies: the branch is uniform play at every lambda.

>>> import numpy as np
>>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
>>> from deterrence.qre.normal import normal_system
>>> system = normal_system([A, -A])
>>> trace = trace_branch(system, targets=[1.0, 5.0], until=5.0)
>>> [np.round(p.sigma, 6).tolist() for p in trace.targets]
[[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from deterrence.nash.path import PathError, follow

#: Accuracy of a point at a requested lambda (Newton's method, lambda fixed).
TOLERANCE = 1e-10
#: The trace toward the limit stops when no agent can gain more than this
#: fraction of the payoff range (Gambit's ``maxregret``), or at :data:`LAMBDA_CAP`.
MAX_REGRET = 1e-8
LAMBDA_CAP = 1e10
#: Most predictor-corrector steps of one trace.
MAX_STEPS = 20000


@dataclass
class LogitSystem:
    """What the tracer needs of a game.

    ``sizes[k]`` is the number of actions of agent ``k``; ``values(sigma)``
    returns every action's value ``Q`` (flat, agents in order) and
    ``jacobian(sigma)`` its derivative ``dQ / dsigma``; ``scale`` is the
    game's payoff range (for the regret criterion). ``both(sigma)``, when
    given, returns the two at once (cheaper for a normal form).
    """

    sizes: tuple[int, ...]
    values: Callable[[np.ndarray], np.ndarray]
    jacobian: Callable[[np.ndarray], np.ndarray]
    scale: float = 1.0
    both: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None

    def __post_init__(self) -> None:
        cut = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        self.cut = cut
        self.owner = np.repeat(np.arange(len(self.sizes)), self.sizes)
        #: each action's agent's first action (its row holds the sum constraint)
        self.first = cut[:-1][self.owner]
        self.is_first = np.zeros(int(cut[-1]), dtype=bool)
        self.is_first[cut[:-1]] = True
        self._cache: tuple[bytes, np.ndarray, np.ndarray | None] | None = None

    def uniform(self) -> np.ndarray:
        return np.concatenate([np.full(m, 1.0 / m) for m in self.sizes])

    def _evaluate(self, w: np.ndarray, jacobian: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        key = w.tobytes()
        if self._cache is not None and self._cache[0] == key and (self._cache[2] is not None
                                                                   or not jacobian):
            return np.exp(w), self._cache[1], self._cache[2]
        sigma = np.exp(w)
        if jacobian:
            q, dq = self.both(sigma) if self.both is not None else (self.values(sigma),
                                                                    self.jacobian(sigma))
        else:
            q, dq = self.values(sigma), None
        self._cache = (key, q, dq)
        return sigma, q, dq

    def H(self, x: np.ndarray) -> np.ndarray:
        """Per agent: probabilities sum to 1; ``w_a - w_0 = lambda (Q_a - Q_0)``."""
        w, lam = x[:-1], x[-1]
        sigma, q, _ = self._evaluate(w, False)
        out = w - w[self.first] - lam * (q - q[self.first])
        out[self.is_first] = np.bincount(self.owner, weights=sigma, minlength=len(self.sizes)) - 1.0
        return out

    def J(self, x: np.ndarray) -> np.ndarray:
        w, lam = x[:-1], x[-1]
        sigma, q, dq = self._evaluate(w, True)
        dq = dq * sigma[None, :]
        n = len(w)
        out = np.zeros((n, n + 1))
        rows = np.arange(n)
        out[rows, rows] = 1.0
        out[rows, self.first] -= 1.0
        out[:, :n] -= lam * (dq - dq[self.first])
        out[:, n] = -(q - q[self.first])
        first = self.cut[:-1]
        out[first] = 0.0
        block = self.owner[None, :] == np.arange(len(self.sizes))[:, None]
        out[first, :n] = np.where(block, sigma[None, :], 0.0)
        return out

    def regret(self, sigma: np.ndarray) -> float:
        """Largest gain of any agent from its best action over its mixture."""
        q = self.values(sigma)
        cut = self.cut
        return max(float(q[cut[k]:cut[k + 1]].max() - q[cut[k]:cut[k + 1]] @ sigma[cut[k]:cut[k + 1]])
                   for k in range(len(self.sizes)))


@dataclass
class BranchPoint:
    """One point of the branch: lambda, the profile (flat) and the largest regret."""

    lam: float
    sigma: np.ndarray
    regret: float


@dataclass
class Trace:
    """The traced branch: ``path`` (every accepted step), ``targets`` (the points at
    the requested lambdas, in the order asked) and the ``last`` point reached."""

    path: list[BranchPoint] = field(default_factory=list)
    targets: list[BranchPoint] = field(default_factory=list)
    last: BranchPoint | None = None
    converged: bool = False
    warnings: list[str] = field(default_factory=list)


def solve_at(system: LogitSystem, x: np.ndarray, lam: float) -> np.ndarray:
    """Newton's method at fixed ``lam`` from ``x`` (log-probabilities and lambda)."""
    w = np.array(x[:-1], dtype=float)
    for _ in range(60):
        point = np.concatenate([w, [lam]])
        residual = system.H(point)
        step = np.linalg.solve(system.J(point)[:, :-1], -residual)
        w = w + step
        if np.max(np.abs(step)) < TOLERANCE * 1e-3:
            break
    return w


def trace_branch(system: LogitSystem, targets: Sequence[float] = (), until: float | None = None,
                 to_limit: bool = False, first_step: float = 0.03, max_accel: float = 2.0) -> Trace:
    """Follow the principal branch from lambda = 0.

    Parameters
    ----------
    targets:
        Lambdas at which to solve the branch to :data:`TOLERANCE` (the first
        point of the branch at each lambda; ascending order is not required).
    until:
        Stop once lambda exceeds this (and every target is reached).
    to_limit:
        Go on until the regret is below :data:`MAX_REGRET` times the payoff
        range, to approach the Nash equilibrium the branch converges to.
    """
    out = Trace()
    wanted = sorted(set(float(t) for t in targets))
    found: dict[float, BranchPoint] = {}
    x0 = np.concatenate([np.log(system.uniform()), [0.0]])
    out.path.append(BranchPoint(0.0, system.uniform(), system.regret(system.uniform())))
    for t in wanted:
        if t <= 0:
            found[t] = BranchPoint(t, system.uniform(), system.regret(system.uniform()))
    horizon = max([until or 0.0] + wanted)
    threshold = MAX_REGRET * system.scale

    def stop(previous: np.ndarray, current: np.ndarray) -> bool:
        lo, hi = previous[-1], current[-1]
        for t in wanted:
            if t not in found and lo < t <= hi:
                share = (t - lo) / (hi - lo)
                w = solve_at(system, previous + share * (current - previous), t)
                sigma = np.exp(w)
                found[t] = BranchPoint(t, sigma, system.regret(sigma))
        sigma = np.exp(current[:-1])
        out.path.append(BranchPoint(float(hi), sigma, system.regret(sigma)))
        if len(found) < len(wanted) or hi < horizon:
            return False
        if not to_limit:
            return True
        return out.path[-1].regret <= threshold or hi >= LAMBDA_CAP

    try:
        for _ in follow(system.H, system.J, x0, np.concatenate([np.zeros(len(x0) - 1), [1.0]]),
                        stop=stop, h=first_step, max_accel=max_accel, tol=1e-12,
                        max_steps=MAX_STEPS):
            pass
    except PathError as error:
        out.warnings.append(f"the branch could not be followed beyond lambda = "
                            f"{out.path[-1].lam:.6g} ({error})")
    out.targets = [found[float(t)] for t in targets if float(t) in found]
    out.last = out.path[-1]
    out.converged = out.last.regret <= threshold
    return out


__all__ = ["LogitSystem", "BranchPoint", "Trace", "trace_branch", "solve_at", "TOLERANCE",
           "MAX_REGRET", "LAMBDA_CAP"]
