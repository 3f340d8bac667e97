"""The network: the lecture's deltas, overflow named by layer, parameters in and out."""

import pickle

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_backward_is_the_lecture_manual_backprop(lecture_net):
    d = datasets.lecture_network_data(n=200)
    X, y = d.X, d.y
    w1_1, w1_2, w2_1 = (
        datasets.LECTURE_NETWORK_INIT_W1[:, [0]],
        datasets.LECTURE_NETWORK_INIT_W1[:, [1]],
        datasets.LECTURE_NETWORK_INIT_W2,
    )
    # The lecture's loop body, neuron by neuron.
    z1_1, z1_2 = X @ w1_1, X @ w1_2
    a1 = np.concatenate((sigmoid(z1_1), sigmoid(z1_2)), axis=1)
    z2_1 = a1 @ w2_1
    y_hat = np.exp(z2_1)
    delta2_1 = 2 * (y_hat - y) * np.exp(z2_1)
    delta1_1 = w2_1[0] * delta2_1 * sigmoid(z1_1) * (1 - sigmoid(z1_1))
    delta1_2 = w2_1[1] * delta2_1 * sigmoid(z1_2) * (1 - sigmoid(z1_2))

    # Summation order may differ in the last bits, so the tolerance is a few ulps of each array's scale.
    def close(got, want):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-14 * np.max(np.abs(want)))

    g = lecture_net.backward(X, y)
    assert g.loss == pytest.approx(np.mean((y_hat - y) ** 2), rel=1e-14)
    close(g.forward.z[0], np.hstack([z1_1, z1_2]))
    close(g.forward.output, y_hat)
    close(g.deltas[1], delta2_1)
    close(g.deltas[0], np.hstack([delta1_1, delta1_2]))
    close(g.dW[1], np.mean(delta2_1 * a1, axis=0).reshape(2, 1))
    close(g.dW[0], np.column_stack([np.mean(delta1_1 * X, axis=0), np.mean(delta1_2 * X, axis=0)]))
    assert g.db == [None, None]
    np.testing.assert_array_equal(g.flat(), np.concatenate([g.dW[0].ravel(), g.dW[1].ravel()]))


def test_the_overflow_of_the_issue_is_named():
    X = np.random.default_rng(0).normal(size=(50, 3))
    y = np.zeros((50, 1))
    net = nm.Network([3, 1, 1, 1, 1], ["exponential"] * 3 + ["sigmoid"], seed=401)
    with pytest.raises(nm.OverflowInLayer) as caught:
        net.backward(X, y)
    overflow = caught.value
    assert isinstance(overflow, ValueError)
    assert (overflow.layer, overflow.activation) == (3, "exponential")
    assert str(overflow) == (
        "Layer 3 (exponential) overflows: its output is beyond the largest float (about 1.8e308). "
        "Use smaller weights or inputs, or a bounded activation such as tanh."
    )
    with pytest.raises(nm.OverflowInLayer, match="Layer 3"):
        net.forward(X)
    again = pickle.loads(pickle.dumps(overflow))
    assert (again.layer, again.activation, str(again)) == (3, "exponential", str(overflow))


def test_weighted_sum_overflow_in_a_bounded_layer():
    net = nm.Network((1, 1), ("tanh",), weights=[[[1e200]]])
    with pytest.raises(nm.OverflowInLayer) as caught:
        net.forward([[1e200]])
    assert str(caught.value) == (
        "Layer 1 (tanh) overflows: its weighted sum z is beyond the largest float (about 1.8e308). "
        "Use smaller weights or inputs."
    )


def test_backward_overflow_names_the_delta_and_the_gradients():
    deep = nm.Network((1, 1, 1), ("linear", "linear"), use_bias=False, weights=[[[1.0]], [[1e300]]])
    with pytest.raises(nm.OverflowInLayer, match=r"^Layer 1 \(linear\) overflows: its delta \(backward pass\)"):
        deep.backward([[1.0]], [[0.0]])
    wide = nm.Network((1, 1), ("linear",), use_bias=False, weights=[[[1e290]]])
    with pytest.raises(nm.OverflowInLayer, match=r"^Layer 1 \(linear\) overflows: its weight gradient"):
        wide.backward([[1e10]], [[0.0]])
    biased = nm.Network((1, 1), ("linear",), weights=[[[1e308]]], biases=[[0.5e308]])
    with pytest.raises(nm.OverflowInLayer, match=r"^Layer 1 \(linear\) overflows: its bias gradient"):
        biased.backward([[1e-10], [1e-10]], [[0.0], [0.0]])


