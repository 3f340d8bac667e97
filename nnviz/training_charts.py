"""The network trainer's charts (the loss of each run, chosen parameters, the fit to the data, a player) and its
compact table of differences from the lecture's printed weights.

Runs keep one colour on every chart (run k in ``theme.color(k)``); the parameters of one run are told apart
by colour (parameter p in ``theme.color(PARAMETER_COLOURS + p)``) and compared runs by the dash of their
lines. Legends sit below a plot or above its title, never over a title. Every function returns a spec
(Plotly's JSON form), which a page can cache and patch.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .animation import Frame, animated, spec_size, thin_frames
from .figures import CURRENT, thin
from .theme import FONT_SIZE, LINE_WIDTH, Spec, color, figure, hline, typed_array, vline

PARAMETER_COLOURS = 2
"""Parameter p is drawn in colour PARAMETER_COLOURS + p, so the first two parameters differ from the runs' colours."""
RUN_DASHES = ("solid", "dot", "dashdot", "longdash")
"""Line dash of compared run k on the parameter chart (the true values are dashed)."""
FIT_POINTS = 1500
"""Most points drawn on the fit chart."""
LEGEND_ROW_PX = 28
ENTRIES_PER_ROW = 3
"""Legend entries a row below a plot holds at the narrowest chart column (380 px)."""
PLAYER_FRAMES = 200
"""Most frames of the player (10 s at normal speed)."""
MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class Curve:
    """One run's history as charts draw it.

    ``loss`` has shape (k + 1,) (before each update, then after the last); ``iterations`` (m,) are the
    snapshot iterations and ``params`` (m, n_params) the parameters there, named by ``names``.
    """

    label: str
    loss: np.ndarray
    iterations: np.ndarray
    params: np.ndarray
    names: Sequence[str]


def _legend_below(entries: int) -> tuple[dict[str, Any], int]:
    """A horizontal legend under the x-axis title, and the bottom margin (px) it needs."""
    rows = math.ceil(entries / ENTRIES_PER_ROW)
    legend = dict(orientation="h", yref="container", yanchor="bottom", y=0.01, x=0, font=dict(size=FONT_SIZE - 2))
    return legend, 70 + LEGEND_ROW_PX * rows


def _positive(loss: np.ndarray, log_y: bool) -> np.ndarray:
    return np.where(loss > 0, loss, np.nan) if log_y else loss


def loss_figure(
    runs: Sequence[tuple[str, ArrayLike]],
    *,
    log_y: bool = True,
    iterations: int | None = None,
    marker: float | None = None,
    title: str = "Loss",
    height: int = 440,
) -> Spec:
    """The MSE per iteration of each run (run k in colour k), thinned for drawing.

    ``iterations`` fixes the x-axis to the whole run, so that a run still training grows from left to
    right; ``marker`` draws the current-step line (``figures.line_at`` moves it). Compared runs get a
    legend below the plot.
    """
    data: list[dict[str, Any]] = []
    for k, (label, loss) in enumerate(runs):
        values = np.asarray(loss, dtype=float)
        idx = thin(values.size)
        data.append(
            dict(
                type="scatter",
                x=typed_array(idx, "i4"),
                y=typed_array(_positive(values[idx], log_y)),
                name=label,
                mode="lines" if values.size > 1 else "markers",
                line=dict(color=color(k), width=LINE_WIDTH),
                marker=dict(color=color(k), size=10),
                hovertemplate=f"iteration %{{x}}<br>MSE = %{{y:.6g}}<extra>{label}</extra>",
            )
        )
    margin = dict(l=95, r=30, t=70, b=60)
    layout: dict[str, Any] = dict(
        xaxis=dict(title=dict(text="iteration"), rangemode="tozero"),
        yaxis=dict(title=dict(text="MSE", standoff=12), type="log" if log_y else "linear", exponentformat="power"),
        showlegend=len(runs) > 1,
        shapes=[vline(float(marker), "#555", 2.0, "dot", name=CURRENT)] if marker is not None else [],
    )
    if iterations is not None:
        layout["xaxis"]["range"] = [0, max(int(iterations), 1)]
    if len(runs) > 1:
        layout["legend"], margin["b"] = _legend_below(len(runs))
        height += margin["b"] - 60
    layout["margin"] = margin
    return figure(data, layout, title=title, height=height).to_dict()


