"""Activation explorer: every activation and its derivative, evaluated and plotted."""

import streamlit as st

import nnmath as nm
import ui
from nnviz import figures, tables

RANGES = {"act_z0": (-50.0, 50.0), "act_threshold": (0.0, 0.5)}
DEFAULTS = {
    "act_selected": ["sigmoid", "tanh", "relu"],
    "act_z_min": -6.0,
    "act_z_max": 6.0,
    "act_z0": 1.0,
    "act_derivative": True,
    "act_threshold": 0.05,
    "act_vector": "1, 8",
}


def sidebar() -> None:
    with st.sidebar:
        st.header("Settings")
        st.multiselect(
            "Activations to plot",
            list(nm.ACTIVATIONS),
            key="act_selected",
            format_func=lambda n: nm.ACTIVATIONS[n].label,
        )
        c1, c2 = st.columns(2)
        c1.number_input("z from", -50.0, 49.0, step=1.0, key="act_z_min")
        c2.number_input("z to", -49.0, 50.0, step=1.0, key="act_z_max")
        st.slider("z marker", *RANGES["act_z0"], step=0.1, key="act_z0")
        st.toggle("Plot the derivatives f'(z)", key="act_derivative")
        st.slider("Shade where |f'(z)| is below", *RANGES["act_threshold"], step=0.01, key="act_threshold")
        st.button("Reset", on_click=ui.reset, args=(DEFAULTS,), width="stretch")


ui.init_state("act", DEFAULTS, RANGES)
ui.header(
    "Activation explorer",
    "An activation a = f(z) bends the straight line z = Xw + b; "
    "its derivative f'(z) is what backpropagation multiplies by.",
)
sidebar()

selected = st.session_state["act_selected"]
z_min, z_max = st.session_state["act_z_min"], st.session_state["act_z_max"]
with ui.guard("the plot"):
    if not selected:
        st.warning("Choose at least one activation in the sidebar to plot.")
    elif z_min >= z_max:
        st.error(f"The z range is empty: 'z from' ({z_min:g}) must be less than 'z to' ({z_max:g}).")
    else:
        ui.chart(
            figures.activation_figure(
                selected,
                z_min,
                z_max,
                z0=st.session_state["act_z0"],
                show_derivative=st.session_state["act_derivative"],
                threshold=st.session_state["act_threshold"],
            )
        )
        if st.session_state["act_threshold"] > 0:
            st.caption(
                f"Shaded: where |f'(z)| < {st.session_state['act_threshold']:g}, gradients all but vanish and "
                "learning stalls. Dotted lines are the derivatives."
            )

st.subheader("Evaluate at a vector")
st.text_input("z (numbers separated by commas)", key="act_vector", help="The lecture's exercise uses z = (1, 8).")
parsed = ui.parse_vector(st.session_state["act_vector"], "z")
if not parsed.ok:
    for message in parsed.errors:
        st.error(message)
else:
    with ui.guard("the table"):
        table = tables.activation_table(
            parsed.values, derivative=st.toggle("Add the derivatives", key="act_table_grad")
        )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={c: st.column_config.NumberColumn(c, format="%.10f") for c in table.columns[2:]},
        )
        st.caption("Softmax acts on the whole vector at once (its entries sum to 1); the others act entry by entry.")
        if overflow := tables.overflowed(table):
            st.warning(
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

ui.share_box(ui.publish(DEFAULTS), key="act_share_open")
