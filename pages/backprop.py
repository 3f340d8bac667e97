"""Backprop step-through: the chain rule, delta by delta, with numbers, on the exercise and the lecture's network."""

from collections.abc import Callable

import streamlit as st

import ui
from nnmath import datasets as lecture
from nnviz import backprop_steps
from nnviz.code import backprop as code
from services import backprop as bp
from ui.layout import chart_columns
from ui.states.backprop import STATE, VIEWS

Neuron = tuple[float, int, float, float]
"""Part 1's settings: η, iterations, w(0), b(0)."""
DIAGRAM_WIDTH = 560
"""Part 2's diagram and formulas stand side by side only where each gets this many px (the diagram's layout)."""


def views(stepper: Callable[[], None], player: Callable[[], None], source: Callable[[], str], name: str) -> None:
    """The part's tabs: the stepper, the run played in the browser, the code for the screen (only the open one runs)."""
    step, play, code_tab = st.tabs(list(VIEWS), key="bp_view", on_change="rerun")
    if step.open:
        with step:
            stepper()
    if play.open:
        with play:
            player()
    if code_tab.open:
        with code_tab:
            st.caption("NumPy code in the lecture's style that prints the numbers of this page for these settings.")
            ui.code_block(source(), name, key="bp_code_download")


def short(value: float) -> str:
    """A number to 6 decimals, trailing zeros dropped."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def practice_toggle() -> bool:
    return STATE.toggle("bp_practice", "Practice", help="Predict this step's numbers before the working is shown.")


# ---------------------------------------------------------------- Part 1: one neuron


def neuron_settings() -> Neuron:
    with st.sidebar:
        st.header("Part 1 settings")
        STATE.slider("bp_eta", "Learning rate η")
        STATE.number("bp_iterations", "Iterations T")
        STATE.slider("bp_w0", "w(0)")
        STATE.slider("bp_b0", "b(0)")
    return float(STATE["bp_eta"]), int(STATE["bp_iterations"]), float(STATE["bp_w0"]), float(STATE["bp_b0"])


def neuron_step(s: Neuron, t: int) -> None:
    h, table = bp.neuron_run(*s), bp.neuron_views(*s).table
    row = table.iloc[t]
    theta, mse = f"({short(row['w(t)'])}, {short(row['b(t)'])})", short(row["MSE"])
    if t < h.n_updates:
        after = table.iloc[t + 1]
        theta_next, mse_next = f"({short(after['w(t)'])}, {short(after['b(t)'])})", short(after["MSE"])
        st.markdown(f"#### From θ({t}) to θ({t + 1}): {theta} → {theta_next} · MSE {mse} → {mse_next}")
    else:
        st.markdown(f"#### θ({t}) = {theta} · MSE {mse}: the last iteration")
    left, right = chart_columns("bp_neuron")
    with left:
        ui.chart(bp.neuron_chart(*s, t))
    with right:
        if t < h.n_updates:
            step = bp.neuron_step(h, t)
            lines = backprop_steps.neuron_step(step)

            def working() -> None:
                ui.formulas({"Forward pass": lines[:3], "Gradients": lines[3:5], "Update": lines[5:]})

            if practice_toggle():
                blanks = [ui.Blank(label, value) for label, value in backprop_steps.neuron_blanks(step)]
                ui.practice("bp_neuron_practice", blanks, question=f"{s} t={t}", worked=working)
            else:
                working()
        else:
            st.caption("No update after the last iteration: raise T in the sidebar to go on.")
    st.markdown(f"**θ(0) ... θ({h.n_updates}) and the MSE at each**")
    formats = {"w(t)": "{:.6f}", "b(t)": "{:.6f}", "MSE": "{:.6f}"}
    st.dataframe(table.style.format(formats) if len(table) <= 200 else table, hide_index=True, width="stretch")
    ui.download_csv(table, "exercise_thetas.csv", "Download θ(0) ... θ(T) as CSV", key="bp_dl_thetas")


def part_neuron() -> None:
    s = neuron_settings()
    st.caption(
        "Data x = (2, 3, 5), y = (7, 10, 16), so the true model is y = 3x + 1: batch gradient descent on the MSE."
    )
    with ui.guard("the exercise"):
        h = bp.neuron_run(*s)
        if h.stop_reason == "diverged":
            ui.error(
                f"With η = {s[0]:g} the iterations diverge (stopped at iteration {h.n_updates}): "
                f"batch GD on this data is stable only for η < {bp.stable_eta():.4g}. Choose a smaller η."
            )

        def player() -> None:
            ui.presenter_keys("bp_t_prev", "bp_t_next")
            ui.chart(bp.neuron_views(*s).player)

        views(
            lambda: ui.stepper(STATE, "bp_t", h.n_updates, lambda t: neuron_step(s, t), label="Iteration t"),
            player,
            lambda: code.neuron_code(*s),
            "backprop_exercise.py",
        )


# ---------------------------------------------------------------- Part 2: the lecture's network


def network_settings() -> tuple[bp.Matrix, ...] | None:
    """The sidebar; returns the initial weights (W1, W2, and b1, b2 with biases), or None when they cannot be read."""
    with st.sidebar:
        st.header("Part 2 settings")
        STATE.slider("bp_net_eta", "Learning rate η")
        STATE.number("bp_net_iterations", "Iterations")
        STATE.slider("bp_rows", "Rows of data")
        STATE.toggle("bp_bias", "Add biases (the lecture has none)")
        if not 1 <= STATE["bp_obs"] <= STATE["bp_rows"]:
            STATE.reset(["bp_obs"])
        st.number_input(
            "Observation i (shown in the phases)", 1, STATE["bp_rows"], key="bp_obs", disabled=STATE["bp_mean"]
        )
        STATE.toggle("bp_mean", "Batch mean instead", help="The mean over all rows of each quantity, instead of row i.")
        st.markdown("**Initial weights** (the lecture's by default; column j of W1 feeds hidden neuron j)")
        names = ["W1", "W2", "b1", "b2"] if STATE["bp_bias"] else ["W1", "W2"]
        shapes = {"W1": "3 x 2", "W2": "2 x 1", "b1": "1 x 2", "b2": "1 x 1"}
        parsed = [
            ui.matrix_editor(f"{n} ({shapes[n]})", STATE.schema[f"bp_{n}"], name=n, fixed_shape=True) for n in names
        ]
        st.button("Reset to the lecture's settings", on_click=STATE.reset, width="stretch")
    errors = [e for p in parsed for e in p.errors]
    for message in errors:
        ui.error(message)
    return None if errors else tuple(bp.as_matrix_key(p.values) for p in parsed)


def network_step(run: bp.NetworkRun, t: int) -> None:
    STATE.select("bp_phase", "Phase", style="segmented", wrap=True, label_visibility="collapsed")
    STATE.publish()
    phase = STATE["bp_phase"]
    i = None if STATE["bp_mean"] else int(STATE["bp_obs"]) - 1
    view = bp.step_view(run, t, phase, i)
    st.markdown(f"#### Iteration {t}: {phase.lower()} · MSE L(θ({t})) = {view.loss:.10f}")
    left, right = chart_columns("bp_network", min_width=DIAGRAM_WIDTH)
    with left:
        ui.chart(view.diagram)
        st.caption("Highlighted: this phase's terms. Neurons show observation values; hover an edge for w and dL/dW.")
    with right:
        working = {backprop_steps.phase_of(phase).caption: view.formulas}
        if practice_toggle():
            blanks = [ui.Blank(label, value) for label, value in view.blanks]
            question = f"{run.rows} {run.weights} {run.biases} {run.eta} t={t} {phase} i={i}"
            ui.practice(
                "bp_network_practice", blanks, question=question, worked=lambda: ui.formulas(working), columns=4
            )
        else:
            ui.formulas(working)
    st.markdown(f"**The weights at iteration {t}**")
    weights_table(run, t)
    check = st.expander(
        "Gradient check: backpropagation against central finite differences", key="bp_check_open", on_change="rerun"
    )
    if check.open:
        check.dataframe(
            bp.gradient_check(view.net, run.rows),
            hide_index=True,
            width="stretch",
            column_config={"relative error": st.column_config.NumberColumn(format="%.2e")},
        )
        check.caption("Relative errors around 1e-7 or smaller mean the chain rule above is computed right.")


def weights_table(run: bp.NetworkRun, t: int) -> None:
    frame, worst = bp.weights_table(run, t)
    if worst is not None:
        message = (
            f"Iteration {lecture.LECTURE_NETWORK_ITERATIONS} with the lecture's settings: largest difference from "
            f"the lecture's print {worst:.1e}"
        )
        (ui.success if worst < 1e-8 else ui.warning)(message + ".")
    formats = {c: "%.2e" if c == "difference" else "%.8f" for c in frame.columns[1:]}
    config = {c: st.column_config.NumberColumn(format=f) for c, f in formats.items()}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)
    ui.download_csv(frame, f"weights_iteration_{t}.csv", "Download these weights as CSV", key="bp_dl_weights")


def part_network() -> None:
    initial = network_settings()
    st.caption(
        "3 inputs → 2 sigmoid → 1 exponential output: batch GD on the MSE, the lecture's data and initial weights."
    )
    if initial is None:
        return
    s = STATE
    weights, biases = (initial[0], initial[1]), (initial[2], initial[3]) if len(initial) == 4 else None
    with ui.guard("the network"):
        run = bp.network_run(int(s["bp_rows"]), weights, biases, float(s["bp_net_eta"]), int(s["bp_net_iterations"]))
        if run.stop_reason == "diverged":
            ui.error(
                f"Training diverged at iteration {run.n_updates} (the loss left the finite range): "
                f"η = {s['bp_net_eta']:g} is too large for this network. "
                f"Try η = {lecture.LECTURE_NETWORK_ETA:g}, the lecture's."
            )

        def player() -> None:
            ui.presenter_keys("bp_iter_prev", "bp_iter_next")
            ui.chart(bp.network_player(run))

        views(
            lambda: ui.stepper(STATE, "bp_iter", run.n_updates, lambda t: network_step(run, t), label="Iteration"),
            player,
            lambda: bp.network_code(run),
            "backprop_network.py",
        )


STATE.init()
ui.header(
    "Backprop step-through", "The chain rule, one delta at a time: every number of backpropagation, with its working."
)
STATE.select("bp_part", "Part", style="segmented", label_visibility="collapsed")
if (STATE["bp_part"] or "neuron") == "neuron":
    part_neuron()
else:
    part_network()
STATE.share_box()
