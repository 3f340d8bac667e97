"""Gradient-descent playground: Steps 1-5, the modes, the optimizers, the stepper, practice, the code, the tabs,
comparison (in the link too), bad settings and uploads."""

import re

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnviz import animation
from nnviz.latex import matrix, num
from services import cost
from ui.practice import Score

from .conftest import (
    assert_healthy,
    decode,
    errors,
    figures,
    latex,
    make_app,
    printed_numbers,
    run_numpy_code,
    shown,
)

PAGE = "pages/gradient_descent.py"
TOY = datasets.lecture_toy_regression()


def expected_run(X=TOY.X, y=TOY.y, *, batch_size=3, eta=0.1, w0=(1.0, 1.0), optimizer=None, **kwargs):
    """The run the page makes with its default settings (no shuffle, 1000 epochs, tol 1e-8)."""
    options = dict(max_iter=1000, tol=1e-8, shuffle=False, seed=0) | kwargs
    return nm.gradient_descent(
        X, y, w0=list(w0), b0=0.0, eta=eta, batch_size=batch_size, optimizer=optimizer, **options
    )


def update_line(at) -> str:
    [line] = [m.value for m in at.markdown if m.value.startswith("**Update ")]
    return line


def headline(at) -> str:
    """The headline without the run's outcome."""
    return update_line(at).split(":gray[")[0]


def update_equations(at) -> tuple[str, str]:
    """Step 5's w and b updates (plain gradient descent), as aligned lines."""
    [w_line] = [s for s in latex(at) if s.startswith(r"\begin{aligned} \boldsymbol{w}^{(")]
    [b_line] = [s for s in latex(at) if s.startswith(r"\begin{aligned} b^{(")]
    return w_line, b_line


def last_line(aligned: str) -> str:
    """The last line of an aligned derivation, from its '&='."""
    return aligned[aligned.rindex("&= ") :].removesuffix(r" \end{aligned}")


def traces(fig) -> list[str]:
    return [t.get("name") for t in fig["data"]]


def with_panel(app, panel: str, query: dict[str, str] | None = None):
    """The page opened on one of the tabs beside the contour (a link can name it)."""
    at = app(PAGE, {**(query or {}), "gd_panel": panel}).run()
    assert_healthy(at)
    return at


def compare_buttons(at) -> dict:
    """The compare expander's buttons by label (the expander is opened first: its content runs only when open)."""
    at.session_state["gd_compare_open"] = True
    at.run()
    return {b.label: b for b in at.button}


def show_update(at, t: int):
    at.slider(key="gd_step_slider").set_value(t).run()
    assert_healthy(at)
    assert at.session_state["gd_step"] == t


@pytest.fixture(scope="module")
def lecture():
    """The page as it opens (read-only: tests that interact make their own)."""
    at = make_app(PAGE).run()
    assert_healthy(at)
    return at


@pytest.fixture
def page(app):
    at = app(PAGE).run()
    assert_healthy(at)
    return at


def test_opens_on_the_lecture_first_update_with_steps_beside_the_contour(lecture):
    assert [t.value for t in lecture.title] == ["Gradient-descent playground"]
    assert lecture.session_state["gd_step"] == 1
    h = expected_run()
    assert update_line(lecture) == (
        f"**Update 1 of {h.n_updates}** (epoch 1): w = (1.6000, 1.4267), b = 0.3200, full-data MSE = {h.loss[1]:.6g}"
        f":gray[ · stopped after {h.n_updates} updates: the batch MSE changed by less than the tolerance 1e-08]  \n"
        ":gray[○ start · ◆ now · ★ least squares · click the contour to start a run there]"
    )
    assert not lecture.success and not lecture.error  # the outcome is part of the headline
    views = {e.key: [o.content for o in e.proto.options] for e in lecture.get("button_group")}
    assert views == {"gd_view": ["Step by step", "Play", "3D surface", "Code"], "gd_panel": PANELS}
    text = " ".join(latex(lecture))
    for value in ("-6.000", "-4.267", "-3.200", "1.600", "1.427", "0.320"):
        assert value in text
    w_line, b_line = update_equations(lecture)
    assert w_line.endswith(
        r"&= \begin{pmatrix} 1.000 \\ 1.000 \end{pmatrix} - 0.1 \begin{pmatrix} -6.000 \\ -4.267 \end{pmatrix}"
        r" \\ &= \begin{pmatrix} 1.600 \\ 1.427 \end{pmatrix} \end{aligned}"
    )
    assert last_line(b_line) == "&= 0.320"
    [y_hat] = [s for s in latex(lecture) if s.startswith(r"\begin{aligned} \hat{\boldsymbol{y}} &= ")]
    assert last_line(y_hat) == r"&= \begin{pmatrix} 3 \\ 4 \\ 2 \end{pmatrix}"
    assert "**The lecture's Steps 1-5 for update 1 (batch rows 1, 2, 3)**" in [m.value for m in lecture.markdown]
    assert len(figures(lecture)) == 1  # the contour; the other charts are in tabs not open


