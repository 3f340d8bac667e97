"""The network trainer's charts (the loss of each run, chosen parameters, the fit to the data, a player) and its
compact table of differences from the lecture's printed weights.

Run k keeps one colour and one dash on every chart (``theme.color(k)``, RUN_DASHES[k]); parameter p is
drawn in ``theme.color(PARAMETER_COLOURS + p)``, in the dash of its run. Legends name each parameter and each
run once and sit below a plot (or above the player's titles), never over a title or an axis: their height is
estimated from their labels' widths. Every function returns a spec (Plotly's JSON form), which a page can
cache and patch.
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
"""Line dash of run k (the true values are dashed)."""
FIT_POINTS = 1500
"""Most points drawn on the fit chart."""
LEGEND_FONT = FONT_SIZE - 2
LEGEND_ROW_PX = 25
"""Height of one row of a legend at LEGEND_FONT (measured in Chromium: 24 px)."""
NARROWEST_PLOT_PX = 255
"""Width of the plot area of the narrowest chart column (380 px, ui.layout, less the margins): a legend's rows
are counted for it, so they are never more on a wider screen."""
AXIS_BELOW_PX = 80
"""Room under a plot for the x-axis tick labels and title."""
PLAYER_PLOT_PX = 480
"""Width of the player's plot area at 1024 x 768 (one chart across the main column)."""
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


def legend_rows(labels: Sequence[str], width_px: float = NARROWEST_PLOT_PX) -> int:
    """Rows a horizontal legend of ``labels`` takes in a plot ``width_px`` wide, as plotly.js lays it out.

    Entries share one row when they all fit; otherwise every entry gets the width of the widest, so a row
    holds as many of those as fit (at least one). Text widths are estimated on the generous side.
    """
    widths = [40 + 0.62 * LEGEND_FONT * len(label) + 10 for label in labels]  # sample and gap, text, item gap
    if not widths:
        return 0
    if sum(widths) <= width_px:
        return 1
    return math.ceil(len(widths) / max(1, int(width_px // max(widths))))


def _legend_below(labels: Sequence[str]) -> tuple[dict[str, Any], int]:
    """A horizontal legend under the x-axis title, and the bottom margin (px) that keeps both clear."""
    legend = dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0, font=dict(size=LEGEND_FONT))
    return legend, AXIS_BELOW_PX + LEGEND_ROW_PX * legend_rows(labels) + 8


def _key(name: str, line: dict[str, Any]) -> dict[str, Any]:
    """A legend entry only: a line sample and its name."""
    return dict(type="scatter", x=[None], y=[None], mode="lines", name=name, line=line, hoverinfo="skip")


def _parameter_keys(curves: Sequence[Curve], chosen: Sequence[str]) -> list[dict[str, Any]]:
    """Legend entries: each parameter in its colour, and (compared runs) each run in its dash."""
    keys = [_key(name, dict(color=color(PARAMETER_COLOURS + p), width=LINE_WIDTH)) for p, name in enumerate(chosen)]
    if len(curves) > 1:
        keys += [
            _key(c.label, dict(color="#444", width=LINE_WIDTH, dash=RUN_DASHES[k % 4])) for k, c in enumerate(curves)
        ]
    return keys


def _positive(loss: np.ndarray, log_y: bool) -> np.ndarray:
    return np.where(loss > 0, loss, np.nan) if log_y else loss


def _loss_axis(losses: Sequence[np.ndarray], log_y: bool) -> dict[str, Any]:
    """The loss axis: on a log scale spanning under two decades, ticks at 1, 2 and 5 only (Plotly would label
    every digit of the decade, and the labels would overlap)."""
    axis: dict[str, Any] = dict(title=dict(text="MSE", standoff=12), type="log" if log_y else "linear")
    axis["exponentformat"] = "power"
    shown = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in losses]) if log_y and losses else np.empty(0)
    if shown.size and 0.3 <= np.log10(shown.max() / shown.min()) < 2:
        axis["dtick"] = "D2"
    elif shown.size:
        axis["nticks"] = 6
    return axis


