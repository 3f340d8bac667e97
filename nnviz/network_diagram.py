"""A network drawn as neurons and weighted edges, readable from the lecture's 3-2-1 up to three hidden layers of 8.

Edges encode their weight by colour (sign) and width (|w|), explained in the legend; every edge's number is
on hover, and written beside its source neuron only where the labels of that layer cannot overlap. Neurons
show their values inside when they are large enough to hold them, else on hover. A layer of edges and its
target neurons can be highlighted: the terms of a backpropagation phase.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

from .theme import LAID_OUT, figure

POSITIVE = "#0072B2"
"""Colour of a weight >= 0 (Okabe-Ito blue)."""
NEGATIVE = "#D55E00"
"""Colour of a weight < 0 (Okabe-Ito vermilion)."""
HIGHLIGHT = {"forward": "#009E73", "backward": "#CC79A7"}
"""Ring colour of highlighted neurons: a forward phase, a backward one."""
MIN_WIDTH, MAX_WIDTH = 1.0, 9.0
"""Edge widths (px) of the smallest and largest |w|."""
LABEL_T = 0.27
"""Edge labels sit this far along the edge from their source neuron."""
LABEL_BOX = (50.0, 18.0)
"""Room (px, wide x high) one edge label needs; closer labels would overlap, so that layer shows none."""
NAME_ROOM = 20.0
"""Neuron names are written above the neurons when this much room (px) is left between them; else on hover."""
PLOT_WIDTH_PX = 560.0
"""The plot width a diagram is laid out for (a chart column at 1280 x 720 with the sidebar open)."""


def _heights(tallest: int) -> tuple[int, float]:
    """Figure height (px) and pixels per unit of vertical spacing for a tallest layer of ``tallest`` neurons."""
    height = int(np.clip(170 + 95 * tallest, 400, 640))
    return height, (height - 150) / (tallest + 0.9)


def _positions(sizes: Sequence[int]) -> list[list[tuple[float, float]]]:
    return [[(float(layer), (size - 1) / 2 - u) for u in range(size)] for layer, size in enumerate(sizes)]


def _labels_fit(points: list[tuple[float, float]], px_x: float, px_y: float) -> bool:
    """Whether labels at ``points`` (data units) keep LABEL_BOX apart."""
    w, h = LABEL_BOX
    return all(abs(x1 - x2) * px_x >= w or abs(y1 - y2) * px_y >= h for (x1, y1), (x2, y2) in combinations(points, 2))


def _names(sizes: Sequence[int]) -> list[list[str]]:
    names = [[f"x{u + 1}" for u in range(sizes[0])]]
    names += [[f"h{layer},{u + 1}" for u in range(size)] for layer, size in enumerate(sizes[1:-1], start=1)]
    names.append(["ŷ" if sizes[-1] == 1 else f"ŷ{u + 1}" for u in range(sizes[-1])])
    return names


def network_diagram(
    sizes: Sequence[int],
    weights: Sequence[ArrayLike],
    *,
    node_values: Sequence[ArrayLike] | None = None,
    weight_grads: Sequence[ArrayLike] | None = None,
    activations: Sequence[str] | None = None,
    highlight_layer: int | None = None,
    direction: str = "forward",
    highlight_edges: Sequence[int] | None = None,
    highlight_neurons: Sequence[int] | None = None,
    edge_labels: bool | None = None,
    precision: int = 4,
    title: str | None = None,
    legend_title_side: str = "left",
) -> go.Figure:
    """Neurons as circles, edges as lines whose colour gives the weight's sign and whose width its size.

    Parameters
    ----------
    sizes : units per layer, input first.
    weights : ``weights[k]`` of shape (sizes[k], sizes[k + 1]).
    node_values : optional ``node_values[l]`` of shape (sizes[l],): a value for each neuron (inside it when it
        fits, always on hover).
    weight_grads : optional, like ``weights``: shown on hover over an edge.
    activations : optional activation name of each layer after the input, written above it.
    highlight_layer : index k of the weight layer to highlight (edges into layer k + 1 and those neurons),
        or None; the other edges fade.
    direction : "forward" or "backward": the ring colour of highlighted neurons.
    highlight_edges, highlight_neurons : optional, instead of ``highlight_layer``: the weight layers k whose
        edges are highlighted (the others fade) and the layers l (0 is the input) whose neurons are ringed,
        e.g. a backpropagation phase's terms. Either given: what is not listed in ``highlight_edges`` fades.
    edge_labels : write each edge's weight beside its source: True, False, or None (where they fit).
    precision : significant digits of the numbers shown.
    legend_title_side : "left" (the legend in one line) or "top left" (its title above the entries, for a
        narrow column).
    """
    n_layers = len(sizes)
    tallest = max(sizes)
    height, px_y = _heights(tallest)
    px_x = PLOT_WIDTH_PX / max(n_layers - 0.2, 1.0)
    pos = _positions(sizes)
    names = _names(sizes)
    mats = [np.asarray(w, dtype=float) for w in weights]
    w_max = max((float(np.max(np.abs(W))) for W in mats if W.size), default=0.0) or 1.0
    grads = None if weight_grads is None else [np.asarray(g, dtype=float) for g in weight_grads]
    node_px = float(np.clip(0.72 * px_y, 24.0, 56.0))
    values_inside = node_values is not None and node_px >= 44.0
    ring = HIGHLIGHT.get(direction, HIGHLIGHT["forward"])
    if highlight_edges is None and highlight_neurons is None:
        lit_edges = None if highlight_layer is None else {highlight_layer}
        lit_neurons = set() if highlight_layer is None else {highlight_layer + 1}
    else:
        lit_edges = set(highlight_edges or ())
        lit_neurons = set(highlight_neurons or ())

    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    hover_x: list[float] = []
    hover_y: list[float] = []
    hover_text: list[str] = []
    for k, W in enumerate(mats):
        faded = lit_edges is not None and k not in lit_edges
        label_points = []
        label_texts = []
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                (x0, y0), (x1, y1) = pos[k][i], pos[k + 1][j]
                w = float(W[i, j])
                colour = POSITIVE if w >= 0 else NEGATIVE
                shapes.append(
                    dict(
                        type="line",
                        x0=x0,
                        y0=y0,
                        x1=x1,
                        y1=y1,
                        layer="below",
                        opacity=0.25 if faded else 0.9,
                        line=dict(color=colour, width=MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * abs(w) / w_max),
                    )
                )
                text = f"W{k + 1}[{i + 1},{j + 1}] = {w:.{precision}g}<br>{names[k][i]} → {names[k + 1][j]}"
                if grads is not None:
                    text += f"<br>dL/dW = {grads[k][i, j]:.{precision}g}"
                hover_x.append(x0 + 0.5 * (x1 - x0))
                hover_y.append(y0 + 0.5 * (y1 - y0))
                hover_text.append(text)
                label_points.append((x0 + LABEL_T * (x1 - x0), y0 + LABEL_T * (y1 - y0)))
                label_texts.append((f"{w:.{min(precision, 3)}g}", colour))
        show = _labels_fit(label_points, px_x, px_y) if edge_labels is None else edge_labels
        if show and not faded:
            annotations += [
                dict(
                    x=x,
                    y=y,
                    text=text,
                    showarrow=False,
                    font=dict(size=13, color=colour),
                    bgcolor="rgba(255,255,255,0.9)",
                    borderpad=1,
                )
                for (x, y), (text, colour) in zip(label_points, label_texts, strict=True)
            ]

    data: list[dict[str, Any]] = [
        dict(
            type="scatter",
            x=hover_x,
            y=hover_y,
            mode="markers",
            marker=dict(size=16, opacity=0),
            hoverinfo="text",
            hovertext=hover_text,
            showlegend=False,
        )
    ]
    for layer, size in enumerate(sizes):
        xs = [p[0] for p in pos[layer]]
        ys = [p[1] for p in pos[layer]]
        values = None if node_values is None else np.ravel(np.asarray(node_values[layer], dtype=float))
        shown = [f"{values[u]:.{precision}g}" if values is not None else "" for u in range(size)]
        inside = [f"{values[u]:.3g}" if values is not None else "" for u in range(size)]
        lit = layer in lit_neurons
        data.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="markers+text" if values_inside else "markers",
                marker=dict(
                    size=node_px, color="white", line=dict(color=ring if lit else "#333", width=5 if lit else 2)
                ),
                text=inside if values_inside else None,
                textfont=dict(size=14 if node_px >= 50 else 12),
                hoverinfo="text",
                hovertext=[f"{n}: {v}" if v else n for n, v in zip(names[layer], shown, strict=True)],
                showlegend=False,
                meta=LAID_OUT,  # sized to the spacing: presentation mode keeps the size
            )
        )
        if px_y - node_px >= NAME_ROOM:
            annotations += [
                dict(
                    x=xs[u],
                    y=ys[u],
                    yshift=node_px / 2 + 9,
                    text=f"<b>{names[layer][u]}</b>",
                    showarrow=False,
                    font=dict(size=14),
                )
                for u in range(size)
            ]
        if activations is not None and layer > 0:
            annotations.append(
                dict(
                    x=layer,
                    y=(tallest - 1) / 2 + 0.55,
                    yshift=node_px / 2 + 16,
                    text=f"<i>{activations[layer - 1]}</i>",
                    showarrow=False,
                    font=dict(size=15, color="#555"),
                )
            )
    for colour, sign in ((POSITIVE, "w ≥ 0"), (NEGATIVE, "w < 0")):
        data.append(
            dict(
                type="scatter",
                x=[None],
                y=[None],
                mode="lines",
                line=dict(color=colour, width=5),
                name=sign,
                hoverinfo="skip",
            )
        )
    layout = dict(
        shapes=shapes,
        annotations=annotations,
        xaxis=dict(visible=False, range=[-0.35, n_layers - 0.65]),
        yaxis=dict(visible=False, range=[-(tallest - 1) / 2 - 0.55, (tallest - 1) / 2 + 0.95]),
        legend=dict(
            orientation="h",
            yref="container",
            yanchor="bottom",
            y=0.01,
            x=0,
            title=dict(text=f"edge width ∝ |w| (widest {w_max:.3g})  ", side=legend_title_side),
            font=dict(size=15),
        ),
        margin=dict(l=20, r=20, t=70 if title else 30, b=60),
    )
    return figure(data, layout, title=title, height=height)
