"""The linear step of every neuron: z = Xw + b."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .validation import Array, ShapeError, as_float_array, as_matrix, check_finite, shape_str


def dense(X: ArrayLike, W: ArrayLike, b: ArrayLike | None = None) -> Array:
    """Weighted sum of the inputs plus a bias, for every observation.

    Parameters
    ----------
    X : array_like of shape (n, p)
        One observation per row (a 1-D X is one column).
    W : array_like of shape (p, q)
        One column of weights per neuron (a 1-D W is one column).
    b : scalar or array_like of shape (q,), (1, q) or (n, q), optional
        The bias: the lecture writes it as an n x q matrix; Keras adds one row to every observation.

    Returns
    -------
    z : ndarray of shape (n, q)

    Raises
    ------
    ShapeError
        If the columns of X differ from the rows of W, or b does not fit z.
    ValueError
        If an entry is not a finite number, or z overflows.

    Notes
    -----
    .. math:: \\boldsymbol{z} = \\boldsymbol{X}\\boldsymbol{w} + \\boldsymbol{b}
    """
    X = as_matrix(X, "X")
    W = as_matrix(W, "W")
    check_finite(X, "X")
    check_finite(W, "W")
    if X.shape[1] != W.shape[0]:
        raise ShapeError(f"X is {shape_str(X.shape)} but W is {shape_str(W.shape)}: columns of X must equal rows of W.")
    with np.errstate(over="ignore", invalid="ignore"):
        z = X @ W
    if b is None:
        return _finite(z)
    bias = as_float_array(b, "b")
    check_finite(bias, "b")
    n, q = z.shape
    if bias.ndim == 1 and bias.shape[0] == n and n != q and q == 1:
        bias = bias.reshape(n, 1)
    allowed = {(), (q,), (1, q), (n, q)}
    if bias.shape not in allowed:
        raise ShapeError(
            f"XW is {shape_str(z.shape)} but b is {shape_str(bias.shape)}: "
            f"b must be a scalar, a length-{q} vector or a {n}x{q} matrix."
        )
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite(z + bias)


def _finite(z: Array) -> Array:
    if not np.all(np.isfinite(z)):
        raise ValueError(
            "z = Xw + b overflows: an entry is beyond the largest float (about 1.8e308). "
            "Make the entries of X, w or b smaller."
        )
    return z
