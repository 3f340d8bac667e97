"""A link is input: every page opens healthy whatever its query string holds, and shows user text literally."""

from __future__ import annotations

import importlib

import pytest

from ui.registry import PAGES

from .conftest import assert_healthy, errors, make_app

SCHEMA_PAGES = [p for p in PAGES if not p.default]
HOSTILE = ["inf", "-1e400", "9" * 400, "nan", "", "[x](https://example.org)", "<b>x</b>", "1,2;3", "a" * 3000]


def schema(page):
    return importlib.import_module(f"ui.states.{page.name}").STATE


@pytest.mark.parametrize("page", SCHEMA_PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("raw", HOSTILE, ids=range(len(HOSTILE)))
def test_every_setting_hostile_at_once_opens_with_the_defaults(page, raw):
    state = schema(page)
    at = make_app(page.file, {key: raw for key in state.schema}).run()
    assert_healthy(at)
    for key, setting in state.schema.items():
        if key in at.session_state:
            assert setting.accepts(at.session_state[key]), (key, at.session_state[key])
    # Text the link may carry (a matrix's cells, the z vector) is text: named as a typed one would be.
    assert all(e.endswith(("type a number there.", "e.g. 1, 8.")) for e in errors(at)), errors(at)


@pytest.mark.parametrize("page", SCHEMA_PAGES, ids=lambda p: p.name)
def test_the_defaults_make_a_bare_link(page):
    at = make_app(page.file).run()
    assert_healthy(at)
    assert not at.query_params


def test_text_in_a_cell_is_quoted_literally_never_rendered():
    hostile = "[click](https://example.org)![i](https://example.org/i.png)<img src=x>$x$:red[x]"
    at = make_app("pages/forward_pass.py", {"fp_W": f"{hostile[:24]};1"}).run()
    assert_healthy(at)
    [message] = [e.value for e in at.error]
    # Every character Markdown or Streamlit would act on is escaped: the box shows the text as typed.
    for active in "[]()!<>$:":
        assert active not in message.replace("\\" + active, "")
    cell = hostile[:24]
    assert errors(at) == [f"w, row 1, column 1 holds {cell!r}, which is not a finite number: type a number there."]
