"""Bad input raises ValueError with a message a student understands; divergence stops cleanly."""

from fractions import Fraction

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnmath.validation import check_int, shape_str


def test_dense_names_both_shapes():
    with pytest.raises(nm.ShapeError, match=r"X is 2x3 but W is 2x1: columns of X must equal rows of W"):
        nm.dense(np.ones((2, 3)), np.ones((2, 1)))
    assert issubclass(nm.ShapeError, ValueError)


@pytest.mark.parametrize("b", [1.0, [1.0, 2.0], [[1.0, 2.0]], np.ones((3, 2))])
def test_dense_accepts_every_bias_form(b):
    z = nm.dense(np.ones((3, 2)), np.eye(2), b)
    np.testing.assert_allclose(z, np.ones((3, 2)) + np.asarray(b))


def test_dense_rejects_a_bias_that_does_not_fit():
    with pytest.raises(nm.ShapeError, match=r"b is 4"):
        nm.dense(np.ones((3, 2)), np.eye(2), [1, 2, 3, 4])


def test_dense_without_bias_a_column_bias_and_overflow():
    np.testing.assert_array_equal(nm.dense([[1, 2], [3, -1]], [2, -1]), [[0.0], [7.0]])
    np.testing.assert_array_equal(nm.dense([[1, 2], [3, -1]], [2, -1], [1, 1]), [[1.0], [8.0]])
    np.testing.assert_array_equal(nm.dense([[1, 2], [3, -1], [0, 0]], [2, -1], [1, 2, 3]), [[1.0], [9.0], [3.0]])
    with pytest.raises(ValueError, match=r"z = Xw \+ b overflows"):
        nm.dense([[1e200]], [[1e200]])


def test_shapes_are_written_as_on_the_board():
    assert shape_str(()) == "a scalar"
    assert shape_str((2, 3)) == "2x3"
    with pytest.raises(nm.ShapeError, match="X must be a matrix \\(2-D\\), but it has shape 2x2x2"):
        nm.dense(np.ones((2, 2, 2)), np.ones((2, 1)))
    assert nm.ACTIVATIONS["relu"]([-1, 2]).tolist() == [0.0, 2.0]
    with pytest.raises(ValueError, match=r"^k must be a whole number from 0 to 3, but it is Fraction\(1000"):
        check_int(Fraction(10**400, 3), "k", 0, 3)


def test_text_and_non_finite_cells():
    with pytest.raises(ValueError, match="numbers only"):
        nm.dense([["1", "x"]], [[1], [2]])
    with pytest.raises(ValueError, match=r"missing or infinite value \(at entry \(1, 2\)"):
        nm.dense([[1, np.nan]], [[1], [2]])


def test_mse_shapes():
    assert nm.mse([1, 2], [[1], [3]]) == pytest.approx(0.5)
    np.testing.assert_allclose(nm.mse_grad([1.0, 2.0], [1.0, 3.0]), [0.0, -1.0])
    with pytest.raises(nm.ShapeError, match="same shape"):
        nm.mse([1, 2, 3], [1, 2])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"eta": 0}, "eta must be a number greater than 0"),
        ({"eta": -0.1}, "eta must be a number greater than 0"),
        ({"batch_size": 0}, "batch_size must be a whole number from 1"),
        ({"max_iter": 0}, "max_iter must be a whole number from 1"),
        ({"w0": [1, 2, 3]}, "w0 has 3 entries but X has 2 columns"),
        ({"tol": -1}, "tol must be a number at least 0"),
    ],
)
def test_gradient_descent_rejects_bad_settings(kwargs, message):
    d = datasets.lecture_toy_regression()
    with pytest.raises(ValueError, match=message):
        nm.gradient_descent(d.X, d.y, **kwargs)


def test_gradient_descent_rejects_bad_data():
    with pytest.raises(ValueError, match="empty"):
        nm.gradient_descent(np.empty((0, 2)), np.empty(0))
    with pytest.raises(nm.ShapeError, match="X is 3x1 but y is 2x1"):
        nm.gradient_descent([[1], [2], [3]], [1, 2])
    with pytest.raises(ValueError, match="missing or infinite"):
        nm.gradient_descent([[1], [np.inf]], [1, 2])


def test_diverging_gd_stops_and_keeps_its_history():
    d = datasets.lecture_toy_regression()
    stable = nm.max_stable_eta(d.X)
    h = nm.gradient_descent(d.X, d.y, eta=2.0, max_iter=1000, tol=0)
    assert stable < 2.0
    assert h.stop_reason == "diverged"
    assert 0 < h.n_updates < 1000
    assert np.all(np.isfinite(h.w)) and np.all(np.isfinite(h.loss))
    assert h.loss[-1] > 1e12 or not np.isfinite(h.loss[-1])
    converged = nm.gradient_descent(d.X, d.y, eta=0.9 * stable, max_iter=2000, tol=0)
    assert converged.stop_reason == "max_iter"


