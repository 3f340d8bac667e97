"""Activation explorer: the table at z = (1, 8), the figure, the values at the marker, the flat-region strip,
the axis an exploding curve does not stretch, the code tab, and what bad input shows."""

import numpy as np
import pytest

import nnmath as nm
from ui.states.activations import MAX_VECTOR_CHARS

from .conftest import assert_healthy, decode, errors, figures, printed_numbers, run_numpy_code

PAGE = "pages/activations.py"


@pytest.fixture
def page(app):
    at = app(PAGE).run()
    assert_healthy(at)
    return at


def table(at):
    [frame] = [d.value for d in at.dataframe]
    return frame.set_index("activation")


def test_default_table_at_1_and_8(page):
    assert [t.value for t in page.title] == ["Activation explorer"]
    frame = table(page)
    assert list(frame.columns) == ["value", "z1 = 1", "z2 = 8"]
    assert len(frame) == len(nm.ACTIVATIONS)
    assert frame.loc["Sigmoid", "z2 = 8"] == pytest.approx(0.99966465, abs=1e-8)
    assert frame.loc["Sigmoid", "z1 = 1"] == pytest.approx(0.7310585786, abs=1e-8)
    assert frame.loc["Hyperbolic tangent", "z2 = 8"] == pytest.approx(0.9999997749, abs=1e-8)
    assert frame.loc["Softplus", "z2 = 8"] == pytest.approx(8.0003354064, abs=1e-8)
    assert frame.loc["Exponential", "z2 = 8"] == pytest.approx(2980.9579870417, abs=1e-8)
    softmax = frame.loc["Softmax (over the whole vector)", ["z1 = 1", "z2 = 8"]].to_numpy(dtype=float)
    np.testing.assert_allclose(softmax, [0.0009110512, 0.9990889488], atol=1e-8)
    assert softmax.sum() == pytest.approx(1.0)
    assert set(frame["value"]) == {"f(z)"}


def test_derivative_rows(page):
    page.toggle(key="act_table_grad").set_value(True).run()
    assert_healthy(page)
    frame = table(page)
    assert len(frame) == 2 * len(nm.ACTIVATIONS)
    sigmoid = frame.loc["Sigmoid"].set_index("value")
    assert sigmoid.loc["f'(z)", "z1 = 1"] == pytest.approx(0.7310585786 * (1 - 0.7310585786), abs=1e-8)


def curves(fig) -> list[str]:
    """The names of the curves (the plot's lines, without the legend's style keys and the strip)."""
    return [
        t["name"]
        for t in fig["data"]
        if t["mode"] == "lines" and t.get("yaxis") != "y2" and "x" in t and t["x"] != [None]
    ]


def readout(at):
    """The table of f(z0) and f'(z0) beside the chart, by activation."""
    [frame] = [t.value for t in at.table]
    return frame.set_index("activation")


def test_figure_has_a_function_and_a_derivative_per_activation(page):
    [fig] = figures(page)
    assert curves(fig) == ["sigmoid", "sigmoid: derivative", "tanh", "tanh: derivative", "ReLU", "ReLU: derivative"]
    lines = [t for t in fig["data"] if t["name"] in curves(fig)]
    assert [t["line"]["dash"] for t in lines] == ["solid", "dot"] * 3
    z = decode(lines[0]["x"])
    assert (z[0], z[-1]) == (-6.0, 6.0)
    np.testing.assert_allclose(decode(lines[0]["y"]), 1 / (1 + np.exp(-z)))
    assert "range" not in fig["layout"]["yaxis"]  # no curve leaves the plot: the axis fits them all


