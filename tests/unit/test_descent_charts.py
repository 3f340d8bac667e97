"""nnviz.descent: the step view's charts (one colour per run, click grid, moved to a step), the player, the 3D view,
the table of updates."""

from __future__ import annotations

import base64

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnviz import animation, descent
from nnviz.descent import DrawnRun
from nnviz.theme import color

TOY = datasets.lecture_toy_regression()
STATS = nm.linreg_stats(TOY.X, TOY.y)


def typed(value):
    arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
    return arr.reshape([int(n) for n in value["shape"].split(",")]) if "shape" in value else arr


def run(eta=0.1, batch_size=3, optimizer=None, X=TOY.X, y=TOY.y, **kwargs):
    options = dict(w0=[1.0] * X.shape[1], b0=0.0, max_iter=100, tol=1e-8, shuffle=False) | kwargs
    return nm.gradient_descent(X, y, eta=eta, batch_size=batch_size, optimizer=optimizer, **options)


@pytest.fixture(scope="module")
def three():
    return [
        DrawnRun("η = 0.1 (this run)", run(0.1), 1),
        DrawnRun("η = 0.05", run(0.05, max_iter=400), 3),
        DrawnRun("Adam", run(optimizer=nm.Adam(learning_rate=0.1)), 4),
    ]


def test_each_run_keeps_its_colour_on_every_chart(three):
    charts = descent.step_charts(TOY.X, TOY.y, three, truth=(1.5, 1.5, 0.1), stats=STATS)
    contour = charts["contour"]
    for r in three:
        drawn = [t for t in contour["data"] if t.get("name") == r.label]
        assert drawn[0]["line"]["color"] == color(r.color_index)
    [now] = [t for t in contour["data"] if t.get("name") == "current"]
    assert now["marker"]["color"] == color(1)
    for log_y in (False, True):
        lines = charts["loss"][log_y]["data"]
        assert [t["name"] for t in lines] == ["full-data MSE", "batch MSE", "η = 0.05", "Adam"]
        assert [t["line"]["color"] for t in lines] == [color(1), color(1), color(3), color(4)]
    assert {t["line"]["color"] for t in charts["parameters"]["data"]} == {color(1)}
    spec = descent.player(TOY.X, TOY.y, three, stats=STATS, log_loss=True)
    for k, r in enumerate(three):
        group = [t for t in spec["data"] if t.get("legendgroup") == f"run{k}"]
        assert {(t.get("line", {}).get("color") or t["marker"]["color"]) for t in group} == {color(r.color_index)}


def test_the_legend_names_runs_once_and_makes_room_for_itself(three):
    contour = descent.step_charts(TOY.X, TOY.y, three, stats=STATS)["contour"]
    assert [t["name"] for t in contour["data"] if t.get("showlegend")] == [r.label for r in three]
    assert not [t for t in contour["data"] if t.get("name") == "start" and t.get("showlegend")]
    layout = contour["layout"]
    assert layout["legend"]["yref"] == "container" and layout["legend"]["yanchor"] == "bottom"
    assert layout["margin"]["b"] >= 60 + 28  # the legend sits under the x axis title, not over it
    alone = descent.step_charts(TOY.X, TOY.y, three[:1], stats=STATS)["contour"]
    assert not [t for t in alone["data"] if t.get("showlegend")]
    assert alone["layout"]["margin"]["b"] == 60


def test_the_loss_axis_spans_the_stepped_run():
    short, long = run(0.1), run(0.01, max_iter=1000, tol=0)
    charts = descent.step_charts(TOY.X, TOY.y, [DrawnRun("a", short, 1), DrawnRun("b", long, 2)], stats=STATS)
    assert long.n_updates > 10 * short.n_updates
    for log_y in (False, True):
        assert charts["loss"][log_y]["layout"]["xaxis"]["range"] == [0, short.n_updates]


def test_step_at_moves_the_path_the_point_the_slice_and_the_click_grid(three):
    charts = descent.step_charts(TOY.X, TOY.y, three, stats=STATS)
    before = repr(charts["contour"])
    h = three[0].history
    contour, loss, params = descent.step_at(charts, TOY.X, TOY.y, h, 4, log_loss=False, stats=STATS)
    assert repr(charts["contour"]) == before  # cached specs are shared: never changed
    path = contour["data"][1]
    np.testing.assert_allclose(typed(path["x"]), h.w[:5, 0])
    [now] = [t for t in contour["data"] if t.get("name") == "current"]
    assert (now["x"], now["y"]) == ([h.w[4, 0]], [h.w[4, 1]])
    values = charts["grid"]
    mse = nm.mse_surface(TOY.X, TOY.y, *values, b=h.b[4], stats=STATS)
    np.testing.assert_allclose(typed(contour["data"][0]["z"]), np.log10(mse), rtol=1e-6)
    [grid] = [t for t in contour["data"] if t.get("name") == descent.CLICK]
    np.testing.assert_allclose(typed(grid["customdata"]), mse[::2, ::2].ravel(), rtol=1e-6)
    assert contour["layout"]["title"]["text"] == f"MSE over (w1, w2) at b = {h.b[4]:.3f}"
    for fig in (loss, params):
        [line] = [s for s in fig["layout"]["shapes"] if s.get("name") == "current"]
        assert line["x0"] == 4


