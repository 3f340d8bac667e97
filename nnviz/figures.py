"""Plotly figures as pure functions: arrays in, ``go.Figure`` out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

import nnmath as nm

from .theme import LINE_WIDTH, Spec, color, figure, hline, spec, typed_array, vline, vrect

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


def activation_figure(
    names: Sequence[str],
    z_min: float = -6.0,
    z_max: float = 6.0,
    z0: float | None = None,
    show_derivative: bool = True,
    threshold: float = 0.05,
    points: int = 601,
) -> go.Figure:
    """f(z) (solid) and f'(z) (dotted) of each activation, a marker at z0, and the flat regions shaded.

    Softmax is drawn as its first component for the vector (z, 0), which is the sigmoid.
    """
    z = np.linspace(z_min, z_max, points)
    data: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    for k, name in enumerate(names):
        act = nm.ACTIVATIONS[name]
        if act.elementwise:
            f, df = act.fn(z), act.grad(z)
        else:
            f = act.fn(np.stack([z, np.zeros_like(z)], axis=-1))[:, 0]
            df = act.grad_from_output(z, f)
        label = act.label if act.elementwise else f"{act.label} (component 1 of (z, 0))"
        data.append(_line(z, f, label, color(k)))
        if show_derivative:
            data.append(_line(z, df, f"{label}: derivative", color(k), "dot"))
        if threshold > 0:
            shapes += [vrect(lo, hi, color(k)) for lo, hi in nm.activations.vanishing_regions(name, z, threshold)]
        if z0 is not None and z_min <= z0 <= z_max:
            f0 = float(act.fn(np.array([z0] if act.elementwise else [z0, 0.0]))[0])
            data.append(_marker(z0, f0, f"{act.label} at z = {z0:g}", color(k), showlegend=False))
    if z0 is not None:
        shapes.append(vline(z0, "#555", 1.5, "dash"))
    layout = dict(shapes=shapes, xaxis=dict(title=dict(text="z")), yaxis=dict(title=dict(text="f(z), f'(z)")))
    return figure(data, layout, height=520)


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


def network_diagram(
    sizes: Sequence[int],
    weights: Sequence[ArrayLike],
    *,
    node_values: Sequence[ArrayLike] | None = None,
    weight_grads: Sequence[ArrayLike] | None = None,
    activations: Sequence[str] | None = None,
    highlight_layer: int | None = None,
    direction: str = "forward",
    precision: int = 4,
    title: str | None = None,
) -> go.Figure:
    """Neurons as circles (their values inside), edges as lines whose width and colour show the weight.

    Parameters
    ----------
    sizes : units per layer, input first.
    weights : ``weights[k]`` of shape (sizes[k], sizes[k + 1]).
    node_values : optional ``node_values[l]`` of shape (sizes[l],): a value to print in each neuron.
    weight_grads : optional, like ``weights``: shown on hover over an edge's label.
    activations : optional activation name of each layer after the input, written above it.
    highlight_layer : index k of the weight layer to highlight (edges into layer k + 1), or None.
    direction : "forward" (blue highlight) or "backward" (orange highlight).
    """
    n_layers = len(sizes)
    tallest = max(sizes)
    pos = [[(float(layer), (size - 1) / 2 - u) for u in range(size)] for layer, size in enumerate(sizes)]
    all_w = np.concatenate([np.ravel(np.asarray(w, dtype=float)) for w in weights]) if weights else np.zeros(1)
    w_max = max(float(np.max(np.abs(all_w))), 1e-12)
    hi_color = "#0072B2" if direction == "forward" else "#D55E00"
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    mid_x: list[float] = []
    mid_y: list[float] = []
    hover: list[str] = []
    for k, W_k in enumerate(weights):
        W = np.asarray(W_k, dtype=float)
        G = None if weight_grads is None else np.asarray(weight_grads[k], dtype=float)
        highlighted = highlight_layer == k
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                (x0, y0), (x1, y1) = pos[k][i], pos[k + 1][j]
                w = W[i, j]
                edge_color = hi_color if highlighted else ("#009E73" if w >= 0 else "#CC79A7")
                shapes.append(
                    dict(
                        type="line",
                        x0=x0,
                        y0=y0,
                        x1=x1,
                        y1=y1,
                        layer="below",
                        opacity=1.0 if highlighted or highlight_layer is None else 0.45,
                        line=dict(color=edge_color, width=1.5 + 7.0 * abs(w) / w_max),
                    )
                )
                text = f"W{k + 1}[{i + 1},{j + 1}] = {w:.{precision}f}"
                if G is not None:
                    text += f"<br>dL/dW = {G[i, j]:.{precision}g}"
                t = 0.3 if j % 2 == 0 else 0.7
                mid_x.append(x0 + t * (x1 - x0))
                mid_y.append(y0 + t * (y1 - y0))
                hover.append(text)
                annotations.append(
                    dict(
                        x=mid_x[-1],
                        y=mid_y[-1],
                        text=f"{w:.3f}",
                        showarrow=False,
                        font=dict(size=14, color=edge_color),
                        bgcolor="rgba(255,255,255,0.85)",
                    )
                )
    data: list[dict[str, Any]] = [
        dict(
            type="scatter",
            x=mid_x,
            y=mid_y,
            mode="markers",
            marker=dict(size=22, opacity=0),
            hoverinfo="text",
            hovertext=hover,
            showlegend=False,
        )
    ]
    for layer, size in enumerate(sizes):
        xs = [p[0] for p in pos[layer]]
        ys = [p[1] for p in pos[layer]]
        values = None if node_values is None else np.ravel(np.asarray(node_values[layer], dtype=float))
        labels = [f"{values[u]:.{precision}g}" if values is not None else "" for u in range(size)]
        if layer == 0:
            names = [f"x{u + 1}" for u in range(size)]
        elif layer == n_layers - 1:
            names = ["ŷ" if size == 1 else f"ŷ{u + 1}" for u in range(size)]
        else:
            names = [f"h{layer},{u + 1}" for u in range(size)]
        highlighted = highlight_layer is not None and layer == highlight_layer + 1
        ring = dict(color=hi_color if highlighted else "#333", width=4 if highlighted else 2)
        data.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="markers+text",
                marker=dict(size=58, color="white", line=ring),
                text=labels,
                textfont=dict(size=15),
                hoverinfo="text",
                hovertext=[f"{name}: {value}" for name, value in zip(names, labels, strict=True)],
                showlegend=False,
            )
        )
        annotations += [
            dict(x=xs[u], y=ys[u] + 0.42, text=f"<b>{names[u]}</b>", showarrow=False, font=dict(size=15))
            for u in range(size)
        ]
        if activations is not None and layer > 0:
            annotations.append(
                dict(
                    x=layer,
                    y=(tallest - 1) / 2 + 0.9,
                    text=activations[layer - 1],
                    showarrow=False,
                    font=dict(size=15, color="#555"),
                )
            )
    layout = dict(
        shapes=shapes,
        annotations=annotations,
        xaxis=dict(visible=False, range=[-0.4, n_layers - 0.6]),
        yaxis=dict(visible=False, range=[-(tallest - 1) / 2 - 0.8, (tallest - 1) / 2 + 1.1]),
    )
    return figure(data, layout, title=title, height=max(420, 140 * tallest + 160))


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
