"""Network trainer: the lecture's 3-2-1 network, a 2-3-1 network and custom ones, by GD, momentum and Adam."""

import json

import numpy as np
import pandas as pd
import streamlit as st

import ui
from nnmath import datasets
from nnviz import figures, network_diagram, tables
from nnviz.figures import Series
from services import data as data_service
from services import trainer
from services.trainer import TrainSettings
from ui.states.network_trainer import DATA_SOURCES, MAX_SNAPSHOTS, STATE


def optimizer_values(name: str) -> tuple[float, ...]:
    """The sidebar's values for optimizer ``name``, in the order of its constructor."""
    keys = {"GD": ("nt_eta",), "Momentum": ("nt_eta", "nt_momentum")}.get(
        name, ("nt_lr", "nt_beta_1", "nt_beta_2", "nt_epsilon")
    )
    return tuple(float(STATE[k]) for k in keys)


def sidebar() -> None:
    s = STATE
    with st.sidebar:
        st.header("Network")
        STATE.select("nt_preset", "Preset")
        if s["nt_preset"] == "custom":
            STATE.number("nt_hidden_layers", "Hidden layers")
            for j in range(1, int(s["nt_hidden_layers"]) + 1):
                c1, c2 = st.columns(2)
                with c1:
                    STATE.number(f"nt_units_{j}", f"units in layer {j}")
                with c2:
                    STATE.select(f"nt_act_{j}", f"activation {j}")
            STATE.select("nt_act_out", "output activation")
            STATE.toggle("nt_bias", "Biases")
            STATE.select("nt_init", "Initial weights", style="radio")
            STATE.number("nt_init_seed", "initialisation seed")
        st.header("Training")
        STATE.select("nt_optimizer", "Optimizer")
        STATE.toggle("nt_compare", "Compare with a second optimizer")
        if s["nt_compare"]:
            STATE.select("nt_optimizer_2", "Second optimizer")
        used = {s["nt_optimizer"], *([s["nt_optimizer_2"]] if s["nt_compare"] else [])}
        if used & {"GD", "Momentum"}:
            STATE.number("nt_eta", "η (GD and momentum)")
        if "Momentum" in used:
            STATE.slider("nt_momentum", "momentum")
        if "Adam" in used:
            STATE.number("nt_lr", "Adam learning rate")
            c1, c2 = st.columns(2)
            with c1:
                STATE.number("nt_beta_1", "β1")
            with c2:
                STATE.number("nt_beta_2", "β2")
            STATE.number("nt_epsilon", "ε")
        STATE.number("nt_iterations", "Iterations (full-batch updates)")
        st.button("Reset to the lecture's settings", on_click=STATE.reset, width="stretch")


def architecture(p: int) -> tuple[tuple[int, ...], tuple[str, ...], bool]:
    s = STATE
    if s["nt_preset"] == "lecture":
        return datasets.LECTURE_NETWORK_SIZES, datasets.LECTURE_NETWORK_ACTIVATIONS, False
    if s["nt_preset"] == "two_three_one":
        return (p, 3, 1), ("tanh", "linear"), True
    layers = int(s["nt_hidden_layers"])
    sizes = (p, *(int(s[f"nt_units_{j}"]) for j in range(1, layers + 1)), 1)
    acts = (*(s[f"nt_act_{j}"] for j in range(1, layers + 1)), s["nt_act_out"])
    return sizes, acts, bool(s["nt_bias"])


def data_section() -> data_service.Data | None:
    s = STATE
    preset_inputs = {"lecture": 3, "two_three_one": 2}.get(s["nt_preset"])
    allowed = [
        k
        for k in DATA_SOURCES
        if not (k == "teacher" and preset_inputs == 2) and not (k == "surface" and preset_inputs == 3)
    ]
    if s["nt_source"] not in allowed:
        s["nt_source"] = allowed[0]
    st.radio("Data", allowed, key="nt_source", format_func=DATA_SOURCES.get, horizontal=True)
    if s["nt_source"] == "csv":
        u = ui.csv_upload("nt_csv", exact_features=preset_inputs, max_features=8)
        return None if u is None else data_service.uploaded(u.X, u.y, u.feature_names, u.target_name, u.key)
    cols = st.columns(4)
    with cols[0]:
        STATE.slider("nt_rows", "rows")
    with cols[1]:
        STATE.number("nt_data_seed", "data seed")
    with cols[2]:
        STATE.number("nt_noise", "noise sd")
    if s["nt_source"] == "surface":
        with cols[3]:
            STATE.select("nt_surface", "target")
        data = data_service.surface(s["nt_surface"], int(s["nt_rows"]), int(s["nt_data_seed"]), float(s["nt_noise"]))
    else:
        data = data_service.lecture_network(int(s["nt_rows"]), int(s["nt_data_seed"]), float(s["nt_noise"]))
    st.caption(data.description)
    return data


