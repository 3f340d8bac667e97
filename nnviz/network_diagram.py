"""A network drawn as neurons and weighted edges, with values in the neurons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

from .theme import figure


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
