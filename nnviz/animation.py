"""Motion in the browser: a figure spec turned into Plotly animation frames with Play, Pause, speeds and a slider.

The browser plays the frames (``frames``, ``layout.updatemenus`` with ``method: "animate"``,
``layout.sliders``): once the figure is on the page, Play, Pause and the slider send nothing to the server,
however long the animation runs. A frame gives new attributes for some traces (``x``, ``y``, ``marker``,
...), as JSON typed arrays where they are long (plotly.js 4.2, bundled with Streamlit 1.67, decodes them in
frames as in traces).

Scatter traces move from frame to frame without a full redraw (``redraw: false``). Two limits of that mode
shape the figures here:

- Layout shapes do not move: what marks the current update is a trace (on the loss plot, a two-point line).
- The first frame drawn removes from the figure every trace that is not a scatter trace (plotly.js
  ``cartesian.plot`` drops the layers of trace types absent from the frame): a contour trace vanishes when
  Play is pressed. :func:`animated` refuses such a figure; the player draws its surface with
  :func:`nnviz.surface.surface_layers` (an image, contour lines and hover markers).

The MSE surface during play
---------------------------
For a linear model with two features the contour over (w1, w2) is a slice of the loss at the current bias
b(t). The player keeps one slice for the whole animation, chosen by the caller; the pages use b = b* (the
least-squares bias): its lowest point is the least-squares optimum, where every converging run ends, and
its title says which b it shows. The exact slice at b(t) stays with the server stepper
(``figures.contour_at``). Measured in headless Chromium on a shared two-core machine (81 x 81 grid, two
runs, 5,000 updates): with the fixed surface, 33 to 46 redraws in the 3 s after Play (20 frames/s asked
for) and the whole run in 19 s; with a contour recomputed at b(t) in every frame (``redraw: true``), 5 to 8
redraws in 3 s, about 2 a second, and each frame's surface adds about 80 kB of JSON, so a 2 MB figure could
hold fewer than 25 of them.

Size
----
A path drawn "so far" repeats its earlier points in every frame, so its JSON grows with the square of the
frame count: the player uses at most :data:`MAX_FRAMES` frames and fewer if the figure would pass
:data:`MAX_BYTES`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import plotly.io as pio
from numpy.typing import ArrayLike

from .figures import MARKED_PATH_POINTS, thin
from .surface import surface_layers
from .theme import AXIS, COLORS, FONT_SIZE, LINE_WIDTH, Spec, color, drawn, legend_rows, loss_range, typed_array

FRAME_MS = 45
"""Milliseconds per frame at normal speed. Plotly shows a frame at the first screen refresh after this time,
so at 60 Hz a frame stays up 50 ms: 20 frames a second (60 ms would give 15)."""
SPEEDS = (0.5, 1.0, 2.0, 4.0)
"""Speed buttons, as multiples of the normal speed."""
MAX_FRAMES = 300
"""Most frames of an animation: 15 s at normal speed, whatever the number of updates."""
MAX_BYTES = 2_000_000
"""Largest JSON an animated figure may have (what Streamlit sends to every browser that opens the page)."""
PLAY_LABEL = "▶ Play"
PAUSE_LABEL = "❚❚ Pause"
"""Labels of the figure's Play and Pause buttons (what the keyboard bridge and the browser tests click)."""
CONTROLS_HEIGHT = 95
"""Pixels added under the x-axis title for the buttons and the slider."""
ANIMATABLE = frozenset({"scatter"})
"""Trace types Plotly moves without a full redraw; a frame that changes any other type redraws the figure."""

Patch = Mapping[str, Any]
"""New attributes for one trace, e.g. ``{"x": ..., "y": ...}``."""


@dataclass(frozen=True)
class Frame:
    """One picture of an animation: new attributes for some traces, named ``label`` on the slider."""

    label: str
    traces: Mapping[int, Patch]


