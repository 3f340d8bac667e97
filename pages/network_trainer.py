"""Network trainer: the lecture's 3-2-1 network, a 2-3-1 network and custom ones, by GD, momentum and Adam."""

import json
import threading
import time
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

import nnmath as nm
import ui
from nnmath import datasets
from nnviz import figures, tables
from nnviz.figures import Series

PRESETS = {
    "lecture": "Lecture 3-2-1 (sigmoid, exponential, no biases)",
    "two_three_one": "2-3-1 (tanh, linear, biases)",
    "custom": "Custom",
}
OPTIMISERS = ["GD", "Momentum", "Adam"]
HIDDEN_ACTIVATIONS = [name for name in nm.ACTIVATIONS if name != "softmax"]
DATA_SOURCES = {
    "teacher": "The lecture's teacher network (3 inputs)",
    "surface": "Synthetic surface (2 inputs)",
    "csv": "Upload a CSV",
}
MAX_SNAPSHOTS = 2000
MAX_SHARED_RESULTS = 16
RANGES = {"nt_momentum": (0.0, 0.99)}
DEFAULTS = {
    "nt_preset": "lecture",
    "nt_source": "teacher",
    "nt_rows": 10_000,
    "nt_data_seed": 0,
    "nt_noise": 0.0,
    "nt_surface": "saddle",
    "nt_hidden_layers": 1,
    "nt_units_1": 3,
    "nt_units_2": 3,
    "nt_units_3": 3,
    "nt_act_1": "tanh",
    "nt_act_2": "tanh",
    "nt_act_3": "tanh",
    "nt_act_out": "linear",
    "nt_bias": True,
    "nt_init": "keras",
    "nt_init_seed": 0,
    "nt_optimizer": "GD",
    "nt_compare": False,
    "nt_optimizer_2": "Adam",
    "nt_eta": 0.0005,
    "nt_momentum": 0.9,
    "nt_lr": 0.001,
    "nt_beta_1": 0.9,
    "nt_beta_2": 0.999,
    "nt_epsilon": 1e-7,
    "nt_iterations": 5000,
    "nt_log": True,
    "nt_view": 0,
}


