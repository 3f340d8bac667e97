"""Every page in the browser: it loads without an exception, a setting changes what is shown, the stepper's
Next advances it, the share link reopens the same state in a new session, and the CSV download delivers a
file with the right header. Each page is also screenshotted at 1400 x 1000 into artifacts/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    ERROR,
    assert_no_exception,
    chart_signature,
    choose,
    click_button,
    csv_rows,
    download,
    formula,
    key,
    matrix_text,
    open_page,
    press_slider,
    read_markdown,
    screenshot,
    slider_value,
    type_matrix,
    type_text,
    wait_for_change,
    wait_idle,
)

pytestmark = pytest.mark.browser


def reopen(new_context, url: str) -> Page:
    """The share link opened by another user: a new browser context, so a new Streamlit session."""
    other = new_context().new_page()
    open_page(other, url)
    assert_no_exception(other)
    return other


def to_last(page: Page, stepper: str) -> None:
    """Move a stepper to its last position (its Last button is disabled when it is there already)."""
    last = page.locator(f"{key(stepper + '_last')} button")
    expect(last).to_be_visible()
    wait_idle(page)
    if last.is_enabled():
        click_button(page, f"{stepper}_last")


def test_home(page, server):
    open_page(page, server.url())
    expect(page.locator("h1").first).to_have_text("NN Maths Lab")
    assert_no_exception(page)
    links = page.locator("[data-testid='stPageLink']")
    expect(links).to_have_count(5)
    screenshot(page, "home")

    links.first.click()
    expect(page.locator("h1").first).to_have_text("Forward-pass calculator")
    wait_idle(page)
    assert page.url.split("?")[0].endswith("/forward_pass")
    assert_no_exception(page)


def test_forward_pass(page, server, new_context):
    open_page(page, server.url("forward_pass"))
    assert_no_exception(page)
    # The lecture's code example: z = (1, 8).
    expect(formula(page, r"\end{pmatrix} = \begin{pmatrix} 1 \\ 8 \end{pmatrix}")).to_have_count(1)
    screenshot(page, "forward_pass")

    # A matrix cell: X's second row becomes (3, 5), so z = (1, 2).
    type_matrix(page, "fp_X", "1 2\n3 5")
    expect(formula(page, r"\end{pmatrix} = \begin{pmatrix} 1 \\ 2 \end{pmatrix}")).to_have_count(1)
    choose(page, "fp_activation", "Sigmoid")
    expect(formula(page, r"\mathrm{sigmoid}").first).to_be_attached()
    assert_no_exception(page)

    name, text = download(page, "fp_dl_z")
    assert name == "z.csv"
    assert csv_rows(text) == [["row", "z1"], ["1", "1.0"], ["2", "2.0"]]
    name, text = download(page, "fp_dl_a")
    assert name == "activation.csv"
    assert csv_rows(text)[0] == ["row", "a1"]

    assert "fp_X=1%2C2%3B3%2C5" in page.url
    other = reopen(new_context, page.url)
    expect(formula(other, r"\end{pmatrix} = \begin{pmatrix} 1 \\ 2 \end{pmatrix}")).to_have_count(1)
    expect(formula(other, r"\mathrm{sigmoid}").first).to_be_attached()
    expect(matrix_text(other, "fp_X")).to_have_value("1 2\n3 5")


def test_activations(page, server, new_context):
    open_page(page, server.url("activations"))
    assert_no_exception(page)
    expect(page.locator("[data-testid='stPlotlyChart']").first).to_be_visible()
    expect(slider_value(page, "act_z0")).to_have_text("1.00")
    screenshot(page, "activations")

    # The z marker moves by one step and the chart is redrawn with it.
    before = chart_signature(page)
    press_slider(page, "act_z0", "ArrowRight")
    expect(slider_value(page, "act_z0")).to_have_text("1.10")
    wait_for_change(lambda: chart_signature(page), before)

    # The vector the table is evaluated at; its download carries one column per entry.
    type_text(page, "act_vector", "0, 2")
    expect(page).to_have_url(re.compile(r"act_vector=0%2C(\+|%20)2"))
    wait_idle(page)
    expect(page.locator(ERROR)).to_have_count(0)
    name, text = download(page, "act_dl")
    assert name == "activations.csv"
    rows = csv_rows(text)
    assert rows[0][:2] == ["activation", "value"] and len(rows[0]) == 4
    assert rows[0][2].endswith("= 0") and rows[0][3].endswith("= 2")
    sigmoid = next(r for r in rows if r[0] == "Sigmoid")
    assert float(sigmoid[2]) == pytest.approx(0.5) and float(sigmoid[3]) == pytest.approx(0.8807970779778823)
    assert_no_exception(page)

    other = reopen(new_context, page.url)
    expect(slider_value(other, "act_z0")).to_have_text("1.10")
    expect(other.locator(f"{key('act_vector')} input")).to_have_value("0, 2")


def test_gradient_descent(page, server, new_context):
    open_page(page, server.url("gradient_descent"))
    assert_no_exception(page)
    # The lecture's first update: w(1) = (1.600, 1.427).
    read_markdown(page, r"Update 1 of \d+ \(epoch 1\): w = \(1\.6000, 1\.4267\)")
    expect(formula(page, r"\boldsymbol{w}^{(1)}").filter(has_text="1.600").filter(has_text="1.427")).to_have_count(1)
    expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(1)  # the contour; Steps 1-5 beside it
    screenshot(page, "gradient_descent")

    # One step down the learning rates: η = 0.07 gives w(1) = (1.420, 1.299), still at update 1.
    press_slider(page, "gd_eta", "ArrowLeft")
    expect(slider_value(page, "gd_eta")).to_have_text("0.07")
    read_markdown(page, r"Update 1 of \d+ \(epoch 1\): w = \(1\.4200, 1\.2987\)")
    expect(formula(page, r"\eta = 0.07")).to_have_count(1)

    click_button(page, "gd_step_next")
    step = read_markdown(page, r"Update 2 of (\d+) \(epoch 1\): w = \(([-\d.]+), ([-\d.]+)\)")
    assert "gd_step=2" in page.url
    assert_no_exception(page)

    name, text = download(page, "gd_dl")
    assert name == "gradient_descent_history.csv"
    rows = csv_rows(text)
    assert rows[0][:2] == ["update", "epoch"] and "b" in rows[0] and "loss (all data)" in rows[0]
    assert len(rows) == int(step.group(1)) + 2  # the header, then updates 0 ... n
    w_columns = [j for j, c in enumerate(rows[0]) if c.startswith("w_")]
    assert [round(float(rows[3][j]), 4) for j in w_columns] == [float(step.group(2)), float(step.group(3))]

    # The share link reopens update 2 at η = 0.07 (test_two_users opens links written by hand).
    other = reopen(new_context, page.url)
    expect(slider_value(other, "gd_eta")).to_have_text("0.07")
    read_markdown(other, re.escape(step.group(0)))
    expect(formula(other, r"\eta = 0.07")).to_have_count(1)


def test_backprop(page, server, new_context):
    open_page(page, server.url("backprop"))
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="From θ(0) to θ(1)")).to_be_visible()
    expect(formula(page, r"w^{(1)} = 1 - 0.01").filter(has_text="1.573333")).to_have_count(1)
    screenshot(page, "backprop")

    press_slider(page, "bp_eta", "ArrowRight")
    expect(slider_value(page, "bp_eta")).to_have_text("0.02")
    expect(formula(page, r"w^{(1)} = 1 - 0.02").filter(has_text="2.146667")).to_have_count(1)

    click_button(page, "bp_t_next")
    expect(page.get_by_role("heading", name="From θ(1) to θ(2)")).to_be_visible()
    assert "bp_t=1" in page.url

    name, text = download(page, "bp_dl_thetas")
    assert name == "exercise_thetas.csv"
    rows = csv_rows(text)
    assert rows[0] == ["t", "w(t)", "b(t)", "MSE"]
    assert float(rows[2][1]) == pytest.approx(2.146667, abs=1e-6)

    other = reopen(new_context, page.url)
    expect(other.get_by_role("heading", name="From θ(1) to θ(2)")).to_be_visible()
    expect(slider_value(other, "bp_eta")).to_have_text("0.02")

    # Part 2: the lecture's network, one iteration and one phase at a time.
    page.locator(key("bp_part")).get_by_role("radio", name="Part 2").click()
    expect(page.locator(f"{key('bp_iter_next')} button")).to_be_visible()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Iteration 0: forward pass")).to_be_visible()
    click_button(page, "bp_iter_next")
    expect(page.get_by_role("heading", name="Iteration 1: forward pass")).to_be_visible()
    page.locator(key("bp_phase")).get_by_role("radio", name="Output delta").click()
    expect(page.get_by_role("heading", name="Iteration 1: output delta")).to_be_visible()
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "backprop_network")
    name, text = download(page, "bp_dl_weights")
    assert name == "weights_iteration_1.csv"
    assert csv_rows(text)[0] == ["parameter", "iteration 1", "true (teacher network)"]


def test_network_trainer(page, server, new_context):
    open_page(page, server.url("network_trainer"))
    assert_no_exception(page)
    train = page.get_by_role("button", name="Train")
    expect(train).to_be_visible()

    # Fewer rows and iterations than the lecture's, to keep the test quick.
    press_slider(page, "nt_rows", "Home")
    expect(slider_value(page, "nt_rows")).to_have_text("100")
    type_text(page, "nt_iterations", "300")
    train.click()
    slow = read_markdown(page, r"Iteration 300 \(of 300\): GD \([^)]*0\.0005\): MSE ([\d.e+-]+)")
    screenshot(page, "network_trainer")

    click_button(page, "nt_view_first")
    first = read_markdown(page, r"Iteration 0 \(of 300\): GD \([^)]*0\.0005\): MSE ([\d.e+-]+)")
    assert float(slow.group(1)) < float(first.group(1))
    click_button(page, "nt_view_next")
    read_markdown(page, r"Iteration 1 \(of 300\)")

    page.get_by_role("tab", name="Final weights").click()
    wait_idle(page)
    name, text = download(page, "nt_dl_history")
    assert name == "training_history.csv"
    rows = csv_rows(text)
    assert rows[0][:3] == ["iteration", "loss", "W1[1,1]"] and rows[0][-1] == "optimizer"
    assert rows[1][0] == "0" and rows[-1][0] == "300"

    # A larger learning rate: the results go until Train is pressed again, then the loss ends lower.
    type_text(page, "nt_gd_eta", "0.005")
    expect(page.get_by_text("Before training")).to_be_visible()
    train.click()
    fast = read_markdown(page, r"Iteration 300 \(of 300\): GD \([^)]*0\.005\): MSE ([\d.e+-]+)")
    assert float(fast.group(1)) != float(slow.group(1))
    assert_no_exception(page)

    # The share link reopens the trained view with its results.
    other = reopen(new_context, page.url)
    expect(other.locator(f"{key('nt_gd_eta')} input")).to_have_value("5.00e-3")
    expect(other.locator(f"{key('nt_iterations')} input")).to_have_value("300")
    expect(slider_value(other, "nt_rows")).to_have_text("100")
    read_markdown(other, re.escape(fast.group(0)))
