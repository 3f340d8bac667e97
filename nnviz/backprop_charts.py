"""The backprop page's charts and tables: the exercise's contour, the players of both parts, the θ and check tables.

The stepper's contour (:func:`neuron_contour`, moved to a step by :func:`neuron_contour_at`) is built once per
run. The players are animated figures (``nnviz.animation.animated``) stacked in two panels, so that each
panel keeps the page's full width on a narrow projector: the exercise's θ(t) on the MSE surface above its
loss, and the network's loss above its weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

import nnmath as nm

from . import figures
from .animation import MAX_BYTES, Frame, animated, spec_size, thin_frames
from .figures import Path
from .surface import surface_layers
from .theme import AXIS, COLORS, FONT_SIZE, LINE_WIDTH, Spec, color, drawn, loss_range, spec, typed_array

PATH_COLOR = color(1)
"""The run's colour on every chart (as figures.contour_figure draws a first path and its current point)."""
FAINT = "rgba(213,94,0,0.3)"
"""The whole run's loss, faint behind what has played so far (PATH_COLOR, lighter)."""
NEURON_AXES = ("w", "b")
MAX_NETWORK_FRAMES = 150
"""Most frames of the network player: its lines grow frame by frame, so its size grows with the square."""


# ---------------------------------------------------------------- tables


def theta_table(history: nm.GDHistory) -> pd.DataFrame:
    """θ(0) ... θ(T) of the exercise's run, with the MSE at each."""
    return pd.DataFrame(
        {"t": np.arange(history.n_updates + 1), "w(t)": history.w[:, 0], "b(t)": history.b, "MSE": history.loss}
    )


def gradient_check_table(check: nm.GradientCheck) -> pd.DataFrame:
    """Backpropagation's gradient beside central finite differences, one row per parameter."""
    return pd.DataFrame(
        {
            "parameter": check.names,
            "backprop": check.backprop,
            "finite difference": check.numeric,
            "relative error": check.rel_error,
        }
    )


# ---------------------------------------------------------------- Part 1: the contour with θ(t)


