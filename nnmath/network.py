"""A dense feed-forward network with its forward pass and backpropagation, batch-first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import ArrayLike

from .activations import Activation, get_activation
from .losses import mse
from .validation import Array, ShapeError, as_data, as_float_array, as_matrix, check_finite, shape_str


@dataclass(frozen=True)
class ForwardPass:
    """Every layer's pre-activation and activation for a batch.

    Attributes
    ----------
    inputs : ndarray of shape (n, p)
    z : list of ndarray
        ``z[k]`` of shape (n, sizes[k + 1]): layer k's weighted sums z = a_prev W + b.
    a : list of ndarray
        ``a[k] = f_k(z[k])``; ``a[-1]`` is the prediction y_hat.
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
        loss (1/q) sum_j (y_hat_ij - y_ij)^2 with respect to layer k's z (the lecture's delta).
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


class Network:
    """A dense network: layer k maps (n, sizes[k]) to (n, sizes[k + 1]) by a = f_k(a_prev W_k + b_k).

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first: the lecture's network is ``(3, 2, 1)``.
    activations : sequence of str
        One activation name per layer after the input (``len(sizes) - 1`` of them).
    use_bias : bool
        Whether the layers have biases (the lecture's network has none).
    weights : sequence of array_like, optional
        ``weights[k]`` of shape (sizes[k], sizes[k + 1]); default: Glorot-uniform like Keras.
    biases : sequence of array_like, optional
        ``biases[k]`` of shape (sizes[k + 1],); default zeros.
    seed : int or numpy.random.Generator, optional
        For the default initialisation.
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
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2:
            raise ValueError("A network needs at least an input size and an output size.")
        if any(s < 1 for s in sizes):
            raise ValueError(f"Every layer needs at least one unit, but the sizes are {sizes}.")
        activations = list(activations)
        if len(activations) != len(sizes) - 1:
            raise ValueError(
                f"sizes {sizes} describe {len(sizes) - 1} layers but {len(activations)} activations "
                "were given: give one activation per layer after the input."
            )
        self.sizes = sizes
        self.layers: list[Activation] = [get_activation(name) for name in activations]
        self.use_bias = bool(use_bias)
        rng = np.random.default_rng(seed)
        shapes = list(pairwise(sizes))
        if weights is None:
            self.weights = [_glorot_uniform(rng, n_in, n_out) for n_in, n_out in shapes]
        else:
            if len(weights) != len(shapes):
                raise ValueError(f"{len(weights)} weight matrices were given for {len(shapes)} layers.")
            self.weights = [_checked(w, shape, f"W{k + 1}") for k, (w, shape) in enumerate(zip(weights, shapes))]
        self.biases: list[Array | None]
        if not self.use_bias:
            self.biases = [None] * len(shapes)
        elif biases is None:
            self.biases = [np.zeros(n_out) for _, n_out in shapes]
        else:
            if len(biases) != len(shapes):
                raise ValueError(f"{len(biases)} bias vectors were given for {len(shapes)} layers.")
            self.biases = [_checked(b, (n_out,), f"b{k + 1}") for k, (b, (_, n_out)) in enumerate(zip(biases, shapes))]

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
        for W, b in zip(self.weights, self.biases):
            out.append(W)
            if b is not None:
                out.append(b)
        return out

    def set_parameters(self, params: Sequence[Array]) -> None:
        """Replace the parameters, in the order of :meth:`parameters`."""
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
        for k, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
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
            biases=[b.copy() for b in self.biases] if self.use_bias else None,  # type: ignore[union-attr]
        )

    def _inputs(self, X: ArrayLike) -> Array:
        X = as_matrix(X, "X")
        check_finite(X, "X")
        if X.shape[1] != self.sizes[0]:
            raise ShapeError(
                f"X is {shape_str(X.shape)} but the network takes {self.sizes[0]} inputs: "
                "columns of X must equal the input size."
            )
        return X

    def forward(self, X: ArrayLike) -> ForwardPass:
        """Run the batch X of shape (n, p) through every layer.

        Notes
        -----
        .. math:: z^{(k)} = a^{(k-1)} W^{(k)} + b^{(k)}, \\qquad a^{(k)} = f_k(z^{(k)}), \\qquad a^{(0)} = X
        """
        return self._forward(self._inputs(X))

    def _forward(self, X: Array, workspace: Workspace | None = None) -> ForwardPass:
        ws = Workspace() if workspace is None else workspace
        n = X.shape[0]
        zs: list[Array] = []
        acts: list[Array] = []
        a = X
        with np.errstate(over="ignore", invalid="ignore"):
            for k, (W, b, layer) in enumerate(zip(self.weights, self.biases, self.layers)):
                z = np.matmul(a, W, out=ws.get(("z", k), (n, W.shape[1])))
                if b is not None:
                    z += b
                a = ws.get(("a", k), z.shape)
                layer.apply_into(z, a)
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

        Notes
        -----
        With per-observation deltas (the lecture's equation 3):

        .. math:: \\delta^{(H+1)} = \\tfrac{2}{q}(\\hat{y} - y) \\odot f'_{H+1}(z^{(H+1)}), \\qquad
                  \\delta^{(k)} = \\bigl(\\delta^{(k+1)} W^{(k+1)\\top}\\bigr) \\odot f'_k(z^{(k)}),

        .. math:: \\frac{\\partial \\mathcal{L}}{\\partial W^{(k)}} = \\frac{1}{n} a^{(k-1)\\top} \\delta^{(k)},
                  \\qquad \\frac{\\partial \\mathcal{L}}{\\partial b^{(k)}} = \\frac{1}{n} 1^\\top \\delta^{(k)}.
        """
        X, y2 = as_data(X, y)
        X = self._inputs(X)
        if y2.shape[1] != self.sizes[-1]:
            raise ShapeError(
                f"y is {shape_str(y2.shape)} but the network has {self.sizes[-1]} outputs: "
                "columns of y must equal the output size."
            )
        return self._backward(X, y2)

    def _backward(self, X: Array, y: Array, workspace: Workspace | None = None) -> Gradients:
        ws = Workspace() if workspace is None else workspace
        fp = self._forward(X, ws)
        n, q = y.shape
        with np.errstate(over="ignore", invalid="ignore"):
            upstream = np.subtract(fp.a[-1], y, out=ws.get("residual", y.shape))
            loss = float(np.einsum("ij,ij->", upstream, upstream)) / (n * q)
            upstream *= 2.0 / q
            deltas: list[Array] = [np.empty(0)] * len(self.layers)
            dW: list[Array] = [np.empty(0)] * len(self.layers)
            db: list[Array | None] = [None] * len(self.layers)
            for k in range(len(self.layers) - 1, -1, -1):
                delta = ws.get(("delta", k), fp.z[k].shape)
                self.layers[k].vjp_into(fp.z[k], fp.a[k], upstream, delta)
                deltas[k] = delta
                a_prev = fp.a[k - 1] if k > 0 else X
                dW[k] = (a_prev.T @ delta) / n
                if self.biases[k] is not None:
                    db[k] = delta.sum(axis=0) / n
                if k > 0:
                    upstream = _times_transpose(delta, self.weights[k], ws.get(("upstream", k), fp.a[k - 1].shape))
        return Gradients(loss=loss, deltas=deltas, dW=dW, db=db, forward=fp)

    def gradients(self, X: Array, y: Array, workspace: Workspace | None = None) -> tuple[float, list[Array]]:
        """Loss and the gradients in the order of :meth:`parameters`, for trusted float64 (n, p), (n, q).

        Passing the same :class:`Workspace` on every call reuses its arrays instead of allocating new ones.
        """
        g = self._backward(X, y, workspace)
        return g.loss, [a for pair in zip(g.dW, g.db) for a in pair if a is not None]