def loss_figure(
    runs: Sequence[tuple[str, ArrayLike]],
    *,
    log_y: bool = True,
    iterations: int | None = None,
    marker: float | None = None,
    title: str = "Loss",
    height: int = 440,
) -> Spec:
    """The MSE per iteration of each run (run k in colour k and dash k), thinned for drawing.

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
                line=dict(color=color(k), width=LINE_WIDTH, dash=RUN_DASHES[k % 4]),
                marker=dict(color=color(k), size=10),
                hovertemplate=f"iteration %{{x}}<br>MSE = %{{y:.6g}}<extra>{label}</extra>",
            )
        )
    margin = dict(l=95, r=30, t=70, b=60)
    layout: dict[str, Any] = dict(
        xaxis=dict(title=dict(text="iteration"), rangemode="tozero"),
        yaxis=_loss_axis([np.asarray(loss, dtype=float) for _, loss in runs], log_y),
        showlegend=len(runs) > 1,
        shapes=[vline(float(marker), "#555", 2.0, "dot", name=CURRENT)] if marker is not None else [],
    )
    if iterations is not None:
        layout["xaxis"]["range"] = [0, max(int(iterations), 1)]
    if len(runs) > 1:
        layout["legend"], margin["b"] = _legend_below([label for label, _ in runs])
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
    """The chosen parameters over the iterations: parameter p in one colour, run k in dash k (both in the legend).

    ``truth`` adds dashed horizontal lines at known true values (the teacher network's).
    """
    data: list[dict[str, Any]] = []
    for k, curve in enumerate(curves):
        where = {name: j for j, name in enumerate(curve.names)}
        idx = thin(len(curve.iterations))
        for p, name in enumerate(chosen):
            if name not in where:
                continue
            data.append(
                dict(
                    type="scatter",
                    x=typed_array(curve.iterations[idx], "i4"),
                    y=typed_array(curve.params[idx, where[name]]),
                    name=f"{name} · {curve.label}",
                    mode="lines",
                    showlegend=False,
                    line=dict(color=color(PARAMETER_COLOURS + p), width=LINE_WIDTH, dash=RUN_DASHES[k % 4]),
                    hovertemplate=f"iteration %{{x}}<br>{name} = %{{y:.6g}}<extra>{curve.label}</extra>",
                )
            )
    keys = _parameter_keys(curves, chosen)
    truth = truth or {}
    shapes = [hline(truth[n], color(PARAMETER_COLOURS + p), 1.5) for p, n in enumerate(chosen) if n in truth]
    if marker is not None:
        shapes.append(vline(float(marker), "#555", 2.0, "dot", name=CURRENT))
    if any(n in truth for n in chosen):
        keys.append(_key("true value (teacher)", dict(color="#777", width=1.5, dash="dash")))
    legend, bottom = _legend_below([k["name"] for k in keys])
    layout = dict(
        xaxis=dict(title=dict(text="iteration"), rangemode="tozero"),
        yaxis=dict(title=dict(text="value", standoff=12)),
        shapes=shapes,
        legend=legend,
        showlegend=True,
        margin=dict(l=95, r=30, t=70, b=bottom),
    )
    return figure(data + keys, layout, title=title, height=height + bottom - 60).to_dict()


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
            | dict(mode="lines", name=curve.label, line=dict(color=color(k), width=LINE_WIDTH, dash=RUN_DASHES[k % 4]))
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
                    | dict(name=f"{name} · {curve.label}", showlegend=False, xaxis="x2", yaxis="y2")
                    | dict(hovertemplate=f"iteration %{{x}}<br>{name} = %{{y:.4g}}<extra>{curve.label}</extra>")
                )
    data += _parameter_keys(curves[:1], chosen)  # the runs' keys are their loss lines, in their dashes
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
    top = 50 + LEGEND_ROW_PX * legend_rows([c.label for c in curves] + list(chosen), PLAYER_PLOT_PX)
    layout: dict[str, Any] = dict(
        xaxis=dict(domain=[0.0, 0.44], title=dict(text="iteration"), range=[0, max(last, 1)]),
        yaxis=_loss_axis([c.loss for c in curves], log_y)
        | dict(range=[math.log10(span[0]), math.log10(span[1])] if log_y else span),
        xaxis2=dict(domain=[0.58, 1.0], anchor="y2", title=dict(text="iteration"), range=[0, max(last, 1)]),
        yaxis2=dict(anchor="x2", title=dict(text="value", standoff=8), range=[v_lo - v_pad, v_hi + v_pad]),
        legend=dict(orientation="h", x=0, y=1, yref="container", yanchor="top", font=dict(size=LEGEND_FONT)),
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
