"""Keys for a presentation clicker: Prev / Next on PageUp / PageDown or the arrows, Play / Pause on Space.

A clicker sends PageUp / PageDown (most) or the arrow keys (some), and often Space or "B". Streamlit's
``st.button(..., shortcut=...)`` gives each stepper button one key (:data:`SHORTCUTS`). The rest needs the
browser: the server cannot start an animation that runs in the browser, so :func:`presenter_keys` mounts a
small script (``st.components.v2``, no iframe) that listens to the page's keys:

- Space plays or pauses the page's animated chart by clicking its own Play or Pause button (the first
  chart on the page with animation frames);
- ArrowLeft / ArrowRight click the buttons whose widget keys are ``prev_key`` / ``next_key`` (the element
  Streamlit wraps in ``.st-key-<key>``), unless they are disabled.

Keys meant for the focused element are left alone (a text field, a select box, a slider, a radio group, tabs,
a table's cells), as are keys with a modifier (Alt+Left is the browser's Back) and a held key's repeats
(each step is a rerun on the server). Space on a focused button plays or pauses instead of pressing it.
The listener is registered once per browser tab, whatever the number of reruns; the last mount's keys win.
The script sends nothing to the server: a key costs a message only when it clicks a Streamlit button.
"""

from __future__ import annotations

import streamlit as st

from nnviz.animation import PAUSE_LABEL, PLAY_LABEL

SHORTCUTS = {"first": "Home", "prev": "PageUp", "next": "PageDown", "last": "End"}
"""The stepper buttons' ``st.button`` shortcuts (one per button; "C" and "R" are Streamlit's own)."""

_JS = """
const OWN_KEYS_ROLES = new Set([
  "textbox", "searchbox", "combobox", "listbox", "spinbutton", "slider",
  "grid", "radiogroup", "tablist", "menu", "tree",
]);

function ownsKeys(el) {
  for (let e = el; e && e !== document.body; e = e.parentElement) {
    const tag = e.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || e.isContentEditable) return true;
    if (OWN_KEYS_ROLES.has(e.getAttribute("role"))) return true;
  }
  return false;
}

function animatedChart() {
  for (const gd of document.querySelectorAll(".js-plotly-plot")) {
    const frames = gd._transitionData && gd._transitionData._frames;
    if (frames && frames.length) return gd;
  }
  return null;
}

function menuButton(gd, label) {
  for (const b of gd.querySelectorAll("g.updatemenu-button")) {
    if (b.textContent.trim() === label) return b;
  }
  return null;
}

function clickStreamlit(key) {
  const button = key && document.querySelector(`.st-key-${CSS.escape(key)} button`);
  if (!button || button.disabled) return false;
  button.click();
  return true;
}

function onKey(event, config) {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  if (ownsKeys(event.target) || ownsKeys(document.activeElement)) return;
  if (event.key === " " || event.code === "Space") {
    const gd = animatedChart();
    if (!gd) return;
    event.preventDefault();
    if (event.repeat) return;
    const playing = Boolean(gd._transitionData._animationRaf);
    const button = menuButton(gd, playing ? config.pause : config.play);
    if (button) button.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
    const key = event.key === "ArrowLeft" ? config.prev : config.next;
    if (!document.querySelector(`.st-key-${CSS.escape(key)} button`)) return;
    event.preventDefault();
    if (!event.repeat) clickStreamlit(key);
  }
}

export default function (component) {
  const keys = (window.__nnlabPresenterKeys ??= { config: null, listener: null, mounts: 0 });
  keys.config = component.data;
  if (!keys.listener) {
    keys.listener = (event) => onKey(event, keys.config);
    document.addEventListener("keydown", keys.listener, true);
  }
  keys.mounts += 1;
  return () => {
    keys.mounts -= 1;
    if (keys.mounts === 0) {
      document.removeEventListener("keydown", keys.listener, true);
      keys.listener = null;
    }
  };
}
"""

_bridge = st.components.v2.component("nnlab_presenter_keys", js=_JS, isolate_styles=False)


def presenter_keys(prev_key: str, next_key: str, *, key: str = "presenter_keys") -> None:
    """Space plays / pauses the page's animated chart; ArrowLeft / ArrowRight press ``prev_key`` / ``next_key``.

    ``prev_key`` and ``next_key`` are the widget keys of the stepper's Prev and Next buttons. Mount it once
    per page, outside any fragment that reruns on its own (it draws nothing).
    """
    _bridge(key=key, data={"prev": prev_key, "next": next_key, "play": PLAY_LABEL, "pause": PAUSE_LABEL})


__all__ = ["SHORTCUTS", "presenter_keys"]