PANELS = ["Steps 1-5", "Loss", "Parameters", "Predict", "Data"]


def test_the_contour(lecture):
    [contour] = figures(lecture)
    assert traces(contour) == [None, "path", "start", "current", "least-squares optimum", "click to start here"]
    assert contour["data"][0]["type"] == "contour"
    path = contour["data"][1]
    np.testing.assert_allclose(decode(path["x"]), [1.0, 1.6])  # the path so far: w(0) and w(1)
    np.testing.assert_allclose(decode(path["y"]), [1.0, 1.4266666667])
    assert contour["data"][3]["x"] == [pytest.approx(1.6)]
    assert (contour["data"][4]["x"], contour["data"][4]["y"]) == ([pytest.approx(1.5)], [pytest.approx(1.5)])
    assert contour["layout"]["xaxis"]["title"]["text"] == "w1"
    assert contour["layout"]["title"]["text"] == "MSE over (w1, w2) at b = 0.320"
    # one colour for the run: its path, its start and the current point
    colours = {path["line"]["color"], contour["data"][2]["marker"]["color"], contour["data"][3]["marker"]["color"]}
    assert colours == {"#D55E00"}
    grid = contour["data"][5]
    assert grid["marker"]["opacity"] == 0 and len(decode(grid["x"])) == 41 * 41


def test_the_loss_and_parameter_charts_keep_the_run_colour(app):
    _, loss = figures(with_panel(app, "Loss"))
    h = expected_run()
    assert traces(loss) == ["full-data MSE", "batch MSE"]
    np.testing.assert_allclose(decode(loss["data"][0]["y"]), h.loss)
    assert loss["layout"]["yaxis"]["type"] == "log"
    assert {t["line"]["color"] for t in loss["data"]} == {"#D55E00"}
    assert "title" not in loss["layout"]  # the tab names it: no title for a legend to cover
    page = with_panel(app, "Parameters")
    _, params = figures(page)
    assert traces(params) == ["w1", "w2", "b"]
    assert {t["line"]["color"] for t in params["data"]} == {"#D55E00"}
    assert [t["line"]["dash"] for t in params["data"]] == ["solid", "dash", "dot"]
    true_levels = sorted(s["y0"] for s in params["layout"]["shapes"] if s.get("yref") == "y")
    assert true_levels == [pytest.approx(0.1), pytest.approx(1.5), pytest.approx(1.5)]
    assert page.query_params["gd_panel"] == "Parameters"


