"""Calibrate services/cost.py: measure nnmath's runs in server CPU, fit the cost model, print its coefficients.

Run:  .venv/bin/python benchmarks/calibrate.py [--repeats 3] [--target 0.15] [--json out.json]
      .venv/bin/python benchmarks/calibrate.py --quick        (a smaller grid, to try the script)
      .venv/bin/python benchmarks/calibrate.py --refit out.json --margin 1.1     (fit saved samples again)

The server runs with one BLAS thread (Makefile, Dockerfile), so this script sets OPENBLAS_NUM_THREADS=1 before
NumPy loads and times every run with time.process_time (the CPU a request costs the server, whatever else the
machine is doing). Two grids:

- nm.gradient_descent: rows, features (1 or 2, as the page allows), batch sizes (1, a few, mini-batches,
  the whole data) and every optimizer in nm.OPTIMIZERS, shuffled, tolerance 0 (every epoch runs);
- nm.train: rows, networks of up to 3 hidden layers of up to 8 units, with and without biases, every
  activation of nm.ACTIVATIONS except softmax (a regression output takes one unit) and every optimizer.

The epochs or iterations are chosen from a short pilot run so that one run takes about --target seconds (and
each configuration is measured again at a fifth of that, to tell fixed costs from costs per unit); each
run is repeated and the fastest kept: other processes on the machine only ever slow a run down, even in CPU
time (shared caches, a core's sibling thread), so the fastest is the closest to the run's own cost.

The coefficients are fitted by non-negative least squares on the relative error (each run's equation divided
by its time), leaning towards an upper envelope (runs the fit underestimates weigh --heavy times more); the
--confirm runs the fit underestimates most are measured again (so one disturbed
run does not inflate the model), the fit repeated, and the coefficients scaled up so that no run of
the grid takes longer than its estimate (the largest actual / estimate ratio is 1), then by --margin for the
page's own work around a run (its charts and tables: benchmarks/worst_case.py measures whole requests).
The script prints the coefficients as the Python for services/cost.py, the ratios of the fitted model and
of the model cost.py holds now (so a re-run checks it), and the worst runs.
"""

from __future__ import annotations

import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # before NumPy loads OpenBLAS: the server's setting

import argparse
import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nnmath as nm  # noqa: E402
from services import cost  # noqa: E402

OPTIMIZERS = tuple(nm.OPTIMIZERS)
ACTIVATIONS = tuple(a for a in nm.ACTIVATIONS if a != "softmax")
MIN_ITERATIONS = 20
"""Training runs at least this many iterations, so its first forward and backward pass (made before the first
update, and not in the model) is at most 5% of a run."""


@dataclass
class Sample:
    """One measured configuration: its description, its features (units of work) and its CPU seconds (the fastest)."""

    kind: str
    what: dict
    features: np.ndarray
    seconds: float
    current: float
    """The estimate of the cost model services/cost.py holds now."""
    run: Callable[[], object] = field(repr=False, default=lambda: None)
    measured: list[float] = field(default_factory=list)
    """The CPU seconds of every run of it."""

    def measure(self, repeats: int) -> None:
        """Run it ``repeats`` more times (once when it is long); its seconds are then the fastest of every run."""
        for _ in range(repeats):
            self.measured.append(cpu_seconds(self.run, 1))
            if self.measured[-1] > LONG_S:
                break
        self.seconds = min(self.measured)


# ---------------------------------------------------------------- features: the units of work of a run


def descent_names() -> list[str]:
    return ["run", *(f"update:{o}" for o in OPTIMIZERS), "row_param", "large_row_param", "gather_param", "epoch_row"]


