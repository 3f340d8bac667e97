"""nnviz.activation_plot and nnviz.code.activations: the curves, the values at the marker, the flat-region strip,
the y-axis that a curve leaving the plot does not stretch, and the code text."""

import base64

import numpy as np
import plotly.graph_objects as go
import pytest

import nnmath as nm
from nnviz import activation_plot
from nnviz.code import activations as code
from nnviz.theme import legend_rows

SIGMOID_1, SIGMOID_8 = 0.7310585786, 0.9996646499
TANH_1, TANH_8 = 0.7615941560, 0.9999997749


def values(array):
    """A trace's x or y: a typed array decoded, or a list as it is."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return array


def lines(fig):
    """The curves: traces drawn on the main plot, each as (name, dash, colour, x, y)."""
    return [t for t in fig["data"] if t["mode"] == "lines" and isinstance(t["x"], dict) and t.get("xaxis", "x") == "x"]


def traces(fig, mode):
    return [t for t in fig["data"] if t["mode"] == mode]


def test_curves_derivatives_and_their_values():
    chart = activation_plot.activation_chart(["sigmoid", "relu"], -6, 6, z0=1.0, threshold=0.05)
    curves = lines(chart.figure)
    assert [t["name"] for t in curves] == ["sigmoid", "sigmoid: derivative", "ReLU", "ReLU: derivative"]
    assert [t["line"]["dash"] for t in curves] == ["solid", "dot", "solid", "dot"]
    z = values(curves[0]["x"])
    assert len(z) == activation_plot.POINTS
    assert (z[0], z[-1]) == (-6, 6)
    np.testing.assert_allclose(values(curves[0]["y"]), 1 / (1 + np.exp(-z)), atol=1e-15)
    assert values(curves[1]["y"])[300] == pytest.approx(0.25)  # sigmoid'(0)
    np.testing.assert_allclose(values(curves[2]["y"]), np.maximum(z, 0))
    # One colour per activation, the same whatever else is chosen.
    assert [t["line"]["color"] for t in curves] == ["#0072B2"] * 2 + ["#009E73"] * 2
    alone = activation_plot.activation_chart(["relu"], -6, 6, z0=1.0)
    assert lines(alone.figure)[0]["line"]["color"] == "#009E73"


def test_the_marker_shows_f_and_its_derivative_in_hover_and_readout():
    chart = activation_plot.activation_chart(["sigmoid", "tanh", "relu"], -6, 6, z0=1.0)
    table = chart.readout.set_index("activation")
    assert list(table.columns) == ["f(z₀)", "f′(z₀)"]
    assert table.loc["sigmoid"].tolist() == pytest.approx([SIGMOID_1, SIGMOID_1 * (1 - SIGMOID_1)], abs=1e-10)
    assert table.loc["tanh"].tolist() == pytest.approx([TANH_1, 1 - TANH_1**2], abs=1e-10)
    assert table.loc["ReLU"].tolist() == [1.0, 1.0]
    markers = traces(chart.figure, "markers")
    assert [(t["x"][0], t["y"][0]) for t in markers[:2]] == [
        (1.0, pytest.approx(SIGMOID_1)),
        (1.0, pytest.approx(0.1966119332)),
    ]
    assert markers[0]["hovertemplate"].startswith("sigmoid at z₀ = 1<br>f(z₀) = 0.731059<br>f′(z₀) = 0.196612")
    assert [t["hovertemplate"] for t in markers[:2]] == [markers[0]["hovertemplate"]] * 2
    assert len(markers) == 6


def test_readout_at_8_holds_the_lecture_values():
    table = activation_plot.readout(["sigmoid", "tanh", "relu", "exponential", "softplus"], 8.0)
    assert table["f(z₀)"].tolist() == pytest.approx([SIGMOID_8, TANH_8, 8, 2980.9579870417, 8.0003354064], abs=1e-8)
    assert table["f′(z₀)"].tolist() == pytest.approx(
        [SIGMOID_8 * (1 - SIGMOID_8), 1 - TANH_8**2, 1, 2980.9579870417, SIGMOID_8], abs=1e-8
    )


def test_softmax_is_component_one_of_z_and_zero():
    chart = activation_plot.activation_chart(["softmax"], z0=100.0)  # marker outside the range: no marker
    softmax, derivative = lines(chart.figure)
    assert softmax["name"] == "softmax₁"
    a = values(softmax["y"])
    np.testing.assert_allclose(a, nm.ACTIVATIONS["sigmoid"].fn(values(softmax["x"])))
    np.testing.assert_allclose(values(derivative["y"]), a * (1 - a))
    assert not traces(chart.figure, "markers")
    assert not chart.figure["layout"]["shapes"]
    assert chart.readout["f(z₀)"].tolist() == [pytest.approx(1.0)]


def test_the_flat_regions_are_a_strip_named_in_the_legend():
    chart = activation_plot.activation_chart(["sigmoid", "relu"], -6, 6, z0=1.0, threshold=0.05)
    fig = chart.figure
    strip = [t for t in fig["data"] if t.get("yaxis") == "y2"]
    assert [t["name"] for t in strip] == ["sigmoid: |f′(z)| < 0.05", "ReLU: |f′(z)| < 0.05"]
    half = 0.01  # half a grid step: each bar covers its grid points' cells
    # |sigmoid'| < 0.05 on both tails (|z| > 2.9), ReLU' = 0 for z <= 0: one row each, in the line's colour.
    assert strip[0]["x"] == pytest.approx([-6, -2.9 + half, None, 2.9 - half, 6, None], abs=1e-9)
    assert strip[0]["y"] == [0, 0, None, 0, 0, None]
    assert strip[1]["x"] == pytest.approx([-6, half, None], abs=1e-9)
    assert [t["line"]["color"] for t in strip] == ["#0072B2", "#009E73"]
    assert not any(t["showlegend"] for t in strip)
    legend = [t["name"] for t in fig["data"] if t.get("showlegend") is not False]
    assert legend == ["sigmoid", "ReLU", "dotted: f′(z)", "bars above: |f′(z)| < 0.05"]
    layout = fig["layout"]
    assert layout["yaxis2"]["ticktext"] == ["sigmoid", "ReLU"]
    assert layout["yaxis"]["domain"][1] < layout["yaxis2"]["domain"][0]  # the strip sits above the curves
    assert [(s["x0"], s["x1"]) for s in layout["shapes"] if s["type"] == "line"] == [(1.0, 1.0)]


def test_no_strip_without_a_threshold_and_no_key_without_derivatives():
    chart = activation_plot.activation_chart(["tanh"], z0=None, show_derivative=False, threshold=0)
    assert [t["name"] for t in chart.figure["data"]] == ["tanh"]
    assert chart.figure["layout"]["shapes"] == []
    assert "yaxis2" not in chart.figure["layout"]


def test_an_exploding_curve_does_not_stretch_the_axis():
    tame = activation_plot.activation_chart(["sigmoid", "tanh", "relu"], -6, 6, z0=1.0)
    assert "range" not in tame.figure["layout"]["yaxis"] and not tame.notes
    chart = activation_plot.activation_chart(["sigmoid", "tanh", "relu", "exponential"], -6, 6, z0=1.0)
    lo, hi = chart.figure["layout"]["yaxis"]["range"]
    assert lo == pytest.approx(-1 - 0.06 * 8, abs=1e-3)  # tanh's -1 ...
    assert hi == pytest.approx(7 + 0.06 * 8, abs=1e-3)  # ... to e^z cut at 7, the reach of z in [-6, 6]
    assert chart.notes == [
        "Exponential and its derivative leave the plot at the top at z = 2.02 and reach 403.4 at z = 6"
    ]
    [arrow] = chart.figure["layout"]["annotations"]
    assert (arrow["x"], arrow["y"], arrow["text"]) == (pytest.approx(2.02), hi, "exp")
    # The other curves are drawn whole, and exp keeps its values (the axis cuts it, the data do not).
    exp = next(t for t in lines(chart.figure) if t["name"] == "exp")
    assert values(exp["y"])[-1] == pytest.approx(np.exp(6))
    no_derivative = activation_plot.activation_chart(["relu", "exponential"], -6, 6, show_derivative=False)
    assert no_derivative.notes == ["Exponential leaves the plot at the top at z = 2.02 and reaches 403.4 at z = 6"]


def test_alone_the_exponential_keeps_its_whole_range():
    chart = activation_plot.activation_chart(["exponential"], -6, 6, z0=1.0)
    assert "range" not in chart.figure["layout"]["yaxis"] and not chart.notes


def test_the_figure_grows_with_the_legend_and_the_strip():
    few = activation_plot.activation_chart(["sigmoid"]).figure["layout"]["height"]
    every = activation_plot.activation_chart(list(nm.ACTIVATIONS)).figure["layout"]["height"]
    labels = [activation_plot.short_label(n) for n in nm.ACTIVATIONS] + ["x" * 20] * 2
    rows = legend_rows(labels, activation_plot.LEGEND_WIDTH_PX, key_px=45, char_px=8.5)
    assert rows >= 3
    assert every - few >= (len(nm.ACTIVATIONS) - 1) * activation_plot.STRIP_ROW_PX + 28 * (rows - 2)


# ---------------------------------------------------------------- code text


def test_every_activation_has_code_and_a_derivative():
    assert set(code.FUNCTIONS) == set(code.DERIVATIVES) == set(nm.ACTIVATIONS)


def test_code_writes_the_functions_out_as_the_lecture_does():
    text = code.numpy_code([1, 8], ["sigmoid", "relu"])
    assert text.startswith("import numpy as np\n")
    assert "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n" in text
    assert "def relu(z):\n    return np.maximum(0, z)\n" in text
    assert "z = np.array([1, 8])" in text
    assert text.endswith('print("sigmoid", sigmoid(z))\nprint("relu", relu(z))\n')
    assert "_derivative" not in text


def test_derivative_code_defines_what_it_calls():
    text = code.numpy_code([0.5], ["softplus"], derivative=True)
    assert "def sigmoid(z):" in text  # softplus' = sigmoid
    assert "def softplus_derivative(z):\n    return sigmoid(z)\n" in text
    assert text.endswith('print("softplus", softplus(z))\nprint("softplus\'", softplus_derivative(z))\n')


@pytest.mark.parametrize(
    ("values", "literal"),
    [([1, 8], "np.array([1, 8])"), ([0.5, -2], "np.array([0.5, -2])"), ([1e20], "np.array([1e+20])")],
)
def test_array_literals(values, literal):
    assert code.array_literal(values) == literal


@pytest.mark.parametrize(
    "names", [["sigmoid", "tanh", "relu"], list(nm.ACTIVATIONS), ["exponential", "relu"]], ids=["three", "all", "exp"]
)
def test_the_unvalidated_spec_is_a_valid_plotly_figure(names):
    spec = activation_plot.activation_chart(names, -6, 6, z0=1.0).figure
    figure = go.Figure(spec)  # Plotly's validation: raises on any property it does not know
    assert len(figure.data) == len(spec["data"])
    assert figure.layout.height == spec["layout"]["height"]