class Spec(NamedTuple):
    """Everything a training run depends on, as plain values: the cache key of the results."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    use_bias: bool
    init: str
    init_seed: int
    typed_weights: tuple | None
    source: str
    rows: int
    data_seed: int
    noise: float
    surface: str
    csv_key: str | None
    optimizers: tuple[tuple[str, tuple[float, ...]], ...]
    iterations: int


def optimiser(name: str, values: tuple[float, ...]) -> nm.Optimizer:
    if name == "GD":
        return nm.GD(values[0])
    if name == "Momentum":
        return nm.Momentum(values[0], values[1])
    return nm.Adam(*values)


def short_label(name: str, values: tuple[float, ...]) -> str:
    """A column-sized name for a run: the optimiser and its learning rate."""
    return f"{name} (η = {values[0]:g})" if name != "Adam" else f"Adam (lr = {values[0]:g})"


def optimiser_values(name: str) -> tuple[float, ...]:
    s = st.session_state
    if name == "GD":
        return (float(s["nt_eta"]),)
    if name == "Momentum":
        return (float(s["nt_eta"]), float(s["nt_momentum"]))
    return (float(s["nt_lr"]), float(s["nt_beta_1"]), float(s["nt_beta_2"]), float(s["nt_epsilon"]))


def initial_network(spec: Spec) -> nm.Network:
    """The network before training: lecture values, typed-in weights or Keras-style seeded ones."""
    if spec.typed_weights is not None:
        weights = [np.array(w) for w in spec.typed_weights]
        return nm.Network(spec.sizes, spec.activations, use_bias=spec.use_bias, weights=weights)
    net = nm.Network(spec.sizes, spec.activations, use_bias=spec.use_bias, seed=spec.init_seed)
    if spec.init == "lecture":
        for k, lecture in enumerate((datasets.LECTURE_NETWORK_INIT_W1, datasets.LECTURE_NETWORK_INIT_W2)):
            if k < len(net.weights) and net.weights[k].shape == lecture.shape:
                net.weights[k] = lecture.copy()
    return net


@ui.cache_data(max_entries=16, show_spinner=False)
def builtin_data(source: str, rows: int, seed: int, noise: float, surface: str) -> datasets.Dataset:
    if source == "teacher":
        return datasets.lecture_network_data(n=rows, seed=seed, noise=noise)
    return datasets.synthetic_surface(surface, n=rows, noise=noise, seed=seed)


@ui.cache_resource()
def shared_results() -> tuple[OrderedDict, threading.Lock]:
    """Training results shared by every session, most recent last, and the lock that guards them.

    Identical settings give identical results, so a class pressing Train on the lecture's preset trains it
    once per server. The key holds only plain values (uploaded data by its content hash), so nobody sees
    another's data; the results are never mutated after they are stored.
    """
    return OrderedDict(), threading.Lock()


def recall(key: tuple) -> list | None:
    store, lock = shared_results()
    with lock:
        return store.get(key)


def remember(key: tuple, runs: list) -> None:
    store, lock = shared_results()
    with lock:
        store[key] = runs
        store.move_to_end(key)
        while len(store) > MAX_SHARED_RESULTS:
            store.popitem(last=False)


def train_all(spec: Spec, X: np.ndarray, y: np.ndarray) -> list[tuple[str, nm.TrainHistory, list[np.ndarray]]]:
    """Train one network per optimiser from the same start; a progress bar shows after half a second."""
    bar = st.empty()
    start = time.perf_counter()
    record_every = max(1, spec.iterations // MAX_SNAPSHOTS)
    results = []
    for k, (name, values) in enumerate(spec.optimizers):
        opt = optimiser(name, values)
        net = initial_network(spec)

        def progress(i: int, loss: float, k: int = k, name: str = name) -> None:
            if time.perf_counter() - start > 0.5:
                done = (k + i / spec.iterations) / len(spec.optimizers)
                bar.progress(done, text=f"Training with {name}: iteration {i:,} of {spec.iterations:,}, MSE {loss:.4g}")

        history = nm.train(net, X, y, opt, spec.iterations, record_every=record_every, callback=progress)
        results.append((short_label(name, values), history, [w.copy() for w in net.parameters()]))
    bar.empty()
    return results


def sidebar() -> None:
    s = st.session_state
    with st.sidebar:
        st.header("Network")
        st.selectbox("Preset", list(PRESETS), key="nt_preset", format_func=PRESETS.get)
        if s["nt_preset"] == "custom":
            st.number_input("Hidden layers", 1, 3, key="nt_hidden_layers")
            for j in range(1, int(s["nt_hidden_layers"]) + 1):
                c1, c2 = st.columns(2)
                c1.number_input(f"units in layer {j}", 1, 8, key=f"nt_units_{j}")
                c2.selectbox(f"activation {j}", HIDDEN_ACTIVATIONS, key=f"nt_act_{j}")
            st.selectbox("output activation", HIDDEN_ACTIVATIONS, key="nt_act_out")
            st.toggle("Biases", key="nt_bias")
            st.radio(
                "Initial weights",
                ["keras", "lecture", "typed"],
                key="nt_init",
                format_func={
                    "keras": "Keras-style (Glorot uniform, seeded)",
                    "lecture": "The lecture's where they fit",
                    "typed": "Typed in",
                }.get,
            )
            st.number_input("initialisation seed", 0, 1_000_000, key="nt_init_seed")
        st.header("Training")
        st.selectbox("Optimiser", OPTIMISERS, key="nt_optimizer")
        st.toggle("Compare with a second optimiser", key="nt_compare")
        if s["nt_compare"]:
            st.selectbox("Second optimiser", OPTIMISERS, key="nt_optimizer_2")
        used = {s["nt_optimizer"], *([s["nt_optimizer_2"]] if s["nt_compare"] else [])}
        if used & {"GD", "Momentum"}:
            st.number_input("η (GD and momentum)", 1e-6, 10.0, format="%.6f", step=0.0001, key="nt_eta")
        if "Momentum" in used:
            st.slider("momentum", *RANGES["nt_momentum"], step=0.01, key="nt_momentum")
        if "Adam" in used:
            st.number_input("Adam learning rate", 1e-6, 1.0, format="%.6f", step=0.0001, key="nt_lr")
            c1, c2 = st.columns(2)
            c1.number_input("β1", 0.0, 0.9999, format="%.4f", key="nt_beta_1")
            c2.number_input("β2", 0.0, 0.99999, format="%.5f", key="nt_beta_2")
            st.number_input("ε", 1e-10, 1e-2, format="%.1e", key="nt_epsilon")
        st.number_input("Iterations (full-batch updates)", 1, 20_000, key="nt_iterations")
        st.button("Reset to the lecture's settings", on_click=ui.reset, args=(DEFAULTS,), width="stretch")


def architecture(p: int) -> tuple[tuple[int, ...], tuple[str, ...], bool]:
    s = st.session_state
    if s["nt_preset"] == "lecture":
        return datasets.LECTURE_NETWORK_SIZES, datasets.LECTURE_NETWORK_ACTIVATIONS, False
    if s["nt_preset"] == "two_three_one":
        return (p, 3, 1), ("tanh", "linear"), True
    layers = int(s["nt_hidden_layers"])
    sizes = (p, *(int(s[f"nt_units_{j}"]) for j in range(1, layers + 1)), 1)
    acts = (*(s[f"nt_act_{j}"] for j in range(1, layers + 1)), s["nt_act_out"])
    return sizes, acts, bool(s["nt_bias"])


def data_section() -> tuple[np.ndarray, np.ndarray, datasets.Dataset | None, str | None] | None:
    s = st.session_state
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
        uploaded = ui.csv_upload("nt_csv", exact_features=preset_inputs, max_features=8)
        if uploaded is None:
            return None
        content = hash(uploaded.X.tobytes() + uploaded.y.tobytes())
        digest = f"{uploaded.target_name}|{','.join(uploaded.feature_names)}|{content}"
        return uploaded.X, uploaded.y, None, digest
    cols = st.columns(4)
    cols[0].select_slider("rows", [100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000], key="nt_rows")
    cols[1].number_input("data seed", 0, 1_000_000, key="nt_data_seed")
    cols[2].number_input("noise sd", 0.0, 10.0, step=0.01, key="nt_noise")
    if s["nt_source"] == "surface":
        cols[3].selectbox(
            "target", list(datasets.SURFACES), key="nt_surface", format_func=lambda k: datasets.SURFACES[k][0]
        )
    data = builtin_data(
        s["nt_source"], int(s["nt_rows"]), int(s["nt_data_seed"]), float(s["nt_noise"]), s["nt_surface"]
    )
    st.caption(data.description)
    return data.X, data.y, data, None


def typed_weights(sizes: tuple[int, ...]) -> tuple | bool | None:
    """Editors for typed-in weights; the weights as a plain tuple, or False when one cannot be read."""
    if st.session_state["nt_preset"] != "custom" or st.session_state["nt_init"] != "typed":
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
            parsed.append(
                ui.matrix_editor(f"W{k + 1} ({sizes[k]} x {sizes[k + 1]})", key, name=f"W{k + 1}", fixed_shape=True)
            )
    errors = [e for p in parsed for e in p.errors]
    for message in errors:
        st.error(message)
    if errors:
        return False
    return tuple(tuple(tuple(float(v) for v in row) for row in p.values) for p in parsed)


def results_table(spec: Spec, runs: list, data: datasets.Dataset | None) -> tuple[pd.DataFrame, dict[str, float]]:
    """The final weights of each run, the teacher's and, at the lecture's settings, the lecture's prints."""
    columns = {f"final: {label}": history.params[-1] for label, history, _ in runs}
    lecture_like = (
        spec.sizes == datasets.LECTURE_NETWORK_SIZES and spec.activations == datasets.LECTURE_NETWORK_ACTIVATIONS
    )
    if data is not None and data.true_weights and lecture_like and not spec.use_bias:
        columns["true (teacher)"] = [v for w in data.true_weights for v in np.ravel(w)]
    references = []
    lecture_data = spec.source == "teacher" and spec.rows == 10_000 and spec.data_seed == 0 and spec.noise == 0
    if st.session_state["nt_preset"] == "lecture" and spec.iterations == 5000 and lecture_data:
        printed = {
            ("GD", (0.0005,)): ("manual backprop", "GD", datasets.LECTURE_PRINTED_GD),
            ("Adam", (0.001, 0.9, 0.999, 1e-7)): ("Keras Adam", "Adam", datasets.LECTURE_PRINTED_ADAM),
        }
        for optimizer, (label, _, _) in zip(spec.optimizers, runs):
            if optimizer in printed:
                what, short, values = printed[optimizer]
                references.append((f"final: {label}", f"lecture: {what}", values, f"difference ({short})"))
    return tables.weights_table(runs[0][1].names, columns, references)


