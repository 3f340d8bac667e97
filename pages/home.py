"""Home: what NN Maths Lab teaches, one card per page, and how to use it in a lecture."""

import streamlit as st

import ui

CARDS = [
    (
        "pages/forward_pass.py",
        "Forward-pass calculator",
        "Lecture: z = Xw + b, its shapes, and the two exercises.",
        "Try first: pick 'Exercise 2', then switch on exercise mode and work out z yourself.",
    ),
    (
        "pages/activations.py",
        "Activation explorer",
        "Lecture: activation functions and the exercise at z = (1, 8).",
        "Try first: read sigmoid(8) from the table, then move the z marker to where the derivative vanishes.",
    ),
    (
        "pages/gradient_descent.py",
        "Gradient-descent playground",
        "Lecture: Steps 1-5, lr_gradient_descent, and different learning rates and initialisations.",
        "Try first: press Next and compare Step 4 with the lecture's (-6.000, -4.267), then press Play.",
    ),
    (
        "pages/backprop.py",
        "Backprop step-through",
        "Lecture: backpropagation, the one-neuron exercise, and the 3-2-1 network's deltas.",
        "Try first: step to θ(3) of the exercise, then open Part 2 and walk one iteration phase by phase.",
    ),
    (
        "pages/network_trainer.py",
        "Network trainer",
        "Lecture: the manual backprop loop against Keras's Adam, and networks of your own.",
        "Try first: press Train, then compare with Adam and read the lecture's printed weights beside yours.",
    ),
]

ui.header(
    "NN Maths Lab",
    "The mathematics of neural networks, one number at a time: every number of the lecture "
    "'Deep Learning for Actuaries' comes out of this app, and every step can be watched.",
)

for row_start in range(0, len(CARDS), 3):
    cols = st.columns(3)
    for col, (page, title, covers, first) in zip(cols, CARDS[row_start : row_start + 3]):
        with col.container(border=True):
            st.subheader(title)
            st.write(covers)
            st.caption(first)
            st.page_link(page, label="Open", icon=":material/arrow_forward:")

st.subheader("Using it in a lecture")
st.markdown(
    """
- **Stepping.** Pages that iterate have the same stepper: First, Prev, Next, Last, a slider, and Play.
  Moving it never recomputes the run, so it stays instant while the class watches.
- **Sharing a link.** The address bar always holds the page's settings. Copy it (or open
  *Share this view* at the bottom of a page) and paste it into the slides or the forum: it reopens the same state.
- **Downloading tables.** Every table has a *Download CSV* button, so students can check the numbers in a spreadsheet.
- **Projecting.** Use the browser's zoom; the charts and formulas scale with it.
"""
)
