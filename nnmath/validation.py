"""Input checks shared by every nnmath entry point: float64 arrays, shapes, finiteness."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


class ShapeError(ValueError):
    """Raised when array shapes do not conform; the message names both shapes."""


def shape_str(shape: tuple[int, ...]) -> str:
    """Write a shape the way the lecture does: ``(2, 3)`` -> ``"2x3"``."""
    if len(shape) == 0:
        return "a scalar"
    return "x".join(str(s) for s in shape)


def as_float_array(x: ArrayLike, name: str) -> Array:
    """Return ``x`` as a float64 array, with a readable error for text or ragged input."""
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must contain numbers only ({exc}).") from None
    return arr


def as_matrix(x: ArrayLike, name: str) -> Array:
    """Return ``x`` as a 2-D float64 array; a 1-D input becomes one column."""
    arr = as_float_array(x, name)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise ShapeError(f"{name} must be a matrix (2-D), but it has shape {shape_str(arr.shape)}.")
    return arr


def check_finite(arr: Array, name: str) -> None:
    """Raise ValueError if ``arr`` holds NaN or infinity, saying where."""
    bad = ~np.isfinite(arr)
    if bad.any():
        where = tuple(int(i) + 1 for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} contains a missing or infinite value (at entry {where}, counting from 1); "
            "replace it with a finite number."
        )


def check_not_empty(arr: Array, name: str) -> None:
    """Raise ValueError if ``arr`` has no entries."""
    if arr.size == 0:
        raise ValueError(f"{name} is empty: it needs at least one row and one column.")


def as_data(X: ArrayLike, y: ArrayLike) -> tuple[Array, Array]:
    """Validate a design matrix and its targets.

    Returns
    -------
    X : ndarray of shape (n, p)
    y : ndarray of shape (n, q)
        A 1-D ``y`` becomes one column.
    """
    X = as_matrix(X, "X")
    y = as_matrix(y, "y")
    check_not_empty(X, "X")
    check_not_empty(y, "y")
    if X.shape[0] != y.shape[0]:
        raise ShapeError(
            f"X is {shape_str(X.shape)} but y is {shape_str(y.shape)}: "
            "X and y must have the same number of rows (observations)."
        )
    check_finite(X, "X")
    check_finite(y, "y")
    return X, y


def check_positive(value: float, name: str) -> float:
    """Return ``value`` as a float, raising ValueError unless it is finite and > 0."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}.") from None
    if not np.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be a positive number, but it is {value}.")
    return v
