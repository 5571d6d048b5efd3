"""Following a curve ``H(x) = 0`` by predictor-corrector steps (floating point).

Homotopy methods trace a one-dimensional solution curve of ``N`` equations in
``N + 1`` unknowns: the logit QRE correspondence in (log-probabilities,
lambda), the global Newton method's path in (Kohlberg-Mertens coordinates,
perturbation size). :func:`follow` does it the way Gambit does:

* the **tangent** is the null vector of the Jacobian, from the bordered
  matrix ``[J; t_old]`` (its inverse's last column), oriented so that the
  sign of ``det [J; t]`` never changes -- the orientation survives kinks
  and is how a trace keeps its direction;
* an Euler **predictor** step of arclength ``h`` along it;
* a chord-Newton **corrector** on the bordered system ``[J; t] dy = -[H; 0]``
  with the Jacobian at the predicted point (one factorisation per step; the
  correction stays in the hyperplane through the prediction perpendicular to
  the tangent), to a tolerance relative to the size of the point;
* step control: a step is accepted when the corrector contracts, its first
  correction is small next to the step (``max_distance``) and the tangent
  turns by less than ``max_turn`` (cosine): that keeps a trace from jumping
  between branches; ``h`` grows by ``max_accel`` after an easy correction
  and is halved after a hard one; at a singular point (a bifurcation of a
  symmetric game) the trace leaps straight over it.

Example
-------
The unit circle from ``(1, 0)``, counter-clockwise, stopped once past the top
(steps of at most 0.1):

>>> import numpy as np
>>> H = lambda x: np.array([x[0] ** 2 + x[1] ** 2 - 1])
>>> J = lambda x: np.array([[2 * x[0], 2 * x[1]]])
>>> last = None
>>> for point in follow(H, J, np.array([1.0, 0.0]), np.array([0.0, 1.0]),
...                     stop=lambda x, y: y[0] <= 0, h_max=0.1):
...     last = point
>>> bool(-0.2 < last[0] <= 0 and last[1] > 0.98), bool(abs(last @ last - 1) < 1e-12)
(True, True)
"""

from __future__ import annotations

from typing import Callable, Iterator

import numpy as np

Function = Callable[[np.ndarray], np.ndarray]


class PathError(ArithmeticError):
    """The curve could not be followed (the step size fell below its floor)."""


def tangent(jacobian: np.ndarray) -> np.ndarray:
    """A unit null vector of an ``N x (N + 1)`` matrix of full rank."""
    q, _ = np.linalg.qr(jacobian.T, mode="complete")
    return q[:, -1]


def orientation(jacobian: np.ndarray, direction: np.ndarray) -> float:
    sign, _ = np.linalg.slogdet(np.vstack([jacobian, direction]))
    return sign