def test_the_click_grid_covers_the_plot_with_invisible_markers(three):
    contour = descent.step_charts(TOY.X, TOY.y, three, stats=STATS)["contour"]
    [grid] = [t for t in contour["data"] if t.get("name") == descent.CLICK]
    x, y = typed(grid["x"]), typed(grid["y"])
    v1, v2 = contour["layout"]["xaxis"]["range"], contour["layout"]["yaxis"]["range"]
    assert (x.min(), x.max()) == pytest.approx(tuple(v1), rel=1e-6)
    assert (y.min(), y.max()) == pytest.approx(tuple(v2), rel=1e-6)
    assert grid["marker"]["opacity"] == 0 and grid["mode"] == "markers"
    assert contour["data"][0]["hoverinfo"] == "skip"  # the markers carry the hover (and the clicks)
    assert contour["layout"]["clickmode"] == "event+select"


def test_one_feature_draws_over_w_and_b():
    d = datasets.lecture_exercise()
    h = run(0.01, None, X=d.X, y=d.y, tol=0)
    stats = nm.linreg_stats(d.X, d.y)
    charts = descent.step_charts(d.X, d.y, [DrawnRun("path", h, 1)], truth=(3.0, 1.0), stats=stats)
    contour, _, params = descent.step_at(charts, d.X, d.y, h, 2, log_loss=True, stats=stats)
    assert (contour["layout"]["xaxis"]["title"]["text"], contour["layout"]["yaxis"]["title"]["text"]) == ("w", "b")
    np.testing.assert_allclose(typed(contour["data"][1]["y"]), h.b[:3])
    assert [t["name"] for t in params["data"]] == ["w", "b"]
    assert [t["line"]["dash"] for t in params["data"]] == ["solid", "dot"]


def test_the_player_keeps_the_slice_at_b_star_and_stays_under_2_mb(three):
    spec = descent.player(TOY.X, TOY.y, three, stats=STATS, log_loss=True)
    assert animation.spec_size(spec) < animation.MAX_BYTES
    title = next(a["text"] for a in spec["layout"]["annotations"])
    assert title == f"MSE over (w1, w2) at b = b* = {STATS.theta_star[2]:.3f}"
    assert not [t for t in spec["data"] if t.get("marker", {}).get("showscale")]  # no colour bar


def test_the_3d_view_draws_each_path_on_the_slice(three):
    spec = descent.surface_3d(TOY.X, TOY.y, three, stats=STATS)
    surface, *rest = spec["data"]
    assert surface["type"] == "surface"
    path = next(t for t in rest if t.get("name") == three[0].label)
    x, y, z = typed(path["x"]), typed(path["y"]), typed(path["z"])
    b = STATS.theta_star[2]
    np.testing.assert_allclose(z, STATS.mse(np.column_stack([x, y, np.full(len(x), b)])), rtol=1e-12)
    assert spec["layout"]["scene"]["zaxis"]["title"]["text"] == "MSE"


def test_history_frame_lists_batches_compactly():
    h = run(0.1, None, max_iter=3, tol=0)
    frame = descent.history_frame(h, ["x1", "x2"])
    assert list(frame["batch rows"]) == ["", "all", "all", "all"]
    d = datasets.synthetic_regression(n=200, w=(1.0,), seed=1)
    big = nm.gradient_descent(d.X, d.y, eta=0.01, batch_size=100, max_iter=2, tol=0, shuffle=True, seed=3)
    rows = descent.history_frame(big, ["x1"], 1, 2)["batch rows"]
    assert rows.iloc[0].endswith(" … (100 rows)")
    assert rows.iloc[0].split(" … ")[0] == " ".join(str(r + 1) for r in big.rows(1)[: descent.ROWS_LISTED])
    window = descent.history_frame(big, ["x1"], 2, 3)
    assert list(window["update"]) == [2, 3]
    np.testing.assert_allclose(window["w_x1"], big.w[2:4, 0])
