"""Plotly figures as pure functions: arrays in, ``go.Figure`` out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

from .theme import LINE_WIDTH, Spec, color, figure, hline, typed_array, vline

MAX_POINTS = 2000
"""Most points drawn per line; longer histories are thinned for drawing, never for computing."""

HORIZONTAL_LEGEND = dict(orientation="h", yanchor="bottom", y=1.02, x=0)
LEGEND_BELOW = dict(orientation="v", yref="container", yanchor="bottom", y=0.01, x=0)
"""A legend under the plot, anchored to the figure's bottom edge: it never overlaps the x-axis title."""
MAX_LEGEND_ABOVE = 3
"""Line charts with more series than this put their legend below the plot."""


def below_legend_margin(entries: int) -> int:
    """Bottom margin (px) for the x-axis title and a legend of ``entries`` lines below the plot."""
    return 80 + 26 * entries


CURRENT = "current"
"""Name of what marks the current step: the contour's marker trace, the line charts' vertical line."""

MARKED_PATH_POINTS = 60
"""Paths with at most this many points drawn are drawn with a marker at every point."""


def thin(n: int, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices 0..n-1 thinned to about ``max_points``, always keeping the first and the last."""
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(int))


def grid_range(paths: Sequence[ArrayLike], anchors: Sequence[float], points: int = 81) -> np.ndarray:
    """Grid values covering the anchors (starts, optimum) and the paths near them, with a margin.

    A diverged path runs off towards infinity: only its points within a few spreads of the anchors count.
    """
    lo_a, hi_a = min(anchors), max(anchors)
    spread = max(hi_a - lo_a, 1.0)
    pts = np.concatenate([np.ravel(p) for p in paths] + [np.asarray(anchors, dtype=float)])
    pts = pts[np.isfinite(pts) & (pts >= lo_a - 3 * spread) & (pts <= hi_a + 3 * spread)]
    lo, hi = float(pts.min()), float(pts.max())
    pad = max(hi - lo, 0.5) * 0.2
    return np.linspace(lo - pad, hi + pad, points)


def _line(x: ArrayLike, y: ArrayLike, name: str, c: str, dash: str = "solid", **extra: Any) -> dict[str, Any]:
    return dict(
        type="scatter", x=x, y=y, name=name, mode="lines", line=dict(color=c, width=LINE_WIDTH, dash=dash), **extra
    )


def _marker(
    x: float, y: float, name: str, c: str, symbol: str = "circle", size: int = 14, **extra: Any
) -> dict[str, Any]:
    marker = dict(size=size, color=c, symbol=symbol, line=dict(color="white", width=2))
    return dict(type="scatter", x=[x], y=[y], mode="markers", name=name, marker=marker, **extra)


@dataclass(frozen=True)
class Path:
    """A labelled path through parameter space for a contour plot."""

    label: str
    x: np.ndarray
    y: np.ndarray


def contour_figure(
    values_1: ArrayLike,
    values_2: ArrayLike,
    surface: ArrayLike,
    paths: Sequence[Path],
    *,
    axis_titles: tuple[str, str],
    optimum: tuple[float, float] | None = None,
    current: tuple[float, float] | None = None,
    title: str | None = None,
) -> go.Figure:
    """MSE contours (coloured by log10 MSE) with each path, its start, the current point and the optimum."""
    v1, v2 = np.asarray(values_1, dtype=float), np.asarray(values_2, dtype=float)
    data: list[dict[str, Any]] = [
        dict(
            type="contour",
            x=v1,
            y=v2,
            **_surface(surface),
            colorscale="Blues_r",
            contours=dict(coloring="heatmap", showlines=True),
            line=dict(width=0.8, color="rgba(0,0,0,0.35)"),
            ncontours=24,
            colorbar=dict(title=dict(text="log<sub>10</sub> MSE", side="right"), thickness=18),
            hovertemplate=(
                f"{axis_titles[0]} = %{{x:.3f}}<br>{axis_titles[1]} = %{{y:.3f}}"
                "<br>MSE = %{customdata:.4g}<extra></extra>"
            ),
        )
    ]
    for k, path in enumerate(paths):
        c = color(k + 1)
        data.append({**_line([], [], path.label, c, marker=dict(size=7, color=c)), **_points(path)})
        start = _marker(path.x[0], path.y[0], f"start: {path.label}" if len(paths) > 1 else "start", c)
        start["marker"] = dict(size=16, color=c, symbol="circle-open", line=dict(width=3, color=c))
        data.append(start)
    if current is not None:
        data.append(_marker(current[0], current[1], CURRENT, "#D55E00", "diamond", 18))
    if optimum is not None:
        data.append(_marker(optimum[0], optimum[1], "least-squares optimum", "#000000", "star", 20))
    layout = dict(
        xaxis=dict(title=dict(text=axis_titles[0]), range=[float(v1.min()), float(v1.max())]),
        yaxis=dict(title=dict(text=axis_titles[1]), range=[float(v2.min()), float(v2.max())]),
        legend=LEGEND_BELOW,
        margin=dict(l=80, r=40, t=70 if title else 30, b=below_legend_margin(len(data) - 1)),
    )
    return figure(data, layout, title=title, height=460 + below_legend_margin(len(data) - 1))


def _surface(surface: ArrayLike) -> dict[str, np.ndarray]:
    """The contour's colours (log10 MSE) and hover values (MSE), in float32: plenty for drawing, half the bytes."""
    surf = np.asarray(surface, dtype=float)
    return dict(z=np.log10(np.maximum(surf, 1e-12)).astype(np.float32), customdata=surf.astype(np.float32))


def _points(path: Path) -> dict[str, Any]:
    """A path's drawn points (thinned) and mode: a marker at each point while there are few."""
    idx = thin(len(path.x))
    return dict(x=path.x[idx], y=path.y[idx], mode="lines+markers" if len(idx) <= MARKED_PATH_POINTS else "lines")


def contour_at(
    fig: Spec,
    *,
    path: Path,
    current: tuple[float, float],
    surface: ArrayLike | None = None,
    title: str | None = None,
) -> Spec:
    """A :func:`contour_figure` spec moved to another step, without building the figure again.

    ``path`` replaces the first path's points (so far), ``current`` moves the current point and ``surface``,
    when the surface depends on the step (the MSE over (w1, w2) at the current b), replaces the contours;
    ``title``, if given, replaces the title. ``fig`` is left as it is (a cached spec is shared).
    """
    if title is not None:
        fig = {**fig, "layout": {**fig["layout"], "title": {**fig["layout"].get("title", {}), "text": title}}}
    data = list(fig["data"])
    if surface is not None:
        data[0] = {**data[0], **{k: typed_array(v, "f4") for k, v in _surface(surface).items()}}
    points = _points(path)
    data[1] = {**data[1], "x": typed_array(points["x"]), "y": typed_array(points["y"]), "mode": points["mode"]}
    k = next(i for i, trace in enumerate(data) if trace.get("name") == CURRENT)
    data[k] = {**data[k], "x": [float(current[0])], "y": [float(current[1])]}
    return {**fig, "data": data}


def line_at(fig: Spec, marker_x: float) -> Spec:
    """A :func:`line_figure` spec with its current-step line moved to ``marker_x``; ``fig`` is left as it is."""
    layout = dict(fig["layout"])
    layout["shapes"] = [
        {**shape, "x0": float(marker_x), "x1": float(marker_x)} if shape.get("name") == CURRENT else shape
        for shape in layout.get("shapes", [])
    ]
    return {**fig, "layout": layout}


@dataclass(frozen=True)
class Series:
    """One line of a chart against the update or iteration number."""

    label: str
    x: np.ndarray
    y: np.ndarray
    dash: str = "solid"
    color_index: int | None = None


def line_figure(
    series: Sequence[Series],
    *,
    x_title: str,
    y_title: str,
    log_y: bool = False,
    marker_x: float | None = None,
    boundaries: ArrayLike | None = None,
    horizontals: Sequence[tuple[float, str, int]] = (),
    title: str | None = None,
    height: int = 440,
) -> go.Figure:
    """Lines against an update/iteration axis: loss curves and parameter traces.

    ``boundaries`` marks epoch ends with faint vertical lines; ``horizontals`` are dashed reference
    levels (value, label, colour index), e.g. the true weights; ``marker_x`` marks the current step.
    """
    data: list[dict[str, Any]] = []
    for k, line in enumerate(series):
        x = np.asarray(line.x)
        y = np.asarray(line.y, dtype=float)
        idx = thin(len(x))
        if log_y:
            y = np.where(y > 0, y, np.nan)
        data.append(
            _line(x[idx], y[idx], line.label, color(k if line.color_index is None else line.color_index), line.dash)
        )
    shapes: list[dict[str, Any]] = []
    if boundaries is not None:
        bounds = np.asarray(boundaries, dtype=float)
        shapes += [vline(float(b), "rgba(0,0,0,0.15)", 1.0) for b in bounds[thin(len(bounds), 100)]]
    shapes += [hline(value, color(k)) for value, _, k in horizontals]
    if marker_x is not None:
        shapes.append(vline(float(marker_x), "#D55E00", 2.5, name=CURRENT))
    annotations = [
        dict(
            xref="paper",
            x=0.01,
            yref="y",
            y=value,
            text=label,
            showarrow=False,
            yanchor="bottom",
            xanchor="left",
            font=dict(size=14, color=color(k)),
        )
        for value, label, k in horizontals
    ]
    margin = dict(l=95, r=30, t=80 if title else 40, b=60)
    layout: dict[str, Any] = dict(
        shapes=shapes,
        annotations=annotations,
        xaxis=dict(title=dict(text=x_title)),
        yaxis=dict(title=dict(text=y_title, standoff=12), type="log" if log_y else "linear", exponentformat="power"),
        legend=HORIZONTAL_LEGEND,
        margin=margin,
    )
    if len(series) > MAX_LEGEND_ABOVE:  # a long legend goes below, one entry a line, and the figure grows
        layout["legend"] = LEGEND_BELOW
        layout["margin"] = {**margin, "b": below_legend_margin(len(series))}
        height += below_legend_margin(len(series)) - margin["b"]
    return figure(data, layout, title=title, height=height)
