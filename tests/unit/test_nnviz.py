"""nnviz: LaTeX strings, Plotly figures and pandas tables, checked as the pure functions they are."""

import base64
import itertools

import numpy as np
import pytest

import nnmath as nm
import nnviz.descent_steps as descent_steps
import nnviz.equations as equations
import nnviz.figures as figures
import nnviz.latex as latex
import nnviz.network_diagram as network_diagram
import nnviz.tables as tables
import nnviz.theme as theme
from nnmath import datasets
from nnviz.figures import Path, Series

LECTURE_X = [[1, 2], [3, -1]]
LECTURE_W = [[2], [-1]]
LECTURE_B = [[1], [1]]

# ---------------------------------------------------------------- latex


def test_matrix_exact_string():
    assert latex.matrix([[1, 2], [3, -1]], 0, False) == r"\begin{pmatrix} 1 & 2 \\ 3 & -1 \end{pmatrix}"


def test_matrix_fixed_decimals_and_vectors_as_columns():
    assert latex.matrix([[1.5, 2]], 2) == r"\begin{pmatrix} 1.50 & 2.00 \end{pmatrix}"
    assert latex.matrix([1, 8], 3, False) == r"\begin{pmatrix} 1 \\ 8 \end{pmatrix}"
    assert latex.matrix(2.5, 1) == "2.5"
    assert latex.row_vector([1, 2, 3], 0, False) == r"\begin{pmatrix} 1 & 2 & 3 \end{pmatrix}"


@pytest.mark.parametrize(
    ("x", "precision", "fixed", "text"),
    [
        (-6, 3, True, "-6.000"),
        (-6.0, 3, False, "-6"),
        (4.6, 3, False, "4.6"),
        (4.6, 3, True, "4.600"),
        (-4.266666666666667, 3, True, "-4.267"),
        (0.32, 3, True, "0.320"),
        (2980.9579870417, 2, True, "2980.96"),
        (0.0, 3, True, "0.000"),
        (-0.0, 3, True, "0.000"),
        (-0.0001, 2, True, r"-1.00 \times 10^{-4}"),  # would round to -0.00: written in scientific notation
        (1.7139e-15, 4, True, r"1.7139 \times 10^{-15}"),
        (1e6, 3, True, r"1.000 \times 10^{6}"),
        (-1234567.0, 2, True, r"-1.23 \times 10^{6}"),
        (float("inf"), 3, True, r"\infty"),
        (float("-inf"), 3, True, r"-\infty"),
        (float("nan"), 3, True, r"\text{NaN}"),
    ],
)
def test_num(x, precision, fixed, text):
    assert latex.num(x, precision, fixed) == text


def test_large_matrices_are_elided():
    tall = latex.matrix(np.arange(100).reshape(10, 10), 0)
    rows = tall.removeprefix(r"\begin{pmatrix} ").removesuffix(r" \end{pmatrix}").split(r" \\ ")
    assert len(rows) == latex.MAX_ROWS
    assert rows[0].startswith("0 & 1 & 2")
    assert rows[5].startswith("50 & ")
    assert rows[-2] == " & ".join([r"\vdots"] * 10)
    assert rows[-1] == " & ".join(str(v) for v in range(90, 100))
    assert "60" not in tall.split()

    wide = latex.matrix(np.arange(30).reshape(2, 15), 0)
    assert wide == (
        r"\begin{pmatrix} 0 & 1 & 2 & 3 & 4 & 5 & 6 & 7 & 8 & 9 & \cdots & 14 \\ "
        r"15 & 16 & 17 & 18 & 19 & 20 & 21 & 22 & 23 & 24 & \cdots & 29 \end{pmatrix}"
    )

    both = latex.matrix(np.arange(300).reshape(20, 15), 0)
    ellipsis_row = " & ".join([r"\vdots"] * 10 + [r"\ddots", r"\vdots"])
    assert ellipsis_row in both
    assert both.endswith(r"285 & 286 & 287 & 288 & 289 & 290 & 291 & 292 & 293 & 294 & \cdots & 299 \end{pmatrix}")


def test_matrix_row_and_column_limits_are_parameters():
    m = latex.matrix(np.arange(12).reshape(12, 1), 0, max_rows=12)
    assert r"\vdots" not in m
    assert m.count(r"\\") == 11