def test_biases_get_batch_mean_gradients():
    net = nm.Network((2, 2), ("linear",), weights=[np.eye(2)], biases=[[0.5, -0.5]])
    X, y = np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2))
    g = net.backward(X, y)
    residual = X + np.array([0.5, -0.5])
    np.testing.assert_allclose(g.deltas[0], residual)  # 2/q (y_hat - y) with q = 2
    np.testing.assert_allclose(g.db[0], residual.mean(axis=0))
    np.testing.assert_allclose(g.dW[0], X.T @ residual / 2)
    assert [a.shape for a in g.as_list()] == [(2, 2), (2,)]


def test_softmax_layer_backward():
    net = nm.Network((2, 3), ("softmax",), seed=1)
    X, y = np.array([[0.5, -1.0]]), np.array([[1.0, 0.0, 0.0]])
    g = net.backward(X, y)
    a = g.forward.output[0]
    jac = np.diag(a) - np.outer(a, a)
    np.testing.assert_allclose(g.deltas[0][0], jac @ (2 / 3 * (a - y[0])), rtol=1e-12)


def test_parameters_in_and_out():
    net = nm.Network((2, 3, 1), ["tanh", "linear"], seed=np.random.default_rng(4))
    assert net.activations == ["tanh", "linear"] and net.n_params == 13
    assert net.parameter_names()[:3] == ["W1[1,1]", "W1[1,2]", "W1[1,3]"]
    assert net.parameter_names()[6:9] == ["b1[1]", "b1[2]", "b1[3]"]
    theta = np.arange(13.0) / 10
    net.set_flat_parameters(theta)
    np.testing.assert_array_equal(net.flat_parameters(), theta)
    copy = net.copy()
    copy.weights[0][0, 0] = 99.0
    assert net.weights[0][0, 0] == 0.0
    np.testing.assert_array_equal(net.predict([[1.0, 2.0]]), net.forward([[1.0, 2.0]]).output)
    with pytest.raises(nm.ShapeError, match="theta has 3 entries but the network has 13 parameters"):
        net.set_flat_parameters([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="theta contains a missing or infinite value"):
        net.set_flat_parameters(np.full(13, np.nan))
    with pytest.raises(ValueError, match="params has 1 arrays but the network has 4"):
        net.set_parameters([np.zeros((2, 3))])
    single = nm.Network((2, 1), "sigmoid")
    assert single.activations == ["sigmoid"]
    unbiased = nm.Network((2, 1), ("linear",), use_bias=False, seed=0).copy()
    assert unbiased.biases == [None]


def test_weights_and_biases_are_checked():
    with pytest.raises(ValueError, match="1 weight matrices were given for 2 layers"):
        nm.Network((3, 2, 1), ("tanh", "linear"), weights=[np.ones((3, 2))])
    with pytest.raises(ValueError, match="1 bias vectors were given for 2 layers"):
        nm.Network((3, 2, 1), ("tanh", "linear"), biases=[np.ones(2)])
    with pytest.raises(nm.ShapeError, match=r"b1 is 3 but this layer needs 2 \(one per unit\)"):
        nm.Network((3, 2, 1), ("tanh", "linear"), biases=[np.ones(3), np.ones(1)])
    with pytest.raises(ValueError, match="W2 is missing"):
        nm.Network((3, 2, 1), ("tanh", "linear"), weights=[np.ones((3, 2)), None])
    with pytest.raises(ValueError, match="W1 contains a missing or infinite value"):
        nm.Network((1, 1), ("tanh",), weights=[[[np.inf]]])
    net = nm.Network((3, 2, 1), ("tanh", "linear"), biases=[[[1.0, 2.0]], [3.0]])
    np.testing.assert_array_equal(net.biases[0], [1.0, 2.0])


def test_gradient_check_agrees_and_validates(lecture_net):
    d = datasets.lecture_network_data(n=50)
    check = nm.gradient_check(lecture_net, d.X, d.y, eps=1e-5)
    np.testing.assert_allclose(check.backprop, lecture_net.backward(d.X, d.y).flat())
    assert np.max(check.rel_error) < 1e-6
    assert len(check.names) == check.numeric.size == 8
