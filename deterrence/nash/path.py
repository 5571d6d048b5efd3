"""Following a curve ``H(x) = 0`` by predictor-corrector steps (floating point).

Homotopy methods trace a one-dimensional solution curve of ``N`` equations in
``N + 1`` unknowns: the logit QRE correspondence in (log-probabilities,
lambda), the global Newton method's path in (Kohlberg-Mertens coordinates,
perturbation size). :func:`follow` does it the way Gambit does:

* the **tangent** is the null vector of the Jacobian (from a QR factorisation
  of its transpose), oriented so that the sign of ``det [J; t]`` never
  changes -- the orientation survives the kinks of a piecewise smooth path;
* an Euler **predictor** step of arclength ``h`` along it;
* a Newton **corrector** with the Moore-Penrose pseudo-inverse (the
  shortest correction, which lands on the curve perpendicular to it);
* step control: ``h`` grows by ``max_accel`` after an easy correction and is
  halved after a hard one or a sharp turn (``max_turn``, cosine of the
  largest turn accepted: it keeps a smooth trace from jumping between
  branches).

Example
-------
The unit circle from ``(1, 0)``, counter-clockwise, stopped at the top:

>>> import numpy as np
>>> H = lambda x: np.array([x[0] ** 2 + x[1] ** 2 - 1])
>>> J = lambda x: np.array([[2 * x[0], 2 * x[1]]])
>>> last = None
>>> for point in follow(H, J, np.array([1.0, 0.0]), np.array([0.0, 1.0]),
...                     stop=lambda x, y: y[0] <= 0):
...     last = point
>>> bool(abs(last[0]) < 0.2 and last[1] > 0.98)
True
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
           max_accel: float = 1.1, max_steps: int = 200000, h_min: float = 1e-13,
           h_max: float = float("inf"), tol: float = 1e-11, max_turn: float | None = 0.5,
           max_iter: int = 10,
           limit: Callable[[np.ndarray, np.ndarray], float] | None = None) -> Iterator[np.ndarray]:
    """Yield points of the curve from ``x0`` (excluded), starting along ``direction``,
    until ``stop(previous, current)`` is true (that point is yielded last).

    ``limit(x, t)``, when given, caps one predictor step from ``x`` along ``t``
    (a piecewise smooth curve is stepped just across each boundary of its pieces).

    Raises
    ------
    PathError
        When no step of arclength at least ``h_min`` can be corrected.
    """
    x = np.asarray(x0, dtype=float)
    t = tangent(J(x))
    if t @ direction < 0:
        t = -t
    sign = orientation(J(x), t)
    for _ in range(max_steps):
        while True:
            if h < h_min:
                leap = _leap(H, J, x, t, tol, max_iter)
                if leap is None:
                    raise PathError(f"step size fell below {h_min:g} at {x[-1]:.6g}")
                y, t_new = leap
                sign = orientation(J(y), t_new)
                h, iterations = 1e-3, max_iter
                break
            step = min(h, limit(x, t)) if limit is not None else h
            found = correct(H, J, x + step * t, tol, max_iter)
            if found is None:
                h /= 2
                continue
            y, iterations = found
            jy = J(y)
            t_new = tangent(jy)
            if orientation(jy, t_new) != sign:
                t_new = -t_new
            if max_turn is not None and t_new @ t < max_turn:
                h /= 2
                continue
            break
        previous, x, t = x, y, t_new
        yield x
        if stop(previous, x):
            return
        if iterations <= 4:
            h = min(h * max_accel, h_max)
    raise PathError("the curve was not finished within the step limit")


__all__ = ["follow", "tangent", "correct", "PathError"]
