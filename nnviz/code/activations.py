"""The activation explorer's code: each activation written out in NumPy, as the lecture writes sigmoid.

``numpy_code`` reproduces the page's table: every activation (and, when the table shows them, its derivative)
applied to the typed vector z, printed with every digit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

import nnmath as nm

_ALPHA = "" if nm.activations.ELU_ALPHA == 1 else f"{nm.activations.ELU_ALPHA} * "

FUNCTIONS: dict[str, str] = {
    "linear": "return z",
    "sigmoid": "return 1 / (1 + np.exp(-z))",
    "tanh": "return np.tanh(z)",
    "relu": "return np.maximum(0, z)",
    "leaky_relu": f"return np.where(z > 0, z, {nm.activations.LEAKY_SLOPE} * z)",
    "elu": f"return np.where(z > 0, z, {_ALPHA}(np.exp(np.minimum(z, 0)) - 1))",
    "softplus": "return np.logaddexp(0, z)  # log(1 + e^z), without overflow for large z",
    "exponential": "return np.exp(z)",
    "softmax": (
        "e = np.exp(z - np.max(z, axis=-1, keepdims=True))  # minus the largest z: the same result, no overflow\n"
        "    return e / np.sum(e, axis=-1, keepdims=True)"
    ),
}
"""The body of ``def <name>(z):`` for every activation of the registry (softmax over the last axis)."""

DERIVATIVES: dict[str, str] = {
    "linear": "return np.ones_like(z, dtype=float)",
    "sigmoid": "return sigmoid(z) * (1 - sigmoid(z))",
    "tanh": "return 1 - np.tanh(z) ** 2",
    "relu": "return (z > 0) * 1.0",
    "leaky_relu": f"return np.where(z > 0, 1.0, {nm.activations.LEAKY_SLOPE})",
    "elu": f"return np.where(z > 0, 1.0, {_ALPHA}np.exp(np.minimum(z, 0)))",
    "softplus": "return sigmoid(z)",
    "exponential": "return np.exp(z)",
    "softmax": "return softmax(z) * (1 - softmax(z))  # d a_j / d z_j, the Jacobian's diagonal",
}
"""The body of ``def <name>_derivative(z):`` (softmax: the diagonal of its Jacobian, as the table shows)."""

FULL_PRECISION = "np.set_printoptions(precision=17)  # print every digit"


def number_literal(v: float) -> str:
    """A number as Python source: small whole numbers as integers (as the lecture types them), else its repr."""
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e6 else repr(v)


def array_literal(values: ArrayLike) -> str:
    """``np.array([...])`` of a vector or a matrix, in the lecture's style."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 1:
        return "np.array([" + ", ".join(number_literal(v) for v in arr) + "])"
    rows = ", ".join("[" + ", ".join(number_literal(v) for v in row) + "]" for row in arr)
    return f"np.array([{rows}])"


def definition(name: str, derivative: bool = False) -> str:
    """``def name(z): ...`` (or ``def name_derivative(z): ...``) for the activation ``name``."""
    body = (DERIVATIVES if derivative else FUNCTIONS)[name]
    return f"def {name}{'_derivative' if derivative else ''}(z):\n    {body}\n"


def definitions(names: Sequence[str], derivative: bool = False) -> list[str]:
    """The definitions ``names`` need: each function, its derivative when asked, and what a derivative calls."""
    needed = list(names)
    if derivative:
        needed += [called for called in ("sigmoid", "softmax") if called not in needed and _calls(names, called)]
    out = [definition(name) for name in needed]
    if derivative:
        out += [definition(name, True) for name in names]
    return out


def _calls(names: Sequence[str], called: str) -> bool:
    return any(f"{called}(z)" in DERIVATIVES[name] for name in names)


def numpy_code(z: ArrayLike, names: Sequence[str] | None = None, derivative: bool = False) -> str:
    """Code that prints each activation of ``names`` (all by default) at the vector ``z``, then its derivative."""
    chosen = list(names or nm.ACTIVATIONS)
    lines = ["import numpy as np", "", FULL_PRECISION, "", ""]
    lines += ["\n\n".join(definitions(chosen, derivative)), "", f"z = {array_literal(np.ravel(z))}"]
    for name in chosen:
        lines.append(f'print("{name}", {name}(z))')
        if derivative:
            lines.append(f'print("{name}\'", {name}_derivative(z))')
    return "\n".join(lines) + "\n"
