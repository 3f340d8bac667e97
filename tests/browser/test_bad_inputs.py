"""The bad-input catalogue (catalogue.py), driven through the browser.

For every entry: the message the catalogue promises (an st.error or st.warning naming what to change, or
the widget's own refusal), no exception element, and the server answers the next request (its health
endpoint after each entry, and the page reloads at the end of each page's entries).

Entries of one page share a browser page while their link is the same (an entry's ``setup`` steps first
put back what an earlier entry changed and it depends on); an entry marked ``fresh`` reopens the page.
Entries with a ``bug`` run on their own, as expected failures.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from .catalogue import CATALOGUE, CATEGORIES, PAGES, SECTIONS, file_bytes, markdown, markdown_section
from .helpers import (
    ERROR,
    WARNING,
    assert_no_exception,
    key,
    open_page,
    press_slider,
    reads,
    type_matrix,
    type_text,
    upload,
    wait_idle,
    wait_ready,
)

pytestmark = pytest.mark.browser

BUG_TIMEOUT_MS = 3_000
"""How long a known bug's entry waits for the message it should show (it is expected not to come)."""


def do(page: Page, action: str, name: str, value: str) -> None:
    """One user action of a catalogue entry."""
    if action == "matrix":
        type_matrix(page, name, value)
    elif action in ("text", "number"):
        type_text(page, name, value)
    elif action == "slider":
        press_slider(page, name, value)
    elif action == "upload":
        upload(page, name, value, file_bytes(value))
    elif action == "click":
        page.get_by_role("button", name=name).click()
        wait_idle(page)
    elif action == "radio":
        page.locator(key(name)).get_by_text(value).click()
        wait_idle(page)
    elif action == "unselect":
        remove = page.locator(f"{key(name)} button[aria-label^='Remove']")
        expect(remove.first).to_be_visible()
        for left in range(remove.count(), 0, -1):
            remove.first.click()
            expect(remove).to_have_count(left - 1)
            wait_idle(page)
    else:
        raise ValueError(f"unknown action {action!r}")


def check(page: Page, entry: dict, timeout_ms: float | None = None) -> None:
    """What the user must see after the entry's steps."""
    says = entry["says"]
    kind = entry["expect"]
    options = {"timeout": timeout_ms} if timeout_ms else {}
    if kind in ("error", "warning", "alert"):
        selector = {"error": ERROR, "warning": WARNING, "alert": f"{ERROR}, {WARNING}"}[kind]
        expect(page.locator(selector).filter(has_text=reads(says)).first).to_be_visible(**options)
    elif kind == "widget":
        expect(page.locator(key(entry["widget"])).get_by_text(says).first).to_be_visible(**options)
    elif kind == "ok":
        expect(page.locator("h1").first).to_be_visible(**options)
        if "shows" in entry:
            expect(page.locator(entry["shows"]).first).to_be_visible(**options)
        expect(page.locator(ERROR)).to_have_count(0, **options)
    else:
        raise ValueError(f"unknown expectation {kind!r}")
    assert_no_exception(page)
    expect(page.locator(ERROR).filter(has_text="Something went wrong")).to_have_count(0)


def entry_url(server, entry: dict) -> str:
    return server.url(entry.get("path", entry["page"]), entry.get("query"))


def run_entry(page: Page, server, entry: dict, reuse: bool, timeout_ms: float | None = None) -> None:
    if not reuse:
        open_page(page, entry_url(server, entry))
    for action, name, value in [*entry.get("setup", []), *entry["steps"]]:
        do(page, action, name, value)
    check(page, entry, timeout_ms)


def test_catalogue_covers_every_page_and_kind_of_bad_input():
    assert {e["page"] for e in CATALOGUE} == set(PAGES)
    assert {e["category"] for e in CATALOGUE} == set(CATEGORIES)
    assert len({e["id"] for e in CATALOGUE}) == len(CATALOGUE)
    for entry in CATALOGUE:
        assert entry["expect"] in ("error", "warning", "alert", "widget", "ok"), entry["id"]
        assert entry["expect"] == "ok" or entry["says"] or entry.get("bug"), entry["id"]
    assert markdown().count("\n") == len(CATALOGUE) + 1
    sections = [c for categories in SECTIONS.values() for c in categories]
    assert sorted(sections) == sorted(CATEGORIES)  # every category in exactly one README section
    assert sum(markdown_section(name).count("\n") - 1 for name in SECTIONS) == len(CATALOGUE)


@pytest.mark.parametrize("page_path", list(PAGES), ids=lambda p: p or "home")
def test_bad_inputs_get_a_message_and_the_server_goes_on(page_path, page, server):
    entries = [e for e in CATALOGUE if e["page"] == page_path and not e.get("bug")]
    failures = []
    previous = None
    for entry in entries:
        url = entry_url(server, entry)
        try:
            run_entry(page, server, entry, reuse=url == previous and not entry.get("fresh"))
        except (AssertionError, PlaywrightError) as exc:
            failures.append(f"{entry['id']} ({entry['how']}): {str(exc).splitlines()[0]}")
            previous = None
        else:
            previous = url
        assert server.health() == "ok", f"the server stopped answering after {entry['id']}"
    page.reload()
    wait_ready(page)
    assert_no_exception(page)
    assert not failures, "\n".join(failures)


KNOWN_BUGS = [e for e in CATALOGUE if e.get("bug")]
if KNOWN_BUGS:

    @pytest.mark.parametrize(
        "entry",
        [pytest.param(e, marks=pytest.mark.xfail(reason=e["bug"], strict=False)) for e in KNOWN_BUGS],
        ids=lambda e: e["id"],
    )
    def test_known_bug(entry, page, server):
        """An app bug the catalogue records: fails until the app answers this input as the catalogue says."""
        try:
            run_entry(page, server, entry, reuse=False, timeout_ms=BUG_TIMEOUT_MS)
        finally:
            assert server.health() == "ok"
