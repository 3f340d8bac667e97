"""NN Maths Lab: the router. Pages live in pages/, the maths in nnmath, figures and LaTeX in nnviz."""

import streamlit as st

st.set_page_config(page_title="NN Maths Lab", page_icon=":material/functions:", layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/forward_pass.py", title="Forward pass", icon=":material/arrow_forward:"),
    st.Page("pages/activations.py", title="Activations", icon=":material/show_chart:"),
    st.Page("pages/gradient_descent.py", title="Gradient descent", icon=":material/trending_down:"),
    st.Page("pages/backprop.py", title="Backprop", icon=":material/account_tree:"),
    st.Page("pages/network_trainer.py", title="Network trainer", icon=":material/model_training:"),
]

st.navigation(PAGES).run()
