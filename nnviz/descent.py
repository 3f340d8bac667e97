"""The gradient-descent playground's charts: built once per run, moved to a step by patching the specs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

import nnmath as nm

from .figures import Path, Series, contour_at, contour_figure, grid_range, line_at, line_figure
from .theme import Spec, spec


def descent_charts(
    X: ArrayLike,
    y: ArrayLike,
    runs: Sequence[tuple[str, nm.GDHistory]],
    *,
    truth: Sequence[float] | None = None,
    stats: nm.LinearStats | None = None,
) -> dict[str, Any]:
    """The gradient-descent playground's charts at the start of the first run, as specs for :func:`descent_step`.

    ``runs`` are (label, history), the run stepped through first, the others compared. The MSE contour is over
    (w1, w2) at b(0) (over (w, b) for one feature) with every run's path; the loss chart (``"loss"``: linear
    and log axis) has the first run's full-data and batch loss, epoch ends marked, and the others' full-data
    loss; the parameter chart has the first run's weights and bias, with ``truth`` (w..., b) dashed.
    """
    X = np.asarray(X, dtype=float)
    stats = nm.linreg_stats(X, y) if stats is None else stats
    p = X.shape[1]
    histories = [h for _, h in runs]

    def second(h: nm.GDHistory) -> np.ndarray:
        return h.w[:, 1] if p == 2 else h.b

    grid = (
        grid_range([h.w[:, 0] for h in histories], [h.w[0, 0] for h in histories] + [stats.theta_star[0]]),
        grid_range([second(h) for h in histories], [second(h)[0] for h in histories] + [stats.theta_star[1]]),
    )
    h = histories[0]
    b0 = float(h.b[0])
    contour = contour_figure(
        *grid,
        nm.mse_surface(X, y, *grid, params=(0, 1), b=b0, stats=stats),  # b is a grid axis when p = 1
        [Path(label, run.w[:, 0], second(run)) for label, run in runs],
        axis_titles=("w1", "w2") if p == 2 else ("w", "b"),
        optimum=(stats.theta_star[0], stats.theta_star[1]),
        current=(h.w[0, 0], float(second(h)[0])),
        title=f"MSE over (w1, w2) at b = {b0:.3f}" if p == 2 else "MSE over (w, b)",
    )
    updates = np.arange(h.n_updates + 1)
    series = [Series("full-data loss", updates, h.loss), Series("batch loss", updates, h.batch_loss, dash="dot")]
    series += [
        Series(label, np.arange(other.n_updates + 1), other.loss, color_index=k)
        for k, (label, other) in enumerate(runs[1:], start=2)
    ]
    epoch_ends = np.flatnonzero(np.diff(h.epoch[1:])) + 1.5 if h.batch_size < X.shape[0] else None
    loss = {
        log_y: spec(
            line_figure(
                series,
                x_title="update",
                y_title="MSE",
                log_y=log_y,
                marker_x=0,
                boundaries=epoch_ends,
                title="Loss per update",
                height=300,
            )
        )
        for log_y in (False, True)
    }
    names = ["w1", "w2"] if p == 2 else ["w"]
    traces = [Series(name, updates, h.w[:, j], color_index=j) for j, name in enumerate(names)]
    traces.append(Series("b", updates, h.b, color_index=p))
    horizontals = (
        [(v, f"true {n}", j) for j, (n, v) in enumerate(zip([*names, "b"], truth, strict=True))] if truth else []
    )
    parameters = line_figure(
        traces, x_title="update", y_title="value", marker_x=0, horizontals=horizontals, title="Parameters", height=300
    )
    return {
        "contour": spec(contour),
        "loss": loss,
        "parameters": spec(parameters),
        "grid": grid,
        "label": runs[0][0],
    }


def descent_step(
    charts: dict[str, Any],
    X: ArrayLike,
    y: ArrayLike,
    h: nm.GDHistory,
    t: int,
    *,
    log_loss: bool,
    stats: nm.LinearStats | None = None,
) -> tuple[Spec, Spec, Spec]:
    """:func:`descent_charts`' contour, loss and parameter charts moved to update ``t`` of the first run ``h``."""
    w_t, b_t = h.w[t], float(h.b[t])
    if h.w.shape[1] == 2:
        stats = nm.linreg_stats(X, y) if stats is None else stats
        contour = contour_at(
            charts["contour"],
            path=Path(charts["label"], h.w[: t + 1, 0], h.w[: t + 1, 1]),
            current=(w_t[0], w_t[1]),
            surface=nm.mse_surface(X, y, *charts["grid"], params=(0, 1), b=b_t, stats=stats),
            title=f"MSE over (w1, w2) at b = {b_t:.3f}",
        )
    else:
        contour = contour_at(
            charts["contour"], path=Path(charts["label"], h.w[: t + 1, 0], h.b[: t + 1]), current=(w_t[0], b_t)
        )
    return contour, line_at(charts["loss"][log_loss], t), line_at(charts["parameters"], t)
