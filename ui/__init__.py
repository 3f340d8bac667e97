"""ui: the Streamlit widget groups shared by every page (the only shared code that imports streamlit)."""

from .cache import cache_data, cache_resource
from .keys import SHORTCUTS, presenter_keys
from .matrix import matrix_editor, set_matrix
from .parsing import Parsed, parse_vector, read_csv
from .state import init_state, publish, reset, share_box
from .upload import csv_upload
from .widgets import chart, download_csv, formulas, guard, header, stepper

__all__ = [
    "SHORTCUTS",
    "Parsed",
    "cache_data",
    "cache_resource",
    "chart",
    "csv_upload",
    "download_csv",
    "formulas",
    "guard",
    "header",
    "init_state",
    "matrix_editor",
    "parse_vector",
    "presenter_keys",
    "publish",
    "read_csv",
    "reset",
    "set_matrix",
    "share_box",
    "stepper",
]
