"""The backprop page through AppTest: the exercise's thetas, the lecture network's phases, practice, code, links."""

from __future__ import annotations

import re

import pytest

from nnmath import datasets
from nnviz.backprop_steps import PHASES
from nnviz.network_diagram import HIGHLIGHT
from services import cost

from .conftest import assert_healthy, errors, figures, latex, make_app, printed_numbers, run_numpy_code, shown

PAGE = "pages/backprop.py"

THETAS = {  # reference-values.md: the exercise's theta(1), theta(2), theta(3) for each eta
    0.01: [(1.573333, 0.153333), (1.991200, 0.265378), (2.295737, 0.347324)],
    0.02: [(2.146667, 0.306667), (2.671467, 0.448178), (2.911500, 0.514055)],
    0.05: [(3.866667, 0.766667), (2.846667, 0.501111), (3.207185, 0.602111)],
}
MSE_START, MSE_ONE_STEP = 338.0509547503, 299.9551701178


def thetas_table(at):
    frame = next(d.value for d in at.dataframe if "w(t)" in getattr(d.value, "data", d.value).columns)
    return getattr(frame, "data", frame)


def headline(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("####"))


def boxes(at, prefix):
    return [t for t in at.text_input if t.key.startswith(prefix)]


# ---------------------------------------------------------------- Part 1


def test_default_run_shows_the_first_update():
    at = make_app(PAGE).run()
    assert_healthy(at)
    text = " ".join(latex(at))
    assert r"\tfrac{2}{3}\bigl[(-5)(2) + (-7)(3) \\ &\qquad + (-11)(5)\bigr] \\ &= -57.333333" in text
    assert r"\tfrac{2}{3}\bigl[(-5) + (-7) \\ &\qquad + (-11)\bigr] \\ &= -15.333333" in text
    assert r"w^{(1)} = 1 - 0.01\,(-57.333333) = 1.573333" in text
    assert r"b^{(1)} = 0 - 0.01\,(-15.333333) = 0.153333" in text
    assert headline(at) == "#### From θ(0) to θ(1): (1, 0) → (1.573333, 0.153333) · MSE 65 → 34.551037"
    [contour] = figures(at)
    assert contour["layout"]["title"]["text"] == "MSE over (w, b)"


@pytest.mark.parametrize("eta", list(THETAS))
def test_theta_1_to_3_for_each_learning_rate(eta):
    at = make_app(PAGE, {"bp_eta": str(eta)}).run()
    assert_healthy(at)
    table = thetas_table(at)
    for t, (w, b) in enumerate(THETAS[eta], start=1):
        row = table[table["t"] == t].iloc[0]
        assert row["w(t)"] == pytest.approx(w, abs=1e-6)
        assert row["b(t)"] == pytest.approx(b, abs=1e-6)


def test_stepping_changes_the_working_and_the_link():
    at = make_app(PAGE).run()
    at.button(key="bp_t_next").click().run()
    assert_healthy(at)
    assert at.session_state["bp_t"] == 1
    assert any(r"w^{(2)} = 1.573333 - 0.01" in s and "1.9912" in s for s in latex(at))
    assert at.query_params["bp_t"] == "1"
    at.button(key="bp_t_last").click().run()
    assert headline(at).startswith("#### θ(3) = (2.295737, 0.347324) · MSE")
    contour = figures(at)[0]
    current = next(t for t in contour["data"] if t.get("name") == "current")
    assert current["x"] == [pytest.approx(2.295737, abs=1e-6)] and current["y"] == [pytest.approx(0.347324, abs=1e-6)]


def test_a_diverging_learning_rate_is_explained():
    at = make_app(PAGE, {"bp_eta": "0.1", "bp_iterations": "200"}).run()
    assert_healthy(at)
    assert any("diverge" in e and "stable only for η <" in e for e in errors(at))


