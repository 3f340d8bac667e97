"""What a request costs in server CPU, estimated before it runs; a request above the budget is refused.

One Streamlit process serves a whole class, so no request that a page accepts may hold it for long: the
promise is at most BUDGET_S seconds of server CPU on the 2-core development machine. Each computation's
cost is modelled as a sum of terms, one per unit of work it does (an update and the rows in its batch, a
layer, a row through a weight, a row through an activation, an optimizer step, a compared run), with
coefficients measured on that machine by ``benchmarks/calibrate.py``. An estimate times SAFETY above the
budget is refused with a message that says what to reduce, and by how much; ``benchmarks/worst_case.py``
checks the promise on the slowest requests each page accepts.

Pure Python: the pages' services call it before they compute, and the benchmarks read it.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

BUDGET_S = 5.0
"""Seconds of server CPU one accepted request may take (on the 2-core development machine)."""
SAFETY = 1.0
"""Estimates are multiplied by this before they are compared with the budget. It stays 1: the coefficients are
fitted to the slow side of the measurements (benchmarks/calibrate.py) and include the page's own work around a
run, so an estimate is already an upper bound, and the numbers a refusal quotes are the estimate itself."""


class TooMuchWork(ValueError):
    """A request whose estimated cost is above the budget; the message says what to reduce."""

    def __init__(self, message: str, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


# The coefficients below were measured by benchmarks/calibrate.py on the 2-core development machine (one BLAS
# thread, as the server runs) and fitted so that each estimate is at least the CPU its run took: over the
# calibration's grid of nnmath runs the median run takes 0.66 (descent) and 0.55 (training) of its estimate,
# the slowest exactly its estimate. The gradient-descent coefficients are then scaled by 1.2 for the page's own
# work around a run (its charts take 0.1 to 0.25 of the run's time, measured on whole requests by
# benchmarks/worst_case.py); the training ones are not (that page's own work is at most 0.35 of its run, and
# training estimates already run 1.2 to 2 times the CPU taken; the lecture's 5,000 iterations must stay under
# the budget even when its biases are counted). To re-measure after a change to nnmath, or on another machine,
# on a quiet machine:
#
#     .venv/bin/python benchmarks/calibrate.py --json calibration.json --margin 1.2 --train-margin 1.0
#
# paste the DescentCoefficients and TrainCoefficients it prints here, and check whole requests with
# benchmarks/worst_case.py (`calibrate.py --refit calibration.json ...` fits saved measurements again).


@dataclass(frozen=True)
class DescentCoefficients:
    """Linear regression by gradient descent (nnmath.gradient_descent), seconds per unit."""

    run: float = 0.00744
    """Per run: the data's statistics, the history's arrays and the page's charts."""
    update: Mapping[str, float] = field(
        default_factory=lambda: {"GD": 6.59e-05, "Momentum": 7.37e-05, "RMSprop": 8.06e-05, "Adam": 9.35e-05}
    )
    """Per update, by optimizer: the Python loop around one batch and the optimizer's step."""
    row_param: float = 2.76e-09
    """Per row of the batch and parameter (p + 1), per update: the prediction and the gradient."""
    large_row_param: float = 3.94e-09
    """Per row of the batch beyond LARGE_ROWS and parameter, per update: arrays this long spill the caches."""
    gather_param: float = 4e-08
    """Per row and parameter of a batch smaller than the data, per update: gathering its rows."""
    epoch_row: float = 1.98e-08
    """Per row of the data, per epoch of batches smaller than the data: the epoch's order of the rows."""


@dataclass(frozen=True)
class TrainCoefficients:
    """A dense network trained by full-batch updates (nnmath.train), seconds per unit."""

    run: float = 0.00891
    """Per run: the first forward and backward pass, the loss record and the snapshots."""
    iteration: float = 7.21e-05
    """Per iteration: the loss and the loop around the layers."""
    layer: float = 3.43e-05
    """Per layer and iteration: the Python around forward and backward."""
    bias_layer: float = 2.71e-05
    """Per layer with a bias and iteration."""
    row: float = 1.58e-08
    """Per row and iteration: the residual and the loss."""
    row_mac: float = 2.18e-09
    """Per row and weight (multiply-add), per iteration: the matrix products forward and backward."""
    row_unit: Mapping[str, float] = field(
        default_factory=lambda: {
            "linear": 0.0,
            "sigmoid": 6.04e-09,
            "tanh": 2.99e-09,
            "relu": 3.44e-10,
            "leaky_relu": 1.39e-08,
            "elu": 2.83e-08,
            "softplus": 4.97e-08,
            "exponential": 1.98e-09,
            "softmax": 4.97e-08,
        }
    )
    """Per row and unit of a layer, per iteration, by the layer's activation: f and f' beyond a linear layer.
    (softmax, never a hidden or a regression output here, is priced as the dearest measured.)"""
    row_bias_unit: float = 9.6e-09
    """Per row and unit of a layer with a bias, per iteration: adding the bias and its gradient."""
    large_row_unit: float = 2.49e-08
    """Per row beyond LARGE_ROWS and unit (and one for the loss), per iteration: arrays this long spill the caches."""
    optimizer_array: Mapping[str, float] = field(
        default_factory=lambda: {"GD": 0.0, "Momentum": 4.55e-06, "RMSprop": 1.31e-05, "Adam": 2.08e-05}
    )
    """Per parameter array (a layer's weights, its bias) and iteration, by optimizer: the update."""


LARGE_ROWS = 10_000
"""Rows up to which a layer's arrays stay in the processor's caches (the lecture's data has 10,000)."""

