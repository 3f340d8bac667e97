"""The network trainer, live: how soon a loss chart follows Train, and what a training costs other sessions.

Run: .venv/bin/python benchmarks/trainer_live.py [--reruns 30] [--rest 2.0]

1. Train on the lecture's network (1,000 rows, 20,000 iterations: within the time budget, seconds of
   training) through AppTest: the time from the click to the page showing the loss chart.
2. Another session reruns the gradient-descent page (AppTest, the same process, so the same GIL as the
   training thread): its rerun times while nothing trains, and while a 20,000-iteration training runs.
   The difference is what one session's training holds up another session's rerun; ``--rest 0`` measures
   it without the training's rests while a script runs (services.trainer.REST_RATIO).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from services import data, trainer  # noqa: E402
from services.trainer import TrainSettings  # noqa: E402

SETTINGS = TrainSettings(trainer.LECTURE_NET, (("GD", (("eta", 0.0005),)),), 20_000)


def reruns(at: AppTest, n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"n={len(times):3d}  median {statistics.median(times) * 1e3:6.1f} ms  p90 {p90 * 1e3:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=30)
    parser.add_argument("--rest", type=float, default=trainer.REST_RATIO, help="services.trainer.REST_RATIO")
    args = parser.parse_args()
    trainer.REST_RATIO = args.rest
    for job in trainer.STORE.jobs():  # the lecture's own runs, trained at import: let them finish first
        job.wait(600)

    page = AppTest.from_file(str(ROOT / "pages" / "network_trainer.py"), default_timeout=120)
    page.query_params.update({"nt_rows": "1000", "nt_iterations": "20000"})
    page.run()
    start = time.perf_counter()
    page.button(key="nt_train").click().run()
    shown = time.perf_counter() - start
    charts = [e for e in page.get("plotly_chart") if '"text":"Loss"' in e.proto.spec.replace(" ", "")]
    (job,) = page.session_state["nt_jobs"].values()
    print(
        f"Train -> loss chart on the page: {shown * 1e3:.0f} ms (charts titled Loss: {len(charts)}; "
        f"the job at iteration {job.iteration:,} of 20,000)"
    )
    trainer.pause([job])

    other = AppTest.from_file(str(ROOT / "pages" / "gradient_descent.py"), default_timeout=120).run()
    reruns(other, 3)
    idle = reruns(other, args.reruns)
    trainer.STORE.clear()
    (job,) = trainer.start(data.lecture_network(1000, 0, 0.0), SETTINGS)
    started = time.perf_counter()
    busy: list[float] = []
    while job.running and len(busy) < args.reruns:
        busy += reruns(other, 1)
    took = time.perf_counter() - started
    done = job.iteration
    trainer.pause([job])
    idle += reruns(other, args.reruns)
    print(f"Another session's rerun (gradient-descent page), nothing training: {summary(idle)}")
    print(f"                                  while a training runs:     {summary(busy)}")
    print(
        f"held up by the training: median {(statistics.median(busy) - statistics.median(idle)) * 1e3:+.1f} ms; "
        f"the training made {done:,} iterations in {took:.1f} s meanwhile"
    )


if __name__ == "__main__":
    main()