def show_results(spec: Spec, runs: list, data: datasets.Dataset | None) -> None:
    for label, history, _ in runs:
        if history.stop_reason == "diverged":
            st.error(
                f"{label} diverged at iteration {history.n_updates} (MSE {history.loss[-1]:.3g}): the steps overshoot. "
                "Try a learning rate 10 times smaller; what it computed before is drawn below."
            )
    loss_series = [Series(label, np.arange(h.loss.size), h.loss, color_index=k) for k, (label, h, _) in enumerate(runs)]
    st.session_state.setdefault("nt_log", True)
    left, right = st.columns(2)
    with left:
        ui.chart(
            figures.line_figure(
                loss_series, x_title="iteration", y_title="MSE", log_y=st.session_state["nt_log"], title="Loss"
            )
        )
        st.toggle("Log scale", key="nt_log")
    frame, largest = results_table(spec, runs, data)
    with right:
        st.subheader("Final weights")
        formats = {
            c: st.column_config.NumberColumn(format="%.2e" if c in largest else "%.8f") for c in frame.columns[1:]
        }
        st.dataframe(frame, hide_index=True, width="stretch", column_config=formats)
        for c, worst in largest.items():
            st.caption(f"Largest {c}: {worst:.1e}")
        st.caption("Settings: " + "; ".join(optimiser(name, values).describe() for name, values in spec.optimizers))
        weights_json = json.dumps(
            {label: {n: float(v) for n, v in zip(h.names, h.params[-1])} for label, h, _ in runs}, indent=2
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
            [tables.train_history_table(h).assign(optimizer=label) for label, h, _ in runs], ignore_index=True
        )
        ui.download_csv(history_frame, "training_history.csv", "History (CSV)", key="nt_dl_history")

    first = runs[0][1]
    truth = frame["true (teacher)"].to_numpy() if "true (teacher)" in frame else None
    net = initial_network(spec)

    def show(j: int) -> None:
        iteration = int(first.iterations[j])
        st.markdown(
            f"**Iteration {iteration:,}** (of {first.n_updates:,}), {runs[0][0]}: MSE {first.loss[iteration]:.6g}"
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
                figures.network_diagram(
                    net.sizes, net.weights, activations=net.activations, title="Weights at this iteration"
                )
            )

    ui.stepper("nt_view", len(first.iterations) - 1, show, label="Snapshot (iteration to inspect)")


