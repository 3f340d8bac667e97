"""The forward pass, the activation explorer and the home page on a projector's screen (issue 15, items 1 and 2).

At 1024 x 768 and 1280 x 720 (sidebar open), and in presentation mode: no formula box scrolls sideways (KaTeX's
display elements: scrollWidth <= clientWidth), every plot is at least 300 px wide, a chart's title stays inside
the chart, its legend covers neither the title nor an axis title (the SVG's bounding boxes), and the first
screen holds the page's main content: the activation chart (at least half of it), the forward pass's
editors with z = Xw + b under them, the home page's cards. The activations' marker readout and the forward
pass's exercise boxes are checked as the lecture uses them.
"""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .helpers import EXPECT_TIMEOUT_MS, assert_no_exception, formula, key, wait_drawn

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (1280, 720)]
EVERY_ACTIVATION = "linear,sigmoid,tanh,relu,leaky_relu,elu,softplus,exponential,softmax"


def cells(values: np.ndarray) -> str:
    return ";".join(",".join(repr(float(v)) for v in row) for row in values)


def eight_by_eight() -> str:
    """A link with 8 x 8 matrices of decimals, six decimals shown and an activation."""
    rng = np.random.default_rng(5)
    X, W, b = rng.normal(0, 10, (8, 8)).round(3), rng.normal(0, 1, (8, 8)).round(4), rng.normal(0, 1, (8, 8)).round(2)
    query = {"fp_X": cells(X), "fp_W": cells(W), "fp_b": cells(b), "fp_precision": "6", "fp_activation": "elu"}
    return urlencode(query)


LAYOUT = """() => {
  const box = (e) => e.getBoundingClientRect();
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const shown = (e) => e.getClientRects().length > 0;
  const out = {scrolling: [], narrow: [], covered: [], outside: []};
  for (const e of document.querySelectorAll('.katex-display')) {
    if (shown(e) && e.scrollWidth > e.clientWidth) {
      out.scrolling.push(`${e.scrollWidth} > ${e.clientWidth}: ${e.textContent.slice(0, 40)}`);
    }
  }
  document.querySelectorAll('[data-testid="stPlotlyChart"]').forEach((chart, k) => {
    if (!shown(chart)) return;
    for (const plot of chart.querySelectorAll('.nsewdrag')) {
      const width = box(plot).width;
      if (width < 300) out.narrow.push(`chart ${k}: a plot ${Math.round(width)} px wide`);
    }
    const legend = chart.querySelector('.legend');
    const title = chart.querySelector('.gtitle');
    if (title && !hit(box(title), box(chart))) out.outside.push(`chart ${k}: its title`);
    if (!legend) return;
    for (const sel of ['.gtitle', '.xtitle', '.ytitle', '.x2title', '.y2title']) {
      for (const t of chart.querySelectorAll(sel)) {
        if (hit(box(legend), box(t))) out.covered.push(`chart ${k}: the legend covers ${sel}`);
      }
    }
  });
  return out;
}"""


def open_at(browser: Browser, url: str, size: tuple[int, int]) -> Page:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    wait_drawn(page)
    page.wait_for_timeout(500)  # KaTeX and Plotly finish drawing
    return page


def assert_nothing_cut_or_covered(page: Page, where: str) -> None:
    found = page.evaluate(LAYOUT)
    assert found == {"scrolling": [], "narrow": [], "covered": [], "outside": []}, where


def check_every_tab(page: Page, where: str) -> None:
    """The layout checks with each tab of the page opened in turn."""
    assert_nothing_cut_or_covered(page, where)
    tabs = page.get_by_role("tab")
    for k in range(tabs.count()):
        if tabs.nth(k).is_visible():
            tabs.nth(k).click()
            page.wait_for_timeout(300)
            assert_nothing_cut_or_covered(page, f"{where}, tab {tabs.nth(k).inner_text()!r}")


def on_first_screen(page: Page, located: Locator) -> bool:
    """Whether all of ``located`` is on the first screen (no scrolling)."""
    found = located.bounding_box()
    assert found is not None
    return found["y"] >= 0 and found["y"] + found["height"] <= page.viewport_size["height"]


def visible_part(page: Page, selector: str) -> float:
    """The share of the first element matching ``selector`` that the first screen shows (0 to 1)."""
    return page.evaluate(
        """(sel) => { const b = document.querySelector(sel).getBoundingClientRect();
        return Math.max(0, Math.min(b.bottom, window.innerHeight) - Math.max(b.top, 0)) / b.height; }""",
        selector,
    )


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def size(request) -> tuple[int, int]:
    return request.param


