"""The activation explorer's chart: every chosen f(z) and f'(z), a marker, and the flat regions shaded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

import nnmath as nm

from .figures import _line, _marker
from .theme import color, figure, vline, vrect


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
