"""An unexpected exception leaves the page usable: ui.guard turns it into a friendly st.error.

Runs a tiny script through Streamlit's AppTest (no browser needed): the error names what was being
computed and the exception's type, shows no traceback and no internal message, and what comes after
the guarded block is still drawn.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from streamlit.testing.v1 import AppTest

from .conftest import errors

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys

if {root!r} not in sys.path:  # the script imports ui from the repository root
    sys.path.insert(0, {root!r})

import streamlit as st

import ui

st.title("Before")
with ui.guard("the demo"):
    st.markdown("inside the guard, before the failure")
    {failure}
    st.markdown("never drawn")
st.markdown("After the guard: the page goes on.")
st.button("Still usable", key="after")
"""


def run_script(tmp_path: Path, failure: str) -> AppTest:
    script = tmp_path / "guarded_page.py"
    script.write_text(textwrap.dedent(SCRIPT.format(root=str(ROOT), failure=failure)))
    at = AppTest.from_file(str(script), default_timeout=30)
    at.run()
    return at


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_an_unexpected_exception_becomes_a_friendly_message(tmp_path):
    at = run_script(tmp_path, 'raise RuntimeError("boom: /srv/secret/path.py line 12")')
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.error) == 1
    [message] = errors(at)
    assert message.startswith("Something went wrong while computing the demo (RuntimeError).")
    assert "Reset" in message
    for leak in ("Traceback", "boom", "/srv/secret", 'File "', "line 12"):
        assert leak not in message
    assert "inside the guard, before the failure" in markdown(at)
    assert "never drawn" not in markdown(at)
    assert "After the guard: the page goes on." in markdown(at)
    assert at.button(key="after").label == "Still usable"

    # The page stays usable: a click reruns it, with the same friendly message and no exception.
    at.button(key="after").click().run()
    assert not at.exception
    assert errors(at) == [message]


def test_a_value_error_shows_its_message_for_the_user(tmp_path):
    at = run_script(tmp_path, 'raise ValueError("The learning rate must be positive: choose a larger one.")')
    assert not at.exception
    assert errors(at) == ["The learning rate must be positive: choose a larger one."]
    assert "After the guard: the page goes on." in markdown(at)


def test_without_an_exception_the_guard_draws_everything(tmp_path):
    at = run_script(tmp_path, "pass")
    assert not at.exception and not at.error
    assert {"inside the guard, before the failure", "never drawn"} <= set(markdown(at))