def parameter_figure(
    curves: Sequence[Curve],
    chosen: Sequence[str],
    *,
    truth: Mapping[str, float] | None = None,
    marker: float | None = None,
    title: str = "Parameters",
    height: int = 420,
) -> Spec:
    """The chosen parameters over the iterations: parameter p in one colour, run k in dash k.

    ``truth`` adds dashed horizontal lines at known true values (the teacher network's).
    """
    data: list[dict[str, Any]] = []
    for k, curve in enumerate(curves):
        where = {name: j for j, name in enumerate(curve.names)}
        idx = thin(len(curve.iterations))
        for p, name in enumerate(chosen):
            if name not in where:
                continue
            label = f"{name} · {curve.label}" if len(curves) > 1 else name
            data.append(
                dict(
                    type="scatter",
                    x=typed_array(curve.iterations[idx], "i4"),
                    y=typed_array(curve.params[idx, where[name]]),
                    name=label,
                    mode="lines",
                    line=dict(color=color(PARAMETER_COLOURS + p), width=LINE_WIDTH, dash=RUN_DASHES[k % 4]),
                    hovertemplate=f"iteration %{{x}}<br>{name} = %{{y:.6g}}<extra>{curve.label}</extra>",
                )
            )
    truth = truth or {}
    shapes = [hline(truth[n], color(PARAMETER_COLOURS + p), 1.5) for p, n in enumerate(chosen) if n in truth]
    if marker is not None:
        shapes.append(vline(float(marker), "#555", 2.0, "dot", name=CURRENT))
    if any(n in truth for n in chosen):
        data.append(
            dict(type="scatter", x=[None], y=[None], mode="lines", name="true value (teacher)")
            | dict(line=dict(color="#777", width=1.5, dash="dash"), hoverinfo="skip")
        )
    legend, bottom = _legend_below(len(data))
    layout = dict(
        xaxis=dict(title=dict(text="iteration"), rangemode="tozero"),
        yaxis=dict(title=dict(text="value", standoff=12)),
        shapes=shapes,
        legend=legend,
        showlegend=True,
        margin=dict(l=95, r=30, t=70, b=bottom),
    )
    return figure(data, layout, title=title, height=height + bottom - 60).to_dict()


def fit_figure(y: ArrayLike, y_hat: ArrayLike, *, title: str, height: int = 440) -> Spec:
    """The network's prediction against the data: one point per row (at most FIT_POINTS), and the line ŷ = y."""
    yv = np.ravel(np.asarray(y, dtype=float))
    pv = np.ravel(np.asarray(y_hat, dtype=float))
    idx = thin(yv.size, FIT_POINTS)
    finite = np.concatenate([yv[np.isfinite(yv)], pv[np.isfinite(pv)]])
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    pad = max(hi - lo, 1e-9) * 0.04
    data: list[dict[str, Any]] = [
        dict(
            type="scatter",
            x=[lo - pad, hi + pad],
            y=[lo - pad, hi + pad],
            mode="lines",
            name="ŷ = y",
            line=dict(color="#777", width=2, dash="dash"),
            hoverinfo="skip",
        ),
        dict(
            type="scattergl" if idx.size > 500 else "scatter",
            x=typed_array(yv[idx]),
            y=typed_array(pv[idx]),
            mode="markers",
            name="rows",
            marker=dict(color=color(0), size=6, opacity=0.45),
            hovertemplate="y = %{x:.4g}<br>ŷ = %{y:.4g}<extra></extra>",
        ),
    ]
    layout = dict(
        xaxis=dict(title=dict(text="y (data)")),
        yaxis=dict(title=dict(text="ŷ (network)", standoff=12)),
        showlegend=False,
        margin=dict(l=95, r=30, t=70, b=60),
    )
    return figure(data, layout, title=title, height=height).to_dict()


