"""The gradient-descent playground's figures and tables: built once per set of runs, moved to a step by patching.

The step view (the server stepper) shows the MSE contour with every run's path, the loss per update and the
parameters; :func:`step_charts` builds them once and :func:`step_at` moves them to update t (for two
features the contour is the exact slice of the loss at the current bias b(t)). The contour carries an
invisible grid of markers: Streamlit reports clicks on scatter points, not on a contour, so a click anywhere
on the plot is a click on the nearest grid point (its x, y: a new start).

The player (:func:`player`, played in the browser) and the 3D view (:func:`surface_3d`) keep one slice for
two features, at the least-squares bias b* (see nnviz.animation on why a surface that moves would not play).

Each run keeps one colour on every chart: ``DrawnRun.color_index``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

import nnmath as nm

from .animation import Run, descent_player
from .figures import CURRENT, MAX_POINTS, Path, Series, _points, grid_range, line_at, line_figure, thin
from .theme import FONT_SIZE, LINE_WIDTH, Spec, color, figure, legend_rows, spec, typed_array

CLICK = "click to start here"
"""Name of the contour's invisible marker grid (a click on the plot lands on its nearest point)."""
CLICK_STRIDE = 2
"""Every CLICK_STRIDE-th grid value carries a click marker (41 x 41 on the 81 x 81 contour grid)."""
TRUTH_COLOR = 7
"""Colour index of the true parameter levels (black): run colours are kept for runs."""
PARAMETER_DASHES = {1: ("solid", "dot"), 2: ("solid", "dash", "dot")}
"""The stepped run's w1, w2 (or w) and b, all in its colour, told apart by their dash (by the number of features)."""
MODEBAR_REMOVED = ["zoomIn2d", "zoomOut2d", "autoScale2d", "lasso2d", "select2d", "pan2d"]
"""Plotly's buttons left out of the contour's mode bar: the rest (zoom, reset, download) stays clear of the title."""
PLAYER_HEIGHT = 320
"""Pixels of the player's plots: with its legend and its controls it fits a 720-pixel screen under the view control."""
ROWS_LISTED = 50
"""A table lists a batch's rows when it has at most this many (else the first ones and the count)."""


@dataclass(frozen=True)
class DrawnRun:
    """A run as the charts draw it: its legend label, its history and its colour (``theme.color`` index)."""

    label: str
    history: nm.GDHistory
    color_index: int


def axis_titles(p: int) -> tuple[str, str]:
    """The contour's axes: (w1, w2) for two features, (w, b) for one."""
    return ("w1", "w2") if p == 2 else ("w", "b")


def _second(h: nm.GDHistory) -> np.ndarray:
    """The contour's y coordinate of a run: w2 for two features, b for one."""
    return h.w[:, 1] if h.w.shape[1] == 2 else h.b


def grid(runs: Sequence[DrawnRun], stats: nm.LinearStats, points: int = 81) -> tuple[np.ndarray, np.ndarray]:
    """The contour's grid: covering every run's start, its path near there and the least-squares optimum."""
    hs = [r.history for r in runs]
    return (
        grid_range([h.w[:, 0] for h in hs], [h.w[0, 0] for h in hs] + [stats.theta_star[0]], points),
        grid_range([_second(h) for h in hs], [_second(h)[0] for h in hs] + [stats.theta_star[1]], points),
    )


def surface(
    X: ArrayLike, y: ArrayLike, values: tuple[np.ndarray, np.ndarray], b: float, stats: nm.LinearStats
) -> np.ndarray:
    """The MSE over the grid: over (w1, w2) at bias ``b`` for two features, over (w, b) for one."""
    return nm.mse_surface(X, y, *values, params=(0, 1), b=b, stats=stats)


def _log_mse(values: np.ndarray) -> dict[str, str]:
    return typed_array(np.log10(np.maximum(values, 1e-12)), "f4")


