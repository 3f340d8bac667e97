"""Gradient-descent playground: the lecture's Steps 1-5, the modes, the stepper, bad settings, uploads, comparison."""

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnviz.latex import matrix, num
from services import cost

from .conftest import assert_healthy, decode, errors, figures, latex, make_app

PAGE = "pages/gradient_descent.py"
TOY = datasets.lecture_toy_regression()


def expected_run(X=TOY.X, y=TOY.y, *, batch_size=3, eta=0.1, w0=(1.0, 1.0)):
    """The run the page makes with its default settings (no shuffle, 1000 epochs, tol 1e-8)."""
    return nm.gradient_descent(
        X, y, w0=list(w0), b0=0.0, eta=eta, batch_size=batch_size, max_iter=1000, tol=1e-8, shuffle=False, seed=0
    )


def update_line(at) -> str:
    [line] = [m.value for m in at.markdown if m.value.startswith("**Update ")]
    return line


def update_equations(at) -> tuple[str, str]:
    """Step 5's w and b updates."""
    [w_line] = [s for s in latex(at) if s.startswith(r"\boldsymbol{w}^{(")]
    [b_line] = [s for s in latex(at) if s.startswith("b^{(")]
    return w_line, b_line


def traces(fig) -> list[str]:
    return [t.get("name") for t in fig["data"]]


def compared_etas(at) -> list[float]:
    """The learning rates of the runs kept for comparison (AppTest hands the Settings back as dicts)."""
    return [r["eta"] if isinstance(r, dict) else r.eta for r in at.session_state["gd_compare"]]


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


def test_opens_on_the_lecture_first_update(lecture):
    assert [t.value for t in lecture.title] == ["Gradient-descent playground"]
    assert lecture.session_state["gd_step"] == 1
    h = expected_run()
    assert update_line(lecture) == (
        f"**Update 1 of {h.n_updates}** (epoch 1): w = (1.6000, 1.4267), b = 0.3200, full-data MSE = {h.loss[1]:.6g}"
    )
    assert [s.value for s in lecture.success] == [
        f"Stopped after {h.n_updates} updates: the batch MSE changed by less than the tolerance 1e-08."
    ]
    assert not lecture.error
    text = " ".join(latex(lecture))
    for value in ("-6.000", "-4.267", "-3.200", "1.600", "1.427", "0.320"):
        assert value in text
    w_line, b_line = update_equations(lecture)
    assert w_line.endswith(
        r"= \begin{pmatrix} 1.000 \\ 1.000 \end{pmatrix} - 0.1 \begin{pmatrix} -6.000 \\ -4.267 \end{pmatrix}"
        r" = \begin{pmatrix} 1.600 \\ 1.427 \end{pmatrix}"
    )
    assert b_line.endswith(r"= 0.000 - 0.1\,(-3.200) = 0.320")
    [y_hat] = [s for s in latex(lecture) if s.startswith(r"\hat{\boldsymbol{y}} = ")]
    assert y_hat.endswith(r"= \begin{pmatrix} 3 \\ 4 \\ 2 \end{pmatrix}")
    assert "The lecture's Steps 1-5 for update 1 (batch rows 1, 2, 3)" in [s.value for s in lecture.subheader]


def test_the_three_charts(lecture):
    contour, loss, params = figures(lecture)
    assert traces(contour) == [None, "path", "start", "current", "least-squares optimum"]
    assert contour["data"][0]["type"] == "contour"
    path = contour["data"][1]
    np.testing.assert_allclose(decode(path["x"]), [1.0, 1.6])  # the path so far: w(0) and w(1)
    np.testing.assert_allclose(decode(path["y"]), [1.0, 1.4266666667])
    assert contour["data"][3]["x"] == [pytest.approx(1.6)]
    assert (contour["data"][4]["x"], contour["data"][4]["y"]) == ([pytest.approx(1.5)], [pytest.approx(1.5)])
    assert contour["layout"]["xaxis"]["title"]["text"] == "w1"
    assert contour["layout"]["title"]["text"] == "MSE over (w1, w2) at b = 0.320"
    h = expected_run()
    assert traces(loss) == ["full-data loss", "batch loss"]
    np.testing.assert_allclose(decode(loss["data"][0]["y"]), h.loss)
    assert loss["layout"]["yaxis"]["type"] == "log"
    assert traces(params) == ["w1", "w2", "b"]
    true_levels = sorted(s["y0"] for s in params["layout"]["shapes"] if s.get("yref") == "y")
    assert true_levels == [pytest.approx(0.1), pytest.approx(1.5), pytest.approx(1.5)]


