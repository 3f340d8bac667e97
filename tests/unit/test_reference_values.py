"""Every number of shared/reference-values.md, asserted one by one through the public nnmath API."""

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets


@pytest.mark.parametrize(
    ("X", "w", "b", "z"),
    [
        ([[1, 2], [3, -1]], [[2], [-1]], [[1], [1]], [[1], [8]]),
        ([[1, 0, 1], [1, 2, 1]], [[1], [2], [1]], [[2], [2]], [[4], [8]]),
        ([[1, -1], [0, 5], [2, -2]], [[5], [-7]], [[1], [1], [1]], [[13], [-34], [25]]),
    ],
    ids=["lecture-code", "exercise-1", "exercise-2"],
)
def test_forward_presets(X, w, b, z):
    np.testing.assert_array_equal(nm.dense(X, w, b), np.array(z, dtype=float))


@pytest.mark.parametrize(
    ("name", "a1", "a8"),
    [
        ("sigmoid", 0.7310585786, 0.9996646499),
        ("tanh", 0.7615941560, 0.9999997749),
        ("relu", 1.0, 8.0),
        ("exponential", 2.7182818285, 2980.9579870417),
        ("softplus", 1.3132616875, 8.0003354064),
        ("softmax", 0.0009110512, 0.9990889488),
    ],
)
def test_activations_at_1_and_8(name, a1, a8):
    a = nm.ACTIVATIONS[name].fn(np.array([1.0, 8.0]))
    assert a[0] == pytest.approx(a1, abs=1e-8)
    assert a[1] == pytest.approx(a8, abs=1e-8)


def test_toy_targets_printed_by_the_lecture():
    d = datasets.lecture_toy_regression()
    expected = [4.6, 6.1, 3.1, 1.6, 6.1, 1.6, 4.6, -2.15, 2.65, 4.6, 1.6, 0.1]
    np.testing.assert_allclose(d.y.ravel(), expected, atol=1e-12)


def test_first_batch_gradients():
    d = datasets.lecture_toy_regression()
    dw, db = nm.linreg_gradients(d.X[:3], d.y[:3], np.ones((2, 1)), 0.0)
    assert dw.shape == (2, 1)
    assert dw[0, 0] == pytest.approx(-6.0, abs=1e-9)
    assert dw[1, 0] == pytest.approx(-4.266666666666667, abs=1e-9)
    assert db == pytest.approx(-3.2, abs=1e-9)


def test_first_update_with_eta_0_1():
    d = datasets.lecture_toy_regression()
    h = nm.gradient_descent(d.X, d.y, eta=0.1, batch_size=3, shuffle=False, max_iter=1)
    np.testing.assert_array_equal(h.rows(1), [0, 1, 2])
    assert h.w[1, 0] == pytest.approx(1.6, abs=1e-9)
    assert h.w[1, 1] == pytest.approx(1.4266666666666667, abs=1e-9)
    assert h.b[1] == pytest.approx(0.32, abs=1e-9)
    assert h.dw[1, 0] == pytest.approx(-6.0, abs=1e-9)
    assert h.dw[1, 1] == pytest.approx(-4.266666666666667, abs=1e-9)
    assert h.db[1] == pytest.approx(-3.2, abs=1e-9)


def test_full_batch_gd_reaches_the_true_parameters():
    d = datasets.lecture_toy_regression()
    h = nm.gradient_descent(d.X, d.y, eta=0.1, max_iter=1000, tol=0.0)
    assert h.n_updates == 1000
    assert h.stop_reason == "max_iter"
    assert h.w[-1, 0] == pytest.approx(1.5, abs=1e-6)
    assert h.w[-1, 1] == pytest.approx(1.5, abs=1e-6)
    assert h.b[-1] == pytest.approx(0.1, abs=1e-6)
    w_ls, b_ls = nm.least_squares(d.X, d.y)
    np.testing.assert_allclose(w_ls, [1.5, 1.5], atol=1e-12)
    assert b_ls == pytest.approx(0.1, abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 42])
def test_mini_batch_gd_as_lr_gradient_descent(seed):
    d = datasets.lecture_toy_regression()
    h = nm.gradient_descent(d.X, d.y, eta=0.1, batch_size=3, max_iter=1000, seed=seed)
    assert h.w[-1, 0] == pytest.approx(1.5, abs=1e-2)
    assert h.w[-1, 1] == pytest.approx(1.5, abs=1e-2)
    assert h.b[-1] == pytest.approx(0.1, abs=1e-2)


