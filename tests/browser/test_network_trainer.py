"""The network trainer in the browser: never blank, the loss grows while it trains, snapshots play, nothing cut."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from .helpers import assert_no_exception, key, markdown, open_page, wait_drawn
from .motion import animated_chart, is_animating, press_pause, press_play

pytestmark = pytest.mark.browser

CHART = "[data-testid='stPlotlyChart']"
LONG = "nt_preset=custom&nt_rows=100&nt_bias=0&nt_iterations=20000"
"""A 3-3-1 network without biases on 100 rows for 20,000 iterations: within the time budget (about 3 s of
training)."""
SMALL = (
    "nt_preset=two_three_one&nt_source=surface&nt_surface=ripple&nt_optimizer=Adam"
    "&nt_adam_learning_rate=0.05&nt_rows=200&nt_iterations=300"
)


def chart_titled(page: Page, title: str):
    return page.locator(CHART).filter(has=page.locator(".gtitle", has_text=re.compile(f"^{re.escape(title)}")))


def progress_text(page: Page) -> str:
    return page.locator("[data-testid='stProgress']").first.inner_text()


def test_the_first_view_shows_the_network_its_loss_and_the_data(page, server):
    open_page(page, server.url("network_trainer"))
    expect(markdown(page, "Before training: MSE 338.05095475 at the initial weights")).to_be_visible()
    expect(chart_titled(page, "Initial weights")).to_be_visible()
    expect(chart_titled(page, "Fit")).to_be_visible()
    assert_no_exception(page)


def test_the_loss_grows_on_screen_while_a_long_run_trains(page, server):
    open_page(page, server.url("network_trainer", LONG))
    page.locator(f"{key('nt_train')} button").click()
    page.wait_for_timeout(1500)
    expect(chart_titled(page, "Loss")).to_be_visible(timeout=50)
    expect(page.locator(f"{key('nt_pause')} button")).to_be_enabled(timeout=50)  # still training
    seen = set()
    deadline = time.monotonic() + 1.2
    while time.monotonic() < deadline and page.locator("[data-testid='stProgress']").count():
        seen.add(progress_text(page))
        page.wait_for_timeout(100)
    assert len(seen) >= 2, seen  # polled twice a second: the loss and the weights move
    assert all(re.search(r"Iteration [\d,]+ of 20,000", text) for text in seen)
    expect(markdown(page, re.compile(r"Iteration 20,000 \(of 20,000\): GD"))).to_be_visible()  # then the results
    assert_no_exception(page)


def test_snapshots_play_in_the_browser(page, server):
    open_page(page, server.url("network_trainer", f"{SMALL}&nt_trained=1"))
    expect(animated_chart(page)).to_be_visible()
    press_play(page)
    assert is_animating(page)
    press_pause(page)
    page.wait_for_timeout(200)
    assert not is_animating(page)
    assert_no_exception(page)


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
def test_nothing_is_cut_or_covered(new_context, server, size):
    context = new_context()
    width, height = size
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, server.url("network_trainer", f"{SMALL}&nt_trained=1&nt_compare=1&nt_optimizer_2=GD"))
    wait_drawn(page)
    expect(chart_titled(page, "Loss")).to_be_visible()
    charts = page.locator(CHART)
    for k in range(charts.count()):
        box = charts.nth(k).bounding_box()
        assert box is None or box["width"] >= 300, (k, box)
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
             const rect = el => { if (!el) return null; const r = el.getBoundingClientRect();
                                  return r.width ? [r.left, r.top, r.right, r.bottom] : null; };
             const legend = gd.querySelector('g.legend');
             return [rect(gd.querySelector('.gtitle')), rect(legend && legend.querySelector('.bg')),
                     rect(gd.querySelector('.main-svg'))]; })"""
    )
    for title, legend, svg in boxes:
        if title and legend:
            apart = legend[1] >= title[3] or legend[3] <= title[1] or legend[0] >= title[2] or legend[2] <= title[0]
            assert apart, (title, legend)
        if title and svg:
            assert title[0] >= svg[0] - 1 and title[2] <= svg[2] + 1, (title, svg)  # the title inside its chart
    first_screen = chart_titled(page, "Loss").bounding_box()
    assert first_screen is not None
    if size == (1280, 720):
        assert first_screen["y"] + first_screen["height"] / 2 <= height  # at least half of it on the first screen
    assert_no_exception(page)
