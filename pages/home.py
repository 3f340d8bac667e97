"""Home: what NN Maths Lab teaches, one card per page, and how to use it in a lecture."""

import streamlit as st

import ui
from ui.registry import PAGES

ui.header(
    "NN Maths Lab",
    "The mathematics of neural networks, one number at a time: every number of the lecture "
    "'Deep Learning for Actuaries' comes out of this app, and every step can be watched.",
)

CARDS = [p for p in PAGES if not p.default]
for row_start in range(0, len(CARDS), 3):
    for col, card in zip(st.columns(3), CARDS[row_start : row_start + 3], strict=False):
        with col.container(border=True):
            st.subheader(card.heading)
            st.write(card.covers)
            st.caption(card.first)
            st.page_link(card.file, label="Open", icon=":material/arrow_forward:")

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
