"""Motion on the gradient-descent page happens in the browser: Play animates the player with no server traffic,
Pause always stops, Space plays and pauses, 5,000 updates play in under a minute; a click on the contour moves
the start and the path."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from .helpers import assert_no_exception, key, open_page, wait_drawn, wait_idle
from .motion import (
    animated_chart,
    count_redraws,
    count_ws_sent,
    current_frame,
    is_animating,
    press_pause,
    press_play,
    watch_websockets,
)

pytestmark = pytest.mark.browser

COMPARED = "gd_compare=optimizer:GD,eta:0.05;optimizer:Momentum,eta:0.02;optimizer:Adam"
LONG = "gd_mode=stochastic&gd_eta=0.01&gd_tol=0.0&gd_epochs=417"  # 417 epochs of 12 updates: 5,004 updates


def open_player(page: Page, server, query: str) -> None:
    open_page(page, server.url("gradient_descent", f"gd_view=Play&{query}"))
    wait_drawn(page)
    expect(animated_chart(page)).to_be_visible()
    assert_no_exception(page)


def test_play_animates_in_the_browser_without_asking_the_server(page, server):
    watch_websockets(page)
    open_player(page, server, "")
    wait_idle(page)
    redraws: list[int] = []
    sent = count_ws_sent(page, lambda: (press_play(page), redraws.append(count_redraws(page, 3.0))), 0.0)
    assert redraws[0] >= 30, f"{redraws[0]} redraws in 3 s"
    assert sent <= 2, f"the page sent {sent} websocket messages while playing"
    press_pause(page)


def test_pause_stops_every_time(page, server):
    open_player(page, server, f"{LONG}&{COMPARED}")  # compared runs move in lock-step, and stop together
    for attempt in range(20):
        press_play(page)
        page.wait_for_timeout(150 + 25 * attempt)
        press_pause(page)
        page.wait_for_timeout(60)
        assert not is_animating(page), f"still playing after Pause (try {attempt + 1})"


def test_space_plays_and_pauses(page, server):
    open_player(page, server, LONG)
    page.locator("h1").first.click()  # the page, not a widget, has the focus
    page.keyboard.press("Space")
    page.wait_for_timeout(300)
    assert is_animating(page)
    page.keyboard.press("Space")
    page.wait_for_timeout(100)
    assert not is_animating(page)


def test_5000_updates_play_in_under_a_minute(page, server):
    open_player(page, server, LONG)
    frames = animated_chart(page).evaluate("gd => gd._transitionData._frames.map(f => f.name)")
    assert frames[-1] == "5004" and len(frames) <= 300
    start = time.monotonic()
    press_play(page)
    while current_frame(page) != "update 5004":
        assert time.monotonic() - start < 60, f"still at {current_frame(page)} after a minute"
        page.wait_for_timeout(250)
    assert time.monotonic() - start < 60


_START = """
() => {
  const gd = document.querySelector(".st-key-gd_contour .js-plotly-plot");
  const start = gd.data.find((t) => t.name === "start");
  const path = gd.data.find((t) => t.name === "path");
  const full = gd._fullData.find((t) => t.name === "path");
  return [start.x[0], start.y[0], Array.from(full.x).slice(0, 2), Array.from(full.y).slice(0, 2)];
}
"""


def click_contour(page: Page, fx: float, fy: float) -> None:
    """Click the contour's plot area at the fraction (fx, fy) of its width and height from the top left."""
    area = page.locator(f"{key('gd_contour')} .nsewdrag").first
    box = area.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
    wait_idle(page)
    wait_drawn(page)


def test_a_click_on_the_contour_moves_the_start_and_the_path(page, server):
    open_page(page, server.url("gradient_descent"))
    wait_drawn(page)
    before = page.evaluate(_START)
    assert before[:2] == [1, 1]
    click_contour(page, 0.25, 0.75)
    expect(page).to_have_url(re.compile(r"gd_w1=[-\d.]+&gd_w2=[-\d.]+"))
    w1 = float(re.search(r"gd_w1=([-\d.]+)", page.url).group(1))
    w2 = float(re.search(r"gd_w2=([-\d.]+)", page.url).group(1))
    after = page.evaluate(_START)
    assert after[:2] == [pytest.approx(w1), pytest.approx(w2)] and after[:2] != before[:2]
    assert after[2][0] == pytest.approx(w1) and after[2][1] != before[2][1]  # the path starts there: a new run
    assert w1 < 1.5 and w2 < 1.5  # the lower left of the plot
    assert_no_exception(page)


def test_a_click_outside_the_start_range_is_ignored_with_a_note(page, server):
    # true w1 = 10: the contour reaches past w1 = 5, the largest start the settings allow
    open_page(page, server.url("gradient_descent", "gd_source=synthetic&gd_syn_w1=10&gd_mode=batch"))
    wait_drawn(page)
    before = page.evaluate(_START)
    click_contour(page, 0.97, 0.5)
    expect(page.get_by_text("it was ignored")).to_be_visible()
    assert page.evaluate(_START)[:2] == before[:2]
    assert "gd_w1" not in page.url
