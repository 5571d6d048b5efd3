"""The global Newton method's path, followed cell by cell (floating point).

For a game with payoffs ``V`` (normalised to [0, 1]) and a direction ``g``,
the path is the solution curve of ``F(z, lambda) = z - r(z) - V(r(z)) -
lambda g = 0`` in the Kohlberg-Mertens coordinates ``z`` (``sigma = r(z)``
the projection on the product of simplices). In a *cell* (the players'
supports fixed) the projection is affine,

    sigma_s = z_s - (sum of z over s's player's support - 1) / k     (s in the support),

so ``F`` is a polynomial with Jacobian ``[I - (I + DV) R, -g]``, ``R`` the
projection's derivative; the cell's faces are hyperplanes ``b = C z + d = 0``
(a probability reaches zero, or an unused strategy's ``z`` reaches its
player's threshold, i.e. its payoff plus bonus reaches the player's value).

:class:`CellPath` follows the smooth piece in one cell by an Euler predictor
and a chord-Newton corrector on the bordered system ``[J; t] dx = -[F; 0]``
(the matrix inverted once per step also gives the next tangent). A step is
accepted when the corrector contracts, the first correction is small next to
the step, the tangent turns by less than about 25 degrees and the
orientation ``sign det [J; t]`` is unchanged; the step length then grows or
shrinks with the corrector's first correction, and is capped at twice the
linear distance to the nearest face ahead. A step that leaves the cell is
cut back to the face it crosses first (Newton's method on ``F = 0`` and the
face's equation); the path must leave the old cell and enter the new one
there, or the step is retried shorter. The orientation is the same on both
sides of a face the path crosses (``det [J; t]`` is the face-restricted
determinant times ``|t|^2 / (n . t)``, and ``n . t`` keeps its sign), so
the direction of travel never has to be guessed.

Example
-------
A 2x2x2 game whose perturbed path ends at its pure equilibrium:

>>> import numpy as np
>>> from deterrence.nash.expected import Payoffs
>>> u = np.zeros((2, 2, 2)); u[0, 0, 0] = 1.0
>>> path = CellPath(Payoffs([u, u, u]), np.array([0.2, 0.9, 0.5, 0.4, 0.7, 0.1]))
>>> point = path.run()
>>> float(point[-1]), path.sigma(point[:-1]).round(12).tolist()
(0.0, [1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
"""

from __future__ import annotations

import numpy as np

from deterrence.nash.expected import Payoffs, offsets
from deterrence.nash.path import PathError

#: Most predictor-corrector steps of one path (rejected steps count).
MAX_STEPS = 20000
#: Newton tolerance, relative to the size of the point.
TOLERANCE = 1e-12
#: Least cosine between consecutive tangents in one step.
MAX_TURN = 0.9
#: ``lambda`` (payoffs normalised to [0, 1], ``|g| = 1``) at which the path has
#: arrived: a player gains at most about ``lambda`` by deviating there.
ARRIVED = 1e-12
#: ``lambda`` below which a path that can go no further (near a degenerate
#: equilibrium, say) is taken as arrived: the caller refines the point and
#: verifies it (:attr:`CellPath.reached` says how far the path got).
NEAR = 1e-3


