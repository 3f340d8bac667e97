"""Measuring motion in the browser: chart redraws, websocket messages, Play and Pause of an animated chart.

The animated chart is the page's first Plotly chart with animation frames (``nnviz.animation``); its Play and
Pause buttons are Plotly's own (SVG ``g.updatemenu-button`` with the labels of ``nnviz.animation``), and
its slider shows the current frame's update number.

Counting websocket messages needs a watch set before the page opens its websocket::

    watch_websockets(page)
    page.goto(url)
    ...
    assert count_ws_sent(page, lambda: press_play(page), 3.0) <= 2
"""

from __future__ import annotations

import time
from collections.abc import Callable

from playwright.sync_api import Locator, Page, WebSocket

from nnviz.animation import PAUSE_LABEL, PLAY_LABEL

ANIMATED_CHART = ".js-plotly-plot:has(g.slider-container):has(g.updatemenu-button)"
"""A Plotly chart with a slider and buttons: the animated chart (Streamlit draws one graph div per chart)."""

_COUNT_REDRAWS = """
([selector, ms]) => new Promise((resolve) => {
  const gd = document.querySelector(selector);
  if (!gd) { resolve(-1); return; }
  let changed = false;
  let painted = 0;
  const observer = new MutationObserver(() => { changed = true; });
  observer.observe(gd, { subtree: true, childList: true, attributes: true, characterData: true });
  const end = performance.now() + ms;
  const tick = () => {
    if (changed) { painted += 1; changed = false; }
    if (performance.now() < end) { requestAnimationFrame(tick); } else { observer.disconnect(); resolve(painted); }
  };
  requestAnimationFrame(tick);
})
"""

_CURRENT_VALUE = """
(selector) => {
  const text = document.querySelector(`${selector} g.slider-group > text.slider-label`);
  return text ? text.textContent : null;
}
"""

_sent: dict[int, list[float]] = {}


def animated_chart(page: Page) -> Locator:
    """The page's first animated Plotly chart (its graph div)."""
    return page.locator(ANIMATED_CHART).first


def _button(page: Page, label: str) -> Locator:
    return animated_chart(page).locator("g.updatemenu-button", has_text=label).first


def press_play(page: Page) -> None:
    """Click the animated chart's Play button (plays from the current frame)."""
    _button(page, PLAY_LABEL).click()


def press_pause(page: Page) -> None:
    """Click the animated chart's Pause button."""
    _button(page, PAUSE_LABEL).click()


def current_frame(page: Page) -> str | None:
    """The text the animated chart's slider shows (e.g. "update 1234"), None without a slider."""
    value: str | None = page.evaluate(_CURRENT_VALUE, ANIMATED_CHART)
    return value


def is_animating(page: Page, window_ms: int = 300) -> bool:
    """Whether the animated chart's current frame changes within ``window_ms`` (longer than a frame at 1x)."""
    before = current_frame(page)
    page.wait_for_timeout(window_ms)
    return current_frame(page) != before


def count_redraws(page: Page, seconds: float) -> int:
    """Frames the browser painted with a change in the animated chart, over the next ``seconds``.

    A MutationObserver on the graph div marks a change; each animation frame (``requestAnimationFrame``)
    that follows a change counts once, so a frame Plotly draws in several steps counts once.
    Returns -1 when the page has no animated chart.
    """
    count: int = page.evaluate(_COUNT_REDRAWS, [ANIMATED_CHART, int(seconds * 1000)])
    return count


def watch_websockets(page: Page) -> None:
    """Record the time of every websocket frame the page sends; call it before the page is opened."""
    sent = _sent.setdefault(id(page), [])

    def on_socket(ws: WebSocket) -> None:
        ws.on("framesent", lambda _payload: sent.append(time.monotonic()))

    page.on("websocket", on_socket)
    page.on("close", lambda _page: _sent.pop(id(page), None))


def count_ws_sent(page: Page, action: Callable[[], object], seconds: float) -> int:
    """Websocket frames the page sends while ``action()`` runs and for ``seconds`` after it.

    Needs :func:`watch_websockets` before the page was opened (a socket opened earlier is not seen).
    """
    if id(page) not in _sent:
        raise RuntimeError("call watch_websockets(page) before page.goto(...): its websocket is not watched")
    sent = _sent[id(page)]
    before = len(sent)
    action()
    page.wait_for_timeout(seconds * 1000)
    return len(sent) - before
