"""nnviz.code.gradient_descent: the generated NumPy code runs alone and prints nnmath's numbers."""

from __future__ import annotations

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnviz.code import gradient_descent as code
from tests.app.conftest import printed_numbers, run_numpy_code

TOY = datasets.lecture_toy_regression()


def expected(h: nm.GDHistory, t: int) -> list[float]:
    """What the code prints: update t, k, w(t), b(t), MSE(t), dw(t), db(t), then k and the last w, b, MSE."""
    return [t, h.n_updates, *h.w[t], h.b[t], h.loss[t], *h.dw[t], h.db[t], h.n_updates, *h.w[-1], h.b[-1], h.loss[-1]]


def test_every_optimizer_of_the_registry_has_its_code():
    assert set(code.OPTIMIZER_CODE) == set(nm.OPTIMIZERS)


@pytest.mark.parametrize(
    ("name", "params", "batch_size", "shuffle"),
    [
        ("GD", (), 3, False),
        ("Momentum", (("momentum", 0.8),), 3, True),
        ("RMSprop", (("rho", 0.9), ("epsilon", 1e-7)), None, False),
        ("Adam", (("beta_1", 0.9), ("beta_2", 0.999), ("epsilon", 1e-7)), 1, True),
    ],
)
def test_the_code_reproduces_each_optimizer_to_1e_9(name, params, batch_size, shuffle):
    cls = nm.OPTIMIZERS[name]
    optimizer = cls(**{cls.PARAMS[0].name: 0.05}, **dict(params))
    h = nm.gradient_descent(
        TOY.X, TOY.y, w0=[1, 1], b0=0, batch_size=batch_size, max_iter=200, tol=1e-8, shuffle=shuffle, seed=3,
        optimizer=optimizer,
    )  # fmt: skip
    source = code.numpy_code(
        code.lecture_data(TOY.X, datasets.LECTURE_W_TRUE, datasets.LECTURE_B_TRUE),
        eta=0.05, batch_size=batch_size, w0=(1, 1), b0=0, epochs=200, tol=1e-8, shuffle=shuffle, seed=3,
        optimizer=name, params=params, shown=5,
    )  # fmt: skip
    assert "def lr_gradient_descent(X, y, batch_size, eta, w, b, max_iter, tol):" in source
    np.testing.assert_allclose(printed_numbers(run_numpy_code(source)), expected(h, 5), rtol=0, atol=1e-9)


def test_synthetic_and_exercise_data_are_drawn_as_nnmath_draws_them():
    d = datasets.synthetic_regression(n=30, w=(2.0, -1.0), b=0.5, noise=0.5, seed=4)
    h = nm.gradient_descent(d.X, d.y, w0=[0.5, 0.5], b0=1.0, eta=0.1, batch_size=None, max_iter=40, tol=0)
    source = code.numpy_code(
        code.synthetic_data(30, (2.0, -1.0), 0.5, 0.5, 4),
        eta=0.1, batch_size=None, w0=(0.5, 0.5), b0=1.0, epochs=40, tol=0.0, shuffle=False, seed=0,
        optimizer="GD", shown=40,
    )  # fmt: skip
    printed = printed_numbers(run_numpy_code(source))
    np.testing.assert_allclose(printed[:6], expected(h, 40)[:6], rtol=0, atol=1e-9)
    e = datasets.lecture_exercise()
    h = nm.gradient_descent(e.X, e.y, w0=[1.0], b0=0.0, eta=0.01, max_iter=3, tol=0)
    source = code.numpy_code(
        code.exercise_data(), eta=0.01, batch_size=None, w0=(1.0,), b0=0.0, epochs=3, tol=0.0, shuffle=False,
        seed=0, optimizer="GD", shown=1,
    )  # fmt: skip
    printed = printed_numbers(run_numpy_code(source))
    np.testing.assert_allclose(printed, expected(h, 1), rtol=0, atol=1e-9)
    assert printed[2:4] == pytest.approx([1.573333, 0.153333], abs=1e-6)  # the reference values


def test_a_diverging_run_stops_where_nnmath_stops():
    h = nm.gradient_descent(TOY.X, TOY.y, eta=2.0, max_iter=1000, tol=0)
    assert h.stop_reason == "diverged"
    source = code.numpy_code(
        code.lecture_data(TOY.X, datasets.LECTURE_W_TRUE, datasets.LECTURE_B_TRUE),
        eta=2.0, batch_size=None, w0=(1, 1), b0=0, epochs=1000, tol=0.0, shuffle=False, seed=0, optimizer="GD",
        shown=2,
    )  # fmt: skip
    out = run_numpy_code(source)
    assert f"stopped (diverged) after {h.n_updates} updates" in out
    np.testing.assert_allclose(printed_numbers(out)[:9], expected(h, 2)[:9], rtol=1e-12)


def test_uploaded_data_is_inline_when_small_and_loaded_when_large():
    small = code.uploaded_data(TOY.X, TOY.y, ["a", "b"], "y")
    assert "X = np.array([" in small and "[-1.0, -0.5]" in small
    X = np.arange(402.0).reshape(201, 2)
    large = code.uploaded_data(X, X[:, 0], ["x1", "x2"], "target")
    assert "201 rows, too many to write here" in large
    assert "np.loadtxt(csv_file, delimiter=',', skiprows=1, ndmin=2)" in large
    assert "X = table[:, [header.index(name) for name in ['x1', 'x2']]]" in large
    assert "y = table[:, [header.index('target')]]" in large
