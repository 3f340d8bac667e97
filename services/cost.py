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

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

BUDGET_S = 5.0
"""Seconds of server CPU one accepted request may take (on the 2-core development machine)."""
SAFETY = 1.0
"""Estimates are multiplied by this before they are compared with the budget. The coefficients themselves are
fitted to the slow side of the measurements (benchmarks/calibrate.py), so the estimate is already an upper bound."""


class TooMuchWork(ValueError):
    """A request whose estimated cost is above the budget; the message says what to reduce."""

    def __init__(self, message: str, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


@dataclass(frozen=True)
class DescentCoefficients:
    """Linear regression by gradient descent (nnmath.gradient_descent), seconds per unit."""

    run: float = 0.02
    """Per run: the data's statistics, the charts and the views built once per run."""
    update: Mapping[str, float] = field(
        default_factory=lambda: {"GD": 48e-6, "Momentum": 60e-6, "RMSprop": 66e-6, "Adam": 75e-6}
    )
    """Per update, by optimizer: the Python loop around one batch."""
    row_param: float = 45e-9
    """Per row of the batch and parameter (p + 1), per update: the gradient and the batch's rows."""


@dataclass(frozen=True)
class TrainCoefficients:
    """A dense network trained by full-batch updates (nnmath.train), seconds per unit."""

    run: float = 0.02
    """Per run: the data, the charts and the snapshots."""
    layer: float = 60e-6
    """Per layer and iteration: the Python around forward and backward."""
    row_mac: float = 1.0e-9
    """Per row and weight (multiply-add), per iteration: the matrix products forward and backward."""
    row_unit: Mapping[str, float] = field(
        default_factory=lambda: {
            "linear": 17e-9,
            "relu": 18e-9,
            "leaky_relu": 36e-9,
            "elu": 59e-9,
            "sigmoid": 25e-9,
            "tanh": 32e-9,
            "softplus": 71e-9,
            "exponential": 18e-9,
            "softmax": 80e-9,
        }
    )
    """Per row and unit of a layer, per iteration, by activation: f, f' and the elementwise products."""
    optimizer_param: Mapping[str, float] = field(
        default_factory=lambda: {"GD": 0.5e-6, "Momentum": 0.8e-6, "RMSprop": 1.2e-6, "Adam": 1.6e-6}
    )
    """Per parameter array and iteration, by optimizer: the update."""


DESCENT = DescentCoefficients()
TRAIN = TrainCoefficients()


def descent_seconds(n_rows: int, p: int, batch_size: int | None, epochs: int, optimizer: str = "GD") -> float:
    """Estimated CPU seconds of one gradient-descent run on ``n_rows`` x ``p`` data."""
    bs = n_rows if batch_size is None else min(int(batch_size), n_rows)
    updates = int(epochs) * (n_rows // bs)
    per_update = DESCENT.update.get(optimizer, max(DESCENT.update.values())) + bs * (p + 1) * DESCENT.row_param
    return DESCENT.run + updates * per_update


def train_iteration_seconds(rows: int, sizes: Sequence[int], activations: Sequence[str], optimizer: str) -> float:
    """Estimated CPU seconds of one full-batch iteration of a network."""
    macs = sum(a * b for a, b in itertools.pairwise(sizes))
    units = sum(
        n * TRAIN.row_unit.get(act, max(TRAIN.row_unit.values())) for n, act in zip(sizes[1:], activations, strict=True)
    )
    layers = len(sizes) - 1
    step = 2 * layers * TRAIN.optimizer_param.get(optimizer, max(TRAIN.optimizer_param.values()))
    return layers * TRAIN.layer + rows * (macs * TRAIN.row_mac + units) + step


def train_seconds(
    rows: int, sizes: Sequence[int], activations: Sequence[str], iterations: int, optimizer: str = "GD"
) -> float:
    """Estimated CPU seconds of one training run."""
    return TRAIN.run + int(iterations) * train_iteration_seconds(rows, sizes, activations, optimizer)


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
    rows: int, sizes: Sequence[int], activations: Sequence[str], iterations: int, optimizers: Sequence[str]
) -> float:
    """Refuse training one network per optimizer when the total is above the budget."""
    per_iteration = sum(train_iteration_seconds(rows, sizes, activations, o) for o in optimizers)
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
