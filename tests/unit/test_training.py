"""Training: chunks add up to one run, snapshots stay put, optimizers are reset, divergence is explained."""

import itertools
import threading

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets

DATA = datasets.lecture_network_data(n=300)


def assert_same_history(a, b):
    np.testing.assert_array_equal(a.loss, b.loss)
    np.testing.assert_array_equal(a.iterations, b.iterations)
    np.testing.assert_array_equal(a.params, b.params)
    assert (a.names, a.stop_reason, a.optimizer, a.message) == (b.names, b.stop_reason, b.optimizer, b.message)


@pytest.mark.parametrize(
    "make", [lambda: nm.GD(0.001), lambda: nm.Adam(0.01), lambda: nm.Momentum(0.0005)], ids=["GD", "Adam", "Momentum"]
)
def test_advancing_in_chunks_equals_one_train_call(make, lecture_net):
    whole_net = lecture_net.copy()
    whole = nm.train(whole_net, DATA.X, DATA.y, make(), 450, record_every=37)
    run = nm.Training(lecture_net, DATA.X, DATA.y, make(), 450, record_every=37)
    for chunk in itertools.cycle([7, 100, 1]):
        if run.done:
            break
        before = run.iteration
        assert run.advance(chunk) == min(chunk, 450 - before) == run.iteration - before
    assert run.advance(5) == 0
    assert run.stop_reason == "max_iter" and run.iteration == 450
    assert_same_history(run.history(), whole)
    np.testing.assert_array_equal(lecture_net.flat_parameters(), whole_net.flat_parameters())
    np.testing.assert_array_equal(whole.iterations, [*range(0, 450, 37), 450])


def test_history_mid_run_is_a_snapshot(lecture_net):
    run = nm.Training(lecture_net, DATA.X, DATA.y, nm.GD(0.001), 100, record_every=10)
    assert run.advance(25) == 25
    mid = run.history()
    assert not run.done and run.stop_reason is None
    assert mid.stop_reason == "running" and mid.message == ""
    assert mid.n_updates == 25 and mid.loss.shape == (26,)
    np.testing.assert_array_equal(mid.iterations, [0, 10, 20, 25])
    np.testing.assert_array_equal(mid.params[-1], lecture_net.flat_parameters())
    assert run.loss == mid.loss[-1]
    kept = (mid.loss.copy(), mid.iterations.copy(), mid.params.copy())
    run.advance(100)
    assert run.done and run.iteration == 100
    for before, now in zip(kept, (mid.loss, mid.iterations, mid.params), strict=True):
        np.testing.assert_array_equal(before, now)
    final = run.history()
    np.testing.assert_array_equal(final.iterations, np.arange(0, 101, 10))
    np.testing.assert_array_equal(final.loss[:26], mid.loss)
    np.testing.assert_array_equal(final.params_at(25), final.params[2])


@pytest.mark.parametrize("name", list(nm.OPTIMIZERS))
def test_training_twice_with_one_optimizer_gives_the_same_history(name, lecture_net):
    optimizer = nm.make_optimizer(name, **{nm.OPTIMIZERS[name].PARAMS[0].name: 0.001})
    first = nm.train(lecture_net.copy(), DATA.X, DATA.y, optimizer, 60, record_every=7)
    second = nm.train(lecture_net.copy(), DATA.X, DATA.y, optimizer, 60, record_every=7)
    assert_same_history(first, second)


def test_an_overflowing_update_is_undone_and_named(lecture_net):
    start = lecture_net.flat_parameters()
    h = nm.train(lecture_net, DATA.X, DATA.y, nm.GD(5.0), 200)
    assert h.stop_reason == "diverged" and h.n_updates == 0
    assert h.message.startswith("Update 1 diverged: Layer 2 (exponential) overflows: its output is beyond")
    np.testing.assert_array_equal(lecture_net.flat_parameters(), start)
    np.testing.assert_array_equal(h.iterations, [0])
    assert np.all(np.isfinite(h.loss))


def test_a_loss_above_1e12_stops_the_run(lecture_net):
    h = nm.train(lecture_net, DATA.X, DATA.y, nm.GD(0.05), 200, record_every=50)
    assert h.stop_reason == "diverged" and h.n_updates == 1
    assert h.loss[-1] > 1e12 and np.isfinite(h.loss[-1])
    assert h.message.startswith("Update 1 diverged: the loss exceeded 1e12 (it is ")
    np.testing.assert_array_equal(h.iterations, [0, 1])
    np.testing.assert_array_equal(h.params[-1], lecture_net.flat_parameters())


