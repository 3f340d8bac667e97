"""Memory under one client's burst of distinct runs: the server's RSS before, after and at its peak.

Run:  .venv/bin/python benchmarks/memory.py [--runs 40] [--check]
      .venv/bin/python benchmarks/memory.py --bursts gradient_descent,trainer --runs 10     (a quicker look)

It starts `streamlit run app.py` on a free loopback port (as benchmarks/load.py does, one BLAS thread as in
production), loads every page once, and reads the server's VmRSS from /proc: the baseline. Then one client
sends bursts of requests, each opening a page from a new link (a new tab, Streamlit's own websocket protocol)
whose settings differ from every earlier one, so each request is a new cached run, and each run is among the
largest the page accepts (its work at services.cost's limit):

- gradient_descent: synthetic data of the largest size, stochastic GD at the largest accepted epochs (Adam
  when the page offers optimizers), one shuffle seed per request;
- gradient_descent_steps: the largest run again, one update shown per request (each a cached view);
- backprop: part 2 on 10,000 rows, biases on, the largest accepted iterations, one initial W2 per request;
- trainer: a custom 3 x 8 hidden network with biases, compared with a second optimizer, the largest accepted
  iterations, one initialisation seed per request (Train pressed).

After each request the client waits until the server is idle (a training job in the background is part of
its request). The RSS is polled every 0.1 s during a burst. Prints per burst the RSS before, after and at the peak, and
for the whole run the growth from the baseline to the highest peak. --check exits 1 when that growth is
300 MB or more (issue 13), or a request was refused or raised: a refused request is no run at all.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (  # noqa: E402
    FINISHED_WITH_COMPILE_ERROR,
    RssProbe,
    Session,
    Target,
    cpu_seconds,
    free_port,
    probe_page,
    start_streamlit,
    stop_process,
    wait_healthy,
)
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from services import cost  # noqa: E402
from ui.registry import PAGES  # noqa: E402
from ui.settings import PageState  # noqa: E402

REFUSED = "would take about"
GOAL_MB = 300.0


def schema(page: str) -> PageState:
    return importlib.import_module(f"ui.states.{page}").STATE


def only_known(state: PageState, params: dict[str, Any]) -> dict[str, str]:
    """The link of ``params``: settings the page's schema has and accepts (others left out), encoded."""
    out = {}
    for key, value in params.items():
        s = state.schema.get(key)
        if s is not None and s.accepts(value):
            out[key] = s.encode(value)
    return out


# ---------------------------------------------------------------- the bursts: the i-th link of each


def descent_largest(state: PageState) -> dict[str, Any]:
    """The largest stochastic run on the largest synthetic data, at the most epochs the budget allows."""
    n = state.schema["gd_syn_n"].hi
    optimizer = "GD"
    choice = state.schema.get("gd_optimizer")
    if choice is not None and "Adam" in getattr(choice, "options", ()):
        optimizer = "Adam"
    per_epoch = cost.descent_seconds(n, 2, 1, 1, optimizer) - cost.DESCENT.run
    epochs = max(1, cost.most(per_epoch, cost.DESCENT.run))
    params: dict[str, Any] = {
        "gd_source": "synthetic",
        "gd_syn_n": n,
        "gd_syn_p": 2,
        "gd_mode": "stochastic",
        "gd_epochs": epochs,
        "gd_tol": 0.0,
        "gd_shuffle": True,
    }
    if optimizer != "GD":
        params["gd_optimizer"] = optimizer
    return params


def descent_link(i: int) -> dict[str, str]:
    state = schema("gradient_descent")
    return only_known(state, {**descent_largest(state), "gd_seed": i + 1})