TRAIN_PAGE_WORK = 1.25
"""Training coefficients are scaled by this for the work a page does around a live run: its fragment reruns twice
a second while the job trains (the loss so far, the weights), then draws the results. benchmarks/worst_case.py
measured whole requests at up to 1.22 times the unscaled estimate (a 2-3-1 network with Adam pressing Train; part
2 of the backprop page with biases, played)."""


def _scaled(coefficients: TrainCoefficients, factor: float) -> TrainCoefficients:
    """Every coefficient times ``factor``."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(coefficients):
        value = getattr(coefficients, f.name)
        values[f.name] = {k: v * factor for k, v in value.items()} if isinstance(value, Mapping) else value * factor
    return TrainCoefficients(**values)


DESCENT = DescentCoefficients()
TRAIN = _scaled(TrainCoefficients(), TRAIN_PAGE_WORK)


def _worst(table: Mapping[str, float], key: str) -> float:
    """The coefficient of ``key``, or the largest one for a name the model does not know (an upper bound)."""
    return table.get(key, max(table.values()))


def descent_seconds(n_rows: int, p: int, batch_size: int | None, epochs: int, optimizer: str = "GD") -> float:
    """Estimated CPU seconds of one gradient-descent run on ``n_rows`` x ``p`` data (every epoch run)."""
    bs = n_rows if batch_size is None else max(1, min(int(batch_size), n_rows))
    updates = int(epochs) * (n_rows // bs)
    gathered = bs < n_rows
    per_param = DESCENT.row_param + gathered * DESCENT.gather_param
    per_update = (
        _worst(DESCENT.update, optimizer)
        + bs * (p + 1) * per_param
        + max(0, bs - LARGE_ROWS) * (p + 1) * DESCENT.large_row_param
    )
    return DESCENT.run + updates * per_update + gathered * int(epochs) * n_rows * DESCENT.epoch_row


def train_iteration_seconds(
    rows: int, sizes: Sequence[int], activations: Sequence[str], optimizer: str, bias: bool = True
) -> float:
    """Estimated CPU seconds of one full-batch iteration of a network (with biases unless ``bias`` is False)."""
    layers = len(sizes) - 1
    macs = sum(a * b for a, b in itertools.pairwise(sizes))
    units = sum(n * _worst(TRAIN.row_unit, act) for n, act in zip(sizes[1:], activations, strict=True))
    per_row = TRAIN.row + macs * TRAIN.row_mac + units + bias * sum(sizes[1:]) * TRAIN.row_bias_unit
    per_layer = TRAIN.layer + bias * TRAIN.bias_layer + (1 + bias) * _worst(TRAIN.optimizer_array, optimizer)
    large = max(0, rows - LARGE_ROWS) * (1 + sum(sizes[1:])) * TRAIN.large_row_unit
    return TRAIN.iteration + layers * per_layer + rows * per_row + large


def train_seconds(
    rows: int,
    sizes: Sequence[int],
    activations: Sequence[str],
    iterations: int,
    optimizer: str = "GD",
    bias: bool = True,
) -> float:
    """Estimated CPU seconds of one training run."""
    return TRAIN.run + int(iterations) * train_iteration_seconds(rows, sizes, activations, optimizer, bias)


def check(seconds: float, what: str, advice: str) -> float:
    """Refuse (TooMuchWork) an estimate above the budget, saying what it would take and ``advice``; else return it."""
    if seconds * SAFETY > BUDGET_S:
        raise TooMuchWork(
            f"{what} would take about {seconds:,.1f} s of the server's time, above the limit of "
            f"{BUDGET_S / SAFETY:,.1f} s for one request: {advice}",
            seconds,
        )
    return seconds


def most(per_unit: float, fixed: float = 0.0) -> int:
    """The largest whole number of units of ``per_unit`` seconds that fits the budget beside ``fixed``."""
    return max(0, math.floor((BUDGET_S / SAFETY - fixed) / per_unit)) if per_unit > 0 else 0


def check_descent(runs: Sequence[tuple[int, int, int | None, int, str]]) -> float:
    """Refuse gradient-descent runs (n_rows, p, batch_size, epochs, optimizer) whose total is above the budget."""
    seconds = sum(descent_seconds(*run) for run in runs)
    n_rows, p, batch_size, _, optimizer = runs[0]
    per_epoch = descent_seconds(n_rows, p, batch_size, 1, optimizer) - DESCENT.run
    others = seconds - descent_seconds(*runs[0])
    fits = most(per_epoch, DESCENT.run + others)
    compared = f" and the {len(runs) - 1} compared run(s)" if len(runs) > 1 else ""
    return check(
        seconds,
        f"This run{compared}",
        f"use at most {fits:,} epoch{'s' * (fits != 1)}, a larger batch, fewer rows, or fewer compared runs."
        if fits
        else "use fewer rows or fewer compared runs.",
    )


def check_training(
    rows: int,
    sizes: Sequence[int],
    activations: Sequence[str],
    iterations: int,
    optimizers: Sequence[str],
    bias: bool = True,
) -> float:
    """Refuse training one network per optimizer when the total is above the budget."""
    per_iteration = sum(train_iteration_seconds(rows, sizes, activations, o, bias) for o in optimizers)
    seconds = len(optimizers) * TRAIN.run + iterations * per_iteration
    fits = most(per_iteration, len(optimizers) * TRAIN.run)
    runs = "Training" if len(optimizers) == 1 else f"Training {len(optimizers)} networks (one per optimizer)"
    return check(
        seconds,
        f"{runs} for {iterations:,} iterations on {rows:,} rows",
        f"use at most {fits:,} iteration{'s' * (fits != 1)}, fewer rows, or a smaller network."
        if fits
        else "use fewer rows or a smaller network.",
    )
