"""Backprop step-through: the chain rule, delta by delta, with numbers, on the exercise and the lecture's network."""

import numpy as np
import pandas as pd
import streamlit as st

import nnmath as nm
import ui
from nnmath import datasets
from nnviz import backprop_steps, figures, network_diagram, tables
from nnviz.figures import Path, Series
from services import backprop as bp
from services import data as datasets_service
from services.backprop import LECTURE_INIT, as_matrix_key
from ui.states.backprop import STATE


def part_neuron() -> None:
    with st.sidebar:
        st.header("Part 1 settings")
        STATE.slider("bp_eta", "Learning rate η")
        STATE.number("bp_iterations", "Iterations T")
        STATE.slider("bp_w0", "w(0)")
        STATE.slider("bp_b0", "b(0)")
    data = datasets.lecture_exercise()
    st.markdown(
        "Data: x = (2, 3, 5), y = (7, 10, 16), so the true model is y = 3x + 1. "
        "Batch gradient descent on the MSE from θ(0) = (w(0), b(0)):"
    )
    st.latex(
        r"w^{(t+1)} = w^{(t)} - \eta \frac{\partial \mathcal{L}}{\partial w}\Big|_{w^{(t)}}, \qquad "
        r"b^{(t+1)} = b^{(t)} - \eta \frac{\partial \mathcal{L}}{\partial b}\Big|_{b^{(t)}}"
    )
    s = STATE
    with ui.guard("the exercise"):
        h = bp.neuron_run(float(s["bp_eta"]), int(s["bp_iterations"]), float(s["bp_w0"]), float(s["bp_b0"]))
        if h.stop_reason == "diverged":
            eta_max = nm.max_stable_eta(data.X)
            ui.error(
                f"With η = {s['bp_eta']:g} the iterations diverge (stopped at iteration {h.n_updates}): "
                f"batch GD on this data is stable only for η < {eta_max:.4g}. Choose a smaller η."
            )
        stats = nm.linreg_stats(data.X, data.y)
        table = pd.DataFrame({"t": np.arange(h.n_updates + 1), "w(t)": h.w[:, 0], "b(t)": h.b, "MSE": h.loss})

        def show(t: int) -> None:
            if t < h.n_updates:
                st.subheader(f"From θ({t}) to θ({t + 1})")
                for latex in backprop_steps.neuron_step(nm.step_detail(data.X, data.y, h, t + 1)):
                    st.latex(latex)
            else:
                st.subheader(f"θ({t}) = ({h.w[t, 0]:.6f}, {h.b[t]:.6f})")
                st.caption("The last iteration: raise T in the sidebar to go on.")
            left, right = st.columns([3, 2])
            with left:
                grid_w = figures.grid_range([h.w[:, 0]], [h.w[0, 0], 3.0])
                grid_b = figures.grid_range([h.b], [h.b[0], 1.0])
                surface = nm.mse_surface(data.X, data.y, grid_w, grid_b, stats=stats)
                ui.chart(
                    figures.contour_figure(
                        grid_w,
                        grid_b,
                        surface,
                        [Path("θ(t)", h.w[: t + 1, 0], h.b[: t + 1])],
                        axis_titles=("w", "b"),
                        optimum=(3.0, 1.0),
                        current=(h.w[t, 0], h.b[t]),
                        title="MSE over (w, b)",
                    )
                )
            with right:
                st.dataframe(
                    table.style.format({"w(t)": "{:.6f}", "b(t)": "{:.6f}", "MSE": "{:.6f}"}).apply(
                        lambda r: ["background-color: #ffe3c2" if r["t"] == t else "" for _ in r], axis=1
                    )
                    if len(table) <= 200
                    else table,
                    hide_index=True,
                    width="stretch",
                )
                ui.download_csv(table, "exercise_thetas.csv", "Download θ(0) ... θ(T) as CSV", key="bp_dl_thetas")

        ui.stepper(STATE, "bp_t", h.n_updates, show, label="Iteration t")


def network_settings() -> tuple[tuple, tuple | None] | None:
    """The editable initial weights; None (with errors shown) when they cannot be read."""
    st.markdown("**Initial weights** (the lecture's by default; column j of W1 feeds hidden neuron j)")
    editors = [("W1", "W1 (3 x 2)"), ("W2", "W2 (2 x 1)")]
    if STATE["bp_bias"]:
        editors += [("b1", "b1 (1 x 2)"), ("b2", "b2 (1 x 1)")]
    inputs = []
    for col, (name, label) in zip(st.columns(len(editors)), editors, strict=True):
        with col:
            inputs.append(ui.matrix_editor(label, STATE.schema[f"bp_{name}"], name=name, fixed_shape=True))
    errors = [e for parsed in inputs for e in parsed.errors]
    for message in errors:
        ui.error(message)
    if errors:
        return None
    keys = [as_matrix_key(parsed.values) for parsed in inputs]
    weights = (keys[0], keys[1])
    biases = (keys[2], keys[3]) if STATE["bp_bias"] else None
    return weights, biases


