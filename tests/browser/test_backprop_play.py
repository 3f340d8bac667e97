"""Play on the backprop page runs in the browser: both parts' players move without asking the server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import open_page, wait_drawn
from .motion import (
    animated_chart,
    count_redraws,
    count_ws_sent,
    is_animating,
    press_pause,
    press_play,
    watch_websockets,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "query",
    [{"bp_view": "Play", "bp_iterations": "300"}, {"bp_part": "network", "bp_view": "Play"}],
    ids=["exercise", "network"],
)
def test_play_moves_in_the_browser_and_pause_stops(page, server, query):
    watch_websockets(page)
    open_page(page, server.url("backprop", query))
    wait_drawn(page)
    expect(animated_chart(page)).to_be_visible()
    sent = count_ws_sent(page, lambda: press_play(page), 2.0)
    assert sent <= 2, f"Play sent {sent} websocket messages"
    assert count_redraws(page, 2.0) >= 20
    press_pause(page)
    page.wait_for_timeout(200)
    assert not is_animating(page)
