"""A stepper move against a settings change on the gradient-descent page, as a browser makes them.

Run: .venv/bin/python benchmarks/stepper.py [--moves 40]

AppTest (benchmarks/pages.py) reruns the whole script for any click, so its "stepper move" is an upper
bound. In the browser a stepper move reruns only the stepper's fragment (the charts, Steps 1-5 and the
tables of the update shown) and never the run; a settings change reruns the page and recomputes the run.
This script starts the app on a free loopback port, opens one session with Streamlit's websocket protocol
(benchmarks/load.py), and sends what the browser sends: the Next button's trigger with the fragment's id,
and a new value of the w1(0) slider (a new value each time, so each one recomputes). It prints the median
round trip of each (from sending the click to the script's end) and the server's CPU time per click (from
/proc: what "cheaper" means when many sessions share a server; a round trip also holds fixed waits that
are not work), and the ratio of CPU times (goal: a move at least 3x cheaper than a settings change).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (
    Session,
    Target,
    cpu_seconds,
    free_port,
    start_streamlit,
    stop_process,
    wait_healthy,
)
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

PAGE = "gradient_descent"
GOAL = 3.0
RERUN = "rerun at the same settings (whole page)"
STEP = "stepper move: Next (the stepper's fragment only)"
CHANGE = "settings change: w1(0) (whole page, recomputes)"


class Tab(Session):
    """A session that also learns the page's widget ids (by key) and fragment ids, as the browser does.

    Like load.Session it sends back the query string the page wrote and the hashes of the large messages it
    holds (the browser's message cache).
    """

    def __init__(self, target: Target, timeout: float = 60.0) -> None:
        super().__init__(target, timeout)
        self.widgets: dict[str, str] = {}
        self.fragments: dict[str, str] = {}

    async def send(self, msg: BackMsg) -> float:
        """Send one BackMsg; read to script_finished; return the round trip in seconds."""
        assert self.ws is not None, "open() first"
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), self.timeout))
            self.remember(fwd)
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                kind = element.WhichOneof("type")
                if kind == "exception":
                    raise RuntimeError(f"the page raised {element.exception.type}: {element.exception.message}")
                widget_id = getattr(getattr(element, kind), "id", "") if kind else ""
                if widget_id.startswith("$$ID-"):
                    key = widget_id.rsplit("-", 1)[-1]
                    self.widgets[key] = widget_id
                    self.fragments[key] = fwd.delta.fragment_id
            elif kind == "script_finished":
                self.end_run()
                return time.perf_counter() - start

    def message(self, fragment_key: str | None = None) -> BackMsg:
        msg = BackMsg()
        if self.page_hash:
            msg.rerun_script.page_script_hash = self.page_hash
        else:
            msg.rerun_script.page_name = PAGE
        if fragment_key is not None:
            msg.rerun_script.fragment_id = self.fragments[fragment_key]
        msg.rerun_script.query_string = self.query_string
        msg.rerun_script.cached_message_hashes.extend(self.cached)
        return msg

    async def load(self) -> float:
        return await self.send(self.message())

    async def press(self, key: str) -> float:
        """Click the button with this key (a fragment rerun if the button is in a fragment)."""
        msg = self.message(key if self.fragments.get(key) else None)
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = self.widgets[key]
        state.trigger_value = True
        return await self.send(msg)

    async def slide(self, key: str, value: float) -> float:
        """Move the slider with this key to ``value``."""
        msg = self.message()
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = self.widgets[key]
        state.double_array_value.data.append(value)
        return await self.send(msg)


async def timed(pid: int, clicks: list[Callable[[], Awaitable[float]]]) -> tuple[float, float]:
    """Median round trip and mean server CPU time per click, in seconds."""
    cpu = cpu_seconds(pid)
    trips = [await click() for click in clicks]
    return statistics.median(trips), (cpu_seconds(pid) - cpu) / len(clicks)


async def measure(target: Target, pid: int, moves: int) -> dict[str, tuple[float, float]]:
    tab = Tab(target)
    await tab.open()
    try:
        await tab.load()
        await tab.load()  # by hash, as the browser does after the first run
        rerun = await timed(pid, [tab.load] * moves)
        await tab.press("gd_step_first")
        step = await timed(pid, [lambda: tab.press("gd_step_next")] * moves)
        # w1(0) from -4.9 upwards in steps of 0.1: a value not seen before each time, so the run is recomputed.
        values = [round(-4.9 + 0.1 * k, 1) for k in range(moves)]
        change = await timed(pid, [lambda v=v: tab.slide("gd_w1", v) for v in values])
    finally:
        await tab.close()
    return {RERUN: rerun, STEP: step, CHANGE: change}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40, help="clicks of each kind (at most 90)")
    args = parser.parse_args()
    moves = max(1, min(args.moves, 90))
    port = free_port()
    server = start_streamlit(port)
    try:
        target = Target("127.0.0.1", port)
        asyncio.run(wait_healthy(target, 60, server))
        times = asyncio.run(measure(target, server.pid, moves))
    finally:
        stop_process(server)
    print(f"Gradient-descent page, {moves} clicks of each kind, one session on a real server (loopback)")
    print(f"{'':<50} {'round trip (median)':>20} {'server CPU per click':>21}")
    for what, (trip, cpu) in times.items():
        print(f"{what:<50} {trip * 1e3:17.1f} ms {cpu * 1e3:18.1f} ms")
    ratio = times[CHANGE][1] / times[STEP][1]
    print(f"settings change / stepper move, server CPU: {ratio:.1f}x (goal >= {GOAL:g}x)")


if __name__ == "__main__":
    main()
