"""Gradient descent for linear regression: batch, mini-batch and stochastic, as the lecture writes it.

Plain gradient descent is the default; any optimizer of :mod:`nnmath.optimizers` can take its place, to
compare their paths on the same MSE contours.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .datasets import MAX_ROWS
from .optimizers import GD, OPTIMIZERS, Optimizer, make_optimizer
from .surfaces import linreg_stats
from .validation import (
    MAX_SEED,
    Array,
    ShapeError,
    all_finite,
    as_data,
    as_float_array,
    check_finite,
    check_int,
    check_real,
    check_seed,
    shape_str,
)

DIVERGENCE_LOSS = 1e12
"""A run whose loss passes this (or becomes non-finite) is stopped as diverged."""

MAX_RECORDED_UPDATES = 2_000_000
"""A guard on memory, not a cap on work: the most updates one run may record (each keeps w, b, the losses
and the gradients, and the optimizer's state). The app caps the work a request may ask for."""

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


def _weights(w: ArrayLike | None, p: int, name: str) -> Array:
    if w is None:
        return np.ones(p)
    vec = as_float_array(w, name).reshape(-1)
    if vec.shape != (p,):
        raise ShapeError(f"{name} has {vec.size} entries but X has {p} columns: they must match.")
    check_finite(vec, name)
    return vec


def epoch_order(n_rows: int, batch_size: int, shuffle: bool, seed: int, epoch: int) -> np.ndarray:
    """The order in which epoch ``epoch`` (from 1) visits the rows: a permutation of 0 .. n_rows - 1.

    The rows are shuffled only when ``shuffle`` is set and a batch is smaller than the data; each epoch
    draws its permutation from its own generator, seeded by (seed, epoch), so any epoch's order is
    recomputed without replaying the ones before it.
    """
    if shuffle and batch_size < n_rows:
        return np.random.default_rng([seed, epoch]).permutation(n_rows)
    return np.arange(n_rows)


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
    w_vec = _weights(w, X.shape[1], "w")
    b = check_real(b, "b")
    with np.errstate(over="ignore", invalid="ignore"):
        _, _, dw, db = _batch_gradients(X, _one_target(y2), w_vec, b)
    if not (all_finite(dw) and math.isfinite(db)):
        raise ValueError("The gradients overflow: they are beyond the largest float. Use smaller X, y, w or b.")
    return dw.reshape(-1, 1), db


@dataclass(frozen=True)
class GDHistory:
    """Every update of one gradient-descent run; row 0 is the start, row t is update t.

    The batches are not stored: :meth:`rows` recomputes any update's batch from the run's seed.

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
    stop_reason : {"tol", "max_iter", "diverged"}
    eta : float
        The learning rate (of the optimizer, when one was given).
    batch_size : int
        Rows per batch N (at most n_rows).
    n_rows : int
        Rows of the data n.
    seed : int
        Seed of the shuffles (drawn at random when the run was given none, so the run can be repeated).
    shuffle : bool
        Whether the rows were shuffled each epoch.
    optimizer : str
        The optimizer and its settings (:meth:`Optimizer.describe`).
    optimizer_name : str
        Its key in :data:`nnmath.OPTIMIZERS`.
    optimizer_values : dict of str to float
        Its hyperparameters.
    state : dict of str to ndarray of shape (k + 1, p + 1)
        The optimizer's state after each update for theta = (w_1, ..., w_p, b) (row 0: zeros), e.g.
        "velocity" for Momentum, "m" and "v" for Adam; empty for GD.
    """

    w: Array
    b: Array
    loss: Array
    batch_loss: Array
    dw: Array
    db: Array
    stop_reason: str
    eta: float
    batch_size: int
    n_rows: int
    seed: int
    shuffle: bool
    optimizer: str
    optimizer_name: str
    optimizer_values: dict[str, float]
    state: dict[str, Array]

    @property
    def n_updates(self) -> int:
        """Number of updates k."""
        return self.w.shape[0] - 1

    @property
    def batches_per_epoch(self) -> int:
        """Updates per epoch: n_rows // batch_size (a remainder is dropped)."""
        return self.n_rows // self.batch_size

    @property
    def epoch(self) -> np.ndarray:
        """Epoch (from 1) of every update, shape (k + 1,) (row 0: 0): update t is in epoch (t - 1) // batches + 1."""
        t = np.arange(self.n_updates + 1, dtype=np.int32)
        return np.where(t > 0, (t - 1) // self.batches_per_epoch + 1, 0).astype(np.int32)

    def rows(self, t: int) -> np.ndarray:
        """The 0-based row indices of update t's batch, shape (batch_size,); empty for t = 0.

        Costs one permutation of the rows, whatever t is.
        """
        t = check_int(t, "t", 0, self.n_updates)
        if t == 0:
            return np.empty(0, dtype=np.int64)
        epoch, j = divmod(t - 1, self.batches_per_epoch)
        order = epoch_order(self.n_rows, self.batch_size, self.shuffle, self.seed, epoch + 1)
        return order[j * self.batch_size : (j + 1) * self.batch_size].copy()

    def iter_rows(self) -> Iterator[np.ndarray]:
        """The batch of every update in order, as :meth:`rows` gives them (update 0: empty).

        One permutation per epoch rather than one per update: what a table of every update needs.
        """
        yield np.empty(0, dtype=np.int64)
        order = np.arange(self.n_rows)
        for t in range(1, self.n_updates + 1):
            epoch, j = divmod(t - 1, self.batches_per_epoch)
            if j == 0:
                order = epoch_order(self.n_rows, self.batch_size, self.shuffle, self.seed, epoch + 1)
            yield order[j * self.batch_size : (j + 1) * self.batch_size].copy()


@dataclass(frozen=True)
class GDStep:
    """Everything Steps 1-5 of the lecture show for one update t (shapes with N rows in the batch).

    ``w_after`` and ``b_after`` are recomputed: one optimizer step from the recorded state, so they equal the
    history's row t. ``state_before``, ``state_after`` and ``update`` describe the optimizer on
    theta = (w_1, ..., w_p, b): its state arrays of shape (p + 1,) before and after the update (empty for GD)
    and the change theta(t) - theta(t-1). ``step_count`` and ``step_size`` are Adam's t and alpha_t (None for
    the others).
    """

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
    update: Array
    optimizer_name: str
    state_before: dict[str, Array]
    state_after: dict[str, Array]
    step_count: int | None
    step_size: float | None

    @property
    def n(self) -> int:
        """Batch size N."""
        return int(self.y_batch.shape[0])


def _run_seed(seed: int | np.random.Generator | None) -> int:
    """The integer seed a run stores: the one given, one drawn from a given generator, or a fresh one."""
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, MAX_SEED, endpoint=True))
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1)[0])
    return check_seed(seed)


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
    optimizer: Optimizer | None = None,
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
        Learning rate of plain gradient descent, > 0 (used when ``optimizer`` is None).
    batch_size : int, optional
        None or >= n: batch GD; 1: stochastic GD; otherwise mini-batch.
    max_iter : int
        Number of epochs (passes over the data).
    tol : float
        Stop when |batch MSE - previous batch MSE| < tol (checked before each update); 0 never stops early.
    shuffle : bool
        Shuffle the rows at the start of every epoch (batch GD never needs to).
    seed : int or numpy.random.Generator, optional
        Makes the shuffles repeatable: an int from 0 to 2**32 - 1 is stored as is; a generator gives one
        draw; None draws a fresh seed. The history keeps it, so :meth:`GDHistory.rows` can recompute
        the batches.
    optimizer : Optimizer, optional
        Any of :data:`nnmath.OPTIMIZERS` (reset at the start); default ``GD(eta)``.

    Returns
    -------
    GDHistory

    Raises
    ------
    ValueError
        For a bad argument (naming it), initial parameters whose loss overflows, or a run that would
        record more than :data:`MAX_RECORDED_UPDATES` updates (a guard on memory).

    Notes
    -----
    Each epoch has :math:`\\lfloor n / N \\rfloor` batches of N rows (a remainder is dropped), and each
    batch makes one update; with plain gradient descent

    .. math:: \\boldsymbol{w}^{(t+1)} = \\boldsymbol{w}^{(t)} - \\eta \\frac{2}{N}\\boldsymbol{X}^\\top
              (\\hat{\\boldsymbol{y}} - \\boldsymbol{y}), \\qquad
              b^{(t+1)} = b^{(t)} - \\eta \\frac{2}{N}\\boldsymbol{1}^\\top(\\hat{\\boldsymbol{y}} - \\boldsymbol{y}).

    Another optimizer updates :math:`\\theta = (w_1, \\ldots, w_p, b)` as one parameter vector with
    gradient :math:`(\\partial\\mathcal{L}/\\partial\\boldsymbol{w}, \\partial\\mathcal{L}/\\partial b)`.
    Every optimizer here acts entry by entry, so this equals Keras's updates of a kernel w and a bias b.

    A run whose full-data loss becomes non-finite or exceeds 1e12 stops with ``stop_reason``
    "diverged"; the history keeps every finite update before that.
    """
    X, y2 = as_data(X, y)
    yv = _one_target(y2)
    n, p = X.shape
    eta = check_real(eta, "eta", 0, lo_open=True)
    bs = n if batch_size is None else min(n, check_int(batch_size, "batch_size", 1, max(n, MAX_ROWS)))
    max_iter = check_int(max_iter, "max_iter", 1, MAX_RECORDED_UPDATES)
    tol = check_real(tol, "tol", 0)
    w = _weights(w0, p, "w0")
    b = check_real(b0, "b0")
    if not isinstance(shuffle, bool | np.bool_):
        raise ValueError(f"shuffle must be True or False, but it is {shuffle!r:.40}.")
    if optimizer is not None and not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)} or None.")
    run_seed = _run_seed(seed)
    per_epoch = n // bs
    k_max = max_iter * per_epoch
    if k_max > MAX_RECORDED_UPDATES:
        raise ValueError(
            f"max_iter = {max_iter:,} epochs of {per_epoch:,} batches (batch_size {bs:,}) would record "
            f"{k_max:,} updates, above the memory guard of {MAX_RECORDED_UPDATES:,}: "
            "use fewer epochs or a larger batch_size."
        )

    opt = GD(eta) if optimizer is None else optimizer
    opt.reset()
    stats = linreg_stats(X, yv)
    theta = np.append(w, b)
    grad = np.empty(p + 1)

    W = np.empty((k_max + 1, p))
    B = np.empty(k_max + 1)
    loss = np.empty(k_max + 1)
    batch_loss = np.empty(k_max + 1)
    DW = np.empty((k_max + 1, p))
    DB = np.empty(k_max + 1)
    state = {name: np.empty((k_max + 1, p + 1)) for name in opt.STATE}
    with np.errstate(over="ignore", invalid="ignore"):
        W[0], B[0], loss[0] = w, b, stats.mse(theta)
    if not math.isfinite(loss[0]):
        raise ValueError("w0 and b0 are so large that the loss overflows (beyond about 1.8e308): use smaller ones.")
    batch_loss[0], DW[0], DB[0] = np.nan, np.nan, np.nan
    for history in state.values():
        history[0] = 0.0

    k = 0
    stop = "max_iter"
    prev = np.inf
    with np.errstate(all="ignore"):
        for epoch in range(1, max_iter + 1):
            order = epoch_order(n, bs, shuffle, run_seed, epoch)
            for j in range(per_epoch):
                rows = order[j * bs : (j + 1) * bs]
                Xb, yb = (X, yv) if bs == n else (X[rows], yv[rows])
                _, err, dw, db = _batch_gradients(Xb, yb, theta[:-1], theta[-1])
                if abs(err - prev) < tol:
                    stop = "tol"
                    break
                prev = err
                grad[:-1], grad[-1] = dw, db
                theta = opt.step([theta], [grad])[0]
                full = float(stats.mse(theta))
                if not (math.isfinite(full) and all_finite(theta)):
                    stop = "diverged"
                    break
                k += 1
                W[k], B[k], loss[k] = theta[:-1], theta[-1], full
                batch_loss[k], DW[k], DB[k] = err, dw, db
                for name, arrays in opt.state().items():
                    state[name][k] = arrays[0]
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
        stop_reason=stop,
        eta=opt.values()[opt.PARAMS[0].name],
        batch_size=bs,
        n_rows=n,
        seed=run_seed,
        shuffle=bool(shuffle),
        optimizer=opt.describe(),
        optimizer_name=opt.name,
        optimizer_values=opt.values(),
        state={name: history[keep].copy() for name, history in state.items()},
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
    if history.n_updates == 0:
        raise ValueError("t: this run made no updates, so there is no update to show.")
    t = check_int(t, "t", 1, history.n_updates)
    X, y2 = as_data(X, y)
    if X.shape[0] != history.n_rows:
        raise ShapeError(f"X has {X.shape[0]} rows but the run was fitted on {history.n_rows}: pass the same data.")
    yv = _one_target(y2)
    rows = history.rows(t)
    Xb, yb = X[rows], yv[rows]
    w, b = history.w[t - 1], float(history.b[t - 1])
    theta = np.append(w, b)
    state_before = {name: values[t - 1].copy() for name, values in history.state.items()}
    optimizer = make_optimizer(history.optimizer_name, **history.optimizer_values)
    optimizer.set_state({name: [values.copy()] for name, values in state_before.items()}, t - 1)
    with np.errstate(all="ignore"):
        y_hat, err, dw, db = _batch_gradients(Xb, yb, w, b)
        theta_after = optimizer.step([theta], [np.append(dw, db)])[0]
    step_size = optimizer.step_size(t)
    return GDStep(
        t=t,
        epoch=(t - 1) // history.batches_per_epoch + 1,
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
        w_after=theta_after[:-1],
        b_after=float(theta_after[-1]),
        update=theta_after - theta,
        optimizer_name=history.optimizer_name,
        state_before=state_before,
        state_after={name: values[0] for name, values in optimizer.state().items()},
        step_count=t if step_size is not None else None,
        step_size=step_size,
    )
