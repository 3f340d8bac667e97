"""ui: the Streamlit widget groups shared by every page (with services, the only shared code that imports streamlit)."""

from .keys import SHORTCUTS, presenter_keys
from .layout import chart_columns
from .matrix import matrix_editor, set_matrix
from .messages import error, info, literal, success, warning
from .parsing import Parsed, click_point, parse_vector, quote, read_csv
from .practice import Blank, practice
from .settings import PageState
from .stepper import stepper
from .upload import csv_upload
from .widgets import chart, code_block, download_csv, formulas, guard, header

__all__ = [
    "SHORTCUTS",
    "Blank",
    "PageState",
    "Parsed",
    "chart",
    "chart_columns",
    "click_point",
    "code_block",
    "csv_upload",
    "download_csv",
    "error",
    "formulas",
    "guard",
    "header",
    "info",
    "literal",
    "matrix_editor",
    "parse_vector",
    "practice",
    "presenter_keys",
    "quote",
    "read_csv",
    "set_matrix",
    "stepper",
    "success",
    "warning",
]
