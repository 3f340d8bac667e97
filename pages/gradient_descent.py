"""Gradient-descent playground: linear regression fitted by GD, momentum, RMSprop or Adam, stepped, played and drawn."""

from collections.abc import Callable

import streamlit as st

import nnmath as nm
import ui
from nnviz import tables
from services import data as datasets
from services import gradient_descent as gd
from services.gradient_descent import RunSettings
from ui import optimizers
from ui.layout import chart_columns
from ui.states import gradient_descent as schema
from ui.states.gradient_descent import STATE, SYNTHETIC, run_arguments, run_values


def source_changed() -> None:
    """The exercise comes with its own settings: batch GD from θ(0) = (1, 0) with η = 0.01 (callback)."""
    if STATE["gd_source"] == "exercise":
        STATE.reset(["gd_w1", "gd_b0", "gd_optimizer"])
        st.session_state.update(gd_mode="batch", gd_eta=0.01, gd_tol=0.0, gd_step=0)


def data_controls() -> datasets.Data | None:
    """The data, chosen in the sidebar (the synthetic data's fields two a row)."""
    STATE.select("gd_source", "Data", style="radio", on_change=source_changed)
    source = STATE["gd_source"]
    if source == "csv":
        u = ui.csv_upload("gd_csv", max_features=2)
        return None if u is None else datasets.uploaded(u.X, u.y, u.feature_names, u.target_name, u.key)
    if source == "synthetic":
        STATE.side_by_side(SYNTHETIC, disabled=["gd_syn_w2"] if STATE["gd_syn_p"] == 1 else [])
    return datasets.linear(source, *(STATE[k] for k, _ in SYNTHETIC))


def run_controls(p: int) -> dict:
    """The run's settings in the sidebar; returns them (ui.states.gradient_descent.run_values)."""
    STATE.select("gd_optimizer", "Optimizer")
    optimizers.controls(STATE, "gd", STATE["gd_optimizer"], learning_rate=False)
    STATE.select("gd_mode", "Updates", style="radio", horizontal=True)
    if STATE["gd_mode"] == "mini-batch":
        STATE.number("gd_batch_size", "Batch size N")
    STATE.slider("gd_eta", "Learning rate η (log scale)")
    for j, label in enumerate(["w1", "w2"] if p == 2 else ["w"]):
        STATE.slider(f"gd_w{j + 1}", f"Initial {label}(0)")
    STATE.slider("gd_b0", "Initial b(0)")
    STATE.number("gd_epochs", "Epochs (passes over the data)")
    STATE.slider("gd_tol", "Tolerance (stop when the batch loss changes less)")
    STATE.toggle("gd_shuffle", "Shuffle the rows every epoch", help="Off: the first batch is rows 1-3 (the lecture's).")
    if STATE["gd_shuffle"]:
        STATE.number("gd_seed", "Shuffle seed")
    return run_values(st.session_state)


def compare_controls(values: dict, current: RunSettings, p: int) -> tuple[RunSettings, ...]:
    """Runs kept for comparison (up to four, in the link too), drawn with this one on every chart."""
    stored: list[dict] = STATE["gd_compare"]
    runs = [RunSettings(**run_arguments(v, p)) for v in stored]
    box = st.expander(
        f"Compare runs ({len(stored)} of {schema.MAX_COMPARE})",
        icon=":material/compare_arrows:",
        key="gd_compare_open",
        on_change="rerun",
    )
    if box.open:  # drawn only when opened: the buttons cost every rerun of every session
        box.caption("Change a setting, then add the run: each compared run keeps its colour on every chart.")
        rates = [run_values({**values, "gd_eta": eta}) for eta in schema.COMPARED_RATES]
        every = [run_values({**values, "gd_optimizer": name}) for name in list(nm.OPTIMIZERS)[: schema.MAX_COMPARE]]
        full = len(stored) >= schema.MAX_COMPARE or values in stored
        box.button("Add this run", icon=":material/add:", disabled=full, on_click=stored.append, args=(values,))
        box.button(f"Compare η = {', '.join(map(str, schema.COMPARED_RATES))}", on_click=replace, args=(stored, rates))
        box.button("Compare the optimizers", on_click=replace, args=(stored, every))
        for k, name in enumerate(gd.labels([current, *runs])[1:]):
            row = box.container(horizontal=True, vertical_alignment="center")
            row.caption(f"({k + 1}) {name}" + (" = this run" if runs[k] == current else ""))
            row.button(":material/close:", key=f"gd_remove_{k}", help="Remove", on_click=stored.pop, args=(k,))
        box.button("Clear", icon=":material/clear_all:", disabled=not stored, on_click=stored.clear)
    return tuple(runs)


