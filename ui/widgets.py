"""Widget groups every page uses: page header, error guard, downloads, the iteration stepper."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from nnviz.theme import Spec

PLAY_INTERVAL_S = 0.2
"""Seconds between frames while the stepper plays (5 updates a second)."""


def _route_through_app() -> None:
    """Make a bookmarked page open inside app.py's navigation, even as a fresh server's first visit.

    Streamlit runs the first sessions of an app with a ``pages/`` folder in its legacy multipage mode
    (each file alone, no ``st.navigation``) until some session has run ``st.navigation``. A page that
    finds itself run that way switches the mode off and reruns: the rerun goes through app.py and
    lands on the same page, whose URL path is the same in both modes.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def header(title: str, teaches: str) -> None:
    """The page title and its one line on what it teaches."""
    _route_through_app()
    st.title(title)
    st.markdown(f"<p style='font-size:1.2rem;color:#444'>{teaches}</p>", unsafe_allow_html=True)


@contextlib.contextmanager
def guard(what: str = "this page") -> Iterator[None]:
    """Turn an unexpected exception into a friendly message; the rest of the page and the server go on.

    ValueError carries nnmath's messages for the user; anything else is a bug, said plainly.
    """
    try:
        yield
    except ValueError as exc:
        st.error(f"{exc}")
    except Exception as exc:
        st.error(
            f"Something went wrong while computing {what} ({type(exc).__name__}). "
            "Change a setting or press 'Reset' to go back to the lecture's settings."
        )


def download_csv(
    frame: pd.DataFrame | Callable[[], pd.DataFrame], filename: str, label: str = "Download CSV", key: str | None = None
) -> None:
    """A download button that delivers ``frame`` (or what ``frame()`` returns) as CSV, made only when pressed.

    A download needs no rerun (``on_click="ignore"``): a rerun would cancel a file still being fetched
    when the button is pressed twice quickly.
    """
    st.download_button(
        label,
        icon=":material/download:",
        data=lambda: (frame() if callable(frame) else frame).to_csv(index=False).encode("utf-8"),
        file_name=filename,
        mime="text/csv",
        key=key,
        on_click="ignore",
    )


def formulas(sections: Mapping[str, Sequence[str]]) -> None:
    """Titled groups of display formulas (LaTeX) as one Markdown element.

    One element, not one ``st.latex`` per line: each element is a message to the browser and work for
    the server, which a lecture hall of sessions multiplies. The formulas render as ``st.latex`` does.
    """
    st.markdown(
        "\n\n".join(
            f"**{title}**\n\n" + "\n\n".join(f"$$\n{latex}\n$$" for latex in lines) for title, lines in sections.items()
        )
    )


def _set(key: str, value: int) -> None:
    st.session_state[key] = value


def _slider_moved(key: str) -> None:
    st.session_state[key] = int(st.session_state[f"{key}_slider"])


def _toggle_play(key: str, last: int) -> None:
    playing = not st.session_state.get(f"{key}_play", False)
    if playing and st.session_state.get(key, 0) >= last:
        st.session_state[key] = 0
    st.session_state[f"{key}_play"] = playing
    st.session_state[f"{key}_play_changed"] = True


def stepper(key: str, last: int, show: Callable[[int], None], label: str = "Update") -> None:
    """First / Prev / Next / Last, a slider and Play over steps 0..last, then ``show(t)``.

    The controls and ``show`` form one fragment: stepping reruns only it, never the computation above
    it, and Play advances it on a timer. The position lives in ``st.session_state[key]``, a plain value
    that Streamlit never resets; the slider (``key + "_slider"``) is set from it before each drawing,
    because Streamlit resets a slider whose range changes.
    """
    last = max(int(last), 0)
    st.session_state[key] = min(max(int(st.session_state.get(key, 0)), 0), last)
    playing = bool(st.session_state.get(f"{key}_play", False))

    @st.fragment(run_every=PLAY_INTERVAL_S if playing else None)
    def view() -> None:
        if st.session_state.pop(f"{key}_play_changed", False):
            st.rerun()
        t = int(st.session_state[key])
        if playing:
            if t >= last:
                st.session_state[f"{key}_play"] = False
                st.rerun()
            else:
                st.session_state[key] = t = t + 1
        moves = [
            ("First", "first_page", 0, t == 0),
            ("Prev", "chevron_left", max(t - 1, 0), t == 0),
            ("Next", "chevron_right", min(t + 1, last), t >= last),
            ("Last", "last_page", last, t >= last),
        ]
        with st.container(horizontal=True):
            for name, icon, target, disabled in moves:
                st.button(
                    name,
                    icon=f":material/{icon}:",
                    key=f"{key}_{name.lower()}",
                    on_click=_set,
                    args=(key, target),
                    disabled=disabled,
                )
            st.button(
                "Pause" if playing else "Play",
                icon=":material/pause:" if playing else ":material/play_arrow:",
                key=f"{key}_playbtn",
                on_click=_toggle_play,
                args=(key, last),
                disabled=last == 0,
                type="primary",
            )
        if last > 0:
            st.session_state[f"{key}_slider"] = t
            st.slider(label, 0, last, key=f"{key}_slider", on_change=_slider_moved, args=(key,))
        else:
            st.caption(f"{label} 0 of 0")
        if st.query_params.get(key) != str(t):
            st.query_params[key] = str(t)
        show(t)

    view()


class _Prepared(go.Figure):
    """A spec from nnviz (a figure already validated and in Plotly's JSON form), as ``st.plotly_chart`` takes it.

    Given a dict, ``st.plotly_chart`` would build and validate a whole ``go.Figure`` from it again (tens of
    milliseconds for a contour); given a figure, it sends ``to_dict()``. This figure's ``to_dict()`` is the
    spec itself, so a step that only moved a marker costs no more than sending it.
    """

    def __init__(self, spec: Spec) -> None:  # no go.Figure.__init__: nothing to validate again
        self._prepared = spec

    def to_dict(self) -> Spec:
        return self._prepared


def chart(fig: go.Figure | Spec, key: str | None = None) -> None:
    """A Plotly figure, or an nnviz spec, in the house style (large type kept: Streamlit's theme would shrink it)."""
    shown = _Prepared(fig) if isinstance(fig, dict) else fig
    st.plotly_chart(shown, theme=None, width="stretch", key=key, config={"displaylogo": False})