# ---------------------------------------------------------------- equations


def test_shapes():
    s = equations.shapes(2, 3, 1, 2)
    assert r"\underset{2\times 3}{\boldsymbol{X}}" in s
    assert r"\underset{3\times 1}{\boldsymbol{w}}" in s
    assert r"\underset{2\times 1}{\boldsymbol{b}}" in s
    assert s.endswith(r"\underset{2\times 1}{\boldsymbol{z}}")
    assert r"\underset{1\times 4}{\boldsymbol{b}}" in equations.shapes(5, 2, 4, 1)


def test_dense_equation_with_and_without_the_result():
    z = nm.dense(LECTURE_X, LECTURE_W, LECTURE_B)
    full = equations.dense_equation(LECTURE_X, LECTURE_W, LECTURE_B, z, 3)
    assert full.endswith(r" = \begin{pmatrix} 1 \\ 8 \end{pmatrix}")
    assert r"\begin{pmatrix} 1 & 2 \\ 3 & -1 \end{pmatrix} \begin{pmatrix} 2 \\ -1 \end{pmatrix}" in full
    hidden = equations.dense_equation(LECTURE_X, LECTURE_W, LECTURE_B, None, 3)
    assert full.startswith(hidden)
    assert r"\begin{pmatrix} 1 \\ 8 \end{pmatrix}" not in hidden


def test_cell_expansion_for_the_lecture_example():
    z = nm.dense(LECTURE_X, LECTURE_W, LECTURE_B)
    assert equations.cell_expansion(LECTURE_X, LECTURE_W, LECTURE_B, z, 0, 0) == (
        r"z_{11} = \sum_{k=1}^{2} x_{1k}\, w_{k1} + b_{11} = (1)(2) + (2)(-1) + (1) = 1"
    )
    assert equations.cell_expansion(LECTURE_X, LECTURE_W, LECTURE_B, z, 1, 0) == (
        r"z_{21} = \sum_{k=1}^{2} x_{2k}\, w_{k1} + b_{21} = (3)(2) + (-1)(-1) + (1) = 8"
    )


def test_cell_expansion_with_a_broadcast_bias_row():
    X, W, b = [[1, -1], [0, 5], [2, -2]], [[5], [-7]], [[1]]
    z = nm.dense(X, W, b)
    assert equations.cell_expansion(X, W, b, z, 2, 0).endswith("= (2)(5) + (-2)(-7) + (1) = 25")


def test_activation_equation():
    s = equations.activation_equation("sigmoid", [[1], [8]], nm.ACTIVATIONS["sigmoid"].fn(np.array([[1.0], [8.0]])), 4)
    assert r"\mathrm{sigmoid}" in s
    assert s.endswith(r"= \begin{pmatrix} 0.7311 \\ 0.9997 \end{pmatrix}")
    assert r"leaky\_relu" in equations.activation_equation("leaky_relu", [1.0], [1.0])


@pytest.fixture(scope="module")
def first_update():
    d = datasets.lecture_toy_regression()
    h = nm.gradient_descent(d.X, d.y, w0=[1, 1], b0=0, eta=0.1, batch_size=3, max_iter=1, shuffle=False)
    return nm.step_detail(d.X, d.y, h, 1)


def test_gd_steps_for_the_lecture_first_update(first_update):
    steps = descent_steps.gd_steps(first_update)
    assert list(steps) == [
        "Step 1: the loss and the predictions",
        "Step 2: the partial derivatives",
        "Step 3: the gradients",
        "Step 4: evaluate them at the current parameters",
        "Step 5: update with the learning rate",
    ]
    dw, db = steps["Step 4: evaluate them at the current parameters"]
    assert dw.endswith(r"= \begin{pmatrix} -6.000 \\ -4.267 \end{pmatrix}")
    assert r"\frac{2}{3}" in dw
    assert r"\begin{pmatrix} 4.6 \\ 6.1 \\ 3.1 \end{pmatrix}" in dw  # the batch's y, trailing zeros dropped
    assert db.endswith("= -3.200")
    eta, w_new, b_new = steps["Step 5: update with the learning rate"]
    assert eta == r"\eta = 0.1"
    assert w_new.endswith(
        r"= \begin{pmatrix} 1.000 \\ 1.000 \end{pmatrix} - 0.1 \begin{pmatrix} -6.000 \\ -4.267 \end{pmatrix}"
        r" = \begin{pmatrix} 1.600 \\ 1.427 \end{pmatrix}"
    )
    assert b_new.endswith(r"= 0.000 - 0.1\,(-3.200) = 0.320")
    everything = " ".join(line for lines in steps.values() for line in lines)
    for value in ("-6.000", "-4.267", "-3.200", "1.600", "1.427", "0.320"):
        assert value in everything
    predictions = steps["Step 1: the loss and the predictions"][1]
    assert predictions.endswith(r"= \begin{pmatrix} 3 \\ 4 \\ 2 \end{pmatrix}")