@pytest.mark.parametrize(
    "query",
    ["", f"act_selected={EVERY_ACTIVATION}&act_z0=3.5", f"present=1&act_selected={EVERY_ACTIVATION}"],
    ids=["defaults", "every-activation", "presenting"],
)
def test_activations_screen(browser, server, size, query):
    page = open_at(browser, server.url("activations", query), size)
    assert_no_exception(page)
    chart = "[data-testid='stPlotlyChart']"
    expect(page.locator(chart)).to_have_count(1)
    expect(page.locator(f"{chart} .legend")).to_be_attached()
    if "act_z0" not in query:  # the lecture hall's first screen: at least half of the chart
        assert visible_part(page, chart) >= 0.5
    check_every_tab(page, f"activations?{query} at {size}")
    page.get_by_role("tab", name="Formulas").click()
    page.get_by_text("Every activation in the registry").click()
    page.wait_for_timeout(300)
    assert_nothing_cut_or_covered(page, "the registry's formulas")
    page.context.close()


def test_activations_readout_follows_the_marker(browser, server):
    page = open_at(browser, server.url("activations", "act_z0=8.0"), (1280, 720))
    readout = page.locator("[data-testid='stTable']").first
    expect(page.get_by_text("At the marker z₀ = 8")).to_be_visible()
    rows = readout.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("0.999665")  # sigmoid(8)
    expect(rows.nth(1)).to_contain_text("1")  # tanh(8) = 0.9999997749
    expect(rows.nth(2)).to_contain_text("8")  # ReLU(8)
    page.context.close()


@pytest.mark.parametrize(
    "query",
    ["", "fp_preset=Exercise+2&fp_activation=sigmoid", eight_by_eight(), "present=1&fp_preset=Exercise+1"],
    ids=["defaults", "exercise-2", "8x8", "presenting"],
)
def test_forward_pass_screen(browser, server, size, query):
    page = open_at(browser, server.url("forward_pass", query), size)
    assert_no_exception(page)
    equation = formula(page, r"\boldsymbol{z} = ").first
    expect(equation).to_be_attached()
    if "fp_X" not in query:  # the first screen: the editors, and z = Xw + b right under them
        for editor in ("fp_X_rows", "fp_W_rows", "fp_b_rows"):
            assert on_first_screen(page, page.locator(key(editor)))
        assert on_first_screen(page, page.locator(".katex-display").filter(has=equation))
    check_every_tab(page, f"forward_pass?{query[:60]} at {size}")
    page.context.close()


def test_forward_pass_exercise_mode_in_the_browser(browser, server):
    page = open_at(browser, server.url("forward_pass", "fp_preset=Exercise+2&fp_exercise=1"), (1024, 768))
    expect(formula(page, r"= \;?")).to_have_count(1)
    boxes = page.locator("[class*='st-key-fp_practice_'] input[type='text']")
    expect(boxes).to_have_count(3)
    for box, value in zip([boxes.nth(k) for k in range(3)], ["13", "-34", "25"], strict=True):
        box.fill(value)
        box.press("Enter")
        page.wait_for_timeout(200)
    page.locator(f"{key('fp_practice_check')} button").click()
    expect(page.get_by_text("All right. Well done!")).to_be_visible()
    expect(formula(page, r"\begin{pmatrix} 13 \\ -34 \\ 25 \end{pmatrix}").first).to_be_attached()
    assert_nothing_cut_or_covered(page, "the exercise, checked")
    page.get_by_role("button", name="New random exercise").click()
    expect(page.get_by_text("All right. Well done!")).to_have_count(0)
    expect(boxes).to_have_count(3)
    for k in range(3):
        expect(boxes.nth(k)).to_have_value("")
    page.context.close()


def test_home_screen(browser, server, size):
    for query in ("", "present=1"):
        page = open_at(browser, server.url("", query), size)
        assert_no_exception(page)
        cards = page.locator("[class*='st-key-card_']")
        expect(cards).to_have_count(6)
        expect(page.locator("[data-testid='stPageLink']")).to_have_count(5)
        if size == (1280, 720):  # a lecturer's landing page: every card on the first screen
            for k in range(6):
                assert on_first_screen(page, cards.nth(k))
        assert_nothing_cut_or_covered(page, f"home?{query} at {size}")
        page.context.close()