def typed_weights(sizes: tuple[int, ...]) -> tuple | bool | None:
    """Editors for typed-in weights; the weights as a plain tuple, or False when one cannot be read."""
    if STATE["nt_preset"] != "custom" or STATE["nt_init"] != "typed":
        return None
    st.markdown("**Initial weights** (rows: units of the previous layer; columns: units of the layer)")
    cols = st.columns(len(sizes) - 1)
    parsed = []
    for k, col in enumerate(cols):
        key = f"nt_typed_W{k + 1}"
        if (
            key not in st.session_state
            or len(st.session_state[key]) != sizes[k]
            or len(st.session_state[key][0]) != sizes[k + 1]
        ):
            st.session_state[key] = [["0.5"] * sizes[k + 1] for _ in range(sizes[k])]
            st.session_state.pop(f"{key}_rows", None)
        with col:
            label = f"W{k + 1} ({sizes[k]} x {sizes[k + 1]})"
            parsed.append(ui.matrix_editor(label, STATE.schema[key], name=f"W{k + 1}", fixed_shape=True))
    errors = [e for p in parsed for e in p.errors]
    for message in errors:
        ui.error(message)
    if errors:
        return False
    return tuple(tuple(tuple(float(v) for v in row) for row in p.values) for p in parsed)


def lecture_references(s: TrainSettings, runs: list[trainer.Run]) -> list[tuple[str, str, tuple, str]]:
    """The lecture's printed weights beside the runs that reproduce its settings (data, preset, iterations)."""
    lecture_data = (
        STATE["nt_source"] == "teacher"
        and STATE["nt_rows"] == 10_000
        and STATE["nt_data_seed"] == 0
        and STATE["nt_noise"] == 0
    )
    if STATE["nt_preset"] != "lecture" or s.iterations != 5000 or not lecture_data:
        return []
    printed = {
        ("GD", (0.0005,)): ("manual backprop", "GD", datasets.LECTURE_PRINTED_GD),
        ("Adam", (0.001, 0.9, 0.999, 1e-7)): ("Keras Adam", "Adam", datasets.LECTURE_PRINTED_ADAM),
    }
    return [
        (f"final: {run.label}", f"lecture: {printed[o][0]}", printed[o][2], f"difference ({printed[o][1]})")
        for o, run in zip(s.optimizers, runs, strict=True)
        if o in printed
    ]


def results_table(
    s: TrainSettings, runs: list[trainer.Run], data: data_service.Data
) -> tuple[pd.DataFrame, dict[str, float]]:
    """The final weights of each run, the teacher's and, at the lecture's settings, the lecture's prints."""
    columns = {f"final: {run.label}": run.history.params[-1] for run in runs}
    lecture_like = s.sizes == datasets.LECTURE_NETWORK_SIZES and s.activations == datasets.LECTURE_NETWORK_ACTIVATIONS
    if data.true_weights and lecture_like and not s.use_bias:
        columns["true (teacher)"] = [v for w in data.true_weights for v in np.ravel(w)]
    return tables.weights_table(runs[0].history.names, columns, lecture_references(s, runs))


