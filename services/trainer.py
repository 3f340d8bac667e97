"""The network trainer's runs: one network per optimizer from the same start, trained once per server."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import streamlit as st

import nnmath as nm
from nnmath import datasets

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


@st.cache_resource(max_entries=16, show_spinner="Training ...", hash_funcs=HASH_FUNCS)
def train(data: Data, s: TrainSettings, max_snapshots: int) -> list[Run]:
    """Train one network per optimizer from the same start (identical requests wait for one another and share)."""
    record_every = max(1, s.iterations // max_snapshots)
    runs = []
    for name, values in s.optimizers:
        net = initial_network(s)
        history = nm.train(net, data.X, data.y, optimizer(name, values), s.iterations, record_every=record_every)
        runs.append(Run(short_label(name, values), history, [p.copy() for p in net.parameters()]))
    return runs
