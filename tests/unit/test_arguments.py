"""Every scalar argument of every public entry point rejects bad values with a ValueError that names it.

Each argument gets NaN, infinities, 1e400 (a float literal that is inf), a 400-digit int, a bool, a string
and a value out of its range; the message must start with the argument's name and say what is allowed.
"""

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnmath.activations import vanishing_regions
from nnmath.validation import check_int, check_real, shown

TOY = datasets.lecture_toy_regression()
NET_DATA = datasets.lecture_network_data(n=20)


def small_net(**kwargs):
    return nm.Network((3, 2, 1), ("sigmoid", "exponential"), use_bias=False, seed=0, **kwargs)


def gd(**kwargs):
    return nm.gradient_descent(TOY.X, TOY.y, **{"max_iter": 2, **kwargs})


def run(**kwargs):
    settings = {"iterations": 3, **kwargs}
    return nm.Training(small_net(), NET_DATA.X, NET_DATA.y, nm.GD(0.001), **settings)


GD_RUN = gd(batch_size=3, seed=0)

# (argument name in the message, call with the value, a value out of range or None when every finite number is fine)
ARGUMENTS = [
    ("batch_size", lambda v: gd(batch_size=v), 0),
    ("max_iter", lambda v: gd(max_iter=v), 0),
    ("tol", lambda v: gd(tol=v), -1e-3),
    ("eta", lambda v: gd(eta=v), 0.0),
    ("b0", lambda v: gd(b0=v), None),
    ("seed", lambda v: gd(seed=v), -1),
    ("t", lambda v: GD_RUN.rows(v), GD_RUN.n_updates + 1),
    ("t", lambda v: nm.step_detail(TOY.X, TOY.y, GD_RUN, v), 0),
    ("b", lambda v: nm.linreg_gradients(TOY.X, TOY.y, [1.0, 1.0], v), None),
    ("iterations", lambda v: nm.train(small_net(), NET_DATA.X, NET_DATA.y, nm.GD(0.001), v), 0),
    ("record_every", lambda v: nm.train(small_net(), NET_DATA.X, NET_DATA.y, nm.GD(0.001), 3, record_every=v), 0),
    ("iterations", lambda v: run(iterations=v), nm.training.MAX_ITERATIONS + 1),
    ("steps", lambda v: run().advance(v), -1),
    ("sizes[1]", lambda v: nm.Network((3, v, 1), ("tanh", "linear")), 4097),
    ("seed", lambda v: nm.Network((3, 2, 1), ("tanh", "linear"), seed=v), 2**32),
    ("eps", lambda v: nm.gradient_check(small_net(), NET_DATA.X, NET_DATA.y, eps=v), 0.0),
    ("n", lambda v: datasets.lecture_network_data(n=v), 0),
    ("seed", lambda v: datasets.lecture_network_data(n=5, seed=v), -1),
    ("noise", lambda v: datasets.lecture_network_data(n=5, noise=v), -0.5),
    ("noise_seed", lambda v: datasets.lecture_network_data(n=5, noise=0.1, noise_seed=v), -1),
    ("n", lambda v: datasets.synthetic_regression(n=v), datasets.MAX_ROWS + 1),
    ("b", lambda v: datasets.synthetic_regression(b=v), 1e7),
    ("noise", lambda v: datasets.synthetic_regression(noise=v), -1.0),
    ("seed", lambda v: datasets.synthetic_regression(seed=v), -1),
    ("n", lambda v: datasets.synthetic_surface(n=v), 0),
    ("noise", lambda v: datasets.synthetic_surface(noise=v), -1.0),
    ("seed", lambda v: datasets.synthetic_surface(seed=v), -1),
    ("seed", lambda v: datasets.random_dense_exercise(v), -1),
    ("n", lambda v: datasets.random_dense_exercise(0, n=v), 9),
    ("p", lambda v: datasets.random_dense_exercise(0, p=v), 0),
    ("q", lambda v: datasets.random_dense_exercise(0, q=v), 0),
    ("low", lambda v: datasets.random_dense_exercise(0, low=v), -101),
    ("high", lambda v: datasets.random_dense_exercise(0, low=2, high=v), 1),
    ("b", lambda v: nm.mse_surface(TOY.X, TOY.y, [0.0, 1.0], [0.0, 1.0], b=v), None),
    ("params", lambda v: nm.mse_surface(TOY.X, TOY.y, [0.0, 1.0], [0.0, 1.0], params=(0, v)), 3),
    ("threshold", lambda v: vanishing_regions("sigmoid", np.linspace(-5, 5, 11), threshold=v), 0.0),
    ("eta", lambda v: nm.GD(v), 0.0),
    ("eta", lambda v: nm.Momentum(eta=v), -0.1),
    ("momentum", lambda v: nm.Momentum(momentum=v), 1.0),
    ("learning_rate", lambda v: nm.RMSprop(learning_rate=v), 0.0),
    ("rho", lambda v: nm.RMSprop(rho=v), 1.0),
    ("epsilon", lambda v: nm.RMSprop(epsilon=v), 0.0),
    ("learning_rate", lambda v: nm.Adam(learning_rate=v), -1.0),
    ("beta_1", lambda v: nm.Adam(beta_1=v), 1.0),
    ("beta_2", lambda v: nm.Adam(beta_2=v), -0.1),
    ("epsilon", lambda v: nm.Adam(epsilon=v), 0.0),
    ("beta_1", lambda v: nm.make_optimizer("Adam", beta_1=v), 1.5),
]

