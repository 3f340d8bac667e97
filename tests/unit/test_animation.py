"""nnviz.animation: frames, Play / Pause, the lock-step descent player and its size bound."""

import base64
import copy
import json

import numpy as np
import plotly.io as pio
import pytest

import nnmath as nm
from nnviz import animation, figures
from nnviz.animation import Frame, Run
from nnviz.theme import color


def _typed(value):
    """A Plotly JSON typed array as a NumPy array."""
    return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]).newbyteorder("<"))


def _line_spec(n_traces=3):
    traces = [dict(type="scatter", x=[0.0, 1.0], y=[0.0, 1.0], name=f"t{k}") for k in range(n_traces)]
    return dict(data=traces, layout=dict(height=400, margin=dict(b=60)))


def _frames(n, indices=(0, 2)):
    return [Frame(str(t), {i: {"x": [float(t)], "y": [float(i)]} for i in indices}) for t in range(n)]


# ---------------------------------------------------------------- thin_frames


@pytest.mark.parametrize(("n_updates", "max_frames"), [(0, 5), (1, 2), (10, 300), (299, 300), (5000, 300), (5000, 7)])
def test_thin_frames_keeps_first_and_last_and_at_most_max(n_updates, max_frames):
    frames = animation.thin_frames(n_updates, max_frames)
    assert frames[0] == 0
    assert frames[-1] == n_updates
    assert len(frames) <= max_frames
    assert np.all(np.diff(frames) > 0)


def test_thin_frames_keeps_every_update_of_a_short_run_and_spreads_a_long_one_evenly():
    np.testing.assert_array_equal(animation.thin_frames(10, 300), np.arange(11))
    frames = animation.thin_frames(5000, 300)
    assert len(frames) == 300
    gaps = np.diff(frames)
    assert gaps.max() - gaps.min() <= 1


def test_thin_frames_gives_large_early_moves_frames_of_their_own():
    moves = 0.95 ** np.arange(5000)  # a descent: big steps first, then almost nothing
    frames = animation.thin_frames(5000, 300, moves=moves)
    even = animation.thin_frames(5000, 300)
    assert frames[0] == 0 and frames[-1] == 5000
    assert 290 <= len(frames) <= 300
    assert set(range(40)) <= set(frames)  # every one of the large early steps is a frame
    assert np.sum(even < 40) <= 3
    assert np.diff(frames[frames > 200]).max() <= 2 * np.diff(even).max()  # the rest still covers the run


def test_thin_frames_rejects_bad_arguments():
    with pytest.raises(ValueError, match="n_updates"):
        animation.thin_frames(-1, 10)
    with pytest.raises(ValueError, match="max_frames"):
        animation.thin_frames(10, 1)
    with pytest.raises(ValueError, match="moves"):
        animation.thin_frames(10, 5, moves=np.ones(3))


# ---------------------------------------------------------------- animated


def test_animated_adds_one_frame_and_slider_step_per_frame_with_the_same_traces():
    spec = _line_spec()
    before = copy.deepcopy(spec)
    out = animation.animated(spec, _frames(7))
    assert spec == before  # the cached spec is left as it is
    assert [f["name"] for f in out["frames"]] == [str(t) for t in range(7)]
    assert all(f["traces"] == [0, 2] for f in out["frames"])
    assert all(len(f["data"]) == 2 for f in out["frames"])
    steps = out["layout"]["sliders"][0]["steps"]
    assert [s["label"] for s in steps] == [str(t) for t in range(7)]
    assert [s["args"][0] for s in steps] == [[str(t)] for t in range(7)]
    assert out["data"][0]["x"] == [0.0] and out["data"][2]["y"] == [2.0]  # the figure starts at frame 0
    assert out["data"][1] == spec["data"][1]


