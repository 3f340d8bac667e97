"""The iteration stepper every iterating page shares: First / Prev / Next / Last, with keys, and a slider.

Keys: Home / PageUp / PageDown / End (a clicker's PageUp / PageDown) are the buttons' own shortcuts; the
arrow keys and Space (Play / Pause of the page's animated chart) come from ui.keys.presenter_keys.

Stepping is the server's job (it shows the step's numbers); motion is the browser's (an animated chart's
own Play). The controls and what they show form one fragment: a step reruns only it, never the run above.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from .keys import SHORTCUTS, presenter_keys
from .settings import PageState

MOVES = (
    ("First", "first_page", SHORTCUTS["first"]),
    ("Prev", "chevron_left", SHORTCUTS["prev"]),
    ("Next", "chevron_right", SHORTCUTS["next"]),
    ("Last", "last_page", SHORTCUTS["last"]),
)
"""Button label, icon and keyboard shortcut (a presentation clicker sends PageUp / PageDown)."""


def _set(key: str, value: int) -> None:
    st.session_state[key] = value


def _slider_moved(key: str) -> None:
    st.session_state[key] = int(st.session_state[f"{key}_slider"])


def position(state: PageState, key: str, last: int) -> int:
    """The step shown, within 0..last; a position outside them (a link, a shorter run) means the default."""
    t = state.get(key)
    if not isinstance(t, int) or not 0 <= t <= last:
        t = min(int(state.schema[key].default), last)
        st.session_state[key] = t
    return t


def stepper(state: PageState, key: str, last: int, show: Callable[[int], None], label: str = "Update") -> None:
    """The controls over steps 0..last, then ``show(t)``, as one fragment.

    The position lives in ``st.session_state[key]``, a setting of ``state`` (so links carry it); the
    slider (``key + "_slider"``) is set from it before each drawing, because Streamlit resets a slider
    whose range changes. The address bar is updated inside the fragment, so it follows every step.
    """
    last = max(int(last), 0)
    position(state, key, last)
    presenter_keys(f"{key}_prev", f"{key}_next")

    @st.fragment
    def view() -> None:
        t = position(state, key, last)
        with st.container(horizontal=True, vertical_alignment="center", key=f"{key}_controls"):
            for name, icon, shortcut in MOVES:
                target = {"First": 0, "Prev": max(t - 1, 0), "Next": min(t + 1, last), "Last": last}[name]
                st.button(
                    name,
                    icon=f":material/{icon}:",
                    key=f"{key}_{name.lower()}",
                    on_click=_set,
                    args=(key, target),
                    disabled=target == t,
                    shortcut=shortcut,
                )
            if last > 0:
                st.session_state[f"{key}_slider"] = t
                st.slider(
                    label,
                    0,
                    last,
                    key=f"{key}_slider",
                    on_change=_slider_moved,
                    args=(key,),
                    label_visibility="collapsed",
                    width="stretch",
                )
            else:
                st.caption(f"{label} 0 of 0")
        state.publish()
        show(t)

    view()
