"""Screenshots of every page as a lecture hall sees it: 1280 x 720 and 1024 x 768 projectors, and a wide screen.

Run: .venv/bin/python docs/screenshots.py [--sizes 1280x720,1024x768,1600x1000] [--pages gradient_descent,...]
     [--query "present=1"] [--full]

Starts the app on a free loopback port, opens each page in Debian's Chromium (headless) and writes
docs/screens/<page>-<width>x<height>.png: the first screen as the audience sees it (with --full, the
whole page: Streamlit scrolls inside its own container, so the viewport is made as tall as the page).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from ui.registry import PAGES  # noqa: E402

OUT = ROOT / "docs" / "screens"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as r,
        ):
            if r.read() == b"ok":
                return process
        time.sleep(0.3)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("the app did not start")


def settle(page) -> None:
    page.wait_for_selector("h1")
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, state="attached", timeout=120_000)
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=60_000)
    page.wait_for_timeout(1200)  # charts finish drawing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1280x720,1024x768,1600x1000")
    parser.add_argument("--pages", default=",".join(p.name for p in PAGES))
    parser.add_argument("--query", default="")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = serve(port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            for size in args.sizes.split(","):
                width, height = (int(v) for v in size.split("x"))
                for name in args.pages.split(","):
                    info = next(p for p in PAGES if p.name == name)
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    page.goto(f"http://127.0.0.1:{port}/{info.url_path}" + (f"?{args.query}" if args.query else ""))
                    settle(page)
                    if args.full:
                        tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
                        page.set_viewport_size({"width": width, "height": max(height, int(tall) + 100)})
                        settle(page)
                    suffix = "-full" if args.full else ""
                    path = out / f"{name}-{width}x{height}{suffix}.png"
                    page.screenshot(path=str(path))
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
                    context.close()
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)


if __name__ == "__main__":
    main()
