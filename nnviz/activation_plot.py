"""The activation explorer's chart: every chosen f(z) and f'(z), the marker's values, and where gradients vanish.

Three decisions shape it:

- The values at the marker z0 are in the marker's hover and in :attr:`ActivationChart.readout`, a small table
  the page shows beside the chart.
- Where |f'(z)| is below the threshold (the gradient all but vanishes) is drawn as bars in a strip above the
  curves, one row per activation in its colour, named by the row and explained by one legend entry. Bands
  shaded over the curves would overlap one another (sigmoid, tanh and ReLU are all flat for z < -3).
- A curve that explodes (the exponential) does not set the y-axis: the axis spans what the other curves need
  (about the z range, which is what the linear-like curves reach), and a note says which curve leaves the
  plot, where, and the value it reaches. A second y-axis would keep every curve whole, but two scales on one
  chart make curves cross where they do not; a clipped axis keeps every other curve's shape readable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

import nnmath as nm

from . import theme
from .figures import HORIZONTAL_LEGEND, _line
from .theme import AXIS, FONT_SIZE, LINE_WIDTH, Spec, color, legend_rows, typed_array, vline

POINTS = 601
"""Grid points of z drawn per curve."""
PLOT_PX = 330
"""Height of the curves' plot."""
STRIP_ROW_PX = 20
"""Height of one activation's row in the flat-region strip above the plot (its label is up to 20 px tall)."""
LEGEND_WIDTH_PX = 430
"""Width the legend is laid out in when the figure's height is chosen (the narrowest chart, at 1024 x 768)."""
COLORS = {
    "sigmoid": "#0072B2",
    "tanh": "#D55E00",
    "relu": "#009E73",
    "leaky_relu": "#CC79A7",
    "elu": "#E69F00",
    "softplus": "#56B4E9",
    "exponential": "#000000",
    "softmax": "#882255",
    "linear": "#999999",
}
"""One colour per activation, whatever else is chosen (Okabe-Ito, then Tol's wine for softmax)."""
SHORT = {
    "linear": "linear",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "elu": "ELU",
    "softplus": "softplus",
    "exponential": "exp",
    "softmax": "softmax₁",
}
"""Short names for the legend, the strip's rows and the readout (the registry's labels are longer)."""
GREY = "#777777"


def short_label(name: str) -> str:
    """A short name of the activation ``name`` (its registry label when it has none)."""
    return SHORT.get(name, nm.ACTIVATIONS[name].label)


def color_of(name: str, k: int) -> str:
    """The colour of activation ``name``, the k-th chosen (the palette's k-th when it has none of its own)."""
    return COLORS.get(name, color(k))


