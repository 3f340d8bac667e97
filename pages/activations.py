"""Activation explorer: every activation and its derivative, evaluated and plotted."""

import streamlit as st

import nnmath as nm
import ui
from nnviz import activation_plot, tables
from ui.states.activations import STATE


def sidebar() -> None:
    with st.sidebar:
        st.header("Settings")
        STATE.several("act_selected", "Activations to plot")
        c1, c2 = st.columns(2)
        with c1:
            STATE.number("act_z_min", "z from")
        with c2:
            STATE.number("act_z_max", "z to")
        STATE.slider("act_z0", "z marker")
        STATE.toggle("act_derivative", "Plot the derivatives f'(z)")
        STATE.slider("act_threshold", "Shade where |f'(z)| is below")
        st.button("Reset", on_click=STATE.reset, width="stretch")


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
        ui.chart(
            activation_plot.activation_figure(
                selected,
                z_min,
                z_max,
                z0=STATE["act_z0"],
                show_derivative=STATE["act_derivative"],
                threshold=STATE["act_threshold"],
            )
        )
        if STATE["act_threshold"] > 0:
            st.caption(
                f"Shaded: where |f'(z)| < {STATE['act_threshold']:g}, gradients all but vanish and "
                "learning stalls. Dotted lines are the derivatives."
            )

st.subheader("Evaluate at a vector")
STATE.text("act_vector", "z (numbers separated by commas)", help="The lecture's exercise uses z = (1, 8).")
parsed = ui.parse_vector(STATE["act_vector"], "z")
if not parsed.ok:
    for message in parsed.errors:
        ui.error(message)
else:
    with ui.guard("the table"):
        table = tables.activation_table(parsed.values, derivative=STATE.toggle("act_table_grad", "Add the derivatives"))
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={c: st.column_config.NumberColumn(c, format="%.10f") for c in table.columns[2:]},
        )
        st.caption("Softmax acts on the whole vector at once (its entries sum to 1); the others act entry by entry.")
        if overflow := tables.overflowed(table):
            ui.warning(
                f"{', '.join(overflow)}: a value is too large for a float (beyond about 1.8e308) and is shown as "
                "inf. Use smaller z to see it, e.g. exp(z) needs z < 709."
            )
        ui.download_csv(table, "activations.csv", "Download the table as CSV", key="act_dl")

st.subheader("Formulas")
for name in selected or list(nm.ACTIVATIONS):
    act = nm.ACTIVATIONS[name]
    c1, c2 = st.columns(2)
    c1.markdown(f"**{act.label}**")
    c1.latex(act.latex)
    c2.markdown("**derivative**")
    c2.latex(act.grad_latex)
with st.expander("All activations in the registry"):
    for act in nm.ACTIVATIONS.values():
        st.latex(rf"\text{{{act.label}:}}\quad {act.latex}, \qquad {act.grad_latex}")

STATE.share_box()