def bordered(jacobian: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """``[J; row]``'s inverse, the unit tangent continuing ``row`` (the null vector of
    ``J`` with a positive component along ``row``) and ``sign det [J; row]``, which is
    also ``sign det [J; tangent]``.

    Raises ``np.linalg.LinAlgError`` where the matrix is singular."""
    A = np.vstack([jacobian, row])
    inverse = np.linalg.inv(A)
    u = inverse[:, -1]
    return inverse, u / np.linalg.norm(u), float(np.sign(np.linalg.det(A)))


def correct(H: Function, J: Function, y: np.ndarray, tol: float, max_iter: int):
    """Newton's method with the pseudo-inverse; ``(point, iterations)`` or ``None``.

    ``tol`` is relative to the size of the point: far along a curve (a logit
    branch at lambda = 10^6, say) floating point cannot place a coordinate of
    size ``s`` closer than about ``s`` times the machine epsilon, and an
    absolute tolerance would make every step fail and the step size collapse.
    """
    previous = None
    for k in range(1, max_iter + 1):
        residual = H(y)
        if not np.all(np.isfinite(residual)):
            return None
        jacobian = J(y)
        if not np.all(np.isfinite(jacobian)):
            return None
        try:
            delta = np.linalg.lstsq(jacobian, -residual, rcond=None)[0]
        except np.linalg.LinAlgError:
            return None
        y = y + delta
        size = float(np.max(np.abs(delta)))
        if not np.all(np.isfinite(y)):
            return None
        scaled = tol * (1.0 + float(np.max(np.abs(y))))
        if previous is not None and size > 0.5 * previous and size > scaled:
            return None
        previous = size
        if size < scaled and float(np.max(np.abs(H(y)))) < scaled * 10:
            return y, k
    return None


def chord(H: Function, inverse: np.ndarray, p: np.ndarray, row: np.ndarray, tol: float,
          max_iter: int):
    """Chord-Newton from the predicted point ``p`` on ``H = 0, row . (y - p) = 0`` with a
    fixed ``inverse`` of ``[J(p); row]``; ``(point, iterations, first correction)`` or
    ``None``. ``tol`` is relative to the size of the point, as in :func:`correct`."""
    y, first, previous = p, None, None
    for k in range(1, max_iter + 1):
        residual = H(y)
        if not np.all(np.isfinite(residual)):
            return None
        delta = -(inverse @ np.append(residual, row @ (y - p)))
        y = y + delta
        size = float(np.max(np.abs(delta)))
        if not np.isfinite(size):
            return None
        first = size if first is None else first
        scaled = tol * (1.0 + float(np.max(np.abs(y))))
        if size < scaled:
            return y, k, first
        if previous is not None and size > 0.5 * previous:
            return None
        previous = size
    return None


def _leap(H, J, x, t, tol, max_iter):
    """Step straight over a singular point (a bifurcation of a symmetric game): a
    short step along the old tangent, corrected, keeping the direction of travel."""
    for length in (1e-6, 1e-5, 1e-4, 1e-3, 1e-2):
        found = correct(H, J, x + length * t, tol, max_iter)
        if found is None:
            continue
        y, _ = found
        if (y - x) @ t <= 0:
            continue
        t_new = tangent(J(y))
        return y, (t_new if t_new @ t >= 0 else -t_new)
    return None


def follow(H: Function, J: Function, x0: np.ndarray, direction: np.ndarray, *,
           stop: Callable[[np.ndarray, np.ndarray], bool], h: float = 0.03,
           max_accel: float = 2.0, max_steps: int = 200000, h_min: float = 1e-13,
           h_max: float = float("inf"), tol: float = 1e-11, max_turn: float | None = 0.9,
           max_iter: int = 10, max_distance: float = 0.3) -> Iterator[np.ndarray]:
    """Yield points of the curve from ``x0`` (excluded), starting along ``direction``,
    until ``stop(previous, current)`` is true (that point is yielded last).

    A step of length ``h`` is accepted when the chord corrector (the Jacobian at
    the predicted point) converges, its first correction is at most
    ``max_distance`` times ``h``, the tangent turns by less than ``max_turn``
    (cosine) and the orientation is kept; ``h`` then grows by ``max_accel``
    after an easy correction (under a twentieth of ``h``), or halves after a
    hard one. A rejected step is retried at half the length.

    Raises
    ------
    PathError
        When no step of arclength at least ``h_min`` can be corrected.
    """
    x = np.asarray(x0, dtype=float)
    _, t, sign = bordered(J(x), np.asarray(direction, dtype=float))
    with np.errstate(over="ignore", invalid="ignore"):  # a step too long overflows: retried
        yield from _steps(H, J, x, t, sign, stop, h, max_accel, max_steps, h_min, h_max, tol,
                          max_turn, max_iter, max_distance)


def _steps(H, J, x, t, sign, stop, h, max_accel, max_steps, h_min, h_max, tol, max_turn,
           max_iter, max_distance):
    for _ in range(max_steps):
        while True:
            if h < h_min:
                leap = _leap(H, J, x, t, tol, max_iter)
                if leap is None:
                    raise PathError(f"step size fell below {h_min:g} at {x[-1]:.6g}")
                y, t_new = leap
                sign = orientation(J(y), t_new)
                h, first = 1e-3, 1e-3
                break
            p = x + h * t
            try:
                inverse, _, _ = bordered(J(p), t)
            except np.linalg.LinAlgError:
                h /= 2
                continue
            found = chord(H, inverse, p, t, tol, max_iter)
            if found is None:
                h /= 2
                continue
            y, _, first = found
            try:
                _, t_new, sign_y = bordered(J(y), t)
            except np.linalg.LinAlgError:
                h /= 2
                continue
            if sign_y != sign:
                t_new = -t_new
            if first > max_distance * h or (max_turn is not None and t_new @ t < max_turn):
                h /= 2
                continue
            break
        previous, x, t = x, y, t_new
        yield x
        if stop(previous, x):
            return
        if first < 0.05 * h:
            h = min(h * max_accel, h_max)
        elif first > 0.5 * max_distance * h:
            h /= 2
    raise PathError("the curve was not finished within the step limit")


__all__ = ["follow", "tangent", "bordered", "correct", "chord", "PathError"]
