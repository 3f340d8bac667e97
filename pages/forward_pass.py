"""Forward-pass calculator: z = Xw + b with editable matrices, shapes and the numbers substituted."""

import numpy as np
import streamlit as st

import nnmath as nm
import ui
from nnviz import equations, tables
from ui.parsing import parse_number
from ui.states.forward_pass import BIAS_MODES, NO_ACTIVATION, PRESETS, STATE


def load_preset() -> None:
    """Fill the three editors from the chosen preset (callback)."""
    preset = PRESETS[STATE["fp_preset"]]
    if preset is None:
        X, W, b = nm.datasets.random_dense_exercise(STATE["fp_seed"], n=3, p=2, q=1)
    else:
        X, W, b = (np.array(v, dtype=float) for v in preset)
    if STATE["fp_bias_mode"] == "row":
        b = b[:1]
    for key, values in (("fp_X", X), ("fp_W", W), ("fp_b", b)):
        ui.set_matrix(STATE.schema[key], values)
    for key in [k for k in st.session_state if str(k).startswith("fp_answer_")]:
        del st.session_state[key]


def new_exercise() -> None:
    STATE["fp_preset"] = "Random exercise"
    STATE["fp_seed"] = (int(STATE["fp_seed"]) + 1) % (STATE.schema["fp_seed"].hi + 1)
    load_preset()


def sidebar() -> None:
    with st.sidebar:
        st.header("Settings")
        STATE.select("fp_preset", "Preset", on_change=load_preset)
        st.button("New random exercise", icon=":material/casino:", on_click=new_exercise, width="stretch")
        STATE.select("fp_bias_mode", "Bias", style="radio", on_change=load_preset)
        STATE.select("fp_activation", "Activation a = f(z)")
        STATE.slider("fp_precision", "Decimals shown")
        STATE.toggle("fp_exercise", "Exercise mode: hide the answer")


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
                with cols[j]:
                    ui.error(f"{ui.quote(typed)} is not a number")
                all_right = False
            elif abs(value - z[i, j]) <= 1e-6:
                cols[j].success("✓ right")
            else:
                cols[j].error("✗ not yet")
                all_right = False
    return all_right


def show(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> None:
    precision = STATE["fp_precision"]
    z = nm.dense(X, W, b)
    n, p = X.shape
    q = W.shape[1]
    st.latex(equations.shapes(n, p, q, b.shape[0]))
    st.caption(BIAS_MODES[STATE["fp_bias_mode"]] + ".")
    hidden = STATE["fp_exercise"]
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
    activation = STATE["fp_activation"]
    if activation != NO_ACTIVATION:
        act = nm.ACTIVATIONS[activation]
        st.subheader(f"Activation: {act.label}")
        st.latex(act.latex)
        a = act.fn(z)
        st.latex(equations.activation_equation(activation, z, a, precision + 1))
        ui.download_csv(tables.matrix_frame(a, prefix="a"), "activation.csv", "Download a as CSV", key="fp_dl_a")
    ui.download_csv(tables.matrix_frame(z, prefix="z"), "z.csv", "Download z as CSV", key="fp_dl_z")


if STATE.init() and "fp_preset" in st.query_params and "fp_X" not in st.query_params:
    load_preset()
ui.header("Forward-pass calculator", "Every neuron computes z = Xw + b: edit X, w and b and watch each entry of z.")
sidebar()
cols = st.columns(3)
with cols[0]:
    X_in = ui.matrix_editor("X (n x p): one observation per row", STATE.schema["fp_X"], name="X")
with cols[1]:
    W_in = ui.matrix_editor("w (p x q): one column per neuron", STATE.schema["fp_W"], name="w")
with cols[2]:
    b_label = "b (n x q)" if STATE["fp_bias_mode"] == "matrix" else "b (1 x q), added to every row"
    b_in = ui.matrix_editor(b_label, STATE.schema["fp_b"], name="b")

st.divider()
errors = X_in.errors + W_in.errors + b_in.errors
if errors:
    for message in errors:
        ui.error(message)
elif STATE["fp_bias_mode"] == "row" and b_in.values is not None and b_in.values.shape[0] != 1:
    ui.error(f"b has {b_in.values.shape[0]} rows, but a broadcast bias is one row: set b's rows to 1.")
else:
    with ui.guard("z = Xw + b"):
        show(X_in.values, W_in.values, b_in.values)
STATE.share_box()
