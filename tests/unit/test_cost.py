"""services.cost: the estimates grow with every unit of work, the lecture's preset fits the budget, and a
refusal says how much to reduce, exactly: the largest value it names is accepted and one more is refused."""

from __future__ import annotations

import dataclasses

import pytest

import nnmath as nm
from nnmath import datasets
from services import cost

LECTURE = (datasets.LECTURE_NETWORK_SIZES, datasets.LECTURE_NETWORK_ACTIVATIONS)
HIDDEN_ACTIVATIONS = [a for a in nm.ACTIVATIONS if a != "softmax"]


def test_every_coefficient_is_a_cost_and_every_optimizer_and_activation_has_one():
    for coefficients in (cost.DESCENT, cost.TRAIN):
        for f in dataclasses.fields(coefficients):
            value = getattr(coefficients, f.name)
            values = value.values() if isinstance(value, dict) else [value]
            assert all(v >= 0 for v in values), f.name  # a unit of work whose cost others absorb may cost 0
    assert min(cost.DESCENT.update.values()) > 0
    assert cost.TRAIN.layer > 0 and cost.TRAIN.row > 0
    assert set(nm.OPTIMIZERS) <= set(cost.DESCENT.update)
    assert set(nm.OPTIMIZERS) <= set(cost.TRAIN.optimizer_array)
    assert set(HIDDEN_ACTIVATIONS) <= set(cost.TRAIN.row_unit)


def test_the_lecture_preset_stays_accepted():
    # 3-2-1 sigmoid/exponential without biases, 10,000 rows, 5,000 iterations of GD: about 3 s of CPU, accepted.
    seconds = cost.check_training(10_000, *LECTURE, datasets.LECTURE_NETWORK_ITERATIONS, ["GD"], False)
    assert seconds == cost.train_seconds(10_000, *LECTURE, 5000, "GD", False)
    assert 2.0 < seconds * cost.SAFETY <= cost.BUDGET_S
    # With biases it is another network, which costs more (refused at 5,000 iterations: about 5 s measured).
    assert cost.train_seconds(10_000, *LECTURE, 5000, "GD", True) > seconds


def test_the_calls_the_pages_make_keep_working():
    assert cost.descent_seconds(12, 2, 3, 1000) == cost.descent_seconds(12, 2, 3, 1000, "GD")
    assert cost.train_seconds(100, (3, 2, 1), ("tanh", "linear"), 10) == cost.train_seconds(
        100, (3, 2, 1), ("tanh", "linear"), 10, "GD", True
    )
    assert cost.check_descent([(12, 2, 3, 1000, "GD")]) == cost.descent_seconds(12, 2, 3, 1000)
    assert cost.check_training(100, (3, 2, 1), ("tanh", "linear"), 10, ["GD", "Adam"]) > 0


def test_estimates_grow_with_every_unit_of_work():
    base = cost.descent_seconds(1000, 1, 10, 100, "GD")
    assert cost.descent_seconds(2000, 1, 10, 100, "GD") > base  # rows (more batches)
    assert cost.descent_seconds(1000, 2, 10, 100, "GD") > base  # features
    assert cost.descent_seconds(1000, 1, 10, 200, "GD") > base  # epochs
    assert cost.descent_seconds(1000, 1, 1, 100, "GD") > base  # smaller batches: more updates
    assert cost.descent_seconds(1000, 1, None, 100, "GD") < base  # one batch per epoch
    for optimizer in ("Momentum", "RMSprop", "Adam"):
        assert cost.descent_seconds(1000, 1, 10, 100, optimizer) > base
    net = cost.train_seconds(1000, (3, 4, 1), ("tanh", "linear"), 100, "GD", False)
    assert cost.train_seconds(2000, (3, 4, 1), ("tanh", "linear"), 100, "GD", False) > net
    assert cost.train_seconds(1000, (3, 8, 1), ("tanh", "linear"), 100, "GD", False) > net
    assert cost.train_seconds(1000, (3, 4, 4, 1), ("tanh", "tanh", "linear"), 100, "GD", False) > net
    assert cost.train_seconds(1000, (3, 4, 1), ("tanh", "linear"), 200, "GD", False) > net
    assert cost.train_seconds(1000, (3, 4, 1), ("tanh", "linear"), 100, "GD", True) > net
    assert cost.train_seconds(1000, (3, 4, 1), ("tanh", "linear"), 100, "Adam", False) > net