def show_results(s: TrainSettings, runs: list[trainer.Run], data: data_service.Data) -> None:
    for run in runs:
        h = run.history
        if h.stop_reason == "diverged":
            ui.error(
                f"{run.label} diverged at iteration {h.n_updates} (MSE {h.loss[-1]:.3g}): the steps overshoot. "
                "Try a learning rate 10 times smaller; what it computed before is drawn below."
            )
    loss_series = [
        Series(run.label, np.arange(run.history.loss.size), run.history.loss, color_index=k)
        for k, run in enumerate(runs)
    ]
    left, right = st.columns(2)
    with left:
        ui.chart(
            figures.line_figure(loss_series, x_title="iteration", y_title="MSE", log_y=STATE["nt_log"], title="Loss")
        )
        STATE.toggle("nt_log", "Log scale")
    frame, largest = results_table(s, runs, data)
    with right:
        st.subheader("Final weights")
        formats = {
            c: st.column_config.NumberColumn(format="%.2e" if c in largest else "%.8f") for c in frame.columns[1:]
        }
        st.dataframe(frame, hide_index=True, width="stretch", column_config=formats)
        for c, worst in largest.items():
            st.caption(f"Largest {c}: {worst:.1e}")
        st.caption("Settings: " + "; ".join(run.history.optimizer for run in runs))
        weights_json = json.dumps(
            {run.label: dict(zip(run.history.names, map(float, run.history.params[-1]), strict=True)) for run in runs},
            indent=2,
        )
        st.download_button(
            "Final weights (JSON)",
            weights_json,
            "final_weights.json",
            "application/json",
            icon=":material/download:",
            on_click="ignore",
        )
        history_frame = pd.concat(
            [tables.train_history_table(run.history).assign(optimizer=run.label) for run in runs], ignore_index=True
        )
        ui.download_csv(history_frame, "training_history.csv", "History (CSV)", key="nt_dl_history")

    first = runs[0].history
    truth = frame["true (teacher)"].to_numpy() if "true (teacher)" in frame else None
    net = trainer.initial_network(s)

    def show(j: int) -> None:
        iteration = int(first.iterations[j])
        st.markdown(
            f"**Iteration {iteration:,}** (of {first.n_updates:,}), {runs[0].label}: MSE {first.loss[iteration]:.6g}"
        )
        c1, c2 = st.columns(2)
        with c1:
            series = [
                Series(name, first.iterations, first.params[:, p], color_index=p)
                for p, name in enumerate(first.names[:8])
            ]
            horizontals = (
                [(float(truth[p]), f"true {first.names[p]}", p) for p in range(min(8, len(truth)))]
                if truth is not None
                else []
            )
            ui.chart(
                figures.line_figure(
                    series,
                    x_title="iteration",
                    y_title="weight",
                    marker_x=iteration,
                    horizontals=horizontals,
                    title="Parameters",
                )
            )
            if len(first.names) > 8:
                st.caption(f"The first 8 of {len(first.names)} parameters are drawn; the CSV has them all.")
        with c2:
            net.set_flat_parameters(first.params[j])
            ui.chart(
                network_diagram.network_diagram(
                    net.sizes, net.weights, activations=net.activations, title="Weights at this iteration"
                )
            )

    ui.stepper(STATE, "nt_view", len(first.iterations) - 1, show, label="Snapshot (iteration to inspect)")


def settings(data: data_service.Data) -> TrainSettings | None:
    """The run's settings from the sidebar and the weight editors; None while a typed weight cannot be read."""
    sizes, acts, use_bias = architecture(data.X.shape[1])
    typed = typed_weights(sizes)
    if typed is False:
        return None
    s = STATE
    names = [s["nt_optimizer"]] + (
        [s["nt_optimizer_2"]] if s["nt_compare"] and s["nt_optimizer_2"] != s["nt_optimizer"] else []
    )
    init = {"lecture": "lecture", "two_three_one": "keras"}.get(s["nt_preset"], s["nt_init"])
    return TrainSettings(
        sizes=tuple(sizes),
        activations=tuple(acts),
        use_bias=use_bias,
        init=init,
        init_seed=int(s["nt_init_seed"]),
        typed_weights=typed if isinstance(typed, tuple) else None,
        optimizers=tuple((name, optimizer_values(name)) for name in names),
        iterations=int(s["nt_iterations"]),
    )


STATE.init()
ui.header(
    "Network trainer",
    "The lecture's last section: train its 3-2-1 network by hand-written gradient descent, "
    "then with Adam as Keras does.",
)
sidebar()
data = data_section()
run_settings = None if data is None else settings(data)
if data is not None and run_settings is not None:
    st.caption(
        f"Network {' → '.join(map(str, run_settings.sizes))}, activations {', '.join(run_settings.activations)}, "
        f"biases {'on' if run_settings.use_bias else 'off'}."
    )
    key = (data.key, run_settings)
    trained = st.session_state.get("nt_results")
    if trained is not None and trained[0] != key:
        trained = None
    if st.button("Train", type="primary", icon=":material/model_training:") and trained is None:
        with ui.guard("the training run"):
            for name, values in run_settings.optimizers:
                trainer.optimizer(name, values)
            trained = (key, trainer.train(data, run_settings, MAX_SNAPSHOTS))
            st.session_state["nt_results"] = trained
    if trained is None:
        st.info("Press **Train** to train with these settings; results stay until a setting changes.")
    else:
        with ui.guard("the results"):
            show_results(run_settings, trained[1], data)
STATE.share_box()
