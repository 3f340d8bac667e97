"""nnviz.theme.presented: the back row reads the charts (axis titles >= 20 px, ticks >= 16 px, thicker lines)."""

from __future__ import annotations

import copy

import numpy as np

from nnviz import figures
from nnviz.theme import PRESENTED_LINE_SCALE, presented, spec


def test_presented_enlarges_type_and_lines_without_touching_the_shared_spec():
    fig = spec(
        figures.line_figure(
            [figures.Series("loss", np.arange(5), np.arange(5.0))], x_title="update", y_title="MSE", title="Loss"
        )
    )
    original = copy.deepcopy(fig)
    shown = presented(fig)
    assert fig == original
    layout = shown["layout"]
    for axis in ("xaxis", "yaxis"):
        assert layout[axis]["title"]["font"]["size"] >= 20
        assert layout[axis]["tickfont"]["size"] >= 16
    assert layout["title"]["font"]["size"] > layout["font"]["size"] >= 20
    assert shown["data"][0]["line"]["width"] == fig["data"][0]["line"]["width"] * PRESENTED_LINE_SCALE


def test_presented_reaches_animation_frames():
    fig = {
        "data": [{"type": "scatter", "line": {"width": 3}}],
        "layout": {},
        "frames": [{"name": "1", "data": [{"type": "scatter", "line": {"width": 3}}]}],
    }
    assert presented(fig)["frames"][0]["data"][0]["line"]["width"] == 3 * PRESENTED_LINE_SCALE
