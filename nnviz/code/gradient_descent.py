"""The gradient-descent playground's run as NumPy code in the lecture's style (its ``lr_gradient_descent``).

The code holds the data (or says how to load it), the settings on screen and the chosen optimizer's update,
runs the loop with nnmath's semantics (one shuffle per epoch from ``np.random.default_rng([seed, epoch])``,
``N // batch_size`` batches, the tolerance checked on the batch MSE before each update, a run stopped as
diverged when its loss passes 1e12 or stops being finite) and prints the numbers the page shows: the shown
update's w, b, MSE and gradients, and the run's last.

Pure functions of plain values: settings in, Python source out.
"""

from __future__ import annotations

from collections.abc import Sequence
from textwrap import dedent, indent

import numpy as np
from numpy.typing import ArrayLike

INLINE_ROWS = 200
"""Uploaded data up to this many rows is written into the code; larger data is loaded from the file."""
DIVERGENCE_LOSS = 1e12
"""nnmath.descent.DIVERGENCE_LOSS: a run whose loss passes this is stopped as diverged."""

OPTIMIZER_CODE: dict[str, tuple[str, str]] = {
    "GD": (
        "",
        """\
        w = w - eta * dw
        b = b - eta * db
        """,
    ),
    "Momentum": (
        """\
        v_w, v_b = np.zeros_like(w), 0.0  # velocity
        """,
        """\
        v_w = momentum * v_w - eta * dw
        v_b = momentum * v_b - eta * db
        w = w + v_w
        b = b + v_b
        """,
    ),
    "RMSprop": (
        """\
        s_w, s_b = np.zeros_like(w), 0.0  # running average of squared gradients
        """,
        """\
        s_w = rho * s_w + (1 - rho) * dw**2
        s_b = rho * s_b + (1 - rho) * db**2
        w = w - eta * dw / np.sqrt(s_w + epsilon)
        b = b - eta * db / np.sqrt(s_b + epsilon)
        """,
    ),
    "Adam": (
        """\
        m_w, m_b = np.zeros_like(w), 0.0  # first moment
        v_w, v_b = np.zeros_like(w), 0.0  # second moment
        t = 0
        """,
        """\
        t += 1
        m_w = m_w + (dw - m_w) * (1 - beta_1)
        m_b = m_b + (db - m_b) * (1 - beta_1)
        v_w = v_w + (dw**2 - v_w) * (1 - beta_2)
        v_b = v_b + (db**2 - v_b) * (1 - beta_2)
        alpha = eta * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w = w - alpha * m_w / (np.sqrt(v_w) + epsilon)
        b = b - alpha * m_b / (np.sqrt(v_b) + epsilon)
        """,
    ),
}
"""Optimizer name (nnmath's registry) -> (its state before the loop, its update of w and b), as Keras writes it."""


def _array(values: ArrayLike) -> str:
    """A NumPy array literal with every float written exactly (repr)."""
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    body = ",\n    ".join("[" + ", ".join(repr(float(v)) for v in row) + "]" for row in rows)
    return f"np.array([\n    {body},\n])"


def lecture_data(X: ArrayLike, w_true: ArrayLike, b_true: float) -> str:
    """The lecture's toy data, written as the lecture writes it: X, then y = X w_true + b_true."""
    w = ", ".join(f"[{float(v)!r}]" for v in np.ravel(w_true))
    return (
        "# The lecture's toy data: 12 observations, y = X w_true + b_true\n"
        f"X = {_array(X)}\n"
        f"w_true = np.array([{w}])\n"
        f"b_true = {float(b_true)!r}\n"
        "y = X @ w_true + b_true\n"
    )


def exercise_data() -> str:
    """The backprop exercise's three points."""
    return (
        "# The exercise: x = (2, 3, 5), y = (7, 10, 16)\n"
        "X = np.array([[2.0], [3.0], [5.0]])\n"
        "y = np.array([[7.0], [10.0], [16.0]])\n"
    )


def synthetic_data(n: int, w: Sequence[float], b: float, noise: float, seed: int) -> str:
    """Seeded synthetic data, drawn exactly as nnmath.datasets.synthetic_regression draws it."""
    w_text = ", ".join(repr(float(v)) for v in w)
    noise_term = f" + rng.normal(0.0, {float(noise)!r}, size={n})" if noise else ""
    return (
        f"# Synthetic data: {n} rows, y = X w_true + b_true + noise (sd {noise:g}), seed {seed}\n"
        f"rng = np.random.default_rng({seed})\n"
        f"X = rng.normal(size=({n}, {len(w)}))\n"
        f"w_true = np.array([{w_text}])\n"
        f"y = (X @ w_true + {float(b)!r}{noise_term}).reshape(-1, 1)\n"
    )