BAD_VALUES = {
    "nan": float("nan"),
    "inf": float("inf"),
    "-inf": float("-inf"),
    "1e400": 1e400,
    "400-digit int": 10**400,
    "bool": True,
    "string": "12",
}

CASES = [
    pytest.param(name, call, value, id=f"{name}-{k}-{label}")
    for k, (name, call, out_of_range) in enumerate(ARGUMENTS)
    for label, value in [*BAD_VALUES.items(), ("out of range", out_of_range)]
    if value is not None
]


@pytest.mark.parametrize(("name", "call", "value"), CASES)
def test_bad_argument_raises_value_error_naming_it(name, call, value):
    with pytest.raises(ValueError) as caught:
        call(value)
    message = str(caught.value)
    assert message.startswith(name + " must be"), message
    assert "but it is" in message


def test_messages_say_what_is_allowed():
    with pytest.raises(ValueError, match=r"^batch_size must be a whole number from 1 to 100000, but it is inf\.$"):
        gd(batch_size=float("inf"))
    with pytest.raises(ValueError, match=r"^eta must be a number greater than 0, but it is 0\.0\.$"):
        gd(eta=0.0)
    with pytest.raises(ValueError, match=r"^momentum must be a number at least 0 and less than 1, but it is 1\.0\.$"):
        nm.Momentum(0.1, 1.0)
    with pytest.raises(ValueError, match=r"^b0 must be a finite number, but it is nan\.$"):
        gd(b0=float("nan"))
    with pytest.raises(ValueError, match=r"^max_iter must be a whole number from 1 to 2000000, but it is 2\.5\.$"):
        gd(max_iter=2.5)
    with pytest.raises(ValueError, match=r"but it is 100000\.\.\. \(a 401-digit number\)\.$"):
        gd(seed=10**400)


def test_checkers_accept_numpy_and_whole_floats():
    assert check_int(np.int64(7), "k", 1) == 7
    assert check_int(7.0, "k", 1) == 7
    assert check_int(np.array(3), "k", 1, 5) == 3
    assert check_real(np.float32(0.5), "x", 0, 1) == 0.5
    assert check_real(3, "x") == 3.0
    with pytest.raises(ValueError, match=r"^k must be a whole number at least 1"):
        check_int(np.bool_(True), "k", 1)
    with pytest.raises(ValueError, match=r"^x must be a number at most 1"):
        check_real(2.0, "x", hi=1)
    with pytest.raises(ValueError, match=r"^x must be a number less than 1"):
        check_real(1.0, "x", hi=1, hi_open=True)
    with pytest.raises(ValueError, match=r"^k must be a whole number at least 1, but it is None\.$"):
        check_int(None, "k", 1)


def test_shown_keeps_messages_short():
    assert shown(-(10**30)) == "-100000... (a 31-digit number)"
    assert shown(12) == "12"
    assert shown("x" * 100) == "'" + "x" * 36 + "..."
    assert shown([1, 2]) == "[1, 2]"


def test_gradient_descent_rejects_other_bad_settings():
    with pytest.raises(ValueError, match=r"^shuffle must be True or False"):
        gd(shuffle="yes")
    with pytest.raises(ValueError, match=r"^optimizer must be one of GD, Momentum, RMSprop, Adam or None"):
        gd(optimizer="Adam")
    with pytest.raises(ValueError, match="w0 contains a missing or infinite value"):
        gd(w0=[1.0, np.nan])
    with pytest.raises(ValueError, match="w contains a missing or infinite value"):
        nm.linreg_gradients(TOY.X, TOY.y, [np.inf, 1.0], 0.0)


def test_training_rejects_what_is_not_a_network_or_an_optimizer():
    with pytest.raises(ValueError, match=r"^network must be a Network"):
        nm.Training("net", NET_DATA.X, NET_DATA.y, nm.GD(0.1), 3)
    with pytest.raises(ValueError, match=r"^optimizer must be one of GD, Momentum, RMSprop, Adam"):
        nm.Training(small_net(), NET_DATA.X, NET_DATA.y, "GD", 3)