def thin_frames(n_updates: int, max_frames: int = MAX_FRAMES, *, moves: ArrayLike | None = None) -> np.ndarray:
    """The updates that become frames: at most ``max_frames`` of 0..n_updates, the first and the last kept.

    Parameters
    ----------
    n_updates : int
        Number of updates k; the positions are 0 (the start) .. k.
    max_frames : int
        At least 2.
    moves : array_like of shape (k,), optional
        How far update t + 1 moves what is drawn (e.g. the path, in plot widths). Without it the frames are
        evenly spread over the updates; with it, half of them are evenly spread over the distance moved
        instead, so that the few large early steps of a descent get frames of their own.

    Returns
    -------
    ndarray of shape (m,), int
        Increasing positions, 2 <= m <= max_frames (1 when k = 0), starting at 0 and ending at k.
    """
    if n_updates < 0:
        raise ValueError(f"n_updates is {n_updates}: it must be 0 or more")
    if max_frames < 2:
        raise ValueError(f"max_frames is {max_frames}: an animation needs at least 2 frames (first and last)")
    if moves is None:
        return thin(n_updates + 1, max_frames)
    steps = np.nan_to_num(np.asarray(moves, dtype=float), nan=0.0, posinf=1.0, neginf=1.0)
    if steps.shape != (n_updates,):
        raise ValueError(f"moves has shape {steps.shape}: it needs one entry per update, ({n_updates},)")
    travelled = np.concatenate([[0.0], np.cumsum(np.clip(np.abs(steps), 0.0, 1.0))])
    even = thin(n_updates + 1, max(max_frames // 2, 2))
    if travelled[-1] <= 0:
        return thin(n_updates + 1, max_frames)
    targets = np.linspace(0.0, travelled[-1], max_frames - len(even) + 2)[1:-1]
    by_distance = np.minimum(np.searchsorted(travelled, targets), n_updates)
    frames = np.union1d(even, by_distance)
    # distance targets that fell on the same update leave frames to spare: spread them evenly
    for n_even in range(max_frames - len(frames) + len(even), len(even), -1):
        more = np.union1d(thin(n_updates + 1, n_even), by_distance)
        if len(more) <= max_frames:
            return more
    return frames


def spec_size(spec: Spec) -> int:
    """Bytes of the JSON that Streamlit sends for ``spec`` (``plotly.io.to_json``, as ``st.plotly_chart`` does)."""
    return len(pio.to_json(spec, validate=False).encode("utf-8"))


def _speed_label(multiple: float) -> str:
    return {0.25: "¼×", 0.5: "½×"}.get(multiple, f"{multiple:g}×")


def _play_args(frame_ms: int, redraw: bool) -> list[Any]:
    return [None, dict(frame=dict(duration=frame_ms, redraw=redraw), transition=dict(duration=0), fromcurrent=True)]


PAUSE_ARGS: list[Any] = [
    [None],
    dict(frame=dict(duration=0, redraw=False), transition=dict(duration=0), mode="immediate"),
]
"""Pause: an empty animation that interrupts the running one at once."""


def animated(
    spec: Spec,
    frames: Sequence[Frame],
    *,
    frame_ms: int = FRAME_MS,
    speeds: Sequence[float] = SPEEDS,
    prefix: str = "update ",
) -> Spec:
    """``spec`` with ``frames``, Play / Pause and speed buttons and a slider with one step per frame.

    Every frame must give the same traces (so that compared runs move in lock-step and the slider can jump
    anywhere); the figure starts at the first frame. ``frame_ms`` is the normal speed; a speed button plays
    from the current frame at that multiple of it. The slider shows ``prefix`` and the frame's label.
    Frames are drawn without a full redraw when every trace they change is a scatter trace.
    ``spec`` is left as it is.
    """
    if not frames:
        raise ValueError("frames is empty: an animation needs at least one frame")
    labels = [f.label for f in frames]
    if len(set(labels)) != len(labels):
        raise ValueError("frame labels must be unique: the slider and Play find frames by their label")
    indices = sorted(frames[0].traces)
    for f in frames:
        if sorted(f.traces) != indices:
            raise ValueError(f"frame {f.label!r} changes traces {sorted(f.traces)}, the first frame {indices}")
    data = list(spec["data"])
    if indices and not 0 <= indices[0] <= indices[-1] < len(data):
        raise ValueError(f"frames change traces {indices}, but the figure has {len(data)} traces")
    for i in indices:
        data[i] = {**data[i], **frames[0].traces[i]}
    redraw = any(data[i].get("type", "scatter") not in ANIMATABLE for i in indices)
    still = sorted({t.get("type", "scatter") for t in data} - ANIMATABLE)
    if still and not redraw:
        raise ValueError(
            f"the figure has {', '.join(still)} traces: Plotly removes them on the first frame drawn without a "
            "redraw; draw a surface with nnviz.surface.surface_layers, or let the frames change it (slow)"
        )
    layout = dict(spec["layout"])
    margin = dict(layout.get("margin", {}))
    below = margin.get("b", 60)  # the x-axis title lives there: the controls go under it
    layout["margin"] = {**margin, "b": below + CONTROLS_HEIGHT}
    layout["height"] = layout.get("height", 450) + CONTROLS_HEIGHT
    font = dict(size=FONT_SIZE - 2)
    menu = dict(type="buttons", direction="left", y=0, yanchor="top", pad=dict(t=below + 10, r=10), font=font)
    layout["updatemenus"] = [
        dict(
            menu,
            name="play",
            showactive=False,
            x=0,
            xanchor="left",
            buttons=[
                dict(label=PLAY_LABEL, method="animate", args=_play_args(frame_ms, redraw)),
                dict(label=PAUSE_LABEL, method="animate", args=PAUSE_ARGS),
            ],
        ),
        dict(
            menu,
            name="speed",
            showactive=True,
            active=list(speeds).index(1.0) if 1.0 in speeds else -1,
            x=1,
            xanchor="right",
            buttons=[
                dict(label=_speed_label(s), method="animate", args=_play_args(round(frame_ms / s), redraw))
                for s in speeds
            ],
        ),
    ]
    step_args = dict(mode="immediate", frame=dict(duration=0, redraw=redraw), transition=dict(duration=0))
    layout["sliders"] = [
        dict(
            active=0,
            x=0,
            len=1,
            y=0,
            yanchor="top",
            pad=dict(t=below + 10),
            currentvalue=dict(prefix=prefix, font=dict(size=FONT_SIZE, color="#222"), xanchor="center", offset=24),
            font=dict(size=2, color="rgba(0,0,0,0)"),
            tickcolor="rgba(0,0,0,0)",
            ticklen=0,
            minorticklen=0,
            transition=dict(duration=0),
            steps=[dict(label=f.label, method="animate", args=[[f.label], step_args]) for f in frames],
        )
    ]
    out_frames = [dict(name=f.label, traces=indices, data=[dict(f.traces[i]) for i in indices]) for f in frames]
    return {**spec, "data": data, "layout": layout, "frames": out_frames}


@dataclass(frozen=True)
class Run:
    """One run in :func:`descent_player`: its path through two parameters and its full-data loss.

    ``x``, ``y`` and ``loss`` have shape (k + 1,): position 0 is the start, position t follows update t.
    ``color_index`` picks its colour (``theme.color``); None: by its place among the runs.
    """

    label: str
    x: np.ndarray
    y: np.ndarray
    loss: np.ndarray
    color_index: int | None = None

    def color(self, k: int) -> str:
        """The run's colour when it is run ``k`` of the player."""
        return color(k + 1 if self.color_index is None else self.color_index)


def _value(v: float) -> float | None:
    """A marker coordinate: None (no marker) when not finite."""
    return float(v) if np.isfinite(v) else None


@dataclass
class _Moving:
    """Indices of the traces frames move: each run's path and markers, and the loss plot's vertical line."""

    path: list[int] = field(default_factory=list)
    marker: list[int] = field(default_factory=list)
    loss_marker: list[int] = field(default_factory=list)
    vline: int = -1


STILL_OVERLAY = dict(visible=False, showgrid=False, zeroline=False)
"""Axes of an overlay on the contour (same ranges, hidden) that holds the surface's contour lines and hover markers.
A frame drawn without a redraw re-plots every scatter trace of each subplot it changes: on the contour's own axes
the lines and the 41 x 41 hover markers made each frame about three times slower (headless Chromium on the shared
two-core machine: about 160 ms a frame instead of 50 to 80 ms). The overlay draws above the paths: the lines are
thin and faint, and the markers invisible."""
LOSS_POINTS = 400
"""Points of each loss line (thinned): a frame re-plots the loss lines with its moving marker, and a 300-pixel
plot shows no more."""
CONTOUR_WIDTH = 0.42
"""The share of the player's width each plot takes (the contour on the left, the loss on the right)."""
LEGEND_WIDTH_PX = 520
"""The width the player's legend is laid out for (wider charts need fewer rows)."""


def _player_figure(
    values_1: ArrayLike,
    values_2: ArrayLike,
    surface: ArrayLike,
    runs: Sequence[Run],
    axis_titles: tuple[str, str],
    surface_title: str,
    optimum: tuple[float, float] | None,
    log_loss: bool,
    plot_height: int,
    marked: bool,
) -> tuple[Spec, _Moving]:
    """The player's still figure: the surface and paths (x, y) on the left, the loss lines (x2, y2) on the right."""
    v1, v2 = np.asarray(values_1, dtype=float), np.asarray(values_2, dtype=float)
    # no colour bar: between the two plots it would cover the loss axis's labels in a narrow chart (hover: the MSE)
    image, data = surface_layers(v1, v2, surface, axis_titles=axis_titles)
    for still in data:  # the contour lines and the hover markers, on an overlay of their own: see STILL_OVERLAY
        still |= dict(xaxis="x3", yaxis="y3")
    moving = _Moving()
    for k, r in enumerate(runs):
        c, group = r.color(k), f"run{k}"
        moving.path.append(len(data))
        line = dict(color=c, width=LINE_WIDTH)
        mode = "lines+markers" if marked else "lines"
        data.append(dict(type="scatter", x=[], y=[], mode=mode, name=r.label, legendgroup=group, line=line))
        data[-1]["marker"] = dict(size=7, color=c)
        start = dict(size=16, color=c, symbol="circle-open", line=dict(width=3, color=c))
        data.append(
            dict(type="scatter", x=[float(r.x[0])], y=[float(r.y[0])], mode="markers", marker=start)
            | dict(showlegend=False, legendgroup=group, hoverinfo="skip")
        )
    if optimum is not None:
        star = dict(size=20, color="#000000", symbol="star", line=dict(color="white", width=2))
        data.append(
            dict(type="scatter", x=[optimum[0]], y=[optimum[1]], mode="markers", marker=star)
            | dict(name="least-squares optimum", hovertemplate="%{x:.4f}, %{y:.4f}<extra>least squares</extra>")
        )
    for k, r in enumerate(runs):
        idx = thin(len(r.loss), LOSS_POINTS)
        loss = np.asarray(r.loss, dtype=float)[idx]
        data.append(
            dict(
                type="scatter",
                x=typed_array(idx, "i4"),
                y=drawn(np.where(loss > 0, loss, np.nan) if log_loss else loss),
                mode="lines",
                name=r.label,
                legendgroup=f"run{k}",
                showlegend=False,
                line=dict(color=r.color(k), width=LINE_WIDTH),
                xaxis="x2",
                yaxis="y2",
                hovertemplate="update %{x}<br>MSE = %{y:.4g}<extra></extra>",
            )
        )
    for k, r in enumerate(runs):
        marker = dict(size=16, color=r.color(k), symbol="diamond", line=dict(color="white", width=2))
        common: dict[str, Any] = dict(type="scatter", mode="markers", marker=marker, legendgroup=f"run{k}")
        common.update(showlegend=False, cliponaxis=False, x=[], y=[])
        moving.marker.append(len(data))
        hover = f"{axis_titles[0]} = %{{x:.4f}}<br>{axis_titles[1]} = %{{y:.4f}}<extra>{r.label}</extra>"
        data.append(dict(common, hovertemplate=hover))
        moving.loss_marker.append(len(data))
        hover = f"update %{{x}}<br>MSE = %{{y:.4g}}<extra>{r.label}</extra>"
        data.append(dict(common, xaxis="x2", yaxis="y2", hovertemplate=hover))
    y_range = loss_range([r.loss for r in runs], log_loss)
    moving.vline = len(data)
    data.append(
        dict(
            type="scatter",
            x=[0, 0],
            y=[10**v for v in y_range] if log_loss else y_range,
            mode="lines",
            line=dict(color="#555", width=2, dash="dot"),
            showlegend=False,
            hoverinfo="skip",
            xaxis="x2",
            yaxis="y2",
        )
    )
    last = max(len(r.x) for r in runs) - 1
    rows = legend_rows([r.label for r in runs] + ["least-squares optimum"] * (optimum is not None), LEGEND_WIDTH_PX)
    top = 60 + 30 * rows
    plain = dict(showgrid=False, zeroline=False)
    layout = dict(
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=COLORS,
        font=dict(size=FONT_SIZE),
        hoverlabel=dict(font_size=FONT_SIZE - 2),
        height=plot_height + top + 70,
        margin=dict(l=80, r=30, t=top, b=70),
        images=[image],
        xaxis={**AXIS, **plain, "domain": [0.0, CONTOUR_WIDTH], "range": [float(v1.min()), float(v1.max())]}
        | {"title": dict(text=axis_titles[0])},
        yaxis={**AXIS, **plain, "anchor": "x", "range": [float(v2.min()), float(v2.max())]}
        | {"title": dict(text=axis_titles[1])},
        xaxis2={
            **AXIS,
            "domain": [1.0 - CONTOUR_WIDTH, 1.0],
            "anchor": "y2",
            "title": dict(text="update"),
            "range": [0, max(last, 1)],
        },
        yaxis2={**AXIS, "anchor": "x2", "range": y_range}
        | {"type": "log" if log_loss else "linear", "exponentformat": "power"},
        xaxis3=dict(STILL_OVERLAY, overlaying="x", matches="x", anchor="y3"),
        yaxis3=dict(STILL_OVERLAY, overlaying="y", matches="y", anchor="x3"),
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            y=1 + 36 / plot_height,
            yanchor="bottom",
            font=dict(size=FONT_SIZE - 2),
            bgcolor="rgba(255,255,255,0.85)",
        ),
        annotations=[
            dict(text=text, xref=f"{axis} domain", x=0, xanchor="left", yref="paper", y=1, yanchor="bottom")
            | dict(showarrow=False, font=dict(size=FONT_SIZE))
            for text, axis in ((surface_title, "x"), ("MSE per update", "x2"))
        ],
    )
    return {"data": data, "layout": layout}, moving


def _moves(runs: Sequence[Run], n_updates: int, values_1: ArrayLike, values_2: ArrayLike) -> np.ndarray:
    """How far each update moves the runs' points on the contour, in plot widths (summed over the runs)."""
    span_1, span_2 = (float(np.ptp(np.asarray(v, dtype=float))) or 1.0 for v in (values_1, values_2))
    moves = np.zeros(n_updates)
    for r in runs:
        with np.errstate(invalid="ignore", over="ignore"):
            step = np.hypot(
                np.diff(np.asarray(r.x, dtype=float)) / span_1, np.diff(np.asarray(r.y, dtype=float)) / span_2
            )
        moves[: len(step)] += np.nan_to_num(np.minimum(step, 1.0), nan=1.0)
    return moves


def _player_frames(runs: Sequence[Run], updates: np.ndarray, moving: _Moving, log_loss: bool) -> list[Frame]:
    """Frame j: each run's path through the frame updates so far, its markers at update updates[j] (or its last)."""
    frames = []
    for j, t in enumerate(updates):
        traces: dict[int, Patch] = {moving.vline: {"x": [int(t), int(t)]}}
        for k, r in enumerate(runs):
            last = len(r.x) - 1
            shown = np.unique(np.minimum(updates[: j + 1], last))
            now = min(int(t), last)
            loss = float(r.loss[now])
            traces[moving.path[k]] = {"x": drawn(r.x[shown]), "y": drawn(r.y[shown])}
            traces[moving.marker[k]] = {"x": [_value(r.x[now])], "y": [_value(r.y[now])]}
            traces[moving.loss_marker[k]] = {"x": [now], "y": [_value(loss) if loss > 0 or not log_loss else None]}
        frames.append(Frame(str(int(t)), traces))
    return frames


def descent_player(
    values_1: ArrayLike,
    values_2: ArrayLike,
    surface: ArrayLike,
    runs: Sequence[Run],
    *,
    axis_titles: tuple[str, str],
    surface_title: str,
    optimum: tuple[float, float] | None = None,
    log_loss: bool = True,
    max_frames: int | None = None,
    frame_ms: int = FRAME_MS,
    plot_height: int = 360,
) -> Spec:
    """MSE contours with every run's path (left) and their loss per update (right), played in lock-step.

    Parameters
    ----------
    values_1, values_2 : array_like of shape (g1,) and (g2,)
        The grid of the two parameters (x and y of the contour).
    surface : array_like of shape (g2, g1)
        The MSE on the grid; it stays as it is during play (see the module docstring).
    runs : the runs, run k drawn in ``theme.color(k + 1)`` on both plots (as ``figures.contour_figure``
        colours paths) unless it names its colour. Runs of different lengths move together; one that has
        finished stays at its end.
    surface_title : what the contour shows, e.g. "MSE over (w1, w2) at b = b* = 0.100".
    max_frames : most frames (at least 2); None: as many as keep the figure under :data:`MAX_BYTES`, up to
        :data:`MAX_FRAMES`.
    plot_height : pixels of the plots; the figure adds the legend, the titles and the controls.

    Returns
    -------
    Spec
        Frame j shows every run's path through the frame updates up to the j-th, a diamond at its current
        point on both plots and a dotted vertical line at that update on the loss plot.
    """
    if not runs:
        raise ValueError("runs is empty: the player needs at least one run")
    for r in runs:
        if len(r.x) == 0 or len(r.y) != len(r.x) or len(r.loss) != len(r.x):
            raise ValueError(f"run {r.label!r}: x, y and loss need the same length k + 1 >= 1")
    n_updates = max(len(r.x) for r in runs) - 1
    moves = _moves(runs, n_updates, values_1, values_2)
    frames = max_frames or MAX_FRAMES
    marked = len(thin_frames(n_updates, frames, moves=moves)) <= MARKED_PATH_POINTS
    still, moving = _player_figure(
        values_1, values_2, surface, runs, axis_titles, surface_title, optimum, log_loss, plot_height, marked
    )
    while True:
        updates = thin_frames(n_updates, frames, moves=moves)
        spec = animated(still, _player_frames(runs, updates, moving, log_loss), frame_ms=frame_ms)
        if max_frames is not None or frames <= 2:
            return spec
        size = spec_size(spec)
        if size <= MAX_BYTES:
            return spec
        # the paths drawn so far grow with the square of the frame count
        frames = max(2, min(frames - 1, int(frames * np.sqrt(0.97 * MAX_BYTES / size))))
