"""The network trainer through AppTest: never blank, live jobs that stay, links, presets, registries, code."""

import re
import time

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from services import cost, trainer

from .conftest import assert_healthy, errors, figures, latex, make_app, printed_numbers, run_numpy_code

PAGE = "pages/network_trainer.py"
SMALL = {
    "nt_preset": "two_three_one",
    "nt_source": "surface",
    "nt_surface": "ripple",
    "nt_optimizer": "Adam",
    "nt_adam_learning_rate": "0.05",
    "nt_rows": "200",
    "nt_iterations": "300",
}
"""A quick run: the 2-3-1 preset's link with fewer rows and iterations (a link carries every setting it changes)."""


def jobs(at):
    return list(at.session_state["nt_jobs"].values()) if "nt_jobs" in at.session_state else []


def settle(at):
    """Wait for the session's jobs to stop (finished or paused), then rerun: the results view."""
    for job in jobs(at):
        assert job.wait(120), job.label
    at.run()
    assert_healthy(at)
    return at


def train(at):
    at.button(key="nt_train").click().run()
    assert_healthy(at)
    return settle(at)


def tab(at, name):
    at.session_state["nt_tab"] = name
    at.run()
    assert_healthy(at)
    return at


def results(at):
    tab(at, "Final weights")
    return next(d.value for d in at.dataframe if "initial" in d.value.columns)


def titled(at, title):
    return [f for f in figures(at) if f["layout"].get("title", {}).get("text", "").startswith(title)]


@pytest.fixture(scope="module")
def lecture_compare():
    at = make_app(PAGE).run()
    train(at)
    at.toggle(key="nt_compare").set_value(True).run()
    return settle(at)


def test_the_first_view_shows_the_network_its_initial_loss_and_the_data(app):
    at = app(PAGE).run()
    assert_healthy(at)
    assert any("**Before training**: MSE **338.05095475**" in m.value for m in at.markdown)
    (diagram,) = titled(at, "Initial weights")
    assert len(diagram["layout"]["shapes"]) == 8  # the lecture's eight weights as edges
    (fit,) = titled(at, "Fit")
    assert fit["data"][1]["mode"] == "markers"
    assert not jobs(at)  # nothing trains before Train is pressed


def test_gd_reproduces_the_lecture_manual_backprop(lecture_compare):
    frame = results(lecture_compare)
    assert frame["final: GD (η = 0.0005)"].to_numpy() == pytest.approx(datasets.LECTURE_PRINTED_GD, abs=1e-8)
    lecture = next(d.value for d in lecture_compare.dataframe if "lecture (GD)" in d.value.columns)
    assert lecture["app − lecture (GD)"].abs().max() < 1e-8


def test_adam_reproduces_keras(lecture_compare):
    frame = results(lecture_compare)
    assert frame["final: Adam (η = 0.001)"].to_numpy() == pytest.approx(datasets.LECTURE_PRINTED_ADAM, abs=1e-4)
    lecture = next(d.value for d in lecture_compare.dataframe if "lecture (Adam)" in d.value.columns)
    assert lecture.columns.tolist() == [
        "parameter",
        "lecture (GD)",
        "app − lecture (GD)",
        "lecture (Adam)",
        "app − lecture (Adam)",
    ]
    assert lecture["app − lecture (Adam)"].abs().max() < 1e-4


def test_the_lectures_runs_are_the_servers_own(lecture_compare):
    assert all(job.pinned for job in jobs(lecture_compare))


def test_compare_keeps_the_first_result_and_adds_the_second(app):
    at = train(app(PAGE, SMALL).run())
    (first,) = jobs(at)
    at.toggle(key="nt_compare").set_value(True).run()
    at.selectbox(key="nt_optimizer_2").set_value("GD").run()
    settle(at)
    kept, added = jobs(at)
    assert kept is first and added.run.optimizer == "GD"
    (loss,) = titled(at, "Loss")
    assert [t["name"] for t in loss["data"]] == [first.label, added.label]


def test_with_compare_the_legend_sits_below_the_loss_plot(lecture_compare):
    (loss,) = titled(lecture_compare, "Loss")
    legend = loss["layout"]["legend"]
    assert legend["yref"] == "container" and legend["yanchor"] == "bottom" and legend["y"] < 0.05


def test_results_stay_until_a_setting_changes(app):
    at = train(app(PAGE, SMALL).run())
    (job,) = jobs(at)
    at.button(key="nt_view_first").click().run()
    assert jobs(at) == [job] and at.session_state["nt_view"] == 0
    at.number_input(key="nt_iterations").set_value(301).run()
    assert not jobs(at) and at.session_state["nt_trained"] is False
    assert any("**Before training**" in m.value for m in at.markdown)


