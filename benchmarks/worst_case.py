"""Search the corners of every page's settings and print the slowest request each page accepts.

Run:  .venv/bin/python benchmarks/worst_case.py [--pages gradient_descent,backprop] [--check] [--json out.json]
      .venv/bin/python benchmarks/worst_case.py --rounds 1 --random 5 --seconds 120          (a quicker look)

The promise (issue 13): no request that a page accepts takes more than services.cost.BUDGET_S (5 s) of server
CPU. Each page is driven with Streamlit's AppTest, in this process (one BLAS thread, as the server runs), and
each request's CPU is time.process_time from its start until the process is idle again (so work a request
starts in a background thread counts), with the caches emptied before a new link is opened (the lecture's
printed runs excepted: a server trains them once, for everyone; their one-off cost is printed).

The settings come from the page's schema (ui/states/<page>.py STATE), so the search follows the pages as they
change; a kind of setting this script does not know stays at its default. Each setting has a few corner
values: the ends of its range, its default, every option of a short list (the ends and the middle of a long
one), every option of a multiselect at once, the longest text and the largest matrix. From the defaults, a
coordinate ascent tries each setting's corners in turn and keeps the slowest accepted one; a request refused
with "use at most N ..." is retried with N in the whole-number setting it names (the largest value still
accepted, computed by services.cost.most), so the search walks along the refusal boundary; then --random
random corners. Each request opens the page from a link and presses its primary buttons (Train);
the slowest corners are then opened once more and every expander opened and every other button pressed
(stepper, compare, ...), each a request of its own.

A request is "refused" when an error says "would take about" (services.cost's refusal); "exception" when the
page raised. Prints per page the slowest accepted request (as a link and the clicks after it), its CPU
seconds and the number of corners tried. --check exits 1 when an accepted request took more than the budget
or a page raised. Other processes slow a request down even in CPU time (shared caches, a core's sibling
thread): run it on a quiet machine, and look again at a request above the budget (its link is printed).
"""

from __future__ import annotations

import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # the server's setting (Makefile, Dockerfile)

import argparse
import copy
import gc
import importlib
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
import streamlit.logger  # noqa: E402
from streamlit.runtime.caching.cache_utils import CachedFunc  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from services import cost  # noqa: E402
from ui.registry import PAGES, PageInfo  # noqa: E402
from ui.settings import Bool, Cells, Choice, Float, Int, PageState, Setting, Several, Text  # noqa: E402

REFUSED = "would take about"
"""What services.cost's refusal says."""
AT_MOST = re.compile(r"at most ([\d,]+)")
SERVER_ONCE = ("lecture_reference",)
"""Cached functions a server computes once for everyone (the lecture's printed runs): not emptied between links."""
streamlit.logger.set_log_level("ERROR")  # no "missing ScriptRunContext" warning per request
SKIP_BUTTONS = re.compile(r"reset|clear|download|new random", re.IGNORECASE)
"""Buttons the follow-up clicks leave alone: they undo work or cost nothing."""
TIMEOUT_S = 120


@dataclass
class Request:
    """One request to a page: the link it opened (and clicks after it), its CPU and how the page answered."""

    page: str
    query: str
    then: str
    seconds: float
    status: str
    """"accepted", "refused", "exception", "skipped" (a button gone) or "server-once"."""
    message: str = ""


@dataclass
class PageResult:
    page: str
    url_path: str
    requests: list[Request] = field(default_factory=list)
    corners: int = 0
    cut_short: bool = False

    def accepted(self) -> list[Request]:
        """The accepted requests, slowest first."""
        return sorted((r for r in self.requests if r.status == "accepted"), key=lambda r: -r.seconds)

    def slowest(self) -> Request | None:
        accepted = self.accepted()
        return accepted[0] if accepted else None


# ---------------------------------------------------------------- corner values from the schema


