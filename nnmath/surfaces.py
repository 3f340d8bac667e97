"""The MSE of linear regression as a function of its parameters, from sufficient statistics.

With :math:`\\tilde{X} = [X\\ \\boldsymbol{1}]` and :math:`\\theta = (w_1, \\ldots, w_p, b)`,

.. math:: \\mathcal{L}(\\theta) = \\frac{1}{N}\\bigl[(\\theta - \\theta^*)^\\top A (\\theta - \\theta^*)
          + \\mathrm{RSS}^*\\bigr],
          \\qquad A = \\tilde{X}^\\top \\tilde{X},

where :math:`\\theta^*` is the least-squares solution and RSS* its residual sum of squares. Once A,
theta* and RSS* are known, evaluating the loss costs O(p^2) whatever N is, and the form has no
cancellation near the optimum, so a loss of 1e-20 is computed as such.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .validation import (
    Array,
    ShapeError,
    all_finite,
    as_data,
    as_float_array,
    as_matrix,
    check_finite,
    check_int,
    check_not_empty,
    check_real,
    shape_str,
)

MAX_SURFACE_POINTS = 250_000
"""Most grid points one surface may have (e.g. 500 x 500)."""


@dataclass(frozen=True)
class LinearStats:
    """Sufficient statistics of a linear regression data set.

    Attributes
    ----------
    n : int
        Number of observations N.
    A : ndarray of shape (p + 1, p + 1)
        :math:`[X\\ 1]^\\top [X\\ 1]`.
    theta_star : ndarray of shape (p + 1,)
        Least-squares (w_1, ..., w_p, b).
    rss_star : float
        Residual sum of squares at theta_star.
    """

    n: int
    A: Array
    theta_star: Array
    rss_star: float

    @property
    def p(self) -> int:
        """Number of features."""
        return self.A.shape[0] - 1

    def mse(self, theta: ArrayLike) -> Array:
        """Full-data MSE at parameters ``theta`` of shape (p + 1,) or (m, p + 1)."""
        d = np.asarray(theta, dtype=float) - self.theta_star
        quad = np.einsum("...i,ij,...j->...", d, self.A, d)
        return np.maximum(quad + self.rss_star, 0.0) / self.n


def linreg_stats(X: ArrayLike, y: ArrayLike) -> LinearStats:
    """Compute the sufficient statistics of (X, y) once.

    Parameters
    ----------
    X : array_like of shape (n, p)
    y : array_like of shape (n,) or (n, 1)
    """
    X, y = as_data(X, y)
    if y.shape[1] != 1:
        raise ShapeError(f"y is {shape_str(y.shape)}: linear regression needs one target column.")
    Xa = np.hstack([X, np.ones((X.shape[0], 1))])
    A = _gram(Xa)
    theta_star: Array = np.linalg.lstsq(Xa, y[:, 0], rcond=None)[0].astype(float)
    with np.errstate(over="ignore", invalid="ignore"):
        resid = Xa @ theta_star - y[:, 0]
        rss_star = float(resid @ resid)
    if not np.isfinite(rss_star):
        raise ValueError("y is so large that the residual sum of squares overflows (beyond about 1.8e308): rescale y.")
    return LinearStats(n=X.shape[0], A=A, theta_star=theta_star, rss_star=rss_star)


def _gram(Xa: Array) -> Array:
    """X'X for the augmented design [X 1], with a ValueError if it overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        A: Array = Xa.T @ Xa
    if not all_finite(A):
        raise ValueError("X is so large that X'X overflows (beyond about 1.8e308): rescale X.")
    return A


def least_squares(X: ArrayLike, y: ArrayLike) -> tuple[Array, float]:
    """The least-squares weights (p,) and bias: the point every gradient-descent run aims for."""
    theta = linreg_stats(X, y).theta_star
    return theta[:-1].copy(), float(theta[-1])


