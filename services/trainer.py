"""The network trainer's runs: one network per optimizer from the same start, trained once per server."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import streamlit as st

import nnmath as nm
from nnmath import datasets

from . import cost
from .data import HASH_FUNCS, Data

Matrix = tuple[tuple[float, ...], ...]


class TrainSettings(NamedTuple):
    """Everything a training run depends on besides its data, as plain values."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    use_bias: bool
    init: str
    init_seed: int
    typed_weights: tuple[Matrix, ...] | None
    optimizers: tuple[tuple[str, tuple[float, ...]], ...]
    iterations: int


class Run(NamedTuple):
    """One optimizer's training: its short label, history and final parameters."""

    label: str
    history: nm.TrainHistory
    parameters: list[np.ndarray]


def optimizer(name: str, values: tuple[float, ...]) -> nm.Optimizer:
    """The optimizer ``name`` with its settings in the order of its constructor."""
    return nm.OPTIMIZERS[name](*values)


def short_label(name: str, values: tuple[float, ...]) -> str:
    """A column-sized name for a run: the optimizer and its learning rate."""
    return f"{name} (η = {values[0]:g})" if name != "Adam" else f"Adam (lr = {values[0]:g})"


def initial_network(s: TrainSettings) -> nm.Network:
    """The network before training: typed-in weights, the lecture's where they fit, or Keras-style seeded ones."""
    if s.typed_weights is not None:
        weights = [np.array(w) for w in s.typed_weights]
        return nm.Network(s.sizes, s.activations, use_bias=s.use_bias, weights=weights)
    net = nm.Network(s.sizes, s.activations, use_bias=s.use_bias, seed=s.init_seed)
    if s.init == "lecture":
        for k, lecture in enumerate((datasets.LECTURE_NETWORK_INIT_W1, datasets.LECTURE_NETWORK_INIT_W2)):
            if k < len(net.weights) and net.weights[k].shape == lecture.shape:
                net.weights[k] = lecture.copy()
    return net


LECTURE = TrainSettings(
    sizes=datasets.LECTURE_NETWORK_SIZES,
    activations=datasets.LECTURE_NETWORK_ACTIVATIONS,
    use_bias=False,
    init="lecture",
    init_seed=0,
    typed_weights=None,
    optimizers=(),
    iterations=datasets.LECTURE_NETWORK_ITERATIONS,
)
"""The lecture's network and iterations; its reference runs are below."""
LECTURE_OPTIMIZERS = {("GD", (datasets.LECTURE_NETWORK_ETA,)), ("Adam", (0.001, 0.9, 0.999, 1e-7))}
"""The lecture's manual backprop (GD, eta = 0.0005) and Keras's default Adam."""
LECTURE_DATA_KEY = "builtin:network:10000:0:0.0"


def is_lecture_reference(data: Data, s: TrainSettings) -> bool:
    """Whether every run asked for is one of the lecture's two printed runs on its data."""
    return (
        data.key == LECTURE_DATA_KEY
        and s._replace(optimizers=()) == LECTURE
        and set(s.optimizers) <= LECTURE_OPTIMIZERS
    )


@st.cache_resource(max_entries=2, show_spinner="Training the lecture's network ...", hash_funcs=HASH_FUNCS)
def lecture_reference(data: Data, name: str, values: tuple[float, ...], max_snapshots: int) -> Run:
    """One of the lecture's printed runs, trained once per server whoever asks (its cost is the server's own)."""
    return _train_one(data, LECTURE, name, values, max_snapshots)


def _train_one(data: Data, s: TrainSettings, name: str, values: tuple[float, ...], max_snapshots: int) -> Run:
    net = initial_network(s)
    record_every = max(1, s.iterations // max_snapshots)
    history = nm.train(net, data.X, data.y, optimizer(name, values), s.iterations, record_every=record_every)
    return Run(short_label(name, values), history, [p.copy() for p in net.parameters()])


@st.cache_resource(max_entries=16, show_spinner="Training ...", hash_funcs=HASH_FUNCS)
def _train(data: Data, s: TrainSettings, max_snapshots: int) -> list[Run]:
    cost.check_training(data.X.shape[0], s.sizes, s.activations, s.iterations, [name for name, _ in s.optimizers])
    return [_train_one(data, s, name, values, max_snapshots) for name, values in s.optimizers]


def train(data: Data, s: TrainSettings, max_snapshots: int) -> list[Run]:
    """Train one network per optimizer from the same start (identical requests wait for one another and share).

    The lecture's two printed runs are trained once per server; any other request is refused above the
    time budget (services.cost).
    """
    if is_lecture_reference(data, s):
        return [lecture_reference(data, name, values, max_snapshots) for name, values in s.optimizers]
    return _train(data, s, max_snapshots)