def _click_grid(values: tuple[np.ndarray, np.ndarray], mse: np.ndarray, titles: tuple[str, str]) -> dict[str, Any]:
    """Invisible markers on every CLICK_STRIDE-th grid point, hovering the MSE there; clicks land on them."""
    gx, gy = np.meshgrid(values[0][::CLICK_STRIDE], values[1][::CLICK_STRIDE])
    hidden = dict(marker=dict(opacity=0))
    return dict(
        type="scatter",
        x=typed_array(gx.ravel(), "f4"),
        y=typed_array(gy.ravel(), "f4"),
        customdata=typed_array(mse[::CLICK_STRIDE, ::CLICK_STRIDE].ravel(), "f4"),
        mode="markers",
        marker=dict(size=12, opacity=0, color="#000000"),
        selected=hidden,
        unselected=hidden,
        name=CLICK,
        showlegend=False,
        hovertemplate=f"{titles[0]} = %{{x:.2f}}<br>{titles[1]} = %{{y:.2f}}<br>MSE = %{{customdata:.4g}}"
        "<extra>click: start here</extra>",
    )


STEP_LEGEND_PX = 330
"""The width the step view's legends are laid out for (a chart column at 1024 px)."""
SURFACE_LEGEND_PX = 500
"""The width the 3D surface's legend is laid out for."""


def _contour(
    X: ArrayLike, y: ArrayLike, runs: Sequence[DrawnRun], stats: nm.LinearStats
) -> tuple[Spec, dict[str, int], tuple[np.ndarray, np.ndarray]]:
    """The step view's contour at the first run's start, where its moving parts are, and its grid."""
    p = stats.p
    titles = axis_titles(p)
    values = grid(runs, stats)
    h = runs[0].history
    mse = surface(X, y, values, float(h.b[0]), stats)
    unfaded = dict(marker=dict(opacity=1))
    data: list[dict[str, Any]] = [
        dict(
            type="contour",
            x=values[0],
            y=values[1],
            z=_log_mse(mse),
            colorscale="Blues_r",
            contours=dict(coloring="heatmap", showlines=True),
            line=dict(width=0.8, color="rgba(0,0,0,0.35)"),
            ncontours=24,
            showscale=False,
            hoverinfo="skip",
        )
    ]
    for k, r in enumerate(runs):
        c, group = color(r.color_index), f"run{k}"
        shown = 1 if k == 0 else r.history.n_updates + 1  # the stepped run is drawn so far: its start
        drawn = _points(Path(r.label, r.history.w[:shown, 0], _second(r.history)[:shown]))
        line = dict(color=c, width=LINE_WIDTH)
        data.append(
            dict(type="scatter", name=r.label, legendgroup=group, line=line, marker=dict(size=7, color=c), **drawn)
            | dict(selected=unfaded, unselected=unfaded, showlegend=len(runs) > 1)
        )
        start = dict(size=16, color=c, symbol="circle-open", line=dict(width=3, color=c))
        data.append(
            dict(type="scatter", x=[float(r.history.w[0, 0])], y=[float(_second(r.history)[0])], mode="markers")
            | dict(marker=start, name="start", legendgroup=group, showlegend=False, hoverinfo="skip")
        )
    where = {"path": 1, "current": len(data), "grid": len(data) + 2}
    diamond = dict(size=18, color=color(runs[0].color_index), symbol="diamond", line=dict(color="white", width=2))
    data.append(
        dict(type="scatter", x=[float(h.w[0, 0])], y=[float(_second(h)[0])], mode="markers", marker=diamond)
        | dict(name=CURRENT, showlegend=False, hovertemplate="%{x:.4f}, %{y:.4f}<extra>now</extra>")
    )
    star = dict(size=20, color="#000000", symbol="star", line=dict(color="white", width=2))
    data.append(
        dict(type="scatter", x=[float(stats.theta_star[0])], y=[float(stats.theta_star[1])], mode="markers")
        | dict(marker=star, name="least-squares optimum", showlegend=False)
        | dict(hovertemplate="%{x:.4f}, %{y:.4f}<extra>least squares</extra>")
    )
    data.append(_click_grid(values, mse, titles))
    rows = legend_rows([r.label for r in runs], STEP_LEGEND_PX) if len(runs) > 1 else 0
    layout = dict(
        title=dict(text=_contour_title(p, float(h.b[0])), font=dict(size=FONT_SIZE), x=0.02, xref="container"),
        xaxis=dict(title=dict(text=titles[0]), range=[float(values[0][0]), float(values[0][-1])]),
        yaxis=dict(title=dict(text=titles[1]), range=[float(values[1][0]), float(values[1][-1])]),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.01, x=0, font=dict(size=FONT_SIZE - 2)),
        margin=dict(l=70, r=20, t=50, b=60 + 28 * rows),
        hovermode="closest",
        clickmode="event+select",
        modebar=dict(remove=MODEBAR_REMOVED),
    )
    return spec(figure(data, layout, height=420 + 28 * rows)), where, values