# ---------------------------------------------------------------- figures


def test_thin_keeps_first_and_last_and_caps_the_length():
    np.testing.assert_array_equal(figures.thin(5), np.arange(5))
    np.testing.assert_array_equal(figures.thin(10, 10), np.arange(10))
    for n, cap in ((100_000, figures.MAX_POINTS), (11, 4), (10_001, 100)):
        idx = figures.thin(n, cap)
        assert idx[0] == 0
        assert idx[-1] == n - 1
        assert len(idx) <= cap
        assert np.all(np.diff(idx) > 0)
    assert len(figures.thin(100_000)) == figures.MAX_POINTS


def test_contour_figure_traces():
    v1, v2 = np.linspace(0, 2, 5), np.linspace(-1, 1, 4)
    surface = np.add.outer(v2, v1) ** 2 + 1.0
    paths = [Path("run", np.array([0.0, 0.5, 1.0]), np.array([0.0, 0.2, 0.3]))]
    fig = figures.contour_figure(
        v1, v2, surface, paths, axis_titles=("w1", "w2"), optimum=(1.5, 0.5), current=(0.5, 0.2), title="MSE"
    )
    assert [t.type for t in fig.data] == ["contour", "scatter", "scatter", "scatter", "scatter"]
    contour, path, start, current, optimum = fig.data
    np.testing.assert_allclose(contour.z, np.log10(surface))
    np.testing.assert_allclose(contour.customdata, surface)
    assert path.name == "run"
    assert path.mode == "lines+markers"
    np.testing.assert_array_equal(path.x, [0.0, 0.5, 1.0])
    assert start.name == "start"
    assert (start.x, start.y) == ((0.0,), (0.0,))
    assert current.name == "current"
    assert (current.x, current.y) == ((0.5,), (0.2,))
    assert optimum.name == "least-squares optimum"
    assert (optimum.x, optimum.y) == ((1.5,), (0.5,))
    assert fig.layout.xaxis.title.text == "w1"
    assert tuple(fig.layout.xaxis.range) == (0.0, 2.0)
    assert tuple(fig.layout.yaxis.range) == (-1.0, 1.0)
    assert fig.layout.title.text == "MSE"


def test_contour_figure_several_paths_are_labelled_and_long_ones_thinned():
    v = np.linspace(-1, 1, 3)
    long_x = np.linspace(0, 1, 5000)
    paths = [Path("a", long_x, long_x), Path("b", np.array([0.0]), np.array([1.0]))]
    fig = figures.contour_figure(v, v, np.ones((3, 3)), paths, axis_titles=("w", "b"))
    assert [t.name for t in fig.data[1:]] == ["a", "start: a", "b", "start: b"]
    assert fig.data[1].mode == "lines"
    assert len(fig.data[1].x) == figures.MAX_POINTS
    assert fig.data[1].x[-1] == 1.0