def test_a_name_the_model_does_not_know_costs_the_most_it_knows():
    worst_activation = max(cost.TRAIN.row_unit, key=cost.TRAIN.row_unit.__getitem__)
    assert cost.train_seconds(100, (2, 3, 1), ("mystery", "linear"), 10) == cost.train_seconds(
        100, (2, 3, 1), (worst_activation, "linear"), 10
    )
    worst_optimizer = max(cost.DESCENT.update, key=cost.DESCENT.update.__getitem__)
    assert cost.descent_seconds(100, 2, 1, 10, "Nadam") == cost.descent_seconds(100, 2, 1, 10, worst_optimizer)


def test_check_refuses_above_the_budget_and_says_what_it_would_take():
    assert cost.check(cost.BUDGET_S / cost.SAFETY, "x", "y") == cost.BUDGET_S / cost.SAFETY
    with pytest.raises(cost.TooMuchWork) as refused:
        cost.check(12.345, "This run", "use fewer rows.")
    assert str(refused.value) == (
        f"This run would take about 12.3 s of the server's time, above the limit of {cost.BUDGET_S / cost.SAFETY:.1f} "
        "s for one request: use fewer rows."
    )
    assert refused.value.seconds == 12.345
    assert isinstance(refused.value, ValueError)


def test_most_is_the_largest_count_that_fits():
    assert cost.most(1.0, 0.5) == int(cost.BUDGET_S / cost.SAFETY - 0.5)
    assert cost.most(0.0) == 0
    assert cost.most(1.0, 100.0) == 0
    n = cost.most(0.013, 0.02)
    assert 0.02 + n * 0.013 <= cost.BUDGET_S / cost.SAFETY < 0.02 + (n + 1) * 0.013


@pytest.mark.parametrize(
    "runs",
    [
        [(5000, 2, 1, 20_000, "GD")],
        [(5000, 1, 3, 20_000, "Adam")],
        [(100_000, 2, 32, 20_000, "Momentum")],
        [(5000, 2, 1, 20_000, "GD"), (5000, 2, 1, 5, "Adam"), (5000, 2, None, 1000, "RMSprop")],
    ],
    ids=["stochastic", "adam", "upload", "compared"],
)
def test_a_descent_refusal_names_the_most_epochs_that_fit(runs):
    with pytest.raises(cost.TooMuchWork) as refused:
        cost.check_descent(runs)
    message = str(refused.value)
    fits = int(message.split("use at most ")[1].split(" epoch")[0].replace(",", ""))
    assert fits >= 1
    (n, p, bs, _, optimizer), *others = runs
    cost.check_descent([(n, p, bs, fits, optimizer), *others])  # accepted
    with pytest.raises(cost.TooMuchWork):
        cost.check_descent([(n, p, bs, fits + 1, optimizer), *others])
    if others:
        assert message.startswith(f"This run and the {len(others)} compared run(s) would take about")


@pytest.mark.parametrize(
    ("rows", "sizes", "activations", "optimizers"),
    [
        (100_000, (3, 8, 8, 8, 1), ("softplus", "elu", "leaky_relu", "linear"), ["Adam"]),
        (100_000, (3, 2, 1), ("sigmoid", "exponential"), ["GD", "Adam"]),
        (10_000, (2, 8, 8, 1), ("tanh", "relu", "sigmoid"), ["Momentum", "RMSprop"]),
    ],
)
def test_a_training_refusal_names_the_most_iterations_that_fit(rows, sizes, activations, optimizers):
    with pytest.raises(cost.TooMuchWork) as refused:
        cost.check_training(rows, sizes, activations, 20_000, optimizers)
    message = str(refused.value)
    assert message.startswith(
        "Training for 20,000 iterations" if len(optimizers) == 1 else f"Training {len(optimizers)} networks"
    )
    fits = int(message.split("use at most ")[1].split(" iteration")[0].replace(",", ""))
    cost.check_training(rows, sizes, activations, fits, optimizers)
    with pytest.raises(cost.TooMuchWork):
        cost.check_training(rows, sizes, activations, fits + 1, optimizers)


def test_a_request_too_large_for_even_one_epoch_says_to_use_fewer_rows():
    with pytest.raises(cost.TooMuchWork, match=r"use fewer rows or fewer compared runs\.$"):
        cost.check_descent([(100_000, 2, 1, 1, "Adam")] * 5)
    with pytest.raises(cost.TooMuchWork, match=r"use fewer rows or a smaller network\.$"):
        cost.check_training(10**9, (8, 8, 8, 8, 1), ("softplus",) * 3 + ("linear",), 1, ["Adam", "RMSprop"])