def test_loop_semantics_drop_the_remainder_and_stop_on_tol():
    d = datasets.lecture_toy_regression()
    h = nm.gradient_descent(d.X, d.y, eta=0.05, batch_size=5, max_iter=3, tol=0.0, seed=0)
    assert h.n_updates == 3 * (12 // 5)
    np.testing.assert_array_equal(h.epoch[1:], [1, 1, 2, 2, 3, 3])
    for epoch in (1, 2, 3):
        rows = np.concatenate([h.rows(t) for t in np.flatnonzero(h.epoch == epoch)])
        assert len(set(rows.tolist())) == 10
    stopped = nm.gradient_descent(d.X, d.y, eta=0.1, batch_size=3, max_iter=1000, tol=1e-8, seed=0)
    assert stopped.stop_reason == "tol"
    last = stopped.batch_loss[-1]
    assert last > 0


@pytest.mark.parametrize(
    ("eta", "thetas"),
    [
        (0.01, [(1.573333, 0.153333), (1.991200, 0.265378), (2.295737, 0.347324)]),
        (0.02, [(2.146667, 0.306667), (2.671467, 0.448178), (2.911500, 0.514055)]),
        (0.05, [(3.866667, 0.766667), (2.846667, 0.501111), (3.207185, 0.602111)]),
    ],
)
def test_backprop_exercise_thetas(eta, thetas):
    e = datasets.lecture_exercise()
    h = nm.gradient_descent(e.X, e.y, w0=[1.0], b0=0.0, eta=eta, max_iter=3, tol=0.0)
    for t, (w, b) in enumerate(thetas, start=1):
        assert h.w[t, 0] == pytest.approx(w, abs=1e-6)
        assert h.b[t] == pytest.approx(b, abs=1e-6)


def test_lecture_network_data_reproduces_the_global_seed():
    d = datasets.lecture_network_data()
    state = np.random.get_state()
    try:
        np.random.seed(0)
        expected = np.random.randn(10000, 3)
    finally:
        np.random.set_state(state)
    np.testing.assert_array_equal(d.X, expected)
    np.testing.assert_array_equal(d.true_weights[0], [[0.25, 0.75], [0.5, 0.5], [0.75, 0.25]])
    np.testing.assert_array_equal(d.true_weights[1], [[2.0], [3.0]])


def test_lecture_network_initial_loss_and_first_step(lecture_net):
    d = datasets.lecture_network_data()
    assert lecture_net.backward(d.X, d.y).loss == pytest.approx(338.0509547503, rel=1e-9)
    h = nm.train(lecture_net, d.X, d.y, nm.GD(0.0005), 1)
    assert h.loss[0] == pytest.approx(338.0509547503, rel=1e-9)
    assert h.loss[1] == pytest.approx(299.9551701178, rel=1e-9)


def test_lecture_manual_backprop_weights(lecture_gd_run):
    net, history = lecture_gd_run
    W1, W2 = net.weights
    for got, want in zip(W1[:, 0], [0.24985576, 0.50002110, 0.75018656], strict=True):
        assert got == pytest.approx(want, abs=1e-8)
    for got, want in zip(W1[:, 1], [0.74987578, 0.49998626, 0.25009692], strict=True):
        assert got == pytest.approx(want, abs=1e-8)
    for got, want in zip(W2[:, 0], [1.99874327, 3.00125615], strict=True):
        assert got == pytest.approx(want, abs=1e-8)
    assert history.loss[-1] == pytest.approx(1.39257e-08, rel=1e-4)
    assert history.stop_reason == "max_iter"
    assert history.n_updates == 5000


def test_lecture_adam_matches_keras(lecture_adam_run):
    net, history = lecture_adam_run
    keras_w1 = [[0.25250572, 0.75124925], [0.49919188, 0.50062895], [0.74790984, 0.2485936]]
    keras_w2 = [[2.0164018], [2.983464]]
    for got, want in zip(net.weights[0].ravel(), np.ravel(keras_w1), strict=True):
        assert got == pytest.approx(want, abs=1e-4)
    for got, want in zip(net.weights[1].ravel(), np.ravel(keras_w2), strict=True):
        assert got == pytest.approx(want, abs=1e-4)
    assert history.optimizer == "Adam (learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)"
