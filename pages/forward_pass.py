"""Forward-pass calculator: z = Xw + b with editable matrices, shapes and the numbers substituted."""

import numpy as np
import streamlit as st

import nnmath as nm
import ui
from nnviz import equations, tables
from nnviz.code import forward_pass as code
from ui.states.forward_pass import BIAS_MODES, NO_ACTIVATION, PRESETS, STATE

ROUND = "fp_exercise_round"
"""How many exercises this session has loaded: each one is a new question, with empty answer boxes."""


def load_preset() -> None:
    """Fill the three editors from the chosen preset (callback); the answers start again."""
    preset = PRESETS[STATE["fp_preset"]]
    if preset is None:
        X, W, b = nm.datasets.random_dense_exercise(STATE["fp_seed"], n=3, p=2, q=1)
    else:
        X, W, b = (np.array(v, dtype=float) for v in preset)
    if STATE["fp_bias_mode"] == "row":
        b = b[:1]
    for key, values in (("fp_X", X), ("fp_W", W), ("fp_b", b)):
        ui.set_matrix(STATE.schema[key], values)
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1


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
        STATE.toggle("fp_exercise", "Exercise mode: work out z yourself")


def editors() -> tuple[ui.Parsed, ui.Parsed, ui.Parsed]:
    """The three matrix editors side by side."""
    row_bias = STATE["fp_bias_mode"] == "row"
    cols = st.columns(3)
    with cols[0]:
        X_in = ui.matrix_editor("X (n × p)", STATE.schema["fp_X"], name="X", help="One observation per row.")
    with cols[1]:
        W_in = ui.matrix_editor("w (p × q)", STATE.schema["fp_W"], name="w", help="One column of weights per neuron.")
    with cols[2]:
        b_label, b_help = ("b (1 × q)", "One row, added to every observation.") if row_bias else ("b (n × q)", None)
        b_in = ui.matrix_editor(b_label, STATE.schema["fp_b"], name="b", help=b_help or BIAS_MODES["matrix"] + ".")
    return X_in, W_in, b_in


def formulas(block: equations.Block) -> None:
    """Display formulas, one per line, and which matrices were shortened to fit the screen."""
    for line in block.lines:
        st.latex(line)
    if block.elided:
        st.caption(
            f"The middle columns of {', '.join(block.elided)} are left out to fit the screen: every entry is in "
            "the editors, the CSV download and the Code tab."
        )


def practice(X: np.ndarray, W: np.ndarray, b: np.ndarray, z: np.ndarray, precision: int) -> bool:
    """Ask for every entry of z; True once the working is shown (after Check, or on request)."""
    formulas(equations.dense_block(X, W, b, None, precision))
    n, q = z.shape
    blanks = [ui.Blank(f"z[{i + 1},{j + 1}]", float(z[i, j])) for i in range(n) for j in range(q)]
    shown: list[bool] = []

    def worked() -> None:
        formulas(equations.dense_block(X, W, b, z, precision))
        shown.append(True)

    question = f"{STATE['fp_preset']}|{STATE['fp_seed']}|{st.session_state.get(ROUND, 0)}"
    ui.practice("fp_practice", blanks, question=question, worked=worked, columns=q if q > 1 else min(n, 4))
    if not shown:
        st.caption("Check your answers (or show the working) to see z, one entry written out, a = f(z) and the code.")
    return bool(shown)


def one_entry(X: np.ndarray, W: np.ndarray, b: np.ndarray, z: np.ndarray, precision: int) -> None:
    """One entry of z as the sum the neuron computes, for a chosen row and column."""
    n, q = z.shape
    for key, size in (("fp_cell_i", n), ("fp_cell_j", q)):
        if st.session_state.get(key, 1) > size:
            st.session_state[key] = 1
    c1, c2 = st.columns(2)
    i = c1.selectbox("row i of z", list(range(1, n + 1)), key="fp_cell_i") - 1
    j = c2.selectbox("column j of z", list(range(1, q + 1)), key="fp_cell_j") - 1
    formulas(equations.Block([equations.cell_block(X, W, b, z, i, j, precision)]))


def activation(z: np.ndarray, precision: int) -> np.ndarray | None:
    """a = f(z) for the chosen activation, or a pointer to the sidebar when none is chosen."""
    name = STATE["fp_activation"]
    if name == NO_ACTIVATION:
        st.caption("Choose an activation a = f(z) in the sidebar to apply it to z.")
        return None
    act = nm.ACTIVATIONS[name]
    st.markdown(f"**{act.label}**")
    formulas(equations.Block([act.latex]))
    a = act.fn(z)
    formulas(equations.activation_block(name, z, a, precision + 1))
    return a


def show(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> None:
    precision = STATE["fp_precision"]
    z = nm.dense(X, W, b)
    if STATE["fp_exercise"]:
        if not practice(X, W, b, z, precision):
            return
    else:
        formulas(equations.dense_block(X, W, b, z, precision))
    formulas(equations.Block([equations.shapes(X.shape[0], X.shape[1], W.shape[1], b.shape[0])]))
    entry_tab, act_tab, code_tab = st.tabs(["One entry, written out", "Activation a = f(z)", "Code"])
    with entry_tab:
        one_entry(X, W, b, z, precision)
    with act_tab:
        a = activation(z, precision)
    with code_tab:
        st.caption("The lecture's NumPy code with these matrices: run it and it prints the numbers above.")
        name = STATE["fp_activation"]
        ui.code_block(
            code.numpy_code(X, W, b, None if name == NO_ACTIVATION else name), "forward_pass.py", "fp_code_dl"
        )
    row = st.container(horizontal=True)
    with row:
        ui.download_csv(tables.matrix_frame(z, prefix="z"), "z.csv", "Download z as CSV", key="fp_dl_z")
        if a is not None:
            ui.download_csv(tables.matrix_frame(a, prefix="a"), "activation.csv", "Download a as CSV", key="fp_dl_a")


if STATE.init() and "fp_preset" in st.query_params and "fp_X" not in st.query_params:
    load_preset()
ui.header("Forward-pass calculator", "Every neuron computes z = Xw + b: edit X, w and b and watch each entry of z.")
sidebar()
X_in, W_in, b_in = editors()
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
