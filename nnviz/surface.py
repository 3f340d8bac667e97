"""A loss surface drawn for an animation: an image for the colours, scatter traces for the lines and the hover.

Plotly's redraw-free animation (``redraw: false``) re-plots only the scatter traces a frame changes, and on
its first frame removes the layer of every other trace type from the figure: a contour trace vanishes as
soon as Play is pressed (plotly.js ``cartesian.plot``: layers of modules absent from the frame are
removed). A surface that must stay on screen while paths move over it is drawn here without a contour
trace, in the same colours as ``figures.contour_figure``:

- the colours (log10 MSE on a ``Blues_r`` scale) are a PNG in ``layout.images``, stretched over the grid;
- the contour lines are one scatter trace, line segments separated by gaps (marching squares);
- hover (the MSE at a point) and the colour bar come from a grid of invisible markers.
"""

from __future__ import annotations

import base64
import struct
import zlib
from typing import Any

import numpy as np
import plotly.colors
from numpy.typing import ArrayLike

from .theme import typed_array

COLORSCALE = "Blues_r"
NCONTOURS = 24
"""At most this many contour lines, at round values of log10 MSE (as Plotly's ``ncontours``)."""
HOVER_POINTS = 41
"""Hover markers per side of the grid (the hover reads the MSE at the nearest one)."""


def colors(values: ArrayLike, colorscale: str = COLORSCALE) -> np.ndarray:
    """RGB (uint8, shape ``values.shape + (3,)``) of ``values`` in [0, 1] on a named Plotly colour scale."""
    stops = plotly.colors.get_colorscale(colorscale)
    positions = np.array([float(p) for p, _ in stops])
    rgb = np.array([plotly.colors.unlabel_rgb(c) for _, c in stops], dtype=float)
    v = np.clip(np.nan_to_num(np.asarray(values, dtype=float), nan=1.0), 0.0, 1.0)
    channels = [np.interp(v, positions, rgb[:, k]) for k in range(3)]
    out: np.ndarray = np.rint(np.stack(channels, axis=-1)).astype(np.uint8)
    return out


def png(rgb: np.ndarray) -> bytes:
    """A PNG file of an RGB image of shape (height, width, 3), uint8, first row at the top."""
    height, width, _ = rgb.shape
    rows = np.concatenate([np.zeros((height, 1), dtype=np.uint8), rgb.reshape(height, width * 3)], axis=1)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 9))
        + chunk(b"IEND", b"")
    )


def levels(z: ArrayLike, n: int = NCONTOURS) -> np.ndarray:
    """At most ``n`` round levels strictly inside the range of ``z`` (steps of 1, 2, 2.5 or 5 times 10^k)."""
    v = np.asarray(z, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0 or v.max() <= v.min():
        return np.array([])
    lo, hi = float(v.min()), float(v.max())
    raw = (hi - lo) / n
    power = 10.0 ** float(np.floor(np.log10(raw)))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)
    out: np.ndarray = np.arange(np.floor(lo / step) + 1, np.ceil(hi / step)) * step
    return out[(out > lo) & (out < hi)]


def contour_segments(x: ArrayLike, y: ArrayLike, z: ArrayLike, level: float) -> np.ndarray:
    """Line segments where the surface crosses ``level`` (marching squares, linear along cell edges).

    Parameters
    ----------
    x : array_like of shape (nx,), increasing
    y : array_like of shape (ny,), increasing
    z : array_like of shape (ny, nx)
        ``z[i, j]`` is the surface at (x[j], y[i]).

    Returns
    -------
    ndarray of shape (s, 2, 2)
        Segment k runs from (out[k, 0, 0], out[k, 0, 1]) to (out[k, 1, 0], out[k, 1, 1]).
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    v = np.asarray(z, dtype=float) - level
    a, b, c, d = v[:-1, :-1], v[:-1, 1:], v[1:, 1:], v[1:, :-1]  # lower left, lower right, upper right, upper left
    x0, x1 = np.broadcast_to(x[:-1], a.shape), np.broadcast_to(x[1:], a.shape)
    y0, y1 = np.broadcast_to(y[:-1, None], a.shape), np.broadcast_to(y[1:, None], a.shape)

    def crossing(p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether the level lies between corner values p and q, and where (0 at p, 1 at q)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return ((p >= 0) != (q >= 0)) & np.isfinite(p) & np.isfinite(q), p / (p - q)

    (cb, tb), (cr, tr), (ct, tt), (cl, tl) = crossing(a, b), crossing(b, c), crossing(d, c), crossing(a, d)
    crosses = np.stack([cb, cr, ct, cl])  # edges: bottom, right, top, left
    points = np.stack(
        [
            np.stack([x0 + tb * (x1 - x0), y0], axis=-1),
            np.stack([x1, y0 + tr * (y1 - y0)], axis=-1),
            np.stack([x0 + tt * (x1 - x0), y1], axis=-1),
            np.stack([x0, y0 + tl * (y1 - y0)], axis=-1),
        ]
    )  # (4, ny - 1, nx - 1, 2)
    count = crosses.sum(axis=0)
    segments = [np.zeros((0, 2, 2))]
    two = count == 2
    if two.any():
        first, second = np.argsort(~crosses[:, two], axis=0, kind="stable")[:2]  # the crossed edges
        pts, cells = points[:, two], np.arange(int(two.sum()))
        segments.append(np.stack([pts[first, cells], pts[second, cells]], axis=1))
    four = count == 4  # a saddle: the centre decides which corners the two lines cut off
    if four.any():
        bottom, right, top, left = points[:, four]
        like_a = (((a + b + c + d)[four] >= 0) == (a[four] >= 0))[:, None]
        # centre on a's side: cut off b (bottom, right) and d (top, left); else a (bottom, left) and c (right, top)
        segments.append(np.stack([bottom, np.where(like_a, right, left)], axis=1))
        segments.append(np.stack([np.where(like_a, top, right), np.where(like_a, left, top)], axis=1))
    return np.concatenate(segments)


def _gapped(segments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Segments as one polyline's x and y, each segment followed by a gap (NaN)."""
    gap = np.full((len(segments), 1, 2), np.nan)
    path = np.concatenate([segments, gap], axis=1).reshape(-1, 2)
    return path[:, 0], path[:, 1]