def _frame_traces(
    curves: Sequence[Curve], chosen: Sequence[str], iteration: int, moving: Mapping[str, Any]
) -> dict[int, dict[str, Any]]:
    """One frame: each run's markers at its last snapshot at or before ``iteration`` (a finished run stays put)."""
    traces: dict[int, dict[str, Any]] = {
        moving["vline_loss"]: {"x": [iteration, iteration]},
        moving["vline_params"]: {"x": [iteration, iteration]},
    }
    for k, curve in enumerate(curves):
        j = max(int(np.searchsorted(curve.iterations, iteration, side="right")) - 1, 0)
        at = int(curve.iterations[j])
        loss = float(curve.loss[min(at, curve.loss.size - 1)])
        traces[moving["loss"][k]] = {"x": [at], "y": [loss if np.isfinite(loss) else None]}
        where = {name: i for i, name in enumerate(curve.names)}
        shown = [where[n] for n in chosen if n in where]
        traces[moving["params"][k]] = {"x": [at] * len(shown), "y": [float(v) for v in curve.params[j, shown]]}
    return traces


def training_player(
    curves: Sequence[Curve],
    chosen: Sequence[str],
    *,
    log_y: bool = True,
    max_frames: int = PLAYER_FRAMES,
    plot_height: int = 340,
) -> Spec:
    """The loss (left) and the chosen parameters (right) over the iterations, with markers that Play moves.

    Compared runs move in lock-step: frame j shows every run at the same iteration (a run that stopped
    early stays at its last snapshot). Frames are the snapshots, thinned to at most ``max_frames`` and
    fewer if the figure would pass MAX_BYTES.
    """
    if not curves:
        raise ValueError("curves is empty: the player needs at least one run")
    data: list[dict[str, Any]] = []
    for k, curve in enumerate(curves):
        idx = thin(curve.loss.size)
        data.append(
            dict(type="scatter", x=typed_array(idx, "i4"), y=typed_array(_positive(curve.loss[idx], log_y)))
            | dict(mode="lines", name=curve.label, legendgroup=f"run{k}", line=dict(color=color(k), width=LINE_WIDTH))
            | dict(hovertemplate=f"iteration %{{x}}<br>MSE = %{{y:.4g}}<extra>{curve.label}</extra>")
        )
    for k, curve in enumerate(curves):
        where = {name: j for j, name in enumerate(curve.names)}
        idx = thin(len(curve.iterations))
        for p, name in enumerate(chosen):
            if name in where:
                line = dict(color=color(PARAMETER_COLOURS + p), width=LINE_WIDTH, dash=RUN_DASHES[k % 4])
                data.append(
                    dict(type="scatter", x=typed_array(curve.iterations[idx], "i4"))
                    | dict(y=typed_array(curve.params[idx, where[name]]), mode="lines", line=line)
                    | dict(name=name if len(curves) == 1 else f"{name} · {curve.label}", xaxis="x2", yaxis="y2")
                    | dict(hovertemplate=f"iteration %{{x}}<br>{name} = %{{y:.4g}}<extra>{curve.label}</extra>")
                )
    moving: dict[str, Any] = {"loss": [], "params": []}
    for k, _curve in enumerate(curves):
        marker = dict(size=14, color=color(k), symbol="diamond", line=dict(color="white", width=2))
        moving["loss"].append(len(data))
        data.append(dict(type="scatter", x=[], y=[], mode="markers", marker=marker, showlegend=False))
        moving["params"].append(len(data))
        marker = dict(size=11, color=color(k), symbol="circle", line=dict(color="white", width=1.5))
        data.append(
            dict(type="scatter", x=[], y=[], mode="markers", marker=marker, showlegend=False, xaxis="x2", yaxis="y2")
        )
    finite = np.concatenate([c.loss[np.isfinite(c.loss) & ((c.loss > 0) if log_y else True)] for c in curves])
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (1.0, 10.0)
    span = [lo, hi] if not log_y else [lo * 0.8, hi * 1.25]
    dotted = dict(mode="lines", line=dict(color="#555", width=2, dash="dot"), showlegend=False, hoverinfo="skip")
    moving["vline_loss"] = len(data)
    data.append(dict(type="scatter", x=[0, 0], y=span) | dotted)
    values = np.concatenate(
        [c.params[:, [list(c.names).index(n) for n in chosen if n in c.names]].ravel() for c in curves]
    )
    vals = values[np.isfinite(values)]
    v_lo, v_hi = (float(vals.min()), float(vals.max())) if vals.size else (0.0, 1.0)
    v_pad = max(v_hi - v_lo, 1e-9) * 0.05
    moving["vline_params"] = len(data)
    data.append(dict(type="scatter", x=[0, 0], y=[v_lo - v_pad, v_hi + v_pad], xaxis="x2", yaxis="y2") | dotted)

    last = max(int(c.iterations[-1]) for c in curves)
    entries = len(curves) + len(chosen) * len(curves)
    legend_rows = math.ceil(entries / 4)
    top = 50 + LEGEND_ROW_PX * legend_rows
    layout: dict[str, Any] = dict(
        xaxis=dict(domain=[0.0, 0.44], title=dict(text="iteration"), range=[0, max(last, 1)]),
        yaxis=dict(title=dict(text="MSE", standoff=8), type="log" if log_y else "linear", exponentformat="power")
        | dict(range=[math.log10(span[0]), math.log10(span[1])] if log_y else span),
        xaxis2=dict(domain=[0.58, 1.0], anchor="y2", title=dict(text="iteration"), range=[0, max(last, 1)]),
        yaxis2=dict(anchor="x2", title=dict(text="value", standoff=8), range=[v_lo - v_pad, v_hi + v_pad]),
        legend=dict(orientation="h", x=0, y=1, yref="container", yanchor="top", font=dict(size=FONT_SIZE - 3)),
        margin=dict(l=90, r=30, t=top + 30, b=70),
        annotations=[
            dict(text=text, xref=f"{axis} domain", x=0, xanchor="left", yref="paper", y=1, yanchor="bottom")
            | dict(showarrow=False, font=dict(size=FONT_SIZE))
            for text, axis in (("Loss", "x"), ("Parameters", "x2"))
        ],
    )
    for axis in ("xaxis2", "yaxis2"):
        layout[axis] = {
            **layout[axis],
            "showline": True,
            "linecolor": "#444",
            "gridcolor": "#e5e5e5",
            "ticks": "outside",
        }
    still = figure(data, layout, height=plot_height + top + 100).to_dict()
    snapshots = max(curves, key=lambda c: int(c.iterations[-1])).iterations
    frames = max_frames
    while True:
        positions = thin_frames(len(snapshots) - 1, max(frames, 2)) if len(snapshots) > 1 else np.array([0])
        moves = [
            Frame(str(int(snapshots[j])), _frame_traces(curves, chosen, int(snapshots[j]), moving)) for j in positions
        ]
        spec = animated(still, moves, prefix="iteration ")
        if frames <= 2 or spec_size(spec) <= MAX_BYTES:
            return spec
        frames //= 2


def differences(names: Sequence[str], runs: Mapping[str, tuple[ArrayLike, ArrayLike]]) -> pd.DataFrame:
    """Each run's final parameters against the lecture's print: one row per parameter, two columns per run.

    ``runs`` maps a short name (e.g. "GD") to (the app's values, the printed values); the columns are the
    printed value and the app's minus it, so the table stays narrow whatever the number of runs.
    """
    frame = pd.DataFrame({"parameter": list(names)})
    for name, (app, printed) in runs.items():
        shown = np.ravel(np.asarray(printed, dtype=float))
        frame[f"lecture ({name})"] = shown
        frame[f"app − lecture ({name})"] = np.ravel(np.asarray(app, dtype=float)) - shown
    return frame
