"""Plotly figures as pure functions: arrays in, ``go.Figure`` out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

import nnmath as nm

from .theme import LINE_WIDTH, color, style

MAX_POINTS = 2000
"""Most points drawn per line; longer histories are thinned for drawing, never for computing."""


def thin(n: int, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices 0..n-1 thinned to about ``max_points``, always keeping the first and the last."""
    if n <= max_points:
        return np.arange(n)
    idx = np.unique(np.linspace(0, n - 1, max_points).round().astype(int))
    return idx


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
    fig = go.Figure()
    for k, name in enumerate(names):
        act = nm.ACTIVATIONS[name]
        if act.elementwise:
            f, df = act.fn(z), act.grad(z)
        else:
            pair = act.fn(np.stack([z, np.zeros_like(z)], axis=-1))[:, 0]
            f, df = pair, pair * (1 - pair)
        label = act.label if act.elementwise else f"{act.label} (component 1 of (z, 0))"
        fig.add_trace(go.Scatter(x=z, y=f, name=f"{label}", line=dict(color=color(k), width=LINE_WIDTH)))
        if show_derivative:
            fig.add_trace(
                go.Scatter(
                    x=z, y=df, name=f"{label}: derivative", line=dict(color=color(k), width=LINE_WIDTH, dash="dot")
                )
            )
        if threshold > 0:
            for lo, hi in nm.activations.vanishing_regions(name, z, threshold):
                fig.add_vrect(x0=lo, x1=hi, fillcolor=color(k), opacity=0.08, line_width=0, layer="below")
        if z0 is not None and z_min <= z0 <= z_max:
            f0 = float(act.fn(np.array([z0] if act.elementwise else [z0, 0.0]))[0])
            fig.add_trace(
                go.Scatter(
                    x=[z0],
                    y=[f0],
                    mode="markers",
                    marker=dict(size=14, color=color(k), line=dict(color="white", width=2)),
                    name=f"{act.label} at z = {z0:g}",
                    showlegend=False,
                )
            )
    if z0 is not None:
        fig.add_vline(x=z0, line=dict(color="#555", width=1.5, dash="dash"))
    fig.update_xaxes(title_text="z")
    fig.update_yaxes(title_text="f(z), f'(z)")
    return style(fig, height=520)


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
    """MSE contours (log-spaced colour) with each path, its start, the current point and the optimum."""
    surf = np.asarray(surface, dtype=float)
    log_surface = np.log10(np.maximum(surf, 1e-12))
    fig = go.Figure(
        go.Contour(
            x=np.asarray(values_1),
            y=np.asarray(values_2),
            z=log_surface,
            customdata=surf,
            colorscale="Blues_r",
            contours=dict(coloring="heatmap", showlines=True),
            line=dict(width=0.8, color="rgba(0,0,0,0.35)"),
            ncontours=24,
            colorbar=dict(title=dict(text="log10 MSE", side="right")),
            hovertemplate=(
                f"{axis_titles[0]} = %{{x:.3f}}<br>{axis_titles[1]} = %{{y:.3f}}"
                "<br>MSE = %{customdata:.4g}<extra></extra>"
            ),
        )
    )
    for k, path in enumerate(paths):
        idx = thin(len(path.x))
        c = color(k + 1)
        fig.add_trace(
            go.Scatter(
                x=path.x[idx],
                y=path.y[idx],
                mode="lines+markers" if len(idx) <= 60 else "lines",
                name=path.label,
                line=dict(color=c, width=LINE_WIDTH),
                marker=dict(size=7, color=c),
            )
        )
        fig.add_trace(
            go.Scatter(
                x=path.x[:1],
                y=path.y[:1],
                mode="markers",
                name=f"start ({path.label})" if len(paths) > 1 else "start",
                marker=dict(size=16, color=c, symbol="circle-open", line=dict(width=3)),
            )
        )
    if current is not None:
        fig.add_trace(
            go.Scatter(
                x=[current[0]],
                y=[current[1]],
                mode="markers",
                name="current",
                marker=dict(size=18, color="#D55E00", symbol="diamond", line=dict(color="white", width=2)),
            )
        )
    if optimum is not None:
        fig.add_trace(
            go.Scatter(
                x=[optimum[0]],
                y=[optimum[1]],
                mode="markers",
                name="least-squares optimum",
                marker=dict(size=20, color="#000", symbol="star", line=dict(color="white", width=1)),
            )
        )
    fig.update_xaxes(title_text=axis_titles[0], range=[float(np.min(values_1)), float(np.max(values_1))])
    fig.update_yaxes(title_text=axis_titles[1], range=[float(np.min(values_2)), float(np.max(values_2))])
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0))
    return style(fig, title=title, height=560)


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
    fig = go.Figure()
    for k, s in enumerate(series):
        x = np.asarray(s.x)
        y = np.asarray(s.y, dtype=float)
        idx = thin(len(x))
        if log_y:
            y = np.where(y > 0, y, np.nan)
        c = color(k if s.color_index is None else s.color_index)
        fig.add_trace(
            go.Scatter(
                x=x[idx], y=y[idx], name=s.label, mode="lines", line=dict(color=c, width=LINE_WIDTH, dash=s.dash)
            )
        )
    if boundaries is not None:
        bounds = np.asarray(boundaries)
        for b in bounds[thin(len(bounds), 60)]:
            fig.add_vline(x=float(b), line=dict(color="rgba(0,0,0,0.15)", width=1))
    for value, label, k in horizontals:
        fig.add_hline(
            y=value,
            line=dict(color=color(k), width=2, dash="dash"),
            annotation_text=label,
            annotation_position="top left",
            annotation_font_size=14,
        )
    if marker_x is not None:
        fig.add_vline(x=float(marker_x), line=dict(color="#D55E00", width=2.5))
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title, type="log" if log_y else "linear", exponentformat="power")
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0))
    return style(fig, title=title, height=height)