def test_practice_right_wrong_and_empty():
    at = make_app(PAGE, {"bp_practice": "1"}).run()
    assert_healthy(at)
    assert not latex(at)  # the working waits for an answer
    w, b = boxes(at, "bp_neuron_practice_")
    assert (w.label, b.label) == ("w(1)", "b(1)")
    w.set_value("1.573")
    b.set_value("0.2")
    at.button(key="bp_neuron_practice_check").click().run()
    text = at.warning[0].value.replace("\\", "")
    assert "w(1): ✓ right" in text and "b(1): ✗ not yet: it is 0.153" in text
    assert any("1.573333" in s for s in latex(at))  # the working after an answer
    boxes(at, "bp_neuron_practice_")[1].set_value("")
    at.button(key="bp_neuron_practice_check").click().run()
    assert "b(1): empty: type a number" in at.warning[0].value.replace("\\", "")
    boxes(at, "bp_neuron_practice_")[1].set_value("0.153")
    at.button(key="bp_neuron_practice_check").click().run()
    assert at.success[0].value.startswith("All right")
    at.button(key="bp_t_next").click().run()  # a new iteration asks again, with empty boxes
    assert [b.value for b in boxes(at, "bp_neuron_practice_")] == ["", ""]
    assert [b.label for b in boxes(at, "bp_neuron_practice_")] == ["w(2)", "b(2)"]


@pytest.mark.parametrize("eta", list(THETAS))
def test_the_exercise_code_prints_the_page_numbers(eta):
    at = make_app(PAGE, {"bp_eta": str(eta)}).run()
    table = thetas_table(at)
    at.session_state["bp_view"] = "Code"
    at.run()
    assert_healthy(at)
    [code] = at.code
    numbers = printed_numbers(run_numpy_code(code.value))
    rows = [numbers[k : k + 4] for k in range(0, len(numbers), 4)]
    assert len(rows) == 4
    for t, (w, b) in enumerate(THETAS[eta], start=1):
        assert rows[t][0] == t
        assert rows[t][1] == pytest.approx(table["w(t)"][t], abs=1e-9)
        assert rows[t][2] == pytest.approx(table["b(t)"][t], abs=1e-9)
        assert rows[t][3] == pytest.approx(table["MSE"][t], abs=1e-9)
        assert (rows[t][1], rows[t][2]) == (pytest.approx(w, abs=1e-6), pytest.approx(b, abs=1e-6))


def test_the_play_tab_animates_the_run():
    at = make_app(PAGE, {"bp_view": "Play", "bp_iterations": "50"}).run()
    assert_healthy(at)
    [player] = figures(at)
    assert len(player["frames"]) > 10
    assert player["frames"][-1]["name"] == "50"
    assert [b["label"] for b in player["layout"]["updatemenus"][0]["buttons"]] == ["▶ Play", "❚❚ Pause"]


# ---------------------------------------------------------------- Part 2


@pytest.fixture(scope="module")
def network_page():
    at = make_app(PAGE, {"bp_part": "network"})
    at.run()
    return at


def shown_mse(at) -> float:
    found = re.search(r"MSE L\(θ\(\d+\)\) = ([\d.]+)", headline(at))
    assert found, headline(at)
    return float(found.group(1))


@pytest.mark.parametrize("phase", PHASES)
def test_every_phase_shows_the_lecture_numbers(network_page, phase):
    at = network_page
    for t, mse in ((0, MSE_START), (1, MSE_ONE_STEP)):
        at.session_state["bp_iter"] = t
        at.segmented_control(key="bp_phase").set_value(phase).run()
        assert_healthy(at)
        assert headline(at).startswith(f"#### Iteration {t}: {phase.lower()}")
        assert shown_mse(at) == pytest.approx(mse, rel=1e-9)
        assert at.query_params.get("bp_phase") == (phase if phase != PHASES[0] else None)
    text = " ".join(latex(at))
    expected = {
        "Forward pass": r"z^{(1)}_{1} &= \boldsymbol{a}^{(0)}\, \boldsymbol{w}^{(1)}_{1}",
        "Loss": r"= 299.9551701178 \quad (N = 10{,}000)",
        "Output delta": r"\delta^{(2)} &= 2\,(",
        "Hidden deltas": r"\delta^{(1)}_{2} &= \bigl[(",
        "Gradients": r"\frac{\partial \mathcal{L}}{\partial \boldsymbol{w}^{(1)}_{1}}",
        "Update": r"\boldsymbol{w}^{(2)}_{1} &\leftarrow",
    }[phase]
    assert expected in text


def test_the_first_update_in_numbers(network_page):
    at = network_page
    at.session_state["bp_iter"] = 0
    at.segmented_control(key="bp_phase").set_value("Update").run()
    text = " ".join(latex(at))
    # W2 after one step from the lecture's start: 1 - 0.0005 (-178.353811), 2 - 0.0005 (-189.895072)
    assert r"- 0.0005\,\begin{pmatrix} -178.353811 \\ -189.895072 \end{pmatrix}" in text
    assert r"\begin{pmatrix} 1.08917691 \\ 2.09494754 \end{pmatrix}" in text


