"""Gradient descent for linear regression: batch, mini-batch and stochastic, as the lecture writes it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .limits import MAX_GD_WORK, check_updates, check_work
from .surfaces import linreg_stats
from .validation import Array, ShapeError, as_data, as_float_array, check_positive, shape_str

DIVERGENCE_LOSS = 1e12
"""A run whose loss passes this (or becomes non-finite) is stopped as diverged."""

STOP_REASONS = ("tol", "max_iter", "diverged")


def _batch_gradients(Xb: Array, yb: Array, w: Array, b: float) -> tuple[Array, float, Array, float]:
    """Predictions, batch MSE and the gradients (dw, db) of one batch; shapes (N,), (), (p,), ()."""
    y_hat = Xb @ w + b
    r = y_hat - yb
    n = yb.shape[0]
    return y_hat, float(r @ r) / n, 2.0 / n * (Xb.T @ r), 2.0 / n * float(r.sum())


def _one_target(y: Array) -> Array:
    if y.shape[1] != 1:
        raise ShapeError(f"y is {shape_str(y.shape)}: linear regression needs one target column.")
    return y[:, 0]


def _initial_weights(w0: ArrayLike | None, p: int) -> Array:
    if w0 is None:
        return np.ones(p)
    w = as_float_array(w0, "w0").reshape(-1)
    if w.shape != (p,):
        raise ShapeError(f"w0 has {w.size} entries but X has {p} columns: they must match.")
    if not np.all(np.isfinite(w)):
        raise ValueError("w0 contains a missing or infinite value; use finite numbers.")
    return w


def linreg_gradients(X: ArrayLike, y: ArrayLike, w: ArrayLike, b: float) -> tuple[Array, float]:
    """The lecture's Step 3: gradients of the MSE of a linear model on one batch.

    Parameters
    ----------
    X : array_like of shape (N, p)
    y : array_like of shape (N,) or (N, 1)
    w : array_like of shape (p,) or (p, 1)
    b : float

    Returns
    -------
    dw : ndarray of shape (p, 1)
    db : float

    Notes
    -----
    .. math:: \\frac{\\partial \\mathcal{L}}{\\partial \\boldsymbol{w}} = \\frac{2}{N} \\boldsymbol{X}^\\top
              (\\hat{\\boldsymbol{y}} - \\boldsymbol{y}), \\qquad
              \\frac{\\partial \\mathcal{L}}{\\partial b} = \\frac{2}{N} \\boldsymbol{1}^\\top
              (\\hat{\\boldsymbol{y}} - \\boldsymbol{y})
    """
    X, y2 = as_data(X, y)
    w_vec = _initial_weights(w, X.shape[1])
    _, _, dw, db = _batch_gradients(X, _one_target(y2), w_vec, float(b))
    return dw.reshape(-1, 1), db


@dataclass(frozen=True)
class GDHistory:
    """Every update of one gradient-descent run; row 0 is the start, row t is update t.

    Attributes
    ----------
    w : ndarray of shape (k + 1, p)
        Weights after each update (row 0: w(0)).
    b : ndarray of shape (k + 1,)
        Bias after each update.
    loss : ndarray of shape (k + 1,)
        Full-data MSE at w[t], b[t].
    batch_loss : ndarray of shape (k + 1,)
        MSE of update t's batch at w[t-1], b[t-1] (row 0: NaN).
    dw : ndarray of shape (k + 1, p)
        Gradient used by update t (row 0: NaN).
    db : ndarray of shape (k + 1,)
        Bias gradient used by update t (row 0: NaN).
    batch_rows : ndarray of shape (k + 1, batch_size)
        Row indices (from 0) of update t's batch (row 0: -1).
    epoch : ndarray of shape (k + 1,)
        Epoch (from 1) of update t (row 0: 0).
    stop_reason : {"tol", "max_iter", "diverged"}
    eta : float
    batch_size : int
    """

    w: Array
    b: Array
    loss: Array
    batch_loss: Array
    dw: Array
    db: Array
    batch_rows: np.ndarray
    epoch: np.ndarray
    stop_reason: str
    eta: float
    batch_size: int

    @property
    def n_updates(self) -> int:
        """Number of updates k."""
        return self.w.shape[0] - 1


@dataclass(frozen=True)
class GDStep:
    """Everything Steps 1-5 of the lecture show for one update t (shapes with N rows in the batch)."""

    t: int
    epoch: int
    rows: np.ndarray
    X_batch: Array
    y_batch: Array
    w_before: Array
    b_before: float
    y_hat: Array
    residual: Array
    loss: float
    dw: Array
    db: float
    eta: float
    w_after: Array
    b_after: float

    @property
    def n(self) -> int:
        """Batch size N."""
        return int(self.y_batch.shape[0])


def gradient_descent(
    X: ArrayLike,
    y: ArrayLike,
    *,
    w0: ArrayLike | None = None,
    b0: float = 0.0,
    eta: float = 0.1,
    batch_size: int | None = None,
    max_iter: int = 100,
    tol: float = 1e-8,
    shuffle: bool = True,
    seed: int | np.random.Generator | None = None,
) -> GDHistory:
    """Fit y = Xw + b by gradient descent on the MSE, recording every update.

    Parameters
    ----------
    X : array_like of shape (n, p)
    y : array_like of shape (n,) or (n, 1)
    w0 : array_like of shape (p,) or (p, 1), optional
        Initial weights (default: ones, as in the lecture).
    b0 : float
        Initial bias.
    eta : float
        Learning rate, > 0.
    batch_size : int, optional
        None or >= n: batch GD; 1: stochastic GD; otherwise mini-batch.
    max_iter : int
        Number of epochs (passes over the data).
    tol : float
        Stop when |batch MSE - previous batch MSE| < tol (checked before each update); 0 never stops early.
    shuffle : bool
        Shuffle the rows at the start of every epoch (batch GD never needs to).
    seed : int or numpy.random.Generator, optional
        Makes the shuffles repeatable.

    Returns
    -------
    GDHistory

    Notes
    -----
    Each epoch has :math:`\\lfloor n / N \\rfloor` batches of N rows (a remainder is dropped), and each
    batch makes one update

    .. math:: \\boldsymbol{w}^{(t+1)} = \\boldsymbol{w}^{(t)} - \\eta \\frac{2}{N}\\boldsymbol{X}^\\top
              (\\hat{\\boldsymbol{y}} - \\boldsymbol{y}), \\qquad
              b^{(t+1)} = b^{(t)} - \\eta \\frac{2}{N}\\boldsymbol{1}^\\top(\\hat{\\boldsymbol{y}} - \\boldsymbol{y}).

    A run whose full-data loss becomes non-finite or exceeds 1e12 stops with ``stop_reason``
    "diverged"; the history keeps every finite update before that.
    """
    X, y2 = as_data(X, y)
    yv = _one_target(y2)
    n, p = X.shape
    eta = check_positive(eta, "The learning rate eta")
    if batch_size is None:
        batch_size = n
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number of at least 1, but it is {batch_size}.")
    if int(max_iter) != max_iter or max_iter < 1:
        raise ValueError(f"max_iter (the number of epochs) must be at least 1, but it is {max_iter}.")
    tol = float(tol)
    if not np.isfinite(tol) or tol < 0:
        raise ValueError(f"tol must be a number >= 0, but it is {tol}.")
    bs = min(n, int(batch_size))
    max_iter = int(max_iter)
    per_epoch = n // bs
    check_work(n, max_iter, p + 1, limit=MAX_GD_WORK)
    check_updates(max_iter * per_epoch)

    w = _initial_weights(w0, p)
    b = float(b0)
    if not np.isfinite(b):
        raise ValueError("b0 must be a finite number.")
    stats = linreg_stats(X, yv)
    rng = np.random.default_rng(seed) if shuffle and bs < n else None

    k_max = max_iter * per_epoch
    W = np.empty((k_max + 1, p))
    B = np.empty(k_max + 1)
    loss = np.empty(k_max + 1)
    batch_loss = np.full(k_max + 1, np.nan)
    DW = np.full((k_max + 1, p), np.nan)
    DB = np.full(k_max + 1, np.nan)
    rows_hist = np.full((k_max + 1, bs), -1, dtype=np.int64)
    epochs = np.zeros(k_max + 1, dtype=np.int64)
    W[0], B[0] = w, b
    loss[0] = stats.mse(np.append(w, b))

    k = 0
    stop = "max_iter"
    prev = np.inf
    identity = np.arange(n)
    with np.errstate(all="ignore"):
        for epoch in range(1, max_iter + 1):
            order = rng.permutation(n) if rng is not None else identity
            for j in range(per_epoch):
                rows = order[j * bs : (j + 1) * bs]
                Xb, yb = (X, yv) if bs == n else (X[rows], yv[rows])
                _, err, dw, db = _batch_gradients(Xb, yb, w, b)
                if not np.isfinite(err):
                    stop = "diverged"
                    break
                if abs(err - prev) < tol:
                    stop = "tol"
                    break
                prev = err
                w = w - eta * dw
                b = b - eta * db
                full = float(stats.mse(np.append(w, b)))
                if not (np.isfinite(full) and np.all(np.isfinite(w)) and np.isfinite(b)):
                    stop = "diverged"
                    break
                k += 1
                W[k], B[k], loss[k] = w, b, full
                batch_loss[k], DW[k], DB[k] = err, dw, db
                rows_hist[k], epochs[k] = rows, epoch
                if full > DIVERGENCE_LOSS:
                    stop = "diverged"
                    break
            if stop != "max_iter":
                break

    keep = slice(0, k + 1)
    return GDHistory(
        w=W[keep].copy(),
        b=B[keep].copy(),
        loss=loss[keep].copy(),
        batch_loss=batch_loss[keep].copy(),
        dw=DW[keep].copy(),
        db=DB[keep].copy(),
        batch_rows=rows_hist[keep].copy(),
        epoch=epochs[keep].copy(),
        stop_reason=stop,
        eta=eta,
        batch_size=bs,
    )


def step_detail(X: ArrayLike, y: ArrayLike, history: GDHistory, t: int) -> GDStep:
    """Recompute the working of update ``t`` (1 <= t <= k) of a run, for Steps 1-5 on screen.

    Parameters
    ----------
    X, y : the data the run was fitted on.
    history : GDHistory of that run.
    t : int
        Update number.
    """
    if not 1 <= t <= history.n_updates:
        raise ValueError(f"Update t must be between 1 and {history.n_updates}, but it is {t}.")
    X, y2 = as_data(X, y)
    yv = _one_target(y2)
    rows = history.batch_rows[t]
    Xb, yb = X[rows], yv[rows]
    w, b = history.w[t - 1], float(history.b[t - 1])
    with np.errstate(all="ignore"):
        y_hat, err, dw, db = _batch_gradients(Xb, yb, w, b)
        w_after = w - history.eta * dw
        b_after = b - history.eta * db
    return GDStep(
        t=t,
        epoch=int(history.epoch[t]),
        rows=rows,
        X_batch=Xb,
        y_batch=yb,
        w_before=w,
        b_before=b,
        y_hat=y_hat,
        residual=y_hat - yb,
        loss=err,
        dw=dw,
        db=db,
        eta=history.eta,
        w_after=w_after,
        b_after=b_after,
    )
