"""One look for every figure: large type for a lecture hall, colour-blind-safe colours (Okabe-Ito)."""

from __future__ import annotations

import plotly.graph_objects as go

COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
FONT_SIZE = 18
LINE_WIDTH = 3


def color(k: int) -> str:
    """The k-th colour of the palette, cycling."""
    return COLORS[k % len(COLORS)]


def style(fig: go.Figure, title: str | None = None, height: int = 480) -> go.Figure:
    """Apply the house style to ``fig`` and return it."""
    fig.update_layout(
        template="plotly_white",
        title=dict(text=title, font=dict(size=FONT_SIZE + 4)) if title else None,
        font=dict(size=FONT_SIZE),
        height=height,
        margin=dict(l=70, r=30, t=70 if title else 30, b=60),
        legend=dict(font=dict(size=FONT_SIZE - 2), bgcolor="rgba(255,255,255,0.85)"),
        hoverlabel=dict(font_size=FONT_SIZE - 2),
    )
    fig.update_xaxes(showline=True, linecolor="#444", gridcolor="#e5e5e5", zerolinecolor="#999")
    fig.update_yaxes(showline=True, linecolor="#444", gridcolor="#e5e5e5", zerolinecolor="#999")
    return fig