def test_the_marker_values_in_the_readout_and_the_hover(page):
    table = readout(page)
    assert list(table.index) == ["sigmoid", "tanh", "ReLU"]
    assert table.loc["sigmoid"].tolist() == pytest.approx([0.7310585786, 0.1966119332], abs=1e-10)
    assert table.loc["tanh"].tolist() == pytest.approx([0.7615941560, 0.4199743416], abs=1e-10)
    assert table.loc["ReLU"].tolist() == [1.0, 1.0]
    assert [m.value for m in page.markdown if m.value.startswith("**At the marker")] == ["**At the marker z₀ = 1**"]
    [fig] = figures(page)
    hovers = [t["hovertemplate"] for t in fig["data"] if t["mode"] == "markers"]
    assert hovers[0] == "sigmoid at z₀ = 1<br>f(z₀) = 0.731059<br>f′(z₀) = 0.196612<extra></extra>"
    assert hovers[2] == "tanh at z₀ = 1<br>f(z₀) = 0.761594<br>f′(z₀) = 0.419974<extra></extra>"
    assert hovers[4] == "ReLU at z₀ = 1<br>f(z₀) = 1<br>f′(z₀) = 1<extra></extra>"


def test_the_marker_at_8_reads_the_lecture_values(page):
    page.multiselect(key="act_selected").set_value(["sigmoid", "tanh", "relu", "exponential", "softplus"])
    page.slider(key="act_z0").set_value(8.0).run()
    assert_healthy(page)
    table = readout(page)
    assert table["f(z₀)"].tolist() == pytest.approx(
        [0.9996646499, 0.9999997749, 8, 2980.9579870417, 8.0003354064], abs=1e-8
    )
    assert table.loc["exp", "f′(z₀)"] == pytest.approx(2980.9579870417, abs=1e-8)
    assert table.loc["softplus", "f′(z₀)"] == pytest.approx(0.9996646499, abs=1e-10)  # softplus' = sigmoid
    assert page.query_params["act_z0"] == "8.0"


def test_a_marker_outside_the_range_is_said(page):
    page.slider(key="act_z0").set_value(9.0).run()
    assert_healthy(page)
    assert "The marker is outside the plotted range [-6, 6]." in [c.value for c in page.caption]
    assert readout(page).loc["sigmoid", "f(z₀)"] == pytest.approx(1 / (1 + np.exp(-9.0)))


def test_the_flat_regions_are_bars_named_in_the_legend(page):
    [fig] = figures(page)
    legend = [t["name"] for t in fig["data"] if t.get("showlegend") is not False]
    assert legend == ["sigmoid", "tanh", "ReLU", "dotted: f′(z)", "bars above: |f′(z)| < 0.05"]
    strip = [t for t in fig["data"] if t.get("yaxis") == "y2"]
    assert [t["name"] for t in strip] == ["sigmoid: |f′(z)| < 0.05", "tanh: |f′(z)| < 0.05", "ReLU: |f′(z)| < 0.05"]
    assert [t["line"]["color"] for t in strip] == [t["line"]["color"] for t in fig["data"][:6:2]]
    assert strip[2]["x"][:2] == [-6.0, pytest.approx(0.01)]  # ReLU' = 0 for z <= 0
    assert fig["layout"]["yaxis2"]["ticktext"] == ["sigmoid", "tanh", "ReLU"]
    assert not [s for s in fig["layout"]["shapes"] if s["type"] == "rect"]  # no overlapping shaded bands
    page.slider(key="act_threshold").set_value(0.0).run()
    [fig] = figures(page)
    assert not [t for t in fig["data"] if t.get("yaxis") == "y2"]
    assert "yaxis2" not in fig["layout"]


def test_the_exponential_does_not_flatten_the_others(page):
    page.multiselect(key="act_selected").set_value(["sigmoid", "tanh", "relu", "exponential"]).run()
    assert_healthy(page)
    [fig] = figures(page)
    lo, hi = fig["layout"]["yaxis"]["range"]
    assert (lo, hi) == (
        pytest.approx(-1.48, abs=1e-3),
        pytest.approx(7.48, abs=1e-3),
    )  # tanh's -1 to the z range's reach, not e^6 = 403
    [note] = [c.value for c in page.caption if c.value.startswith("The y-axis is cut")]
    assert note.endswith(
        "Exponential and its derivative leave the plot at the top at z = 2.02 and reach 403.4 at z = 6."
    )
    [arrow] = fig["layout"]["annotations"]
    assert (arrow["text"], arrow["x"]) == ("exp", pytest.approx(2.02))