def curve(name: str, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f(z) and f'(z) on the grid ``z``; softmax as its first component for (z, 0), whose slope is a1 (1 - a1)."""
    act = nm.ACTIVATIONS[name]
    if act.elementwise:
        return act.fn(z), act.grad(z)
    f = act.fn(np.stack([z, np.zeros_like(z)], axis=-1))[:, 0]
    return f, act.grad_from_output(z, f)


@dataclass(frozen=True)
class ActivationChart:
    """The figure, the values at the marker, and the notes on curves that leave the plot."""

    figure: Spec
    """The figure in Plotly's JSON form, built without Plotly's validation (a rerun's budget is 150 ms)."""
    readout: pd.DataFrame
    """One row per activation: its short name, f(z0) and f'(z0)."""
    notes: list[str] = field(default_factory=list)
    """One sentence per curve that leaves the plot (the y-axis is cut so that the others keep their shape)."""


def readout(names: Sequence[str], z0: float) -> pd.DataFrame:
    """f(z0) and f'(z0) of each activation (softmax: component 1 of (z0, 0))."""
    rows = []
    for name in names:
        f, df = curve(name, np.array([float(z0)]))
        rows.append([short_label(name), float(f[0]), float(df[0])])
    return pd.DataFrame(rows, columns=["activation", "f(z₀)", "f′(z₀)"])


def y_range(curves: Sequence[np.ndarray], reach: float) -> tuple[float, float] | None:
    """The y-axis range when some curves go beyond +-``reach``: what every curve needs within +-reach (padded).

    None when no curve goes beyond, or every curve does: the axis then fits the curves (autorange).
    """
    beyond = [bool(np.any(np.abs(y) > reach)) for y in curves]
    if not any(beyond) or all(beyond):
        return None
    lo = max(min(float(np.min(y)) for y in curves), -reach)
    hi = min(max(float(np.max(y)) for y in curves), reach)
    pad = 0.06 * max(hi - lo, 1.0)
    return lo - pad, hi + pad


def exit_point(z: np.ndarray, y: np.ndarray, lo: float, hi: float) -> tuple[float, bool, float, float] | None:
    """Where ``y`` first leaves [lo, hi]: (z there, whether at the top, and the z and y of its largest |y|)."""
    out = (y > hi) | (y < lo)
    if not out.any():
        return None
    k = int(np.argmax(out))
    far = int(np.argmax(np.abs(y)))
    return float(z[k]), bool(y[k] > hi), float(z[far]), float(y[far])


def activation_chart(
    names: Sequence[str],
    z_min: float = -6.0,
    z_max: float = 6.0,
    z0: float | None = None,
    show_derivative: bool = True,
    threshold: float = 0.05,
    points: int = POINTS,
) -> ActivationChart:
    """f(z) (solid) and f'(z) (dotted) of each activation, the marker at z0, and the flat-region strip.

    Softmax is drawn as its first component for the vector (z, 0), which is the sigmoid.
    """
    z = np.linspace(z_min, z_max, points)
    data: list[dict[str, Any]] = []
    curves: list[tuple[str, str, np.ndarray]] = []
    for k, name in enumerate(names):
        f, df = curve(name, z)
        c, short = color_of(name, k), short_label(name)
        hover = f"{short}<br>z = %{{x:.2f}}<br>"
        data.append(_line(z, f, short, c, legendgroup=name, hovertemplate=hover + "f(z) = %{y:.4f}<extra></extra>"))
        curves.append((nm.ACTIVATIONS[name].label, short, f))
        if show_derivative:
            extra = dict(legendgroup=name, showlegend=False, hovertemplate=hover + "f′(z) = %{y:.4f}<extra></extra>")
            data.append(_line(z, df, f"{short}: derivative", c, "dot", **extra))
            curves.append((f"The derivative of the {nm.ACTIVATIONS[name].label.lower()}", f"{short}′", df))
    legend = [short_label(name) for name in names]
    if show_derivative and names:
        data.append(_key("dotted: f′(z)", "dot"))
        legend.append("dotted: f′(z)")
    values = readout(names, z0 if z0 is not None else 0.0)
    shapes: list[dict[str, Any]] = []
    if z0 is not None and z_min <= z0 <= z_max:
        shapes.append(vline(z0, "#555", 1.5, "dash"))
        data += _markers(names, z0, values, show_derivative)
    y_lim = y_range([y for _, _, y in curves], max(abs(z_min), abs(z_max), 1.0) + 1.0)
    notes, annotations = _exits(curves, z, y_lim) if y_lim is not None else ([], [])
    strip = list(names) if threshold > 0 else []
    if strip:
        data += _flat_strip(strip, z, threshold)
        legend.append(_strip_legend(threshold))
    layout = _layout(shapes, annotations, y_lim, strip, (z_min, z_max))
    return ActivationChart(_spec(data, layout, _height(legend, strip)), values, notes)


def _spec(data: list[dict[str, Any]], layout: dict[str, Any], height: int) -> Spec:
    """The figure as nnviz.theme.figure styles it, its arrays as Plotly's typed arrays, left unvalidated."""
    for trace in data:
        for axis in ("x", "y"):
            if isinstance(trace[axis], np.ndarray):
                trace[axis] = typed_array(trace[axis])
    base: dict[str, Any] = dict(
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=theme.COLORS,
        font=dict(size=FONT_SIZE),
        height=height,
        legend=dict(font=dict(size=FONT_SIZE - 2), bgcolor="rgba(255,255,255,0.85)"),
        hoverlabel=dict(font_size=FONT_SIZE - 2),
    )
    axes = {name: {**AXIS, **layout[name]} for name in ("xaxis", "yaxis", "xaxis2", "yaxis2") if name in layout}
    legend = {**base["legend"], **layout.get("legend", {})}
    return {"data": data, "layout": {**base, **layout, **axes, "legend": legend}}


def _exits(
    curves: Sequence[tuple[str, str, np.ndarray]], z: np.ndarray, y_lim: tuple[float, float]
) -> tuple[list[str], list[dict[str, Any]]]:
    """A sentence and an arrow for each curve that leaves the plot (a function and its derivative together)."""
    exits = {title: exit_point(z, y, *y_lim) for title, _, y in curves}
    shorts = {title: short for title, short, _ in curves}
    notes, arrows = [], []
    for title, found in exits.items():
        if found is None or (title.startswith("The derivative") and _twin(exits, title)):
            continue
        at, top, z_far, y_far = found
        both = " and its derivative" if _twin(exits, title) else ""
        side = "top" if top else "bottom"
        notes.append(
            f"{title}{both} leave{'' if both else 's'} the plot at the {side} at z = {at:.2f} "
            f"and reach{'' if both else 'es'} {y_far:.4g} at z = {z_far:g}"
        )
        arrows.append(_exit_arrow(at, y_lim[1] if top else y_lim[0], top, shorts[title]))
    return notes, arrows


def _key(name: str, dash: str = "solid", width: float = LINE_WIDTH) -> dict[str, Any]:
    """A legend entry that explains a style (no data of its own)."""
    line = dict(color=GREY, width=width, dash=dash)
    return dict(type="scatter", x=[None], y=[None], mode="lines", name=name, line=line, hoverinfo="skip")


def _twin(exits: dict[str, Any], title: str) -> bool:
    """Whether a function and its derivative (the exponential) leave the plot at the same place."""
    names = list(exits)
    k = names.index(title)
    if title.startswith("The derivative"):
        return k > 0 and exits[names[k - 1]] == exits[title]
    return k + 1 < len(names) and names[k + 1].startswith("The derivative") and exits[names[k + 1]] == exits[title]


def _strip_legend(threshold: float) -> str:
    return f"bars above: |f′(z)| < {threshold:g}"


def _flat_strip(names: Sequence[str], z: np.ndarray, threshold: float) -> list[dict[str, Any]]:
    """One row per activation above the plot: a bar where |f'(z)| < threshold, in the activation's colour."""
    step = float(z[1] - z[0]) / 2 if len(z) > 1 else 0.0
    data: list[dict[str, Any]] = []
    for k, name in enumerate(names):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for lo, hi in nm.activations.vanishing_regions(name, z, threshold):
            xs += [max(lo - step, float(z[0])), min(hi + step, float(z[-1])), None]
            ys += [k, k, None]
        short = short_label(name)
        data.append(
            dict(
                type="scatter",
                x=xs or [None],
                y=ys or [None],
                mode="lines",
                line=dict(color=color_of(name, k), width=STRIP_ROW_PX - 6),
                name=f"{short}: |f′(z)| < {threshold:g}",
                legendgroup=name,
                showlegend=False,
                hovertemplate=f"{short}: |f′(z)| < {threshold:g} here<br>z = %{{x:.2f}}<extra></extra>",
                xaxis="x2",
                yaxis="y2",
            )
        )
    return [*data, _key(_strip_legend(threshold), width=STRIP_ROW_PX - 6)]


def _markers(names: Sequence[str], z0: float, values: pd.DataFrame, show_derivative: bool) -> list[dict[str, Any]]:
    """A marker on each curve at z0 (and on each derivative), whose hover gives f(z0) and f'(z0)."""
    data = []
    for k, (name, row) in enumerate(zip(names, values.itertuples(index=False), strict=True)):
        f0, df0, c = float(row[1]), float(row[2]), color_of(name, k)
        hover = f"{row[0]} at z₀ = {z0:g}<br>f(z₀) = {f0:.6g}<br>f′(z₀) = {df0:.6g}<extra></extra>"
        common = dict(type="scatter", mode="markers", legendgroup=name, showlegend=False, hovertemplate=hover)
        marker = dict(size=14, color=c, line=dict(color="white", width=2))
        data.append(dict(common, x=[z0], y=[f0], name=f"{row[0]} at z₀", marker=marker))
        if show_derivative:
            ring = dict(size=12, color="white", line=dict(color=c, width=LINE_WIDTH))
            data.append(dict(common, x=[z0], y=[df0], name=f"{row[0]}: derivative at z₀", marker=ring))
    return data


def _exit_arrow(x: float, y: float, top: bool, text: str) -> dict[str, Any]:
    """An arrow where a curve leaves the plot, pointing the way it goes, named at its tail."""
    return dict(
        x=x,
        y=y,
        xref="x",
        yref="y",
        text=text,
        showarrow=True,
        arrowhead=2,
        arrowsize=1.2,
        arrowwidth=2,
        arrowcolor="#333",
        ax=-36,
        ay=30 if top else -30,
        xanchor="right",
        bgcolor="rgba(255,255,255,0.85)",
    )


def _height(legend: Sequence[str], strip: Sequence[str]) -> int:
    return 30 + 28 * legend_rows(legend, LEGEND_WIDTH_PX, key_px=45, char_px=8.5) + _strip_px(strip) + PLOT_PX + 70


def _strip_px(strip: Sequence[str]) -> int:
    return STRIP_ROW_PX * len(strip) + 12 if strip else 0


def _layout(
    shapes: list[dict[str, Any]],
    annotations: list[dict[str, Any]],
    y_lim: tuple[float, float] | None,
    strip: Sequence[str],
    z_range: tuple[float, float],
) -> dict[str, Any]:
    """Axes: the curves' plot below, the strip (when shown) above it, sharing z."""
    split = 1 - _strip_px(strip) / (PLOT_PX + _strip_px(strip))
    yaxis: dict[str, Any] = dict(title=dict(text="f(z), f′(z)"), domain=[0, split - (0.02 if strip else 0)])
    if y_lim is not None:
        yaxis["range"] = list(y_lim)
    layout: dict[str, Any] = dict(
        shapes=shapes,
        annotations=annotations,
        xaxis=dict(title=dict(text="z"), range=list(z_range), anchor="y"),
        yaxis={**yaxis, "automargin": True},
        legend=HORIZONTAL_LEGEND,
        hovermode="closest",
        margin=dict(l=80, r=30, t=40, b=60),
    )
    if strip:
        layout["xaxis2"] = dict(
            matches="x", anchor="y2", showticklabels=False, ticks="", showgrid=False, zeroline=False, showline=False
        )
        layout["yaxis2"] = dict(
            domain=[split, 1],
            tickvals=list(range(len(strip))),
            ticktext=[short_label(n) for n in strip],
            range=[len(strip) - 0.5, -0.5],
            showgrid=False,
            zeroline=False,
            showline=False,
            fixedrange=True,
            ticks="",
            automargin=True,
        )
    return layout
