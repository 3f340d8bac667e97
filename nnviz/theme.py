"""One look for every figure: large type for a lecture hall, colour-blind-safe colours (Okabe-Ito).

Figures are assembled as plain dicts and turned into a ``go.Figure`` once, by :func:`figure`: Plotly
validates a dict in one pass, while ``update_layout``/``add_trace``/``add_vline`` revalidate (and copy)
on every call, which would cost a rerun tens of milliseconds per chart.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

Spec = dict[str, Any]
"""A figure in Plotly's JSON form (``Figure.to_dict()``: arrays as base64 typed arrays), sent as it is."""

COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
FONT_SIZE = 18
LINE_WIDTH = 3
AXIS = dict(showline=True, linecolor="#444", gridcolor="#e5e5e5", zerolinecolor="#999", ticks="outside")


def color(k: int) -> str:
    """The k-th colour of the palette, cycling."""
    return COLORS[k % len(COLORS)]


def figure(
    data: list[dict[str, Any]], layout: dict[str, Any], title: str | None = None, height: int = 480
) -> go.Figure:
    """Build the figure once from ``data`` (trace dicts) and ``layout``, with the house style underneath."""
    xaxis = {**AXIS, **layout.pop("xaxis", {})}
    yaxis = {**AXIS, **layout.pop("yaxis", {})}
    base = dict(
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=COLORS,
        font=dict(size=FONT_SIZE),
        height=height,
        margin=dict(l=70, r=30, t=70 if title else 30, b=60),
        legend=dict(font=dict(size=FONT_SIZE - 2), bgcolor="rgba(255,255,255,0.85)"),
        hoverlabel=dict(font_size=FONT_SIZE - 2),
        xaxis=xaxis,
        yaxis=yaxis,
    )
    if title:
        base["title"] = dict(text=title, font=dict(size=FONT_SIZE + 4))
    return go.Figure(dict(data=data, layout={**base, **layout}))


def spec(fig: go.Figure) -> Spec:
    """``fig`` in Plotly's JSON form, validated once here; a page caches it and patches what a step changes."""
    return fig.to_dict()


def typed_array(values: ArrayLike, dtype: str = "f8") -> dict[str, str]:
    """An array as Plotly's JSON typed array (what ``Figure.to_dict`` makes of a NumPy array).

    ``dtype`` is Plotly's short name: "f8" (float64) or "f4" (float32, enough for drawing a surface).
    """
    a = np.ascontiguousarray(values, dtype=np.dtype(dtype).newbyteorder("<"))
    out = {"dtype": dtype, "bdata": base64.b64encode(a.tobytes()).decode("ascii")}
    if a.ndim > 1:
        out["shape"] = ", ".join(str(n) for n in a.shape)
    return out


def drawn(values: ArrayLike) -> dict[str, str]:
    """A float32 typed array for drawing: values beyond float32 (a diverged run) become NaN, a gap."""
    v = np.asarray(values, dtype=float)
    return typed_array(np.where(np.abs(v) < np.finfo(np.float32).max, v, np.nan), "f4")


def loss_range(losses: Sequence[ArrayLike], log_y: bool) -> list[float]:
    """An axis range covering every finite loss of ``losses`` (on a log axis: the positive ones, in log10 units)."""
    loss = np.concatenate([np.asarray(v, dtype=float).ravel() for v in losses])
    shown = loss[np.isfinite(loss) & ((loss > 0) if log_y else True)]
    if shown.size == 0:
        return [-1.0, 1.0] if log_y else [0.0, 1.0]
    if log_y:
        lo, hi = float(np.log10(shown.min())), float(np.log10(shown.max()))
        pad = max(hi - lo, 1.0) * 0.05
    else:
        lo, hi = min(float(shown.min()), 0.0), float(shown.max())
        pad = max(hi - lo, 1e-12) * 0.05
    return [lo - pad, hi + pad]


