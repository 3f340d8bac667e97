"""The backprop page's charts and runs: players under 2 MB, the contour moved to a step, the shared run's steps."""

from __future__ import annotations

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnviz import backprop_charts
from nnviz.animation import MAX_BYTES, spec_size
from services import backprop as bp
from services import trainer
from ui.states.network_trainer import MAX_SNAPSHOTS


def exercise_run(eta: float, iterations: int) -> nm.GDHistory:
    d = datasets.lecture_exercise()
    return nm.gradient_descent(d.X, d.y, w0=[1.0], b0=0.0, eta=eta, max_iter=iterations, tol=0.0)


def test_the_exercise_player_plays_the_path_and_the_loss():
    d = datasets.lecture_exercise()
    h = exercise_run(0.01, 1000)
    player = backprop_charts.neuron_player(h, d.X, d.y)
    assert spec_size(player) <= MAX_BYTES
    frames = player["frames"]
    assert frames[0]["name"] == "0" and frames[-1]["name"] == "1000"
    last = frames[-1]["data"]
    marker = last[frames[-1]["traces"].index(3)]
    assert marker["x"] == [pytest.approx(h.w[-1, 0])] and marker["y"] == [pytest.approx(h.b[-1])]


def test_a_diverged_exercise_still_plays():
    d = datasets.lecture_exercise()
    h = exercise_run(0.1, 200)
    assert h.stop_reason == "diverged"
    player = backprop_charts.neuron_player(h, d.X, d.y)
    assert player["frames"][-1]["name"] == str(h.n_updates)


def test_the_contour_moves_to_a_step():
    d = datasets.lecture_exercise()
    h = exercise_run(0.05, 3)
    base = backprop_charts.neuron_contour(h, d.X, d.y)
    moved = backprop_charts.neuron_contour_at(base, h, 2)
    current = next(t for t in moved["data"] if t.get("name") == "current")
    assert current["x"] == [pytest.approx(2.846667, abs=1e-6)] and current["y"] == [pytest.approx(0.501111, abs=1e-6)]
    assert base["data"][0]["showscale"] is False  # the room of the colour bar goes to the plot
    assert base["layout"]["legend"]["orientation"] == "h"


def test_the_network_player_stays_under_2_mb_at_the_largest_run():
    rng = np.random.default_rng(0)
    k, n_params = 20_000, 11  # the most iterations, with biases
    history = nm.TrainHistory(
        loss=np.exp(-np.linspace(0, 10, k + 1)) * 300,
        iterations=np.arange(k + 1),
        params=np.cumsum(rng.normal(0, 0.01, size=(k + 1, n_params)), axis=0),
        names=[f"p{j}" for j in range(n_params)],
        stop_reason="max_iter",
        optimizer="GD",
    )
    player = backprop_charts.network_player(history)
    assert spec_size(player) <= MAX_BYTES
    assert player["frames"][-1]["name"] == str(k)


def test_the_shared_reference_run_reaches_every_iteration():
    assert trainer.MAX_SNAPSHOTS == MAX_SNAPSHOTS  # the trainer's snapshots are the ones its page's slider offers
    assert bp.is_lecture_run(10_000, bp.LECTURE_INIT, None, 0.0005, 5000)
    assert not bp.is_lecture_run(10_000, bp.LECTURE_INIT, None, 0.0005, 5001)
    assert not bp.is_lecture_run(1_000, bp.LECTURE_INIT, None, 0.0005, 10)
    d = datasets.lecture_network_data()
    net = bp.network(bp.LECTURE_INIT, None)
    every = nm.train(net, d.X, d.y, nm.GD(0.0005), 5)
    sparse = nm.train(bp.network(bp.LECTURE_INIT, None), d.X, d.y, nm.GD(0.0005), 5, record_every=2)
    run = bp.NetworkRun(sparse, 5, 0.0005, bp.LECTURE_INIT, None, 10_000)
    for t in range(6):
        assert np.array_equal(run.params_at(t), every.params[t]), t  # recomputed bit for bit
    shorter = bp.NetworkRun(sparse, 3, 0.0005, bp.LECTURE_INIT, None, 10_000).truncated()
    assert list(shorter.iterations) == [0, 2, 3]
    assert np.array_equal(shorter.params[-1], every.params[3])
    assert shorter.loss.shape == (4,)