def surface_layers(
    values_1: ArrayLike,
    values_2: ArrayLike,
    surface: ArrayLike,
    *,
    axis_titles: tuple[str, str],
    xaxis: str = "x",
    yaxis: str = "y",
    colorbar: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The MSE ``surface`` over the grid (values_1, values_2) as a layout image and two scatter traces.

    Parameters
    ----------
    values_1, values_2 : array_like of shape (g1,) and (g2,), increasing
    surface : array_like of shape (g2, g1)
        The MSE; drawn as log10 MSE, as ``figures.contour_figure`` does.
    axis_titles : names of the two parameters, for the hover text.
    xaxis, yaxis : the axes the surface is drawn on.
    colorbar : Plotly colour bar attributes (position, title); None: no colour bar.

    Returns
    -------
    (image, traces)
        ``image`` for ``layout.images``; ``traces``: the contour lines, then the hover markers (which
        carry the colour bar).
    """
    v1, v2 = np.asarray(values_1, dtype=float), np.asarray(values_2, dtype=float)
    mse = np.asarray(surface, dtype=float)
    z = np.log10(np.maximum(mse, 1e-12))
    lo, hi = float(np.nanmin(z)), float(np.nanmax(z))
    scaled = (z - lo) / (hi - lo) if hi > lo else np.zeros_like(z)
    dx, dy = (v1[-1] - v1[0]) / max(len(v1) - 1, 1), (v2[-1] - v2[0]) / max(len(v2) - 1, 1)
    image = dict(
        source="data:image/png;base64," + base64.b64encode(png(colors(scaled[::-1]))).decode("ascii"),
        xref=xaxis,
        yref=yaxis,
        x=float(v1[0] - dx / 2),
        y=float(v2[-1] + dy / 2),
        sizex=float(v1[-1] - v1[0] + dx),
        sizey=float(v2[-1] - v2[0] + dy),
        xanchor="left",
        yanchor="top",
        sizing="stretch",
        layer="below",
    )
    segments = [contour_segments(v1, v2, z, level) for level in levels(z)]
    line_x, line_y = _gapped(np.concatenate([np.zeros((0, 2, 2)), *segments]))
    lines = dict(
        type="scatter",
        x=typed_array(line_x, "f4"),
        y=typed_array(line_y, "f4"),
        mode="lines",
        line=dict(width=0.8, color="rgba(0,0,0,0.35)"),
        hoverinfo="skip",
        showlegend=False,
        xaxis=xaxis,
        yaxis=yaxis,
    )
    rows = np.unique(np.linspace(0, len(v2) - 1, min(HOVER_POINTS, len(v2))).round().astype(int))
    cols = np.unique(np.linspace(0, len(v1) - 1, min(HOVER_POINTS, len(v1))).round().astype(int))
    grid_x, grid_y = np.meshgrid(v1[cols], v2[rows])
    hover = dict(
        type="scatter",
        x=typed_array(grid_x.ravel(), "f4"),
        y=typed_array(grid_y.ravel(), "f4"),
        customdata=typed_array(mse[np.ix_(rows, cols)].ravel(), "f4"),
        mode="markers",
        marker=dict(
            size=12,
            opacity=0,
            color=typed_array(z[np.ix_(rows, cols)].ravel(), "f4"),
            colorscale=plotly.colors.get_colorscale(COLORSCALE),
            cmin=lo,
            cmax=hi,
            showscale=colorbar is not None,
            colorbar=colorbar or {},
        ),
        hovertemplate=f"{axis_titles[0]} = %{{x:.3f}}<br>{axis_titles[1]} = %{{y:.3f}}<br>"
        "MSE = %{customdata:.4g}<extra></extra>",
        showlegend=False,
        xaxis=xaxis,
        yaxis=yaxis,
    )
    return image, [lines, hover]
