"""Screenshots of every page as a lecture hall sees it: 1280 x 720 and 1024 x 768 projectors, and a wide screen.

Run: .venv/bin/python docs/screenshots.py [--sizes 1280x720,1024x768,1600x1000] [--pages gradient_descent,...]
     [--query "present=1"] [--full]

Starts the app on a free loopback port, opens each page in Debian's Chromium (headless) and writes
docs/screens/<page>-<width>x<height>.png: the first screen as the audience sees it (with --full, the
whole page: Streamlit scrolls inside its own container, so the viewport is made as tall as the page).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "benchmarks"))

from load import Target, free_port, start_streamlit, stop_process, wait_healthy  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from ui.registry import PAGES  # noqa: E402

OUT = ROOT / "docs" / "screens"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


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
    server = start_streamlit(port, log_path=Path(os.devnull))
    try:
        asyncio.run(wait_healthy(Target("127.0.0.1", port), 90, server))
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
        stop_process(server)


if __name__ == "__main__":
    main()