def test_a_step_moves_every_chart_to_that_update(page, app):
    show_update(page, 5)
    h = expected_run()
    [contour] = figures(page)
    np.testing.assert_allclose(decode(contour["data"][1]["x"]), h.w[:6, 0])
    np.testing.assert_allclose(decode(contour["data"][1]["y"]), h.w[:6, 1])
    current = contour["data"][3]
    assert (current["x"], current["y"]) == ([pytest.approx(h.w[5, 0])], [pytest.approx(h.w[5, 1])])
    assert contour["layout"]["title"]["text"] == f"MSE over (w1, w2) at b = {h.b[5]:.3f}"
    v1, v2 = decode(contour["data"][0]["x"]), decode(contour["data"][0]["y"])
    surface = nm.mse_surface(TOY.X, TOY.y, v1, v2, b=h.b[5])  # the contours are the MSE at this update's b
    np.testing.assert_allclose(decode(contour["data"][0]["z"]), np.log10(surface), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(decode(contour["data"][5]["customdata"]), surface[::2, ::2].ravel(), rtol=1e-6)
    for panel in ("Loss", "Parameters"):
        _, chart = figures(with_panel(app, panel, {"gd_step": "5"}))
        [marker] = [s for s in chart["layout"]["shapes"] if s.get("name") == "current"]
        assert (marker["x0"], marker["x1"]) == (5, 5)


def test_the_data_panel_shows_the_batch_and_the_updates_around_this_one(app):
    page = with_panel(app, "Data")
    show_update(page, 60)
    h = expected_run()
    [batch, frame] = [d.value for d in page.dataframe]
    assert list(batch.columns) == ["row", "x1", "x2", "y", "in this batch"]
    marked = batch.loc[batch["in this batch"] != "", "row"].tolist()
    assert marked == [r + 1 for r in sorted(h.rows(60))]
    assert list(frame["update"]) == list(range(10, min(111, h.n_updates + 1)))
    np.testing.assert_allclose(frame["w_x1"], h.w[10:111, 0])
    np.testing.assert_allclose(frame["loss (all data)"], h.loss[10:111])
    assert frame["batch rows"].iloc[1] == " ".join(str(r + 1) for r in h.rows(11))
    assert f"Updates 10 to {min(110, h.n_updates)} of {h.n_updates}; the download below has them all." in [
        c.value for c in page.caption
    ]


def test_the_address_bar_holds_the_settings(lecture, page):
    assert not lecture.query_params  # the defaults: the bare address
    page.radio(key="gd_mode").set_value("batch").run()
    page.select_slider(key="gd_eta").set_value(0.05).run()
    show_update(page, 3)
    params = page.query_params
    assert (params["gd_mode"], params["gd_eta"], params["gd_step"]) == ("batch", "0.05", "3")


@pytest.mark.parametrize(("mode", "batch_size"), [("batch", None), ("mini-batch", 3), ("stochastic", 1)])
def test_each_mode(page, mode, batch_size):
    page.radio(key="gd_mode").set_value(mode).run()
    assert_healthy(page)
    h = expected_run(batch_size=batch_size)
    assert f" of {h.n_updates}**" in update_line(page)
    show_update(page, 2)
    step = nm.step_detail(TOY.X, TOY.y, h, 2)
    w_line, b_line = update_equations(page)
    assert last_line(w_line) == "&= " + matrix(step.w_after, 3)
    assert last_line(b_line) == "&= " + num(step.b_after, 3)
    batch = "batch of all 12 rows" if batch_size is None else "batch rows " + ", ".join(str(r + 1) for r in step.rows)
    assert f"**The lecture's Steps 1-5 for update 2 ({batch})**" in [m.value for m in page.markdown]
    assert page.query_params.get("gd_mode", "mini-batch") == mode


def test_next_advances_the_update(page):
    before = update_equations(page)
    page.button(key="gd_step_next").click().run()
    assert_healthy(page)
    assert page.session_state["gd_step"] == 2
    assert page.query_params["gd_step"] == "2"
    w_line, b_line = update_equations(page)
    assert (w_line, b_line) != before
    assert last_line(w_line) == r"&= \begin{pmatrix} 1.537 \\ 1.420 \end{pmatrix}"
    assert last_line(b_line) == "&= 0.305"
    assert "(batch rows 4, 5, 6)" in " ".join(m.value for m in page.markdown)
    [current] = [t for t in figures(page)[0]["data"] if t.get("name") == "current"]
    assert current["x"] == [pytest.approx(1.6 - 0.1 * 0.6311111111)]

    page.button(key="gd_step_prev").click().run()
    page.button(key="gd_step_prev").click().run()
    assert page.session_state["gd_step"] == 0
    assert update_line(page).startswith("**Update 0 of ")
    assert [i.value for i in page.info if i.value.startswith("This is the start")]
    assert page.button(key="gd_step_prev").disabled

    page.button(key="gd_step_last").click().run()
    h = expected_run()
    assert page.session_state["gd_step"] == h.n_updates
    assert page.button(key="gd_step_next").disabled


# ---------------------------------------------------------------- optimizers


def test_the_optimizer_choice_comes_from_the_registry(page):
    assert page.selectbox(key="gd_optimizer").options == [cls.label for cls in nm.OPTIMIZERS.values()]
    assert not [n for n in page.number_input if n.key.startswith("gd_momentum_")]  # GD has no other parameter
    page.selectbox(key="gd_optimizer").set_value("Momentum").run()
    assert_healthy(page)
    [momentum] = [n for n in page.number_input if n.key == "gd_momentum_momentum"]
    assert momentum.value == 0.9 and momentum.label == "momentum (momentum)"
    page.selectbox(key="gd_optimizer").set_value("Adam").run()
    assert sorted(n.key for n in page.number_input if n.key.startswith("gd_adam_")) == [
        "gd_adam_beta_1",
        "gd_adam_beta_2",
        "gd_adam_epsilon",
    ]
    assert page.query_params["gd_optimizer"] == "Adam"
    assert "**Step 5: update with Adam**" in " ".join(m.value for m in page.markdown)


def hand_run(optimizer: nm.Optimizer, steps: int, batch_size: int = 3) -> tuple[np.ndarray, float]:
    """theta after ``steps`` mini-batch updates in order, by nm.linreg_gradients and the optimizer's own step."""
    w, b = np.array([1.0, 1.0]), 0.0
    for t in range(steps):
        start = (t * batch_size) % 12
        rows = slice(start, start + batch_size)
        dw, db = nm.linreg_gradients(TOY.X[rows], TOY.y[rows], w, b)
        theta = optimizer.step([np.append(w, b)], [np.append(dw.ravel(), db)])[0]
        w, b = theta[:2], float(theta[2])
    return w, b


@pytest.mark.parametrize(
    ("name", "values", "optimizer"),
    [
        ("Momentum", {"gd_momentum_momentum": 0.8}, nm.Momentum(eta=0.05, momentum=0.8)),
        ("Adam", {"gd_adam_beta_1": 0.8}, nm.Adam(learning_rate=0.05, beta_1=0.8)),
    ],
)
def test_momentum_and_adam_runs_match_the_optimizer_applied_by_hand(app, name, values, optimizer):
    at = app(PAGE, {"gd_optimizer": name, "gd_eta": "0.05", **{k: str(v) for k, v in values.items()}}).run()
    assert_healthy(at)
    stats = nm.linreg_stats(TOY.X, TOY.y)
    for t in (1, 2, 7):
        show_update(at, t)
        w, b = hand_run(type(optimizer)(**optimizer.values()), t)
        mse = stats.mse(np.append(w, b))
        assert headline(at).endswith(f"w = ({w[0]:.4f}, {w[1]:.4f}), b = {b:.4f}, full-data MSE = {mse:.6g}")
        theta = [s for s in latex(at) if s.startswith(rf"\begin{{aligned}} \theta^{{({t})}}")]
        assert last_line(theta[-1]) == "&= " + matrix(np.append(w, b), 3)
    h = expected_run(optimizer=type(optimizer)(**optimizer.values()))
    step = nm.step_detail(TOY.X, TOY.y, h, 7)
    text = " ".join(latex(at))
    for state in step.state_after.values():  # velocity, or the first and second moments, after update 7
        assert matrix(state, 3) in text
    if name == "Adam":
        assert f"&= {step.step_size:.4g}" in text  # alpha_7


def test_compared_runs_of_every_optimizer_share_the_contour_and_the_link(page, app):
    assert not [b for b in page.button if b.label == "Compare the optimizers"]  # drawn once the expander is open
    compare_buttons(page)["Compare the optimizers"].click().run()
    assert_healthy(page)
    names = [r["gd_optimizer"] for r in page.session_state["gd_compare"]]
    assert names == list(nm.OPTIMIZERS)
    [contour] = figures(page)
    paths = [t["name"] for t in contour["data"] if t.get("showlegend")]
    assert paths == ["Gradient descent (this run)", "Momentum", "RMSprop", "Adam"]  # only what differs
    colours = [t["line"]["color"] for t in contour["data"] if t.get("showlegend")]
    assert len(set(colours)) == 4 and colours[0] == "#D55E00"
    assert page.query_params["gd_compare"] == "optimizer:GD;optimizer:Momentum;optimizer:RMSprop;optimizer:Adam"
    loss = figures(with_panel(app, "Loss", dict(page.query_params)))[1]
    assert [t["name"] for t in loss["data"]][2:] == paths[1:]
    assert [t["line"]["color"] for t in loss["data"]][2:] == colours[1:]  # each run keeps its colour
    h = expected_run()
    assert loss["layout"]["xaxis"]["range"] == [0, h.n_updates]  # the stepped run's length, not the longest


def test_a_link_reopens_compared_runs_and_garbage_means_none(app):
    link = "optimizer:GD,eta:0.05;optimizer:Adam,eta:0.2,adam_beta_1:0.8"
    at = app(PAGE, {"gd_compare": link}).run()
    assert_healthy(at)
    assert [(r["gd_optimizer"], r["gd_eta"]) for r in at.session_state["gd_compare"]] == [("GD", 0.05), ("Adam", 0.2)]
    assert at.session_state["gd_compare"][1]["gd_adam_beta_1"] == 0.8
    paths = [t["name"] for t in figures(at)[0]["data"] if t.get("showlegend")]
    assert paths == ["Gradient descent, η = 0.1 (this run)", "Gradient descent, η = 0.05", "Adam, η = 0.2"]
    assert at.query_params["gd_compare"] == link
    for garbage in ("optimizer:GD,eta:0.25", "optimizer:Nope", "eta:0.05", link + ";" + link, "x" * 2000):
        bad = app(PAGE, {"gd_compare": garbage}).run()
        assert_healthy(bad)
        assert bad.session_state["gd_compare"] == []


def test_stochastic_divergence_advice_never_repeats_the_rate_that_diverged(app):
    at = app(PAGE, {"gd_mode": "stochastic", "gd_eta": "0.5"}).run()
    assert_healthy(at)
    [message] = errors(at)
    assert message.startswith("The run diverged at update ")
    assert f"The bound 2 / λmax = {nm.max_stable_eta(TOY.X):.4g} is for batch gradient descent" in message
    assert "does not apply as such; try η = 0.2." in message  # the largest listed rate at most half of 0.5


def test_batch_momentum_divergence_quotes_its_own_bound(app):
    at = app(PAGE, {"gd_mode": "batch", "gd_optimizer": "Momentum", "gd_eta": "1.0"}).run()
    [message] = errors(at)
    eta_max = nm.max_stable_eta(TOY.X)
    assert f"batch Momentum is stable only for η < 2 (1 + m) / λmax with m = 0.9 = {1.9 * eta_max:.4g}" in message
    assert message.endswith("try η = 0.3. What it computed before diverging is drawn below.")


# ---------------------------------------------------------------- practice


def test_practice_right_wrong_and_empty_answers(app):
    page = with_panel(app, "Predict")
    h = expected_run()
    boxes = [t for t in page.text_input if t.key.startswith("gd_practice_")]
    assert [b.label for b in boxes] == ["w1(2)", "w2(2)", "b(2)"]
    boxes[0].set_value(f"{h.w[2, 0]:.3f}")
    boxes[1].set_value("9")
    page.button(key="gd_practice_check").click().run()
    assert_healthy(page)
    text = page.warning[0].value.replace("\\", "")
    assert "w1(2): ✓ right" in text
    assert f"w2(2): ✗ not yet: it is {h.w[2, 1]:.3f}" in text
    assert "b(2): empty: type a number" in text
    assert "**Step 5: update with the learning rate**" in " ".join(m.value for m in page.markdown)  # the working
    assert "gd_practice_score" not in page.session_state  # an empty box: not counted yet
    boxes = [t for t in page.text_input if t.key.startswith("gd_practice_")]
    boxes[1].set_value(f"{h.w[2, 1]:.4f}")
    boxes[2].set_value(f"{h.b[2]:.3f}")
    page.button(key="gd_practice_check").click().run()
    assert page.success[0].value.startswith("All right")
    assert page.session_state["gd_practice_score"] == Score(1, 1)
    page.button(key="gd_step_next").click().run()  # a new step: empty boxes, the score kept
    assert [t.value for t in page.text_input if t.key.startswith("gd_practice_")] == ["", "", ""]
    assert next(t.label for t in page.text_input if t.key.startswith("gd_practice_")) == "w1(3)"
    assert page.session_state["gd_practice_score"] == Score(1, 1)


# ---------------------------------------------------------------- the other tabs


def test_play_is_one_animated_figure_under_2_mb(app):
    at = app(PAGE, {"gd_view": "Play", "gd_compare": "optimizer:GD,eta:0.05;optimizer:Adam"}).run()
    assert_healthy(at)
    [player] = figures(at)
    assert player["frames"] and len(player["frames"]) <= animation.MAX_FRAMES
    assert animation.spec_size(player) < animation.MAX_BYTES
    assert {t["type"] for t in player["data"]} == {"scatter"}
    legend = [t["name"] for t in player["data"] if t.get("showlegend", True) and t.get("name")]
    assert legend[:3] == ["Gradient descent, η = 0.1 (this run)", "Gradient descent, η = 0.05", "Adam, η = 0.1"]


def test_the_3d_view(app):
    at = app(PAGE, {"gd_view": "3D surface"}).run()
    assert_healthy(at)
    [fig] = figures(at)
    assert [t["type"] for t in fig["data"]][:2] == ["surface", "scatter3d"]
    assert fig["layout"]["scene"]["zaxis"]["title"]["text"] == "MSE"


def table_row(at, t: int) -> list[float]:
    """Update t's w, b, full-data MSE, dL/dw and dL/db from the Data panel's table (every digit)."""
    [frame] = [d.value for d in at.dataframe if "update" in d.value.columns]
    row = frame[frame["update"] == t].iloc[0]
    weights = [c for c in frame.columns if c.startswith("w_")]
    gradients = [c for c in frame.columns if c.startswith("dL/dw_")]
    return [*row[weights], row["b"], row["loss (all data)"], *row[gradients], row["dL/db"]]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"gd_optimizer": "Momentum", "gd_eta": "0.02", "gd_shuffle": "1", "gd_seed": "7", "gd_step": "9"},
        {"gd_optimizer": "Adam", "gd_eta": "0.05", "gd_mode": "stochastic", "gd_shuffle": "1", "gd_step": "30"},
        {"gd_source": "exercise", "gd_mode": "batch", "gd_eta": "0.02", "gd_tol": "0.0", "gd_step": "3"},
        {"gd_source": "synthetic", "gd_syn_n": "40", "gd_syn_p": "1", "gd_optimizer": "RMSprop", "gd_epochs": "50"}
        | {"gd_step": "4"},
    ],
    ids=["lecture", "momentum-shuffled", "adam-stochastic", "exercise", "synthetic-rmsprop"],
)
def test_the_code_prints_the_numbers_on_screen(app, query):
    at = app(PAGE, {**query, "gd_view": "Code", "gd_panel": "Data"}).run()
    assert_healthy(at)
    [code] = [c.value for c in at.code if c.language == "python"]
    printed = printed_numbers(run_numpy_code(code))
    at.session_state["gd_view"] = "Step by step"
    at.run()
    t = at.session_state["gd_step"]
    k = int(update_line(at).split(" of ")[1].split("*")[0])
    expected = [t, k, *table_row(at, t)]
    at.button(key="gd_step_last").click().run()
    p = 1 if "gd_syn_p" in query or query.get("gd_source") == "exercise" else 2
    expected += [k, *table_row(at, k)[: p + 2]]  # the last update's w, b and full-data MSE
    np.testing.assert_allclose(printed, expected, rtol=0, atol=1e-9)


