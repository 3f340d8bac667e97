"""ui.practice: answers right, wrong, empty and not numbers get the right feedback; the score; new questions."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.practice import Blank, Score, grade, is_right

from .conftest import TIMEOUT_S, assert_healthy, latex


def page():
    import streamlit as st

    import ui

    t = st.session_state.setdefault("t", 1)
    blanks = [ui.Blank("w(t+1)", 1.6 * t), ui.Blank("b(t+1)", 0.32)]
    ui.practice("px", blanks, question=f"step {t}", worked=lambda: st.latex(r"w^{(1)} = 1.600"))


def app() -> AppTest:
    at = AppTest.from_function(page, default_timeout=TIMEOUT_S).run()
    assert_healthy(at)
    return at


def boxes(at):
    return [t for t in at.text_input if t.key.startswith("px_")]


def test_grading_to_three_decimals():
    assert is_right(1.6, 1.6) and is_right(1.6004, 1.6) and is_right(1.5996, 1.6)
    assert not is_right(1.601, 1.6) and not is_right(1.59, 1.6)
    blanks = [Blank("a", 1.0), Blank("b", 2.0), Blank("c", 3.0), Blank("d", 4.0)]
    assert grade(["1", "2.5", "", "x"], blanks) == ["right", "wrong", "empty", "not a number"]


def test_right_answers_score_and_show_the_working():
    at = app()
    assert not latex(at)  # the working waits for an answer
    w, b = boxes(at)
    w.set_value("1.600")
    b.set_value("0.32")
    at.button(key="px_check").click().run()
    assert_healthy(at)
    assert at.success[0].value.startswith("All right")
    assert latex(at) == [r"w^{(1)} = 1.600"]
    assert at.session_state["px_score"] == Score(1, 1)
    at.button(key="px_check").click().run()  # checking the same question again counts once
    assert at.session_state["px_score"] == Score(1, 1)


def test_wrong_empty_and_text_answers_are_named():
    at = app()
    w, b = boxes(at)
    w.set_value("1.7")
    b.set_value("zero")
    at.button(key="px_check").click().run()
    text = at.warning[0].value.replace("\\", "")
    assert "w(t+1): ✗ not yet: it is 1.600" in text
    assert "b(t+1): ✗ 'zero' is not a number" in text
    assert at.session_state["px_score"] == Score(0, 1)
    boxes(at)[0].set_value("")
    at.button(key="px_check").click().run()
    assert "w(t+1): empty: type a number" in at.warning[0].value.replace("\\", "")


def test_a_new_question_starts_with_empty_boxes_and_the_working_on_request():
    at = app()
    boxes(at)[0].set_value("1.6")
    at.run()
    at.session_state["t"] = 2
    at.run()
    assert [b.value for b in boxes(at)] == ["", ""]
    assert not latex(at)
    [reveal] = [t for t in at.toggle if t.key.endswith("_reveal")]
    reveal.set_value(True).run()
    assert latex(at) == [r"w^{(1)} = 1.600"]
