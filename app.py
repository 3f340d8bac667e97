"""NN Maths Lab: the router. The pages are listed once, in ui/registry.py; each lives in pages/."""

import streamlit as st

from ui.layout import presenting
from ui.registry import PAGES

st.set_page_config(
    page_title="NN Maths Lab",
    page_icon=":material/functions:",
    layout="wide",
    initial_sidebar_state="collapsed" if presenting() else "auto",
)
st.navigation(
    [st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url_path or None, default=p.default) for p in PAGES]
).run()