def test_line_figure_log_scale_marker_and_epoch_boundaries():
    x = np.arange(6)
    series = [Series("loss", x, np.array([4.0, 0.0, -1.0, 2.0, 1.0, 0.5])), Series("batch", x, np.ones(6), dash="dot")]
    fig = figures.line_figure(
        series,
        x_title="update",
        y_title="MSE",
        log_y=True,
        marker_x=3,
        boundaries=[2.5, 4.5],
        horizontals=[(1.5, "true w1", 0)],
        title="Loss",
    )
    loss, batch = fig.data
    assert loss.name == "loss" and batch.line.dash == "dot"
    y = np.asarray(loss.y, dtype=float)
    assert np.isnan(y[1]) and np.isnan(y[2])
    np.testing.assert_array_equal(y[[0, 3, 4, 5]], [4.0, 2.0, 1.0, 0.5])
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.xaxis.title.text == "update"

    shapes = fig.layout.shapes
    marker = [s for s in shapes if s.line.color == "#D55E00"]
    assert [(s.x0, s.x1, s.yref) for s in marker] == [(3.0, 3.0, "paper")]
    # The epoch ends are drawn as faint vertical layout shapes.
    bounds = [s for s in shapes if s.line.color == "rgba(0,0,0,0.15)"]
    assert [s.x0 for s in bounds] == [2.5, 4.5]
    levels = [s for s in shapes if s.yref == "y"]
    assert [(s.y0, s.y1) for s in levels] == [(1.5, 1.5)]
    assert [a.text for a in fig.layout.annotations] == ["true w1"]


def test_line_figure_linear_scale_keeps_values_and_thins_long_series():
    x = np.arange(10_000)
    fig = figures.line_figure([Series("w", x, x - 5.0)], x_title="t", y_title="v")
    assert fig.layout.yaxis.type == "linear"
    assert len(fig.data[0].x) == figures.MAX_POINTS
    assert fig.data[0].y[0] == -5.0
    assert fig.data[0].y[-1] == 9994.0
    assert fig.layout.shapes == ()


def test_network_diagram_edges_and_nodes():
    W1 = np.array([[0.2, 0.4], [0.6, 0.8], [1.0, -1.2]])
    W2 = np.array([[1.0], [2.0]])
    fig = network_diagram.network_diagram((3, 2, 1), [W1, W2], node_values=[[1, 2, 3], [0.5, 0.25], [7]])
    edges = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(edges) == 8
    widths = [s.line.width for s in edges]
    assert max(widths) == pytest.approx(network_diagram.MAX_WIDTH)  # the largest |w| (2.0) gets the widest line
    assert edges[5].line.color == network_diagram.NEGATIVE  # W1[3, 2] = -1.2 < 0
    assert edges[0].line.color == network_diagram.POSITIVE
    hover, *nodes, positive, negative = fig.data
    assert len(hover.x) == 8
    assert hover.hovertext[0] == "W1[1,1] = 0.2<br>x1 → h1,1"
    assert [len(t.x) for t in nodes] == [3, 2, 1]
    assert list(nodes[0].text) == ["1", "2", "3"]
    assert list(nodes[2].hovertext) == ["ŷ: 7"]
    assert (positive.name, negative.name) == ("w ≥ 0", "w < 0")  # the legend explains the colours ...
    assert fig.layout.legend.title.text.startswith("edge width ∝ |w| (widest 2)")  # ... and the widths
    texts = [a.text for a in fig.layout.annotations]
    assert [t for t in texts if t.startswith("<b>")] == [f"<b>{n}</b>" for n in ("x1", "x2", "x3", "h1,1", "h1,2", "ŷ")]
    assert {"0.2", "0.4", "0.6", "0.8", "1", "-1.2", "2"} <= set(texts)  # the small network's weights fit


def labels_overlap(fig) -> bool:
    """Whether two edge-weight labels of the drawn figure are closer than a label's box, in pixels."""
    height = fig.layout.height
    (y0, y1), (x0, x1) = fig.layout.yaxis.range, fig.layout.xaxis.range
    px_y = (height - 100) / (y1 - y0)
    px_x = network_diagram.PLOT_WIDTH_PX / (x1 - x0)
    points = [(a.x * px_x, a.y * px_y) for a in fig.layout.annotations if a.bgcolor and a.yshift is None]
    w, h = network_diagram.LABEL_BOX
    return any(
        abs(p[0] - q[0]) < w * 0.9 and abs(p[1] - q[1]) < h * 0.9 for i, p in enumerate(points) for q in points[i + 1 :]
    )


@pytest.mark.parametrize("sizes", [(3, 2, 1), (2, 3, 1), (3, 8, 1), (3, 8, 8, 8, 1), (8, 8, 8, 8, 8)])
def test_network_diagram_labels_never_overlap_and_every_weight_is_on_hover(sizes):
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(a, b)) for a, b in itertools.pairwise(sizes)]
    fig = network_diagram.network_diagram(sizes, weights, node_values=[rng.normal(size=s) for s in sizes])
    assert not labels_overlap(fig)
    assert len(fig.data[0].hovertext) == sum(a * b for a, b in itertools.pairwise(sizes))
    assert fig.layout.height <= 640  # fits a projector screen whatever the shape