class Workspace:
    """Arrays reused from one training iteration to the next, so the loop allocates no large temporaries."""

    def __init__(self) -> None:
        self._arrays: dict[object, Array] = {}

    def get(self, key: object, shape: tuple[int, ...]) -> Array:
        """An uninitialised float64 array of ``shape`` kept under ``key``."""
        arr = self._arrays.get(key)
        if arr is None or arr.shape != shape:
            arr = self._arrays[key] = np.empty(shape)
        return arr


def _times_transpose(delta: Array, W: Array, out: Array) -> Array:
    """delta W^T into ``out``; a one-column delta is a broadcast product (faster than BLAS for it)."""
    if W.shape[1] == 1:
        return np.multiply(delta, W[:, 0], out=out)
    return np.matmul(delta, W.T, out=out)


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

    Notes
    -----
    .. math:: \\frac{\\partial \\mathcal{L}}{\\partial \\theta_i} \\approx
              \\frac{\\mathcal{L}(\\theta + \\varepsilon e_i) - \\mathcal{L}(\\theta - \\varepsilon e_i)}{2\\varepsilon}
    """
    X, y2 = as_data(X, y)
    g = network.backward(X, y2)
    backprop = np.concatenate([a.ravel() for pair in zip(g.dW, g.db) for a in pair if a is not None])
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
