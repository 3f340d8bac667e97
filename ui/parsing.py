"""Turn what a user typed into numbers, with messages that name the cell. Pure Python: no Streamlit."""

from __future__ import annotations

import io
import math
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MAX_UPLOAD_MB = 5
MAX_UPLOAD_ROWS = 100_000
MAX_UPLOAD_COLUMNS = 50
MAX_COLUMN_NAME = 40
"""Longest column name of an uploaded file (names appear in messages, charts and the Code tab's comments)."""


@dataclass
class Parsed:
    """A parsed matrix, or the reasons it could not be parsed."""

    values: np.ndarray | None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.values is not None and not self.errors


MAX_QUOTED = 60
"""Characters of a user's text quoted in a message; the rest is cut with an ellipsis."""


def quote(text: object, limit: int = MAX_QUOTED) -> str:
    """A user's text for a message: its repr, cut to ``limit`` characters (show the message through ui.error)."""
    shown = str(text)
    return repr(shown if len(shown) <= limit else shown[: limit - 1] + "…")


def parse_number(text: object) -> float | None:
    """A finite float from a cell, or None when the cell is empty, text, NaN or infinite."""
    if text is None or isinstance(text, bool):
        return None
    s = text if isinstance(text, (int, float)) else str(text).strip().replace("−", "-")
    try:
        value = float(s)
    except (ValueError, OverflowError):  # text, or an int beyond the floats
        return None
    return value if math.isfinite(value) else None


def click_point(point: object, digits: int = 2) -> tuple[float, float] | None:
    """The (x, y) of a chart's clicked point as the browser sent it, rounded; None unless both are finite numbers."""
    if not isinstance(point, dict):
        return None
    x, y = parse_number(point.get("x")), parse_number(point.get("y"))
    return None if x is None or y is None else (round(x, digits), round(y, digits))


def parse_cells(cells: list[list[object]], name: str) -> Parsed:
    """Parse a grid of cells into a float matrix; every bad cell is named (row and column from 1)."""
    if not cells or not cells[0]:
        return Parsed(None, [f"{name} is empty: give it at least one row and one column."])
    errors = []
    width = len(cells[0])
    for i, row in enumerate(cells, start=1):
        if len(row) != width:
            errors.append(
                f"{name}: row {i} has {len(row)} entries but row 1 has {width}; every row needs the same number."
            )
    if errors:
        return Parsed(None, errors)
    out = np.empty((len(cells), width))
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            value = parse_number(cell)
            if value is None:
                shown = "" if cell is None else str(cell).strip()
                what = "is empty" if shown == "" else f"holds {quote(shown)}, which is not a finite number"
                errors.append(f"{name}, row {i + 1}, column {j + 1} {what}: type a number there.")
            else:
                out[i, j] = value
    return Parsed(None, errors) if errors else Parsed(out)


_ROW_SPLIT = re.compile(r"[;\n]+")
_CELL_SPLIT = re.compile(r"[,\s]+")


def text_to_cells(text: str) -> list[list[str]]:
    """Rows of text cells from what a student types or pastes.

    Rows are split by new lines or ';' (and by '],' in a Python or NumPy list such as [[1, 2], [3, -1]]);
    entries by commas when a row has them (so '1,,2' keeps its empty middle cell), else by spaces.
    """
    text = re.sub(r"\]\s*,", ";", text).replace("[", " ").replace("]", " ")
    rows = [r.strip() for r in _ROW_SPLIT.split(text) if r.strip()]
    return [[c.strip() for c in r.split(",")] if "," in r else r.split() for r in rows]


def cells_to_text(cells: list[list[object]]) -> str:
    """Inverse of :func:`text_to_cells`, one row per line."""
    return "\n".join(" ".join("" if c is None else str(c) for c in row) for row in cells)


def array_to_cells(values: np.ndarray) -> list[list[str]]:
    """A matrix as cells of text, whole numbers without decimals."""
    return [[format_number(v) for v in row] for row in np.atleast_2d(values)]


