"""nnviz.training_charts: the trainer's loss, parameter and fit charts, its player and its table of differences."""

from __future__ import annotations

import base64

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnviz import animation, figures, training_charts
from nnviz.theme import color


def decoded(value):
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
    return np.asarray(value, dtype=float)


def curve(label, optimizer, iterations, sizes=(3, 2, 1), record_every=1, rows=200):
    d = datasets.lecture_network_data(n=rows)
    acts = ["tanh"] * (len(sizes) - 2) + ["linear"]
    net = nm.Network(sizes, acts, use_bias=True, seed=0)
    h = nm.train(net, d.X, d.y, optimizer, iterations, record_every=record_every)
    return training_charts.Curve(label, h.loss, h.iterations, h.params, h.names)


@pytest.fixture(scope="module")
def two_runs():
    return [curve("GD", nm.GD(0.01), 300), curve("Adam", nm.Adam(0.01), 300)]


def test_loss_figure_colours_runs_and_puts_a_compared_legend_below_the_plot(two_runs):
    spec = training_charts.loss_figure([(c.label, c.loss) for c in two_runs], log_y=True, marker=10)
    assert [t["line"]["color"] for t in spec["data"]] == [color(0), color(1)]
    assert [t["line"]["dash"] for t in spec["data"]] == ["solid", "dot"]  # a run keeps its colour and dash
    legend = spec["layout"]["legend"]
    assert legend["yref"] == "container" and legend["yanchor"] == "bottom" and legend["y"] < 0.05
    below = training_charts.AXIS_BELOW_PX + training_charts.LEGEND_ROW_PX  # the axis title, then the legend
    assert spec["layout"]["margin"]["b"] >= below
    assert spec["layout"]["title"]["text"] == "Loss"
    assert figures.line_at(spec, 123)["layout"]["shapes"][0]["x0"] == 123.0


def test_a_single_run_has_no_legend_and_a_live_run_spans_its_iterations():
    loss = np.geomspace(10, 1, 40)
    spec = training_charts.loss_figure([("GD", loss)], iterations=5000)
    assert spec["layout"]["showlegend"] is False
    assert spec["layout"]["xaxis"]["range"] == [0, 5000]
    assert decoded(spec["data"][0]["y"]).size == 40


def test_long_runs_are_thinned_for_drawing():
    spec = training_charts.loss_figure([("GD", np.linspace(2, 1, 20_001))])
    assert decoded(spec["data"][0]["x"]).size <= figures.MAX_POINTS
    assert decoded(spec["data"][0]["x"])[-1] == 20_000


def test_parameter_figure_draws_only_the_chosen_parameters_dash_per_run(two_runs):
    chosen = ["W1[1,1]", "W2[2,1]"]
    spec = training_charts.parameter_figure(two_runs, chosen, truth={"W1[1,1]": 0.25}, marker=5)
    lines = [t for t in spec["data"] if t.get("showlegend") is False]
    assert [t["name"] for t in lines] == ["W1[1,1] · GD", "W2[2,1] · GD", "W1[1,1] · Adam", "W2[2,1] · Adam"]
    assert [t["line"]["dash"] for t in lines] == ["solid", "solid", "dot", "dot"]
    assert lines[0]["line"]["color"] == lines[2]["line"]["color"] != lines[1]["line"]["color"]
    first = two_runs[0]
    assert np.allclose(decoded(lines[1]["y"]), first.params[:, first.names.index("W2[2,1]")])
    keys = [t for t in spec["data"] if t.get("showlegend") is not False]
    assert [t["name"] for t in keys] == ["W1[1,1]", "W2[2,1]", "GD", "Adam", "true value (teacher)"]
    assert [t["line"].get("dash") for t in keys[2:4]] == ["solid", "dot"]
    assert any(s.get("y0") == 0.25 for s in spec["layout"]["shapes"])


def test_a_legend_below_leaves_room_for_every_row_and_the_axis():
    labels = [f"W{k}[{i},{j}]" for k in (1, 2) for i in (1, 2) for j in (1, 2)] + [
        "GD (η = 0.0005)",
        "Adam (η = 0.001)",
    ]
    rows = training_charts.legend_rows(labels)
    assert rows >= 3  # ten entries cannot share a 340 px row or two
    curves = [training_charts.Curve(lab, np.ones(3), np.arange(3), np.zeros((3, 8)), labels[:8]) for lab in labels[8:]]
    spec = training_charts.parameter_figure(curves, labels[:8])
    assert spec["layout"]["margin"]["b"] >= training_charts.AXIS_BELOW_PX + rows * training_charts.LEGEND_ROW_PX