def test_a_step_moves_every_chart_to_that_update(page):
    show_update(page, 5)
    h = expected_run()
    contour, loss, params = figures(page)
    np.testing.assert_allclose(decode(contour["data"][1]["x"]), h.w[:6, 0])
    np.testing.assert_allclose(decode(contour["data"][1]["y"]), h.w[:6, 1])
    assert (contour["data"][3]["x"], contour["data"][3]["y"]) == (
        [pytest.approx(h.w[5, 0])],
        [pytest.approx(h.w[5, 1])],
    )
    assert contour["layout"]["title"]["text"] == f"MSE over (w1, w2) at b = {h.b[5]:.3f}"
    v1, v2 = decode(contour["data"][0]["x"]), decode(contour["data"][0]["y"])
    surface = nm.mse_surface(TOY.X, TOY.y, v1, v2, b=h.b[5])  # the contours are the MSE at this update's b
    np.testing.assert_allclose(decode(contour["data"][0]["customdata"]), surface, rtol=1e-6)
    np.testing.assert_allclose(decode(contour["data"][0]["z"]), np.log10(surface), rtol=1e-6, atol=1e-6)
    for fig in (loss, params):
        [marker] = [s for s in fig["layout"]["shapes"] if s.get("name") == "current"]
        assert (marker["x0"], marker["x1"]) == (5, 5)


