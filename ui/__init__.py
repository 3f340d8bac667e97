"""ui: the Streamlit widget groups shared by every page (with services, the only shared code that imports streamlit)."""

from .cache import cache_data, cache_resource
from .matrix import matrix_editor, set_matrix
from .messages import error, info, literal, quote, success, warning
from .parsing import Parsed, parse_vector, read_csv
from .settings import PageState
from .state import init_state, publish, reset, share_box
from .stepper import stepper
from .upload import csv_upload
from .widgets import chart, download_csv, formulas, guard, header

__all__ = [
    "PageState",
    "Parsed",
    "cache_data",
    "cache_resource",
    "chart",
    "csv_upload",
    "download_csv",
    "error",
    "formulas",
    "guard",
    "header",
    "info",
    "init_state",
    "literal",
    "matrix_editor",
    "parse_vector",
    "publish",
    "quote",
    "read_csv",
    "reset",
    "set_matrix",
    "share_box",
    "stepper",
    "success",
    "warning",
]
