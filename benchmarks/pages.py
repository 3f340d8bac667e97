"""Time the pages' reruns through Streamlit's AppTest, against the home page in the same process.

Run: .venv/bin/python benchmarks/pages.py [--repeats 9]

Prints median times and ratios for what a lecturer does: rerun the gradient-descent page at its defaults,
step it (Next), change a setting (the learning rate and w1(0), a pair not used before), inspect the
backprop page at iteration 5000, press Train on the network trainer with the lecture's preset and then
inspect the result.

AppTest runs the whole script for every interaction; in the browser a stepper move reruns only the
stepper's fragment, so the step times here are upper bounds.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from ui.registry import page  # noqa: E402

GOALS = {
    "gd_rerun": 0.150,
    "bp_inspect": 0.150,
    "nt_train": 1.0,
    "nt_inspect": 0.150,
}


def app(name: str) -> AppTest:
    """The app's shell ("app") or a page of ui/registry.py's PAGES, by name."""
    path = ROOT / "app.py" if name == "app" else page(name).path
    return AppTest.from_file(str(path), default_timeout=300)


def median_time(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def check(at: AppTest) -> AppTest:
    if at.exception:
        raise SystemExit(f"the page raised: {at.exception[0].value}")
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    n = args.repeats
    rows: list[tuple[str, float, str]] = []

    home = check(app("app").run())
    baseline = median_time(home.run, n)
    rows.append(("home page rerun (baseline)", baseline, ""))

    gd = check(app("gradient_descent").run())
    rerun = median_time(lambda: check(gd.run()), n)
    rows.append(("gradient descent: rerun at the defaults", rerun, f"goal <= {GOALS['gd_rerun'] * 1e3:.0f} ms"))

    def step() -> None:
        gd.session_state["gd_step"] = 1 + (gd.session_state["gd_step"] % 100)
        check(gd.run())

    step_time = median_time(step, n)
    rows.append(("gradient descent: stepper move", step_time, ""))
    # A learning rate and an initial w1 never used together before: every change recomputes (no cache hit).
    changes = itertools.product([-4.0 + 0.1 * k for k in range(81)], [0.05, 0.07, 0.15, 0.2, 0.03, 0.02, 0.01])
    gd.session_state["gd_w1"] = 4.5
    check(gd.run())

    def setting() -> None:
        w1, eta = next(changes)
        gd.session_state["gd_w1"] = round(w1, 1)
        check(gd.select_slider(key="gd_eta").set_value(eta).run())

    setting_time = median_time(setting, n)
    rows.append(("gradient descent: settings change, η and w1(0) (recomputes)", setting_time, ""))

    bp = app("backprop")
    bp.session_state["bp_part"] = "network"
    bp.session_state["bp_iter"] = 5000
    start = time.perf_counter()
    check(bp.run())
    rows.append(("backprop: first visit of part 2 (trains 5000 iterations)", time.perf_counter() - start, ""))
    bp_time = median_time(lambda: check(bp.run()), n)
    rows.append(("backprop: rerun at iteration 5000", bp_time, f"goal <= {GOALS['bp_inspect'] * 1e3:.0f} ms"))

    nt = check(app("network_trainer").run())
    start = time.perf_counter()
    check(nt.button[0].click().run())
    train_time = time.perf_counter() - start
    rows.append(
        ("network trainer: press Train (lecture preset, GD, 5000)", train_time, f"goal <= {GOALS['nt_train']:.0f} s")
    )
    nt_time = median_time(lambda: check(nt.run()), n)
    rows.append(
        ("network trainer: rerun inspecting the result", nt_time, f"goal <= {GOALS['nt_inspect'] * 1e3:.0f} ms")
    )

    print(f"Median of {n} AppTest reruns (first visits once); ratio = time / home-page rerun")
    print(f"{'what':58s} {'time':>10s} {'ratio':>7s}  goal")
    for what, seconds, goal in rows:
        print(f"{what:58s} {seconds * 1e3:8.1f} ms {seconds / baseline:6.1f}x  {goal}")
    print(f"settings change / stepper move: {setting_time / step_time:.1f}x (goal >= 3x)")


if __name__ == "__main__":
    main()