# ---------------------------------------------------------------- data


def test_exercise_data(page):
    page.radio(key="gd_source").set_value("exercise").run()
    assert_healthy(page)
    assert not page.error
    assert [c for c in page.caption if shown(c.value).startswith("x = (2, 3, 5)")]
    show_update(page, 1)
    # The backprop exercise of the reference values: theta(1) = (1.573333, 0.153333) for eta = 0.01.
    assert update_line(page).startswith("**Update 1 of 1000** (epoch 1): w = (1.5733), b = 0.1533")
    w_line, b_line = update_equations(page)
    assert last_line(w_line) == r"&= \begin{pmatrix} 1.573 \end{pmatrix}"
    assert last_line(b_line) == "&= 0.153"
    show_update(page, 3)
    assert update_line(page).startswith("**Update 3 of 1000** (epoch 3): w = (2.2957), b = 0.3473")
    [contour] = figures(page)
    assert contour["layout"]["xaxis"]["title"]["text"] == "w"
    assert contour["layout"]["yaxis"]["title"]["text"] == "b"
    assert contour["layout"]["title"]["text"] == "MSE over (w, b)"
    [optimum] = [t for t in contour["data"] if t.get("name") == "least-squares optimum"]
    assert (optimum["x"], optimum["y"]) == ([pytest.approx(3.0)], [pytest.approx(1.0)])