def uploaded_data(X: ArrayLike, y: ArrayLike, features: Sequence[str], target: str) -> str:
    """Uploaded data: written out up to INLINE_ROWS rows, otherwise loaded from the CSV by its column names."""
    X = np.asarray(X, dtype=float)
    if X.shape[0] <= INLINE_ROWS:
        return (
            f"# Your CSV: features {', '.join(features)}; target {target}\n"
            f"X = {_array(X)}\n"
            f"y = {_array(np.ravel(y))}.reshape(-1, 1)\n"
        )
    return (
        f"# Your CSV has {X.shape[0]:,} rows, too many to write here: load it from the file you uploaded.\n"
        'csv_file = "data.csv"  # the path of your file\n'
        "header = open(csv_file).readline().strip().split(',')\n"
        "table = np.loadtxt(csv_file, delimiter=',', skiprows=1, ndmin=2)\n"
        f"X = table[:, [header.index(name) for name in {list(features)!r}]]\n"
        f"y = table[:, [header.index({target!r})]]\n"
    )


def numpy_code(
    data: str,
    *,
    eta: float,
    batch_size: int | None,
    w0: Sequence[float],
    b0: float,
    epochs: int,
    tol: float,
    shuffle: bool,
    seed: int,
    optimizer: str,
    params: Sequence[tuple[str, float]] = (),
    shown: int = 0,
) -> str:
    """The whole program: ``data`` (one of the ``*_data`` functions), the settings, the loop, the printed numbers.

    ``batch_size`` None is batch gradient descent (every row); ``params`` are the optimizer's parameters other
    than the learning rate, by their nnmath names; ``shown`` is the update on screen.
    """
    init, update = OPTIMIZER_CODE[optimizer]
    w0_text = ", ".join(f"[{float(v)!r}]" for v in w0)
    rows = "len(X)  # batch GD: every row" if batch_size is None else f"{batch_size}  # rows per batch N"
    settings = [
        f"eta = {float(eta)!r}  # learning rate",
        f"batch_size = {rows}",
        f"max_iter = {epochs}  # epochs (passes over the data)",
        f"tol = {float(tol)!r}  # stop when the batch MSE changes by less than this",
        f"shuffle = {bool(shuffle)}  # shuffle the rows every epoch",
        f"seed = {seed}  # the shuffles: np.random.default_rng([seed, epoch])",
        *(f"{name} = {float(value)!r}" for name, value in params),
        f"w0 = np.array([{w0_text}])  # initial weights",
        f"b0 = {float(b0)!r}  # initial bias",
        f"shown = {shown}  # the update on screen",
    ]
    loop = f'''\
def mse(y_pred, y_true):
    return np.mean((y_pred - y_true) ** 2)


def show(what, w, b, loss):
    print(f"{{what}}: w = {{w.ravel().tolist()}}, b = {{float(b)!r}}, full-data MSE = {{float(loss)!r}}")


def lr_gradient_descent(X, y, batch_size, eta, w, b, max_iter, tol):
    """{optimizer} on the MSE of y = Xw + b; every update's (w, b, full-data MSE, dw, db) and why it stopped."""
    N, p = X.shape
    batch_size = min(N, batch_size)
    num_batches = N // batch_size
    history = [(w, b, mse(X @ w + b, y), None, None)]
    prev_error = np.inf
{indent(dedent(init), "    ")}    for epoch in range(1, max_iter + 1):
        if shuffle and batch_size < N:
            indices = np.random.default_rng([seed, epoch]).permutation(N)
        else:
            indices = np.arange(N)
        for batch in range(num_batches):
            rows = indices[batch * batch_size : (batch + 1) * batch_size]
            X_batch, y_batch = X[rows], y[rows]
            y_hat = X_batch @ w + b
            error = mse(y_hat, y_batch)
            if np.abs(error - prev_error) < tol:
                return history, "the batch MSE changed by less than tol"
            prev_error = error
            dw = 2 / batch_size * X_batch.T @ (y_hat - y_batch)
            db = 2 / batch_size * np.sum(y_hat - y_batch)
{indent(dedent(update), "            ")}            loss = mse(X @ w + b, y)
            if not (np.isfinite(loss) and np.all(np.isfinite(w)) and np.isfinite(b)):
                return history, "diverged"
            history.append((w, b, loss, dw, db))
            if loss > {DIVERGENCE_LOSS:g}:
                return history, "diverged"
    return history, "max_iter epochs done"


history, stop = lr_gradient_descent(X, y, batch_size, eta, w0, b0, max_iter, tol)
k = len(history) - 1
t = min(shown, k)
w, b, loss, dw, db = history[t]
show(f"update {{t}} of {{k}}", w, b, loss)
if dw is not None:
    print(f"  its gradients: dL/dw = {{dw.ravel().tolist()}}, dL/db = {{float(db)!r}}")
show(f"stopped ({{stop}}) after {{k}} updates", *history[-1][:3])
'''
    return "import numpy as np\n\n" + data + "\n" + "\n".join(settings) + "\n\n\n" + loop
