"""Forward-pass calculator: z = Xw + b with editable matrices, shapes and the numbers substituted."""

import numpy as np
import streamlit as st

import nnmath as nm
import ui
from nnviz import equations, tables
from ui.parsing import parse_number

PRESETS = {
    "Lecture code example": ([[1, 2], [3, -1]], [[2], [-1]], [[1], [1]]),
    "Exercise 1": ([[1, 0, 1], [1, 2, 1]], [[1], [2], [1]], [[2], [2]]),
    "Exercise 2": ([[1, -1], [0, 5], [2, -2]], [[5], [-7]], [[1], [1], [1]]),
    "Random exercise": None,
}
BIAS_MODES = {
    "matrix": "b is an n x q matrix, one bias per observation and neuron (as the lecture writes it)",
    "row": "b is one row of q biases added to every observation (as Keras does)",
}
NO_ACTIVATION = "none"
RANGES = {"fp_precision": (0, 6)}
DEFAULTS = {
    "fp_preset": "Lecture code example",
    "fp_seed": 0,
    "fp_bias_mode": "matrix",
    "fp_activation": NO_ACTIVATION,
    "fp_precision": 3,
    "fp_exercise": False,
    "fp_X": [["1", "2"], ["3", "-1"]],
    "fp_W": [["2"], ["-1"]],
    "fp_b": [["1"], ["1"]],
}


def load_preset() -> None:
    """Fill the three editors from the chosen preset (callback)."""
    name = st.session_state["fp_preset"]
    if PRESETS[name] is None:
        X, W, b = nm.datasets.random_dense_exercise(st.session_state["fp_seed"], n=3, p=2, q=1)
    else:
        X, W, b = (np.array(v, dtype=float) for v in PRESETS[name])
    if st.session_state["fp_bias_mode"] == "row":
        b = b[:1]
    for key, values in (("fp_X", X), ("fp_W", W), ("fp_b", b)):
        ui.set_matrix(key, values)
    for key in [k for k in st.session_state if str(k).startswith("fp_answer_")]:
        del st.session_state[key]


def new_exercise() -> None:
    st.session_state["fp_preset"] = "Random exercise"
    st.session_state["fp_seed"] = int(st.session_state["fp_seed"]) + 1
    load_preset()


def sidebar() -> None:
    with st.sidebar:
        st.header("Settings")
        st.selectbox("Preset", list(PRESETS), key="fp_preset", on_change=load_preset)
        st.button("New random exercise", icon=":material/casino:", on_click=new_exercise, width="stretch")
        st.radio(
            "Bias", list(BIAS_MODES), key="fp_bias_mode", format_func=lambda m: BIAS_MODES[m], on_change=load_preset
        )
        st.selectbox(
            "Activation a = f(z)",
            [NO_ACTIVATION, *nm.ACTIVATIONS],
            key="fp_activation",
            format_func=lambda n: "none (stop at z)" if n == NO_ACTIVATION else nm.ACTIVATIONS[n].label,
        )
        st.slider("Decimals shown", *RANGES["fp_precision"], key="fp_precision")
        st.toggle("Exercise mode: hide the answer", key="fp_exercise")


def answer_grid(z: np.ndarray) -> bool:
    """Inputs for each entry of z, each marked right or wrong; True when all are right."""
    st.subheader("Your answer")
    st.caption("Type each entry of z; an entry is right within 1e-6.")
    all_right = True
    for i in range(z.shape[0]):
        cols = st.columns(z.shape[1] + 1)
        for j in range(z.shape[1]):
            typed = cols[j].text_input(f"z[{i + 1},{j + 1}]", key=f"fp_answer_{i}_{j}")
            value = parse_number(typed)
            if not typed.strip():
                all_right = False
            elif value is None:
                cols[j].error(f"{typed!r} is not a number")
                all_right = False
            elif abs(value - z[i, j]) <= 1e-6:
                cols[j].success("✓ right")
            else:
                cols[j].error("✗ not yet")
                all_right = False
    return all_right


def show(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> None:
    precision = st.session_state["fp_precision"]
    z = nm.dense(X, W, b)
    n, p = X.shape
    q = W.shape[1]
    st.latex(equations.shapes(n, p, q, b.shape[0]))
    st.caption(BIAS_MODES[st.session_state["fp_bias_mode"]] + ".")
    hidden = st.session_state["fp_exercise"]
    if hidden:
        st.latex(equations.dense_equation(X, W, b, None, precision) + r" = \;?")
        correct = answer_grid(z)
        if correct:
            st.success("All entries are right. Well done!")
        if not st.toggle("Reveal the working", key="fp_reveal"):
            return
    st.latex(equations.dense_equation(X, W, b, z, precision))
    st.subheader("One entry, written out")
    for key, size in (("fp_cell_i", n), ("fp_cell_j", q)):
        if st.session_state.get(key, 1) > size:
            st.session_state[key] = 1
    c1, c2 = st.columns(2)
    i = c1.selectbox("row i of z", list(range(1, n + 1)), key="fp_cell_i") - 1
    j = c2.selectbox("column j of z", list(range(1, q + 1)), key="fp_cell_j") - 1
    st.latex(equations.cell_expansion(X, W, b, z, i, j, precision))
    activation = st.session_state["fp_activation"]
    if activation != NO_ACTIVATION:
        act = nm.ACTIVATIONS[activation]
        st.subheader(f"Activation: {act.label}")
        st.latex(act.latex)
        a = act.fn(z)
        st.latex(equations.activation_equation(activation, z, a, precision + 1))
        ui.download_csv(tables.matrix_frame(a, prefix="a"), "activation.csv", "Download a as CSV", key="fp_dl_a")
    ui.download_csv(tables.matrix_frame(z, prefix="z"), "z.csv", "Download z as CSV", key="fp_dl_z")


first_visit = "_fp_initialised" not in st.session_state
ui.init_state("fp", DEFAULTS, RANGES)
if first_visit and st.session_state["fp_preset"] not in PRESETS:
    st.session_state["fp_preset"] = DEFAULTS["fp_preset"]
if first_visit and "fp_preset" in st.query_params and "fp_X" not in st.query_params:
    load_preset()
ui.header("Forward-pass calculator", "Every neuron computes z = Xw + b: edit X, w and b and watch each entry of z.")
sidebar()
cols = st.columns(3)
with cols[0]:
    X_in = ui.matrix_editor("X (n x p): one observation per row", "fp_X", name="X")
with cols[1]:
    W_in = ui.matrix_editor("w (p x q): one column per neuron", "fp_W", name="w")
with cols[2]:
    b_label = "b (n x q)" if st.session_state["fp_bias_mode"] == "matrix" else "b (1 x q), added to every row"
    b_in = ui.matrix_editor(b_label, "fp_b", name="b")

st.divider()
errors = X_in.errors + W_in.errors + b_in.errors
if errors:
    for message in errors:
        st.error(message)
elif st.session_state["fp_bias_mode"] == "row" and b_in.values is not None and b_in.values.shape[0] != 1:
    st.error(f"b has {b_in.values.shape[0]} rows, but a broadcast bias is one row: set b's rows to 1.")
else:
    with ui.guard("z = Xw + b"):
        show(X_in.values, W_in.values, b_in.values)
ui.share_box(ui.publish(DEFAULTS), key="fp_share_open")