def legend_rows(labels: Sequence[str], width_px: float, key_px: float = 50.0, char_px: float = 10.0) -> int:
    """Rows a horizontal legend of ``labels`` takes in a chart ``width_px`` wide, its entries packed in order
    (an entry: ``key_px`` for the sample and gaps, ``char_px`` a character; estimated generously)."""
    rows, used = 1, 0.0
    for label in labels:
        entry = key_px + char_px * len(label)
        if used and used + entry > width_px:
            rows, used = rows + 1, 0.0
        used += entry
    return rows


def vline(x: float, color: str, width: float = 2.0, dash: str = "solid", name: str | None = None) -> dict[str, Any]:
    """A vertical line across the plot, as a layout shape (``name`` lets a step find and move it)."""
    shape = dict(
        type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, line=dict(color=color, width=width, dash=dash)
    )
    if name is not None:
        shape["name"] = name
    return shape


def hline(y: float, color: str, width: float = 2.0, dash: str = "dash") -> dict[str, Any]:
    """A horizontal line across the plot, as a layout shape."""
    return dict(
        type="line", xref="paper", yref="y", x0=0, x1=1, y0=y, y1=y, line=dict(color=color, width=width, dash=dash)
    )


PRESENTED_FONT_SIZE = 22
"""Base type in presentation mode: titles and legends grow with it."""
PRESENTED_AXIS_TITLE_SIZE = 24
PRESENTED_TICK_SIZE = 20
PRESENTED_LINE_SCALE = 1.6
"""Lines and markers are this much wider/larger in presentation mode."""


def presented(fig: Spec) -> Spec:
    """``fig`` for the back row of a lecture hall: larger type on titles, axes and legends, thicker lines.

    Returns a new spec (``fig`` is shared and left as it is). Axis titles get at least
    PRESENTED_AXIS_TITLE_SIZE px and tick labels PRESENTED_TICK_SIZE px; lines and markers scale up, in the
    animation frames too.
    """
    layout = dict(fig.get("layout", {}))
    layout["font"] = {**layout.get("font", {}), "size": PRESENTED_FONT_SIZE}
    if "title" in layout:
        title = dict(layout["title"])
        title["font"] = {**title.get("font", {}), "size": PRESENTED_FONT_SIZE + 4}
        layout["title"] = title
    for name, axis in list(layout.items()):
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis = {**axis, "tickfont": {**axis.get("tickfont", {}), "size": PRESENTED_TICK_SIZE}}
            if isinstance(axis.get("title"), dict):
                title = axis["title"]
                axis["title"] = {**title, "font": {**title.get("font", {}), "size": PRESENTED_AXIS_TITLE_SIZE}}
            layout[name] = axis
    if "legend" in layout:
        legend = dict(layout["legend"])
        legend["font"] = {**legend.get("font", {}), "size": PRESENTED_FONT_SIZE - 2}
        layout["legend"] = legend
    out = {**fig, "layout": layout, "data": [_thicker(trace) for trace in fig.get("data", [])]}
    if fig.get("frames"):
        out["frames"] = [{**frame, "data": [_thicker(t) for t in frame.get("data", [])]} for frame in fig["frames"]]
    return out


LAID_OUT = "laid out"
"""A trace's ``meta`` when its markers are sized to fit a layout (a diagram's neurons): presented() keeps them."""


def _thicker(trace: dict[str, Any]) -> dict[str, Any]:
    out = dict(trace)
    line = trace.get("line")
    if isinstance(line, dict) and isinstance(line.get("width"), (int, float)):
        out["line"] = {**line, "width": line["width"] * PRESENTED_LINE_SCALE}
    marker = trace.get("marker")
    if trace.get("meta") == LAID_OUT:
        return out
    if isinstance(marker, dict) and isinstance(marker.get("size"), (int, float)):
        out["marker"] = {**marker, "size": marker["size"] * PRESENTED_LINE_SCALE}
    return out