def test_network_diagram_highlight_and_gradients():
    W1, W2 = np.ones((3, 2)), np.ones((2, 1))
    fig = network_diagram.network_diagram(
        (3, 2, 1),
        [W1, W2],
        weight_grads=[np.full((3, 2), 0.5), np.full((2, 1), -2.0)],
        activations=["sigmoid", "exponential"],
        highlight_layer=1,
        direction="backward",
    )
    edges = fig.layout.shapes
    assert [s.opacity for s in edges[6:]] == [0.9, 0.9]  # the highlighted layer
    assert [s.opacity for s in edges[:6]] == [0.25] * 6  # the others fade
    assert fig.data[0].hovertext[6] == "W2[1,1] = 1<br>h1,1 → ŷ<br>dL/dW = -2"
    assert fig.data[3].marker.line.color == network_diagram.HIGHLIGHT["backward"]  # the output neuron's ring
    texts = [a.text for a in fig.layout.annotations]
    assert "<i>sigmoid</i>" in texts and "<i>exponential</i>" in texts


# ---------------------------------------------------------------- tables


def test_activation_table_at_1_and_8():
    table = tables.activation_table([1, 8])
    assert list(table.columns) == ["activation", "value", "z1 = 1", "z2 = 8"]
    assert len(table) == len(nm.ACTIVATIONS)
    rows = {r.activation: (r[2], r[3]) for r in table.itertuples(index=False)}
    expected = {
        "Sigmoid": (0.7310585786, 0.9996646499),
        "Hyperbolic tangent": (0.7615941560, 0.9999997749),
        "ReLU": (1.0, 8.0),
        "Exponential": (2.7182818285, 2980.9579870417),
        "Softplus": (1.3132616875, 8.0003354064),
        "Softmax (over the whole vector)": (0.0009110512, 0.9990889488),
    }
    for label, (a1, a8) in expected.items():
        assert rows[label] == (pytest.approx(a1, abs=1e-8), pytest.approx(a8, abs=1e-8))


def test_activation_table_with_derivatives():
    table = tables.activation_table([0.0, 2.0], names=["sigmoid", "softmax"], derivative=True)
    assert list(table["value"]) == ["f(z)", "f'(z)", "f(z)", "∂a_j/∂z_j"]
    assert table.iloc[1, 2] == pytest.approx(0.25)
    s = nm.ACTIVATIONS["softmax"].fn(np.array([0.0, 2.0]))
    np.testing.assert_allclose(table.iloc[3, 2:].to_numpy(dtype=float), s * (1 - s))


def test_matrix_frame():
    frame = tables.matrix_frame([[1, 8]], prefix="z")
    assert list(frame.columns) == ["row", "z1", "z2"]
    assert frame.to_dict("records") == [{"row": 1, "z1": 1.0, "z2": 8.0}]


def test_grid_range_covers_the_anchors_and_path_but_not_a_runaway():
    grid = figures.grid_range([np.array([1.0, 1.2, 1.4, 1e9])], [1.0, 1.5], points=51)
    assert grid.shape == (51,)
    assert grid[0] < 1.0 and grid[-1] > 1.5
    assert grid[-1] < 10.0


def _typed(value):
    """A Plotly JSON typed array as a NumPy array."""
    arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
    return arr.reshape([int(n) for n in value["shape"].split(",")]) if "shape" in value else arr


