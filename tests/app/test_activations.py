"""Activation explorer: the table at z = (1, 8), the figure, and what bad input shows."""

import numpy as np
import pytest

import nnmath as nm

from .conftest import assert_healthy, decode, errors, figures

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


def test_figure_has_a_function_and_a_derivative_per_activation(page):
    [fig] = figures(page)
    lines = [t for t in fig["data"] if t["mode"] == "lines"]
    assert [t["name"] for t in lines] == [
        "Sigmoid",
        "Sigmoid: derivative",
        "Hyperbolic tangent",
        "Hyperbolic tangent: derivative",
        "ReLU",
        "ReLU: derivative",
    ]
    assert [t["line"]["dash"] for t in lines] == ["solid", "dot"] * 3
    markers = [t for t in fig["data"] if t["mode"] == "markers"]
    assert [t["x"] for t in markers] == [[1.0]] * 3
    assert markers[0]["y"][0] == pytest.approx(0.7310585786)
    z = decode(lines[0]["x"])
    assert (z[0], z[-1]) == (-6.0, 6.0)
    np.testing.assert_allclose(decode(lines[0]["y"]), 1 / (1 + np.exp(-z)))
    rects = [s for s in fig["layout"]["shapes"] if s["type"] == "rect"]
    # Where |f'(z)| < 0.05: the two tails of sigmoid and of tanh, and ReLU's z <= 0, each in its line's colour.
    assert [r["fillcolor"] for r in rects] == [lines[0]["line"]["color"]] * 2 + [lines[2]["line"]["color"]] * 2 + [
        lines[4]["line"]["color"]
    ]
    assert (rects[-1]["x0"], rects[-1]["x1"]) == (-6.0, 0.0)


def test_selection_and_derivative_toggle_change_the_figure(page):
    page.multiselect(key="act_selected").set_value(["softplus"]).run()
    page.toggle(key="act_derivative").set_value(False).run()
    assert_healthy(page)
    [fig] = figures(page)
    assert [t["name"] for t in fig["data"] if t["mode"] == "lines"] == ["Softplus"]
    # The formulas follow the selection.
    assert [m.value for m in page.markdown if m.value.startswith("**")][:2] == ["**Softplus**", "**derivative**"]


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
    [button] = page.get("download_button")
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
    assert [t["name"] for t in fig["data"] if t["mode"] == "lines"] == ["Exponential", "Exponential: derivative"]
    assert table(at).loc["Exponential", "z2 = 1"] == pytest.approx(np.e)


@pytest.mark.parametrize("query", [{"act_z0": "1000"}, {"act_threshold": "5"}])
def test_a_link_with_an_out_of_range_slider_value_still_opens(app, query):
    at = app(PAGE, query).run()
    assert_healthy(at)