def network_diagram(
    sizes: Sequence[int],
    weights: Sequence[ArrayLike],
    *,
    node_values: Sequence[ArrayLike] | None = None,
    weight_grads: Sequence[ArrayLike] | None = None,
    biases: Sequence[ArrayLike | None] | None = None,
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
    weight_grads : optional, like ``weights``: shown on hover.
    highlight_layer : index k of the weight layer to highlight (edges into layer k + 1), or None.
    direction : "forward" (blue highlight) or "backward" (orange highlight).
    """
    n_layers = len(sizes)
    tallest = max(sizes)
    pos = [[(float(layer), (size - 1) / 2 - u) for u in range(size)] for layer, size in enumerate(sizes)]
    all_w = np.concatenate([np.ravel(np.asarray(w, dtype=float)) for w in weights]) if weights else np.zeros(1)
    w_max = max(float(np.max(np.abs(all_w))), 1e-12)
    fig = go.Figure()
    hi_color = "#0072B2" if direction == "forward" else "#D55E00"
    for k, W in enumerate(weights):
        W = np.asarray(W, dtype=float)
        G = None if weight_grads is None else np.asarray(weight_grads[k], dtype=float)
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                (x0, y0), (x1, y1) = pos[k][i], pos[k + 1][j]
                w = W[i, j]
                highlighted = highlight_layer == k
                edge_color = hi_color if highlighted else ("#009E73" if w >= 0 else "#CC79A7")
                width = 1.5 + 7.0 * abs(w) / w_max
                hover = f"W{k + 1}[{i + 1},{j + 1}] = {w:.{precision}f}"
                if G is not None:
                    hover += f"<br>dL/dW = {G[i, j]:.{precision}g}"
                fig.add_trace(
                    go.Scatter(
                        x=[x0, (x0 + x1) / 2, x1],
                        y=[y0, (y0 + y1) / 2, y1],
                        mode="lines",
                        line=dict(color=edge_color, width=width),
                        opacity=1.0 if highlighted or highlight_layer is None else 0.45,
                        hoverinfo="text",
                        hovertext=hover,
                        showlegend=False,
                    )
                )
                t = 0.3 if j % 2 == 0 else 0.7
                fig.add_annotation(
                    x=x0 + t * (x1 - x0),
                    y=y0 + t * (y1 - y0),
                    text=f"{w:.3f}",
                    showarrow=False,
                    font=dict(size=14, color=edge_color),
                    bgcolor="rgba(255,255,255,0.85)",
                )
    for layer, size in enumerate(sizes):
        xs = [p[0] for p in pos[layer]]
        ys = [p[1] for p in pos[layer]]
        values = None if node_values is None else np.ravel(np.asarray(node_values[layer], dtype=float))
        text = [f"{values[u]:.{precision}g}" if values is not None else "" for u in range(size)]
        if layer == 0:
            name = [f"x{u + 1}" for u in range(size)]
        elif layer == n_layers - 1:
            name = ["ŷ" if size == 1 else f"ŷ{u + 1}" for u in range(size)]
        else:
            name = [f"h{layer},{u + 1}" for u in range(size)]
        highlighted = highlight_layer is not None and layer == highlight_layer + 1
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                marker=dict(
                    size=70,
                    color="white",
                    line=dict(color=hi_color if highlighted else "#333", width=4 if highlighted else 2),
                ),
                text=text,
                textfont=dict(size=15),
                hoverinfo="text",
                hovertext=[f"{nm_}: {t}" for nm_, t in zip(name, text)],
                showlegend=False,
            )
        )
        for u in range(size):
            fig.add_annotation(x=xs[u], y=ys[u] + 0.42, text=f"<b>{name[u]}</b>", showarrow=False, font=dict(size=15))
        if activations is not None and layer > 0:
            fig.add_annotation(
                x=layer,
                y=(tallest - 1) / 2 + 0.9,
                text=activations[layer - 1],
                showarrow=False,
                font=dict(size=15, color="#555"),
            )
    fig.update_xaxes(visible=False, range=[-0.4, n_layers - 0.6])
    fig.update_yaxes(visible=False, range=[-(tallest - 1) / 2 - 0.8, (tallest - 1) / 2 + 1.1])
    return style(fig, title=title, height=max(360, 120 * tallest + 140))
