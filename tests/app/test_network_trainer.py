"""The network trainer through AppTest: the lecture's two results, presets, optimisers, compare, bad input."""

import pytest

from services import cost

from .conftest import assert_healthy, errors, make_app

PAGE = "pages/network_trainer.py"
LECTURE_GD = [0.24985576, 0.74987578, 0.5000211, 0.49998626, 0.75018656, 0.25009692, 1.99874327, 3.00125615]
KERAS_ADAM = [0.25250572, 0.75124925, 0.49919188, 0.50062895, 0.74790984, 0.2485936, 2.0164018, 2.983464]


def train(at):
    at.button[0].click().run()
    assert_healthy(at)
    return at


def results(at):
    return next(d.value for d in at.dataframe if "parameter" in d.value.columns)


@pytest.fixture(scope="module")
def lecture_compare():
    at = make_app(PAGE).run()
    at.toggle(key="nt_compare").set_value(True).run()
    return train(at)


def test_nothing_trains_until_train_is_pressed(app):
    at = app(PAGE).run()
    assert_healthy(at)
    assert any("Press **Train**" in i.value for i in at.info)
    assert not [d for d in at.dataframe if "parameter" in d.value.columns]


def test_gd_reproduces_the_lecture_manual_backprop(lecture_compare):
    frame = results(lecture_compare)
    for got, want in zip(frame["final: GD (η = 0.0005)"], LECTURE_GD, strict=True):
        assert got == pytest.approx(want, abs=1e-8)
    assert frame["difference (GD)"].abs().max() < 1e-8


def test_adam_reproduces_keras(lecture_compare):
    frame = results(lecture_compare)
    adam = next(c for c in frame.columns if c.startswith("final: Adam"))
    for got, want in zip(frame[adam], KERAS_ADAM, strict=True):
        assert got == pytest.approx(want, abs=1e-4)
    assert frame["difference (Adam)"].abs().max() < 1e-4


def test_compare_overlays_two_loss_curves(lecture_compare):
    from .conftest import figures

    loss = next(f for f in figures(lecture_compare) if f["layout"].get("title", {}).get("text") == "Loss")
    names = [t["name"] for t in loss["data"]]
    assert len(names) == 2 and names[0].startswith("GD") and names[1].startswith("Adam")


def test_inspecting_never_retrains(lecture_compare):
    at = lecture_compare
    at.button(key="nt_view_next").click().run()
    assert_healthy(at)
    assert at.session_state["nt_view"] == 1
    assert not [s for s in at.success if s.value.startswith("Trained in")]
    assert results(at).shape[0] == 8


@pytest.mark.parametrize("optimizer", ["GD", "Momentum", "Adam"])
def test_each_optimiser_trains_the_2_3_1_network(app, optimizer):
    at = app(PAGE, {"nt_preset": "two_three_one", "nt_iterations": "200", "nt_rows": "500"}).run()
    at.selectbox(key="nt_optimizer").set_value(optimizer).run()
    if optimizer != "Adam":
        at.number_input(key="nt_eta").set_value(0.05).run()
    train(at)
    frame = results(at)
    assert frame.shape[0] == 13
    assert frame["parameter"].iloc[-1] == "b2[1]"


def test_custom_network_with_typed_weights(app):
    query = {"nt_preset": "custom", "nt_source": "surface", "nt_iterations": "50", "nt_rows": "200", "nt_init": "typed"}
    at = app(PAGE, query).run()
    assert_healthy(at)
    at.text_area(key="nt_typed_W1_text").set_value("0.1 0.2 0.3\n0.4 0.5 x").run()
    assert any("W1, row 2, column 3 holds 'x'" in e for e in errors(at))
    at.text_area(key="nt_typed_W1_text").set_value("0.1 0.2 0.3\n0.4 0.5 0.6").run()
    train(at)
    assert results(at)["parameter"].tolist()[:3] == ["W1[1,1]", "W1[1,2]", "W1[1,3]"]


def test_a_diverging_learning_rate_is_explained(app):
    at = app(PAGE, {"nt_iterations": "300", "nt_rows": "500"}).run()
    at.number_input(key="nt_eta").set_value(5.0).run()
    train(at)
    assert any("diverged at iteration" in e and "10 times smaller" in e for e in errors(at)), errors(at)


def test_a_run_above_the_time_budget_is_refused_saying_what_to_reduce(app):
    at = app(PAGE, {"nt_preset": "custom", "nt_source": "teacher", "nt_rows": "100000", "nt_units_1": "8"}).run()
    at.number_input(key="nt_iterations").set_value(20_000).run()
    train(at)
    per_iteration = cost.train_iteration_seconds(100_000, (3, 8, 1), ("tanh", "linear"), "GD")
    fits = cost.most(per_iteration, cost.TRAIN.run)
    assert errors(at) == [
        f"Training for 20,000 iterations on 100,000 rows would take about "
        f"{cost.train_seconds(100_000, (3, 8, 1), ('tanh', 'linear'), 20_000):,.1f} s of the server's time, above "
        f"the limit of 5.0 s for one request: use at most {fits:,} iterations, fewer rows, or a smaller network."
    ]