def part_network() -> None:
    with st.sidebar:
        st.header("Part 2 settings")
        STATE.slider("bp_net_eta", "Learning rate η")
        STATE.number("bp_net_iterations", "Iterations")
        STATE.slider("bp_rows", "Rows of data")
        STATE.toggle("bp_bias", "Add biases (the lecture has none)")
        st.button("Reset to the lecture's settings", on_click=STATE.reset, width="stretch")
    st.markdown(
        "3 inputs → 2 sigmoid neurons → 1 exponential output, trained by batch gradient descent on the MSE "
        "with the lecture's data (`np.random.seed(0); X = np.random.randn(10000, 3)`) and its initial weights."
    )
    settings = network_settings()
    if settings is None:
        return
    s = STATE
    with ui.guard("the network"):
        weights, biases = settings
        data = datasets_service.lecture_network(int(s["bp_rows"]))
        history = bp.network_run(
            int(s["bp_rows"]), weights, biases, float(s["bp_net_eta"]), int(s["bp_net_iterations"])
        )
        if history.stop_reason == "diverged":
            ui.error(
                f"Training diverged at iteration {history.n_updates} (the loss left the finite range): "
                f"η = {s['bp_net_eta']:g} is too large for this network. Try η = 0.0005, the lecture's."
            )
        lecture_settings = (
            weights == LECTURE_INIT and biases is None and s["bp_rows"] == 10_000 and s["bp_net_eta"] == 0.0005
        )
        net = bp.network(weights, biases)

        def show(t: int) -> None:
            net.set_flat_parameters(history.params_at(t))
            g = net.backward(data.X, data.y)
            c1, c2, c3 = st.columns([4, 2, 1])
            with c1:
                STATE.select("bp_phase", "Phase of this iteration", style="segmented")
            with c2:
                if not 1 <= STATE["bp_obs"] <= len(data.y):
                    STATE.reset(["bp_obs"])
                st.number_input("Observation i", 1, len(data.y), key="bp_obs")
            with c3:
                STATE.toggle("bp_mean", "Batch mean")
            phase = s["bp_phase"] or backprop_steps.PHASES[0]
            i = None if s["bp_mean"] else int(s["bp_obs"]) - 1
            left, right = st.columns([1, 1])
            with left:
                st.subheader(f"Iteration {t}: {phase.lower()}")
                for latex in backprop_steps.backprop_phase(net, g, data.y, phase, i, float(s["bp_net_eta"])):
                    st.latex(latex)
                if phase == "Hidden deltas":
                    st.caption(
                        "The lecture's equation 3: each hidden delta is the output delta sent back along its weight."
                    )
            with right:
                row = i if i is not None else 0
                node_values = [data.X[row], g.forward.a[0][row], g.forward.a[1][row]]
                highlight = {"Forward pass": None, "Loss": None, "Output delta": 1, "Hidden deltas": 0, "Gradients": 1}
                direction = "forward" if phase in ("Forward pass", "Loss") else "backward"
                ui.chart(
                    network_diagram.network_diagram(
                        net.sizes,
                        net.weights,
                        node_values=node_values,
                        weight_grads=g.dW,
                        activations=net.activations,
                        highlight_layer=highlight.get(phase),
                        direction=direction,
                        title=f"Observation {row + 1}",
                    )
                )
                st.caption("Neurons show their values for this observation; edges their weights (hover: dL/dW).")
                ui.chart(
                    figures.line_figure(
                        [Series("MSE", history.iterations, history.loss[history.iterations])],
                        x_title="iteration",
                        y_title="MSE",
                        log_y=True,
                        marker_x=t,
                        title="Loss",
                        height=300,
                    )
                )
            weights_table(t, history, lecture_settings and t == 5000)
            with st.expander("Gradient check: backpropagation against central finite differences"):
                check = nm.gradient_check(net, data.X, data.y)
                frame = pd.DataFrame(
                    {
                        "parameter": check.names,
                        "backprop": check.backprop,
                        "finite difference": check.numeric,
                        "relative error": check.rel_error,
                    }
                )
                st.dataframe(
                    frame,
                    hide_index=True,
                    width="stretch",
                    column_config={"relative error": st.column_config.NumberColumn(format="%.2e")},
                )
                st.caption("Relative errors around 1e-7 or smaller mean the chain rule above is computed right.")

        ui.stepper(STATE, "bp_iter", history.n_updates, show, label="Iteration")


def weights_table(t: int, history: nm.TrainHistory, compare_lecture: bool) -> None:
    theta = history.params_at(t)
    columns = {f"iteration {t}": theta}
    if len(theta) == datasets.LECTURE_NETWORK_W1.size + datasets.LECTURE_NETWORK_W2.size:
        columns["true (teacher network)"] = [*datasets.LECTURE_NETWORK_W1.ravel(), *datasets.LECTURE_NETWORK_W2.ravel()]
    printed = [(f"iteration {t}", "lecture's print", datasets.LECTURE_PRINTED_GD, "difference")]
    frame, largest = tables.weights_table(history.names, columns, printed if compare_lecture else ())
    if compare_lecture:
        worst = largest["difference"]
        message = f"Iteration 5000 with the lecture's settings: largest difference from the lecture's print {worst:.1e}"
        (st.success if worst < 1e-8 else st.warning)(message + ".")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            c: st.column_config.NumberColumn(format="%.2e" if c == "difference" else "%.8f") for c in frame.columns[1:]
        },
    )
    ui.download_csv(frame, f"weights_iteration_{t}.csv", "Download these weights as CSV", key="bp_dl_weights")


STATE.init()
ui.header(
    "Backprop step-through", "The chain rule, one delta at a time: every number of backpropagation, with its working."
)
STATE.select("bp_part", "Part", style="segmented")
if (STATE["bp_part"] or "neuron") == "neuron":
    part_neuron()
else:
    part_network()
STATE.share_box()
