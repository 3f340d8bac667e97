"""nnviz.surface: a loss surface as an image, contour lines and hover markers (what an animation can keep)."""

import base64
import struct
import zlib

import numpy as np
import pytest

from nnviz import surface


def _typed(value):
    return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]).newbyteorder("<"))


def test_colors_follow_the_scale_of_contour_figure():
    rgb = surface.colors([0.0, 1.0, 0.5])
    np.testing.assert_array_equal(rgb[0], [8, 48, 107])  # Blues_r: dark at the lowest loss
    np.testing.assert_array_equal(rgb[1], [247, 251, 255])
    np.testing.assert_array_equal(rgb[2], [107, 174, 214])
    assert rgb.dtype == np.uint8


def test_png_holds_the_image_row_by_row():
    rgb = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    data = surface.png(rgb)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (3, 2)
    (length,) = struct.unpack(">I", data[33:37])
    assert data[37:41] == b"IDAT"
    rows = np.frombuffer(zlib.decompress(data[41 : 41 + length]), dtype=np.uint8).reshape(2, 1 + 9)
    np.testing.assert_array_equal(rows[:, 0], 0)  # no filter
    np.testing.assert_array_equal(rows[:, 1:].reshape(2, 3, 3), rgb)


def test_levels_are_round_and_inside_the_range():
    np.testing.assert_allclose(surface.levels([0.0, 1.0], n=4), [0.25, 0.5, 0.75])
    np.testing.assert_allclose(surface.levels([-2.9, 1.6], n=24), np.arange(-2.8, 1.6, 0.2), atol=1e-12)
    assert len(surface.levels([3.0, 3.0])) == 0


@pytest.mark.parametrize("level", [-1.3, 0.0, 0.77, 2.5])
def test_contour_segments_of_a_plane_lie_on_the_level(level):
    x, y = np.linspace(-2, 2, 21), np.linspace(-1, 1, 11)
    z = x[None, :] + 2 * y[:, None]
    segments = surface.contour_segments(x, y, z, level)
    assert len(segments) > 0
    np.testing.assert_allclose(segments[..., 0] + 2 * segments[..., 1], level, atol=1e-12)
    assert np.all((segments[..., 0] >= -2) & (segments[..., 0] <= 2))


def test_contour_segments_of_a_bowl_close_around_the_centre():
    x = y = np.linspace(-1, 1, 81)
    z = x[None, :] ** 2 + y[:, None] ** 2
    segments = surface.contour_segments(x, y, z, 0.3)  # a level no grid point has
    radius = np.hypot(segments[..., 0], segments[..., 1])
    np.testing.assert_allclose(radius, np.sqrt(0.3), atol=2e-3)
    ends = np.round(segments.reshape(-1, 2), 9)
    _, counts = np.unique(ends, axis=0, return_counts=True)
    assert np.all(counts == 2)  # every end meets exactly one other segment: a closed curve


def test_contour_segments_split_a_saddle_cell_into_two_lines():
    x = y = np.array([0.0, 1.0])
    z = np.array([[1.0, -1.0], [-1.0, 1.0]])  # a and c above the level, b and d below
    assert surface.contour_segments(x, y, z, 0.0).shape == (2, 2, 2)


def test_surface_layers_colour_the_grid_and_hover_the_mse():
    v1, v2 = np.linspace(-1, 1, 81), np.linspace(0, 2, 61)
    mse = 0.5 + (v1[None, :] ** 2 + (v2[:, None] - 1) ** 2)
    image, (lines, hover) = surface.surface_layers(v1, v2, mse, axis_titles=("w1", "w2"), colorbar=dict(x=0.4))
    assert image["source"].startswith("data:image/png;base64,")
    assert image["x"] < v1[0] and image["x"] + image["sizex"] > v1[-1]
    assert image["y"] > v2[-1] and image["y"] - image["sizey"] < v2[0]
    assert image["layer"] == "below" and image["sizing"] == "stretch"
    assert lines["type"] == hover["type"] == "scatter"
    assert np.isnan(_typed(lines["y"])).sum() == len(_typed(lines["y"])) // 3  # one gap after each segment
    x, y, shown = _typed(hover["x"]), _typed(hover["y"]), _typed(hover["customdata"])
    assert len(x) == surface.HOVER_POINTS**2
    np.testing.assert_allclose(shown, 0.5 + x.astype(float) ** 2 + (y.astype(float) - 1) ** 2, rtol=1e-5)
    assert hover["marker"]["opacity"] == 0 and hover["marker"]["showscale"] is True
    assert hover["marker"]["cmin"] == pytest.approx(np.log10(0.5))
    assert hover["marker"]["colorbar"] == {"x": 0.4}