def test_contour_at_moves_a_spec_to_another_step_without_touching_it():
    v1, v2 = np.linspace(0, 2, 5), np.linspace(-1, 1, 4)
    surface = np.add.outer(v2, v1) ** 2 + 1.0
    full = Path("run", np.array([0.0, 0.5, 1.0]), np.array([0.0, 0.2, 0.3]))
    spec = theme.spec(figures.contour_figure(v1, v2, surface, [full], axis_titles=("w1", "w2"), current=(0, 0)))
    before = repr(spec)
    moved = figures.contour_at(
        spec, path=Path("run", full.x[:2], full.y[:2]), current=(0.5, 0.2), surface=2 * surface, title="at b = 1"
    )
    assert repr(spec) == before  # the cached spec is shared: never changed
    np.testing.assert_array_equal(_typed(moved["data"][1]["x"]), [0.0, 0.5])
    np.testing.assert_array_equal(_typed(moved["data"][1]["y"]), [0.0, 0.2])
    [current] = [t for t in moved["data"] if t.get("name") == figures.CURRENT]
    assert (current["x"], current["y"]) == ([0.5], [0.2])
    np.testing.assert_allclose(_typed(moved["data"][0]["customdata"]), 2 * surface, rtol=1e-6)
    np.testing.assert_allclose(_typed(moved["data"][0]["z"]), np.log10(2 * surface), rtol=1e-6)
    assert moved["layout"]["title"]["text"] == "at b = 1"


def test_line_at_moves_only_the_current_step_line():
    x = np.arange(6)
    fig = figures.line_figure(
        [Series("loss", x, x + 1.0)], x_title="t", y_title="L", marker_x=0, horizontals=[(2.0, "true", 0)]
    )
    spec = theme.spec(fig)
    moved = figures.line_at(spec, 4)
    [marker] = [s for s in moved["layout"]["shapes"] if s.get("name") == figures.CURRENT]
    assert (marker["x0"], marker["x1"]) == (4.0, 4.0)
    assert [s for s in moved["layout"]["shapes"] if s.get("name") != figures.CURRENT] == [
        s for s in spec["layout"]["shapes"] if s.get("name") != figures.CURRENT
    ]
    [original] = [s for s in spec["layout"]["shapes"] if s.get("name") == figures.CURRENT]
    assert original["x0"] == 0.0


def test_a_long_legend_goes_below_and_the_figure_grows():
    x = np.arange(3)
    short = figures.line_figure([Series(f"s{k}", x, x) for k in range(3)], x_title="t", y_title="v", height=300)
    long = figures.line_figure([Series(f"s{k}", x, x) for k in range(8)], x_title="t", y_title="v", height=300)
    assert short.layout.legend.orientation == "h" and short.layout.height == 300
    assert (long.layout.legend.orientation, long.layout.legend.yref) == ("v", "container")
    assert long.layout.margin.b == figures.below_legend_margin(8)
    assert long.layout.height == 300 + figures.below_legend_margin(8) - 60


def test_weights_table_compares_each_run_with_its_reference():
    frame, largest = tables.weights_table(
        ["W[1,1]", "W[2,1]"],
        {"final: GD": [1.0, 2.5], "true": np.array([[1.5], [2.0]])},
        [("final: GD", "lecture", [0.75, 3.0], "difference")],
    )
    assert list(frame.columns) == ["parameter", "final: GD", "true", "lecture", "difference"]
    assert list(frame["parameter"]) == ["W[1,1]", "W[2,1]"]
    assert list(frame["true"]) == [1.5, 2.0]
    assert list(frame["lecture"]) == [0.75, 3.0]
    assert list(frame["difference"]) == [0.25, -0.5]
    assert largest == {"difference": 0.5}
    plain, none = tables.weights_table(["a"], {"run": [1.0]})
    assert list(plain.columns) == ["parameter", "run"] and none == {}


def test_batch_table_marks_the_batch_and_keeps_long_data_short():
    X = np.arange(8.0).reshape(4, 2)
    frame = tables.batch_table(X, [1.0, 2.0, 3.0, 4.0], ["x1", "x2"], [1, 3])
    assert list(frame.columns) == ["row", "x1", "x2", "y", "in this batch"]
    assert list(frame["row"]) == [1, 2, 3, 4]
    assert list(frame["x2"]) == [1.0, 3.0, 5.0, 7.0]
    assert list(frame["in this batch"]) == ["", "◀ batch", "", "◀ batch"]
    assert list(tables.batch_table(X, [1, 2, 3, 4], ["x1", "x2"])["in this batch"]) == [""] * 4
    long = tables.batch_table(np.zeros((600, 1)), np.zeros(600), ["x"], [450], max_rows=500, head=3)
    assert list(long["row"]) == [1, 2, 3, 451]
    assert list(long["in this batch"]) == ["", "", "", "◀ batch"]
