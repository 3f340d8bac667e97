"""Input checks shared by every nnmath entry point: float64 arrays, shapes, finiteness, numbers in range.

Every public function checks its arguments here, in the spirit of scikit-learn's
``_parameter_constraints``: one checker per kind of value (:func:`check_int`, :func:`check_real`,
:func:`check_seed`), each raising a ValueError whose message starts with the argument's name and says
what is allowed, e.g. "batch_size must be a whole number from 1 to 100000, but it is inf."
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

MAX_SEED = 2**32 - 1
"""Largest seed: the lecture's data uses NumPy's legacy generator, which takes seeds below 2**32."""


class ShapeError(ValueError):
    """Raised when array shapes do not conform; the message names both shapes."""


def shape_str(shape: tuple[int, ...]) -> str:
    """Write a shape the way the lecture does: ``(2, 3)`` -> ``"2x3"``."""
    if len(shape) == 0:
        return "a scalar"
    return "x".join(str(s) for s in shape)


def shown(value: object) -> str:
    """A short, literal rendering of a value for an error message (a 400-digit number stays short)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        digits = str(abs(int(value)))
        if len(digits) > 15:
            sign = "-" if int(value) < 0 else ""
            return f"{sign}{digits[:6]}... (a {len(digits)}-digit number)"
        return str(int(value))
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            return str(float(value))
        except OverflowError:
            pass
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"


def allowed_range(
    lo: float | None, hi: float | None, *, lo_open: bool = False, hi_open: bool = False, whole: bool = False
) -> str:
    """Describe an interval in words: "a number greater than 0", "a whole number from 1 to 100000"."""
    kind = "a whole number" if whole else "a number"
    if lo is not None and hi is not None and not lo_open and not hi_open:
        return f"{kind} from {_number(lo)} to {_number(hi)}"
    parts = []
    if lo is not None:
        parts.append(f"{'greater than' if lo_open else 'at least'} {_number(lo)}")
    if hi is not None:
        parts.append(f"{'less than' if hi_open else 'at most'} {_number(hi)}")
    if not parts:
        return "a finite whole number" if whole else "a finite number"
    return f"{kind} " + " and ".join(parts)


def _scalar(value: object) -> object:
    """Unwrap a 0-d NumPy array to its Python scalar; anything else is returned as is."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    return value


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def check_int(value: object, name: str, lo: int, hi: int | None = None) -> int:
    """Return ``value`` as an int, raising ValueError unless it is a whole number in [lo, hi].

    Accepts Python and NumPy integers and floats with a whole value (3.0); rejects bools, text, NaN,
    infinity, fractions and anything out of range, without ever converting infinity to int.
    """
    value = _scalar(value)
    problem = f"{name} must be {allowed_range(lo, hi, whole=True)}, but it is {shown(value)}."
    if not _is_number(value):
        raise ValueError(problem)
    if isinstance(value, numbers.Integral):
        whole = int(value)
    else:
        try:
            as_float = float(value)  # type: ignore[arg-type]
        except OverflowError:
            raise ValueError(problem) from None
        if not (math.isfinite(as_float) and as_float.is_integer()):
            raise ValueError(problem)
        whole = int(as_float)
    if whole < lo or (hi is not None and whole > hi):
        raise ValueError(problem)
    return whole


def check_real(
    value: object,
    name: str,
    lo: float | None = None,
    hi: float | None = None,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
) -> float:
    """Return ``value`` as a float, raising ValueError unless it is a finite number in the interval.

    ``lo_open`` / ``hi_open`` exclude the bound itself: ``check_real(eta, "eta", 0, lo_open=True)``
    asks for eta > 0. Bools, text, NaN, infinity and integers too large for a float are rejected.
    """
    value = _scalar(value)
    problem = f"{name} must be {allowed_range(lo, hi, lo_open=lo_open, hi_open=hi_open)}, but it is {shown(value)}."
    if not _is_number(value):
        raise ValueError(problem)
    try:
        v = float(value)  # type: ignore[arg-type]
    except OverflowError:
        raise ValueError(problem) from None
    if not math.isfinite(v):
        raise ValueError(problem)
    if lo is not None and (v < lo or (lo_open and v == lo)):
        raise ValueError(problem)
    if hi is not None and (v > hi or (hi_open and v == hi)):
        raise ValueError(problem)
    return v


def check_seed(seed: object, name: str = "seed") -> int:
    """Return a seed as an int from 0 to :data:`MAX_SEED`."""
    return check_int(seed, name, 0, MAX_SEED)


def all_finite(arr: Array) -> bool:
    """True if no entry of ``arr`` is NaN or infinite."""
    return bool(np.isfinite(arr).all())


def as_float_array(x: ArrayLike, name: str) -> Array:
    """Return ``x`` as a float64 array, with a readable error for text or ragged input."""
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:
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
    if all_finite(arr):
        return
    where = tuple(int(i) + 1 for i in np.argwhere(~np.isfinite(arr))[0])
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
