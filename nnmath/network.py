"""A dense feed-forward network with its forward pass and backpropagation, batch-first.

:meth:`Network.forward` and :meth:`Network.backward` are written to be read beside the lecture: one
line per equation, layer by layer, delta by delta. Any overflow on the way is reported as an
:class:`OverflowInLayer` naming the layer, never returned as NaN or infinity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import ArrayLike

from .activations import Activation, get_activation
from .losses import mse
from .validation import (
    Array,
    ShapeError,
    all_finite,
    as_float_array,
    as_matrix,
    check_finite,
    check_int,
    check_not_empty,
    check_real,
    check_seed,
    shape_str,
)

MAX_UNITS = 4096
"""Most units a layer may have."""
MAX_LAYERS = 32
"""Most layers (after the input) a network may have."""
MAX_PARAMS = 10_000_000
"""Most trainable parameters a network may have (80 MB of float64): a guard on memory."""


class OverflowInLayer(ValueError):
    """A layer's weighted sum, output, delta or gradient went beyond the largest float.

    Attributes
    ----------
    layer : int
        The layer, counted from 1 as in the lecture (layer 1 is the first hidden layer).
    activation : str
        That layer's activation.
    quantity : str
        What overflowed, e.g. "its output" or "its delta (backward pass)".
    """

    def __init__(self, layer: int, activation: str, quantity: str) -> None:
        self.layer = layer
        self.activation = activation
        self.quantity = quantity
        advice = "Use smaller weights or inputs"
        if not get_activation(activation).bounded:
            advice += ", or a bounded activation such as tanh"
        super().__init__(
            f"Layer {layer} ({activation}) overflows: {quantity} is beyond the largest float (about 1.8e308). {advice}."
        )

    def __reduce__(self) -> tuple[type[OverflowInLayer], tuple[int, str, str]]:
        return (type(self), (self.layer, self.activation, self.quantity))


def _require_finite(values: Array, layer: int, activation: Activation, quantity: str) -> None:
    if not all_finite(values):
        raise OverflowInLayer(layer, activation.name, quantity)


@dataclass(frozen=True)
class ForwardPass:
    """Every layer's pre-activation and activation for a batch.

    Attributes
    ----------
    inputs : ndarray of shape (n, p)
    z : list of ndarray
        ``z[k]`` of shape (n, sizes[k + 1]): layer k + 1's weighted sums z = a_prev W + b.
    a : list of ndarray
        ``a[k] = f(z[k])``; ``a[-1]`` is the prediction y_hat.
    """

    inputs: Array
    z: list[Array]
    a: list[Array]

    @property
    def output(self) -> Array:
        """The prediction y_hat, shape (n, q)."""
        return self.a[-1]


@dataclass(frozen=True)
class Gradients:
    """The result of backpropagation on one batch.

    Attributes
    ----------
    loss : float
        MSE of the batch.
    deltas : list of ndarray
        ``deltas[k]`` of shape (n, sizes[k + 1]): per-observation deltas, the gradient of observation i's
        loss (1/q) sum_j (y_hat_ij - y_ij)^2 with respect to layer k + 1's z (the lecture's delta).
    dW : list of ndarray
        ``dW[k]`` of shape (sizes[k], sizes[k + 1]): gradient of the MSE, i.e. the batch mean.
    db : list of ndarray or None
        ``db[k]`` of shape (sizes[k + 1],), None for a layer without bias.
    forward : ForwardPass
        The forward pass the deltas were computed from.
    """

    loss: float
    deltas: list[Array]
    dW: list[Array]
    db: list[Array | None]
    forward: ForwardPass

    def as_list(self) -> list[Array]:
        """The gradients in the order of :meth:`Network.parameters`: dW_1, db_1, dW_2, db_2, ..."""
        return [g for pair in zip(self.dW, self.db, strict=True) for g in pair if g is not None]

    def flat(self) -> Array:
        """All gradients in one vector, in the order of :meth:`Network.flat_parameters`."""
        return np.concatenate([g.ravel() for g in self.as_list()])


class Network:
    """A dense network: layer k maps (n, sizes[k - 1]) to (n, sizes[k]) by a = f_k(a_prev W_k + b_k).

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first: the lecture's network is ``(3, 2, 1)``. Each from 1 to
        :data:`MAX_UNITS`; at most :data:`MAX_LAYERS` layers after the input.
    activations : sequence of str
        One activation name per layer after the input (``len(sizes) - 1`` of them).
    use_bias : bool
        Whether the layers have biases (the lecture's network has none).
    weights : sequence of array_like, optional
        ``weights[k]`` of shape (sizes[k], sizes[k + 1]); default: Glorot-uniform like Keras.
    biases : sequence of array_like, optional
        ``biases[k]`` of shape (sizes[k + 1],); default zeros.
    seed : int or numpy.random.Generator, optional
        For the default initialisation (an int from 0 to 2**32 - 1).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activations: Sequence[str],
        *,
        use_bias: bool = True,
        weights: Sequence[ArrayLike] | None = None,
        biases: Sequence[ArrayLike | None] | None = None,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        sizes = _checked_sizes(sizes)
        if isinstance(activations, str):
            activations = [activations]
        activations = list(activations)
        if len(activations) != len(sizes) - 1:
            raise ValueError(
                f"sizes {sizes} describe {len(sizes) - 1} layers but {len(activations)} activations "
                "were given: give one activation per layer after the input."
            )
        self.sizes = sizes
        self.layers: list[Activation] = [get_activation(name) for name in activations]
        self.use_bias = bool(use_bias)
        shapes = list(pairwise(sizes))
        if weights is None:
            rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(_optional_seed(seed))
            self.weights = [_glorot_uniform(rng, n_in, n_out) for n_in, n_out in shapes]
        else:
            if len(weights) != len(shapes):
                raise ValueError(f"{len(weights)} weight matrices were given for {len(shapes)} layers.")
            self.weights = [
                _checked(w, shape, f"W{k + 1}") for k, (w, shape) in enumerate(zip(weights, shapes, strict=True))
            ]
        self.biases: list[Array | None]
        if not self.use_bias:
            self.biases = [None] * len(shapes)
        elif biases is None:
            self.biases = [np.zeros(n_out) for _, n_out in shapes]
        else:
            if len(biases) != len(shapes):
                raise ValueError(f"{len(biases)} bias vectors were given for {len(shapes)} layers.")
            self.biases = [
                _checked(b, (n_out,), f"b{k + 1}") for k, (b, (_, n_out)) in enumerate(zip(biases, shapes, strict=True))
            ]

    @property
    def activations(self) -> list[str]:
        """Activation name of each layer."""
        return [layer.name for layer in self.layers]

    @property
    def n_params(self) -> int:
        """Number of trainable parameters."""
        return sum(p.size for p in self.parameters())

    def parameters(self) -> list[Array]:
        """The trainable arrays in order W_1, b_1, W_2, b_2, ... (biases skipped when absent)."""
        out: list[Array] = []
        for W, b in zip(self.weights, self.biases, strict=True):
            out.append(W)
            if b is not None:
                out.append(b)
        return out

    def set_parameters(self, params: Sequence[Array]) -> None:
        """Replace the parameters, in the order of :meth:`parameters` (the arrays are used as given)."""
        if len(params) != len(self.parameters()):
            raise ValueError(f"params has {len(params)} arrays but the network has {len(self.parameters())}.")
        it = iter(params)
        for k in range(len(self.weights)):
            self.weights[k] = next(it)
            if self.biases[k] is not None:
                self.biases[k] = next(it)

    def parameter_names(self) -> list[str]:
        """A name for every scalar parameter, in the order of :meth:`flat_parameters`.

        ``W1[2,1]`` is the weight from unit 2 of the previous layer to unit 1 of layer 1; ``b1[1]`` the
        bias of unit 1 of layer 1 (all counted from 1, as on the board).
        """
        names: list[str] = []
        for k, (W, b) in enumerate(zip(self.weights, self.biases, strict=True), start=1):
            names += [f"W{k}[{i + 1},{j + 1}]" for i in range(W.shape[0]) for j in range(W.shape[1])]
            if b is not None:
                names += [f"b{k}[{j + 1}]" for j in range(b.shape[0])]
        return names

    def flat_parameters(self) -> Array:
        """All parameters in one vector of length :attr:`n_params`."""
        return np.concatenate([p.ravel() for p in self.parameters()])

    def set_flat_parameters(self, theta: ArrayLike) -> None:
        """Inverse of :meth:`flat_parameters`."""
        theta = as_float_array(theta, "theta").reshape(-1)
        if theta.size != self.n_params:
            raise ShapeError(f"theta has {theta.size} entries but the network has {self.n_params} parameters.")
        check_finite(theta, "theta")
        out, start = [], 0
        for p in self.parameters():
            out.append(theta[start : start + p.size].reshape(p.shape).copy())
            start += p.size
        self.set_parameters(out)

    def copy(self) -> Network:
        """An independent network with the same architecture and parameters."""
        return Network(
            self.sizes,
            self.activations,
            use_bias=self.use_bias,
            weights=[W.copy() for W in self.weights],
            biases=[b.copy() for b in self.biases if b is not None] if self.use_bias else None,
        )

    def forward(self, X: ArrayLike) -> ForwardPass:
        """Run the batch X through every layer, keeping every z and a.

        Parameters
        ----------
        X : array_like of shape (n, p)

        Returns
        -------
        ForwardPass

        Raises
        ------
        OverflowInLayer
            If a layer's z or a is beyond the largest float.

        Notes
        -----
        With :math:`a^{(0)} = X`, for layers :math:`k = 1, \\ldots, H + 1`:

        .. math:: z^{(k)} = a^{(k-1)} W^{(k)} + b^{(k)}, \\qquad a^{(k)} = f_k\\bigl(z^{(k)}\\bigr),

        and the prediction is :math:`\\hat{y} = a^{(H+1)}`.
        """
        X = self._inputs(X)
        zs: list[Array] = []
        acts: list[Array] = []
        a = X
        with np.errstate(over="ignore", invalid="ignore"):
            for k, (W, b, f) in enumerate(zip(self.weights, self.biases, self.layers, strict=True), start=1):
                z = a @ W if b is None else a @ W + b
                _require_finite(z, k, f, "its weighted sum z")
                a = f.fn(z)
                _require_finite(a, k, f, "its output")
                zs.append(z)
                acts.append(a)
        return ForwardPass(inputs=X, z=zs, a=acts)

    def predict(self, X: ArrayLike) -> Array:
        """The prediction y_hat of shape (n, q)."""
        return self.forward(X).output

    def backward(self, X: ArrayLike, y: ArrayLike) -> Gradients:
        """Backpropagate the MSE of the batch (X, y) to every weight and bias.

        Parameters
        ----------
        X : array_like of shape (n, p)
        y : array_like of shape (n,) or (n, q)

        Returns
        -------
        Gradients

        Raises
        ------
        OverflowInLayer
            If a layer's z, a, delta or gradient is beyond the largest float.

        Notes
        -----
        The deltas are the gradients of each observation's loss with respect to z (the lecture's
        equation 3). The output layer's delta, then each layer's from the one above it:

        .. math:: \\delta^{(H+1)} = \\tfrac{2}{q}(\\hat{y} - y) \\odot f'_{H+1}\\bigl(z^{(H+1)}\\bigr), \\qquad
                  \\delta^{(k)} = \\bigl(\\delta^{(k+1)} W^{(k+1)\\top}\\bigr) \\odot f'_k\\bigl(z^{(k)}\\bigr),

        and the gradients of the MSE are batch means:

        .. math:: \\frac{\\partial \\mathcal{L}}{\\partial W^{(k)}} = \\frac{1}{n} a^{(k-1)\\top} \\delta^{(k)},
                  \\qquad \\frac{\\partial \\mathcal{L}}{\\partial b^{(k)}} = \\frac{1}{n} \\boldsymbol{1}^\\top
                  \\delta^{(k)}.
        """
        fp = self.forward(X)
        y = self._targets(y, fp.inputs.shape[0])
        n, q = y.shape
        layers = len(self.layers)
        deltas: list[Array] = [np.empty(0)] * layers
        dW: list[Array] = [np.empty(0)] * layers
        db: list[Array | None] = [None] * layers
        with np.errstate(over="ignore", invalid="ignore"):
            residual = fp.output - y
            loss = float(np.vdot(residual, residual)) / residual.size  # the mean of the squared residuals
            upstream = 2.0 / q * residual  # dL/dy_hat for each observation
            for k in reversed(range(layers)):
                f = self.layers[k]
                delta = f.vjp(fp.z[k], fp.a[k], upstream)  # upstream * f'(z)
                _require_finite(delta, k + 1, f, "its delta (backward pass)")
                a_prev = fp.a[k - 1] if k > 0 else fp.inputs
                dW[k] = a_prev.T @ delta / n
                _require_finite(dW[k], k + 1, f, "its weight gradient")
                if self.biases[k] is not None:
                    grad_b = np.mean(delta, axis=0)
                    _require_finite(grad_b, k + 1, f, "its bias gradient")
                    db[k] = grad_b
                deltas[k] = delta
                if k > 0:
                    upstream = np.dot(delta, self.weights[k].T)  # delta W^T (np.dot: faster than @ for one column)
        return Gradients(loss=loss, deltas=deltas, dW=dW, db=db, forward=fp)

    def _inputs(self, X: ArrayLike) -> Array:
        X = as_matrix(X, "X")
        check_not_empty(X, "X")
        if X.shape[1] != self.sizes[0]:
            raise ShapeError(
                f"X is {shape_str(X.shape)} but the network takes {self.sizes[0]} inputs: "
                "columns of X must equal the input size."
            )
        check_finite(X, "X")
        return X

    def _targets(self, y: ArrayLike, n: int) -> Array:
        y = as_matrix(y, "y")
        if y.shape != (n, self.sizes[-1]):
            raise ShapeError(
                f"y is {shape_str(y.shape)} but the network needs {n}x{self.sizes[-1]}: y needs one row per row "
                f"of X and one column per output (the network has {self.sizes[-1]} outputs)."
            )
        check_finite(y, "y")
        return y


def _checked_sizes(sizes: Sequence[int]) -> list[int]:
    if isinstance(sizes, str) or not isinstance(sizes, Sequence | np.ndarray):
        raise ValueError(f"sizes must be a list of whole numbers, input size first, but it is {sizes!r:.40}.")
    if not 2 <= len(sizes) <= MAX_LAYERS + 1:
        raise ValueError(
            f"sizes must list from 2 to {MAX_LAYERS + 1} layer sizes (the input and at most {MAX_LAYERS} layers), "
            f"but it lists {len(sizes)}."
        )
    checked = [check_int(s, f"sizes[{k}]", 1, MAX_UNITS) for k, s in enumerate(sizes)]
    n_params = sum(n_in * n_out + n_out for n_in, n_out in pairwise(checked))
    if n_params > MAX_PARAMS:
        raise ValueError(
            f"sizes {checked} make about {n_params:,} parameters, above the limit of {MAX_PARAMS:,}: use fewer units."
        )
    return checked


def _optional_seed(seed: object) -> int | None:
    return None if seed is None else check_seed(seed)


def _glorot_uniform(rng: np.random.Generator, n_in: int, n_out: int) -> Array:
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def _checked(value: ArrayLike | None, shape: tuple[int, ...], name: str) -> Array:
    if value is None:
        raise ValueError(f"{name} is missing.")
    arr = as_float_array(value, name)
    if arr.shape != shape:
        if arr.size == int(np.prod(shape)) and arr.squeeze().ndim <= 1 and len(shape) == 1:
            arr = arr.reshape(shape)
        else:
            rule = (
                "rows: units of the previous layer, columns: units of this layer" if len(shape) == 2 else "one per unit"
            )
            raise ShapeError(f"{name} is {shape_str(arr.shape)} but this layer needs {shape_str(shape)} ({rule}).")
    check_finite(arr, name)
    return arr.copy()


@dataclass(frozen=True)
class GradientCheck:
    """Backpropagation beside central finite differences, one entry per parameter.

    Attributes
    ----------
    names : list of str
    backprop, numeric, rel_error : ndarray of shape (n_params,)
        ``rel_error = |backprop - numeric| / max(|backprop| + |numeric|, 1e-12)``.
    """

    names: list[str]
    backprop: Array
    numeric: Array
    rel_error: Array


def gradient_check(network: Network, X: ArrayLike, y: ArrayLike, eps: float = 1e-6) -> GradientCheck:
    """Compare :meth:`Network.backward` with central differences of the loss.

    Parameters
    ----------
    network : Network
    X : array_like of shape (n, p)
    y : array_like of shape (n,) or (n, q)
    eps : float
        The step of the differences, in (0, 1].

    Notes
    -----
    .. math:: \\frac{\\partial \\mathcal{L}}{\\partial \\theta_i} \\approx
              \\frac{\\mathcal{L}(\\theta + \\varepsilon e_i) - \\mathcal{L}(\\theta - \\varepsilon e_i)}{2\\varepsilon}
    """
    eps = check_real(eps, "eps", 0, 1, lo_open=True)
    g = network.backward(X, y)
    X, y2 = g.forward.inputs, as_matrix(y, "y")
    backprop = g.flat()
    probe = network.copy()
    theta = network.flat_parameters()
    numeric = np.empty_like(theta)
    for i in range(theta.size):
        losses = []
        for sign in (1.0, -1.0):
            shifted = theta.copy()
            shifted[i] += sign * eps
            probe.set_flat_parameters(shifted)
            losses.append(mse(probe.forward(X).output, y2))
        numeric[i] = (losses[0] - losses[1]) / (2 * eps)
    rel = np.abs(backprop - numeric) / np.maximum(np.abs(backprop) + np.abs(numeric), 1e-12)
    return GradientCheck(names=network.parameter_names(), backprop=backprop, numeric=numeric, rel_error=rel)
