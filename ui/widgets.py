"""Widget groups every page uses: page header, error guard, downloads, formulas, charts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from nnviz.theme import Spec, presented

from .layout import page_style, presentation_toggle, presenting
from .messages import error


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
    """The page's style, title and one line on what it teaches, and the presentation-mode switch."""
    _route_through_app()
    page_style()
    st.title(title)
    with st.container(key="page_teaches"):
        st.markdown(teaches)
    presentation_toggle()


@contextlib.contextmanager
def guard(what: str = "this page") -> Iterator[None]:
    """Turn an unexpected exception into a friendly message; the rest of the page and the server go on.

    ValueError carries nnmath's messages for the user; anything else is a bug, said plainly.
    """
    try:
        yield
    except ValueError as exc:
        error(str(exc))
    except Exception as exc:
        error(
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


def chart(fig: go.Figure | Spec, key: str | None = None, **options: Any) -> Any:
    """A Plotly figure, or an nnviz spec, in the house style (large type kept: Streamlit's theme would shrink it).

    In presentation mode the type and lines are enlarged for the back row. ``options`` go to
    ``st.plotly_chart`` (e.g. ``on_select``), whose return value is returned.
    """
    if presenting():
        fig = presented(fig if isinstance(fig, dict) else fig.to_dict())
    shown = _Prepared(fig) if isinstance(fig, dict) else fig
    return st.plotly_chart(shown, theme=None, width="stretch", key=key, config={"displaylogo": False}, **options)


def code_block(code: str, filename: str, key: str) -> None:
    """Python code for the screen, in the lecture's style, with a button that downloads it as a file."""
    st.code(code, language="python", line_numbers=True)
    st.download_button(
        "Download the code",
        code.encode("utf-8"),
        file_name=filename,
        mime="text/x-python",
        icon=":material/download:",
        key=key,
        on_click="ignore",
    )