def test_selection_and_derivative_toggle_change_the_figure(page):
    page.multiselect(key="act_selected").set_value(["softplus"]).run()
    page.toggle(key="act_derivative").set_value(False).run()
    assert_healthy(page)
    [fig] = figures(page)
    assert curves(fig) == ["softplus"]
    # The formulas follow the selection.
    [formulas] = [m.value for m in page.markdown if m.value.startswith("**Softplus**")]
    assert r"f(z) = \log\bigl(1 + e^{z}\bigr)" in formulas
    assert r"f'(z) = \frac{1}{1 + e^{-z}} = \sigma(z)" in formulas


# ---------------------------------------------------------------- the code tab


def code_text(at) -> str:
    [block] = [c for c in at.code if c.language == "python"]
    return block.value


def test_the_code_prints_the_table_at_1_and_8(page):
    text = code_text(page)
    assert "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n" in text
    assert "z = np.array([1, 8])" in text
    printed = printed_numbers(run_numpy_code(text))
    values = table(page).iloc[:, 1:].to_numpy(dtype=float).ravel()
    np.testing.assert_allclose(printed, values, rtol=1e-9, atol=1e-9)
    # The lecture's numbers, one by one: sigmoid, tanh, ReLU, exponential, softplus, softmax at z = (1, 8).
    by_name = dict(zip(list(nm.ACTIVATIONS), np.reshape(printed, (-1, 2)).tolist(), strict=True))
    assert by_name["sigmoid"] == pytest.approx([0.7310585786, 0.9996646499], abs=1e-9)
    assert by_name["tanh"] == pytest.approx([0.7615941560, 0.9999997749], abs=1e-9)
    assert by_name["relu"] == [1, 8]
    assert by_name["exponential"] == pytest.approx([2.7182818285, 2980.9579870417], abs=1e-9)
    assert by_name["softplus"] == pytest.approx([1.3132616875, 8.0003354064], abs=1e-9)
    assert by_name["softmax"] == pytest.approx([0.0009110512, 0.9990889488], abs=1e-9)


def test_the_code_prints_the_derivatives_when_the_table_does(page):
    page.text_input(key="act_vector").input("-2.5, 0, 0.75").run()
    page.toggle(key="act_table_grad").set_value(True).run()
    assert_healthy(page)
    printed = printed_numbers(run_numpy_code(code_text(page)))
    values = table(page).iloc[:, 1:].to_numpy(dtype=float).ravel()
    assert len(printed) == 2 * len(nm.ACTIVATIONS) * 3
    np.testing.assert_allclose(printed, values, rtol=1e-9, atol=1e-9)


def test_no_code_for_a_bad_vector(page):
    page.text_input(key="act_vector").input("1, x").run()
    assert not [c for c in page.code if c.language == "python"]
    assert "Type a vector z in the first tab: the code prints the activations at it." in [c.value for c in page.caption]


