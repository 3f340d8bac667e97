"""Data sets as the pages use them: the arrays plus a key that names them for the caches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

from nnmath import datasets


@dataclass(frozen=True, eq=False)
class Data:
    """A regression data set and the key the caches know it by (equal keys: equal data).

    Attributes
    ----------
    X : ndarray of shape (n, p)
    y : ndarray of shape (n, 1)
    key : str
        "builtin:..." with the generator's arguments, or "upload:<sha256>" of an uploaded file's numbers
        salted per session (so nobody can learn whether someone else uploaded a file).
    names : tuple of str
        Feature names.
    description : str
    truth : tuple of float, optional
        The parameters that generated y, when known: (w_1, ..., w_p, b) for linear data.
    true_weights : tuple of ndarray
        A network's true weights, when known.
    target : str
        The target's name.
    """

    X: np.ndarray
    y: np.ndarray
    key: str
    names: tuple[str, ...]
    description: str
    truth: tuple[float, ...] | None = None
    true_weights: tuple[np.ndarray, ...] = ()
    target: str = "y"


HASH_FUNCS: dict[Any, Any] = {Data: lambda data: data.key}
"""Give to ``st.cache_*(hash_funcs=...)`` so a Data argument is hashed by its key, not its arrays."""


def _from_dataset(d: datasets.Dataset, key: str) -> Data:
    truth = None
    if d.true_bias is not None and d.true_weights:
        truth = (*(float(v) for v in np.ravel(d.true_weights[0])), float(d.true_bias))
    return Data(
        X=d.X,
        y=d.y,
        key=key,
        names=tuple(d.feature_names),
        description=d.description,
        truth=truth,
        true_weights=tuple(d.true_weights) if d.true_bias is None else (),
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def linear(source: str, n: int, p: int, w1: float, w2: float, b: float, noise: float, seed: int) -> Data:
    """The gradient-descent page's data: the lecture's toy data, the exercise's, or seeded synthetic data."""
    if source == "lecture":
        return _from_dataset(datasets.lecture_toy_regression(), "builtin:lecture")
    if source == "exercise":
        return _from_dataset(datasets.lecture_exercise(), "builtin:exercise")
    d = datasets.synthetic_regression(n=n, w=(w1, w2)[:p], b=b, noise=noise, seed=seed)
    return _from_dataset(d, f"builtin:synthetic:{n}:{p}:{w1!r}:{w2!r}:{b!r}:{noise!r}:{seed}")


@st.cache_resource(max_entries=8, show_spinner=False)
def lecture_network(rows: int = 10_000, seed: int = 0, noise: float = 0.0) -> Data:
    """The lecture's teacher-network data (``np.random.seed(0); randn(rows, 3)`` at seed 0)."""
    d = datasets.lecture_network_data(n=rows, seed=seed, noise=noise)
    return _from_dataset(d, f"builtin:network:{rows}:{seed}:{noise!r}")


@st.cache_resource(max_entries=8, show_spinner=False)
def surface(name: str, rows: int, seed: int, noise: float) -> Data:
    """Two-input synthetic data for the 2-3-1 network."""
    d = datasets.synthetic_surface(name, n=rows, noise=noise, seed=seed)
    return _from_dataset(d, f"builtin:surface:{name}:{rows}:{seed}:{noise!r}")


def uploaded(X: np.ndarray, y: np.ndarray, names: list[str], target: str, key: str) -> Data:
    """An uploaded table's chosen columns under ``key`` (ui.csv_upload's salted SHA-256 digest)."""
    return Data(
        X=X,
        y=y.reshape(-1, 1),
        key=key,
        names=tuple(names),
        description=f"{X.shape[0]:,} rows: {', '.join(names)} -> {target}",
        target=target,
    )
