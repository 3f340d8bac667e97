"""The forward-pass calculator's code: the lecture's own snippet with the matrices on screen.

The lecture computes z = Xw + b with ``print(X @ w + b)``; with an activation chosen, the function is written
out as the lecture writes sigmoid and applied to z.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .activations import FULL_PRECISION, array_literal, definition


def _whole(values: ArrayLike) -> bool:
    arr = np.asarray(values, dtype=float)
    return bool(np.all((arr == np.round(arr)) & (np.abs(arr) < 1e6)))


def numpy_code(X: ArrayLike, W: ArrayLike, b: ArrayLike, activation: str | None = None) -> str:
    """Code that prints z = Xw + b (and a = f(z) when ``activation`` names one) for these matrices."""
    exact = all(_whole(v) for v in (X, W, b)) and activation is None
    lines = ["import numpy as np", ""]
    if not exact:
        lines += [FULL_PRECISION, ""]
    if activation is not None:
        lines += ["", definition(activation), ""]
    lines += [f"X = {array_literal(X)}", f"w = {array_literal(W)}", f"b = {array_literal(b)}"]
    if activation is None:
        lines.append("print(X @ w + b)")
    else:
        lines += ["z = X @ w + b", "print(z)", f"a = {activation}(z)", "print(a)"]
    return "\n".join(lines) + "\n"
