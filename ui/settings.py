"""Typed page settings: one schema per page, read by its widgets and by its link reader alike.

A link is input: anyone can type one. Every value in it is parsed by type, range and size; a value that is
unreadable, not finite, out of range or too large means the default (never a clamp), and reading never
raises. The same bounds draw the widgets, so what a link can ask for is exactly what the controls can.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlencode

import streamlit as st

MAX_VALUE_CHARS = 1000
"""A link value longer than this is not read at all (the largest setting, an 8 x 8 matrix, needs far less)."""

_INTEGER = re.compile(r"[+-]?\d{1,15}")


class Setting:
    """One setting: its session key, default, and how it is read from and written to a link."""

    key: str
    default: Any
    share: bool
    kind: ClassVar[str] = "text"

    def parse(self, raw: str) -> Any:
        """The value a link's text stands for; ValueError when it is unreadable or out of bounds."""
        raise NotImplementedError

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is a value this setting can hold."""
        try:
            return self.parse(self.encode(value)) == value
        except (TypeError, ValueError):
            return False

    def encode(self, value: Any) -> str:
        """The value as link text (the inverse of :meth:`parse`)."""
        return str(value)

    def from_link(self, raw: str) -> Any:
        """The link's value, or a fresh copy of the default when the link's text cannot be used."""
        if len(raw) <= MAX_VALUE_CHARS:
            try:
                return self.parse(raw)
            except (TypeError, ValueError, OverflowError):
                pass
        return copy.deepcopy(self.default)


@dataclass(frozen=True)
class Int(Setting):
    """A whole number in [lo, hi]."""

    key: str
    default: int
    lo: int
    hi: int
    step: int = 1
    share: bool = True
    kind: ClassVar[str] = "int"

    def parse(self, raw: str) -> int:
        text = raw.strip()
        if not _INTEGER.fullmatch(text):
            raise ValueError(f"{text!r} is not a whole number")
        value = int(text)
        if not self.lo <= value <= self.hi:
            raise ValueError(f"{value} is outside [{self.lo}, {self.hi}]")
        return value

    def accepts(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.lo <= value <= self.hi


@dataclass(frozen=True)
class Float(Setting):
    """A finite number in [lo, hi]."""

    key: str
    default: float
    lo: float
    hi: float
    step: float | None = None
    format: str | None = None
    share: bool = True
    kind: ClassVar[str] = "float"

    def parse(self, raw: str) -> float:
        text = raw.strip()
        if len(text) > 40 or "_" in text:
            raise ValueError(f"{text!r} is not a number")
        value = float(text)
        if not math.isfinite(value) or not self.lo <= value <= self.hi:
            raise ValueError(f"{value} is outside [{self.lo}, {self.hi}]")
        return value

    def encode(self, value: Any) -> str:
        return repr(float(value))

    def accepts(self, value: Any) -> bool:
        return (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and math.isfinite(value)
            and self.lo <= value <= self.hi
        )


@dataclass(frozen=True)
class Choice(Setting):
    """One of a fixed list of options (strings or numbers); ``labels`` are what a reader sees."""

    key: str
    default: Any
    options: tuple[Any, ...]
    labels: Mapping[Any, str] = field(default_factory=dict)
    share: bool = True
    kind: ClassVar[str] = "choice"

    def parse(self, raw: str) -> Any:
        for option in self.options:
            if self.encode(option) == raw.strip():
                return option
        raise ValueError(f"{raw!r} is not one of the options")

    def encode(self, value: Any) -> str:
        return repr(float(value)) if isinstance(value, float) else str(value)

    def accepts(self, value: Any) -> bool:
        return any(value == option and type(value) is type(option) for option in self.options)

    def label(self, option: Any) -> str:
        """What a reader sees for ``option``."""
        return self.labels.get(option, f"{option:g}" if isinstance(option, float) else str(option))


@dataclass(frozen=True)
class Bool(Setting):
    """On or off."""

    key: str
    default: bool
    share: bool = True
    kind: ClassVar[str] = "bool"

    def parse(self, raw: str) -> bool:
        text = raw.strip().lower()
        if text in ("1", "true"):
            return True
        if text in ("0", "false"):
            return False
        raise ValueError(f"{raw!r} is not on or off")

    def encode(self, value: Any) -> str:
        return "1" if value else "0"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, bool)


@dataclass(frozen=True)
class Several(Setting):
    """Any of a fixed list of options, each at most once, at most ``max_items`` of them (comma-separated)."""

    key: str
    default: list[str]
    options: tuple[str, ...]
    max_items: int
    labels: Mapping[str, str] = field(default_factory=dict)
    share: bool = True
    kind: ClassVar[str] = "several"

    def parse(self, raw: str) -> list[str]:
        items = [item for item in raw.split(",") if item]
        if len(items) > self.max_items or len(set(items)) != len(items) or not set(items) <= set(self.options):
            raise ValueError(f"{raw!r} is not a list of the options")
        return items

    def encode(self, value: Any) -> str:
        return ",".join(value)

    def label(self, option: str) -> str:
        """What a reader sees for ``option``."""
        return self.labels.get(option, option)


@dataclass(frozen=True)
class Text(Setting):
    """Free text of at most ``max_chars`` characters, on one line."""

    key: str
    default: str
    max_chars: int
    share: bool = True
    kind: ClassVar[str] = "text"

    def parse(self, raw: str) -> str:
        if len(raw) > self.max_chars or any(c in raw for c in "\r\n\x00"):
            raise ValueError("the text is too long or spans lines")
        return raw


@dataclass(frozen=True)
class Cells(Setting):
    """A matrix as text cells (parsed into numbers later, with messages naming a bad cell).

    Links write it as '1,2;3,-1'. A link's matrix obeys the editor's limits exactly: at most
    ``max_rows`` x ``max_cols`` cells (or exactly ``shape`` when given) of at most ``max_chars`` each.
    """

    key: str
    default: list[list[str]]
    max_rows: int = 8
    max_cols: int = 8
    max_chars: int = 24
    shape: tuple[int, int] | None = None
    share: bool = True
    kind: ClassVar[str] = "cells"

    def parse(self, raw: str) -> list[list[str]]:
        rows = [row.split(",") for row in raw.split(";")] if raw else []
        self.check(rows)
        return rows

    def check(self, cells: list[list[str]]) -> None:
        """ValueError unless ``cells`` fits the limits (a rectangle of short cells)."""
        if not cells or not cells[0] or any(len(row) != len(cells[0]) for row in cells):
            raise ValueError("the matrix is empty or ragged")
        if len(cells) > self.max_rows or len(cells[0]) > self.max_cols:
            raise ValueError("the matrix is too large")
        if self.shape is not None and (len(cells), len(cells[0])) != self.shape:
            raise ValueError("the matrix has the wrong shape")
        if any(len(c) > self.max_chars or not c.isprintable() for row in cells for c in row):
            raise ValueError("a cell is too long")

    def encode(self, value: Any) -> str:
        return ";".join(",".join("" if c is None else str(c).strip() for c in row) for row in value)

    def accepts(self, value: Any) -> bool:
        try:
            self.check(value)
        except (TypeError, ValueError):
            return False
        return True


PRESENT = Bool("present", False)
"""Presentation mode (ui.layout): an app-wide setting that every page's link carries when it is on."""