def corner_values(s: Setting) -> list[Any]:
    """The default first, then the setting's extremes (only the default for a kind this script does not know)."""
    values: list[Any] = [s.default]
    if isinstance(s, (Int, Float)):
        values += [s.lo, s.hi]
    elif isinstance(s, Choice):
        options = list(s.options)
        values += options if len(options) <= 6 else [options[0], options[len(options) // 2], options[-1]]
    elif isinstance(s, Bool):
        values.append(not s.default)
    elif isinstance(s, Several):
        values += [list(s.options[: s.max_items]), list(s.options[:1])]
    elif isinstance(s, Text):
        values.append(longest_text(s))
    elif isinstance(s, Cells):
        values.append(largest_matrix(s))
    unique: list[Any] = []
    for v in values:
        if v not in unique and s.accepts(v):
            unique.append(v)
    return unique


def longest_text(s: Text) -> str:
    """The default's items repeated up to the length limit (a list stays a list: '1, 8, 1, 8, ...')."""
    parts = [p.strip() for p in s.default.split(",")] if "," in s.default else [s.default or "1"]
    text = ""
    k = 0
    while True:
        candidate = (text + ", " if text else "") + parts[k % len(parts)]
        if len(candidate) > s.max_chars:
            return text or s.default
        text, k = candidate, k + 1


def largest_matrix(s: Cells) -> list[list[str]]:
    """The largest matrix the setting takes, its cells the default's, repeated."""
    rows, cols = s.shape if s.shape else (s.max_rows, s.max_cols)
    cells = [c for row in s.default for c in row] or ["1"]
    return [[cells[(i * cols + j) % len(cells)] for j in range(cols)] for i in range(rows)]


def link(state: PageState, values: dict[str, Any]) -> dict[str, str]:
    """The query parameters of ``values``: the settings that differ from their defaults."""
    return {k: state.schema[k].encode(v) for k, v in values.items() if v != state.schema[k].default}


# ---------------------------------------------------------------- running a page


def empty_caches() -> None:
    """Empty every cache but the ones a server fills once (SERVER_ONCE), as a fresh request meets them."""
    st.cache_data.clear()
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("services", "ui", "nnviz", "pages")):
            continue
        for attr, obj in list(vars(module).items()):
            if isinstance(obj, CachedFunc) and attr not in SERVER_ONCE:
                obj.clear()
    gc.collect()


def shown(text: str) -> str:
    """A message as the user reads it (ui.error escapes Markdown's characters with backslashes)."""
    return re.sub(r"\\(.)", r"\1", text)


def answer(at: AppTest) -> tuple[str, str]:
    """(status, message): how the page answered its last run."""
    if at.exception:
        return "exception", at.exception[0].message[:300]
    messages = [shown(e.value) for e in (*at.error, *at.warning)]
    refusals = [m for m in messages if REFUSED in m]
    if refusals:
        return "refused", refusals[0]
    return "accepted", messages[0][:200] if messages else ""


IDLE_S = 0.25
"""A request is over when the process has used less than 2% of a core for this long (background work included)."""


def timed(action: Callable[[], object]) -> float:
    """The CPU seconds of ``action`` and of any background work it started (a training job), in this process."""
    gc.collect()
    start = time.process_time()
    action()
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        before = time.process_time()
        time.sleep(IDLE_S)
        if time.process_time() - before < 0.02 * IDLE_S:
            break
    return time.process_time() - start


class Driver:
    """Opens a page from links and measures each request."""

    def __init__(self, page: PageInfo, state: PageState | None) -> None:
        self.page = page
        self.state = state
        self.result = PageResult(page.name, page.url_path)
        self.tried: dict[str, Request] = {}

    def query(self, values: dict[str, Any]) -> str:
        return urlencode(link(self.state, values)) if self.state else ""

    def record(self, request: Request) -> Request:
        self.result.requests.append(request)
        return request

    def open(self, values: dict[str, Any], press_primary: bool = True) -> tuple[AppTest, list[Request]]:
        """Open the page from the link of ``values`` with empty caches, then press its primary buttons."""
        query = self.query(values)
        empty_caches()
        path = ROOT / "app.py" if self.page.default else self.page.path  # the home page needs the app's navigation
        at = AppTest.from_file(str(path), default_timeout=TIMEOUT_S)
        if query:
            at.query_params.update(link(self.state, values) if self.state else {})
        seconds = timed(at.run)
        status, message = answer(at)
        requests = [self.record(Request(self.page.name, query, "", seconds, status, message))]
        if press_primary and status != "exception":
            for label in [b.label for b in at.button if b.proto.type == "primary" and not b.disabled]:
                requests.append(self.click(at, label, query, f"press '{label}'"))
        return at, requests

    def click(self, at: AppTest, label: str, query: str, then: str) -> Request:
        buttons = [b for b in at.button if b.label == label and not b.disabled]
        if not buttons:
            return Request(self.page.name, query, then + " (the button is gone)", 0.0, "skipped")
        seconds = timed(buttons[0].click().run)
        status, message = answer(at)
        return self.record(Request(self.page.name, query, then, seconds, status, message))

    def corner(self, values: dict[str, Any]) -> Request:
        """The slowest request of opening ``values`` (cached per link); refused when any request was refused."""
        query = self.query(values)
        if query in self.tried:
            return self.tried[query]
        self.result.corners += 1
        _, requests = self.open(values)
        refused = [r for r in requests if r.status != "accepted"]
        worst = refused[0] if refused else max(requests, key=lambda r: r.seconds)
        self.tried[query] = worst
        return worst

    def follow_ups(self, values: dict[str, Any]) -> Iterator[Request]:
        """Open ``values`` again, open every expander, then press every other button, each a request."""
        at, requests = self.open(values)
        yield from requests
        query = requests[0].query
        if any(r.status == "exception" for r in requests):
            return
        closed = [k for k in at.session_state if k.endswith("_open") and at.session_state[k] is False]
        if closed:
            for key in closed:
                at.session_state[key] = True
            seconds = timed(at.run)
            status, message = answer(at)
            opened = "open " + ", ".join(closed)
            yield self.record(Request(self.page.name, query, opened, seconds, status, message))
        pressed = {r.then for r in requests}
        for label in dict.fromkeys(b.label for b in at.button):
            then = f"press '{label}'"
            if SKIP_BUTTONS.search(label) or then in pressed:
                continue
            pressed.add(then)
            request = self.click(at, label, query, then)
            if request.status != "skipped":
                yield request
            if request.status != "accepted":  # a refusal hides the rest of the page: open the link again
                at, _ = self.open(values)
                for key in closed:
                    at.session_state[key] = True
                at.run()


# ---------------------------------------------------------------- the search


def boundary(state: PageState, values: dict[str, Any], message: str) -> list[dict[str, Any]]:
    """For a refusal saying "use at most N ...": ``values`` with N in each whole-number setting now above N."""
    found = AT_MOST.search(message)
    if not found:
        return []
    n = int(found.group(1).replace(",", ""))
    out = []
    for key, s in state.schema.items():
        if isinstance(s, Int) and values[key] > n >= s.lo:
            out.append({**values, key: n})
    return out


def search(
    driver: Driver, rounds: int, random_corners: int, deadline: float, rng: random.Random, log: Callable[[str], None]
) -> None:
    state = driver.state
    if state is None:
        driver.corner({})
        return
    corners = {key: corner_values(s) for key, s in state.schema.items()}
    best = state.defaults
    best_request = driver.corner(best)

    def evaluate(values: dict[str, Any]) -> Request | None:
        """Try ``values``; on a refusal, the boundary values too; the slowest accepted of them, or None."""
        if time.monotonic() > deadline:
            driver.result.cut_short = True
            return None
        request = driver.corner(values)
        if request.status == "accepted":
            return request
        accepted = []
        for near in boundary(state, values, request.message):
            if time.monotonic() > deadline:
                break
            r = driver.corner(near)
            if r.status == "accepted":
                accepted.append((r, near))
        if not accepted:
            return None
        r, near = max(accepted, key=lambda pair: pair[0].seconds)
        values.clear()
        values.update(near)
        return r

    for round_number in range(rounds):
        moved = False
        for key, options in corners.items():
            trials = []
            for value in options:
                if value == best[key]:
                    continue
                values = {**best, key: copy.deepcopy(value)}
                r = evaluate(values)
                if r is not None:
                    trials.append((r, values))
            if trials:
                r, values = max(trials, key=lambda pair: pair[0].seconds)
                if r.seconds > best_request.seconds * 1.05:
                    best, best_request, moved = values, r, True
                    log(f"  {driver.page.name}: {r.seconds:.2f} s at ?{r.query} {r.then}".rstrip())
        if not moved:
            log(f"  {driver.page.name}: round {round_number + 1} found nothing slower")
            break
    for _ in range(random_corners):  # random corners, each setting at the slowest found's value half the time
        if time.monotonic() > deadline:
            break
        values = {
            key: copy.deepcopy(best[key] if rng.random() < 0.5 else rng.choice(options))
            for key, options in corners.items()
        }
        evaluate(values)


def measure_page(
    page: PageInfo, rounds: int, random_corners: int, seconds: float, follow: int, seed: int, log: Callable[[str], None]
) -> PageResult:
    try:
        state: PageState | None = importlib.import_module(f"ui.states.{page.name}").STATE
    except (ImportError, AttributeError):
        state = None
    driver = Driver(page, state)
    # Warm up: the imports, and what a server computes once (the lecture's printed runs), every switch on.
    warm = state.defaults if state else {}
    driver.open(warm)
    for key, s in state.schema.items() if state else []:
        if isinstance(s, Bool) and not s.default:
            driver.open({**warm, key: True})
    driver.result.requests.clear()
    once = first_visit(page, state)
    search(driver, rounds, random_corners, time.monotonic() + seconds, random.Random(seed), log)
    slowest = list(dict.fromkeys(r.query for r in driver.result.accepted()))[:follow]
    for query in slowest:
        values = values_of(state, query)
        for r in driver.follow_ups(values):
            log(f"  {page.name}: {r.seconds:.2f} s {r.status} at ?{r.query} then {r.then}")
    if once is not None:
        driver.result.requests.append(once)
    return driver.result


def first_visit(page: PageInfo, state: PageState | None) -> Request | None:
    """What the first request to a fresh server pays for SERVER_ONCE runs at the defaults (every switch on)."""
    if state is None:
        return None
    functions = [
        obj
        for name, module in list(sys.modules.items())
        if module is not None and name.startswith("services")
        for attr, obj in list(vars(module).items())
        if isinstance(obj, CachedFunc) and attr in SERVER_ONCE
    ]
    if not functions:
        return None
    for f in functions:
        f.clear()
    values = {**state.defaults, **{k: True for k, s in state.schema.items() if isinstance(s, Bool) and not s.default}}
    driver = Driver(page, state)
    _, requests = driver.open(values)
    worst = max(requests, key=lambda r: r.seconds)
    note = "a fresh server's first request"
    return Request(page.name, worst.query, worst.then, worst.seconds, "server-once", note)


def values_of(state: PageState | None, query: str) -> dict[str, Any]:
    if state is None:
        return {}
    from urllib.parse import parse_qsl

    values = state.defaults
    for key, raw in parse_qsl(query, keep_blank_values=True):
        values[key] = state.schema[key].from_link(raw)
    return values


# ---------------------------------------------------------------- report


def table(results: Sequence[PageResult]) -> str:
    lines = [
        "| page | slowest accepted request (link, then) | CPU s | corners tried | requests | refused | over 5 s |",
        "|---|---|---|---|---|---|---|",
    ]
    for res in results:
        slow = res.slowest()
        refused = sum(r.status == "refused" for r in res.requests)
        over = sum(r.status == "accepted" and r.seconds > cost.BUDGET_S for r in res.requests)
        address = f"/{res.url_path}" + (f"?{slow.query}" if slow and slow.query else "")
        where = "-" if slow is None else f"`{address}`" + (f" then {slow.then}" if slow.then else "")
        seconds = "-" if slow is None else f"{slow.seconds:.2f}"
        cut = " (cut short)" if res.cut_short else ""
        lines.append(
            f"| {res.page} | {where} | {seconds} | {res.corners}{cut} | {len(res.requests)} | {refused} | {over} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="all", help="comma-separated page names (ui/registry.py), or all")
    parser.add_argument("--seconds", type=float, default=600, help="cap on the search time per page (wall clock)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the coordinate ascent")
    parser.add_argument("--random", type=int, default=30, help="random corners after the ascent")
    parser.add_argument("--follow", type=int, default=3, help="slowest corners opened again with every click")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random corners")
    parser.add_argument("--check", action="store_true", help="exit 1 if an accepted request is above the budget")
    parser.add_argument("--json", help="also write every request to this file")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        if not args.quiet:
            print(line, flush=True)

    wanted = [p for p in PAGES if args.pages == "all" or p.name in args.pages.split(",")]
    print(f"OPENBLAS_NUM_THREADS=1; budget {cost.BUDGET_S:g} s; load average {os.getloadavg()[0]:.2f}", flush=True)
    results = []
    for page in wanted:
        started = time.monotonic()
        result = measure_page(page, args.rounds, args.random, args.seconds, args.follow, args.seed, log)
        results.append(result)
        slow = result.slowest()
        took = time.monotonic() - started
        log(
            f"{page.name}: {result.corners} corners, {len(result.requests)} requests in {took:.0f} s; "
            + (f"slowest accepted {slow.seconds:.2f} s" if slow else "nothing accepted")
        )
    print()
    print(table(results))
    failures = []
    for res in results:
        for r in res.accepted()[:3]:
            then = f"  then {r.then}" if r.then else ""
            print(f"  {res.page}: {r.seconds:.2f} s  ?{r.query}{then}")
        for r in res.requests:
            if r.status == "server-once":
                print(
                    f"  {res.page}: {r.seconds:.2f} s on a fresh server only (the lecture's printed runs): "
                    f"?{r.query} then {r.then}"
                )
            if r.status == "exception" or (r.status == "accepted" and r.seconds > cost.BUDGET_S):
                failures.append(r)
    for r in failures:
        print(f"FAIL {r.page}: {r.status} {r.seconds:.2f} s at ?{r.query} then {r.then} {r.message}")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for res in results for r in res.requests], indent=1))
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    sys.exit(main())