def descent_step_link(i: int) -> dict[str, str]:
    state = schema("gradient_descent")
    largest = descent_largest(state)
    updates = largest["gd_epochs"] * largest["gd_syn_n"]
    return only_known(state, {**largest, "gd_seed": 1, "gd_step": 1 + i * max(1, updates // 200)})


def backprop_link(i: int) -> dict[str, str]:
    state = schema("backprop")
    rows = max(state.schema["bp_rows"].options)
    per_iteration = cost.train_iteration_seconds(rows, (3, 2, 1), ("sigmoid", "exponential"), "GD", True)
    iterations = min(state.schema["bp_net_iterations"].hi, cost.most(per_iteration, cost.TRAIN.run))
    return only_known(
        state,
        {
            "bp_part": "network",
            "bp_rows": rows,
            "bp_bias": True,
            "bp_net_iterations": iterations,
            "bp_iter": iterations,
            "bp_W2": [[f"{1 + 0.01 * (i + 1):.2f}"], ["2.0"]],
        },
    )


def trainer_link(i: int) -> dict[str, str]:
    state = schema("network_trainer")
    rows = min(state.schema["nt_rows"].options)
    sizes, acts = (3, 8, 8, 8, 1), ("tanh", "tanh", "tanh", "linear")
    optimizers = ["GD", "Adam"]
    per_iteration = sum(cost.train_iteration_seconds(rows, sizes, acts, o, True) for o in optimizers)
    iterations = min(state.schema["nt_iterations"].hi, cost.most(per_iteration, 2 * cost.TRAIN.run))
    return only_known(
        state,
        {
            "nt_preset": "custom",
            "nt_source": "teacher",
            "nt_rows": rows,
            "nt_hidden_layers": 3,
            **{f"nt_units_{j}": 8 for j in (1, 2, 3)},
            "nt_bias": True,
            "nt_optimizer": "GD",
            "nt_compare": True,
            "nt_optimizer_2": "Adam",
            "nt_iterations": iterations,
            "nt_init_seed": i + 1,
        },
    )


@dataclass(frozen=True)
class Burst:
    name: str
    page: str
    link: Callable[[int], dict[str, str]]
    press: str = ""
    """A button to press after the page opens ("Train")."""
    runs_factor: float = 1.0
    """Requests of this burst per --runs."""


BURSTS = (
    Burst("gradient_descent", "gradient_descent", descent_link),
    Burst("gradient_descent_steps", "gradient_descent", descent_step_link, runs_factor=2.5),
    Burst("backprop", "backprop", backprop_link),
    Burst("trainer", "network_trainer", trainer_link, press="Train"),
)


# ---------------------------------------------------------------- a tab that can press a button


@dataclass
class Answer:
    seconds: float
    exceptions: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    buttons: dict[str, str] = field(default_factory=dict)
    """Label -> widget id of every button drawn."""


class Tab(Session):
    """load.Session that also reads the page's messages and buttons, and can press a button."""

    async def request(self, page: str, trigger: str = "") -> Answer:
        assert self.ws is not None, "open() first"
        msg = self.rerun_message(page)
        if trigger:
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = trigger
            state.trigger_value = True
        start = time.perf_counter()
        await asyncio.wait_for(self.ws.send(msg.SerializeToString()), self.timeout)
        answer = Answer(0.0)
        while True:
            remaining = start + self.timeout - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished within {self.timeout:g} s")
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), remaining))
            self.remember(fwd)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    answer.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])
                elif which == "alert" and REFUSED in element.alert.body.replace("\\", ""):
                    answer.refusals.append(element.alert.body.replace("\\", "")[:300])
                elif which == "button":
                    answer.buttons[element.button.label] = element.button.id
            elif kind == "navigation":
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "script_finished":
                if fwd.script_finished == FINISHED_WITH_COMPILE_ERROR:
                    answer.exceptions.append("the script did not compile")
                self.end_run()
                answer.seconds = time.perf_counter() - start
                return answer


# ---------------------------------------------------------------- measuring


@dataclass
class BurstResult:
    name: str
    requests: int = 0
    seconds: float = 0.0
    before_mb: float = 0.0
    after_mb: float = 0.0
    peak_mb: float = 0.0
    refused: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    example: str = ""


async def idle(pid: int, seconds: float = 0.5, cap: float = 120.0) -> None:
    """Wait until the server has used under 2% of a core for ``seconds`` (a background training job is over)."""
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        await asyncio.sleep(seconds)
        if cpu_seconds(pid) - before < 0.02 * seconds:
            return


class Peak:
    """Polls the server's RSS in the background; ``value`` is the highest seen since the last reset."""

    def __init__(self, rss: RssProbe) -> None:
        self.rss = rss
        self.value = 0.0

    def reset(self) -> float:
        self.value = self.rss() or 0.0
        return self.value

    async def watch(self) -> None:
        while True:
            self.value = max(self.value, self.rss() or 0.0)
            await asyncio.sleep(0.1)


