"""nnviz.code.trainer: the NumPy code, run alone, prints what nnmath trains; the Keras code is the lecture's model."""

from __future__ import annotations

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnviz.code import trainer as code
from services.trainer import LECTURE_NET, NetworkSpec
from tests.app.conftest import printed_numbers, run_numpy_code
from ui.states.network_trainer import HIDDEN_ACTIVATIONS


def test_every_registry_entry_has_its_code():
    assert set(code.UPDATE_CODE) == set(nm.OPTIMIZERS)
    assert set(code.ACTIVATION_CODE) == set(HIDDEN_ACTIVATIONS)
    assert set(code.SURFACE_CODE) == set(datasets.SURFACES)


@pytest.mark.parametrize("name", list(datasets.SURFACES))
def test_each_surface_expression_is_nnmaths_function(name):
    x1, x2 = np.linspace(-2, 2, 9), np.linspace(2, -2, 9)
    assert np.array_equal(
        eval(code.SURFACE_CODE[name], {"np": np, "x1": x1, "x2": x2}), datasets.SURFACES[name][1](x1, x2)
    )


@pytest.mark.parametrize("name", list(code.ACTIVATION_CODE))
def test_each_activation_expression_is_nnmaths(name):
    z = np.linspace(-4, 4, 17)
    fn, grad = code.ACTIVATION_CODE[name]
    act = nm.ACTIVATIONS[name]
    a = eval(fn, {"np": np, "z": z})
    assert np.allclose(a, act.fn(z), rtol=1e-15, atol=0)
    assert np.allclose(eval(grad, {"np": np, "z": z, "a": a}), act.grad_from_output(z, a), rtol=1e-15, atol=0)


TYPED = (((0.1, -0.2), (0.3, 0.4), (-0.5, 0.6)), ((1.5,), (-2.0,)))
CASES = [
    (
        code.DataRecipe("surface", 120, 0, 0.0, surface="ripple"),
        NetworkSpec((2, 3, 1), ("tanh", "linear"), True, "keras", 0),
        "Adam",
        {"learning_rate": 0.05, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    ),
    (code.DataRecipe("teacher", 200, 0, 0.0), LECTURE_NET, "GD", {"eta": 0.0005}),
    (
        code.DataRecipe("teacher", 150, 3, 0.5),
        NetworkSpec((3, 4, 4, 1), ("elu", "softplus", "linear"), True, "lecture", 2),
        "Momentum",
        {"eta": 0.01, "momentum": 0.9},
    ),
    (
        code.DataRecipe("surface", 100, 1, 0.1, surface="bump"),
        NetworkSpec((2, 5, 3, 2, 1), ("sigmoid", "leaky_relu", "relu", "exponential"), False, "keras", 5),
        "RMSprop",
        {"learning_rate": 0.01, "rho": 0.9, "epsilon": 1e-7},
    ),
    (
        code.DataRecipe("teacher", 100, 0, 0.0),
        NetworkSpec((3, 2, 1), ("sigmoid", "linear"), True, "typed", 0, TYPED),
        "GD",
        {"eta": 0.05},
    ),
]


@pytest.mark.parametrize(
    ("recipe", "net", "optimizer", "values"), CASES, ids=[c[2] + str(i) for i, c in enumerate(CASES)]
)
def test_the_numpy_code_alone_prints_what_nnmath_trains(recipe, net, optimizer, values):
    iterations = 40
    if recipe.source == "teacher":
        d = datasets.lecture_network_data(n=recipe.rows, seed=recipe.seed, noise=recipe.noise)
    else:
        d = datasets.synthetic_surface(recipe.surface, n=recipe.rows, noise=recipe.noise, seed=recipe.seed)
    network = net.network()
    h = nm.train(network, d.X, d.y, nm.make_optimizer(optimizer, **values), iterations)
    printed = printed_numbers(run_numpy_code(code.numpy_code(recipe, net, optimizer, values, iterations)))
    expected = [*h.params[-1], h.loss[-1]]
    assert len(printed) == len(expected)
    assert np.allclose(printed, expected, rtol=0, atol=1e-9)


def test_the_keras_code_is_the_lectures_model_with_the_registrys_optimizer():
    recipe = code.DataRecipe("teacher", 10_000, 0, 0.0)
    adam = {p.name: p.default for p in nm.Adam.PARAMS}
    text = code.keras_code(recipe, LECTURE_NET, "Adam", adam, 5000)
    assert "W1 = np.array([[0.2, 0.4], [0.6, 0.8], [1.0, 1.2]])" in text
    assert 'a1 = Dense(2, "sigmoid", use_bias=False,' in text
    assert (
        'y_hat = Dense(1, "exponential", use_bias=False,' in text and "kernel_initializer=Constant(weights[1])" in text
    )
    assert "model = Model(x, y_hat)" in text
    assert f'model.compile(optimizer={nm.Adam().keras_code()}, loss="mse")' in text
    assert "model.fit(X, y, epochs=5000, verbose=0, batch_size=len(y))" in text
    assert "np.random.seed(0)\nX = np.random.randn(10000, 3)" in text
    momentum = code.keras_code(recipe, LECTURE_NET, "Momentum", {"eta": 0.01, "momentum": 0.5}, 10)
    assert "keras.optimizers.SGD(learning_rate=0.01, momentum=0.5)" in momentum


def test_keras_is_told_the_leaky_relu_slope_and_a_csv_is_read_by_its_column_names():
    recipe = code.DataRecipe("csv", features=("age", "income"), target="claims")
    net = NetworkSpec((2, 3, 1), ("leaky_relu", "linear"), True, "keras", 0)
    text = code.keras_code(recipe, net, "GD", {"eta": 0.1}, 10)
    assert "keras.activations.leaky_relu(z, negative_slope=0.01)" in text
    assert "X = table[:, [header.index(name) for name in ['age', 'income']]]" in text
    assert "y = table[:, [header.index('claims')]]" in text


def test_an_optimizer_without_numpy_code_says_so():
    with pytest.raises(ValueError, match="no NumPy code for the optimizer 'Nadam'"):
        code.numpy_code(code.DataRecipe("teacher", 10), LECTURE_NET, "Nadam", {}, 1)