def test_a_trained_views_link_reopens_with_its_results(app):
    at = train(app(PAGE, SMALL).run())
    link = dict(at.query_params)
    assert link["nt_trained"] == ["1"] or link["nt_trained"] == "1"
    final = results(at)["final: Adam (η = 0.05)"].to_numpy()
    other = app(PAGE, {k: v[0] if isinstance(v, list) else v for k, v in link.items()}).run()
    settle(other)
    assert jobs(other) == jobs(at)  # recalled from the shared store
    assert np.array_equal(results(other)["final: Adam (η = 0.05)"].to_numpy(), final)


def test_a_link_to_a_trained_view_cannot_start_unbounded_work(app):
    at = app(PAGE, {"nt_trained": "1", "nt_rows": "100000", "nt_iterations": "20000"}).run()
    assert_healthy(at)
    assert not jobs(at) and at.session_state["nt_trained"] is False
    assert any("would take about" in e and "above the limit of 5.0 s" in e for e in errors(at)), errors(at)


def test_the_2_3_1_preset_comes_with_its_settings_and_its_loss_falls_by_90_percent(app):
    at = app(PAGE).run()
    at.number_input(key="nt_iterations").set_value(100).run()
    at.selectbox(key="nt_preset").set_value("two_three_one").run()
    state = at.session_state
    assert (state["nt_source"], state["nt_surface"], state["nt_rows"]) == ("surface", "ripple", 500)
    assert (state["nt_optimizer"], state["nt_adam_learning_rate"], state["nt_iterations"]) == ("Adam", 0.02, 2000)
    train(at)
    (job,) = jobs(at)
    loss = job.history().loss
    assert loss[-1] <= 0.1 * loss[0], (loss[0], loss[-1])


def test_reset_restores_the_presets_settings(app):
    at = app(PAGE, {"nt_preset": "two_three_one", "nt_iterations": "77", "nt_rows": "100"}).run()
    reset = next(b for b in at.button if b.label == "Reset to the preset's settings")
    reset.click().run()
    assert at.session_state["nt_iterations"] == 2000 and at.session_state["nt_rows"] == 500
    assert at.session_state["nt_preset"] == "two_three_one"


def test_the_sidebar_offers_every_optimizer_of_the_registry_with_its_parameters(app):
    at = app(PAGE, SMALL).run()
    assert at.selectbox(key="nt_optimizer").options == [cls.label for cls in nm.OPTIMIZERS.values()]
    for name, cls in nm.OPTIMIZERS.items():
        at.selectbox(key="nt_optimizer").set_value(name).run()
        shown = {n.key for n in at.number_input}
        assert {f"nt_{name.lower()}_{p.name}" for p in cls.PARAMS} <= shown, name


def test_rmsprop_trains_with_no_page_of_its_own(app):
    at = app(PAGE, SMALL).run()
    at.selectbox(key="nt_optimizer").set_value("RMSprop").run()
    at.number_input(key="nt_rmsprop_learning_rate").set_value(0.01).run()
    train(at)
    (job,) = jobs(at)
    assert job.run.optimizer == "RMSprop" and dict(job.run.values)["learning_rate"] == 0.01
    assert job.history().loss[-1] < job.history().loss[0]


def test_stepping_inspects_without_training_again(app):
    at = train(app(PAGE, SMALL).run())
    (job,) = jobs(at)
    at.button(key="nt_view_first").click().run()
    at.button(key="nt_view_next").click().run()
    assert_healthy(at)
    assert jobs(at) == [job] and at.session_state["nt_view"] == 1
    assert any(m.value.startswith("**Iteration 1**") for m in at.markdown)
    (diagram,) = titled(at, "Weights")
    w = job.history().params[1]
    assert diagram["data"][0]["hovertext"][0].startswith(f"W1[1,1] = {w[0]:.4g}")


def test_the_parameter_chart_draws_the_chosen_parameters(app):
    at = train(app(PAGE, SMALL).run())
    at.multiselect(key="nt_params").set_value(["W2[3:1]", "b2[1]"]).run()
    (chart,) = titled(at, "Parameters")
    assert [t["name"] for t in chart["data"] if t.get("showlegend") is not False] == ["W2[3,1]", "b2[1]"]
    assert [t["name"] for t in chart["data"] if t.get("showlegend") is False] == [
        "W2[3,1] · Adam (η = 0.05)",
        "b2[1] · Adam (η = 0.05)",
    ]
    assert at.multiselect(key="nt_params").options[:3] == ["W1[1,1]", "W1[1,2]", "W1[1,3]"]


def test_the_player_plays_the_loss_and_the_chosen_parameters_in_the_browser(app):
    at = train(app(PAGE, SMALL).run())
    (player,) = [f for f in figures(at) if f.get("frames")]
    assert len(player["frames"]) >= 50 and player["frames"][-1]["name"] == "300"
    names = {t.get("name") for t in player["data"]}
    assert {"W1[1,1]", "W1[1,2]", "W1[2,1]", "W1[2,2]"} <= names