def max_stable_eta(X: ArrayLike) -> float:
    """Largest learning rate for which batch gradient descent on the MSE converges.

    Notes
    -----
    The Hessian of the MSE is :math:`H = \\frac{2}{N}[X\\ 1]^\\top[X\\ 1]`; batch GD is stable for
    :math:`\\eta < 2 / \\lambda_{\\max}(H)`. The column of ones makes :math:`\\lambda_{\\max} \\ge 2 > 0`.
    """
    X = as_matrix(X, "X")
    check_not_empty(X, "X")
    check_finite(X, "X")
    Xa = np.hstack([X, np.ones((X.shape[0], 1))])
    lam = float(np.linalg.eigvalsh(2.0 / X.shape[0] * _gram(Xa))[-1])
    return 2.0 / lam


def mse_surface(
    X: ArrayLike,
    y: ArrayLike,
    values_1: ArrayLike,
    values_2: ArrayLike,
    *,
    params: tuple[int, int] = (0, 1),
    w: ArrayLike | None = None,
    b: float = 0.0,
    stats: LinearStats | None = None,
) -> Array:
    """Full-data MSE over a grid of two parameters, the others held fixed.

    Parameters
    ----------
    X : array_like of shape (n, p)
    y : array_like of shape (n,) or (n, 1)
    values_1, values_2 : array_like of shape (m1,) and (m2,)
        Grid values of the first and second chosen parameter: finite, at most
        :data:`MAX_SURFACE_POINTS` points in all.
    params : pair of int
        Indices into theta = (w_1, ..., w_p, b). The default (0, 1) is (w, b) when p = 1 and
        (w_1, w_2) when p >= 2.
    w : array_like of shape (p,), optional
        Values of the weights held fixed (default: ones, the lecture's initialisation).
    b : float
        Value of the bias when it is held fixed.
    stats : LinearStats, optional
        Precomputed :func:`linreg_stats` of (X, y), to skip that O(N p^2) step.

    Returns
    -------
    loss : ndarray of shape (m2, m1)
        ``loss[j, i]`` is the MSE at ``values_1[i]``, ``values_2[j]`` (rows follow the y axis of a plot).
    """
    grid_1 = _grid(values_1, "values_1")
    grid_2 = _grid(values_2, "values_2")
    if grid_1.size * grid_2.size > MAX_SURFACE_POINTS:
        raise ValueError(
            f"values_1 and values_2 make a {grid_1.size:,} x {grid_2.size:,} grid of "
            f"{grid_1.size * grid_2.size:,} points, above the limit of {MAX_SURFACE_POINTS:,} (e.g. 500 x 500): "
            "use fewer grid values."
        )
    if stats is None:
        stats = linreg_stats(X, y)
    elif not isinstance(stats, LinearStats):
        raise ValueError("stats must be the LinearStats of linreg_stats(X, y), or None.")
    p = stats.p
    if len(params) != 2:
        raise ValueError(f"params must be two different indices from 0 to {p}, but it has {len(params)} entries.")
    i, j = (check_int(k, "params", 0, p) for k in params)
    if i == j:
        raise ValueError(f"params must be two different indices from 0 to {p} (theta has {p + 1} entries).")
    w_held = np.ones(p) if w is None else as_float_array(w, "w").reshape(-1)
    if w_held.shape != (p,):
        raise ShapeError(f"w has {w_held.size} entries but X has {p} columns: they must match.")
    check_finite(w_held, "w")
    b = check_real(b, "b")
    u = grid_1 - stats.theta_star[i]
    v = grid_2 - stats.theta_star[j]
    d0 = np.append(w_held, b) - stats.theta_star
    d0[[i, j]] = 0.0
    A = stats.A
    Ad0 = A @ d0
    U = u[None, :]
    V = v[:, None]
    with np.errstate(over="ignore", invalid="ignore"):
        quad = d0 @ Ad0 + 2 * U * Ad0[i] + 2 * V * Ad0[j] + U * U * A[i, i] + 2 * U * V * A[i, j] + V * V * A[j, j]
        loss: Array = np.maximum(quad + stats.rss_star, 0.0) / stats.n
    if not all_finite(loss):
        raise ValueError(
            "values_1, values_2, w or b are so large that the MSE overflows (beyond about 1.8e308): "
            "use smaller grid values."
        )
    return loss


def _grid(values: ArrayLike, name: str) -> Array:
    grid = as_float_array(values, name).reshape(-1)
    if grid.size == 0:
        raise ValueError(f"{name} is empty: give at least one grid value.")
    check_finite(grid, name)
    return grid