def replace(stored: list[dict], runs: list[dict]) -> None:
    """The compared runs become ``runs`` (callback)."""
    stored[:] = runs


def view_of(key: str, label: str) -> str:
    """Which of the setting ``key``'s views is open: a segmented control (one element, where tabs are many)."""
    return str(STATE.select(key, label, style="segmented", label_visibility="collapsed"))


def start_from_click(p: int) -> None:
    """A click on the contour sets w(0) there (and b(0) for one feature); one outside the range is refused."""
    points = st.session_state["gd_contour"]["selection"]["points"]
    if not points:
        return
    keys = ("gd_w1", "gd_w2") if p == 2 else ("gd_w1", "gd_b0")
    start = ui.click_point(points[0])  # what the browser sent: None unless two finite numbers
    if start is not None and all(STATE.schema[k].accepts(v) for k, v in zip(keys, start, strict=True)):
        st.session_state.update(dict(zip(keys, start, strict=True)), gd_restart=True)
    elif start is not None:
        ranges = " and ".join(f"{STATE.schema[k].lo:g} to {STATE.schema[k].hi:g}" for k in keys)
        st.session_state["gd_click_note"] = (
            f"The click at ({start[0]:g}, {start[1]:g}) is outside the range of the start ({ranges}): it was ignored."
        )


def show_step(t: int, last: int, data: datasets.Data, s: RunSettings, compared: tuple[RunSettings, ...]) -> None:
    """The step view: the headline, the contour (click to start) and, beside it, Steps 1-5 and the other panels."""
    if st.session_state.pop("gd_restart", False):
        st.rerun()
    view = gd.step_view(data, s, compared, t, STATE["gd_log_loss"])
    st.markdown(
        view["headline"] + f":gray[{view['outcome']}]  \n"
        ":gray[○ start · ◆ now · ★ least squares · click the contour to start a run there]"
    )
    left, right = chart_columns("gd_step", 2)
    p = data.X.shape[1]
    with left:
        ui.chart(view["contour"], key="gd_contour", on_select=lambda: start_from_click(p), selection_mode="points")
        if note := st.session_state.pop("gd_click_note", None):
            ui.warning(note)
    panels: dict[str, Callable[[], None]] = {
        "Steps 1-5": lambda: steps_panel(view["steps"]),
        "Loss": lambda: (log_scale(), ui.chart(view["loss"])),
        "Parameters": lambda: ui.chart(view["parameters"]),
        "Predict": lambda: practice_panel(t, last, data, s),
        "Data": lambda: data_panel(t, data, s),
    }
    with right:
        panels[view_of("gd_panel", "Beside the contour")]()


def steps_panel(steps: tuple[str, dict[str, list[str]]] | None) -> None:
    if steps is None:
        st.info("This is the start w(0), b(0). Press Next to see Steps 1-5 of the first update.")
        return
    st.markdown(f"**{steps[0]}**")
    ui.formulas(steps[1])