async def run_burst(
    target: Target, server_pid: int, burst: Burst, runs: int, timeout: float, peak: Peak, log: Callable[[str], None]
) -> BurstResult:
    result = BurstResult(burst.name, before_mb=peak.reset())
    start = time.monotonic()
    for i in range(runs):
        params = burst.link(i)
        tab = Tab(target, timeout)
        tab.query_string = urlencode(params)
        try:
            await tab.open()
            answer = await tab.request(burst.page)
            if burst.press and not answer.refusals and not answer.exceptions:
                if burst.press not in answer.buttons:
                    result.exceptions.append(f"no button {burst.press!r} on the page")
                else:
                    answer = await tab.request(burst.page, trigger=answer.buttons[burst.press])
        finally:
            await tab.close()
        await idle(server_pid)  # work the request started in the background (a training job) is part of it
        result.requests += 1
        result.refused += answer.refusals
        result.exceptions += answer.exceptions
        if i == 0:
            then = f" then press {burst.press}" if burst.press else ""
            result.example = f"/{burst.page}?{urlencode(params)}{then}"
        now = peak.rss() or 0.0
        log(f"  {burst.name} {i + 1}/{runs}: {answer.seconds:.1f} s, RSS {now:.0f} MB (peak {peak.value:.0f})")
    result.seconds = time.monotonic() - start
    result.after_mb = peak.rss() or 0.0
    result.peak_mb = peak.value
    return result


async def measure(args: argparse.Namespace) -> int:
    port = free_port()
    target = Target("127.0.0.1", port)
    log_file = tempfile.NamedTemporaryFile(prefix="memory-streamlit-", suffix=".log", delete=False)  # noqa: SIM115
    log_file.close()
    server = start_streamlit(port, env={"OPENBLAS_NUM_THREADS": "1"}, log_path=Path(log_file.name))
    rss = RssProbe(server.pid)
    watcher = None

    def log(line: str) -> None:
        if not args.quiet:
            print(line, flush=True)

    try:
        await wait_healthy(target, 60, server)
        booted = rss() or 0.0
        for page in PAGES:  # every page once: imports and first caches, as on a server that has seen a class
            reason = await probe_page(target, page.url_path, args.timeout)
            if reason:
                print(f"page {page.name}: {reason}")
        baseline = rss() or 0.0
        print(f"server RSS {booted:.0f} MB when up, {baseline:.0f} MB once each page has loaded (the baseline)")
        peak = Peak(rss)
        watcher = asyncio.create_task(peak.watch())
        wanted = [b for b in BURSTS if args.bursts == "all" or b.name in args.bursts.split(",")]
        results = []
        for burst in wanted:
            runs = max(1, round(args.runs * burst.runs_factor))
            print(f"burst {burst.name}: {runs} distinct requests, e.g. {burst.link(0)}", flush=True)
            results.append(await run_burst(target, server.pid, burst, runs, args.timeout, peak, log))
        await asyncio.sleep(2)
        final = rss() or 0.0
    finally:
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        stop_process(server)
        Path(log_file.name).unlink(missing_ok=True)

    print()
    print("| burst | requests | time s | RSS before MB | after MB | peak MB | growth MB (peak - before) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r.name} | {r.requests} | {r.seconds:.0f} | {r.before_mb:.0f} | {r.after_mb:.0f} | {r.peak_mb:.0f} "
            f"| {r.peak_mb - r.before_mb:+.0f} |"
        )
    highest = max([r.peak_mb for r in results], default=baseline)
    growth = highest - baseline
    print(
        f"\nbaseline {baseline:.0f} MB; highest peak {highest:.0f} MB; final {final:.0f} MB; "
        f"growth {growth:+.0f} MB (goal < {GOAL_MB:.0f} MB)"
    )
    for r in results:
        print(f"  {r.name}: {r.example}")
        for m in dict.fromkeys(r.refused):
            print(f"  REFUSED {r.name}: {m}")
        for m in dict.fromkeys(r.exceptions):
            print(f"  EXCEPTION {r.name}: {m}")
    failed = growth >= GOAL_MB or any(r.refused or r.exceptions for r in results)
    print("FAIL" if failed else "ok", f"growth {growth:+.0f} MB")
    return 1 if args.check and failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="distinct requests per burst")
    parser.add_argument("--bursts", default="all", help=f"comma-separated: {', '.join(b.name for b in BURSTS)}")
    parser.add_argument("--timeout", type=float, default=120, help="cap on one request")
    parser.add_argument("--check", action="store_true", help=f"exit 1 at {GOAL_MB:.0f} MB of growth or more")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    return asyncio.run(measure(args))


if __name__ == "__main__":
    sys.exit(main())