def test_a_non_finite_loss_without_an_overflowing_layer_stops_the_run():
    net = nm.Network((1, 1), ("linear",), weights=[[[1.0]]], biases=[[0.0]])
    X, y = np.array([[1.0], [2.0]]), np.array([[2.0], [4.0]])
    h = nm.train(net, X, y, nm.GD(1e159), 5)
    assert h.stop_reason == "diverged" and h.n_updates == 0
    assert h.message == "Update 1 diverged: the loss exceeded 1e12 (it is inf)."
    np.testing.assert_array_equal(net.flat_parameters(), [1.0, 0.0])


def test_an_undone_update_between_snapshots_keeps_the_last_good_parameters():
    # y_hat = e^w chases y = 1e5 from w = -30: the gradient grows with e^w, so the steps creep, then one
    # overshoots past w = 709 where e^w overflows; the loss stays below 1e10 until then.
    net = nm.Network((1, 1), ("exponential",), use_bias=False, weights=[[[-30.0]]])
    h = nm.train(net, [[1.0]], [[1e5]], nm.GD(1e6), 100, record_every=50)
    assert h.stop_reason == "diverged" and h.n_updates == 57
    assert h.message.startswith("Update 58 diverged: Layer 1 (exponential) overflows: its output")
    assert h.loss.max() <= 1e10
    np.testing.assert_array_equal(h.iterations, [0, 50, 57])
    np.testing.assert_array_equal(h.params[-1], net.flat_parameters())
    assert np.isfinite(h.loss).all()


def test_initial_weights_that_overflow_raise():
    X = np.random.default_rng(0).normal(size=(50, 3))
    net = nm.Network([3, 1, 1, 1, 1], ["exponential"] * 3 + ["sigmoid"], seed=401)
    with pytest.raises(nm.OverflowInLayer, match=r"^Layer 3 \(exponential\) overflows"):
        nm.train(net, X, np.zeros((50, 1)), nm.GD(0.1), 10)
    huge = nm.Network((1, 1), ("linear",), weights=[[[1.0]]], biases=[[0.0]])
    with pytest.raises(ValueError, match="The loss is not finite at the initial weights"):
        nm.Training(huge, [[1.0]], [[1e300]], nm.GD(0.1), 3)


def test_initial_loss_above_1e12_stops_at_once():
    net = nm.Network((1, 1), ("linear",), weights=[[[1.0]]], biases=[[0.0]])
    h = nm.train(net, [[1.0]], [[1e7]], nm.GD(0.1), 3)
    assert h.stop_reason == "diverged" and h.n_updates == 0
    assert h.message == "At the initial weights: the loss exceeded 1e12 (it is 1e+14)."


def test_train_checks_shapes_and_memory():
    net = nm.Network((3, 2, 1), ("tanh", "linear"), seed=0)
    with pytest.raises(nm.ShapeError, match="network takes 3 inputs"):
        nm.train(net, np.ones((4, 2)), np.ones(4), nm.GD(0.1), 3)
    with pytest.raises(nm.ShapeError, match="network has 1 outputs"):
        nm.train(net, np.ones((4, 3)), np.ones((4, 2)), nm.GD(0.1), 3)
    wide = nm.Network((100, 100, 1), ("tanh", "linear"), seed=0)
    with pytest.raises(ValueError, match=r"^record_every = 1 keeps up to 10,000,002 snapshots of 10,201 parameters"):
        nm.Training(wide, np.ones((2, 100)), np.ones(2), nm.GD(0.1), 10_000_000)


def test_callback_reports_at_most_about_200_times(lecture_net):
    calls = []
    h = nm.train(lecture_net, DATA.X, DATA.y, nm.GD(0.001), 1000, callback=lambda i, loss: calls.append((i, loss)))
    assert len(calls) == 200
    assert calls[0] == (5, h.loss[5]) and calls[-1] == (1000, h.loss[1000])


def test_history_is_consistent_while_another_thread_trains(lecture_net):
    run = nm.Training(lecture_net, DATA.X, DATA.y, nm.Adam(0.01), 1500, record_every=10)
    worker = threading.Thread(target=run.advance, args=(1500,))
    worker.start()
    snapshots = []
    while worker.is_alive():
        snapshots.append(run.history())
    worker.join()
    snapshots.append(run.history())
    for h in snapshots:
        assert h.iterations[-1] == h.n_updates
        assert h.params.shape == (h.iterations.size, 8)
        assert h.stop_reason in ("running", "max_iter")
    assert snapshots[-1].stop_reason == "max_iter"