class PageState:
    """A page's settings: their keys, defaults and bounds, the widgets drawn from them, and the share link.

    ``settings`` are the page's schema; ``first_visit`` keys are read from the link only on the page's
    first run in a session (afterwards the session's own values rule).
    """

    def __init__(self, prefix: str, settings: Sequence[Setting]) -> None:
        self.prefix = prefix
        self.schema: dict[str, Setting] = {s.key: s for s in settings}
        for s in settings:
            if not s.key.startswith(f"{prefix}_"):
                raise ValueError(f"setting {s.key!r} of page {prefix!r} must start with '{prefix}_'")
            if not s.accepts(s.default):
                raise ValueError(f"the default of {s.key!r} is not a value it accepts: {s.default!r}")
        self._marker = f"_{prefix}_initialised"

    @property
    def defaults(self) -> dict[str, Any]:
        """Every setting's default (fresh copies)."""
        return {key: copy.deepcopy(s.default) for key, s in self.schema.items()}

    def init(self) -> bool:
        """Give every setting a value: from the link on the page's first run in this session, else the default.

        Returns True on that first run.
        """
        first = self._marker not in st.session_state
        query = st.query_params.to_dict() if first else {}
        for key, s in self.schema.items():
            if key not in st.session_state:
                st.session_state[key] = s.from_link(query[key]) if key in query else copy.deepcopy(s.default)
        st.session_state[self._marker] = True
        return first

    def __getitem__(self, key: str) -> Any:
        return st.session_state[key]

    def __setitem__(self, key: str, value: Any) -> None:
        st.session_state[key] = value

    def get(self, key: str) -> Any:
        """The session's value of ``key``, or its default before the page has initialised it."""
        return st.session_state.get(key, self.schema[key].default)

    def reset(self, keys: Sequence[str] | None = None) -> None:
        """Put the settings (all, or ``keys``) back to their defaults (use as an on_click callback)."""
        for key in keys or list(self.schema):
            st.session_state[key] = copy.deepcopy(self.schema[key].default)

    def link(self) -> dict[str, str]:
        """The query parameters of the current settings: every shared setting that differs from its default."""
        params = {}
        for key, s in self.schema.items():
            value = st.session_state.get(key, s.default)
            if s.share and value != s.default:
                params[key] = s.encode(value)
        if st.session_state.get(PRESENT.key):
            params[PRESENT.key] = PRESENT.encode(True)
        return params

    def publish(self) -> str:
        """Write the current settings into the address bar; return the query string (the share link's tail)."""
        params = self.link()
        if st.query_params.to_dict() != params:
            st.query_params.from_dict(params)
        return urlencode(params)

    def share_box(self) -> None:
        """The link that reopens this page as it is now, written out when its expander is opened."""
        query = self.publish()
        box = st.expander("Share this view", icon=":material/link:", key=f"{self.prefix}_share_open", on_change="rerun")
        if box.open:
            base = (st.context.url or "").split("?")[0]
            box.caption("The address bar always holds this link; paste it anywhere to reopen these settings.")
            box.code(f"{base}?{query}" if base else f"?{query}", language=None)

    # Widgets drawn from the schema: the bounds a link is read with are the bounds the widget offers.

    def number(self, key: str, label: str, **options: Any) -> Any:
        """``st.number_input`` over the setting's range."""
        s = self.schema[key]
        if isinstance(s, Int):
            return st.number_input(label, s.lo, s.hi, step=s.step, key=key, **options)
        if isinstance(s, Float):
            if s.format:
                options["format"] = s.format
            return st.number_input(label, s.lo, s.hi, step=s.step, key=key, **options)
        raise TypeError(f"{key} is not a number setting")

    def side_by_side(self, fields: Sequence[tuple[str, str]], per_row: int = 2, disabled: Sequence[str] = ()) -> None:
        """Short fields ``(key, label)``, ``per_row`` to a row: a number input for a number setting, a selectbox
        for a choice; the keys in ``disabled`` are drawn disabled."""
        columns = st.columns(per_row)
        for k, (key, label) in enumerate(fields):
            draw = self.select if isinstance(self.schema[key], Choice) else self.number
            with columns[k % per_row]:
                draw(key, label, disabled=key in disabled)

    def slider(self, key: str, label: str, **options: Any) -> Any:
        """``st.slider`` over the setting's range, or ``st.select_slider`` over its options."""
        s = self.schema[key]
        if isinstance(s, Choice):
            return st.select_slider(label, s.options, key=key, format_func=s.label, **options)
        if isinstance(s, (Int, Float)):
            return st.slider(label, s.lo, s.hi, step=s.step, key=key, **options)
        raise TypeError(f"{key} is not a number or choice setting")

    def select(
        self, key: str, label: str, *, style: str = "selectbox", choices: Sequence[Any] | None = None, **options: Any
    ) -> Any:
        """One of the setting's options: a selectbox, a radio ("radio") or a segmented control ("segmented").

        ``choices``, a subset of the options, offers only those (e.g. the data sources a preset allows); a
        current value outside them becomes the first choice.
        """
        s = self.schema[key]
        if not isinstance(s, Choice):
            raise TypeError(f"{key} is not a choice setting")
        offered = self._offered(key, s.options, choices)
        if choices is not None and st.session_state.get(key) not in offered:
            st.session_state[key] = offered[0]
        draws: dict[str, Callable[..., Any]] = {
            "selectbox": st.selectbox,
            "radio": st.radio,
            "segmented": st.segmented_control,
        }
        draw = draws[style]
        if style == "segmented":
            options.setdefault("required", True)
        return draw(label, offered, key=key, format_func=s.label, **options)

    def several(self, key: str, label: str, *, choices: Sequence[str] | None = None, **options: Any) -> list[str]:
        """``st.multiselect`` over the setting's options, at most ``max_items``.

        ``choices``, a subset of the options, offers only those (e.g. the parameters of the current network);
        chosen values outside them are dropped.
        """
        s = self.schema[key]
        if not isinstance(s, Several):
            raise TypeError(f"{key} is not a several-options setting")
        offered = self._offered(key, s.options, choices)
        current = st.session_state.get(key, [])
        if choices is not None and any(v not in offered for v in current):
            st.session_state[key] = [v for v in current if v in offered]
        result: list[str] = st.multiselect(
            label, offered, key=key, format_func=s.label, max_selections=s.max_items, **options
        )
        return result

    @staticmethod
    def _offered(key: str, options: Sequence[Any], choices: Sequence[Any] | None) -> list[Any]:
        """The options a widget offers: all, or ``choices`` (which must be some of them)."""
        if choices is None:
            return list(options)
        offered = list(choices)
        if not offered or any(c not in options for c in offered):
            raise ValueError(f"the choices offered for {key!r} must be some of its options: {offered!r}")
        return offered

    def toggle(self, key: str, label: str, **options: Any) -> bool:
        """``st.toggle``."""
        return bool(st.toggle(label, key=key, **options))

    def text(self, key: str, label: str, **options: Any) -> str:
        """``st.text_input`` limited to the setting's length."""
        s = self.schema[key]
        if not isinstance(s, Text):
            raise TypeError(f"{key} is not a text setting")
        return str(st.text_input(label, key=key, max_chars=s.max_chars, **options))