def test_network_validation():
    with pytest.raises(ValueError, match="Unknown activation 'swish'; choose one of: linear, sigmoid"):
        nm.Network((2, 1), ("swish",))
    with pytest.raises(ValueError, match="one activation per layer"):
        nm.Network((2, 3, 1), ("tanh",))
    with pytest.raises(nm.ShapeError, match=r"W1 is 2x2 but this layer needs 3x2"):
        nm.Network((3, 2, 1), ("sigmoid", "linear"), weights=[np.ones((2, 2)), np.ones((2, 1))])
    net = nm.Network((3, 2, 1), ("sigmoid", "linear"), seed=0)
    with pytest.raises(nm.ShapeError, match="network takes 3 inputs"):
        net.forward(np.ones((4, 2)))
    with pytest.raises(nm.ShapeError, match="network has 1 outputs"):
        net.backward(np.ones((4, 3)), np.ones((4, 2)))
    with pytest.raises(nm.ShapeError, match="y is 3x1 but the network needs 4x1"):
        net.backward(np.ones((4, 3)), np.ones((3, 1)))
    with pytest.raises(ValueError, match="sizes must list from 2 to 33 layer sizes"):
        nm.Network((3,), ())
    with pytest.raises(ValueError, match="sizes must list from 2 to 33"):
        nm.Network([2] * 34, ["tanh"] * 33)
    with pytest.raises(ValueError, match="sizes must be a list of whole numbers"):
        nm.Network("3,2,1", ("tanh", "linear"))
    with pytest.raises(
        ValueError, match=r"sizes \[4096, 4096, 4096\] make about 33,562,624 parameters, above the limit"
    ):
        nm.Network((4096, 4096, 4096), ("tanh", "linear"))
    with pytest.raises(ValueError, match="X is empty"):
        net.forward(np.empty((0, 3)))


def test_glorot_initialisation_is_bounded_and_biases_are_zero():
    net = nm.Network((3, 4, 2), ("tanh", "linear"), seed=7)
    limit = np.sqrt(6 / (3 + 4))
    assert np.all(np.abs(net.weights[0]) <= limit)
    assert np.all(net.biases[0] == 0)
    assert nm.Network((3, 4, 2), ("tanh", "linear"), use_bias=False).biases == [None, None]


def test_diverging_training_stops_and_keeps_finite_weights(lecture_net):
    d = datasets.lecture_network_data(n=500)
    h = nm.train(lecture_net, d.X, d.y, nm.GD(5.0), 200)
    assert h.stop_reason == "diverged"
    assert h.n_updates < 200
    assert np.all(np.isfinite(lecture_net.flat_parameters()))
    assert h.iterations[-1] == h.n_updates
    np.testing.assert_array_equal(h.params[-1], lecture_net.flat_parameters())
    assert h.message.startswith(f"Update {h.n_updates + 1} diverged: ")


def test_train_records_snapshots_and_reports_progress():
    d = datasets.lecture_network_data(n=100)
    net = nm.Network((3, 2, 1), ("sigmoid", "exponential"), use_bias=False, seed=0)
    calls = []
    h = nm.train(net, d.X, d.y, nm.Momentum(0.0005, 0.9), 1000, record_every=300, callback=lambda i, L: calls.append(i))
    np.testing.assert_array_equal(h.iterations, [0, 300, 600, 900, 1000])
    assert h.params.shape == (5, 8)
    np.testing.assert_array_equal(h.params[-1], net.flat_parameters())
    assert calls[-1] == 1000 and len(calls) <= 201
    assert h.loss.shape == (1001,)
    assert h.stop_reason == "max_iter" and h.message == ""


def test_dataset_generators_validate_and_repeat():
    a = datasets.synthetic_regression(n=30, w=(1.0, -2.0), b=0.5, noise=0.1, seed=4)
    b = datasets.synthetic_regression(n=30, w=(1.0, -2.0), b=0.5, noise=0.1, seed=4)
    np.testing.assert_array_equal(a.X, b.X)
    assert a.X.shape == (30, 2) and a.y.shape == (30, 1)
    s = datasets.synthetic_surface("ripple", n=50, seed=1)
    assert s.X.shape == (50, 2)
    np.testing.assert_allclose(s.y[:, 0], np.sin(2 * s.X[:, 0]) + np.cos(2 * s.X[:, 1]))
    noisy = datasets.synthetic_surface("ripple", n=50, noise=0.1, seed=1)
    np.testing.assert_array_equal(noisy.X, s.X)
    assert 0 < np.std(noisy.y - s.y) < 0.2 and "noise sd = 0.1" in noisy.description
    with pytest.raises(ValueError, match="choose one of"):
        datasets.synthetic_surface("nope")
    with pytest.raises(ValueError, match="n must be a whole number from 1 to 100000"):
        datasets.lecture_network_data(n=0)
    with pytest.raises(ValueError, match="w must hold from 1 to 50 true weights"):
        datasets.synthetic_regression(w=())
    with pytest.raises(ValueError, match="w must hold numbers from -1e"):
        datasets.synthetic_regression(w=(1e9,))
    noisy = datasets.lecture_network_data(n=20, noise=0.5, noise_seed=3)
    exact = datasets.lecture_network_data(n=20)
    np.testing.assert_array_equal(noisy.X, exact.X)
    assert 0 < np.std(noisy.y - exact.y) < 2
    assert "N(0, 0.5^2) noise" in noisy.description
    X, W, b = datasets.random_dense_exercise(5, n=3, p=2, q=2, low=-1, high=1)
    assert X.shape == (3, 2) and W.shape == (2, 2) and b.shape == (3, 2)
    assert set(np.unique(np.concatenate([X.ravel(), W.ravel(), b.ravel()]))) <= {-1.0, 0.0, 1.0}
    np.testing.assert_array_equal(b[0], b[2])