def test_exercise_data_brings_the_exercise_settings(page):
    page.selectbox(key="gd_optimizer").set_value("Adam").run()
    page.radio(key="gd_source").set_value("exercise").run()
    assert_healthy(page)
    assert not errors(page)
    state = page.session_state
    assert (state["gd_mode"], state["gd_eta"], state["gd_w1"], state["gd_b0"]) == ("batch", 0.01, 1.0, 0.0)
    assert state["gd_optimizer"] == "GD"
    page.session_state["gd_step"] = 3
    page.run()
    assert "2.2957" in headline(page) and "0.3473" in headline(page)


def test_exercise_data_with_the_lecture_rate_diverges_with_advice(page):
    page.radio(key="gd_source").set_value("exercise").run()
    page.select_slider(key="gd_eta").set_value(0.1).run()
    assert_healthy(page)
    [message] = errors(page)
    assert message.startswith("The run diverged at update ")
    assert "batch GD is stable only for η < 2 / λmax = 0.07379; try η = 0.07." in message


@pytest.mark.parametrize(("p", "axes"), [(1, ("w", "b")), (2, ("w1", "w2"))])
def test_synthetic_data(app, p, axes):
    at = app(PAGE, {"gd_source": "synthetic", "gd_syn_p": str(p), "gd_syn_n": "30", "gd_epochs": "200"}).run()
    assert_healthy(at)
    assert not at.error
    assert at.selectbox(key="gd_syn_p").value == p
    assert at.number_input(key="gd_syn_w2").disabled is (p == 1)
    data = datasets.synthetic_regression(n=30, w=(2.0, -1.0)[:p], b=0.5, noise=0.5, seed=0)
    assert [c for c in at.caption if shown(c.value).startswith(data.description + ". Batch GD converges")]
    h = nm.gradient_descent(data.X, data.y, w0=[1.0] * p, eta=0.1, batch_size=3, max_iter=200, shuffle=False)
    assert f" of {h.n_updates}**" in update_line(at)
    [contour] = figures(at)
    assert (contour["layout"]["xaxis"]["title"]["text"], contour["layout"]["yaxis"]["title"]["text"]) == axes
    stats = nm.linreg_stats(data.X, data.y)
    [optimum] = [t for t in contour["data"] if t.get("name") == "least-squares optimum"]
    assert (optimum["x"], optimum["y"]) == ([pytest.approx(stats.theta_star[0])], [pytest.approx(stats.theta_star[1])])
    params = figures(with_panel(app, "Parameters", dict(at.query_params)))[1]
    assert traces(params) == (["w", "b"] if p == 1 else ["w1", "w2", "b"])
    assert sorted(a["text"] for a in params["layout"]["annotations"]) == sorted(f"true {n}" for n in traces(params))


