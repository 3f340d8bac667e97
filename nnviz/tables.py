"""pandas tables for display and CSV download, built from nnmath results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

import nnmath as nm


def matrix_frame(values: ArrayLike, row_label: str = "row", prefix: str = "col") -> pd.DataFrame:
    """A matrix as a table with 1-based row numbers and named columns."""
    arr = np.atleast_2d(np.asarray(values, dtype=float))
    frame = pd.DataFrame(arr, columns=[f"{prefix}{j + 1}" for j in range(arr.shape[1])])
    frame.insert(0, row_label, np.arange(1, arr.shape[0] + 1))
    return frame


def weights_table(
    names: Sequence[str],
    columns: Mapping[str, ArrayLike],
    references: Sequence[tuple[str, str, ArrayLike, str]] = (),
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Parameters by name, one column per run, each compared with a reference (the teacher, the lecture's print).

    ``columns`` maps a column's title to the parameter values (the teacher's true weights are one such
    column). Each reference ``(compared, title, values, difference)`` adds its values as column ``title`` and
    ``columns[compared] - values`` as column ``difference``. Returns the table and, for each difference
    column, its largest absolute entry.
    """
    frame = pd.DataFrame({"parameter": list(names)})
    for title, values in columns.items():
        frame[title] = np.ravel(np.asarray(values, dtype=float))
    largest: dict[str, float] = {}
    for compared, title, values, difference in references:
        reference = np.ravel(np.asarray(values, dtype=float))
        frame[title] = reference
        frame[difference] = frame[compared].to_numpy() - reference
        largest[difference] = float(np.max(np.abs(frame[difference].to_numpy())))
    return frame, largest


def activation_table(z: ArrayLike, names: Sequence[str] | None = None, derivative: bool = False) -> pd.DataFrame:
    """One row per activation evaluated at the vector z (softmax over the whole vector), optional f'(z) rows."""
    zv = np.asarray(z, dtype=float).reshape(-1)
    rows = []
    for name in names or list(nm.ACTIVATIONS):
        act = nm.ACTIVATIONS[name]
        label = act.label + (" (over the whole vector)" if not act.elementwise else "")
        rows.append([label, "f(z)", *act.fn(zv)])
        if derivative:
            slope = act.grad(zv) if act.elementwise else np.diag(act.grad(zv))
            rows.append([label, "f'(z)" if act.elementwise else "∂a_j/∂z_j", *slope])
    return pd.DataFrame(rows, columns=["activation", "value", *[f"z{i + 1} = {v:g}" for i, v in enumerate(zv)]])


def overflowed(table: pd.DataFrame) -> list[str]:
    """The activations whose row in :func:`activation_table` holds an infinite or undefined value."""
    values = table.iloc[:, 2:].to_numpy(dtype=float)
    bad = ~np.isfinite(values).all(axis=1)
    return sorted(set(table.loc[bad, "activation"]))


def batch_table(
    X: ArrayLike, y: ArrayLike, names: Sequence[str], batch: ArrayLike = (), max_rows: int = 500, head: int = 100
) -> pd.DataFrame:
    """The data (row numbers from 1, the features by name, y) with the rows of ``batch`` (0-based) marked.

    More than ``max_rows`` rows: the first ``head`` rows and the batch's rows only.
    """
    rows = np.asarray(batch, dtype=int).reshape(-1)
    frame = matrix_frame(np.column_stack([np.asarray(X, dtype=float), np.ravel(np.asarray(y, dtype=float))]))
    frame.columns = ["row", *names, "y"]
    frame["in this batch"] = ""
    frame.loc[rows, "in this batch"] = "◀ batch"
    return frame if len(frame) <= max_rows else frame.loc[np.union1d(np.arange(head), rows)]


def train_history_table(history: nm.TrainHistory) -> pd.DataFrame:
    """Parameter snapshots of a training run with the loss at each."""
    frame = pd.DataFrame(history.params, columns=history.names)
    frame.insert(0, "loss", history.loss[history.iterations])
    frame.insert(0, "iteration", history.iterations)
    return frame