def practice_panel(t: int, last: int, data: datasets.Data, s: RunSettings) -> None:
    if t >= last:
        st.info("This is the last update: there is no next one to predict. Go back a few updates.")
        return
    values, question = gd.next_update(data, s, t)
    st.markdown(question)
    ui.practice(
        "gd_practice",
        [ui.Blank(label, value) for label, value in values],
        question=f"{data.key}|{s}|{t}",
        worked=lambda: ui.formulas(gd.steps(data, s, t + 1)[1]),
        columns=len(values),
    )


def data_panel(t: int, data: datasets.Data, s: RunSettings) -> None:
    h = gd.run(data, s)
    st.markdown("**The data, with this update's batch marked**")
    st.dataframe(tables.batch_table(data.X, data.y, data.names, h.rows(t)), hide_index=True, width="stretch")
    frame, first, last = gd.history_window(data, s, t)
    st.markdown("**The updates around this one**")
    st.dataframe(frame, hide_index=True, width="stretch")
    st.caption(f"Updates {first} to {last} of {h.n_updates}; the download below has them all.")


def log_scale() -> None:
    STATE.toggle("gd_log_loss", "Log scale for the loss")


def play(data: datasets.Data, s: RunSettings, compared: tuple[RunSettings, ...]) -> None:
    """Every run played in lock-step by the browser (Space plays and pauses)."""
    log_scale()
    ui.chart(gd.player(data, s, compared, STATE["gd_log_loss"]), key="gd_player")
    ui.presenter_keys("gd_step_prev", "gd_step_next")
    st.caption(
        "Played in your browser: Space plays and pauses. For two features the contour is the slice at the "
        "least-squares bias b*; the step view shows the exact slice at each update's b(t)."
    )


def surface(data: datasets.Data, s: RunSettings, compared: tuple[RunSettings, ...]) -> None:
    ui.chart(gd.surface_3d(data, s, compared))
    st.caption("Drag to turn, scroll to zoom. Two features: the slice at b = b*, the paths drawn on it.")


def code(data: datasets.Data, s: RunSettings) -> None:
    source = gd.code(data, STATE["gd_source"], [STATE[k] for k, _ in SYNTHETIC], s, STATE["gd_step"])
    st.caption("NumPy only, in the lecture's style: it prints the numbers on screen for these settings.")
    ui.code_block(source, "gradient_descent.py", key="gd_code_dl")


STATE.init()
ui.header(
    "Gradient-descent playground",
    "Linear regression y = Xw + b fitted by gradient descent, momentum, RMSprop or Adam, one update at a time.",
)
with st.sidebar:
    st.header("Settings")
    st.button("Reset to the lecture's settings", on_click=STATE.reset, width="stretch")
    data = data_controls()
if data is not None:
    with ui.guard("the gradient-descent run"):
        p = data.X.shape[1]
        eta_max = gd.statistics(data)[1]
        with st.sidebar:
            bound = f"Batch GD converges for η < 2 / λmax = {eta_max:.4g} (λmax: the Hessian's largest eigenvalue)."
            st.caption(ui.literal(f"{data.description}. {bound}"))
            values = run_controls(p)
            settings = RunSettings(**run_arguments(values, p))
            compared = compare_controls(values, settings, p)
        gd.check_request(data, settings, compared)
        history = gd.run(data, settings)
        if history.stop_reason == "diverged":
            ui.error(gd.divergence(history, settings, eta_max, schema.LEARNING_RATES))
        views: dict[str, Callable[[], None]] = {
            "Step by step": lambda: ui.stepper(
                STATE, "gd_step", history.n_updates, lambda t: show_step(t, history.n_updates, data, settings, compared)
            ),
            "Play": lambda: play(data, settings, compared),
            "3D surface": lambda: surface(data, settings, compared),
            "Code": lambda: code(data, settings),
        }
        views[view_of("gd_view", "View")]()
        ui.download_csv(
            lambda: gd.history_table(data, settings),
            "gradient_descent_history.csv",
            "Download every update as CSV",
            key="gd_dl",
        )
STATE.share_box()
