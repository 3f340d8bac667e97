"""The lecture's data sets, reproduced exactly, and seeded synthetic ones.

Only :func:`lecture_network_data` touches NumPy's legacy generator: the lecture draws its X with
``np.random.seed(0); np.random.randn(10000, 3)``, and the app must reproduce that X bit for bit. It uses a
private ``RandomState``, so the global state is never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .network import Network
from .validation import Array, as_float_array, check_finite, check_int, check_real, check_seed

LECTURE_W_TRUE = np.array([1.5, 1.5])
LECTURE_B_TRUE = 0.1

LECTURE_NETWORK_W1 = np.array([[0.25, 0.75], [0.5, 0.5], [0.75, 0.25]])
"""True hidden weights of the lecture's network; column j feeds hidden neuron j."""
LECTURE_NETWORK_W2 = np.array([[2.0], [3.0]])
"""True output weights of the lecture's network."""
LECTURE_NETWORK_INIT_W1 = np.array([[0.2, 0.4], [0.6, 0.8], [1.0, 1.2]])
"""The lecture's initial hidden weights."""
LECTURE_NETWORK_INIT_W2 = np.array([[1.0], [2.0]])
"""The lecture's initial output weights."""
LECTURE_PRINTED_GD = (0.24985576, 0.74987578, 0.5000211, 0.49998626, 0.75018656, 0.25009692, 1.99874327, 3.00125615)
"""The lecture's printed weights after 5000 iterations of its manual backprop, flat: W1 row by row, then W2."""
LECTURE_PRINTED_ADAM = (0.25250572, 0.75124925, 0.49919188, 0.50062895, 0.74790984, 0.2485936, 2.0164018, 2.983464)
"""Keras's printed weights (float32) after 5000 epochs of Adam, in the same order."""
LECTURE_NETWORK_SIZES = (3, 2, 1)
LECTURE_NETWORK_ACTIVATIONS = ("sigmoid", "exponential")
LECTURE_NETWORK_ETA = 0.0005
LECTURE_NETWORK_ITERATIONS = 5000

MAX_ROWS = 100_000
"""Largest data set a generator here will make."""
MAX_FEATURES = 50
"""Most true weights (features) of a synthetic linear data set."""
EXERCISE_MAX_ENTRY = 100
"""Largest absolute entry of a forward-pass exercise."""
MAX_GENERATOR_VALUE = 1e6
"""Largest absolute true weight, bias or noise standard deviation a generator takes (y stays finite)."""


@dataclass(frozen=True)
class Dataset:
    """A regression data set.

    Attributes
    ----------
    X : ndarray of shape (n, p)
    y : ndarray of shape (n, 1)
    name : str
    description : str
    true_weights : list of ndarray
        The weights that generated y, when known (linear: [w (p,)]; network: [W1, W2]).
    true_bias : float or None
        The true bias of a linear data set.
    feature_names : list of str
    """

    X: Array
    y: Array
    name: str
    description: str
    true_weights: list[Array] = field(default_factory=list)
    true_bias: float | None = None
    feature_names: list[str] = field(default_factory=list)


def _names(p: int) -> list[str]:
    return [f"x{j + 1}" for j in range(p)]


def lecture_toy_regression() -> Dataset:
    """The lecture's 12 observations with two features, y = X w_true + b_true (exact, no noise)."""
    X = np.array(
        [
            [1, 2],
            [3, 1],
            [1, 1],
            [0, 1],
            [2, 2],
            [-2, 3],
            [1, 2],
            [-1, -0.5],
            [0.5, 1.2],
            [2, 1],
            [-2, 3],
            [-1, 1],
        ],
        dtype=float,
    )
    y = X @ LECTURE_W_TRUE.reshape(2, 1) + LECTURE_B_TRUE
    return Dataset(
        X=X,
        y=y,
        name="Lecture toy data",
        description="12 observations, p = 2, w_true = (1.5, 1.5), b_true = 0.1",
        true_weights=[LECTURE_W_TRUE.copy()],
        true_bias=LECTURE_B_TRUE,
        feature_names=_names(2),
    )


def lecture_exercise() -> Dataset:
    """The backpropagation exercise: x = (2, 3, 5), y = (7, 10, 16), i.e. y = 3x + 1."""
    return Dataset(
        X=np.array([[2.0], [3.0], [5.0]]),
        y=np.array([[7.0], [10.0], [16.0]]),
        name="Lecture exercise",
        description="x = (2, 3, 5), y = (7, 10, 16): the true model is y = 3x + 1",
        true_weights=[np.array([3.0])],
        true_bias=1.0,
        feature_names=["x"],
    )


def _check_rows(n: int) -> int:
    return check_int(n, "n", 1, MAX_ROWS)


def lecture_network() -> Network:
    """The lecture's 3-2-1 network (sigmoid hidden layer, exponential output, no biases) at its initial weights."""
    return Network(
        LECTURE_NETWORK_SIZES,
        LECTURE_NETWORK_ACTIVATIONS,
        use_bias=False,
        weights=[LECTURE_NETWORK_INIT_W1, LECTURE_NETWORK_INIT_W2],
    )


