"""ui.messages: a user's text reads as typed and holds no Markdown, HTML or link of its own."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.messages import WORD_JOINER, literal


def reads(markdown: str) -> str:
    """What the user reads: escapes resolved, the invisible word joiner dropped."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


@pytest.mark.parametrize(
    "text",
    [
        "[x](https://example.org)",
        "![i](https://x.org/i.png)",
        "<img src=x onerror=1>",
        "**bold** _it_ `code` $x^2$ :red[red]",
        "visit www.example.org or mail me@example.org",
    ],
)
def test_markdown_html_and_addresses_are_shown_as_typed(text):
    shown = literal(text)
    assert reads(shown) == text
    unescaped = re.sub(r"\\.", "", shown)
    assert not re.search(r"[\[\]()<>*_`$!]", unescaped), shown  # every active character escaped


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("https://example.org", "https\\:/" + "/" + WORD_JOINER + "example\\.org"),
        ("http://x.org/i.png", "http\\:/" + "/" + WORD_JOINER + "x\\.org/i\\.png"),
        ("WWW.example.org", "WWW" + WORD_JOINER + "\\.example\\.org"),
        ("me@example.org", "me\\@" + WORD_JOINER + "example\\.org"),
    ],
)
def test_an_address_cannot_become_a_link(text, broken):
    """GitHub-flavoured Markdown links bare addresses after escapes are resolved: a word joiner stops it."""
    assert literal(text) == broken


def test_whitespace_is_one_line():
    assert literal("a\n\nb\t c") == "a b c"


@given(st.text(max_size=80).filter(lambda t: WORD_JOINER not in t))
def test_any_text_reads_as_typed_on_one_line(text):
    assert reads(literal(text)) == " ".join(text.split())