def test_a_vector_from_a_link_is_bounded(app):
    at = app(PAGE, {"act_vector": ",".join(["1"] * (MAX_VECTOR_CHARS // 2 + 1))}).run()
    assert_healthy(at)
    assert at.session_state["act_vector"] == "1, 8"
    assert list(table(at).columns) == ["value", "z1 = 1", "z2 = 8"]
    longest = ",".join(["1"] * (MAX_VECTOR_CHARS // 2))  # 199 characters: read
    at = app(PAGE, {"act_vector": longest}).run()
    assert len(table(at).columns) == 1 + MAX_VECTOR_CHARS // 2


def test_another_vector_changes_the_table(page):
    page.text_input(key="act_vector").input("0, 2").run()
    assert_healthy(page)
    frame = table(page)
    assert list(frame.columns) == ["value", "z1 = 0", "z2 = 2"]
    assert frame.loc["Sigmoid", "z1 = 0"] == pytest.approx(0.5)
    assert frame.loc["Sigmoid", "z2 = 2"] == pytest.approx(0.8807970780, abs=1e-8)
    assert frame.loc["ReLU", "z1 = 0"] == 0.0
    assert page.query_params["act_vector"] == "0, 2"


@pytest.mark.parametrize(
    ("vector", "message"),
    [
        ("1, x", "z, entry 2 holds 'x', which is not a finite number: type a number there."),
        ("", "z is empty: type numbers separated by commas, e.g. 1, 8."),
        ("inf, 1", "z, entry 1 holds 'inf', which is not a finite number: type a number there."),
        ("nan", None),
    ],
)
def test_a_bad_vector_shows_an_error(page, vector, message):
    page.text_input(key="act_vector").input(vector).run()
    assert_healthy(page)
    assert not page.dataframe
    [shown] = errors(page)
    if message:
        assert shown == message
    else:
        assert shown.startswith("z, entry 1 ")
    assert figures(page)  # the plot does not depend on the vector


def test_a_reversed_z_range_shows_an_error(page):
    page.number_input(key="act_z_min").set_value(5.0)
    page.number_input(key="act_z_max").set_value(-5.0).run()
    assert_healthy(page)
    assert errors(page) == ["The z range is empty: 'z from' (5) must be less than 'z to' (-5)."]
    assert not figures(page)
    assert page.dataframe  # the table still works


def test_a_narrow_z_range_is_plotted(page):
    page.number_input(key="act_z_min").set_value(0.0)
    page.number_input(key="act_z_max").set_value(2.0).run()
    assert_healthy(page)
    [fig] = figures(page)
    z = decode(fig["data"][0]["x"])
    assert (z[0], z[-1]) == (0.0, 2.0)


def test_an_empty_selection_shows_a_warning(page):
    page.multiselect(key="act_selected").set_value([]).run()
    assert_healthy(page)
    assert [w.value for w in page.warning] == ["Choose at least one activation in the sidebar to plot."]
    assert not figures(page)
    assert not page.error


def test_download_button(page):
    [button, _] = page.get("download_button")
    assert button.label == "Download the table as CSV"
    assert button.proto.deferred_file_id  # the CSV is written when the button is pressed


def reset(at):
    [button] = [b for b in at.button if b.label == "Reset"]
    button.click().run()
    assert_healthy(at)


def test_reset_puts_the_settings_back(page):
    page.text_input(key="act_vector").input("3").run()
    page.number_input(key="act_z_min").set_value(-2.0)
    page.toggle(key="act_derivative").set_value(False).run()
    reset(page)
    assert page.session_state["act_vector"] == "1, 8"
    assert page.session_state["act_z_min"] == -6.0
    assert page.session_state["act_derivative"] is True
    assert list(table(page).columns) == ["value", "z1 = 1", "z2 = 8"]


def test_reset_puts_the_default_activations_back(page):
    page.multiselect(key="act_selected").set_value(["elu"]).run()
    reset(page)
    assert page.session_state["act_selected"] == ["sigmoid", "tanh", "relu"]
    assert len(figures(page)) == 1


def test_a_link_reopens_the_settings(app):
    at = app(PAGE, {"act_selected": "exponential", "act_vector": "0,1", "act_z0": "0.5"}).run()
    assert_healthy(at)
    [fig] = figures(at)
    assert curves(fig) == ["exp", "exp: derivative"]
    assert table(at).loc["Exponential", "z2 = 1"] == pytest.approx(np.e)


@pytest.mark.parametrize("query", [{"act_z0": "1000"}, {"act_threshold": "5"}])
def test_a_link_with_an_out_of_range_slider_value_still_opens(app, query):
    at = app(PAGE, query).run()
    assert_healthy(at)


def test_presentation_mode_enlarges_the_chart_and_keeps_the_link(app):
    at = app(PAGE, {"present": "1", "act_selected": "sigmoid,exponential"}).run()
    assert_healthy(at)
    [fig] = figures(at)
    layout = fig["layout"]
    assert layout["font"]["size"] == 22
    assert layout["xaxis"]["title"]["font"]["size"] == 24 and layout["yaxis"]["tickfont"]["size"] == 20
    assert layout["yaxis2"]["tickfont"]["size"] == 20  # the strip's row labels too
    curve = next(t for t in fig["data"] if t["name"] == "sigmoid")
    assert curve["line"]["width"] == pytest.approx(3 * 1.6)
    assert at.query_params["present"] == "1"
    assert readout(at).loc["exp", "f(z₀)"] == pytest.approx(np.e)