def test_a_diverging_learning_rate_is_reported_with_a_stable_one(page):
    page.radio(key="gd_mode").set_value("batch")
    page.select_slider(key="gd_eta").set_value(2.0).run()
    assert_healthy(page)
    [message] = errors(page)
    eta_max = nm.max_stable_eta(TOY.X)
    assert eta_max == pytest.approx(0.256, abs=5e-4)
    assert f"batch GD is stable only for η < 2 / λmax = {eta_max:.4g}; try η = 0.2." in message
    captions = " ".join(shown(c.value) for c in page.sidebar.caption)
    assert f"Batch GD converges for η < 2 / λmax = {eta_max:.4g}" in captions
    assert len(figures(page)) == 1  # what it computed before diverging is still drawn
    page.select_slider(key="gd_eta").set_value(0.2).run()  # the suggested rate converges
    assert_healthy(page)
    assert not page.error
    assert "stopped after" in update_line(page)


def test_a_run_above_the_time_budget_is_refused_saying_what_to_reduce(app):
    at = app(PAGE, {"gd_source": "synthetic", "gd_syn_n": "5000", "gd_mode": "stochastic"}).run()
    assert_healthy(at)
    fits = cost.most(cost.descent_seconds(5000, 2, 1, 1) - cost.DESCENT.run, cost.DESCENT.run)
    seconds = cost.descent_seconds(5000, 2, 1, 1000)
    assert errors(at) == [
        f"This run would take about {seconds:,.1f} s of the server's time, above the limit of 5.0 s for one "
        f"request: use at most {fits:,} epochs, a larger batch, fewer rows, or fewer compared runs."
    ]
    assert not figures(at)
    at.number_input(key="gd_epochs").set_value(fits).run()
    assert_healthy(at)
    assert not errors(at)
    assert figures(at)


