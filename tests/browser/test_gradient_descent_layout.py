"""The gradient-descent page on a projector: one screen at 1280 x 720, nothing cut or covered at 1024 x 768.

Item 1 (1280 x 720, sidebar open): the main chart (the contour) shows at least half of itself, and the
stepper and the headline numbers are within the first 720 pixels.
Item 2 (1024 x 768 and 1280 x 720): no formula scrolls sideways, no chart is narrower than 300 px, no chart title
leaves its chart, no legend covers a title or an axis title; for every tab of the step view and the page, with
compared runs of different optimizers, a stochastic run, the exercise data (p = 1) and presentation mode.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import assert_no_exception, key, open_page, wait_drawn, wait_idle

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (1280, 720)]
OPTIMIZERS = "gd_compare=optimizer:GD;optimizer:Momentum;optimizer:RMSprop;optimizer:Adam"
LINKS = {
    "defaults": "",
    "optimizers": OPTIMIZERS,
    "stochastic": "gd_mode=stochastic&gd_eta=0.05&gd_step=40",
    "exercise": "gd_source=exercise&gd_mode=batch&gd_eta=0.01&gd_tol=0.0&gd_step=3",
    "adam-batch": "gd_optimizer=Adam&gd_mode=batch&gd_step=5&" + OPTIMIZERS,
    "synthetic": "gd_source=synthetic&gd_mode=batch&gd_syn_n=200&gd_step=2",
}
PANELS = ["Steps 1-5", "Loss", "Parameters", "Predict", "Data"]

_MEASURE = """
() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const formulas = Array.from(document.querySelectorAll(
    "[data-testid='stMain'] .katex-display, [data-testid='stMain'] [data-testid='stMarkdownContainer']:has(.katex)"))
    .filter(visible)
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => [e.className || e.dataset.testid, e.scrollWidth, e.clientWidth, e.textContent.slice(0, 60)]);
  const charts = Array.from(document.querySelectorAll("[data-testid='stPlotlyChart']")).filter(visible).map((c) => {
    const svgBoxes = (sel) => Array.from(c.querySelectorAll(sel)).filter(visible).map(box);
    return {chart: box(c), titles: svgBoxes(".gtitle"), legends: svgBoxes(".legend .bg"),
            axes: svgBoxes(".xtitle, .ytitle, .x2title, .y2title, .annotation")};
  });
  return {formulas, charts};
}
"""


def overlap(a: list[float], b: list[float]) -> bool:
    """Whether two boxes [left, top, right, bottom] intersect (touching edges do not count)."""
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def inside(a: list[float], outer: list[float]) -> bool:
    return a[0] >= outer[0] - 0.5 and a[1] >= outer[1] - 0.5 and a[2] <= outer[2] + 0.5 and a[3] <= outer[3] + 0.5


def check_nothing_cut_or_covered(page: Page, where: str) -> None:
    found = page.evaluate(_MEASURE)
    assert not found["formulas"], f"{where}: formulas scroll sideways: {found['formulas']}"
    assert found["charts"], f"{where}: no chart on screen"
    for k, chart in enumerate(found["charts"]):
        width = chart["chart"][2] - chart["chart"][0]
        assert width >= 300, f"{where}: chart {k} is {width:.0f} px wide"
        for title in chart["titles"]:
            assert inside(title, chart["chart"]), f"{where}: chart {k}'s title {title} leaves it {chart['chart']}"
            for legend in chart["legends"]:
                assert not overlap(title, legend), f"{where}: chart {k}'s legend {legend} covers its title {title}"
        for legend in chart["legends"]:
            for axis in chart["axes"]:
                assert not overlap(legend, axis), f"{where}: chart {k}'s legend {legend} covers an axis title {axis}"


def open_view(page: Page, control: str, name: str) -> None:
    """Press ``name`` on the segmented control ``control`` (gd_view: the page's views; gd_panel: beside the contour)."""
    page.locator(f"{key(control)} button").filter(has_text=re.compile(f"^{re.escape(name)}$")).click()
    wait_idle(page)
    wait_drawn(page)


def opened(new_context, server, size: tuple[int, int], query: str) -> Page:
    context = new_context()
    page = context.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, server.url("gradient_descent", query))
    wait_drawn(page)
    if "present=1" not in query:  # presentation mode opens with the sidebar collapsed
        expect(page.locator("[data-testid='stSidebar']")).to_be_visible()
    assert_no_exception(page)
    return page


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("link", list(LINKS), ids=str)
def test_nothing_is_cut_or_covered(new_context, server, size, link):
    page = opened(new_context, server, size, LINKS[link])
    for panel in PANELS:
        open_view(page, "gd_panel", panel)
        check_nothing_cut_or_covered(page, f"{link}, {panel}")
    for view in ("Play", "3D surface"):
        open_view(page, "gd_view", view)
        check_nothing_cut_or_covered(page, f"{link}, {view}")
    assert_no_exception(page)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presentation_mode_is_not_cut_either(new_context, server, size):
    page = opened(new_context, server, size, "present=1&" + OPTIMIZERS)
    for panel in ("Steps 1-5", "Loss", "Parameters"):
        open_view(page, "gd_panel", panel)
        check_nothing_cut_or_covered(page, f"presenting, {panel}")
    open_view(page, "gd_view", "Play")
    check_nothing_cut_or_covered(page, "presenting, Play")


@pytest.mark.parametrize("link", ["defaults", "optimizers", "exercise"], ids=str)
def test_one_screen_at_1280_by_720(new_context, server, link):
    page = opened(new_context, server, (1280, 720), LINKS[link])
    chart = page.locator(f"{key('gd_contour')} [data-testid='stPlotlyChart']")
    expect(chart).to_be_visible()
    top, height = chart.evaluate("e => [e.getBoundingClientRect().top, e.getBoundingClientRect().height]")
    assert top < 720 - height / 2, f"the contour starts at {top:.0f} px and is {height:.0f} px tall"
    stepper = page.locator(key("gd_step_controls")).bounding_box()
    assert stepper is not None and stepper["y"] + stepper["height"] <= 720
    headline = page.locator("[data-testid='stMarkdown']").filter(has_text=re.compile(r"Update \d+ of")).first
    expect(headline).to_be_visible()
    box = headline.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720
    steps = page.get_by_text("Step 1: the loss and the predictions")  # beside the contour, on the first screen too
    expect(steps).to_be_visible()
    assert steps.bounding_box()["y"] < 720
