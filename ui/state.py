"""Page settings in st.session_state, round-tripped through st.query_params so a link reopens them."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from .parsing import decode_cells, encode_cells


def _decode(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw in ("1", "true", "True")
    if isinstance(default, int):
        return int(float(raw))
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, list) and default and isinstance(default[0], list):
        return decode_cells(raw)
    if isinstance(default, list):
        return [v for v in raw.split(",") if v]
    return raw


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list) and value and isinstance(value[0], list):
        return encode_cells(value)
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _from_link(key: str, default: Any, ranges: Mapping[str, tuple[float, float]]) -> Any:
    """The link's value for ``key``, or the default when it cannot be read or lies outside its range."""
    try:
        value = _decode(st.query_params[key], default)
    except (TypeError, ValueError):
        return copy.deepcopy(default)
    if key in ranges and not ranges[key][0] <= value <= ranges[key][1]:
        return copy.deepcopy(default)
    return value


def init_state(page: str, defaults: Mapping[str, Any], ranges: Mapping[str, tuple[float, float]] | None = None) -> None:
    """Give every setting a value: from the link on the page's first run in this session, else the default.

    A value in the link that cannot be read, or that lies outside the slider range given in ``ranges``,
    is ignored (the default stays), so a mangled link still opens.
    """
    first_run = f"_{page}_initialised" not in st.session_state
    for key, default in defaults.items():
        if key in st.session_state:
            continue
        if first_run and key in st.query_params:
            st.session_state[key] = _from_link(key, default, ranges or {})
        else:
            st.session_state[key] = copy.deepcopy(default)
    st.session_state[f"_{page}_initialised"] = True


def reset(defaults: Mapping[str, Any]) -> None:
    """Put every setting back to its default (use as an on_click callback).

    Each session gets its own copy: the defaults are shared by every session of the server.
    """
    for key, default in defaults.items():
        st.session_state[key] = copy.deepcopy(default)


def publish(keys: Mapping[str, Any] | list[str]) -> str:
    """Write the current settings into the address bar; return the query string (the share link's tail)."""
    params = {k: _encode(st.session_state[k]) for k in keys if k in st.session_state}
    if st.query_params.to_dict() != params:  # to_dict: one call (dict() would look each key up: 40x slower)
        st.query_params.from_dict(params)
    return urlencode(params)


def share_box(query: str, key: str) -> None:
    """The link that reopens this page as it is now, written out when its expander (``key``) is opened."""
    box = st.expander("Share this view", icon=":material/link:", key=key, on_change="rerun")
    if box.open:
        base = (st.context.url or "").split("?")[0]
        box.caption("The address bar always holds this link; paste it anywhere to reopen these settings.")
        box.code(f"{base}?{query}" if base else f"?{query}", language=None)