def lecture_network_data(n: int = 10_000, seed: int = 0, noise: float = 0.0, noise_seed: int | None = None) -> Dataset:
    """The lecture's teacher network: X ~ N(0, 1) of shape (n, 3), y = exp(sigmoid(X W1) W2).

    Parameters
    ----------
    n : int
        Rows; with ``seed = 0`` the X equals ``np.random.seed(0); np.random.randn(n, 3)`` bit for bit.
    seed : int
        Seed of the legacy generator that draws X.
    noise : float
        Standard deviation of Gaussian noise added to y (0: the lecture's exact targets).
    noise_seed : int, optional
        Seed of the noise (default: ``seed``).
    """
    n = _check_rows(n)
    seed = check_seed(seed)
    noise = check_real(noise, "noise", 0, MAX_GENERATOR_VALUE)
    noise_seed = seed if noise_seed is None else check_seed(noise_seed, "noise_seed")
    X = np.random.RandomState(seed).randn(n, 3)
    y = np.exp(1.0 / (1.0 + np.exp(-(X @ LECTURE_NETWORK_W1))) @ LECTURE_NETWORK_W2)
    if noise:
        y = y + np.random.default_rng(noise_seed).normal(0.0, noise, size=y.shape)
    return Dataset(
        X=X,
        y=y,
        name="Lecture network data",
        description=f"{n:,} rows, X ~ N(0, 1) (seed {seed}), y = exp(sigmoid(X W1) W2)"
        + (f" + N(0, {noise:g}^2) noise" if noise else ""),
        true_weights=[LECTURE_NETWORK_W1.copy(), LECTURE_NETWORK_W2.copy()],
        feature_names=_names(3),
    )


def synthetic_regression(
    n: int = 50,
    w: tuple[float, ...] = (2.0,),
    b: float = 1.0,
    noise: float = 0.5,
    seed: int = 0,
) -> Dataset:
    """Seeded linear data y = X w + b + noise with X ~ N(0, 1).

    Parameters
    ----------
    n : int
    w : tuple of float
        True weights; their number sets p.
    b : float
        True bias.
    noise : float
        Standard deviation of the Gaussian noise (0 for exact data).
    seed : int
    """
    n = _check_rows(n)
    w_true = as_float_array(w, "w").reshape(-1)
    if not 1 <= w_true.size <= MAX_FEATURES:
        raise ValueError(f"w must hold from 1 to {MAX_FEATURES} true weights, but it holds {w_true.size}.")
    check_finite(w_true, "w")
    if np.max(np.abs(w_true)) > MAX_GENERATOR_VALUE:
        raise ValueError(f"w must hold numbers from -{MAX_GENERATOR_VALUE:g} to {MAX_GENERATOR_VALUE:g}.")
    b = check_real(b, "b", -MAX_GENERATOR_VALUE, MAX_GENERATOR_VALUE)
    noise = check_real(noise, "noise", 0, MAX_GENERATOR_VALUE)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, w_true.size))
    y = X @ w_true + b + rng.normal(0.0, noise, size=n) if noise else X @ w_true + b
    return Dataset(
        X=X,
        y=y.reshape(-1, 1),
        name="Synthetic linear data",
        description=f"{n} rows, w = {tuple(float(v) for v in w_true)}, b = {b:g}, noise sd = {noise:g}, seed {seed}",
        true_weights=[w_true],
        true_bias=float(b),
        feature_names=_names(w_true.size),
    )


SURFACES: dict[str, tuple[str, Callable[[Array, Array], Array]]] = {
    "plane": ("y = x1 - 2 x2 + 0.5", lambda x1, x2: x1 - 2.0 * x2 + 0.5),
    "saddle": ("y = x1 x2", lambda x1, x2: x1 * x2),
    "ripple": ("y = sin(2 x1) + cos(2 x2)", lambda x1, x2: np.sin(2.0 * x1) + np.cos(2.0 * x2)),
    "bump": ("y = exp(-(x1^2 + x2^2))", lambda x1, x2: np.exp(-(x1 * x1 + x2 * x2))),
}
"""Two-input target functions for the 2-3-1 network: name -> (formula, function)."""


def synthetic_surface(name: str = "saddle", n: int = 500, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Seeded two-input data: X uniform on [-2, 2]^2 and y from one of :data:`SURFACES`."""
    if not isinstance(name, str) or name not in SURFACES:
        raise ValueError(f"Unknown target {name!r:.40}; choose one of: {', '.join(SURFACES)}.")
    n = _check_rows(n)
    noise = check_real(noise, "noise", 0, MAX_GENERATOR_VALUE)
    rng = np.random.default_rng(check_seed(seed))
    X = rng.uniform(-2.0, 2.0, size=(n, 2))
    formula, f = SURFACES[name]
    y = f(X[:, 0], X[:, 1])
    if noise:
        y = y + rng.normal(0.0, noise, size=n)
    return Dataset(
        X=X,
        y=y.reshape(-1, 1),
        name=f"Synthetic surface: {name}",
        description=f"{n} rows, x uniform on [-2, 2]^2, {formula}" + (f", noise sd = {noise:g}" if noise else ""),
        feature_names=_names(2),
    )


def random_dense_exercise(
    seed: int, n: int = 2, p: int = 3, q: int = 1, low: int = -3, high: int = 5
) -> tuple[Array, Array, Array]:
    """A forward-pass exercise of small integers: X (n, p), W (p, q) and b (n, q), repeatable by seed."""
    n, p, q = (check_int(size, label, 1, 8) for label, size in (("n", n), ("p", p), ("q", q)))
    low = check_int(low, "low", -EXERCISE_MAX_ENTRY, EXERCISE_MAX_ENTRY)
    high = check_int(high, "high", low, EXERCISE_MAX_ENTRY)
    rng = np.random.default_rng(check_seed(seed))
    X = rng.integers(low, high + 1, size=(n, p)).astype(float)
    W = rng.integers(low, high + 1, size=(p, q)).astype(float)
    b = np.repeat(rng.integers(low, high + 1, size=(1, q)), n, axis=0).astype(float)
    return X, W, b
