"""AppTest helpers: run a page file of the app headlessly and read what it drew.

Paths are relative to the repository root and resolved from this file, so the tests run from any directory.
"""

from __future__ import annotations

import ast
import base64
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the pages import nnmath, nnviz and ui from the repository root
    sys.path.insert(0, str(ROOT))

TIMEOUT_S = 60


def make_app(page: str, query: dict[str, str] | None = None) -> AppTest:
    """An AppTest for ``page`` (e.g. "pages/forward_pass.py"), not yet run; ``query`` is the link's query string."""
    path = ROOT / page
    assert path.is_file(), f"{page} does not exist under {ROOT}"
    at = AppTest.from_file(str(path), default_timeout=TIMEOUT_S)
    if query:
        at.query_params.update(query)
    return at


@pytest.fixture
def app() -> Callable[..., AppTest]:
    """Factory fixture: ``app("pages/forward_pass.py", {"fp_preset": "Exercise 1"})`` -> AppTest (not run)."""
    return make_app


def latex(at: AppTest) -> list[str]:
    """Every display formula: st.latex bodies, then the $$ blocks of st.markdown (ui.formulas), without $$."""
    found = [e.value.strip().removeprefix("$$").removesuffix("$$").strip() for e in at.latex]
    for element in at.markdown:
        found += [block.strip() for block in re.findall(r"\$\$(.*?)\$\$", element.value, flags=re.DOTALL)]
    return found


def shown(markdown: str) -> str:
    """What a message written through ui.error / ui.warning (every active character escaped, and a word joiner
    where an address would become a link) reads as."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def errors(at: AppTest) -> list[str]:
    """The error messages on the page, as the user reads them."""
    return [shown(e.value) for e in at.error]


def assert_healthy(at: AppTest) -> None:
    """No uncaught exception and no 'Something went wrong' (ui.guard's message for an unexpected error)."""
    assert not at.exception, [e.message for e in at.exception]
    assert not [m for m in errors(at) if m.startswith("Something went wrong")], errors(at)


def decode(value: Any) -> Any:
    """Plotly's JSON typed array ({"dtype": "f8", "bdata": base64, "shape": "r, c"}) as a NumPy array."""
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            arr = arr.reshape([int(s) for s in value["shape"].split(",")])
        return arr
    if isinstance(value, list):
        return np.array([np.nan if v is None else v for v in value], dtype=object)
    return value


def figures(at: AppTest) -> list[dict[str, Any]]:
    """The Plotly figures the page drew, as the JSON dicts Streamlit sends to the browser."""
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def run_numpy_code(code: str, timeout_s: float = 120) -> str:
    """Run a page's generated code alone, as a student would paste it: a fresh interpreter in an empty folder,
    no access to this repository, and the code may import nothing but NumPy. Returns what it printed."""
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(code))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert imported <= {"numpy"}, f"the code imports {sorted(imported)}"
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [sys.executable, "-I", "-c", code], cwd=folder, capture_output=True, text=True, timeout=timeout_s
        )
    assert done.returncode == 0, done.stderr
    return done.stdout


def printed_numbers(text: str) -> list[float]:
    """Every number in printed text (NumPy's array printing included), in order."""
    return [float(v) for v in re.findall(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?", text)]
