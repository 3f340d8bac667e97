"""The gradient-descent page's settings: compared runs in the link, run settings, labels and divergence advice."""

from __future__ import annotations

import nnmath as nm
from nnmath import datasets
from services import cost
from services.data import Data
from services.gradient_descent import RunSettings, check_request, divergence, labels
from ui import optimizers
from ui.states.gradient_descent import COMPARE, LEARNING_RATES, RUN_KEYS, STATE, run_arguments, run_values

TOY = datasets.lecture_toy_regression()
DEFAULTS = run_values(STATE.defaults)


def test_the_optimizer_parameters_come_from_the_registry_without_the_learning_rate():
    names = {(name, p.name) for name, cls in nm.OPTIMIZERS.items() for p in cls.PARAMS[1:]}
    assert {k for k in RUN_KEYS if k.count("_") >= 2 and k != "gd_batch_size"} == {
        optimizers.key("gd", n, p) for n, p in names
    }
    assert optimizers.params("Adam", learning_rate=False) == nm.Adam.PARAMS[1:]
    assert [s.key for s in optimizers.settings("x", learning_rate=False)] == [
        optimizers.key("x", n, p.name) for n, cls in nm.OPTIMIZERS.items() for p in cls.PARAMS[1:]
    ]


def test_compared_runs_round_trip_through_the_link():
    adam = run_values({**DEFAULTS, "gd_optimizer": "Adam", "gd_eta": 0.05, "gd_adam_beta_1": 0.8})
    text = COMPARE.encode([DEFAULTS, adam])
    assert text == "optimizer:GD;optimizer:Adam,eta:0.05,adam_beta_1:0.8"
    assert COMPARE.parse(text) == [DEFAULTS, adam]
    assert COMPARE.accepts([DEFAULTS, adam]) and COMPARE.accepts([])


def test_a_link_with_anything_wrong_in_its_runs_means_no_runs():
    for raw in (
        "optimizer:GD,eta:0.25",  # not a listed rate
        "optimizer:GD,w1:9",  # out of range
        "optimizer:GD,w1:nan",
        "optimizer:Nope",
        "eta:0.05",  # no optimizer named
        "optimizer:GD,optimizer:Adam",  # a key twice
        "optimizer:GD;optimizer:GD",  # a run twice
        ";".join(f"optimizer:GD,seed:{k}" for k in range(5)),  # more than four
        "optimizer:GD,secret:1",
        "optimizer:GD,eta",
        "<b>x</b>",
    ):
        assert COMPARE.from_link(raw) == [], raw
    assert not COMPARE.accepts([DEFAULTS, DEFAULTS])
    assert not COMPARE.accepts([{"gd_eta": 0.1}])


def test_run_values_leave_what_a_run_does_not_use_at_its_default():
    values = {**STATE.defaults, "gd_mode": "batch", "gd_batch_size": 7, "gd_adam_beta_1": 0.5}
    run = run_values(values)
    assert (run["gd_batch_size"], run["gd_adam_beta_1"]) == (3, 0.9)
    args = run_arguments(run_values({**values, "gd_optimizer": "Adam"}), 2)
    assert args["batch_size"] is None and args["params"] == (("beta_1", 0.5), ("beta_2", 0.999), ("epsilon", 1e-7))
    assert run_arguments(DEFAULTS, 1)["w0"] == (1.0,)


def settings(**changes) -> RunSettings:
    return RunSettings(**run_arguments(DEFAULTS, 2))._replace(**changes)


def test_labels_name_only_what_differs():
    assert labels([settings()]) == ["path"]
    assert labels([settings(), settings(eta=0.05)]) == ["η = 0.1", "η = 0.05"]
    adam = settings(optimizer="Adam", params=(("beta_1", 0.9), ("beta_2", 0.999), ("epsilon", 1e-7)))
    assert labels([settings(), adam]) == ["Gradient descent", "Adam"]
    faster = adam._replace(params=(("beta_1", 0.8), ("beta_2", 0.999), ("epsilon", 1e-7)))
    assert labels([settings(), adam, faster]) == ["Gradient descent", "Adam, β₁ = 0.9", "Adam, β₁ = 0.8"]
    assert labels([settings(), settings(batch_size=1, w0=(2.0, 1.0))]) == [
        "batch size 3, w(0) = (1, 1), b(0) = 0",
        "stochastic, w(0) = (2, 1), b(0) = 0",
    ]


def test_the_request_counts_each_optimizer():
    data = Data(X=TOY.X, y=TOY.y, key="test:toy", names=("x1", "x2"), description="toy")
    assert settings().cost(data) == (12, 2, 3, 1000, "GD")
    check_request(data, settings(), (settings(optimizer="Adam"),))
    epochs = cost.most(cost.descent_seconds(12, 2, 1, 1, "Adam") - cost.DESCENT.run, cost.DESCENT.run) + 1
    try:
        check_request(data, settings(batch_size=1, epochs=epochs, optimizer="Adam"), ())
    except cost.TooMuchWork as refused:
        assert "use at most" in str(refused)
    else:
        raise AssertionError("Adam's run above the budget was accepted")


def test_divergence_advice_fits_each_mode_and_never_repeats_the_rate():
    eta_max = nm.max_stable_eta(TOY.X)
    batch = settings(batch_size=None, eta=2.0)
    h = nm.gradient_descent(TOY.X, TOY.y, eta=2.0, max_iter=100, tol=0)
    message = divergence(h, batch, eta_max, LEARNING_RATES)
    assert f"batch GD is stable only for η < 2 / λmax = {eta_max:.4g}; try η = 0.2." in message
    for mode in (3, 1):
        s = settings(batch_size=mode, eta=0.5)
        message = divergence(h, s, eta_max, LEARNING_RATES)
        assert "does not apply as such; try η = 0.2." in message  # at most half of 0.5
        assert "try η = 0.5" not in message
    tiny = divergence(h, settings(eta=0.0001), eta_max, LEARNING_RATES)
    assert "even the smallest listed η is too large: rescale the data (e.g. standardise its columns)." in tiny
    adam = settings(batch_size=None, eta=1.5, optimizer="Adam", params=(("beta_1", 0.9),))
    assert "Adam scales each step" in divergence(h, adam, eta_max, LEARNING_RATES)
