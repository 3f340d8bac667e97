"""ui.keys: the stepper's shortcuts and the keyboard bridge mount in a script run without errors."""

from streamlit.testing.v1 import AppTest

from .conftest import TIMEOUT_S


def _stepper_with_keys() -> None:
    import streamlit as st

    import ui

    st.session_state.setdefault("k_step", 0)

    def move(by: int) -> None:
        st.session_state["k_step"] += by

    st.button("Prev", key="k_prev", on_click=move, args=(-1,), shortcut=ui.SHORTCUTS["prev"])
    st.button("Next", key="k_next", on_click=move, args=(1,), shortcut=ui.SHORTCUTS["next"])
    ui.presenter_keys("k_prev", "k_next")
    st.markdown(f"step {st.session_state['k_step']}")


def test_presenter_keys_mount_beside_buttons_with_shortcuts():
    at = AppTest.from_function(_stepper_with_keys, default_timeout=TIMEOUT_S).run()
    assert not at.exception
    at.button(key="k_next").click().run()
    at.button(key="k_next").click().run()
    at.button(key="k_prev").click().run()
    assert not at.exception
    assert at.markdown[-1].value == "step 1"


def test_shortcuts_are_one_key_each_and_not_streamlit_reserved():
    import ui

    assert set(ui.SHORTCUTS) == {"first", "prev", "next", "last"}
    assert len(set(ui.SHORTCUTS.values())) == 4
    assert not {"c", "r"} & {key.lower() for key in ui.SHORTCUTS.values()}
