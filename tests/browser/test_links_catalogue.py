"""The catalogue's links and resource limits (tests/browser/catalogue.py), one test per entry, in Chromium.

Each entry runs as tests/browser/test_bad_inputs.py runs it (the message it promises, no exception, the server
answers after it), on a page of its own; `-k link` or `-k cost` picks a section. Entries whose text Markdown
would render (``literal``) must show it as typed: no link and no image inside the message, nor anywhere on
the page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .catalogue import CATALOGUE
from .helpers import ERROR, reads
from .test_bad_inputs import run_entry

pytestmark = pytest.mark.browser

ENTRIES = [e for e in CATALOGUE if e["category"] in ("link", "cost") and not e.get("bug")]
INJECTED = "a[href*='example.org'], img[src='x'], img[src*='x.org']"


def test_every_page_has_link_entries_and_every_page_that_trains_a_cost_entry():
    pages = {e["page"] for e in ENTRIES if e["category"] == "link"}
    assert {"forward_pass", "activations", "gradient_descent", "backprop", "network_trainer"} <= pages
    assert {e["page"] for e in ENTRIES if e["category"] == "cost"} == {
        "gradient_descent",
        "backprop",
        "network_trainer",
    }
    assert all(e["says"].startswith(("This run", "Training")) for e in ENTRIES if e["category"] == "cost")


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_entry(entry, page, server):
    try:
        run_entry(page, server, entry, reuse=False)
        if entry.get("literal"):
            message = page.locator(ERROR).filter(has_text=reads(entry["says"])).first
            expect(message.locator("a, img")).to_have_count(0)
            expect(page.locator(INJECTED)).to_have_count(0)
    finally:
        assert server.health() == "ok", f"the server stopped answering after {entry['id']}"
