"""Home: what NN Maths Lab teaches."""

import streamlit as st

st.title("NN Maths Lab")
st.write("The mathematics of neural networks, one number at a time.")