def _contour_title(p: int, b: float) -> str:
    return f"MSE over (w1, w2) at b = {b:.3f}" if p == 2 else "MSE over (w, b)"


def step_charts(
    X: ArrayLike,
    y: ArrayLike,
    runs: Sequence[DrawnRun],
    *,
    truth: Sequence[float] | None = None,
    stats: nm.LinearStats | None = None,
) -> dict[str, Any]:
    """The step view's charts at the start of the first run ``runs[0]`` (the one stepped through), for :func:`step_at`.

    ``"contour"``: the MSE over (w1, w2) at b(0) (over (w, b) for one feature) with every run's path (the
    first drawn so far), its start, the current point, the least-squares optimum and the click grid.
    ``"loss"`` (by log axis or not): the first run's full-data and batch MSE, epoch ends marked, the
    others' full-data MSE; the x axis spans the first run's updates (longer runs go on past its edge).
    ``"parameters"``: the first run's weights and bias, ``truth`` (w..., b) as black dotted levels.
    """
    X = np.asarray(X, dtype=float)
    stats = nm.linreg_stats(X, y) if stats is None else stats
    p = stats.p
    h = runs[0].history
    contour, where, values = _contour(X, y, runs, stats)
    updates = np.arange(h.n_updates + 1)
    mine = runs[0].color_index
    series = [
        Series("full-data MSE", updates, h.loss, color_index=mine),
        Series("batch MSE", updates, h.batch_loss, dash="dot", color_index=mine),
    ]
    series += [
        Series(r.label, np.arange(r.history.n_updates + 1), r.history.loss, color_index=r.color_index) for r in runs[1:]
    ]
    epoch_ends = np.flatnonzero(np.diff(h.epoch[1:])) + 1.5 if h.batch_size < X.shape[0] else None
    loss = {}
    for log_y in (False, True):
        fig = spec(
            line_figure(
                series, x_title="update", y_title="MSE", log_y=log_y, marker_x=0, boundaries=epoch_ends, height=340
            )
        )
        fig["layout"]["xaxis"] = {**fig["layout"]["xaxis"], "range": [0, max(h.n_updates, 1)]}
        loss[log_y] = fig
    names = ["w1", "w2"] if p == 2 else ["w"]
    traces = [
        Series(name, updates, values, dash=dash, color_index=mine)
        for name, values, dash in zip([*names, "b"], [*h.w.T, h.b], PARAMETER_DASHES[p], strict=True)
    ]
    horizontals = [(v, f"true {n}", TRUTH_COLOR) for n, v in zip([*names, "b"], truth, strict=True)] if truth else []
    parameters = line_figure(traces, x_title="update", y_title="value", marker_x=0, horizontals=horizontals, height=340)
    return {
        "contour": contour,
        "where": where,
        "grid": values,
        "loss": loss,
        "parameters": spec(parameters),
        "label": runs[0].label,
    }