ui.init_state("nt", DEFAULTS, RANGES)
ui.header(
    "Network trainer",
    "The lecture's last section: train its 3-2-1 network by hand-written gradient descent, "
    "then with Adam as Keras does.",
)
sidebar()
data = data_section()
if data is not None:
    X, y, dataset, csv_key = data
    sizes, acts, use_bias = architecture(X.shape[1])
    typed = typed_weights(sizes)
    if typed is not False:
        s = st.session_state
        optimisers = [s["nt_optimizer"]] + (
            [s["nt_optimizer_2"]] if s["nt_compare"] and s["nt_optimizer_2"] != s["nt_optimizer"] else []
        )
        spec = Spec(
            sizes=tuple(sizes),
            activations=tuple(acts),
            use_bias=use_bias,
            init="lecture"
            if s["nt_preset"] == "lecture"
            else ("keras" if s["nt_preset"] == "two_three_one" else s["nt_init"]),
            init_seed=int(s["nt_init_seed"]),
            typed_weights=typed if isinstance(typed, tuple) else None,
            source=s["nt_source"],
            rows=int(s["nt_rows"]),
            data_seed=int(s["nt_data_seed"]),
            noise=float(s["nt_noise"]),
            surface=s["nt_surface"],
            csv_key=csv_key,
            optimizers=tuple((name, optimiser_values(name)) for name in optimisers),
            iterations=int(s["nt_iterations"]),
        )
        st.caption(
            f"Network {' → '.join(map(str, spec.sizes))}, activations {', '.join(spec.activations)}, "
            f"biases {'on' if use_bias else 'off'}."
        )
        # Keyed by plain values: the page module, and so the Spec class, is created anew on every rerun.
        key = tuple(spec)
        trained = recall(key) if st.session_state.get("nt_trained") == key else None
        c1, c2 = st.columns([1, 4])
        pressed = c1.button("Train", type="primary", icon=":material/model_training:")
        if pressed and trained is None and recall(key) is not None:
            trained = recall(key)
            st.session_state["nt_trained"] = key
        elif pressed and trained is None:
            with ui.guard("the training run"):
                for name, values in spec.optimizers:
                    optimiser(name, values)
                nm.check_work(X.shape[0], spec.iterations, initial_network(spec).n_params)
                started = time.perf_counter()
                trained = train_all(spec, X, y)
                remember(key, trained)
                st.session_state["nt_trained"] = key
                c2.success(f"Trained in {time.perf_counter() - started:.2f} s.")
        if trained is None:
            st.info("Press **Train** to train with these settings; results stay until a setting changes.")
        else:
            with ui.guard("the results"):
                show_results(spec, trained, dataset)
ui.share_box(ui.publish([k for k in DEFAULTS if k != "nt_view"]), key="nt_share_open")
