"""NN Maths Lab: the router. Pages live in pages/, the maths in nnmath, figures in nnviz."""

import streamlit as st

st.set_page_config(page_title="NN Maths Lab", page_icon="🧮", layout="wide")

st.navigation([st.Page("pages/home.py", title="Home", icon="🏠", default=True)]).run()