def test_the_history_table_shows_the_updates_around_the_current_one(page):
    assert not page.dataframe  # drawn only once its expander is open
    page.session_state["gd_history_open"] = True
    show_update(page, 60)
    h = expected_run()
    [frame] = [d.value for d in page.dataframe if "update" in d.value.columns]
    assert list(frame["update"]) == list(range(10, min(111, h.n_updates + 1)))
    np.testing.assert_allclose(frame["w_x1"], h.w[10:111, 0])
    np.testing.assert_allclose(frame["loss (all data)"], h.loss[10:111])
    assert f"Updates 10 to {min(110, h.n_updates)} of {h.n_updates}; the download has them all." in [
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
    assert page.success[0].value.startswith(f"Stopped after {h.n_updates} updates")
    show_update(page, 2)
    step = nm.step_detail(TOY.X, TOY.y, h, 2)
    w_line, b_line = update_equations(page)
    assert w_line.endswith(" = " + matrix(step.w_after, 3))
    assert b_line.endswith(" = " + num(step.b_after, 3))
    rows = ", ".join(str(r + 1) for r in step.rows)
    assert f"The lecture's Steps 1-5 for update 2 (batch rows {rows})" in [s.value for s in page.subheader]
    assert page.query_params.get("gd_mode", "mini-batch") == mode


def test_next_advances_the_update(page):
    before = update_equations(page)
    page.button(key="gd_step_next").click().run()
    assert_healthy(page)
    assert page.session_state["gd_step"] == 2
    assert page.query_params["gd_step"] == "2"
    w_line, b_line = update_equations(page)
    assert (w_line, b_line) != before
    assert w_line.endswith(r"= \begin{pmatrix} 1.537 \\ 1.420 \end{pmatrix}")
    assert b_line.endswith("= 0.305")
    assert "(batch rows 4, 5, 6)" in " ".join(s.value for s in page.subheader)
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


def test_next_after_the_run_changes_shows_the_next_update(page):
    page.radio(key="gd_mode").set_value("batch").run()
    shown = page.session_state["gd_step"]
    page.button(key="gd_step_next").click().run()
    assert page.session_state["gd_step"] == shown + 1


def test_exercise_data(page):
    page.radio(key="gd_source").set_value("exercise")
    page.select_slider(key="gd_eta").set_value(0.01).run()
    assert_healthy(page)
    assert not page.error
    assert [c.value for c in page.caption if c.value.startswith("x = (2, 3, 5)")]
    show_update(page, 1)
    # The backprop exercise of the reference values: theta(1) = (1.573333, 0.153333) for eta = 0.01.
    assert update_line(page).startswith("**Update 1 of 1000** (epoch 1): w = (1.5733), b = 0.1533")
    w_line, b_line = update_equations(page)
    assert w_line.endswith(r"= \begin{pmatrix} 1.573 \end{pmatrix}")
    assert b_line.endswith("= 0.153")
    show_update(page, 3)
    assert update_line(page).startswith("**Update 3 of 1000** (epoch 3): w = (2.2957), b = 0.3473")
    contour = figures(page)[0]
    assert contour["layout"]["xaxis"]["title"]["text"] == "w"
    assert contour["layout"]["yaxis"]["title"]["text"] == "b"
    assert contour["data"][-1]["name"] == "least-squares optimum"
    assert (contour["data"][-1]["x"], contour["data"][-1]["y"]) == ([pytest.approx(3.0)], [pytest.approx(1.0)])


def test_exercise_data_brings_the_exercise_settings(page):
    page.radio(key="gd_source").set_value("exercise").run()
    assert_healthy(page)
    assert not errors(page)
    state = page.session_state
    assert (state["gd_mode"], state["gd_eta"], state["gd_w1"], state["gd_b0"]) == ("batch", 0.01, 1.0, 0.0)
    page.session_state["gd_step"] = 3
    page.run()
    assert any("2.2957" in m.value and "0.3473" in m.value for m in page.markdown)


def test_exercise_data_with_the_lecture_rate_diverges_with_advice(page):
    page.radio(key="gd_source").set_value("exercise").run()
    page.select_slider(key="gd_eta").set_value(0.1).run()
    assert_healthy(page)
    [message] = errors(page)
    assert message.startswith("The run diverged at update ")
    assert "batch GD is stable only for η < 0.07379; try η = 0.07." in message


@pytest.mark.parametrize(("p", "axes"), [(1, ("w", "b")), (2, ("w1", "w2"))])
def test_synthetic_data(app, p, axes):
    at = app(PAGE, {"gd_source": "synthetic", "gd_syn_p": str(p), "gd_syn_n": "30", "gd_epochs": "200"}).run()
    assert_healthy(at)
    assert not at.error
    assert at.selectbox(key="gd_syn_p").value == p
    assert at.number_input(key="gd_syn_w2").disabled is (p == 1)
    data = datasets.synthetic_regression(n=30, w=(2.0, -1.0)[:p], b=0.5, noise=0.5, seed=0)
    assert [c.value for c in at.caption if c.value == data.description]
    h = nm.gradient_descent(data.X, data.y, w0=[1.0] * p, eta=0.1, batch_size=3, max_iter=200, shuffle=False)
    assert f" of {h.n_updates}**" in update_line(at)
    contour, _, params = figures(at)
    assert (contour["layout"]["xaxis"]["title"]["text"], contour["layout"]["yaxis"]["title"]["text"]) == axes
    stats = nm.linreg_stats(data.X, data.y)
    optimum = contour["data"][-1]
    assert (optimum["x"], optimum["y"]) == ([pytest.approx(stats.theta_star[0])], [pytest.approx(stats.theta_star[1])])
    assert traces(params) == (["w", "b"] if p == 1 else ["w1", "w2", "b"])
    assert sorted(a["text"] for a in params["layout"]["annotations"]) == sorted(f"true {n}" for n in traces(params))


def test_synthetic_data_follows_its_controls(app):
    at = app(PAGE, {"gd_source": "synthetic", "gd_syn_n": "12", "gd_epochs": "50"}).run()
    at.number_input(key="gd_syn_seed").set_value(7).run()
    assert_healthy(at)
    assert "seed 7" in " ".join(c.value for c in at.caption)
    assert at.query_params["gd_syn_seed"] == "7"


def test_a_diverging_learning_rate_is_reported_with_a_stable_one(page):
    page.radio(key="gd_mode").set_value("batch")
    page.select_slider(key="gd_eta").set_value(2.0).run()
    assert_healthy(page)
    [message] = errors(page)
    assert "diverged" in message
    eta_max = nm.max_stable_eta(TOY.X)
    assert eta_max == pytest.approx(0.256, abs=5e-4)
    assert f"batch GD is stable only for η < {eta_max:.4g}; try η = 0.2." in message
    assert [i.value for i in page.sidebar.info] == [
        f"Batch GD is stable for η < 2 / λmax = **{eta_max:.4g}** (λmax: largest eigenvalue of the MSE's Hessian)."
    ]
    assert len(figures(page)) == 3  # what it computed before diverging is still drawn

    page.select_slider(key="gd_eta").set_value(0.2).run()  # the suggested rate converges
    assert_healthy(page)
    assert not page.error
    assert page.success[0].value.startswith("Stopped after ")


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
    assert not [m for m in at.markdown if m.value.startswith("**Update")]
    at.number_input(key="gd_epochs").set_value(fits).run()
    assert_healthy(at)
    assert not errors(at)
    assert figures(at)


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
    at = app(PAGE, {"gd_source": "csv"}).run()
    assert_healthy(at)

    def send(content: bytes, name: str = "data.csv"):
        at.file_uploader(key="gd_csv").set_value((name, content, "text/csv")).run()
        assert_healthy(at)
        return at

    return send


def test_a_good_csv_is_fitted(upload):
    at = upload(GOOD_CSV)
    assert not at.error
    assert at.selectbox(key="gd_csv_target").value == "y"
    assert at.multiselect(key="gd_csv_features").value == ["x1", "x2"]
    X, y = TOY.X[:6], TOY.y[:6]
    h = expected_run(X, y)
    show_update(at, 1)
    assert update_line(at).startswith(f"**Update 1 of {h.n_updates}** (epoch 1): w = (1.6000, 1.4267), b = 0.3200")
    assert not at.dataframe  # the tables are drawn only when their expanders are open
    at.session_state["gd_data_open"] = True
    at.run()
    [frame] = [d.value for d in at.dataframe if "in this batch" in d.value.columns]
    assert list(frame.columns) == ["row", "x1", "x2", "y", "in this batch"]
    assert list(frame["in this batch"]) == ["◀ batch"] * 3 + [""] * 3


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
        (
            "x1,x2,y\n1,2,3\n4,5,6\n# é\n".encode("latin-1"),
            "The file is not UTF-8 text: save it as CSV (UTF-8) and upload it again.",
        ),
        (
            b"x1,x2,y\n" + b"1.000000,2.000000,3.000000\n" * 200_000,
            "The file is 5.1 MB; the limit is 5 MB. Upload fewer rows.",
        ),
        (b"", "The file is empty: upload a CSV with a header row and at least two rows of numbers."),
    ],
    ids=["text", "missing", "one-row", "no-header", "not-utf8", "over-5MB", "empty"],
)
def test_a_bad_csv_shows_an_error(upload, content, message):
    at = upload(content)
    assert errors(at) == [message]
    assert not figures(at)
    assert not [m for m in at.markdown if m.value.startswith("**Update")]


