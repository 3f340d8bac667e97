"""Time nnmath's training loop against the lecture's own manual-backprop loop, in one process.

Run: .venv/bin/python benchmarks/trainer.py [--iterations 5000] [--repeats 3]

The lecture loop below is the lecture's code, copied. Runs alternate (lecture, nnmath GD, nnmath Adam)
so that machine noise hits all of them alike; the script prints the median time ratios and the largest
weight difference, and the time of a 200 x 200 MSE surface on 10000 rows.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nnmath as nm
from nnmath import datasets


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lecture_loop(X, y, num_iterations):
    """The lecture's manual backpropagation, as printed (returns its three weight vectors)."""
    w1_1_hat = np.array([[0.2], [0.6], [1.0]])
    w1_2_hat = np.array([[0.4], [0.8], [1.2]])
    w2_1_hat = np.array([[1.0], [2.0]])
    losses = []
    for _ in range(num_iterations):
        z1_1_hat = X @ w1_1_hat
        z1_2_hat = X @ w1_2_hat
        a1_1_hat = sigmoid(z1_1_hat)
        a1_2_hat = sigmoid(z1_2_hat)
        a1_hat = np.concatenate((a1_1_hat, a1_2_hat), axis=1)
        z2_1_hat = a1_hat @ w2_1_hat
        y_hat = np.exp(z2_1_hat).reshape(len(y), 1)
        loss = (y_hat - y) ** 2
        losses.append(np.mean(loss))
        delta2_1 = 2 * (y_hat - y) * np.exp(z2_1_hat)
        delta1_1 = w2_1_hat[0] * delta2_1 * sigmoid(z1_1_hat) * (1 - sigmoid(z1_1_hat))
        delta1_2 = w2_1_hat[1] * delta2_1 * sigmoid(z1_2_hat) * (1 - sigmoid(z1_2_hat))
        d2_1_hat = delta2_1 * a1_hat
        d1_1_hat = delta1_1 * X
        d1_2_hat = delta1_2 * X
        eta = 0.0005
        w2_1_hat -= eta * np.mean(d2_1_hat, axis=0).reshape(2, 1)
        w1_1_hat -= eta * np.mean(d1_1_hat, axis=0).reshape(3, 1)
        w1_2_hat -= eta * np.mean(d1_2_hat, axis=0).reshape(3, 1)
    return w1_1_hat, w1_2_hat, w2_1_hat


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    data = datasets.lecture_network_data()
    X, y = data.X, data.y
    times: dict[str, list[float]] = {"lecture": [], "gd": [], "adam": []}
    max_diff = 0.0
    for _ in range(args.repeats):
        t, (w11, w12, w21) = timed(lambda: lecture_loop(X, y, args.iterations))
        times["lecture"].append(t)
        net = datasets.lecture_network()
        t, _ = timed(lambda net=net: nm.train(net, X, y, nm.GD(0.0005), args.iterations))
        times["gd"].append(t)
        lecture_weights = np.concatenate([np.hstack([w11, w12]).ravel(), w21.ravel()])
        max_diff = max(max_diff, float(np.max(np.abs(net.flat_parameters() - lecture_weights))))
        net = datasets.lecture_network()
        t, _ = timed(lambda net=net: nm.train(net, X, y, nm.Adam(), args.iterations))
        times["adam"].append(t)

    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"Lecture network, {X.shape[0]:,} rows, {args.iterations:,} iterations, median of {args.repeats} runs")
    print(f"  lecture loop        {med['lecture']:.3f} s")
    print(f"  nm.train GD         {med['gd']:.3f} s   ratio {med['gd'] / med['lecture']:.2f}x (goal <= 0.35x)")
    print(f"  nm.train Adam       {med['adam']:.3f} s   ratio {med['adam'] / med['lecture']:.2f}x (goal <= 0.60x)")
    print(f"  max |weight difference| GD vs lecture loop: {max_diff:.2e} (goal <= 1e-8)")

    stats = nm.linreg_stats(X, y[:, 0])
    grid = np.linspace(-3, 3, 200)
    surface_times = []
    for _ in range(20):
        t, _ = timed(lambda: nm.mse_surface(X, y, grid, grid, b=0.1))
        surface_times.append(t)
    cached = [timed(lambda: nm.mse_surface(X, y, grid, grid, b=0.1, stats=stats))[0] for _ in range(20)]
    print(
        f"mse_surface 200 x 200 on {X.shape[0]:,} rows: {statistics.median(surface_times) * 1e3:.2f} ms "
        f"(goal < 20 ms); with precomputed statistics {statistics.median(cached) * 1e3:.2f} ms"
    )


if __name__ == "__main__":
    main()