def test_the_diagram_highlights_the_phase(network_page):
    at = network_page
    at.segmented_control(key="bp_phase").set_value("Hidden deltas").run()
    diagram = figures(at)[0]
    edges = [s for s in diagram["layout"]["shapes"] if s["type"] == "line"]
    assert [e["opacity"] for e in edges] == [0.25] * 6 + [0.9] * 2  # the W2 edges the delta flows back along
    rings = [t["marker"]["line"]["color"] for t in diagram["data"][1:4]]
    assert rings == ["#333", HIGHLIGHT["backward"], "#333"]  # the hidden neurons
    at.segmented_control(key="bp_phase").set_value("Loss").run()
    diagram = figures(at)[0]
    assert {s["opacity"] for s in diagram["layout"]["shapes"] if s["type"] == "line"} == {0.25}
    assert diagram["data"][3]["marker"]["line"]["color"] == HIGHLIGHT["forward"]  # the output


def test_observation_and_batch_mean_follow_into_the_link(network_page):
    at = network_page
    at.session_state["bp_iter"] = 2
    at.segmented_control(key="bp_phase").set_value("Output delta").run()
    first = latex(at)
    at.number_input(key="bp_obs").set_value(2).run()
    assert latex(at) != first
    assert at.query_params["bp_obs"] == "2" and at.query_params["bp_iter"] == "2"
    assert at.query_params["bp_phase"] == "Output delta"
    at.toggle(key="bp_mean").set_value(True).run()
    assert_healthy(at)
    assert any("batch mean" in s for s in latex(at))
    at.toggle(key="bp_mean").set_value(False).run()
    at.number_input(key="bp_obs").set_value(1).run()


def test_network_practice_asks_the_phase_values(network_page):
    at = network_page
    at.session_state["bp_iter"] = 0
    at.segmented_control(key="bp_phase").set_value("Hidden deltas").run()
    at.toggle(key="bp_practice").set_value(True).run()
    first, second = boxes(at, "bp_network_practice_")
    assert (first.label, second.label) == ("δ(1)_1", "δ(1)_2")
    first.set_value("-197.884")  # the lecture's start, observation 1
    second.set_value("-249.525")
    at.button(key="bp_network_practice_check").click().run()
    assert at.success[0].value.startswith("All right")
    at.segmented_control(key="bp_phase").set_value("Output delta").run()
    [delta] = boxes(at, "bp_network_practice_")
    assert (delta.label, delta.value) == ("δ(2)", "")
    at.toggle(key="bp_practice").set_value(False).run()


def test_the_network_reproduces_the_lecture_at_iteration_5000(network_page):
    at = network_page
    at.session_state["bp_iter"] = 5000
    at.run()
    assert_healthy(at)
    assert any("largest difference from the lecture's print" in shown(s.value) for s in at.success)
    weights = next(d.value for d in at.dataframe if "iteration 5000" in d.value.columns)
    for got, want in zip(weights["iteration 5000"], datasets.LECTURE_PRINTED_GD, strict=True):
        assert got == pytest.approx(want, abs=1e-8)


def test_the_gradient_check_agrees(network_page):
    at = network_page
    at.session_state["bp_iter"] = 10
    at.run()
    assert not any("relative error" in d.value.columns for d in at.dataframe)  # computed only when opened
    at.session_state["bp_check_open"] = True
    at.run()
    check = next(d.value for d in at.dataframe if "relative error" in d.value.columns)
    assert check["relative error"].max() < 1e-5