def step_at(
    charts: dict[str, Any],
    X: ArrayLike,
    y: ArrayLike,
    h: nm.GDHistory,
    t: int,
    *,
    log_loss: bool,
    stats: nm.LinearStats,
) -> tuple[Spec, Spec, Spec]:
    """:func:`step_charts`' contour, loss and parameter charts moved to update ``t`` of the first run ``h``.

    The cached specs are left as they are: the moved ones share every part that did not move.
    """
    fig = charts["contour"]
    where = charts["where"]
    data = list(fig["data"])
    layout = fig["layout"]
    if stats.p == 2:
        mse = surface(X, y, charts["grid"], float(h.b[t]), stats)
        data[0] = {**data[0], "z": _log_mse(mse)}
        grid_trace = data[where["grid"]]
        step = CLICK_STRIDE
        data[where["grid"]] = {**grid_trace, "customdata": typed_array(mse[::step, ::step].ravel(), "f4")}
        layout = {**layout, "title": {**layout["title"], "text": _contour_title(2, float(h.b[t]))}}
    drawn = _points(Path(charts["label"], h.w[: t + 1, 0], _second(h)[: t + 1]))
    path = data[where["path"]]
    data[where["path"]] = {**path, "x": typed_array(drawn["x"]), "y": typed_array(drawn["y"]), "mode": drawn["mode"]}
    data[where["current"]] = {**data[where["current"]], "x": [float(h.w[t, 0])], "y": [float(_second(h)[t])]}
    contour = {**fig, "data": data, "layout": layout}
    return contour, line_at(charts["loss"][log_loss], t), line_at(charts["parameters"], t)


def _slice_b(stats: nm.LinearStats) -> float:
    """The bias of the slice the player and the 3D view keep: b*, the least-squares bias."""
    return float(stats.theta_star[-1])


def player(X: ArrayLike, y: ArrayLike, runs: Sequence[DrawnRun], *, stats: nm.LinearStats, log_loss: bool) -> Spec:
    """Every run on the MSE contour and its loss per update, played in lock-step in the browser.

    For two features the contour is the slice at b = b* (it stays fixed during play; the step view shows
    the exact slice at b(t)); for one feature it is the MSE over (w, b), exact throughout.
    """
    values = grid(runs, stats)
    p = stats.p
    b = _slice_b(stats)
    title = f"MSE over (w1, w2) at b = b* = {b:.3f}" if p == 2 else "MSE over (w, b)"
    return descent_player(
        *values,
        surface(X, y, values, b, stats),
        [Run(r.label, r.history.w[:, 0], _second(r.history), r.history.loss, r.color_index) for r in runs],
        axis_titles=axis_titles(p),
        surface_title=title,
        optimum=(float(stats.theta_star[0]), float(stats.theta_star[1])),
        log_loss=log_loss,
        plot_height=PLAYER_HEIGHT,
    )


