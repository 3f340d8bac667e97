"""Property tests: gradients against central finite differences, shapes, repeatability.

Tolerances scale with what is compared. A central difference of f with step eps is off by about
eps^2 / 6 times the third derivative of f (truncation), plus the rounding of f itself: a few ulps of |f|
divided by eps. So each comparison allows a relative error, an absolute error proportional to the largest
value compared, and the rounding term of the function differenced.
"""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import nnmath as nm
from nnmath import datasets

KINKED = {"relu", "leaky_relu", "elu"}
ELEMENTWISE = [name for name, act in nm.ACTIVATIONS.items() if act.elementwise]
EPS = 1e-6


def central_difference(f, x, eps=EPS):
    x = np.asarray(x, dtype=float)
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (f(up) - f(down)) / (2 * eps)
    return grad


def assert_matches_numeric(analytic, numeric, *, f_scale, rtol=1e-5, eps=EPS):
    """Compare an analytic gradient with a central difference of a function of magnitude ``f_scale``."""
    analytic, numeric = np.asarray(analytic, dtype=float), np.asarray(numeric, dtype=float)
    value_scale = max(1.0, float(np.max(np.abs(numeric))), float(np.max(np.abs(analytic))))
    rounding = 1e-13 * max(1.0, abs(f_scale)) / eps
    np.testing.assert_allclose(analytic, numeric, rtol=rtol, atol=1e-6 * value_scale + rounding)


def test_every_registry_entry_is_complete():
    for name, act in nm.ACTIVATIONS.items():
        assert act.name == name
        assert act.label and act.latex and act.grad_latex
        z = np.array([-2.0, -0.5, 0.5, 2.0])
        assert act.fn(z).shape == z.shape
        assert np.all(np.isfinite(act.grad(z)))


@pytest.mark.parametrize("name", list(nm.ACTIVATIONS))
def test_no_overflow_warning_at_plus_minus_1000(name):
    z = np.array([-1000.0, 1000.0])
    act = nm.ACTIVATIONS[name]
    act.fn(z)
    act.grad(z)


@pytest.mark.parametrize("name", ELEMENTWISE)
@given(z=st.floats(-20, 20, allow_nan=False))
@settings(max_examples=60, deadline=None)
def test_elementwise_grad_matches_finite_differences(name, z):
    if name in KINKED:
        assume(abs(z) > 1e-3)
    act = nm.ACTIVATIONS[name]
    numeric = central_difference(lambda v: float(act.fn(v)[()]), np.array(z))
    assert_matches_numeric(act.grad(np.array(z)), numeric, f_scale=float(act.fn(np.array(z))))


@given(seed=st.integers(0, 10_000), k=st.integers(1, 6))
@settings(max_examples=40, deadline=None)
def test_softmax_jacobian_matches_finite_differences(seed, k):
    z = np.random.default_rng(seed).normal(size=k) * 3
    act = nm.ACTIVATIONS["softmax"]
    jac = act.grad(z)
    for j in range(k):
        numeric = central_difference(lambda v, j=j: act.fn(v)[j], z)
        assert_matches_numeric(jac[j], numeric, f_scale=1.0)


def network_loss(net, X, y, theta):
    probe = net.copy()
    probe.set_flat_parameters(theta)
    return nm.mse(probe.predict(X), y)


def first_overflow(net, X):
    """The layer (from 1) whose z or a first leaves the floats, recomputed here in plain NumPy; None if none."""
    a = X
    with np.errstate(over="ignore", invalid="ignore"):
        for k, (W, b, layer) in enumerate(zip(net.weights, net.biases, net.layers, strict=True), start=1):
            z = a @ W + (0.0 if b is None else b)
            a = layer.fn(z)
            if not (np.all(np.isfinite(z)) and np.all(np.isfinite(a))):
                return k
    return None


@given(
    seed=st.integers(0, 100_000),
    hidden=st.lists(st.integers(1, 5), min_size=1, max_size=3),
    acts=st.lists(st.sampled_from(list(nm.ACTIVATIONS)), min_size=4, max_size=4),
    use_bias=st.booleans(),
    q=st.integers(1, 2),
    scale=st.sampled_from([0.3, 1.0, 30.0]),
)
@settings(max_examples=60, deadline=None)
def test_backward_matches_finite_differences(seed, hidden, acts, use_bias, q, scale):
    rng = np.random.default_rng(seed)
    sizes = [3, *hidden, q]
    activations = acts[: len(sizes) - 1]
    net = nm.Network(sizes, activations, use_bias=use_bias, seed=seed)
    if use_bias:
        net.set_parameters([p + rng.normal(scale=0.3, size=p.shape) for p in net.parameters()])
    X = rng.normal(scale=scale, size=(7, 3))
    y = rng.normal(size=(7, q))

    overflowing = first_overflow(net, X)
    if overflowing is not None:
        with pytest.raises(nm.OverflowInLayer) as caught:
            net.backward(X, y)
        assert caught.value.layer == overflowing
        assert caught.value.activation == activations[overflowing - 1]
        assert str(caught.value).startswith(f"Layer {overflowing} ({activations[overflowing - 1]}) overflows")
        return

    fp = net.forward(X)
    inputs = [X, *fp.a[:-1]]
    for layer, z, a_prev in zip(activations, fp.z, inputs, strict=True):
        if layer in KINKED:
            assume(np.min(np.abs(z)) > 1e-4 * max(1.0, float(np.max(np.abs(a_prev)))))
    assume(all(np.max(np.abs(a)) < 1e6 for a in fp.a))
    g = net.backward(X, y)
    numeric = central_difference(lambda th: network_loss(net, X, y, th), net.flat_parameters())
    assert_matches_numeric(g.flat(), numeric, f_scale=g.loss, rtol=1e-4)


