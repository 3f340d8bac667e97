"""The lecture-hall layout: a compact page head, chart columns that stack rather than shrink, presentation mode.

A projector at 1280 x 720 shows about 600 px of page under the browser's own bars, so the page head is
kept short and a page's main chart starts high. At 1024 x 768 with the sidebar open the main area is about
650 px wide: two charts side by side would each get 300 px, so chart columns wrap onto their own rows below
a minimum width instead of squeezing their charts.

Presentation mode (``?present=1``, kept in every link the page writes) collapses the sidebar on opening
and enlarges the charts' type and lines for the back row (nnviz.theme.presented).
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from .settings import PRESENT

CHART_MIN_WIDTH_PX = 380
"""A chart column narrower than this wraps below its neighbour (the chart keeps at least 300 px of plot)."""

_CSS = f"""
<style>
[data-testid="stMainBlockContainer"] {{ padding-top: 3.6rem; padding-bottom: 3rem; }}
[data-testid="stMainBlockContainer"] h1 {{ padding-top: 0; padding-bottom: 0.1rem; font-size: 2.3rem; }}
.st-key-page_teaches p {{ font-size: 1.1rem; color: #444; margin-bottom: 0; }}
.katex-display > .katex {{ padding-right: 2px; }}
[class*="st-key-charts_"] [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap; row-gap: 0.5rem; }}
[class*="st-key-charts_"] [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {{
    min-width: min({CHART_MIN_WIDTH_PX}px, 100%);
}}
</style>
"""

_PRESENT_CSS = """
<style>
html { font-size: 18px; }
[data-testid="stMainBlockContainer"] { max-width: none; padding-left: 2rem; padding-right: 2rem; }
</style>
"""


def presenting() -> bool:
    """Whether presentation mode is on: the link's ``present`` on a session's first run, then the session's."""
    if PRESENT.key not in st.session_state:
        raw = st.query_params.get(PRESENT.key)
        st.session_state[PRESENT.key] = PRESENT.from_link(raw) if raw is not None else False
    return bool(st.session_state[PRESENT.key])


def page_style() -> None:
    """The app's layout rules (sent once per run as a style element, which takes no space on the page)."""
    st.html(_CSS + (_PRESENT_CSS if presenting() else ""))


def chart_columns(
    key: str, spec: int | list[float] = 2, *, min_width: int = CHART_MIN_WIDTH_PX, **options: Any
) -> list[DeltaGenerator]:
    """``st.columns`` for charts: each column keeps at least ``min_width`` px, wrapping below when narrower.

    A ``min_width`` other than CHART_MIN_WIDTH_PX suits columns whose content needs more room (e.g. a diagram
    laid out for 560 px beside formulas): they stand side by side only on a wide screen.
    """
    with st.container(key=f"charts_{key}"):
        if min_width != CHART_MIN_WIDTH_PX:
            columns = f".st-key-charts_{key} [data-testid='stHorizontalBlock'] > [data-testid='stColumn']"
            st.html(f"<style>{columns} {{ min-width: min({int(min_width)}px, 100%); }}</style>")
        return list(st.columns(spec, **options))


def presentation_toggle() -> None:
    """The sidebar switch for presentation mode (it also goes into the link)."""
    st.sidebar.toggle(
        "Presentation mode",
        key=PRESENT.key,
        help="Larger chart type and thicker lines for the back row; the link keeps it (?present=1).",
    )