def test_animated_play_pause_and_speed_buttons():
    out = animation.animated(_line_spec(), _frames(3), frame_ms=60, speeds=(0.5, 1.0, 4.0))
    play_menu, speed_menu = out["layout"]["updatemenus"]
    play, pause = play_menu["buttons"]
    assert play["label"] == animation.PLAY_LABEL and pause["label"] == animation.PAUSE_LABEL
    assert play["method"] == pause["method"] == "animate"
    assert play["args"][0] is None
    assert play["args"][1]["fromcurrent"] is True
    assert play["args"][1]["frame"] == {"duration": 60, "redraw": False}
    assert pause["args"] == [
        [None],
        {"frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}, "mode": "immediate"},
    ]
    assert [b["label"] for b in speed_menu["buttons"]] == ["½×", "1×", "4×"]
    assert [b["args"][1]["frame"]["duration"] for b in speed_menu["buttons"]] == [120, 60, 15]
    assert speed_menu["active"] == 1


def test_animated_makes_room_for_the_controls_under_the_x_axis_title():
    out = animation.animated(_line_spec(), _frames(2))
    assert out["layout"]["margin"]["b"] == 60 + animation.CONTROLS_HEIGHT
    assert out["layout"]["height"] == 400 + animation.CONTROLS_HEIGHT


def test_animated_redraws_only_when_a_frame_changes_a_trace_that_is_not_scatter():
    spec = _line_spec()
    spec["data"][0] = dict(type="contour", z=[[0, 1], [1, 0]])
    out = animation.animated(spec, [Frame(str(t), {0: {"z": [[t, 1], [1, 0]]}}) for t in range(3)])
    assert out["layout"]["updatemenus"][0]["buttons"][0]["args"][1]["frame"]["redraw"] is True
    assert out["layout"]["sliders"][0]["steps"][0]["args"][1]["frame"]["redraw"] is True


def test_animated_refuses_a_still_contour_that_plotly_would_remove_on_the_first_frame():
    spec = _line_spec()
    spec["data"][1] = dict(type="contour", z=[[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="contour"):
        animation.animated(spec, _frames(3))


@pytest.mark.parametrize(
    ("frames", "message"),
    [
        ([], "at least one frame"),
        ([Frame("a", {0: {}}), Frame("a", {0: {}})], "unique"),
        ([Frame("a", {0: {}}), Frame("b", {1: {}})], "changes traces"),
        ([Frame("a", {5: {}})], "has 3 traces"),
    ],
)
def test_animated_rejects_frames_that_cannot_play_in_lock_step(frames, message):
    with pytest.raises(ValueError, match=message):
        animation.animated(_line_spec(), frames)


def test_spec_size_is_the_json_streamlit_sends():
    spec = animation.animated(_line_spec(), _frames(4))
    assert animation.spec_size(spec) == len(pio.to_json(spec, validate=False).encode())


# ---------------------------------------------------------------- descent_player


@pytest.fixture(scope="module")
def lecture():
    data = nm.datasets.lecture_toy_regression()
    stats = nm.linreg_stats(data.X, data.y)
    return data, stats


def _run(data, eta, batch_size, epochs, label):
    h = nm.gradient_descent(
        data.X, data.y, w0=[-1.0, 3.0], b0=2.0, eta=eta, batch_size=batch_size, max_iter=epochs, tol=0.0, shuffle=False
    )
    return Run(label, h.w[:, 0], h.w[:, 1], h.loss)


def _player(data, stats, runs, **kwargs):
    g1 = figures.grid_range([r.x for r in runs], [r.x[0] for r in runs] + [stats.theta_star[0]])
    g2 = figures.grid_range([r.y for r in runs], [r.y[0] for r in runs] + [stats.theta_star[1]])
    b = float(stats.theta_star[2])
    surface = nm.mse_surface(data.X, data.y, g1, g2, params=(0, 1), b=b, stats=stats)
    return animation.descent_player(
        g1,
        g2,
        surface,
        runs,
        axis_titles=("w1", "w2"),
        surface_title=f"MSE over (w1, w2) at b = b* = {b:.3f}",
        optimum=(stats.theta_star[0], stats.theta_star[1]),
        **kwargs,
    )


def _named(spec, name):
    return [i for i, t in enumerate(spec["data"]) if t.get("name") == name]


def test_player_moves_runs_of_different_lengths_in_lock_step(lecture):
    data, stats = lecture
    runs = [_run(data, 0.05, 3, 25, "mini-batch"), _run(data, 0.02, None, 40, "batch")]  # 100 and 40 updates
    spec = _player(data, stats, runs)
    names = [f["name"] for f in spec["frames"]]
    assert names[0] == "0" and names[-1] == "100"
    animated = spec["frames"][0]["traces"]
    assert all(f["traces"] == animated for f in spec["frames"])
    path = {r.label: _named(spec, r.label)[0] for r in runs}  # the path on the contour carries the legend
    assert path["mini-batch"] in animated and path["batch"] in animated
    for frame in spec["frames"]:
        t = int(frame["name"])
        patch = dict(zip(frame["traces"], frame["data"], strict=True))
        for r in runs:
            x, y = _typed(patch[path[r.label]]["x"]), _typed(patch[path[r.label]]["y"])
            now = min(t, len(r.x) - 1)
            assert x[-1] == pytest.approx(r.x[now], rel=1e-6) and y[-1] == pytest.approx(r.y[now], rel=1e-6)
            assert x[0] == pytest.approx(r.x[0], rel=1e-6)
    last = dict(zip(spec["frames"][-1]["traces"], spec["frames"][-1]["data"], strict=True))
    vline = [i for i in animated if spec["data"][i].get("hoverinfo") == "skip" and spec["data"][i]["xaxis"] == "x2"]
    assert last[vline[0]]["x"] == [100, 100]


def test_player_keeps_each_run_in_one_colour_on_both_plots(lecture):
    data, stats = lecture
    runs = [_run(data, 0.05, 3, 10, "a"), _run(data, 0.02, None, 40, "b")]
    spec = _player(data, stats, runs)
    for k in range(len(runs)):
        drawn = [t for t in spec["data"] if t.get("legendgroup") == f"run{k}"]
        assert len(drawn) == 5  # path, start, loss line, marker on the contour, marker on the loss
        assert {(t.get("line", {}).get("color") or t["marker"]["color"]) for t in drawn} == {color(k + 1)}
        assert {t.get("xaxis", "x") for t in drawn} == {"x", "x2"}
    assert sum(t.get("showlegend", True) for t in spec["data"] if "legendgroup" in t) == 2  # one entry per run


def test_player_draws_the_surface_without_a_contour_trace(lecture):
    data, stats = lecture
    spec = _player(data, stats, [_run(data, 0.05, 3, 10, "a")])
    assert {t["type"] for t in spec["data"]} == {"scatter"}
    assert spec["layout"]["images"][0]["source"].startswith("data:image/png;base64,")
    play = spec["layout"]["updatemenus"][0]["buttons"][0]
    assert play["args"][1]["frame"]["redraw"] is False


def test_player_of_5000_updates_stays_under_2_mb(lecture):
    data, stats = lecture
    one = _player(data, stats, [_run(data, 0.05, 3, 1250, "a")])
    assert animation.MAX_FRAMES - 5 <= len(one["frames"]) <= animation.MAX_FRAMES
    five = _player(
        data,
        stats,
        [
            _run(data, eta, batch, 1250 if batch == 3 else 5000, f"run {eta}")
            for eta, batch in [(0.05, 3), (0.02, None), (0.01, 3), (0.03, None), (0.04, 3)]
        ],
    )
    assert animation.spec_size(five) < animation.MAX_BYTES
    assert 100 <= len(five["frames"]) <= animation.MAX_FRAMES
    assert five["frames"][-1]["name"] == "5000"


def test_player_of_a_diverged_run_is_valid_json(lecture):
    data, stats = lecture
    runs = [_run(data, 0.05, 3, 10, "fine"), _run(data, 3.0, None, 200, "diverged")]
    assert not np.all(np.isfinite(runs[1].loss)) or runs[1].loss[-1] > 1e6
    text = pio.to_json(_player(data, stats, runs), validate=False)

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    json.loads(text, parse_constant=refuse)


def test_player_with_max_frames_uses_at_most_that_many(lecture):
    data, stats = lecture
    spec = _player(data, stats, [_run(data, 0.05, 3, 250, "a")], max_frames=40)
    assert 2 <= len(spec["frames"]) <= 40
    assert spec["frames"][-1]["name"] == "1000"
