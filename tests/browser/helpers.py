"""What the browser tests do to the app: open a page, wait for Streamlit, type, slide, upload, download, read.

Streamlit marks its root element with the script's state: ``notRunning`` once a run has finished. Widgets
are drawn by lazily loaded code, so after navigating the tests also wait for the element they need, and all
checks use Playwright's auto-retrying ``expect``.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
EXPECT_TIMEOUT_MS = 45_000
DOWNLOAD_TIMEOUT_MS = 20_000

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
ERROR = "[data-testid='stAlertContentError']"
WARNING = "[data-testid='stAlertContentWarning']"
LATEX = ".katex-mathml annotation"


def key(name: str) -> str:
    """The CSS selector of the element a widget with ``key=name`` is drawn in."""
    return f".st-key-{name}"


def wait_idle(page: Page) -> None:
    """Wait until the script run has finished (give a rerun that was just triggered time to start)."""
    page.wait_for_timeout(150)
    expect(page.locator(IDLE)).to_be_attached()


def wait_ready(page: Page) -> None:
    """Wait until a page has been drawn: a title and a finished run (widgets may still be loading)."""
    expect(page.locator("h1").first).to_be_visible()
    wait_idle(page)


def wait_drawn(page: Page) -> None:
    """Wait until the lazily loaded widgets and charts have replaced their placeholders."""
    wait_ready(page)
    expect(page.locator("[data-testid='stSkeleton']:visible")).to_have_count(0)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_ready(page)


def assert_no_exception(page: Page) -> None:
    expect(page.locator(EXCEPTION)).to_have_count(0)


def formula(page: Page, contains: str) -> Locator:
    """The formulas whose LaTeX source contains ``contains``."""
    return page.locator(LATEX).filter(has_text=contains)


def markdown(page: Page, pattern: str | re.Pattern[str]) -> Locator:
    return page.locator("[data-testid='stMarkdown']").filter(has_text=pattern)


def read_markdown(page: Page, pattern: str) -> re.Match[str]:
    """The first match of the regular expression ``pattern`` in the page's Markdown, waiting for it."""
    regex = re.compile(pattern)
    located = markdown(page, regex).first
    expect(located).to_be_visible()
    found = regex.search(located.inner_text())
    assert found, f"{pattern!r} not in {located.inner_text()!r}"
    return found


def press_slider(page: Page, name: str, *keys: str) -> None:
    """Move the (select) slider keyed ``name`` with the keyboard: ArrowLeft, ArrowRight, Home, End."""
    thumb = page.locator(f"{key(name)} input[type='range']")
    expect(thumb).to_be_attached()
    thumb.focus()
    for pressed in keys:
        thumb.press(pressed)
    wait_idle(page)


def slider_value(page: Page, name: str) -> Locator:
    """The (select) slider's shown value, e.g. expect(slider_value(page, "gd_eta")).to_have_text("0.05")."""
    return page.locator(f"{key(name)} [data-testid='stSliderThumbValue']")


def matrix_text(page: Page, name: str) -> Locator:
    """The text box of the matrix editor ``name``, its 'Type or paste' tab opened."""
    tabs = page.locator("[data-testid='stTabs']").filter(has=page.locator(key(f"{name}_text")))
    tabs.get_by_role("tab", name="Type or paste").click()
    box = page.locator(f"{key(f'{name}_text')} textarea")
    expect(box).to_be_visible()
    return box


def type_matrix(page: Page, name: str, text: str) -> None:
    """Type ``text`` into the 'Type or paste' tab of the matrix editor ``name`` and apply it (Ctrl+Enter)."""
    box = matrix_text(page, name)
    box.fill(text)
    box.press("Control+Enter")
    wait_idle(page)


def type_text(page: Page, name: str, text: str) -> None:
    """Type into the text or number input ``name`` and apply it (Enter)."""
    box = page.locator(f"{key(name)} input")
    expect(box).to_be_visible()
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def choose(page: Page, name: str, option: str) -> None:
    """Pick ``option`` in the selectbox ``name`` (its list opened with its 'Open' button)."""
    box = page.locator(f"{key(name)} [role='combobox']")
    expect(box).to_be_visible()
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):  # a click while the page is still busy drawing can be lost: open the list again
        page.locator(key(name)).get_by_role("button", name="Open").click()
        try:
            wanted.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeoutError:
            continue
    wanted.click()
    expect(box).to_have_value(option)
    wait_idle(page)


def click_button(page: Page, name: str) -> None:
    """Click the button keyed ``name`` (e.g. a stepper's gd_step_next)."""
    button = page.locator(f"{key(name)} button")
    expect(button).to_be_enabled()
    button.click()
    wait_idle(page)


def upload(page: Page, name: str, filename: str, data: bytes) -> None:
    """Upload a file through the file uploader keyed ``name``."""
    field = page.locator(f"{key(name)} input[type='file']")
    expect(field).to_be_attached()
    field.set_input_files(files=[{"name": filename, "mimeType": "text/csv", "buffer": data}])
    wait_idle(page)


def download(page: Page, name: str) -> tuple[str, str]:
    """Press the download button keyed ``name``; the file's suggested name and its text.

    The button is pressed once the page is idle. A download whose data is generated on click is tied to
    the run that drew the button, and each press reruns the page: a press that lands while a rerun is
    on its way gets no file (Streamlit logs "Deferred file ... not found"), so one retry is allowed.
    """
    button = page.locator(f"{key(name)} button")
    for attempt in (1, 2):
        wait_idle(page)
        expect(button).to_be_visible()
        try:
            with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
                button.click()
            got = info.value
            path = got.path()
            break
        except PlaywrightError:
            if attempt == 2:
                raise
    wait_idle(page)
    assert path is not None, got.failure()
    return got.suggested_filename, Path(path).read_text(encoding="utf-8")


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def chart_signature(page: Page, index: int = 0) -> str:
    """What a Plotly chart draws (its SVG paths and texts): changes whenever the figure changes."""
    chart = page.locator("[data-testid='stPlotlyChart']").nth(index)
    expect(chart.locator(".main-svg").first).to_be_attached()
    script = "el => Array.from(el.querySelectorAll('path, text')).map(e => e.getAttribute('d') || e.textContent)"
    return "|".join(chart.evaluate(script))


def wait_for_change(read: Callable[[], str], before: str, timeout_s: float = EXPECT_TIMEOUT_MS / 1000) -> str:
    """Poll ``read()`` until it differs from ``before``; return the new value."""
    deadline = time.monotonic() + timeout_s
    now = read()
    while now == before and time.monotonic() < deadline:
        time.sleep(0.2)
        now = read()
    assert now != before, "nothing changed on screen"
    return now


def screenshot(page: Page, name: str) -> Path:
    """A 1400 x 1000 screenshot in artifacts/ (ignored by git)."""
    wait_drawn(page)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def reads(text: str) -> re.Pattern[str]:
    """A pattern for a message that reads as ``text``: ui.messages may hold a word joiner (U+2060, invisible)
    between any two characters, where it keeps a web address or an e-mail address from becoming a link."""
    return re.compile("\u2060?".join(map(re.escape, text)))
