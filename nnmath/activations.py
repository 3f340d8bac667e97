"""Activation functions a = f(z) and their derivatives, as one registry.

Every entry carries its formula and derivative in LaTeX beside the code that evaluates them, so the
explorer page, the network and the tests all read the same definition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .validation import Array, as_float_array, check_finite, check_real

LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0


@dataclass(frozen=True)
class Activation:
    """One activation function.

    Attributes
    ----------
    name : str
        Registry key.
    label : str
        Name to show a reader.
    fn : callable
        ``fn(z)`` -> a, same shape as z.
    grad : callable
        ``grad(z)`` -> da/dz, same shape as z (for softmax, the Jacobian of shape (..., k, k)).
    grad_from_output : callable
        ``grad_from_output(z, a)`` -> da/dz, elementwise, reusing the already computed a = f(z)
        (backpropagation calls this; for softmax it is unused).
    latex, grad_latex : str
        The formula of f(z) and of f'(z).
    elementwise : bool
        False only for softmax, whose outputs depend on the whole vector.
    bounded : bool
        True when f(z) stays in a bounded interval (sigmoid, tanh, softmax), so f(z) itself cannot overflow.
    """

    name: str
    label: str
    fn: Callable[[Array], Array]
    grad: Callable[[Array], Array]
    grad_from_output: Callable[[Array, Array], Array]
    latex: str
    grad_latex: str
    elementwise: bool = True
    bounded: bool = False

    def __call__(self, z: ArrayLike) -> Array:
        return self.fn(as_float_array(z, "z"))

    def vjp(self, z: Array, a: Array, upstream: Array) -> Array:
        """Chain rule through the activation: dL/dz given dL/da (``upstream``), shapes (n, k).

        Notes
        -----
        Elementwise: :math:`\\delta = \\frac{\\partial L}{\\partial a} \\odot f'(z)`.
        Softmax: :math:`\\delta_j = a_j (g_j - \\sum_k g_k a_k)`.
        """
        if self.elementwise:
            return upstream * self.grad_from_output(z, a)
        return a * (upstream - np.sum(upstream * a, axis=-1, keepdims=True))


def _sigmoid(z: Array) -> Array:
    """1 / (1 + e^-z), computed in one new array; for z < -709, e^-z is inf and 1 / (1 + inf) = 0 is exact."""
    out: Array = np.negative(z, out=np.empty(np.shape(z)))
    with np.errstate(over="ignore"):
        np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


def _sigmoid_grad(z: Array) -> Array:
    s = _sigmoid(z)
    return s * (1.0 - s)


def _tanh_grad(z: Array) -> Array:
    t = np.tanh(z)
    return 1.0 - t * t


def _relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def _relu_grad(z: Array) -> Array:
    return (np.asarray(z) > 0).astype(float)


def _leaky_relu(z: Array) -> Array:
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _leaky_relu_grad(z: Array) -> Array:
    return np.where(np.asarray(z) > 0, 1.0, LEAKY_SLOPE)


def _elu(z: Array) -> Array:
    return np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0.0)))


def _elu_grad(z: Array) -> Array:
    return np.where(np.asarray(z) > 0, 1.0, ELU_ALPHA * np.exp(np.minimum(z, 0.0)))


def _softplus(z: Array) -> Array:
    return np.logaddexp(0.0, z)


def _exponential(z: Array) -> Array:
    with np.errstate(over="ignore"):
        return np.exp(z)


def _softmax(z: Array) -> Array:
    z = np.asarray(z, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def _softmax_jacobian(z: Array) -> Array:
    s = _softmax(z)
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


def _softmax_grad_from_output(z: Array, a: Array) -> Array:
    return a * (1.0 - a)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "linear",
            "Linear (identity)",
            fn=lambda z: np.asarray(z, dtype=float).copy(),
            grad=lambda z: np.ones_like(z, dtype=float),
            grad_from_output=lambda z, a: np.ones_like(z, dtype=float),
            latex=r"f(z) = z",
            grad_latex=r"f'(z) = 1",
        ),
        Activation(
            "sigmoid",
            "Sigmoid",
            fn=_sigmoid,
            grad=_sigmoid_grad,
            grad_from_output=lambda z, a: a * (1.0 - a),
            latex=r"\sigma(z) = \frac{1}{1 + e^{-z}}",
            grad_latex=r"\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)",
            bounded=True,
        ),
        Activation(
            "tanh",
            "Hyperbolic tangent",
            fn=np.tanh,
            grad=_tanh_grad,
            grad_from_output=lambda z, a: 1.0 - a * a,
            latex=r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
            grad_latex=r"\tanh'(z) = 1 - \tanh^2(z)",
            bounded=True,
        ),
        Activation(
            "relu",
            "ReLU",
            fn=_relu,
            grad=_relu_grad,
            grad_from_output=lambda z, a: _relu_grad(z),
            latex=r"\mathrm{ReLU}(z) = \max(0, z)",
            grad_latex=r"\mathrm{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
        ),
        Activation(
            "leaky_relu",
            "Leaky ReLU",
            fn=_leaky_relu,
            grad=_leaky_relu_grad,
            grad_from_output=lambda z, a: _leaky_relu_grad(z),
            latex=rf"f(z) = \begin{{cases}} z & z > 0 \\ {LEAKY_SLOPE}\,z & z \le 0 \end{{cases}}",
            grad_latex=rf"f'(z) = \begin{{cases}} 1 & z > 0 \\ {LEAKY_SLOPE} & z \le 0 \end{{cases}}",
        ),
        Activation(
            "elu",
            "ELU",
            fn=_elu,
            grad=_elu_grad,
            grad_from_output=lambda z, a: _elu_grad(z),
            latex=r"f(z) = \begin{cases} z & z > 0 \\ e^{z} - 1 & z \le 0 \end{cases}",
            grad_latex=r"f'(z) = \begin{cases} 1 & z > 0 \\ e^{z} & z \le 0 \end{cases}",
        ),
        Activation(
            "softplus",
            "Softplus",
            fn=_softplus,
            grad=_sigmoid,
            grad_from_output=lambda z, a: _sigmoid(z),
            latex=r"f(z) = \log\bigl(1 + e^{z}\bigr)",
            grad_latex=r"f'(z) = \frac{1}{1 + e^{-z}} = \sigma(z)",
        ),
        Activation(
            "exponential",
            "Exponential",
            fn=_exponential,
            grad=_exponential,
            grad_from_output=lambda z, a: a,
            latex=r"f(z) = e^{z}",
            grad_latex=r"f'(z) = e^{z}",
        ),
        Activation(
            "softmax",
            "Softmax",
            fn=_softmax,
            grad=_softmax_jacobian,
            grad_from_output=_softmax_grad_from_output,
            latex=r"\mathrm{softmax}(\boldsymbol{z})_j = \frac{e^{z_j}}{\sum_{k} e^{z_k}}",
            grad_latex=(
                r"\frac{\partial\, \mathrm{softmax}_j}{\partial z_k} = "
                r"\mathrm{softmax}_j\,\bigl(\mathbb{1}[j=k] - \mathrm{softmax}_k\bigr)"
            ),
            elementwise=False,
            bounded=True,
        ),
    )
}


def get_activation(name: str) -> Activation:
    """Look up an activation by name, with an error that lists the known ones."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"Unknown activation {name!r}; choose one of: {known}.") from None


def vanishing_regions(name: str, z: ArrayLike, threshold: float = 0.05) -> list[tuple[float, float]]:
    """Intervals of the grid ``z`` (sorted, 1-D) where |f'(z)| < threshold: where gradients vanish.

    For softmax the derivative of a component with respect to itself is used.
    """
    act = get_activation(name)
    grid = as_float_array(z, "z").reshape(-1)
    check_finite(grid, "z")
    threshold = check_real(threshold, "threshold", 0, lo_open=True)
    slope = act.grad(grid) if act.elementwise else act.grad_from_output(grid, _sigmoid(grid))
    flat = np.abs(slope) < threshold
    regions: list[tuple[float, float]] = []
    start = None
    for k, is_flat in enumerate(flat):
        if is_flat and start is None:
            start = k
        if start is not None and (not is_flat or k == len(flat) - 1):
            end = k if is_flat else k - 1
            regions.append((float(grid[start]), float(grid[end])))
            start = None
    return regions