def test_the_cost_counts_the_optimizer(app):
    fits = cost.most(cost.descent_seconds(5000, 2, 1, 1, "Adam") - cost.DESCENT.run, cost.DESCENT.run)
    query = {"gd_source": "synthetic", "gd_syn_n": "5000", "gd_mode": "stochastic", "gd_optimizer": "Adam"}
    at = app(PAGE, query | {"gd_epochs": str(fits + 1)}).run()
    assert_healthy(at)
    [message] = errors(at)
    assert f"use at most {fits:,} epochs" in message  # Adam's updates cost more than plain GD's
    assert fits < cost.most(cost.descent_seconds(5000, 2, 1, 1, "GD") - cost.DESCENT.run, cost.DESCENT.run)


# ---------------------------------------------------------------- CSV upload (AppTest drives st.file_uploader)

GOOD_CSV = b"x1,x2,y\n1,2,4.6\n3,1,6.1\n1,1,3.1\n0,1,1.6\n2,2,6.1\n-2,3,1.6\n"


def test_choosing_csv_asks_for_a_file(page):
    page.radio(key="gd_source").set_value("csv").run()
    assert_healthy(page)
    assert [i.value for i in page.info] == ["Upload a CSV to use your own data."]
    assert page.file_uploader(key="gd_csv").allowed_type == [".csv"]
    assert not figures(page)


@pytest.fixture
def upload(app):
    at = app(PAGE, {"gd_source": "csv", "gd_panel": "Data"}).run()
    assert_healthy(at)

    def send(content: bytes, name: str = "data.csv"):
        at.file_uploader(key="gd_csv").set_value((name, content, "text/csv")).run()
        assert_healthy(at)
        return at

    return send


def test_a_good_csv_is_fitted_and_its_code_holds_the_data(upload):
    at = upload(GOOD_CSV)
    assert not at.error
    assert at.selectbox(key="gd_csv_target").value == "y"
    assert at.multiselect(key="gd_csv_features").value == ["x1", "x2"]
    X, y = TOY.X[:6], TOY.y[:6]
    h = expected_run(X, y)
    show_update(at, 1)
    assert update_line(at).startswith(f"**Update 1 of {h.n_updates}** (epoch 1): w = (1.6000, 1.4267), b = 0.3200")
    [frame, _] = [d.value for d in at.dataframe]
    assert list(frame.columns) == ["row", "x1", "x2", "y", "in this batch"]
    assert list(frame["in this batch"]) == ["◀ batch"] * 3 + [""] * 3
    at.session_state["gd_view"] = "Code"
    at.run()
    [code] = [c.value for c in at.code if c.language == "python"]
    printed = printed_numbers(run_numpy_code(code))
    np.testing.assert_allclose(printed[:7], [1, h.n_updates, *h.w[1], h.b[1], h.loss[1], *h.dw[1]][:7], atol=1e-9)


def test_column_names_are_shown_literally_and_named_in_the_code(upload):
    link = "[x](https://example.org)"
    at = upload(GOOD_CSV.replace(b"x1,x2,y", f"{link},x2,y".encode()))
    assert not at.error
    [caption] = [c.value for c in at.sidebar.caption if "rows:" in shown(c.value)]
    assert shown(caption).startswith(f"6 rows: {link}, x2 -> y.")
    assert "](" not in re.sub(r"\\.", "", caption)  # every bracket escaped: no link
    at.session_state["gd_view"] = "Code"
    at.run()
    [code] = [c.value for c in at.code if c.language == "python"]
    assert f"\n# Your CSV: features {link}, x2; target y\n" in code  # a name is one printable line (ui.parsing)