def neuron_grid(history: nm.GDHistory, optimum: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Grid values of w and b covering the start, the optimum and the path near them."""
    grid_w = figures.grid_range([history.w[:, 0]], [float(history.w[0, 0]), optimum[0]])
    grid_b = figures.grid_range([history.b], [float(history.b[0]), optimum[1]])
    return grid_w, grid_b


def neuron_contour(history: nm.GDHistory, X: np.ndarray, y: np.ndarray) -> Spec:
    """The MSE over (w, b) with the whole path θ(0) ... θ(T); :func:`neuron_contour_at` moves it to a step.

    Compact for a 380 px column: no colour bar (the MSE is on hover) and the legend in one row below.
    """
    w_star, b_star = nm.least_squares(X, y)
    optimum = (float(w_star[0]), b_star)
    grid_w, grid_b = neuron_grid(history, optimum)
    surface = nm.mse_surface(X, y, grid_w, grid_b)
    fig = figures.contour_figure(
        grid_w,
        grid_b,
        surface,
        [Path("θ(t)", history.w[:, 0], history.b)],
        axis_titles=NEURON_AXES,
        optimum=optimum,
        current=(float(history.w[0, 0]), float(history.b[0])),
        title="MSE over (w, b)",
    )
    out = spec(fig)
    layout = dict(out["layout"])
    layout["legend"] = {**layout["legend"], "orientation": "h", "y": 0.0, "yanchor": "bottom", "entrywidth": 0}
    layout["margin"] = {**layout["margin"], "l": 70, "r": 20, "b": 135}
    layout["height"] = 500
    data = [dict(out["data"][0], showscale=False), *out["data"][1:]]
    return {**out, "data": data, "layout": layout}


def neuron_contour_at(fig: Spec, history: nm.GDHistory, t: int) -> Spec:
    """:func:`neuron_contour` with the path up to θ(t) and the current point at θ(t)."""
    return figures.contour_at(
        fig,
        path=Path("θ(t)", history.w[: t + 1, 0], history.b[: t + 1]),
        current=(float(history.w[t, 0]), float(history.b[t])),
    )


# ---------------------------------------------------------------- players


def _so_far(x: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    return {"x": typed_array(x, "i4"), "y": drawn(y)}


def _base_layout(height: int, top: int) -> dict[str, Any]:
    return dict(
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=COLORS,
        font=dict(size=FONT_SIZE),
        hoverlabel=dict(font_size=FONT_SIZE - 2),
        height=height,
        margin=dict(l=85, r=30, t=top, b=70),
        showlegend=False,
    )


def _panel_title(text: str, yref: str) -> dict[str, Any]:
    return dict(
        text=text,
        xref="paper",
        x=0,
        xanchor="left",
        yref=f"{yref} domain",
        y=1,
        yanchor="bottom",
        yshift=4,
        showarrow=False,
        font=dict(size=FONT_SIZE),
    )


def neuron_player(history: nm.GDHistory, X: np.ndarray, y: np.ndarray) -> Spec:
    """θ(t) moving over the MSE surface (top) and the MSE per iteration (bottom), played in the browser."""
    w_star, b_star = nm.least_squares(X, y)
    grid_w, grid_b = neuron_grid(history, (float(w_star[0]), b_star))
    surface = nm.mse_surface(X, y, grid_w, grid_b)
    image, data = surface_layers(grid_w, grid_b, surface, axis_titles=NEURON_AXES)
    data[1]["marker"] = {**data[1]["marker"], "showscale": False}
    w, b, loss = history.w[:, 0], history.b, history.loss
    k = history.n_updates
    line = dict(color=PATH_COLOR, width=LINE_WIDTH)
    moves = np.hypot(np.diff(w) / np.ptp(grid_w), np.diff(b) / np.ptp(grid_b))
    updates = thin_frames(k, moves=np.nan_to_num(moves, nan=1.0))
    mode = "lines+markers" if len(updates) <= figures.MARKED_PATH_POINTS else "lines"  # many markers: slow frames
    moving = len(data)
    data.append(dict(type="scatter", x=[], y=[], mode=mode, line=line, marker=dict(size=7, color=PATH_COLOR)))
    data.append(dict(type="scatter", mode="markers", x=[], y=[], cliponaxis=False, hoverinfo="skip"))
    data[-1]["marker"] = dict(size=16, color=PATH_COLOR, symbol="diamond", line=dict(color="white", width=2))
    start = dict(size=16, color=PATH_COLOR, symbol="circle-open", line=dict(width=3, color=PATH_COLOR))
    data.append(dict(type="scatter", x=[float(w[0])], y=[float(b[0])], mode="markers", marker=start, hoverinfo="skip"))
    star = dict(size=20, color="#000000", symbol="star", line=dict(color="white", width=2))
    data.append(dict(type="scatter", x=[float(w_star[0])], y=[b_star], mode="markers", marker=star, hoverinfo="skip"))
    iters = np.arange(k + 1)
    positive = np.where(loss > 0, loss, np.nan)
    data.append(
        dict(type="scatter", x=typed_array(iters, "i4"), y=drawn(positive), mode="lines", xaxis="x2", yaxis="y2")
        | dict(
            line=dict(color="rgba(0,114,178,0.3)", width=2), hovertemplate="t = %{x}<br>MSE = %{y:.6g}<extra></extra>"
        )
    )
    data.append(dict(type="scatter", x=[], y=[], mode="lines", line=line, xaxis="x2", yaxis="y2", hoverinfo="skip"))
    marker = dict(size=14, color=PATH_COLOR, symbol="diamond", line=dict(color="white", width=2))
    data.append(dict(type="scatter", x=[], y=[], mode="markers", marker=marker, xaxis="x2", yaxis="y2"))
    data[-1].update(cliponaxis=False, hoverinfo="skip")
    layout = _base_layout(680, 60)
    layout.update(
        images=[image],
        xaxis={**AXIS, "showgrid": False, "zeroline": False, "domain": [0, 1], "anchor": "y"}
        | {"range": [float(grid_w[0]), float(grid_w[-1])], "title": dict(text="w")},
        yaxis={**AXIS, "showgrid": False, "zeroline": False, "domain": [0.47, 1], "anchor": "x"}
        | {"range": [float(grid_b[0]), float(grid_b[-1])], "title": dict(text="b")},
        xaxis2={**AXIS, "domain": [0, 1], "anchor": "y2", "range": [0, max(k, 1)], "title": dict(text="iteration t")},
        yaxis2={**AXIS, "domain": [0, 0.22], "anchor": "x2", "type": "log", "range": loss_range([positive], True)}
        | {"exponentformat": "power", "nticks": 5, "title": dict(text="MSE")},
        annotations=[
            _panel_title("θ(t) on the MSE over (w, b); ★ least squares", "y"),
            _panel_title("MSE per iteration", "y2"),
        ],
    )
    still = {"data": data, "layout": layout}
    frames = []
    for j, t in enumerate(updates):
        shown = updates[: j + 1]
        frames.append(
            Frame(
                str(int(t)),
                {
                    moving: {"x": drawn(w[shown]), "y": drawn(b[shown])},
                    moving + 1: {"x": [float(w[t])], "y": [float(b[t])]},
                    moving + 5: _so_far(shown, positive[shown]),
                    moving + 6: {"x": [int(t)], "y": [float(positive[t]) if np.isfinite(positive[t]) else None]},
                },
            )
        )
    return animated(still, frames, prefix="t = ")


def _network_frames(
    updates: np.ndarray, snap_iters: np.ndarray, params: np.ndarray, loss: np.ndarray, first: int
) -> list[Frame]:
    frames = []
    for j, t in enumerate(updates):
        shown = updates[: j + 1]
        snaps = np.searchsorted(snap_iters, shown, side="right") - 1
        now = snaps[-1]
        traces: dict[int, dict[str, Any]] = {first: _so_far(shown, loss[shown])}
        traces[first + 1] = {"x": [int(t)], "y": [float(loss[t]) if np.isfinite(loss[t]) and loss[t] > 0 else None]}
        traces[first + 2] = {"x": [int(t)] * params.shape[1], "y": drawn(params[now])}
        for p in range(params.shape[1]):
            traces[first + 3 + p] = _so_far(shown, params[snaps, p])
        frames.append(Frame(str(int(t)), traces))
    return frames


def network_player(history: nm.TrainHistory, truth: Sequence[float] | None = None) -> Spec:
    """The MSE (top, log scale) and every weight (bottom) over the iterations, growing as the run plays.

    ``history`` may keep snapshots every few iterations: a frame shows the snapshot at or before its
    iteration. ``truth`` (one value per parameter) draws the teacher's weights dashed.
    """
    k = history.n_updates
    loss = np.where(history.loss > 0, history.loss, np.nan)
    names, params, snap_iters = history.names, history.params, history.iterations
    data: list[dict[str, Any]] = []
    faint = dict(color=FAINT, width=2)
    idx = figures.thin(k + 1)
    data.append(dict(type="scatter", x=typed_array(idx, "i4"), y=drawn(loss[idx]), mode="lines", line=faint))
    data[-1]["showlegend"] = False
    data[-1]["hovertemplate"] = "iteration %{x}<br>MSE = %{y:.6g}<extra></extra>"
    if truth is not None:
        for p, value in enumerate(truth):
            dash = dict(color=color(p), width=1.5, dash="dash")
            data.append(
                dict(type="scatter", x=[0, max(k, 1)], y=[value, value], mode="lines", line=dash, hoverinfo="skip")
                | dict(xaxis="x2", yaxis="y2", showlegend=False)
            )
    first = len(data)
    line = dict(color=PATH_COLOR, width=LINE_WIDTH)
    data.append(dict(type="scatter", x=[], y=[], mode="lines", line=line, hoverinfo="skip", showlegend=False))
    marker = dict(size=14, color=PATH_COLOR, symbol="diamond", line=dict(color="white", width=2))
    data.append(dict(type="scatter", x=[], y=[], mode="markers", marker=marker, cliponaxis=False, hoverinfo="skip"))
    data[-1]["showlegend"] = False
    dots = dict(size=10, color=[color(p) for p in range(len(names))], line=dict(color="white", width=1))
    data.append(dict(type="scatter", x=[], y=[], mode="markers", marker=dots, xaxis="x2", yaxis="y2"))
    data[-1].update(cliponaxis=False, hoverinfo="skip", showlegend=False)
    for p, name in enumerate(names):
        data.append(
            dict(type="scatter", x=[], y=[], mode="lines", name=name, line=dict(color=color(p), width=LINE_WIDTH))
            | dict(
                xaxis="x2",
                yaxis="y2",
                showlegend=True,
                hovertemplate=f"iteration %{{x}}<br>{name} = %{{y:.6f}}<extra></extra>",
            )
        )
    finite = params[np.isfinite(params)]
    values = np.concatenate([finite, np.asarray(truth if truth is not None else [], dtype=float)])
    lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
    pad = max(hi - lo, 0.1) * 0.06
    layout = _base_layout(700, 40)
    layout.update(
        showlegend=True,
        legend=dict(orientation="h", x=0, xanchor="left", y=0.50, yanchor="bottom", font=dict(size=FONT_SIZE - 3))
        | dict(bgcolor="rgba(255,255,255,0.85)", entrywidth=0),
        xaxis={
            **AXIS,
            "domain": [0, 1],
            "anchor": "y",
            "range": [0, max(k, 1)],
            "matches": "x2",
            "showticklabels": False,
        },
        yaxis={**AXIS, "domain": [0.68, 1], "anchor": "x", "type": "log", "range": loss_range([loss], True)}
        | {"exponentformat": "power", "nticks": 5, "title": dict(text="MSE")},
        xaxis2={**AXIS, "domain": [0, 1], "anchor": "y2", "range": [0, max(k, 1)], "title": dict(text="iteration")},
        yaxis2={
            **AXIS,
            "domain": [0, 0.44],
            "anchor": "x2",
            "range": [lo - pad, hi + pad],
            "title": dict(text="weight"),
        },
        annotations=[_panel_title("MSE per iteration (log scale)", "y")]
        + (
            [_panel_title("Weights (dashed: the teacher's)", "y2")]
            if truth is not None
            else [_panel_title("Weights", "y2")]
        ),
    )
    still = {"data": data, "layout": layout}
    frames_wanted = MAX_NETWORK_FRAMES
    while True:
        updates = thin_frames(k, frames_wanted)
        player = animated(still, _network_frames(updates, snap_iters, params, loss, first), prefix="t = ")
        if frames_wanted <= 10 or spec_size(player) <= MAX_BYTES:
            return player
        frames_wanted = max(10, int(frames_wanted * 0.8))
