"""Mean squared error and its gradient with respect to the predictions."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .validation import Array, ShapeError, as_float_array, check_finite, check_not_empty, shape_str


def _pair(y_hat: ArrayLike, y: ArrayLike) -> tuple[Array, Array]:
    y_hat = as_float_array(y_hat, "y_hat")
    y = as_float_array(y, "y")
    check_not_empty(y, "y")
    if y_hat.shape != y.shape:
        if y_hat.size != y.size or (y_hat.squeeze().ndim > 1):
            raise ShapeError(
                f"y_hat is {shape_str(y_hat.shape)} but y is {shape_str(y.shape)}: "
                "predictions and targets must have the same shape."
            )
        y = y.reshape(y_hat.shape)
    check_finite(y_hat, "y_hat")
    check_finite(y, "y")
    return y_hat, y


def mse(y_hat: ArrayLike, y: ArrayLike) -> float:
    """Mean squared error over every entry.

    Parameters
    ----------
    y_hat, y : array_like of shape (N,) or (N, q)
        Predictions and targets; a column and a flat vector of the same length are accepted together.

    Notes
    -----
    .. math:: \\mathcal{L} = \\frac{1}{N} \\sum_{i=1}^{N} (\\hat{y}_i - y_i)^2
              = \\frac{1}{N} (\\hat{\\boldsymbol{y}} - \\boldsymbol{y})^\\top (\\hat{\\boldsymbol{y}} - \\boldsymbol{y})
    """
    y_hat, y = _pair(y_hat, y)
    with np.errstate(over="ignore", invalid="ignore"):
        r = y_hat - y
    return float(np.vdot(r, r)) / r.size


def mse_grad(y_hat: ArrayLike, y: ArrayLike) -> Array:
    """Gradient of the MSE with respect to the predictions, same shape as ``y_hat``.

    Notes
    -----
    .. math:: \\frac{\\partial \\mathcal{L}}{\\partial \\hat{\\boldsymbol{y}}}
              = \\frac{2}{N} (\\hat{\\boldsymbol{y}} - \\boldsymbol{y})
    """
    y_hat, y = _pair(y_hat, y)
    with np.errstate(over="ignore", invalid="ignore"):
        return 2.0 / y.size * (y_hat - y)