def surface_3d(X: ArrayLike, y: ArrayLike, runs: Sequence[DrawnRun], *, stats: nm.LinearStats) -> Spec:
    """The MSE surface in 3D with every run's path on it (to turn and zoom with the mouse).

    For one feature the surface is the MSE over (w, b) and each path lies on it exactly. For two features
    it is the slice at b = b*, and each path is drawn on that slice: at the MSE of (w1(t), w2(t), b*),
    which is what the contour shows under the path (the run's own loss, at b(t), is on the loss chart).
    """
    values = grid(runs, stats, points=61)
    p = stats.p
    b = _slice_b(stats)
    mse = surface(X, y, values, b, stats)
    titles = axis_titles(p)
    data: list[dict[str, Any]] = [
        dict(
            type="surface",
            x=values[0],
            y=values[1],
            z=typed_array(mse, "f4"),
            colorscale="Blues_r",
            showscale=False,
            opacity=0.85,
            hovertemplate=f"{titles[0]} = %{{x:.3f}}<br>{titles[1]} = %{{y:.3f}}<br>MSE = %{{z:.4g}}<extra></extra>",
        )
    ]
    inside = (values[0][0], values[0][-1], values[1][0], values[1][-1])
    for r in runs:
        h = r.history
        idx = thin(h.n_updates + 1, MAX_POINTS)
        x, second = h.w[idx, 0], _second(h)[idx]
        height = h.loss[idx] if p == 1 else stats.mse(np.column_stack([h.w[idx], np.full(len(idx), b)]))
        out = (x < inside[0]) | (x > inside[1]) | (second < inside[2]) | (second > inside[3])
        z = np.where(out, np.nan, height)
        c = color(r.color_index)
        data.append(
            dict(type="scatter3d", x=typed_array(x), y=typed_array(second), z=typed_array(z), mode="lines")
            | dict(name=r.label, line=dict(color=c, width=6), showlegend=len(runs) > 1)
        )
        data.append(
            dict(type="scatter3d", x=[float(x[0])], y=[float(second[0])], z=[float(z[0])], mode="markers")
            | dict(marker=dict(size=6, color=c, symbol="circle-open"), showlegend=False, name="start")
        )
    best = float(stats.mse(stats.theta_star))
    data.append(
        dict(type="scatter3d", x=[float(stats.theta_star[0])], y=[float(stats.theta_star[1])], z=[best])
        | dict(mode="markers", marker=dict(size=6, color="#000000", symbol="diamond"), name="least squares")
        | dict(showlegend=False)
    )
    axis = dict(backgroundcolor="white", gridcolor="#ddd", showbackground=True)
    title = f"MSE over (w1, w2) at b = b* = {b:.3f}" if p == 2 else "MSE over (w, b)"
    layout = dict(
        title=dict(text=title, font=dict(size=FONT_SIZE), x=0.02, xref="container"),
        scene=dict(
            xaxis=dict(axis, title=dict(text=titles[0])),
            yaxis=dict(axis, title=dict(text=titles[1])),
            zaxis=dict(axis, title=dict(text="MSE")),
            aspectmode="cube",
            camera=dict(eye=dict(x=1.5, y=-1.6, z=1.0)),
        ),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.01, x=0),
        margin=dict(
            l=0,
            r=0,
            t=50,
            b=10 + 28 * (legend_rows([r.label for r in runs], SURFACE_LEGEND_PX) if len(runs) > 1 else 0),
        ),
    )
    return spec(figure(data, layout, height=560))


def _rows_text(rows: np.ndarray, n_rows: int) -> str:
    """A batch's rows (from 1) for a table: "all" for the whole data, else listed (the first ROWS_LISTED)."""
    if len(rows) == n_rows:
        return "all"
    listed = " ".join(str(r + 1) for r in rows[:ROWS_LISTED])
    return listed + (f" … ({len(rows):,} rows)" if len(rows) > ROWS_LISTED else "")


def history_frame(h: nm.GDHistory, names: Sequence[str], first: int = 0, last: int | None = None) -> pd.DataFrame:
    """Updates ``first`` .. ``last`` (default: to the end) of a run: parameters, losses, gradients, the batch's rows."""
    last = h.n_updates if last is None else min(last, h.n_updates)
    span = slice(first, last + 1)
    frame = pd.DataFrame({"update": np.arange(first, last + 1), "epoch": h.epoch[span]})
    for j, name in enumerate(names):
        frame[f"w_{name}"] = h.w[span, j]
    frame["b"] = h.b[span]
    frame["loss (all data)"] = h.loss[span]
    frame["loss (batch)"] = h.batch_loss[span]
    for j, name in enumerate(names):
        frame[f"dL/dw_{name}"] = h.dw[span, j]
    frame["dL/db"] = h.db[span]
    if first == 0 and last == h.n_updates:
        rows = [_rows_text(r, h.n_rows) if t else "" for t, r in enumerate(h.iter_rows())]
    else:
        rows = [_rows_text(h.rows(t), h.n_rows) if t else "" for t in range(first, last + 1)]
    frame["batch rows"] = rows
    return frame
