"""Full-batch training of a Network with any optimiser, recording the loss and the parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .descent import DIVERGENCE_LOSS
from .limits import check_work
from .losses import mse
from .network import Network, OverflowInLayer
from .optimizers import Optimizer
from .validation import Array, ShapeError, as_data, shape_str

CALLBACKS_PER_RUN = 200
"""How often, at most, ``train`` reports progress to its callback."""


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
    stop_reason : {"max_iter", "diverged"}
    optimizer : str
        The optimiser and its settings.
    """

    loss: Array
    iterations: np.ndarray
    params: Array
    names: list[str]
    stop_reason: str
    optimizer: str

    @property
    def n_updates(self) -> int:
        """Number of updates k actually made."""
        return int(self.loss.shape[0] - 1)

    def params_at(self, iteration: int) -> Array:
        """Flat parameters at the last snapshot at or before ``iteration``."""
        j = int(np.searchsorted(self.iterations, iteration, side="right")) - 1
        return self.params[max(j, 0)]


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
    optimizer : GD, Momentum or Adam
    iterations : int
        Number of updates (Keras's epochs with ``batch_size = n``).
    record_every : int
        Keep a parameter snapshot every this many iterations (and always the last).
    callback : callable, optional
        ``callback(i, loss)`` after update i, called at most about 200 times a run, for a progress bar.

    Returns
    -------
    TrainHistory

    Notes
    -----
    Each iteration is one forward pass, one backward pass and one optimiser step:
    :math:`\\theta^{(t+1)} = \\mathrm{step}(\\theta^{(t)}, \\nabla_\\theta \\mathcal{L}(\\theta^{(t)}))`.
    A loss that becomes non-finite or exceeds 1e12, or a layer that overflows, stops the run with
    ``stop_reason`` "diverged"; the network then keeps the last parameters whose loss was finite.
    Overflow at the initial parameters raises :class:`OverflowInLayer` (a ValueError).
    """
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
    if int(iterations) != iterations or iterations < 1:
        raise ValueError(f"The number of iterations must be a whole number of at least 1, but it is {iterations}.")
    if int(record_every) != record_every or record_every < 1:
        raise ValueError(f"record_every must be a whole number of at least 1, but it is {record_every}.")
    iterations, record_every = int(iterations), int(record_every)
    check_work(X.shape[0], iterations, network.n_params)

    names = network.parameter_names()
    n_snap = iterations // record_every + 2
    snap_iter = np.empty(n_snap, dtype=np.int64)
    snaps = np.empty((n_snap, len(names)))
    losses = np.empty(iterations + 1)
    report_every = max(1, iterations // CALLBACKS_PER_RUN)

    params = network.parameters()
    previous: list[Array] | None = None
    n_snaps = 0
    stop = "max_iter"
    done = 0
    for i in range(iterations + 1):
        try:
            if i < iterations:
                gradients = network.backward(X, y2)
                loss, grads = gradients.loss, gradients.as_list()
            else:
                loss, grads = mse(network.forward(X).output, y2), []
        except OverflowInLayer:
            if previous is None:
                raise
            loss, grads = np.inf, []
        if not (np.isfinite(loss) and all(np.all(np.isfinite(g)) for g in grads)):
            if previous is None:
                raise ValueError(
                    "The loss is not finite at the initial weights: use smaller initial weights, or scale the inputs."
                )
            network.set_parameters(previous)
            stop = "diverged"
            break
        losses[i] = loss
        done = i + 1
        diverged = loss > DIVERGENCE_LOSS
        if i % record_every == 0 or i == iterations or diverged:
            snap_iter[n_snaps] = i
            snaps[n_snaps] = network.flat_parameters()
            n_snaps += 1
        if diverged:
            stop = "diverged"
            break
        if i == iterations:
            break
        previous = params
        params = optimizer.step(params, grads)
        network.set_parameters(params)
        if callback is not None and ((i + 1) % report_every == 0 or i + 1 == iterations):
            callback(i + 1, loss)

    if snap_iter[n_snaps - 1] != done - 1:
        snap_iter[n_snaps] = done - 1
        snaps[n_snaps] = network.flat_parameters()
        n_snaps += 1
    return TrainHistory(
        loss=losses[:done].copy(),
        iterations=snap_iter[:n_snaps].copy(),
        params=snaps[:n_snaps].copy(),
        names=names,
        stop_reason=stop,
        optimizer=optimizer.describe(),
    )