def test_the_network_code_prints_the_page_numbers():
    query = {"bp_part": "network", "bp_net_iterations": "3", "bp_rows": "100", "bp_bias": "1", "bp_iter": "3"}
    at = make_app(PAGE, query | {"bp_b1": "0.1,-0.2", "bp_b2": "0.3"}).run()
    assert_healthy(at)
    page = next(d.value for d in at.dataframe if "iteration 3" in d.value.columns)
    at.session_state["bp_view"] = "Code"
    at.run()
    printed = printed_numbers(run_numpy_code(at.code[0].value))
    # W1's columns, W2, then b1 and b2 (as the page names them: W1[i,j] row by row, b1, W2, b2)
    values = dict(zip(page["parameter"], page["iteration 3"], strict=True))
    w1 = [values[f"W1[{i},{j}]"] for j in (1, 2) for i in (1, 2, 3)]
    expected = [*w1, values["W2[1,1]"], values["W2[2,1]"], values["b1[1]"], values["b1[2]"], values["b2[1]"]]
    assert printed[: len(expected)] == pytest.approx(expected, abs=1e-9)
    assert printed[-1] == pytest.approx(shown_mse_at(query | {"bp_b1": "0.1,-0.2", "bp_b2": "0.3"}), abs=1e-9)


def shown_mse_at(query) -> float:
    at = make_app(PAGE, query).run()
    return shown_mse(at)


def test_the_lecture_code_prints_the_page_numbers_on_the_lecture_data():
    query = {"bp_part": "network", "bp_net_iterations": "50", "bp_iter": "50"}
    at = make_app(PAGE, query).run()
    page = next(d.value for d in at.dataframe if "iteration 50" in d.value.columns)
    mse = shown_mse(at)
    at.session_state["bp_view"] = "Code"
    at.run()
    assert_healthy(at)
    printed = printed_numbers(run_numpy_code(at.code[0].value))
    values = dict(zip(page["parameter"], page["iteration 50"], strict=True))
    by_column = [values[f"W1[{i},{j}]"] for j in (1, 2) for i in (1, 2, 3)] + [values["W2[1,1]"], values["W2[2,1]"]]
    assert printed[:8] == pytest.approx(by_column, abs=1e-9)
    assert printed[8] == pytest.approx(MSE_START, rel=1e-9)
    assert printed[9] == pytest.approx(mse, abs=1e-9)


def test_too_much_training_is_refused_with_what_to_reduce():
    at = make_app(PAGE, {"bp_part": "network", "bp_net_iterations": "20000", "bp_bias": "1"}).run()
    assert_healthy(at)
    with pytest.raises(cost.TooMuchWork) as refused:
        cost.check_training(10_000, (3, 2, 1), ("sigmoid", "exponential"), 20_000, ["GD"])
    assert errors(at) == [str(refused.value)]
    assert str(refused.value).startswith("Training for 20,000 iterations on 10,000 rows would take about ")
    assert str(refused.value).endswith(" iterations, fewer rows, or a smaller network.")


def test_the_network_player_plays_loss_and_weights():
    at = make_app(PAGE, {"bp_part": "network", "bp_view": "Play", "bp_net_iterations": "40", "bp_rows": "100"}).run()
    assert_healthy(at)
    [player] = figures(at)
    assert player["frames"][-1]["name"] == "40"
    names = [t.get("name") for t in player["data"] if t.get("showlegend")]
    assert names == ["W1[1,1]", "W1[1,2]", "W1[2,1]", "W1[2,2]", "W1[3,1]", "W1[3,2]", "W2[1,1]", "W2[2,1]"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.2 x\n0.6 0.8\n1.0 1.2", "W1, row 1, column 2 holds 'x'"),
        ("0.2 0.4\n0.6 0.8", "W1 is 2x2 but this layer needs 3x2"),
    ],
)
def test_bad_weights_are_named(text, message):
    at = make_app(PAGE, {"bp_part": "network", "bp_net_iterations": "10"}).run()
    at.text_area(key="bp_W1_text").set_value(text).run()
    assert_healthy(at)
    assert any(message in e for e in errors(at)), errors(at)


def test_a_diverging_network_run_is_explained():
    at = make_app(PAGE, {"bp_part": "network", "bp_net_iterations": "200", "bp_rows": "100"}).run()
    at.select_slider(key="bp_net_eta").set_value(10.0).run()
    assert_healthy(at)
    assert any("diverged at iteration" in e for e in errors(at)), errors(at)


def test_chart_columns_can_ask_for_wider_columns():
    from streamlit.testing.v1 import AppTest

    def page():
        from ui.layout import chart_columns

        chart_columns("wide", min_width=560)
        chart_columns("plain")

    at = AppTest.from_function(page).run()
    assert_healthy(at)
    styles = [h.proto.body for h in at.get("html")]
    assert len(styles) == 1 and "min-width: min(560px, 100%)" in styles[0] and ".st-key-charts_wide" in styles[0]
