"""The matrix editor: a grid on st.data_editor, or typed text, with row and column counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from .parsing import Parsed, array_to_cells, cells_to_text, parse_cells, text_to_cells
from .settings import Cells


def set_matrix(setting: Cells, values: np.ndarray | list[list[str]]) -> None:
    """Load ``values`` into the editor of ``setting`` (use before it is drawn, e.g. in a preset callback)."""
    cells = array_to_cells(np.asarray(values, dtype=float)) if isinstance(values, np.ndarray) else values
    st.session_state[setting.key] = [list(map(str, r)) for r in cells]
    _reload(setting)


def _reload(setting: Cells) -> None:
    key = setting.key
    cells = st.session_state[key]
    st.session_state[f"{key}_rows"] = max(1, min(len(cells), setting.max_rows))
    st.session_state[f"{key}_cols"] = max(1, min(len(cells[0]) if cells else 1, setting.max_cols))
    st.session_state[f"{key}_text"] = cells_to_text(cells)
    st.session_state[f"{key}_version"] = st.session_state.get(f"{key}_version", 0) + 1


def _resize(key: str) -> None:
    rows, cols = st.session_state[f"{key}_rows"], st.session_state[f"{key}_cols"]
    old = st.session_state[key]
    st.session_state[key] = [
        [old[i][j] if i < len(old) and j < len(old[i]) else "0" for j in range(cols)] for i in range(rows)
    ]
    st.session_state[f"{key}_text"] = cells_to_text(st.session_state[key])
    st.session_state[f"{key}_version"] = st.session_state.get(f"{key}_version", 0) + 1


def _text_changed(setting: Cells) -> None:
    key = setting.key
    cells = text_to_cells(
        st.session_state[f"{key}_text"][: setting.max_rows * setting.max_cols * (setting.max_chars + 1)]
    )
    st.session_state[key] = cells
    if setting.accepts(cells):
        st.session_state[f"{key}_rows"] = len(cells)
        st.session_state[f"{key}_cols"] = len(cells[0])
    st.session_state[f"{key}_version"] = st.session_state.get(f"{key}_version", 0) + 1


def matrix_editor(
    label: str, setting: Cells, *, name: str | None = None, help: str | None = None, fixed_shape: bool = False
) -> Parsed:
    """Draw the editor for the matrix of ``setting`` (cells of text in ``st.session_state``); return it parsed.

    The grid and the text box edit the same cells; the text box takes rows on lines (or split by ';')
    and entries split by spaces or commas. Every bad cell is named in the returned errors, and a matrix
    beyond the setting's limits (pasted text) is refused with a message, as a link's would be ignored.
    """
    key = setting.key
    if f"{key}_rows" not in st.session_state:
        _reload(setting)
    st.markdown(f"**{label}**", help=help)
    if not fixed_shape:
        c1, c2 = st.columns(2)
        c1.number_input("rows", 1, setting.max_rows, key=f"{key}_rows", on_change=_resize, args=(key,))
        c2.number_input("columns", 1, setting.max_cols, key=f"{key}_cols", on_change=_resize, args=(key,))
    cells = st.session_state[key]
    tab_grid, tab_text = st.tabs(["Grid", "Type or paste"])
    with tab_grid:
        width = max((len(r) for r in cells), default=1)
        frame = pd.DataFrame(
            [[str(c) for c in r] + [""] * (width - len(r)) for r in cells],
            columns=[f"{j + 1}" for j in range(width)],
            index=[f"{i + 1}" for i in range(len(cells))],
            dtype="string",
        )
        edited = st.data_editor(
            frame,
            key=f"{key}_grid_{st.session_state[f'{key}_version']}",
            width="stretch",
            column_config={c: st.column_config.TextColumn(c, width="small") for c in frame.columns},
        )
    current: list[list[object]] = [
        [None if pd.isna(v) else str(v) for v in row] for row in edited.itertuples(index=False)
    ]
    if current != cells:
        st.session_state[key] = current
        st.session_state[f"{key}_text"] = cells_to_text(current)
    with tab_text:
        st.text_area(
            "rows on lines, entries separated by spaces or commas",
            key=f"{key}_text",
            on_change=_text_changed,
            args=(setting,),
            height=68 + 24 * min(len(cells), setting.max_rows),
        )
    cells = st.session_state[key]
    label_name = name or label
    if cells and (len(cells) > setting.max_rows or max(len(r) for r in cells) > setting.max_cols):
        return Parsed(
            None,
            [f"{label_name} has more than {setting.max_rows} rows or {setting.max_cols} columns: make it smaller."],
        )
    if any(c is not None and len(str(c)) > setting.max_chars for r in cells for c in r):
        return Parsed(None, [f"{label_name}: an entry is longer than {setting.max_chars} characters: shorten it."])
    return parse_cells(cells, label_name)