# ---------------------------------------------------------------- comparison


def test_compare_the_learning_rates(page):
    assert not [b for b in page.button if b.label.startswith("Compare")]  # the controls are in a closed expander
    page.session_state["gd_compare_open"] = True
    page.run()
    [compare] = [b for b in page.button if b.label.startswith("Compare the learning rates")]
    assert compare.label == "Compare the learning rates 0.01, 0.05, 0.1 and 0.25"
    compare.click().run()
    assert_healthy(page)
    assert compared_etas(page) == [0.01, 0.05, 0.1, 0.25]
    [caption] = [c.value for c in page.caption if c.value.startswith("Compared: ")]
    assert caption.count("η = ") == 4

    contour, loss, _ = figures(page)
    paths = [t for t in contour["data"][1:] if t["name"] not in ("current", "least-squares optimum")]
    lines = [t for t in paths if not t["name"].startswith("start")]
    starts = [t for t in paths if t["name"].startswith("start")]
    assert len(lines) == 4
    assert len(starts) == 4
    label = "η = {:g}, batch size 3, w(0) = (1, 1), b(0) = 0"
    assert [t["name"] for t in lines] == [
        label.format(0.1),  # the current run, drawn up to the update shown
        "(1) " + label.format(0.01),
        "(2) " + label.format(0.05),
        "(4) " + label.format(0.25),
    ]
    assert len(decode(lines[0]["x"])) == 2
    for line, eta in zip(lines[1:], (0.01, 0.05, 0.25), strict=True):
        h = expected_run(eta=eta)
        x = decode(line["x"])
        assert len(x) == min(h.n_updates + 1, 2000)
        assert x[0] == 1.0
        assert x[-1] == pytest.approx(h.w[-1, 0])
    assert [t["name"] for t in loss["data"]][2:] == [t["name"] for t in lines[1:]]

    [clear] = [b for b in page.button if b.label == "Clear"]
    clear.click().run()
    assert_healthy(page)
    assert page.session_state["gd_compare"] == []
    assert traces(figures(page)[0])[1] == "path"


def test_add_this_run_to_the_comparison(page):
    page.session_state["gd_compare_open"] = True
    page.run()
    [add] = [b for b in page.button if b.label == "Add this run to the comparison"]
    add.click().run()
    page.select_slider(key="gd_eta").set_value(0.05).run()
    [add] = [b for b in page.button if b.label == "Add this run to the comparison"]
    add.click().run()
    assert_healthy(page)
    assert compared_etas(page) == [0.1, 0.05]
    [add] = [b for b in page.button if b.label == "Add this run to the comparison"]
    assert add.disabled  # this run is kept already
    names = traces(figures(page)[0])
    assert "(1) η = 0.1, batch size 3, w(0) = (1, 1), b(0) = 0" in names


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
    at = app(PAGE, {"gd_w1": "50"}).run()
    assert_healthy(at)
