"""LaTeX for matrices and equations with the numbers substituted, in the lecture's notation."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

MAX_ROWS = 8
"""Rows of a matrix written out in full; longer ones show the first rows, a vertical ellipsis and the last."""
MAX_COLS = 12
"""Columns of a matrix written out in full; wider ones show the first columns, an ellipsis and the last."""


def num(x: float, precision: int = 3, fixed: bool = True) -> str:
    """One number: ``fixed`` gives exactly ``precision`` decimals (-6.000), else trailing zeros go (4.6).

    Whole numbers are always written without decimals when ``fixed`` is False; infinities and NaN are
    written as LaTeX symbols.
    """
    x = float(x)
    if np.isnan(x):
        return r"\text{NaN}"
    if np.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    if abs(x) >= 1e6 or (x != 0 and abs(x) < 10.0 ** (-precision)):
        mantissa, exponent = f"{x:.{precision}e}".split("e")
        if not fixed:
            mantissa = mantissa.rstrip("0").rstrip(".")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    text = f"{x:.{precision}f}"
    if not fixed and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")
    return text


def _cells(row: np.ndarray, precision: int, fixed: bool, max_cols: int) -> list[str]:
    cells = [num(v, precision, fixed) for v in row]
    if len(cells) > max_cols:
        cells = [*cells[: max_cols - 2], r"\cdots", cells[-1]]
    return cells


def sig(x: float, digits: int = 6) -> str:
    """A number to ``digits`` significant figures, in LaTeX scientific notation when small or large."""
    x = float(x)
    if not np.isfinite(x) or x == 0 or 1e-3 <= abs(x) < 1e6:
        return num(x, max(digits - 1 - int(np.floor(np.log10(abs(x)))) if np.isfinite(x) and x != 0 else 0, 0), False)
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def matrix(
    values: ArrayLike, precision: int = 3, fixed: bool = True, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS
) -> str:
    """A pmatrix; a 1-D array is a column, as the lecture writes vectors. Large ones are elided."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        return num(float(arr), precision, fixed)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    cells = [_cells(row, precision, fixed, max_cols) for row in arr]
    rows = [" & ".join(c) for c in cells]
    if len(rows) > max_rows:
        ellipsis = " & ".join(r"\vdots" if c != r"\cdots" else r"\ddots" for c in cells[0])
        rows = [*rows[: max_rows - 2], ellipsis, rows[-1]]
    return r"\begin{pmatrix} " + r" \\ ".join(rows) + r" \end{pmatrix}"


def row_vector(values: ArrayLike, precision: int = 3, fixed: bool = True) -> str:
    """A 1 x k pmatrix."""
    return matrix(np.asarray(values, dtype=float).reshape(1, -1), precision, fixed)


def underbrace(body: str, label: str) -> str:
    """``body`` with ``label`` under it, as the lecture marks X^T and y_hat."""
    return rf"\underbrace{{{body}}}_{{{label}}}"


def bold(symbol: str) -> str:
    """The lecture's bold symbols: X, w, b, z, y, a."""
    return rf"\boldsymbol{{{symbol}}}"