def format_number(v: float) -> str:
    """Shortest faithful text for a number: 2 for 2.0, 0.25 for 0.25."""
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def parse_vector(text: str, name: str) -> Parsed:
    """'1, 8' or '1 8' -> array([1., 8.]), naming any bad entry."""
    cells = [c for c in _CELL_SPLIT.split(text.strip().strip("()[]")) if c]
    if not cells:
        return Parsed(None, [f"{name} is empty: type numbers separated by commas, e.g. 1, 8."])
    parsed = parse_cells([cells], name)
    if parsed.values is None:
        return Parsed(None, [e.replace("row 1, column", "entry") for e in parsed.errors])
    return Parsed(parsed.values[0])


@dataclass
class CsvData:
    """An uploaded table of numbers, or why it was refused."""

    frame: pd.DataFrame | None
    errors: list[str] = field(default_factory=list)


def read_csv(raw: bytes, max_mb: float = MAX_UPLOAD_MB) -> CsvData:
    """Parse an uploaded CSV with explicit limits: size, UTF-8, a header, numbers only, no missing values."""
    if len(raw) > max_mb * 1024 * 1024:
        return CsvData(
            None, [f"The file is {len(raw) / 1024 / 1024:.1f} MB; the limit is {max_mb:g} MB. Upload fewer rows."]
        )
    if not raw.strip():
        return CsvData(None, ["The file is empty: upload a CSV with a header row and at least two rows of numbers."])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return CsvData(None, ["The file is not UTF-8 text: save it as CSV (UTF-8) and upload it again."])
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), nrows=MAX_UPLOAD_ROWS + 1, engine="c", index_col=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        return CsvData(
            None, [f"The file could not be read as CSV ({str(exc).splitlines()[0]}). Check its commas and quotes."]
        )
    if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
        return CsvData(
            None,
            [
                "Some rows have more values than the header has column names (an extra or trailing comma?): "
                "give every row exactly one value per column."
            ],
        )
    if len(frame) > MAX_UPLOAD_ROWS:
        return CsvData(None, [f"The file has more than {MAX_UPLOAD_ROWS:,} rows; upload at most {MAX_UPLOAD_ROWS:,}."])
    if frame.shape[1] > MAX_UPLOAD_COLUMNS:
        return CsvData(None, [f"The file has {frame.shape[1]} columns; upload at most {MAX_UPLOAD_COLUMNS}."])
    if frame.shape[1] < 2:
        return CsvData(None, ["The file needs at least two columns: one or more features and a target."])
    headers = [str(c) for c in frame.columns]
    if all(parse_number(h) is not None for h in headers):
        return CsvData(None, ["The first row holds numbers, not column names: add a header row (e.g. x1,x2,y)."])
    for j, name in enumerate(headers, start=1):
        if len(name) > MAX_COLUMN_NAME or not name.isprintable():
            return CsvData(
                None,
                [
                    f"Column {j}'s name {quote(name)} is not a short line of text: give every column a name of at "
                    f"most {MAX_COLUMN_NAME} printable characters (e.g. x1)."
                ],
            )
    if len(frame) < 2:
        return CsvData(None, [f"The file has {len(frame)} data row(s); gradient descent needs at least 2."])
    errors = []
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            bad = frame[col][pd.to_numeric(frame[col], errors="coerce").isna() & frame[col].notna()]
            example = f" (row {int(bad.index[0]) + 2} holds {quote(bad.iloc[0])})" if len(bad) else ""
            errors.append(f"Column {quote(col)} holds text{example}: every column must be numbers.")
        elif frame[col].isna().any():
            row = int(frame.index[frame[col].isna()][0]) + 2
            errors.append(f"Column {quote(col)} has a missing value (file line {row}): fill it in or delete that row.")
        elif not np.all(np.isfinite(frame[col].to_numpy(dtype=float))):
            errors.append(f"Column {quote(col)} holds an infinite value: use finite numbers.")
    if errors:
        return CsvData(None, errors)
    return CsvData(frame.astype(float))
