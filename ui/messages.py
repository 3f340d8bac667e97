"""Messages to the user, shown literally: text a user or a link supplied is never read as Markdown or HTML.

``st.error`` and its siblings render Markdown, so a crafted cell or link value could put a live link, an
image or LaTeX inside the app's own message box. Every message that may carry such text goes through
these functions, which escape every character Markdown (and Streamlit's directives) would act on.
"""

from __future__ import annotations

import re

import streamlit as st

_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^%@\"'])")
_AUTOLINK = re.compile(r"(?<=://)|(?<=@)|(?i:(?<=\bwww)(?=\.))")
"""Where GitHub-flavoured Markdown would start a link of its own (after "https://", "www" or an e-mail's "@"):
Streamlit finds those in the text after escapes are resolved, so no backslash stops them."""
WORD_JOINER = "\u2060"
"""An invisible character that breaks such a link (what the user copies holds it, what the user reads does not)."""


def literal(text: str) -> str:
    """``text`` as Markdown that renders as exactly these characters, on one line, with no link in it."""
    unlinked = _AUTOLINK.sub(WORD_JOINER, " ".join(str(text).split()))
    return _ACTIVE.sub(r"\\\1", unlinked)


def error(message: str) -> None:
    """``st.error`` showing ``message`` literally."""
    st.error(literal(message))


def warning(message: str) -> None:
    """``st.warning`` showing ``message`` literally."""
    st.warning(literal(message))


def info(message: str) -> None:
    """``st.info`` showing ``message`` literally."""
    st.info(literal(message))


def success(message: str) -> None:
    """``st.success`` showing ``message`` literally."""
    st.success(literal(message))
