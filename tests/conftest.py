"""Shared test set-up: Hypothesis profiles, and the lecture's two 5,000-iteration runs, trained once a session.

Hypothesis runs the "ci" profile when the environment variable CI is set: derandomized, so a CI run is the
same every time (examples derive from each test's own source, not from a random seed), with no deadline on
a shared machine and a reproduction blob printed on failure. Otherwise the "dev" profile (Hypothesis's
defaults) explores new examples each run.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

import nnmath as nm
from nnmath import datasets

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def _lecture_run(optimizer: nm.Optimizer) -> tuple[nm.Network, nm.TrainHistory]:
    d = datasets.lecture_network_data()
    net = datasets.lecture_network()
    history = nm.train(net, d.X, d.y, optimizer, datasets.LECTURE_NETWORK_ITERATIONS)
    return net, history


@pytest.fixture
def lecture_net() -> nm.Network:
    """A fresh copy of the lecture's network at its initial weights."""
    return datasets.lecture_network()


@pytest.fixture(scope="session")
def lecture_gd_run() -> tuple[nm.Network, nm.TrainHistory]:
    """The lecture's manual backprop: batch GD, eta = 0.0005, 5,000 iterations (read-only: do not train it)."""
    return _lecture_run(nm.GD(datasets.LECTURE_NETWORK_ETA))


@pytest.fixture(scope="session")
def lecture_adam_run() -> tuple[nm.Network, nm.TrainHistory]:
    """Keras's Adam with its defaults, full batch, 5,000 epochs (read-only: do not train it)."""
    return _lecture_run(nm.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7))