def test_a_csv_with_one_feature_chosen(upload):
    at = upload(GOOD_CSV)
    at.multiselect(key="gd_csv_features").set_value(["x2"]).run()
    assert_healthy(at)
    assert figures(at)[0]["layout"]["xaxis"]["title"]["text"] == "w"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"x1,x2,y\n1,2,4.6\n3,abc,6.1\n", "Column 'x2' holds text (row 3 holds 'abc'): every column must be numbers."),
        (
            b"x1,x2,y\n1,2,4.6\n3,,6.1\n1,1,3\n",
            "Column 'x2' has a missing value (file line 3): fill it in or delete that row.",
        ),
        (b"x1,x2,y\n1,2,3\n", "The file has 1 data row(s); gradient descent needs at least 2."),
        (b"1,2,3\n4,5,6\n7,8,9\n", "The first row holds numbers, not column names: add a header row (e.g. x1,x2,y)."),
        (b"", "The file is empty: upload a CSV with a header row and at least two rows of numbers."),
    ],
    ids=["text", "missing", "one-row", "no-header", "empty"],
)
def test_a_bad_csv_shows_an_error(upload, content, message):
    at = upload(content)
    assert errors(at) == [message]
    assert not figures(at)
    assert not [m for m in at.markdown if m.value.startswith("**Update")]


# ---------------------------------------------------------------- comparison by the buttons


def test_compare_the_learning_rates(page):
    compare_buttons(page)["Compare η = 0.01, 0.05, 0.1, 0.2"].click().run()
    assert_healthy(page)
    assert [r["gd_eta"] for r in page.session_state["gd_compare"]] == [0.01, 0.05, 0.1, 0.2]
    compare_buttons(page)
    assert [c.value for c in page.sidebar.caption if c.value.startswith("(")] == [
        "(1) η = 0.01",
        "(2) η = 0.05",
        "(3) η = 0.1 = this run",
        "(4) η = 0.2",
    ]
    [contour] = figures(page)
    lines = [t for t in contour["data"] if t.get("showlegend")]
    assert [t["name"] for t in lines] == ["η = 0.1 (this run)", "η = 0.01", "η = 0.05", "η = 0.2"]
    assert len(decode(lines[0]["x"])) == 2  # the stepped run, drawn up to the update shown
    for line, eta in zip(lines[1:], (0.01, 0.05, 0.2), strict=True):
        h = expected_run(eta=eta)
        x = decode(line["x"])
        assert len(x) == min(h.n_updates + 1, 2000)
        assert x[0] == 1.0
        assert x[-1] == pytest.approx(h.w[-1, 0])
    compare_buttons(page)
    page.button(key="gd_remove_0").click().run()
    assert [r["gd_eta"] for r in page.session_state["gd_compare"]] == [0.05, 0.1, 0.2]
    compare_buttons(page)["Clear"].click().run()
    assert_healthy(page)
    assert page.session_state["gd_compare"] == []
    assert traces(figures(page)[0])[1] == "path"


def test_add_this_run_to_the_comparison(page):
    compare_buttons(page)["Add this run"].click().run()
    page.select_slider(key="gd_eta").set_value(0.05).run()
    compare_buttons(page)["Add this run"].click().run()
    assert_healthy(page)
    assert [r["gd_eta"] for r in page.session_state["gd_compare"]] == [0.1, 0.05]
    assert compare_buttons(page)["Add this run"].disabled  # this run is kept already
    names = [t["name"] for t in figures(page)[0]["data"] if t.get("showlegend")]
    assert names == ["η = 0.05 (this run)", "η = 0.1"]


def test_reset_goes_back_to_the_lecture_settings(page):
    page.radio(key="gd_mode").set_value("stochastic")
    page.select_slider(key="gd_eta").set_value(0.05).run()
    [reset] = [b for b in page.button if b.label == "Reset to the lecture's settings"]
    reset.click().run()
    assert_healthy(page)
    assert (page.session_state["gd_mode"], page.session_state["gd_eta"]) == ("mini-batch", 0.1)
    assert " of 149**" in update_line(page)


def test_a_link_reopens_an_update(app):
    at = app(PAGE, {"gd_source": "exercise", "gd_eta": "0.02", "gd_mode": "batch", "gd_step": "2"}).run()
    assert_healthy(at)
    # Reference values: eta = 0.02 gives theta(2) = (2.671467, 0.448178).
    assert update_line(at).startswith("**Update 2 of 1000** (epoch 2): w = (2.6715), b = 0.4482")


def test_a_link_with_an_out_of_range_slider_value_still_opens(app):
    at = app(PAGE, {"gd_w1": "50", "gd_view": "nowhere", "gd_panel": "<b>x</b>"}).run()
    assert_healthy(at)
    assert at.session_state["gd_w1"] == 1.0
    assert at.session_state["gd_view"] == "Step by step"