class CellPath:
    """The global Newton path of a game (normalised payoffs) along the direction ``g``.

    Points are ``x = (z, lambda)``; ``support`` is the current cell (a mask
    over all strategies, players' blocks in order). :meth:`run` follows the
    path from the pure profile of the largest bonuses to its first
    ``lambda = 0``.
    """

    def __init__(self, payoffs: Payoffs, g: np.ndarray, max_steps: int = MAX_STEPS,
                 tol: float = TOLERANCE) -> None:
        self.payoffs = payoffs
        self.shape = payoffs.shape
        self.cut = offsets(self.shape)
        self.n = int(self.cut[-1])
        self.owner = np.repeat(np.arange(len(self.shape)), self.shape)
        self.same = self.owner[:, None] == self.owner[None, :]
        self.eye = np.eye(self.n)
        self.g = np.asarray(g, dtype=float)
        self.max_steps = max_steps
        self.tol = tol
        #: steps tried, faces crossed, function evaluations (for the benchmarks)
        self.steps = self.crossings = self.evaluations = 0
        #: ``lambda`` where the path stopped (0 unless it stalled just short of 0)
        self.reached = 0.0
        self.support = np.zeros(self.n, dtype=bool)
        self._faces: tuple[np.ndarray, np.ndarray] | None = None
        self._projection: tuple[np.ndarray, np.ndarray] = (self.eye, self.eye)

    # ------------------------------------------------------------ the cell

    def faces(self) -> tuple[np.ndarray, np.ndarray]:
        """The cell's faces as ``b = C z + d`` (``b >= 0`` inside): ``b_s = sigma_s``
        for a strategy in the support, ``v_i - z_s`` for one outside."""
        if self._faces is None:
            s = self.support.astype(float)
            k = np.bincount(self.owner, weights=s, minlength=len(self.shape))[self.owner]
            mean = (self.same * s[None, :]) / k[:, None]
            sign = np.where(self.support, 1.0, -1.0)
            C = sign[:, None] * (self.eye - mean)
            R = np.where(self.support[:, None], C, 0.0)  # the projection's derivative
            self._faces = (C, sign / k)
            self._projection = (R, self.eye - R)
        return self._faces

    def boundaries(self, z: np.ndarray) -> np.ndarray:
        """Each face's distance function at ``z`` (all >= 0 inside the cell)."""
        C, d = self.faces()
        return C @ z + d

    def slopes(self, t: np.ndarray) -> np.ndarray:
        """Rate of change of each face's distance along the direction ``t``."""
        return self.faces()[0] @ t[:-1]

    def flip(self, s: int) -> None:
        """Strategy ``s`` enters or leaves the support."""
        self.support[s] = ~self.support[s]
        self._faces = None

    def sigma(self, z: np.ndarray) -> np.ndarray:
        """The cell's (affine) projection, extended beyond the cell."""
        C, d = self.faces()
        return self._projection[0] @ z + np.where(self.support, d, 0.0)

    def F(self, x: np.ndarray) -> np.ndarray:
        self.evaluations += 1
        z = x[:-1]
        sigma = self.sigma(z)
        return z - sigma - self.payoffs.values(sigma) - x[-1] * self.g

    def FJ(self, x: np.ndarray, border: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``F(x)`` and its Jacobian ``[I - (I + DV) R, -g]`` (``N x (N + 1)``), with
        the row ``border`` appended when given."""
        self.evaluations += 1
        z = x[:-1]
        sigma = self.sigma(z)
        values, dv = self.payoffs.values_and_jacobian(sigma)
        R, rest = self._projection
        J = np.empty((self.n if border is None else self.n + 1, self.n + 1))
        J[:self.n, :-1] = rest - dv @ R
        J[:self.n, -1] = -self.g
        if border is not None:
            J[-1] = border
        return z - sigma - values - x[-1] * self.g, J

    # ------------------------------------------------------------ numerics

    def frame(self, x: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """At ``x``: the inverse of ``[J; row]``, the unit tangent continuing ``row``
        and the orientation ``sign det [J; row]``.

        Raises ``np.linalg.LinAlgError`` where the bordered matrix is singular."""
        A = self.FJ(x, row)[1]
        inverse = np.linalg.inv(A)
        u = inverse[:, -1]
        return inverse, u / np.linalg.norm(u), float(np.sign(np.linalg.det(A)))

    def chord(self, p: np.ndarray, inverse: np.ndarray, row: np.ndarray,
              max_iter: int = 10) -> tuple[np.ndarray, float] | None:
        """Chord-Newton from ``p`` on ``F = 0, row . (x - p) = 0`` with ``inverse``
        (of ``[J; row]`` at a nearby point); ``(x, first correction)`` or ``None``."""
        x, first, previous = p, None, None
        for _ in range(max_iter):
            residual = np.append(self.F(x), row @ (x - p))
            delta = -(inverse @ residual)
            x = x + delta
            size = float(np.max(np.abs(delta)))
            if not np.isfinite(size):
                return None
            first = size if first is None else first
            scaled = self.tol * (1.0 + float(np.max(np.abs(x))))
            if size < scaled:
                return x, first
            if previous is not None and size > 0.5 * previous:
                return None
            previous = size
        return None

    def newton(self, x: np.ndarray, row: np.ndarray, target: float) -> np.ndarray | None:
        """A point with ``F(x) = 0`` and ``row . x = target`` (a face, or ``lambda = 0``),
        from ``x``: chord-Newton with the Jacobian at ``x``, then full Newton."""
        try:
            inverse = np.linalg.inv(self.FJ(x, row)[1])
        except np.linalg.LinAlgError:
            inverse = None
        if inverse is not None:
            found = self._iterate(x, lambda y: inverse, row, target, 10)
            if found is not None:
                return found

        def fresh(y):
            return np.linalg.inv(self.FJ(y, row)[1])
        try:
            return self._iterate(x, fresh, row, target, 12)
        except np.linalg.LinAlgError:
            return None

    def _iterate(self, x, inverse_at, row, target, max_iter) -> np.ndarray | None:
        previous = None
        for _ in range(max_iter):
            delta = -(inverse_at(x) @ np.append(self.F(x), row @ x - target))
            x = x + delta
            size = float(np.max(np.abs(delta)))
            if not np.isfinite(size):
                return None
            if size < self.tol * (1.0 + float(np.max(np.abs(x)))):
                return x
            if previous is not None and size > 0.5 * previous:
                return None
            previous = size
        return None

    # ------------------------------------------------------------ the path

    def start(self) -> np.ndarray:
        """The pure profile of the largest bonuses, a little beyond the ``lambda`` at
        which the path leaves its cell (the ray ``z = sigma + V(sigma) + lambda g``)."""
        sigma = np.zeros(self.n)
        lam = 0.0
        for i in range(len(self.shape)):
            sigma[self.cut[i] + int(np.argmax(self.g[self.cut[i]:self.cut[i + 1]]))] = 1.0
        values = self.payoffs.values(sigma)
        for i in range(len(self.shape)):
            a, b = self.cut[i], self.cut[i + 1]
            best = a + int(np.argmax(sigma[a:b]))
            for s in range(a, b):
                if s != best:
                    lam = max(lam, (values[s] - values[best]) / (self.g[best] - self.g[s]))
        lam += 1.0
        self.support = sigma > 0
        self._faces = None
        return np.append(sigma + values + lam * self.g, lam)

    def run(self) -> np.ndarray:
        """Follow the path to its first ``lambda = 0``; the point ``(z, 0)`` there.

        Raises
        ------
        PathError
            When the path cannot be followed (the step size collapses, or the step
            limit is reached).
        """
        x = self.start()
        _, t, orientation = self.frame(x, -np.append(self.g, 1.0))  # toward smaller lambda
        h = 0.1 * (1.0 + x[-1])
        far = 100.0 * (1.0 + x[-1])
        last, stalled, corners = -1, 0, 0
        while self.steps < self.max_steps:
            self.steps += 1
            size = 1.0 + float(np.max(np.abs(x)))
            if h < 1e-13 * size or stalled > 50:
                if x[-1] <= NEAR:  # near enough: the caller refines and verifies
                    self.reached = float(x[-1])
                    return self._at_zero(x)
                raise PathError(f"the step size collapsed at lambda = {x[-1]:.6g}")
            if x[-1] > far:
                raise PathError(f"the path ran back out along the ray (lambda = {x[-1]:.6g})")
            h = min(h, size)
            b_x = self.boundaries(x[:-1])
            corner = self._on_face_ahead(b_x, t, last, size)
            if corner is not None and corners < self.n:  # at a corner: cross it here too
                crossed = self._cross(x, corner, t, orientation)
                if crossed is not None:
                    t, last, corners = crossed, corner, corners + 1
                    self.crossings += 1
                    continue
            corners = 0
            step = min(h, self._reach(b_x, t, last))
            try:  # the bordered Jacobian at the predicted point
                inverse, _, _ = self.frame(x + step * t, t)
            except np.linalg.LinAlgError:
                h = step / 2
                continue
            found = self.chord(x + step * t, inverse, t)
            if found is None:
                h = step / 2
                continue
            y, first = found
            try:
                _, t_y, sign = self.frame(y, t)
            except np.linalg.LinAlgError:
                h = step / 2
                continue
            if sign != orientation or t_y @ t < MAX_TURN or first > 0.3 * step:
                h = step / 2
                continue
            stalled = stalled + 1 if np.max(np.abs(y - x)) < 1e-12 * size else 0
            event = self._first_event(x, y, b_x, last)
            if event is None:
                x, t = y, t_y
                if first < 0.05 * step:
                    h = max(h, 2 * step)
                elif first > 0.15 * step:
                    h = step / 2
                continue
            landed = self._land(x, y, b_x, event, last)
            if landed is None:
                if event < 0:  # lambda = 0 is crossed, where the path is singular
                    return self._at_zero(x + x[-1] / (x[-1] - y[-1]) * (y - x))
                if b_x[event] > 1e-10 * size:
                    h = step / 2
                    continue
                landed = (x, event)  # already on that face: cross it here
            point, which = landed
            if which < 0 or point[-1] <= ARRIVED:
                return self._at_zero(point)
            crossed = self._cross(point, which, t, orientation)
            if crossed is None:  # not a clean crossing: the step was too long
                h = step / 2
                continue
            x, t = point, crossed
            self.crossings += 1
            last = which
        raise PathError("the path was not finished within the step limit")

    @staticmethod
    def _at_zero(x: np.ndarray) -> np.ndarray:
        x = x.copy()
        x[-1] = 0.0
        return x

    def _on_face_ahead(self, b_x: np.ndarray, t: np.ndarray, last: int,
                       size: float) -> int | None:
        """A face (not the one just crossed) that ``x`` is on and the path runs into."""
        slopes = self.slopes(t)
        on = (np.abs(b_x) <= 1e-12 * size) & (slopes < 0)
        if last >= 0:
            on[last] = False
        if not on.any():
            return None
        return int(np.argmin(np.where(on, slopes, np.inf)))

    def _reach(self, b_x: np.ndarray, t: np.ndarray, last: int) -> float:
        """Twice the linear distance along ``t`` to the nearest face ahead (the face
        just crossed excepted): a step crosses about one face at most."""
        slopes = self.slopes(t)
        ahead = slopes < 0
        if last >= 0:
            ahead[last] = False
        if not ahead.any():
            return np.inf
        return 2.0 * float(np.min(np.maximum(b_x[ahead], 0.0) / -slopes[ahead])) + 1e-15

    def _first_event(self, x, y, b_x, last) -> int | None:
        """What the step from ``x`` to ``y`` crosses first: a face (its strategy),
        ``lambda = 0`` (-1), or nothing (``None``)."""
        b_y = self.boundaries(y[:-1])
        shares = {}
        noise = 1e-12 * (1.0 + float(np.max(np.abs(y))))
        for s in np.nonzero(b_y < 0)[0]:
            if s == last and b_y[s] > -noise:  # still on the face just crossed
                continue
            before = max(float(b_x[s]), 0.0)
            shares[int(s)] = before / (before - b_y[s])
        if y[-1] <= ARRIVED < x[-1]:
            shares[-1] = (x[-1] - ARRIVED) / (x[-1] - y[-1])
        if not shares:
            return None
        return min(shares, key=shares.get)

    def _land(self, x, y, b_x, event, last) -> tuple[np.ndarray, int] | None:
        """The point where the path between ``x`` and ``y`` meets ``event`` (a face,
        or ``lambda = 0``); when another face turns out to come first, that one."""
        C, d = self.faces()
        for _ in range(len(b_x) + 2):
            if event < 0:
                share = x[-1] / (x[-1] - y[-1])
                row, target = np.eye(self.n + 1)[-1], 0.0
            else:
                before = max(float(b_x[event]), 0.0)
                share = before / (before - self.boundaries(y[:-1])[event])
                row, target = np.append(C[event], 0.0), -d[event]
            point = self.newton(x + share * (y - x), row, target)
            if point is None:
                return None
            if event < 0:
                point[-1] = 0.0
            following = self._first_event(x, point, b_x, last)
            if following is None or following == event:
                return point, event
            event, y = following, point
        return None

    def _cross(self, point: np.ndarray, s: int, t: np.ndarray,
               orientation: float) -> np.ndarray | None:
        """Cross face ``s`` at ``point``: flip the support and return the tangent in
        the new cell; ``None`` (support unchanged) unless
        the path runs out of the old cell and into the new one there."""
        try:
            _, before, sign = self.frame(point, t)
            before = before if sign == orientation else -before
            if self.slopes(before)[s] >= 0:
                return None
            self.flip(s)
            _, after, sign = self.frame(point, before)
        except np.linalg.LinAlgError:
            return None
        after = after if sign == orientation else -after
        if self.slopes(after)[s] <= 0:
            self.flip(s)
            return None
        return after


__all__ = ["CellPath", "MAX_STEPS", "TOLERANCE"]
