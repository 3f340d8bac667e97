"""Activation explorer: every activation and its derivative, plotted, read at a marker and evaluated at a vector."""

import numpy as np
import streamlit as st

import nnmath as nm
import ui
from nnviz import activation_plot, tables
from nnviz.code import activations as code
from ui.layout import chart_columns
from ui.states.activations import STATE


def sidebar() -> None:
    with st.sidebar:
        st.header("Settings")
        STATE.several("act_selected", "Activations to plot")
        STATE.side_by_side([("act_z_min", "z from"), ("act_z_max", "z to")])
        STATE.slider("act_z0", "z marker z₀")
        STATE.toggle("act_derivative", "Plot the derivatives f'(z)")
        STATE.slider("act_threshold", "Mark where |f'(z)| is below")
        st.button("Reset", on_click=STATE.reset, width="stretch")


def plot(selected: list[str], z_min: float, z_max: float) -> None:
    """The curves, and beside them (below on a narrow screen) f(z0) and f'(z0) of each."""
    z0, threshold = STATE["act_z0"], STATE["act_threshold"]
    view = activation_plot.activation_chart(
        selected, z_min, z_max, z0=z0, show_derivative=STATE["act_derivative"], threshold=threshold
    )
    left, right = chart_columns("act", [3, 2])
    with left:
        ui.chart(view.figure, key="act_chart")
    with right:
        st.markdown(f"**At the marker z₀ = {z0:g}**")
        st.table(view.readout.style.format("{:.6g}", subset=["f(z₀)", "f′(z₀)"]), hide_index=True, width="content")
        if not z_min <= z0 <= z_max:
            st.caption(f"The marker is outside the plotted range [{z_min:g}, {z_max:g}].")
        notes = [f"{note}." for note in view.notes]
        if notes:
            st.caption(
                "The y-axis is cut so that the other curves keep their shape (an arrow marks where): " + " ".join(notes)
            )
        if threshold > 0:
            st.caption(
                f"The bars above the plot mark where |f'(z)| < {threshold:g}: there the gradient all but "
                "vanishes and learning stalls. Dotted lines are the derivatives."
            )


def vector_table() -> tuple[np.ndarray, bool] | None:
    """The activations at a typed vector z (the lecture's exercise: z = (1, 8)); returns z and the derivative switch."""
    STATE.text("act_vector", "z (numbers separated by commas)", help="The lecture's exercise uses z = (1, 8).")
    derivative = STATE.toggle("act_table_grad", "Add the derivatives")
    parsed = ui.parse_vector(STATE["act_vector"], "z")
    if not parsed.ok:
        for message in parsed.errors:
            ui.error(message)
        return None
    with ui.guard("the table"):
        table = tables.activation_table(parsed.values, derivative=derivative)
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={c: st.column_config.NumberColumn(c, format="%.10f") for c in table.columns[2:]},
            key="act_table",
        )
        st.caption("Softmax acts on the whole vector at once (its entries sum to 1); the others act entry by entry.")
        if overflow := tables.overflowed(table):
            ui.warning(
                f"{', '.join(overflow)}: a value is too large for a float (beyond about 1.8e308) and is shown as "
                "inf. Use smaller z to see it, e.g. exp(z) needs z < 709."
            )
        ui.download_csv(table, "activations.csv", "Download the table as CSV", key="act_dl")
    return parsed.values, derivative


def formulas(selected: list[str]) -> None:
    """f(z) and f'(z) of the chosen activations, then of every activation in the registry."""
    ui.formulas(
        {nm.ACTIVATIONS[name].label: [nm.ACTIVATIONS[name].latex, nm.ACTIVATIONS[name].grad_latex] for name in selected}
    )
    with st.expander("Every activation in the registry"):
        ui.formulas({act.label: [act.latex, act.grad_latex] for act in nm.ACTIVATIONS.values()})


STATE.init()
ui.header(
    "Activation explorer",
    "An activation a = f(z) bends the straight line z = Xw + b; "
    "its derivative f'(z) is what backpropagation multiplies by.",
)
sidebar()

selected = STATE["act_selected"]
z_min, z_max = STATE["act_z_min"], STATE["act_z_max"]
with ui.guard("the plot"):
    if not selected:
        st.warning("Choose at least one activation in the sidebar to plot.")
    elif z_min >= z_max:
        ui.error(f"The z range is empty: 'z from' ({z_min:g}) must be less than 'z to' ({z_max:g}).")
    else:
        plot(selected, z_min, z_max)

vector_tab, formulas_tab, code_tab = st.tabs(["At a vector z", "Formulas", "Code"])
with vector_tab:
    evaluated = vector_table()
with formulas_tab:
    formulas(selected)
with code_tab:
    if evaluated is None:
        st.caption("Type a vector z in the first tab: the code prints the activations at it.")
    else:
        st.caption("NumPy code that prints the table of the first tab: each activation written out, applied to z.")
        ui.code_block(code.numpy_code(evaluated[0], derivative=evaluated[1]), "activations.py", key="act_code_dl")

STATE.share_box()
