"""Fixtures for the browser tests: one Streamlit server and one headless Chromium per test session.

The server is the real app (``streamlit run app.py`` from the repository root, so .streamlit/config.toml is in
effect) on a free loopback port; the browser is Debian's Chromium driven by Playwright. Each test gets a new
browser context (its own cookies and storage, so its own Streamlit session) at 1400 x 1000.

Without /usr/bin/chromium every test that needs the browser skips, saying how to install it; a missing
Playwright is an error instead (it is a development requirement: pip install -r requirements-dev.txt).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

try:
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

    from .helpers import ARTIFACTS, EXPECT_TIMEOUT_MS, wait_ready
except ImportError:  # reported by the fixtures below as an error, never as a skip
    sync_playwright = None

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_CHROMIUM = (
    f"Chromium is not installed ({CHROMIUM} is missing), so the browser tests cannot run. "
    "Install Debian's Chromium: apt-get update && apt-get install -y chromium"
)
SERVER_START_TIMEOUT_S = 90
VIEWPORT = {"width": 1400, "height": 1000}


def require_browser() -> None:
    """Fail without Playwright (a dev requirement); skip, saying how to install it, without Chromium."""
    if sync_playwright is None:
        pytest.fail("Playwright for Python is not installed: pip install -r requirements-dev.txt", pytrace=False)
    if not CHROMIUM.exists():
        pytest.skip(INSTALL_CHROMIUM)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """The Streamlit server this session started."""

    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "", query: dict[str, str] | str | None = None) -> str:
        """The address of a page ("" is home), with an optional query string."""
        tail = urlencode(query) if isinstance(query, dict) else (query or "")
        return f"{self.base}/{path}" + (f"?{tail}" if tail else "")

    def health(self) -> str:
        """The body of /_stcore/health ("ok" when the server answers)."""
        with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=10) as response:
            return response.read().decode()

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _wait_healthy(server: Server, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.process.returncode}:\n{server.log_tail()}")
        with contextlib.suppress(OSError):
            if server.health() == "ok":
                return
        time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout_s:.0f} s:\n{server.log_tail()}")


def _stop(process: subprocess.Popen) -> None:
    """Terminate the server (and anything it started), then kill it if it does not stop."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`streamlit run app.py` on a free loopback port, from the repository root; stopped at the end."""
    require_browser()
    port = free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
    started = Server(process, port, log_path)
    try:
        _wait_healthy(started, SERVER_START_TIMEOUT_S)
        yield started
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def browser(server: Server) -> Iterator[Browser]:
    """Headless Debian Chromium, shared by every test; the app is opened once to warm the server up."""
    require_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            # The first session of a fresh server settles the multipage mode and imports the libraries.
            context = launched.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.set_default_timeout(EXPECT_TIMEOUT_MS)
            page.goto(server.url())
            wait_ready(page)
            context.close()
            yield launched
        finally:
            launched.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[[], BrowserContext]]:
    """Factory: a new browser context (a new user) at 1400 x 1000; all are closed after the test."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def page(new_context) -> Page:
    """A page in a new browser context of its own."""
    return new_context().new_page()
