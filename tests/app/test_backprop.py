"""The backprop page through AppTest: the exercise's thetas, the lecture network's phases and weights."""

import pytest

from .conftest import assert_healthy, errors, latex

PAGE = "pages/backprop.py"


def table_row(at, t):
    frame = at.dataframe[0].value
    frame = getattr(frame, "data", frame)
    return frame[frame["t"] == t].iloc[0]


def test_default_run_shows_the_first_update(app):
    at = app(PAGE).run()
    assert_healthy(at)
    text = " ".join(latex(at))
    assert r"\frac{2}{3}\bigl[(-5)(2) + (-7)(3) + (-11)(5)\bigr] = -57.333333" in text
    assert "w^{(1)} = 1 - 0.01\\,(-57.333333) = 1.573333" in text


@pytest.mark.parametrize(
    ("eta", "theta3"),
    [(0.01, (2.295737, 0.347324)), (0.02, (2.911500, 0.514055)), (0.05, (3.207185, 0.602111))],
)
def test_theta_3_for_each_learning_rate(app, eta, theta3):
    at = app(PAGE).run()
    at.select_slider(key="bp_eta").set_value(eta).run()
    assert_healthy(at)
    row = table_row(at, 3)
    assert row["w(t)"] == pytest.approx(theta3[0], abs=1e-6)
    assert row["b(t)"] == pytest.approx(theta3[1], abs=1e-6)


def test_stepping_changes_the_working(app):
    at = app(PAGE).run()
    first = latex(at)
    at.button(key="bp_t_next").click().run()
    assert_healthy(at)
    assert at.session_state["bp_t"] == 1
    assert latex(at) != first
    assert any("w^{(2)}" in s and "1.9912" in s for s in latex(at))
    at.button(key="bp_t_last").click().run()
    assert at.session_state["bp_t"] == 3
    assert any(h.value.startswith("θ(3) = (2.295737, 0.347324)") for h in at.subheader)


def test_a_diverging_learning_rate_is_explained(app):
    at = app(PAGE).run()
    at.select_slider(key="bp_eta").set_value(0.1).run()
    at.number_input(key="bp_iterations").set_value(200).run()
    assert_healthy(at)
    assert any("diverge" in e and "stable only for η <" in e for e in errors(at))


@pytest.fixture(scope="module")
def network_page():
    from .conftest import make_app

    at = make_app(PAGE, {"bp_part": "network"})
    at.run()
    return at


def test_the_network_reproduces_the_lecture_at_iteration_5000(network_page):
    at = network_page
    at.session_state["bp_iter"] = 5000
    at.run()
    assert_healthy(at)
    assert any("largest difference from the lecture's print" in s.value for s in at.success)
    weights = next(d.value for d in at.dataframe if "iteration 5000" in d.value.columns)
    printed = [0.24985576, 0.74987578, 0.5000211, 0.49998626, 0.75018656, 0.25009692, 1.99874327, 3.00125615]
    for got, want in zip(weights["iteration 5000"], printed, strict=True):
        assert got == pytest.approx(want, abs=1e-8)


@pytest.mark.parametrize("phase", ["Forward pass", "Loss", "Output delta", "Hidden deltas", "Gradients", "Update"])
def test_every_phase_shows_its_working(network_page, phase):
    at = network_page
    at.session_state["bp_iter"] = 0
    at.segmented_control(key="bp_phase").set_value(phase).run()
    assert_healthy(at)
    text = " ".join(latex(at))
    expected = {
        "Forward pass": r"\boldsymbol{z}^{(1)}",
        "Loss": "338.051",
        "Output delta": r"\delta^{(2)}",
        "Hidden deltas": r"\delta^{(1)}_{2}",
        "Gradients": r"\frac{\partial \mathcal{L}}{\partial W^{(1)}}",
        "Update": r"W^{(2)} \leftarrow",
    }[phase]
    assert expected in text


def test_batch_mean_and_observation_change_the_numbers(network_page):
    at = network_page
    at.segmented_control(key="bp_phase").set_value("Forward pass").run()
    first = latex(at)
    at.number_input(key="bp_obs").set_value(2).run()
    assert latex(at) != first
    at.toggle(key="bp_mean").set_value(True).run()
    assert_healthy(at)
    assert any("batch mean" in s for s in latex(at))
    at.toggle(key="bp_mean").set_value(False).run()


def test_the_gradient_check_agrees(network_page):
    at = network_page
    at.session_state["bp_iter"] = 10
    at.run()
    check = next(d.value for d in at.dataframe if "relative error" in d.value.columns)
    assert check["relative error"].max() < 1e-5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.2 x\n0.6 0.8\n1.0 1.2", "W1, row 1, column 2 holds 'x'"),
        ("0.2 0.4\n0.6 0.8", "W1 is 2x2 but this layer needs 3x2"),
    ],
)
def test_bad_weights_are_named(app, text, message):
    at = app(PAGE, {"bp_part": "network", "bp_net_iterations": "10"}).run()
    at.text_area(key="bp_W1_text").set_value(text).run()
    assert_healthy(at)
    assert any(message in e for e in errors(at)), errors(at)


def test_a_diverging_network_run_is_explained(app):
    at = app(PAGE, {"bp_part": "network", "bp_net_iterations": "200", "bp_rows": "100"}).run()
    at.select_slider(key="bp_net_eta").set_value(10.0).run()
    assert_healthy(at)
    assert any("diverged at iteration" in e for e in errors(at)), errors(at)
