"""Full-batch training of a Network with any optimizer, recording the loss and the parameters.

:class:`Training` is one run that advances in chunks, so a page can train in a background thread, show
progress and pause; :func:`train` runs it to the end in one call.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .descent import DIVERGENCE_LOSS
from .losses import mse
from .network import Network, OverflowInLayer
from .optimizers import OPTIMIZERS, Optimizer
from .validation import Array, ShapeError, as_data, check_int, shape_str

CALLBACKS_PER_RUN = 200
"""How often, at most, ``train`` reports progress to its callback."""

MAX_ITERATIONS = 10_000_000
"""Most iterations one run may ask for (its loss record keeps one float per iteration)."""

MAX_SNAPSHOT_VALUES = 50_000_000
"""A guard on memory: the most numbers (snapshots x parameters) one run may keep, 400 MB of float64."""


@dataclass(frozen=True)
class TrainHistory:
    """The record of one training run.

    Attributes
    ----------
    loss : ndarray of shape (k + 1,)
        MSE before each of the k updates, then after the last one.
    iterations : ndarray of shape (m,)
        Iteration numbers of the snapshots (0 is the start; the last is always k).
    params : ndarray of shape (m, n_params)
        Flat parameters at those iterations, in the order of ``names``.
    names : list of str
        Name of every parameter (``Network.parameter_names``).
    stop_reason : {"max_iter", "diverged", "running"}
        "running" only in a snapshot of a run still under way (:meth:`Training.history`).
    optimizer : str
        The optimizer and its settings.
    message : str
        Why a diverged run stopped (which layer overflowed, or that the loss exceeded 1e12); else empty.
    """

    loss: Array
    iterations: np.ndarray
    params: Array
    names: list[str]
    stop_reason: str
    optimizer: str
    message: str = ""

    @property
    def n_updates(self) -> int:
        """Number of updates k actually made."""
        return int(self.loss.shape[0] - 1)

    def params_at(self, iteration: int) -> Array:
        """Flat parameters at the last snapshot at or before ``iteration``."""
        j = int(np.searchsorted(self.iterations, iteration, side="right")) - 1
        return self.params[max(j, 0)]


class Training:
    """One training run that advances in chunks: live progress, pause and continue.

    Parameters
    ----------
    network : Network
        Trained in place.
    X : array_like of shape (n, p)
    y : array_like of shape (n,) or (n, q)
    optimizer : Optimizer
        Reset here, so a reused optimizer carries no state into this run.
    iterations : int
        Number of updates (Keras's epochs with ``batch_size = n``), from 1 to :data:`MAX_ITERATIONS`.
    record_every : int
        Keep a parameter snapshot every this many iterations (and always the last); the snapshots may
        hold at most :data:`MAX_SNAPSHOT_VALUES` numbers.

    Raises
    ------
    ValueError
        For a bad argument, or when the loss or the gradients are not finite at the initial parameters
        (an :class:`OverflowInLayer` names the layer).

    Notes
    -----
    Each iteration is one forward pass, one backward pass and one optimizer step:
    :math:`\\theta^{(t+1)} = \\mathrm{step}(\\theta^{(t)}, \\nabla_\\theta \\mathcal{L}(\\theta^{(t)}))`.
    A step after which a layer overflows or the loss is not finite is undone and stops the run
    ("diverged"); a loss above 1e12 is recorded and stops it too. :meth:`advance` and :meth:`history` may
    be called from different threads.
    """

    def __init__(
        self,
        network: Network,
        X: ArrayLike,
        y: ArrayLike,
        optimizer: Optimizer,
        iterations: int,
        *,
        record_every: int = 1,
    ) -> None:
        if not isinstance(network, Network):
            raise ValueError(f"network must be a Network, but it is {type(network).__name__}.")
        if not isinstance(optimizer, Optimizer):
            raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}, but it is {type(optimizer).__name__}.")
        X, y2 = as_data(X, y)
        if X.shape[1] != network.sizes[0]:
            raise ShapeError(
                f"X is {shape_str(X.shape)} but the network takes {network.sizes[0]} inputs: "
                "columns of X must equal the input size."
            )
        if y2.shape[1] != network.sizes[-1]:
            raise ShapeError(
                f"y is {shape_str(y2.shape)} but the network has {network.sizes[-1]} outputs: "
                "columns of y must equal the output size."
            )
        self.iterations = check_int(iterations, "iterations", 1, MAX_ITERATIONS)
        self.record_every = check_int(record_every, "record_every", 1, MAX_ITERATIONS)
        self.network, self.optimizer = network, optimizer
        self._X, self._y = X, y2
        optimizer.reset()

        n_snaps = self.iterations // self.record_every + 2
        if n_snaps * network.n_params > MAX_SNAPSHOT_VALUES:
            raise ValueError(
                f"record_every = {self.record_every:,} keeps up to {n_snaps:,} snapshots of {network.n_params:,} "
                f"parameters, above the memory guard of {MAX_SNAPSHOT_VALUES:,} numbers: record less often."
            )

        gradients = network.backward(X, y2)
        if not math.isfinite(gradients.loss):
            raise ValueError(
                "The loss is not finite at the initial weights: use smaller initial weights, or scale the inputs."
            )
        self._names = network.parameter_names()
        self._loss = np.empty(self.iterations + 1)
        self._snap_iterations = np.empty(n_snaps, dtype=np.int64)
        self._snaps = np.empty((self._snap_iterations.size, len(self._names)))
        self._n_snaps = 0
        self._grads = gradients.as_list()
        self._iteration = 0
        self._stop_reason: str | None = None
        self._message = ""
        self._lock = threading.Lock()
        self._record(0, gradients.loss)

    @property
    def iteration(self) -> int:
        """Updates made so far."""
        return self._iteration

    @property
    def done(self) -> bool:
        """True once the run has made all its iterations or diverged."""
        return self._stop_reason is not None

    @property
    def stop_reason(self) -> str | None:
        """Why the run stopped ("max_iter" or "diverged") once done; None while it goes on."""
        return self._stop_reason

    @property
    def loss(self) -> float:
        """The loss at the current parameters."""
        return float(self._loss[self._iteration])

    def advance(self, steps: int) -> int:
        """Run up to ``steps`` more iterations; return how many ran (fewer at the end or on divergence)."""
        steps = check_int(steps, "steps", 0, MAX_ITERATIONS)
        start = self._iteration
        for _ in range(steps):
            if self.done:
                break
            with self._lock:
                self._update()
        return self._iteration - start

    def history(self) -> TrainHistory:
        """A snapshot (copies) of the run so far; later calls to :meth:`advance` do not change it.

        While the run goes on, the current parameters are added as the last snapshot and ``stop_reason``
        is "running".
        """
        with self._lock:
            done = self._iteration + 1
            n = self._n_snaps
            iterations = self._snap_iterations[:n]
            params = self._snaps[:n]
            if iterations[-1] != self._iteration:
                iterations = np.append(iterations, self._iteration)
                params = np.vstack([params, self.network.flat_parameters()])
            return TrainHistory(
                loss=self._loss[:done].copy(),
                iterations=iterations.copy(),
                params=params.copy(),
                names=list(self._names),
                stop_reason=self._stop_reason or "running",
                optimizer=self.optimizer.describe(),
                message=self._message,
            )

    def _update(self) -> None:
        """One optimizer step, then the loss (and, unless it is the last, the gradients) at the new parameters."""
        i = self._iteration + 1
        previous = self.network.parameters()
        self.network.set_parameters(self.optimizer.step(previous, self._grads))
        try:
            if i < self.iterations:
                gradients = self.network.backward(self._X, self._y)
                loss, self._grads = gradients.loss, gradients.as_list()
            else:
                loss = mse(self.network.forward(self._X).output, self._y)
        except OverflowInLayer as overflow:
            self._undo(previous, f"Update {i} diverged: {overflow}")
            return
        if not math.isfinite(loss):
            self._undo(previous, f"Update {i} diverged: the loss exceeded 1e12 (it is {loss}).")
            return
        self._iteration = i
        self._record(i, loss)

    def _record(self, i: int, loss: float) -> None:
        self._loss[i] = loss
        diverged = loss > DIVERGENCE_LOSS
        if i % self.record_every == 0 or i == self.iterations or diverged:
            self._snapshot(i)
        if diverged:
            where = f"Update {i} diverged" if i else "At the initial weights"
            self._stop("diverged", f"{where}: the loss exceeded 1e12 (it is {loss:.3g}).")
        elif i == self.iterations:
            self._stop("max_iter", "")

    def _undo(self, previous: list[Array], message: str) -> None:
        """Go back to the parameters before the failed step, and stop."""
        self.network.set_parameters(previous)
        if self._snap_iterations[self._n_snaps - 1] != self._iteration:
            self._snapshot(self._iteration)
        self._stop("diverged", message)

    def _snapshot(self, i: int) -> None:
        self._snap_iterations[self._n_snaps] = i
        self._snaps[self._n_snaps] = self.network.flat_parameters()
        self._n_snaps += 1

    def _stop(self, reason: str, message: str) -> None:
        self._stop_reason, self._message = reason, message


def train(
    network: Network,
    X: ArrayLike,
    y: ArrayLike,
    optimizer: Optimizer,
    iterations: int,
    *,
    record_every: int = 1,
    callback: Callable[[int, float], None] | None = None,
) -> TrainHistory:
    """Train ``network`` in place by full-batch updates of ``optimizer`` on the MSE.

    Parameters
    ----------
    network : Network
    X : array_like of shape (n, p)
    y : array_like of shape (n,) or (n, q)
    optimizer : Optimizer
        Reset at the start, so reusing one gives the same run.
    iterations : int
        Number of updates (Keras's epochs with ``batch_size = n``).
    record_every : int
        Keep a parameter snapshot every this many iterations (and always the last).
    callback : callable, optional
        ``callback(i, loss)`` after update i with the loss at the new parameters, called at most about
        200 times a run, for a progress bar.

    Returns
    -------
    TrainHistory
        A run that diverges (a layer overflows, or the loss is not finite or exceeds 1e12) stops with
        ``stop_reason`` "diverged" and a ``message`` saying why; the network keeps the last parameters
        whose loss was finite. Only overflow at the initial parameters raises (a ValueError).

    Notes
    -----
    A loop over :class:`Training`; see there for the maths.
    """
    run = Training(network, X, y, optimizer, iterations, record_every=record_every)
    report_every = max(1, run.iterations // CALLBACKS_PER_RUN)
    while not run.done:
        if run.advance(report_every) and callback is not None:
            callback(run.iteration, run.loss)
    return run.history()