def test_gradient_check_on_the_lecture_network():
    d = datasets.lecture_network_data(n=200)
    net = nm.Network(
        (3, 2, 1),
        ("sigmoid", "exponential"),
        use_bias=False,
        weights=[datasets.LECTURE_NETWORK_INIT_W1, datasets.LECTURE_NETWORK_INIT_W2],
    )
    check = nm.gradient_check(net, d.X, d.y)
    assert check.names == ["W1[1,1]", "W1[1,2]", "W1[2,1]", "W1[2,2]", "W1[3,1]", "W1[3,2]", "W2[1,1]", "W2[2,1]"]
    assert np.max(check.rel_error) < 1e-6


@given(seed=st.integers(0, 10_000), p=st.integers(1, 3), n=st.integers(2, 30))
@settings(max_examples=40, deadline=None)
def test_linreg_gradients_match_finite_differences(seed, p, n):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = rng.normal(size=n)
    w = rng.normal(size=p)
    b = float(rng.normal())
    dw, db = nm.linreg_gradients(X, y, w, b)
    theta = np.append(w, b)
    numeric = central_difference(lambda th: nm.mse(X @ th[:-1] + th[-1], y), theta)
    assert_matches_numeric(np.append(dw.ravel(), db), numeric, f_scale=nm.mse(X @ w + b, y))


@given(seed=st.integers(0, 10_000), other=st.integers(0, 10_000))
@settings(max_examples=20, deadline=None)
def test_batch_gd_path_does_not_depend_on_the_shuffle(seed, other):
    d = datasets.lecture_toy_regression()
    a = nm.gradient_descent(d.X, d.y, eta=0.05, max_iter=30, tol=0, seed=seed)
    b = nm.gradient_descent(d.X, d.y, eta=0.05, max_iter=30, tol=0, seed=other, shuffle=False)
    np.testing.assert_array_equal(a.w, b.w)
    np.testing.assert_array_equal(a.b, b.b)


@given(seed=st.integers(0, 10_000), batch_size=st.integers(1, 12))
@settings(max_examples=20, deadline=None)
def test_a_seed_makes_every_run_repeat(seed, batch_size):
    d = datasets.lecture_toy_regression()
    runs = [nm.gradient_descent(d.X, d.y, eta=0.05, batch_size=batch_size, max_iter=5, seed=seed) for _ in range(2)]
    np.testing.assert_array_equal(runs[0].w, runs[1].w)
    assert runs[0].seed == runs[1].seed == seed
    for t in range(runs[0].n_updates + 1):
        np.testing.assert_array_equal(runs[0].rows(t), runs[1].rows(t))
    nets = [nm.Network((2, 3, 1), ("tanh", "linear"), seed=seed) for _ in range(2)]
    np.testing.assert_array_equal(nets[0].flat_parameters(), nets[1].flat_parameters())


@given(seed=st.integers(0, 10_000), p=st.integers(1, 3), n=st.integers(3, 40))
@settings(max_examples=30, deadline=None)
def test_mse_surface_equals_the_direct_mse(seed, p, n):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = rng.normal(size=n)
    w = rng.normal(size=p)
    b = float(rng.normal())
    v1 = np.linspace(-2, 2, 5)
    v2 = np.linspace(-1, 3, 4)
    params = (0, p)
    surface = nm.mse_surface(X, y, v1, v2, params=params, w=w, b=b)
    assert surface.shape == (4, 5)
    for j, v in enumerate(v2):
        for i, u in enumerate(v1):
            theta = np.append(w, b)
            theta[params[0]], theta[params[1]] = u, v
            direct = np.mean((X @ theta[:-1] + theta[-1] - y) ** 2)
            assert surface[j, i] == pytest.approx(direct, rel=1e-9, abs=1e-12 * max(1.0, float(np.mean(y**2))))
