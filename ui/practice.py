"""Predict the next number: a practice widget every page uses (gradient descent, backprop, forward pass).

The student types each asked value; answers are checked to 3 decimals (the lecture prints 3), each entry
says right, wrong or empty, the worked numbers appear after an answer is checked or on request, and the
session keeps a score. A new question (another step, another exercise) starts with empty boxes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from .messages import literal
from .parsing import parse_number

DECIMALS = 3
TOLERANCE = 0.5 * 10.0**-DECIMALS
"""An answer is right when it rounds to the value's 3 decimals (within half a unit of the third decimal)."""


@dataclass(frozen=True)
class Blank:
    """One value the student is asked for."""

    label: str
    """How it is asked, e.g. 'w1(t+1)' (plain text)."""
    value: float


@dataclass(frozen=True)
class Score:
    """The session's practice record on one page."""

    right: int = 0
    asked: int = 0


def is_right(typed: float, value: float) -> bool:
    """Whether ``typed`` is ``value`` to DECIMALS decimals."""
    return abs(typed - value) <= TOLERANCE + 1e-12 * max(1.0, abs(value))


def grade(answers: Sequence[str], blanks: Sequence[Blank]) -> list[str]:
    """Each answer's verdict: "right", "wrong", "empty" or "not a number"."""
    verdicts = []
    for text, blank in zip(answers, blanks, strict=True):
        value = parse_number(text)
        if not str(text).strip():
            verdicts.append("empty")
        elif value is None:
            verdicts.append("not a number")
        else:
            verdicts.append("right" if is_right(value, blank.value) else "wrong")
    return verdicts


def score(key: str) -> Score:
    """The session's score on the practice ``key``."""
    found = st.session_state.get(f"{key}_score")
    return found if isinstance(found, Score) else Score()


def _question_id(blanks: Sequence[Blank], question: str) -> str:
    text = question + "|" + "|".join(f"{b.label}={b.value!r}" for b in blanks)
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def _check(key: str, qid: str, n: int, blanks: Sequence[Blank]) -> None:
    answers = [str(st.session_state.get(f"{key}_{qid}_{i}", "")) for i in range(n)]
    verdicts = grade(answers, blanks)
    st.session_state[f"{key}_{qid}_checked"] = True
    counted = st.session_state.setdefault(f"{key}_counted", set())
    if qid not in counted and "empty" not in verdicts:
        counted.add(qid)
        old = score(key)
        st.session_state[f"{key}_score"] = Score(old.right + (set(verdicts) == {"right"}), old.asked + 1)


def practice(
    key: str,
    blanks: Sequence[Blank],
    *,
    question: str,
    worked: Callable[[], None],
    columns: int = 3,
    title: str = "Predict the next numbers",
) -> bool:
    """Ask for ``blanks``; after Check, mark each and show ``worked()``; return True when all are right.

    ``question`` names this question (e.g. the step and the settings): a new question has new, empty boxes.
    ``title`` heads the box (the forward pass asks to "Work out z").
    ``worked`` draws the working (formulas) when the answers were checked or the student asks for it.
    """
    qid = _question_id(blanks, question)
    n = len(blanks)
    with st.container(border=True, key=f"{key}_box"):
        s = score(key)
        st.markdown(f"**{title}** (to {DECIMALS} decimals) · score this session: **{s.right} of {s.asked}**")
        cols = st.columns(min(columns, n) or 1)
        for i, blank in enumerate(blanks):
            with cols[i % len(cols)]:
                st.text_input(blank.label, key=f"{key}_{qid}_{i}", placeholder="type a number")
        checked = bool(st.session_state.get(f"{key}_{qid}_checked"))
        row = st.container(horizontal=True)
        row.button("Check", key=f"{key}_check", icon=":material/check:", on_click=_check, args=(key, qid, n, blanks))
        reveal = row.toggle("Show the working", key=f"{key}_{qid}_reveal")
        all_right = False
        if checked:
            answers = [str(st.session_state.get(f"{key}_{qid}_{i}", "")) for i in range(n)]
            verdicts = grade(answers, blanks)
            all_right = set(verdicts) == {"right"}
            lines = []
            for blank, text, verdict in zip(blanks, answers, verdicts, strict=True):
                shown = {
                    "right": "✓ right",
                    "wrong": f"✗ not yet: it is {blank.value:.{DECIMALS}f}",
                    "empty": "empty: type a number",
                    "not a number": f"✗ {text.strip()[:40]!r} is not a number",
                }[verdict]
                lines.append(f"- {literal(blank.label)}: {literal(shown)}")
            (st.success if all_right else st.warning)(
                ("All right. Well done!\n\n" if all_right else "") + "\n".join(lines)
            )
        if checked or reveal:
            worked()
    return all_right
