"""The network trainer's code for the screen: the lecture's manual backprop loop, and its Keras model.

:func:`numpy_code` generalises the lecture's loop (forward pass, deltas from the output layer down, batch-mean
gradients, an update) to the current network and optimizer; run alone, with NumPy only, it prints the final
weights and biases and the final MSE the page shows (to 1e-9: every operation is the one nnmath does, in the
same order). :func:`keras_code` is the lecture's Keras model (Input, Dense, Model, ``Constant`` initial
weights, ``model.fit`` with the whole data as one batch) for the same network and optimizer.

Registries, not chains: the code of each activation, target surface and optimizer update is an entry of a
table below, keyed as nnmath keys them (a test checks that every nnmath entry has one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

import nnmath as nm
from nnmath import datasets
from nnmath.activations import LEAKY_SLOPE

ACTIVATION_CODE: dict[str, tuple[str, str]] = {
    "linear": ("z", "np.ones_like(z)"),
    "sigmoid": ("1 / (1 + np.exp(-z))", "a * (1 - a)"),
    "tanh": ("np.tanh(z)", "1 - a * a"),
    "relu": ("np.maximum(z, 0.0)", "(z > 0) * 1.0"),
    "leaky_relu": (f"np.where(z > 0, z, {LEAKY_SLOPE} * z)", f"np.where(z > 0, 1.0, {LEAKY_SLOPE})"),
    "elu": ("np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))", "np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))"),
    "softplus": ("np.logaddexp(0.0, z)", "1 / (1 + np.exp(-z))"),
    "exponential": ("np.exp(z)", "a"),
}
"""Activation -> (f(z), f'(z) given z and a = f(z)), as NumPy expressions."""

KERAS_ACTIVATIONS: dict[str, str] = {
    "leaky_relu": f"lambda z: keras.activations.leaky_relu(z, negative_slope={LEAKY_SLOPE})",
}
"""Activations whose Keras name alone would mean other constants (Keras's leaky ReLU slope is 0.2)."""

SURFACE_CODE: dict[str, str] = {
    "plane": "x1 - 2.0 * x2 + 0.5",
    "saddle": "x1 * x2",
    "ripple": "np.sin(2.0 * x1) + np.cos(2.0 * x2)",
    "bump": "np.exp(-(x1 * x1 + x2 * x2))",
}
"""Target surface (nnmath.datasets.SURFACES) -> y as a NumPy expression in x1 and x2."""

UPDATE_CODE: dict[str, tuple[str, str]] = {
    "GD": (
        "",
        """    # Update every weight and bias: plain gradient descent
    for p, g in zip(params, grads):
        p -= eta * g""",
    ),
    "Momentum": (
        "velocity = [np.zeros_like(p) for p in params]",
        """    # Update every weight and bias: momentum, as Keras's SGD writes it
    for p, g, v_p in zip(params, grads, velocity):
        v_p *= momentum
        v_p -= eta * g
        p += v_p""",
    ),
    "RMSprop": (
        "v = [np.zeros_like(p) for p in params]",
        """    # Update every weight and bias: RMSprop, as Keras writes it
    for p, g, v_p in zip(params, grads, v):
        v_p *= rho
        v_p += (1 - rho) * (g * g)
        p -= learning_rate * g / np.sqrt(v_p + epsilon)""",
    ),
    "Adam": (
        "m = [np.zeros_like(p) for p in params]\nv = [np.zeros_like(p) for p in params]",
        """    # Update every weight and bias: Adam, as Keras writes it
    # (its bias correction is in the step size alpha)
    alpha = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    for p, g, m_p, v_p in zip(params, grads, m, v):
        m_p += (g - m_p) * (1 - beta_1)
        v_p += (g * g - v_p) * (1 - beta_2)
        p -= alpha * m_p / (np.sqrt(v_p) + epsilon)""",
    ),
}
"""Optimizer -> (its state, created before the loop; its update of ``params`` given ``grads`` in the loop).
The hyperparameters are variables named as the optimizer's PARAMS."""

PRINT_DECIMALS = 12
"""Decimals the code prints: enough to compare with the page's numbers to 1e-9."""


class NetworkSettings(Protocol):
    """A network and its start, as services.trainer describes it."""

    @property
    def sizes(self) -> tuple[int, ...]: ...
    @property
    def activations(self) -> tuple[str, ...]: ...
    @property
    def use_bias(self) -> bool: ...
    @property
    def init(self) -> str: ...
    @property
    def init_seed(self) -> int: ...
    @property
    def typed_weights(self) -> tuple[tuple[tuple[float, ...], ...], ...] | None: ...


@dataclass(frozen=True)
class DataRecipe:
    """Where the data comes from: "teacher" (the lecture's), "surface" or "csv" (with its column names)."""

    source: str
    rows: int = 0
    seed: int = 0
    noise: float = 0.0
    surface: str = ""
    features: tuple[str, ...] = ()
    target: str = ""


def _array(values: np.ndarray) -> str:
    return f"np.array({np.asarray(values, dtype=float).tolist()!r})"


def data_code(data: DataRecipe) -> str:
    """The lines that make X (n, p) and y (n, 1)."""
    if data.source == "teacher":
        lines = [
            "# The lecture's data: the output of a teacher network",
            f"np.random.seed({data.seed})",
            f"X = np.random.randn({data.rows}, 3)",
            f"W1_true = {_array(datasets.LECTURE_NETWORK_W1)}",
            f"W2_true = {_array(datasets.LECTURE_NETWORK_W2)}",
            "y = np.exp(1 / (1 + np.exp(-(X @ W1_true))) @ W2_true)",
        ]
        if data.noise:
            lines.append(f"y = y + np.random.default_rng({data.seed}).normal(0.0, {data.noise!r}, size=y.shape)")
        return "\n".join(lines)
    if data.source == "surface":
        lines = [
            f"# Synthetic data: x uniform on [-2, 2]^2, {datasets.SURFACES[data.surface][0]}",
            f"rng = np.random.default_rng({data.seed})",
            f"X = rng.uniform(-2.0, 2.0, size=({data.rows}, 2))",
            "x1, x2 = X[:, 0], X[:, 1]",
            f"y = {SURFACE_CODE[data.surface]}",
        ]
        if data.noise:
            lines.append(f"y = y + rng.normal(0.0, {data.noise!r}, size={data.rows})")
        return "\n".join([*lines, "y = y.reshape(-1, 1)"])
    return "\n".join(
        [
            f"# Your CSV, saved as data.csv: features {', '.join(data.features)}; target {data.target}",
            'with open("data.csv", encoding="utf-8") as f:',
            '    header = f.readline().strip().split(",")',
            'table = np.loadtxt("data.csv", delimiter=",", skiprows=1, ndmin=2)',
            f"X = table[:, [header.index(name) for name in {list(data.features)!r}]]",
            f"y = table[:, [header.index({data.target!r})]]",
        ]
    )


def _initial_weights(net: NetworkSettings) -> list[np.ndarray | None]:
    """Each layer's initial weights when they are fixed numbers (typed, or the lecture's), else None (random)."""
    shapes = list(zip(net.sizes[:-1], net.sizes[1:], strict=True))
    if net.typed_weights is not None:
        return [np.array(w, dtype=float) for w in net.typed_weights]
    fixed: list[np.ndarray | None] = [None] * len(shapes)
    if net.init == "lecture":
        for k, lecture in enumerate((datasets.LECTURE_NETWORK_INIT_W1, datasets.LECTURE_NETWORK_INIT_W2)):
            if k < len(shapes) and shapes[k] == lecture.shape:
                fixed[k] = lecture
    return fixed


def weights_code(net: NetworkSettings, biases: bool = True) -> str:
    """The lines that make ``weights`` (each (n_in, n_out)) and, with ``biases``, ``biases`` (each (n_out,))."""
    fixed = _initial_weights(net)
    lines = ["# Initial weights"]
    if any(w is None for w in fixed):
        lines += [
            "# Glorot uniform, as Keras initialises a Dense layer",
            f"rng = np.random.default_rng({net.init_seed})",
            f"sizes = {list(net.sizes)!r}",
            "weights = []",
            "for n_in, n_out in zip(sizes[:-1], sizes[1:]):",
            "    limit = np.sqrt(6.0 / (n_in + n_out))",
            "    weights.append(rng.uniform(-limit, limit, size=(n_in, n_out)))",
        ]
        lines += [f"weights[{k}] = {_array(w)}" for k, w in enumerate(fixed) if w is not None]
    else:
        lines += [f"W{k + 1} = {_array(w)}" for k, w in enumerate(fixed) if w is not None]
        lines.append("weights = [" + ", ".join(f"W{k + 1}" for k in range(len(fixed))) + "]")
    if net.use_bias and biases:
        lines.append("biases = [np.zeros(W.shape[1]) for W in weights]")
    return "\n".join(lines)


def _activation_functions(activations: Sequence[str]) -> str:
    out = []
    for name in dict.fromkeys(activations):
        fn, grad = ACTIVATION_CODE[name]
        out.append(f"def {name}(z):\n    return {fn}\n\n\ndef {name}_grad(z, a):\n    return {grad}")
    return "\n\n\n".join(out)


def _hyperparameters(values: Mapping[str, float]) -> str:
    return "\n".join(f"{name} = {float(value)!r}" for name, value in values.items())


def numpy_code(
    data: DataRecipe, net: NetworkSettings, optimizer: str, values: Mapping[str, float], iterations: int
) -> str:
    """NumPy code that trains ``net`` on ``data`` with ``optimizer`` (its hyperparameters ``values``) and prints
    the final weights (and biases), layer by layer, and the final MSE."""
    if optimizer not in UPDATE_CODE:
        raise ValueError(f"no NumPy code for the optimizer {optimizer!r} yet; the Keras code below trains it")
    state, update = UPDATE_CODE[optimizer]
    bias = net.use_bias
    params = "[p for W, b in zip(weights, biases) for p in (W, b)]" if bias else "weights"
    plus_b = " + biases[k]" if bias else ""
    bias_grad = "        grads_b[k] = np.mean(delta, axis=0)\n" if bias else ""
    grads = "[g for gW, gb in zip(grads_W, grads_b) for g in (gW, gb)]" if bias else "grads_W"
    label = nm.OPTIMIZERS[optimizer].label if optimizer in nm.OPTIMIZERS else optimizer
    return f"""import numpy as np

np.set_printoptions(precision={PRINT_DECIMALS})

{data_code(data)}

{weights_code(net)}


{_activation_functions(net.activations)}


f = [{", ".join(net.activations)}]  # the activation of each layer
f_grad = [{", ".join(f"{a}_grad" for a in net.activations)}]

# {label}: its hyperparameters and state
{_hyperparameters(values)}
params = {params}
{state}

num_iterations = {iterations}
losses = []
for t in range(1, num_iterations + 1):
    # Forward pass: z = a W{" + b" if bias else ""} and a = f(z), layer by layer
    a = [X]
    z = []
    for k in range(len(weights)):
        z.append(a[k] @ weights[k]{plus_b})
        a.append(f[k](z[k]))
    y_hat = a[-1]
    losses.append(np.mean((y_hat - y) ** 2))

    # Backward pass: the output delta, then each layer's from above
    delta = 2 * (y_hat - y) * f_grad[-1](z[-1], a[-1])
    grads_W = [None] * len(weights)
{"    grads_b = [None] * len(weights)" + chr(10) if bias else ""}    for k in reversed(range(len(weights))):
        grads_W[k] = a[k].T @ delta / len(y)  # a batch mean
{bias_grad}        if k > 0:
            upstream = np.dot(delta, weights[k].T)
            delta = upstream * f_grad[k - 1](z[k - 1], a[k])
    grads = {grads}

{update}

y_hat = X
for k in range(len(weights)):
    y_hat = f[k](y_hat @ weights[k]{plus_b})
print("Final weights{" and biases" if bias else ""}, layer by layer:")
for p in params:
    print(p)
print("Final MSE:", np.mean((y_hat - y) ** 2))
"""


def keras_code(
    data: DataRecipe, net: NetworkSettings, optimizer: str, values: Mapping[str, float], iterations: int
) -> str:
    """The lecture's Keras model of ``net``, compiled with ``optimizer`` and fitted on the whole data as one batch."""
    keras_optimizer = nm.make_optimizer(optimizer, **values).keras_code()
    layers = []
    previous = "x"
    for k, (units, activation) in enumerate(zip(net.sizes[1:], net.activations, strict=True)):
        name = "y_hat" if k == len(net.activations) - 1 else f"a{k + 1}"
        act = KERAS_ACTIVATIONS.get(activation, f'"{activation}"')
        bias = "" if net.use_bias else ", use_bias=False"
        layers.append(
            f"{name} = Dense({units}, {act}{bias},\n{' ' * 4}kernel_initializer=Constant(weights[{k}]))({previous})"
        )
        previous = name
    layer_lines = "\n".join(layers)
    return f"""import numpy as np
import keras
from keras.initializers import Constant
from keras.layers import Dense, Input
from keras.models import Model

{data_code(data)}

{weights_code(net, biases=False)}

# Build the neural network{" (biases start at zero)" if net.use_bias else " (no biases)"}
x = Input(shape=X.shape[1:], name="Inputs")
{layer_lines}
model = Model(x, y_hat)

# Choosing the optimiser and the loss function
model.compile(optimizer={keras_optimizer}, loss="mse")

# Model training: one update per epoch, on the whole data
hist = model.fit(X, y, epochs={iterations}, verbose=0, batch_size=len(y))

# Print out the weights
print(model.get_weights())
"""
