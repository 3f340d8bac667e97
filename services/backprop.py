"""The backprop step-through's runs: the one-neuron exercise and the lecture's 3-2-1 network."""

from __future__ import annotations

import numpy as np
import streamlit as st

import nnmath as nm
from nnmath import datasets

from . import cost, data

Matrix = tuple[tuple[float, ...], ...]
"""A matrix as nested tuples: a plain, hashable cache key."""


def as_matrix_key(values: np.ndarray) -> Matrix:
    """A matrix as nested tuples of floats."""
    return tuple(tuple(float(v) for v in row) for row in values)


LECTURE_INIT = (as_matrix_key(datasets.LECTURE_NETWORK_INIT_W1), as_matrix_key(datasets.LECTURE_NETWORK_INIT_W2))
"""The lecture's initial weights (W1, W2) as cache keys."""


@st.cache_resource(max_entries=32, show_spinner=False)
def neuron_run(eta: float, iterations: int, w0: float, b0: float) -> nm.GDHistory:
    """Batch GD on the exercise's three points from theta(0) = (w0, b0)."""
    d = datasets.lecture_exercise()
    return nm.gradient_descent(d.X, d.y, w0=[w0], b0=b0, eta=eta, max_iter=iterations, tol=0.0)


def network(weights: tuple[Matrix, Matrix], biases: tuple[Matrix, Matrix] | None) -> nm.Network:
    """The lecture's 3-2-1 network with these initial weights (and biases, when given)."""
    return nm.Network(
        datasets.LECTURE_NETWORK_SIZES,
        datasets.LECTURE_NETWORK_ACTIVATIONS,
        use_bias=biases is not None,
        weights=[np.array(w) for w in weights],
        biases=None if biases is None else [np.array(b).reshape(-1) for b in biases],
    )


@st.cache_resource(max_entries=8, show_spinner="Training the network ...")
def network_run(
    rows: int, weights: tuple[Matrix, Matrix], biases: tuple[Matrix, Matrix] | None, eta: float, iterations: int
) -> nm.TrainHistory:
    """Batch GD on the lecture's network data, every iteration recorded (shared: never mutate it)."""
    cost.check_training(rows, datasets.LECTURE_NETWORK_SIZES, datasets.LECTURE_NETWORK_ACTIVATIONS, iterations, ["GD"])
    d = data.lecture_network(rows)
    return nm.train(network(weights, biases), d.X, d.y, nm.GD(eta), iterations)