def descent_features(n: int, p: int, bs: int, epochs: int, optimizer: str) -> np.ndarray:
    updates = epochs * (n // bs)
    f = dict.fromkeys(descent_names(), 0.0)
    f["run"] = 1.0
    f[f"update:{optimizer}"] = updates
    f["row_param"] = updates * bs * (p + 1)
    f["large_row_param"] = updates * max(0, bs - cost.LARGE_ROWS) * (p + 1)
    if bs < n:  # a batch smaller than the data: its rows are gathered, in an order shuffled each epoch
        f["gather_param"] = updates * bs * (p + 1)
        f["epoch_row"] = epochs * n
    return np.array(list(f.values()))


def train_names() -> list[str]:
    return [
        "run",
        "iteration",
        "layer",
        "bias_layer",
        "row",
        "row_mac",
        *(f"row_unit:{a}" for a in ACTIVATIONS),
        "row_bias_unit",
        "large_row_unit",
        *(f"optimizer_array:{o}" for o in OPTIMIZERS),
    ]


def train_features(
    rows: int, sizes: Sequence[int], activations: Sequence[str], bias: bool, iterations: int, optimizer: str
) -> np.ndarray:
    f = dict.fromkeys(train_names(), 0.0)
    layers = len(sizes) - 1
    f["run"] = 1.0
    f["iteration"] = iterations
    f["layer"] = iterations * layers
    f["bias_layer"] = iterations * layers * bias
    f["row"] = iterations * rows
    f["row_mac"] = iterations * rows * sum(a * b for a, b in itertools.pairwise(sizes))
    for units, act in zip(sizes[1:], activations, strict=True):
        f[f"row_unit:{act}"] += iterations * rows * units
    f["row_bias_unit"] = iterations * rows * sum(sizes[1:]) * bias
    f["large_row_unit"] = iterations * max(0, rows - cost.LARGE_ROWS) * (1 + sum(sizes[1:]))
    f[f"optimizer_array:{optimizer}"] = iterations * layers * (1 + bias)
    return np.array(list(f.values()))


# ---------------------------------------------------------------- measuring


LONG_S = 1.0
"""A run this long is measured once: its noise is small beside its time."""


def cpu_seconds(action: Callable[[], object], repeats: int) -> float:
    """The median CPU seconds of ``action`` over ``repeats`` runs (one when it is long), this process only."""
    times: list[float] = []
    while len(times) < repeats and not (times and times[0] > LONG_S):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def linear_data(n: int, p: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n * 10 + p)
    X = rng.standard_normal((n, p))
    y = X @ np.linspace(1.0, -1.0, p) + 0.5 + 0.1 * rng.standard_normal(n)
    return X, y


def network_data(n: int, p: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n * 10 + p + 1)
    X = rng.standard_normal((n, p))
    return X, np.tanh(X.sum(axis=1, keepdims=True)) * 0.5


def descent_grid(quick: bool) -> list[tuple[int, int, int, str]]:
    """(rows, features, batch size, optimizer): the page's data (up to 5,000 synthetic rows, 100,000 uploaded)."""
    rows = (12, 1000, 100_000) if quick else (3, 12, 200, 1000, 5000, 20_000, 100_000)
    grid = []
    for n, p, optimizer in itertools.product(rows, (1, 2), OPTIMIZERS):
        for bs in sorted({1, 3, 32, 500, n}):
            if bs <= n and not (quick and optimizer not in ("GD", "Adam")):
                grid.append((n, p, bs, optimizer))
    return grid


def train_grid(quick: bool) -> list[tuple[int, tuple[int, ...], tuple[str, ...], bool, str]]:
    """(rows, sizes, activations, biases, optimizer): every activation, every optimizer, up to 3 x 8 hidden.

    Up to 10,000 rows every network shape; at 100,000 rows (the trainer's largest) two shapes.
    """
    shapes = (
        [(3, 2, 1), (2, 8, 1), (3, 8, 8, 8, 1)]
        if quick
        else [
            (3, 2, 1),
            (2, 3, 1),
            (3, 8, 1),
            (2, 1, 1),
            (3, 8, 8, 1),
            (3, 4, 4, 4, 1),
            (3, 8, 8, 8, 1),
            (8, 8, 8, 8, 1),
        ]
    )
    plan = [(n, shapes) for n in ((1000,) if quick else (100, 1000, 10_000))]
    plan.append((100_000, [(3, 8, 1), (3, 8, 8, 8, 1)]))
    grid = []
    for n, some in plan:
        for sizes in some:
            hidden = len(sizes) - 2
            for act in ACTIVATIONS:  # one activation everywhere, plain GD, with and without biases
                for bias in (False, True) if n < 100_000 else (True,):
                    if not (quick and bias and act not in ("tanh", "relu")):
                        grid.append((n, sizes, (act,) * hidden + ("linear",), bias, "GD"))
            for optimizer in OPTIMIZERS[1:]:  # the other optimizers
                for act in ("relu", "sigmoid") if n < 100_000 else ("relu",):
                    out = act if act == "sigmoid" else "linear"
                    grid.append((n, sizes, (act,) * hidden + (out,), True, optimizer))
        grid.append((n, (3, 2, 1), ("sigmoid", "exponential"), False, "GD"))  # the lecture's network
        grid.append((n, (3, 2, 1), ("sigmoid", "exponential"), False, "Adam"))
    return grid


def sized(make: Callable[[int], Callable[[], object]], pilot: int, target: float, lo: int, hi: int) -> int:
    """The count (epochs, iterations) at which ``make(count)`` takes about ``target`` CPU seconds, from a pilot run."""
    seconds = cpu_seconds(make(pilot), 1)
    return int(np.clip(round(pilot * target / max(seconds, 1e-4)), lo, hi))


def descent_run(X: np.ndarray, y: np.ndarray, bs: int, optimizer: str) -> Callable[[int], Callable[[], object]]:
    def make(epochs: int) -> Callable[[], object]:
        def run() -> object:
            opt = nm.make_optimizer(optimizer, **{nm.OPTIMIZERS[optimizer].PARAMS[0].name: 1e-4})
            return nm.gradient_descent(
                X,
                y,
                w0=[0.0] * X.shape[1],
                b0=0.0,
                batch_size=bs,
                max_iter=epochs,
                tol=0.0,
                shuffle=True,
                seed=1,
                optimizer=opt,
            )

        return run

    return make


def train_sample(
    n: int,
    sizes: Sequence[int],
    acts: Sequence[str],
    bias: bool,
    iterations: int,
    optimizer: str,
    run: Callable[[], object],
    repeats: int,
) -> Sample:
    """One training configuration, measured: its description, features, current estimate and CPU seconds."""
    what = {
        "rows": n,
        "sizes": list(sizes),
        "activations": list(acts),
        "bias": bias,
        "iterations": iterations,
        "optimizer": optimizer,
    }
    features = train_features(n, sizes, acts, bias, iterations, optimizer)
    current = cost.train_seconds(n, sizes, acts, iterations, optimizer, bias)
    sample = Sample("train", what, features, 0.0, current, run)
    sample.measure(repeats)
    return sample


def train_run(
    X: np.ndarray, y: np.ndarray, sizes: Sequence[int], acts: Sequence[str], bias: bool, optimizer: str
) -> Callable[[int], Callable[[], object]]:
    def make(iterations: int) -> Callable[[], object]:
        def run() -> object:
            net = nm.Network(list(sizes), list(acts), use_bias=bias, seed=0)
            for W in net.weights:
                W *= 0.1  # small weights: no run diverges, so every iteration is done
            opt = nm.make_optimizer(optimizer, **{nm.OPTIMIZERS[optimizer].PARAMS[0].name: 1e-6})
            return nm.train(net, X, y, opt, iterations, record_every=max(1, iterations // 2000))

        return run

    return make


LONG_DESCENT = [(5000, 2, 1, 20, "GD"), (5000, 2, 1, 20, "Adam"), (100_000, 2, 500, 100, "Momentum")]
LONG_TRAIN = [
    (10_000, (3, 2, 1), ("sigmoid", "exponential"), False, 5000, "GD"),
    (10_000, (3, 2, 1), ("sigmoid", "exponential"), False, 5000, "Adam"),
    (100_000, (3, 8, 8, 8, 1), ("tanh", "tanh", "tanh", "linear"), True, 60, "Adam"),
]
"""Runs of a request's size (seconds each: the lecture's 5,000 iterations among them), so the fit holds at the
budget, not only for runs of --target seconds."""
SHORT = 5
"""Each configuration is also measured at a fifth of its count, so a run's fixed cost and its cost per unit of
work can be told apart (runs of one length only would let a constant explain them all)."""


def measure_descent(quick: bool, repeats: int, target: float, log: Callable[[str], None]) -> list[Sample]:
    samples = []
    grid = descent_grid(quick)
    for index, (n, p, bs, optimizer) in enumerate(grid):
        X, y = linear_data(n, p)
        make = descent_run(X, y, bs, optimizer)
        per_epoch = n // bs
        most = max(1, min(20_000, nm.MAX_RECORDED_UPDATES // per_epoch))
        full = sized(make, max(1, min(most, 300 // per_epoch)), target, 1, most)
        for epochs in sorted({max(1, full // SHORT), full}):
            what = {"rows": n, "p": p, "batch_size": bs, "epochs": epochs, "optimizer": optimizer}
            current = cost.descent_seconds(n, p, bs, epochs, optimizer)
            features = descent_features(n, p, bs, epochs, optimizer)
            sample = Sample("descent", what, features, 0.0, current, make(epochs))
            sample.measure(repeats)
            samples.append(sample)
            log(f"descent {index + 1}/{len(grid)} {what}: {sample.seconds:.3f} s")
    for n, p, bs, epochs, optimizer in () if quick else LONG_DESCENT:
        X, y = linear_data(n, p)
        what = {"rows": n, "p": p, "batch_size": bs, "epochs": epochs, "optimizer": optimizer}
        features = descent_features(n, p, bs, epochs, optimizer)
        current = cost.descent_seconds(n, p, bs, epochs, optimizer)
        sample = Sample("descent", what, features, 0.0, current, descent_run(X, y, bs, optimizer)(epochs))
        sample.measure(repeats)
        samples.append(sample)
        log(f"descent, long {what}: {sample.seconds:.3f} s")
    return samples


def measure_train(quick: bool, repeats: int, target: float, log: Callable[[str], None]) -> list[Sample]:
    samples = []
    grid = train_grid(quick)
    data = {}
    for index, (n, sizes, acts, bias, optimizer) in enumerate(grid):
        if (n, sizes[0]) not in data:
            data[n, sizes[0]] = network_data(n, sizes[0])
        X, y = data[n, sizes[0]]
        make = train_run(X, y, sizes, acts, bias, optimizer)
        full = sized(make, MIN_ITERATIONS, target, MIN_ITERATIONS, 20_000)
        for iterations in sorted({max(MIN_ITERATIONS // 4, full // SHORT), full}):
            sample = train_sample(n, sizes, acts, bias, iterations, optimizer, make(iterations), repeats)
            samples.append(sample)
            log(f"train {index + 1}/{len(grid)} {sample.what}: {sample.seconds:.3f} s")
    for n, sizes, acts, bias, iterations, optimizer in () if quick else LONG_TRAIN:
        X, y = network_data(n, sizes[0])
        run = train_run(X, y, sizes, acts, bias, optimizer)(iterations)
        sample = train_sample(n, sizes, acts, bias, iterations, optimizer, run, repeats)
        samples.append(sample)
        log(f"train, long {sample.what}: {sample.seconds:.3f} s")
    return samples


# ---------------------------------------------------------------- fitting


def nnls(A: np.ndarray, b: np.ndarray, max_iter: int = 500) -> np.ndarray:
    """Non-negative least squares, min ||Ax - b|| subject to x >= 0 (Lawson and Hanson's active set)."""
    m, n = A.shape
    x = np.zeros(n)
    passive = np.zeros(n, dtype=bool)
    w = A.T @ (b - A @ x)
    tol = 10 * np.finfo(float).eps * np.linalg.norm(A, 1) * max(m, n)
    for _ in range(max_iter):
        if passive.all() or w[~passive].max(initial=-np.inf) <= tol:
            break
        j = int(np.argmax(np.where(passive, -np.inf, w)))
        passive[j] = True
        while True:
            z = np.zeros(n)
            z[passive] = np.linalg.lstsq(A[:, passive], b, rcond=None)[0]
            if (z[passive] > 0).all():
                x = z
                break
            bad = passive & (z <= 0)
            alpha = np.min(x[bad] / (x[bad] - z[bad]))
            x = x + alpha * (z - x)
            passive &= x > tol
            x[~passive] = 0.0
        w = A.T @ (b - A @ x)
    return x


def upper_fit(samples: Sequence[Sample], heavy: float) -> np.ndarray:
    """Non-negative coefficients whose estimates hug the runs' times from above.

    Least squares on the relative error (each run's equation divided by its time), repeated with the runs the
    estimate falls short of weighted ``heavy`` times more: the fit leans towards an upper envelope, so that the
    final scaling (every estimate at least its run's time) inflates the other estimates less.
    """
    A = np.array([s.features for s in samples])
    t = np.array([s.seconds for s in samples])
    scale = A.max(axis=0)
    scale[scale == 0] = 1.0
    M = A / scale / t[:, None]
    weights = np.ones(len(t))
    for _ in range(30):
        x = nnls(M * weights[:, None], weights)
        weights = np.where(M @ x < 1.0, np.sqrt(heavy), 1.0)
    return x / scale


def fit(samples: Sequence[Sample], confirm: int, repeats: int, heavy: float, log: Callable[[str], None]) -> np.ndarray:
    """Coefficients fitted as :func:`upper_fit`, scaled so that every run's estimate is at least its time.

    The ``confirm`` runs the fit underestimates most are measured ``repeats`` times more first (their time is
    then the fastest of every run), so that one disturbed run does not scale every coefficient up.
    """
    A = np.array([s.features for s in samples])
    coefficients = upper_fit(samples, heavy)
    if confirm:
        ratio = np.array([s.seconds for s in samples]) / (A @ coefficients)
        for i in np.argsort(-ratio)[:confirm]:
            s = samples[i]
            before = s.seconds
            s.measure(repeats)
            log(f"  confirmed {s.what}: {before:.3f} s -> {s.seconds:.3f} s")
        coefficients = upper_fit(samples, heavy)
    ratio = np.array([s.seconds for s in samples]) / (A @ coefficients)
    return coefficients * ratio.max()


def saved_samples(path: str, kind: str) -> list[Sample]:
    """The samples of an earlier run's --json file (their times as measured then), with today's features."""
    out = []
    for saved in json.loads(Path(path).read_text()).get(kind, {}).get("samples", []):
        w = saved["what"]
        if kind == "descent":
            args = (w["rows"], w["p"], w["batch_size"], w["epochs"], w["optimizer"])
            features, current = descent_features(*args), cost.descent_seconds(*args)
        else:
            args = (w["rows"], w["sizes"], w["activations"], w["bias"], w["iterations"], w["optimizer"])
            features = train_features(*args)
            current = cost.train_seconds(
                w["rows"], w["sizes"], w["activations"], w["iterations"], w["optimizer"], w["bias"]
            )
        out.append(Sample(kind, w, features, saved["seconds"], current))
    return out


def report(samples: Sequence[Sample], names: Sequence[str], coefficients: np.ndarray, title: str) -> dict:
    A = np.array([s.features for s in samples])
    t = np.array([s.seconds for s in samples])
    fitted = t / (A @ coefficients)
    current = t / np.array([s.current for s in samples])
    print(f"\n{title}: {len(samples)} runs, {t.sum():.1f} s of CPU measured")
    print(
        f"  actual / estimate, fitted model:       max {fitted.max():.3f}, median {np.median(fitted):.3f}, "
        f"min {fitted.min():.3f}"
    )
    print(
        f"  actual / estimate, cost.py as it is:   max {current.max():.3f}, median {np.median(current):.3f}, "
        f"min {current.min():.3f}"
    )
    worst = (
        (np.argsort(-current)[:5], "cost.py's largest ratios"),
        (np.argsort(fitted)[:3], "fitted model's smallest ratios (its most pessimistic estimates)"),
    )
    for order, label in worst:
        print(f"  {label}:")
        for i in order:
            print(f"    {current[i]:.3f} (fitted {fitted[i]:.3f})  {samples[i].seconds:.3f} s  {samples[i].what}")
    print("  coefficients (seconds per unit):")
    for name, value in zip(names, coefficients, strict=True):
        print(f"    {name:28s} {value:.4g}")
    return {
        "coefficients": dict(zip(names, (float(c) for c in coefficients), strict=True)),
        "fitted_max_ratio": float(fitted.max()),
        "current_max_ratio": float(current.max()),
        "current_median_ratio": float(np.median(current)),
    }


def python_text(descent: dict[str, float], train: dict[str, float]) -> str:
    """The coefficients as services/cost.py writes them."""

    def g(value: float) -> str:
        return f"{value:.3g}"

    return "\n".join(
        [
            "DESCENT = DescentCoefficients(",
            f"    run={g(descent['run'])},",
            "    update={" + ", ".join(f'"{o}": {g(descent[f"update:{o}"])}' for o in OPTIMIZERS) + "},",
            f"    row_param={g(descent['row_param'])},",
            f"    large_row_param={g(descent['large_row_param'])},",
            f"    gather_param={g(descent['gather_param'])},",
            f"    epoch_row={g(descent['epoch_row'])},",
            ")",
            "TRAIN = TrainCoefficients(",
            f"    run={g(train['run'])},",
            f"    iteration={g(train['iteration'])},",
            f"    layer={g(train['layer'])},",
            f"    bias_layer={g(train['bias_layer'])},",
            f"    row={g(train['row'])},",
            f"    row_mac={g(train['row_mac'])},",
            "    row_unit={" + ", ".join(f'"{a}": {g(train[f"row_unit:{a}"])}' for a in ACTIVATIONS) + "},",
            f"    row_bias_unit={g(train['row_bias_unit'])},",
            f"    large_row_unit={g(train['large_row_unit'])},",
            "    optimizer_array={"
            + ", ".join(f'"{o}": {g(train[f"optimizer_array:{o}"])}' for o in OPTIMIZERS)
            + "},",
            ")",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per configuration (the fastest is kept)")
    parser.add_argument("--target", type=float, default=0.15, help="CPU seconds one run should take")
    parser.add_argument("--quick", action="store_true", help="a smaller grid")
    parser.add_argument("--confirm", type=int, default=20, help="runs the fit underestimates most, measured again")
    parser.add_argument("--margin", type=float, default=1.0, help="factor on every coefficient: the page's own work")
    parser.add_argument("--train-margin", type=float, help="factor on the training coefficients (default: --margin)")
    parser.add_argument("--heavy", type=float, default=20.0, help="weight of the runs a fit underestimates")
    parser.add_argument("--refit", help="fit the samples of an earlier --json file again, measuring nothing")
    parser.add_argument("--only", choices=("descent", "train"), help="measure one of the two grids")
    parser.add_argument("--json", help="also write the samples and the fit to this file")
    parser.add_argument("--quiet", action="store_true", help="no line per run")
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        if not args.quiet:
            print(line, flush=True)

    print(f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}; load average {os.getloadavg()[0]:.2f}")
    out: dict = {"load_average": os.getloadavg()}
    fits = {}
    for kind, measure, names in (
        ("descent", measure_descent, descent_names()),
        ("train", measure_train, train_names()),
    ):
        if args.only and args.only != kind:
            continue
        margin = args.train_margin if kind == "train" and args.train_margin is not None else args.margin
        if args.refit:
            samples = saved_samples(args.refit, kind)
            coefficients = fit(samples, 0, 0, args.heavy, log) * margin
        else:
            samples = measure(args.quick, args.repeats, args.target, log)
            coefficients = fit(samples, args.confirm, args.repeats, args.heavy, log) * margin
        fits[kind] = report(samples, names, coefficients, f"nm.{'gradient_descent' if kind == 'descent' else 'train'}")
        out[kind] = {
            **fits[kind],
            "samples": [
                {"what": s.what, "seconds": s.seconds, "current": s.current, "measured": s.measured} for s in samples
            ],
        }
    if len(fits) == 2:
        print("\nFor services/cost.py (then check the refusal tests and benchmarks/worst_case.py):\n")
        print(python_text(fits["descent"]["coefficients"], fits["train"]["coefficients"]))
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