def test_the_code_tab_prints_the_pages_numbers(app):
    at = train(app(PAGE, {**SMALL, "nt_iterations": "60"}).run())
    final = results(at)["final: Adam (η = 0.05)"].to_numpy()
    (job,) = jobs(at)
    tab(at, "Code")
    numpy_code, keras_code = (c.value for c in at.code)
    printed = printed_numbers(run_numpy_code(numpy_code))
    assert np.allclose(printed, [*final, job.history().loss[-1]], rtol=0, atol=1e-9)
    assert "model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05" in keras_code
    assert "model.fit(X, y, epochs=60, verbose=0, batch_size=len(y))" in keras_code


def test_typed_weights_go_into_the_link(app):
    query = {"nt_preset": "custom", "nt_source": "surface", "nt_rows": "100", "nt_init": "typed"}
    at = app(PAGE, query).run()
    at.text_area(key="nt_typed_W1_text").set_value("0.1 0.2 0.3\n0.4 0.5 0.6").run()
    assert_healthy(at)
    link = {k: v[0] if isinstance(v, list) else v for k, v in dict(at.query_params).items()}
    assert link["nt_typed_W1"] == "0.1,0.2,0.3;0.4,0.5,0.6"
    other = app(PAGE, link).run()
    assert other.session_state["nt_typed_W1"] == [["0.1", "0.2", "0.3"], ["0.4", "0.5", "0.6"]]
    (diagram,) = titled(other, "Initial weights")
    assert diagram["data"][0]["hovertext"][1].startswith("W1[1,2] = 0.2")


def test_a_typed_weight_that_is_not_a_number_is_named(app):
    query = {"nt_preset": "custom", "nt_source": "surface", "nt_rows": "200", "nt_init": "typed"}
    at = app(PAGE, query).run()
    at.text_area(key="nt_typed_W1_text").set_value("0.1 0.2 0.3\n0.4 0.5 x").run()
    assert any("W1, row 2, column 3 holds 'x'" in e for e in errors(at))
    assert not [b for b in at.button if b.key == "nt_train"]


def test_a_diverging_learning_rate_is_explained(app):
    at = app(PAGE, {"nt_iterations": "300", "nt_rows": "500"}).run()
    at.number_input(key="nt_gd_eta").set_value(5.0).run()
    train(at)
    assert any("diverged at iteration" in e and "10 times smaller" in e for e in errors(at)), errors(at)


def test_a_run_above_the_time_budget_is_refused_saying_what_to_reduce(app):
    at = app(PAGE, {"nt_preset": "custom", "nt_source": "teacher", "nt_rows": "100000", "nt_units_1": "8"}).run()
    at.number_input(key="nt_iterations").set_value(20_000).run()
    at.button(key="nt_train").click().run()
    assert not jobs(at)
    (message,) = errors(at)
    refused = re.fullmatch(
        r"Training for 20,000 iterations on 100,000 rows would take about ([\d,.]+) s of the server's time, above "
        r"the limit of 5\.0 s for one request: use at most ([\d,]+) iterations, fewer rows, or a smaller network\.",
        message,
    )
    assert refused, message
    seconds, fits = float(refused[1].replace(",", "")), int(refused[2].replace(",", ""))
    assert seconds > cost.BUDGET_S and 0 < fits < 20_000
    assert fits / 20_000 == pytest.approx(cost.BUDGET_S / seconds, rel=0.05)


def test_training_shows_its_progress_and_pause_keeps_what_is_done(app):
    at = app(PAGE, {"nt_rows": "500", "nt_iterations": "20000"}).run()
    at.button(key="nt_train").click().run()
    assert_healthy(at)
    (job,) = jobs(at)
    (live,) = titled(at, "Loss")
    assert live["layout"]["xaxis"]["range"] == [0, 20_000]
    assert at.get("progress") and not at.button(key="nt_pause").disabled
    while job.iteration < 100:
        time.sleep(0.02)
    at.button(key="nt_pause").click().run()
    assert job.state == "paused" and not at.button(key="nt_continue").disabled
    stopped = job.iteration
    assert any(m.value.startswith(f"**Iteration {stopped:,}** (of {stopped:,})") for m in at.markdown)
    at.button(key="nt_continue").click().run()
    assert job.running or job.state == "done"
    trainer.pause([job])
    assert job.iteration >= stopped


def test_a_custom_network_of_three_hidden_layers_of_eight_trains_and_draws(app):
    query = {"nt_preset": "custom", "nt_hidden_layers": "3", "nt_rows": "200", "nt_iterations": "100"}
    query |= {f"nt_units_{j}": "8" for j in (1, 2, 3)}
    at = train(app(PAGE, query).run())
    (diagram,) = titled(at, "Weights")
    assert len(diagram["layout"]["shapes"]) == 3 * 8 + 8 * 8 + 8 * 8 + 8
    assert not latex(at)