def test_fit_figure_draws_at_most_its_points_and_the_identity():
    y = np.linspace(0, 10, 100_000)
    spec = training_charts.fit_figure(y, y + 1, title="Fit")
    assert decoded(spec["data"][1]["x"]).size <= training_charts.FIT_POINTS
    assert spec["data"][0]["x"] == spec["data"][0]["y"]


def test_player_moves_compared_runs_in_lock_step(two_runs):
    short = curve("early stop", nm.GD(0.01), 120)
    runs = [*two_runs, short]
    spec = training_charts.training_player(runs, ["W1[1,1]", "W1[2,1]"], max_frames=40)
    assert 2 <= len(spec["frames"]) <= 40
    for frame in spec["frames"]:
        t = int(frame["name"])
        loss_markers = [d for d in frame["data"] if "x" in d and len(d["x"]) == 1]
        assert [m["x"][0] for m in loss_markers] == [t, t, min(t, 120)]
        params = [d for d in frame["data"] if "x" in d and len(d["x"]) == 2 and d["x"][0] == d["x"][1]]
        assert all(p["x"][0] in (t, min(t, 120)) for p in params)
    last = spec["frames"][-1]["data"]
    marker = next(d for d in last if d.get("x") == [300, 300] and "y" in d)
    gd = two_runs[0]
    assert marker["y"] == pytest.approx([gd.params[-1, gd.names.index(n)] for n in ("W1[1,1]", "W1[2,1]")])


def test_player_of_the_largest_runs_stays_under_2_mb():
    """Two runs of 20,000 iterations of a 3-8-8-8-1 network, 1,819 snapshots each, eight parameters drawn."""
    names = nm.Network((3, 8, 8, 8, 1), ["tanh"] * 4).parameter_names()
    rng = np.random.default_rng(0)
    iterations = np.append(np.arange(0, 20_000, 11), 20_000)
    runs = [
        training_charts.Curve(
            label,
            np.geomspace(100, 1e-6, 20_001),
            iterations,
            np.cumsum(rng.normal(size=(iterations.size, len(names))), axis=0),
            names,
        )
        for label in ("GD (η = 0.001)", "Adam (η = 0.001)")
    ]
    spec = training_charts.training_player(runs, names[:8])
    assert animation.spec_size(spec) < training_charts.MAX_BYTES
    assert len(spec["frames"]) == training_charts.PLAYER_FRAMES
    assert spec["frames"][-1]["name"] == "20000"


def test_differences_are_app_minus_print_two_narrow_columns_per_run():
    frame = training_charts.differences(["a", "b"], {"GD": ([1.0, 2.0], [0.5, 2.5]), "Adam": ([0, 0], [1, 1])})
    assert frame.columns.tolist() == [
        "parameter",
        "lecture (GD)",
        "app − lecture (GD)",
        "lecture (Adam)",
        "app − lecture (Adam)",
    ]
    assert frame["app − lecture (GD)"].tolist() == [0.5, -0.5]


def test_a_loss_axis_under_two_decades_labels_only_1_2_and_5():
    narrow = training_charts.loss_figure([("GD", np.linspace(650, 70, 500))])
    assert narrow["layout"]["yaxis"]["dtick"] == "D2"
    wide = training_charts.loss_figure([("GD", np.geomspace(300, 1e-8, 500))])
    assert "dtick" not in wide["layout"]["yaxis"] and wide["layout"]["yaxis"]["nticks"] == 6


def test_presentation_mode_keeps_the_diagrams_neurons_at_their_laid_out_size():
    from nnviz import network_diagram, theme

    spec = network_diagram.network_diagram((3, 2, 1), [np.ones((3, 2)), np.ones((2, 1))]).to_dict()
    shown = theme.presented(spec)
    neurons = [k for k, t in enumerate(spec["data"]) if t.get("meta") == theme.LAID_OUT]
    assert len(neurons) == 3  # one trace per layer
    assert all(shown["data"][k]["marker"]["size"] == spec["data"][k]["marker"]["size"] for k in neurons)
    assert shown["data"][neurons[0]]["marker"]["line"]["width"] == spec["data"][neurons[0]]["marker"]["line"]["width"]
    loss = training_charts.loss_figure([("GD", np.ones(5))])
    assert theme.presented(loss)["data"][0]["line"]["width"] > loss["data"][0]["line"]["width"]  # others grow


def test_the_diagrams_legend_title_can_sit_above_its_entries_for_a_narrow_column():
    from nnviz import network_diagram

    weights = [np.ones((3, 2)), np.ones((2, 1))]
    one_line = network_diagram.network_diagram((3, 2, 1), weights).to_dict()
    narrow = network_diagram.network_diagram((3, 2, 1), weights, legend_title_side="top left").to_dict()
    assert one_line["layout"]["legend"]["title"]["side"] == "left"  # as before
    assert narrow["layout"]["legend"]["title"]["side"] == "top left"
