"""Home: what NN Maths Lab teaches, one card per page, and how to use it in a lecture."""

import streamlit as st

import ui
from ui.registry import PAGES, PageInfo

ui.header(
    "NN Maths Lab",
    "Neural networks one number at a time: every number of 'Deep Learning for Actuaries', worked out and watched.",
)


def page_card(card: PageInfo) -> None:
    st.markdown(f"##### {card.icon} {card.heading}")
    st.markdown(card.covers)
    st.caption(card.first)
    st.page_link(card.file, label="Open", icon=":material/arrow_forward:")


def lecture_card() -> None:
    st.markdown("##### :material/co_present: In the lecture hall")
    st.markdown("Presentation mode, clicker keys, Play in the browser, code, practice and share links.")
    st.caption("Presentation mode: the sidebar's switch, or `?present=1` in the address. More below.")


CARDS = [p for p in PAGES if not p.default]
SLOTS: list[PageInfo | None] = [*CARDS, None]
for row_start in range(0, len(SLOTS), 3):
    for col, card in zip(st.columns(3), SLOTS[row_start : row_start + 3], strict=False):
        with col.container(border=True, gap="xsmall", key=f"card_{card.name if card else 'lecture'}"):
            if card is None:
                lecture_card()
            else:
                page_card(card)

st.subheader("Using it in a lecture")
left, right = st.columns(2)
left.markdown(
    """
- **Stepping.** Pages that iterate share one stepper: First, Prev, Next, Last and a slider, also on the
  keys Home, PageUp, PageDown and End; a presenter's clicker (PageUp / PageDown or the arrow keys) steps too.
  Stepping never recomputes the run, so it stays instant while the class watches.
- **Play in the browser.** Play, inside the chart, animates the run in each viewer's browser; Space plays and
  pauses it.
- **Presentation mode.** The sidebar's *Presentation mode* switch (or `?present=1` in the address) folds the
  sidebar away and enlarges chart type and lines for the back row; links keep it.
"""
)
right.markdown(
    """
- **Practice.** Students type the next numbers (the forward pass's exercise mode, the next step of gradient
  descent or backprop); the app checks them to 3 decimals, shows the working and keeps a score.
- **Code for the screen.** A page's *Code* tab holds NumPy code in the lecture's style that prints exactly
  the numbers on screen: download it or paste it into a notebook.
- **Sharing and downloads.** The address bar always holds the page's settings: copy it (or open *Share this
  view* at the bottom of a page) into the slides or the forum. Every table has a *Download CSV* button.
"""
)
