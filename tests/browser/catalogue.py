# ruff: noqa: E501 (the app's messages are quoted whole)
"""Every bad input a user can produce, page by page, and what the app must answer.

Each entry is driven through the real browser by tests/browser/test_bad_inputs.py:

- ``query``: the link the page is opened with (the settings that make the input reachable);
- ``steps``: what the user does, as ``(action, widget key, value)``; actions are ``matrix`` (type into a
  matrix editor's "Type or paste" box and press Ctrl+Enter), ``text`` (a text input, Enter), ``number``
  (a number input, Enter), ``slider`` (keys pressed on a slider: Home, End, ArrowLeft ...), ``upload``
  (a file from :data:`FILES` through a file uploader), ``click`` (a button by its label), ``radio`` (an
  option by its label), ``unselect`` (remove every choice of a multiselect);
- ``expect``: ``error`` or ``warning`` (an st.error / st.warning whose text contains ``says``), ``alert``
  (either), ``widget`` (the widget itself refuses the value, with ``says`` in its message) or ``ok`` (no
  error: e.g. a mangled link opens with the defaults; ``shows``, a CSS selector, must then be visible);
- ``bug``: set when the app does not do that yet; the test of that entry is an expected failure that
  says what is wrong.

Whatever the input, the page must show no exception element and the server must answer the next request.
:func:`markdown` renders the table for the README.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

# What the issue asks the catalogue to cover; every entry names one of these as its ``category``.
CATEGORIES = {
    "text": "non-numeric cell",
    "empty": "empty cell or field",
    "shape": "non-conformable shapes",
    "nan": "NaN",
    "inf": "infinity or overflow",
    "eta": "largest learning rate (divergence)",
    "iterations": "largest iteration count",
    "rows": "largest row count",
    "range": "number outside a widget's range",
    "csv-text": "CSV with a text column",
    "csv-missing": "CSV with a missing value",
    "csv-one-row": "CSV with one row",
    "csv-no-header": "CSV without a header",
    "csv-6mb": "CSV of 6 MB",
    "csv-encoding": "CSV not in UTF-8",
    "csv-other": "other malformed CSV",
    "link": "mangled share link",
}


def _rows(n: int, width: int = 3) -> bytes:
    header = ",".join([f"x{j + 1}" for j in range(width - 1)] + ["y"])
    line = ",".join(str(j + 1) for j in range(width))
    return (header + "\n" + "\n".join([line] * n) + "\n").encode()


def _six_mb() -> bytes:
    row = "0.123456789012345,0.987654321098765,1.234567890123456\n"
    return b"x1,x2,y\n" + row.encode() * (6 * 1024 * 1024 // len(row) + 1)


# Files for the upload steps, built when first used (the 6 MB one is large).
FILES: dict[str, Callable[[], bytes]] = {
    "text_column.csv": lambda: b"x1,name,y\n1,a,3\n2,b,5\n3,c,4\n",
    "missing_value.csv": lambda: b"x1,x2,y\n1,,3\n2,3,5\n3,1,4\n",
    "nan_value.csv": lambda: b"x1,x2,y\nnan,2,3\n2,3,5\n3,1,4\n",
    "inf_value.csv": lambda: b"x1,x2,y\n1,2,inf\n2,3,5\n3,1,4\n",
    "one_row.csv": lambda: b"x1,x2,y\n1,2,3\n",
    "header_only.csv": lambda: b"x1,x2,y\n",
    "no_header.csv": lambda: b"1,2,3\n2,3,5\n3,1,4\n",
    "latin1.csv": lambda: "größe,breite,y\n1,2,3\n2,3,5\n3,1,4\n".encode("latin-1"),
    "six_mb.csv": _six_mb,
    "empty.csv": lambda: b"",
    "one_column.csv": lambda: b"y\n1\n2\n3\n",
    "extra_value.csv": lambda: b"x1,x2,y\n1,2,3,4\n2,3,5\n3,1,4\n",
    "too_many_rows.csv": lambda: _rows(100_001),
    "largest_rows.csv": lambda: _rows(100_000),
    "two_features.csv": lambda: _rows(20),
}


@functools.cache
def file_bytes(name: str) -> bytes:
    return FILES[name]()


OVERFLOW_MB = 5
"""The upload limit in MB (server.maxUploadSize in .streamlit/config.toml, and ui.parsing.MAX_UPLOAD_MB)."""


def _refusal(check: str, *args: object) -> str:
    """services.cost's message for this request, word for word (the cost model writes it, so it stays true)."""
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.append(root)
    from services import cost

    try:
        getattr(cost, check)(*args)
    except cost.TooMuchWork as refused:
        return str(refused)
    raise AssertionError(f"cost.{check}{args} fits the budget: the catalogue's largest request must not")


CATALOGUE: list[dict] = [
    # ---------------------------------------------------------------- home
    {
        "id": "home-unknown-page",
        "page": "",
        "category": "link",
        "input": "A link to a page that does not exist",
        "how": "open /no_such_page",
        "query": None,
        "path": "no_such_page",
        "steps": [],
        "expect": "ok",
        "shows": "text=Page not found",
        "says": "",
        "sees": "Streamlit's notice 'Page not found: The page that you have requested does not seem to exist. Running the app's main page.' over the home page",
    },
    # ---------------------------------------------------------------- forward pass
    {
        "id": "fp-text-cell",
        "page": "forward_pass",
        "category": "text",
        "input": "A matrix cell holding text",
        "how": "X's 'Type or paste' box: `1 x` / `3 -1`",
        "steps": [("matrix", "fp_X", "1 x\n3 -1")],
        "expect": "error",
        "says": "X, row 1, column 2 holds 'x', which is not a finite number: type a number there.",
    },
    {
        "id": "fp-empty-cell",
        "page": "forward_pass",
        "category": "empty",
        "input": "An empty matrix cell",
        "how": "X's box: `1,` / `3,-1` (nothing after the comma)",
        "steps": [("matrix", "fp_X", "1,\n3,-1")],
        "expect": "error",
        "says": "X, row 1, column 2 is empty: type a number there.",
    },
    {
        "id": "fp-short-row",
        "page": "forward_pass",
        "category": "empty",
        "input": "A row shorter than the others",
        "how": "X's box: `1 2` / `3`",
        "steps": [("matrix", "fp_X", "1 2\n3")],
        "expect": "error",
        "says": "type a number there",
        "sees": "error: X, row 2, column 2 is empty: type a number there.",
    },
    {
        "id": "fp-empty-matrix",
        "page": "forward_pass",
        "category": "empty",
        "input": "A matrix with nothing in it",
        "how": "X's box emptied",
        "steps": [("matrix", "fp_X", "")],
        "expect": "error",
        "says": "X is empty: give it at least one row and one column.",
    },
    {
        "id": "fp-nan",
        "page": "forward_pass",
        "category": "nan",
        "input": "NaN in a matrix",
        "how": "X's box: `nan 2` / `3 -1`",
        "steps": [("matrix", "fp_X", "nan 2\n3 -1")],
        "expect": "error",
        "says": "X, row 1, column 1 holds 'nan', which is not a finite number",
        "sees": "error: X, row 1, column 1 holds 'nan', which is not a finite number: type a number there.",
    },
    {
        "id": "fp-inf",
        "page": "forward_pass",
        "category": "inf",
        "input": "Infinity in a matrix",
        "how": "w's box: `inf` / `-1`",
        "setup": [("matrix", "fp_X", "1 2\n3 -1")],
        "steps": [("matrix", "fp_W", "inf\n-1")],
        "expect": "error",
        "says": "w, row 1, column 1 holds 'inf', which is not a finite number",
        "sees": "error: w, row 1, column 1 holds 'inf', which is not a finite number: type a number there.",
    },
    {
        "id": "fp-huge-number",
        "page": "forward_pass",
        "category": "inf",
        "input": "A number too large for a float",
        "how": "b's box: `1e400` / `1`",
        "setup": [("matrix", "fp_W", "2\n-1")],
        "steps": [("matrix", "fp_b", "1e400\n1")],
        "expect": "error",
        "says": "b, row 1, column 1 holds '1e400', which is not a finite number",
        "sees": "error: b, row 1, column 1 holds '1e400', which is not a finite number: type a number there.",
    },
    {
        "id": "fp-overflow",
        "page": "forward_pass",
        "category": "inf",
        "input": "Finite entries whose z overflows",
        "how": "X's box: `1e308 1e308` / `1 1`; w's box: `10` / `10`",
        "setup": [("matrix", "fp_b", "1\n1")],
        "steps": [("matrix", "fp_X", "1e308 1e308\n1 1"), ("matrix", "fp_W", "10\n10")],
        "expect": "error",
        "says": "z = Xw + b overflows",
        "sees": "error: z = Xw + b overflows: an entry is beyond the largest float (about 1.8e308). Make the entries of X, w or b smaller.",
    },
    {
        "id": "fp-x-w-shapes",
        "page": "forward_pass",
        "category": "shape",
        "input": "X's columns differ from w's rows",
        "how": "X's box: `1 2 3` / `4 5 6` (w stays 2 x 1)",
        "setup": [("matrix", "fp_b", "1\n1")],
        "steps": [("matrix", "fp_X", "1 2 3\n4 5 6")],
        "expect": "error",
        "says": "columns of X must equal rows of",
        "sees": "error: X is 2x3 but W is 2x1: columns of X must equal rows of W.",
    },
    {
        "id": "fp-b-shape",
        "page": "forward_pass",
        "category": "shape",
        "input": "b of the wrong shape",
        "how": "b's box: `1` / `1` / `1` (z is 2 x 1)",
        "setup": [("matrix", "fp_X", "1 2\n3 -1")],
        "steps": [("matrix", "fp_b", "1\n1\n1")],
        "expect": "error",
        "says": "b must be a scalar, a length-1 vector or a 2x1 matrix",
        "sees": "error: XW is 2x1 but b is 3x1: b must be a scalar, a length-1 vector or a 2x1 matrix.",
    },
    {
        "id": "fp-broadcast-b-rows",
        "page": "forward_pass",
        "category": "shape",
        "input": "Two rows of b with the one-row (Keras) bias",
        "how": "Bias: 'b is one row ...', then b's box: `1` / `1`",
        "steps": [("radio", "fp_bias_mode", "b is one row of q biases"), ("matrix", "fp_b", "1\n1")],
        "expect": "error",
        "says": "a broadcast bias is one row: set b's rows to 1",
        "sees": "error: b has 2 rows, but a broadcast bias is one row: set b's rows to 1.",
    },
    {
        "id": "fp-rows-above-max",
        "page": "forward_pass",
        "category": "rows",
        "input": "More rows than the editor allows",
        "how": "X's 'rows' field: 9",
        "steps": [("number", "fp_X_rows", "9")],
        "expect": "widget",
        "widget": "fp_X_rows",
        "says": "between 1 and 8",
        "sees": "the widget refuses it: 'Error: Number is outside the allowed range. Please enter a value between 1 and 8.'",
    },
    {
        "id": "fp-link-precision",
        "page": "forward_pass",
        "category": "link",
        "input": "A link with an out-of-range setting",
        "how": "open /forward_pass?fp_precision=99",
        "query": "fp_precision=99",
        "steps": [],
        "expect": "ok",
        "says": "",
    },
    {
        "id": "fp-link-9x9",
        "page": "forward_pass",
        "category": "link",
        "input": "A link with a 9 x 9 matrix (the editor allows 8 x 8)",
        "how": "open /forward_pass?fp_X=<9 rows of 9 ones>&fp_W=<9 ones>",
        "query": "fp_X=" + "%3B".join(["%2C".join(["1"] * 9)] * 9) + "&fp_W=" + "%3B".join(["1"] * 9),
        "steps": [],
        "expect": "ok",
        "shows": ".katex",
        "says": "",
        "sees": "the page opens with the lecture's matrices (z = (1, 8)); no message",
    },
    {
        "id": "fp-link-markdown-cell",
        "page": "forward_pass",
        "category": "link",
        "input": "A link whose cell holds a Markdown link",
        "how": "open /forward_pass?fp_W=[x](https://example.org);1",
        "query": "fp_W=%5Bx%5D%28https%3A%2F%2Fexample.org%29%3B1",
        "steps": [],
        "expect": "error",
        "says": "w, row 1, column 1 holds '[x](https://example.org)', which is not a finite number",
        "sees": "error, the cell quoted literally (no link): w, row 1, column 1 holds '[x](https://example.org)', which is not a finite number: type a number there.",
    },
    # ---------------------------------------------------------------- activations
    {
        "id": "act-empty-vector",
        "page": "activations",
        "category": "empty",
        "input": "An empty z vector",
        "how": "'z (numbers separated by commas)': nothing",
        "steps": [("text", "act_vector", "")],
        "expect": "error",
        "says": "z is empty: type numbers separated by commas, e.g. 1, 8.",
    },
    {
        "id": "act-text-entry",
        "page": "activations",
        "category": "text",
        "input": "Text in the z vector",
        "how": "z: `1, eight`",
        "steps": [("text", "act_vector", "1, eight")],
        "expect": "error",
        "says": "z, entry 2 holds 'eight', which is not a finite number: type a number there.",
    },
    {
        "id": "act-nan",
        "page": "activations",
        "category": "nan",
        "input": "NaN in the z vector",
        "how": "z: `nan, 8`",
        "steps": [("text", "act_vector", "nan, 8")],
        "expect": "error",
        "says": "z, entry 1 holds 'nan', which is not a finite number",
        "sees": "error: z, entry 1 holds 'nan', which is not a finite number: type a number there.",
    },
    {
        "id": "act-inf",
        "page": "activations",
        "category": "inf",
        "input": "Infinity in the z vector",
        "how": "z: `1, -inf`",
        "steps": [("text", "act_vector", "1, -inf")],
        "expect": "error",
        "says": "z, entry 2 holds '-inf', which is not a finite number",
        "sees": "error: z, entry 2 holds '-inf', which is not a finite number: type a number there.",
    },
    {
        "id": "act-empty-range",
        "page": "activations",
        "category": "range",
        "input": "'z from' above 'z to'",
        "how": "'z from': 10 (z to stays 6)",
        "steps": [("number", "act_z_min", "10")],
        "expect": "error",
        "says": "The z range is empty: 'z from' (10) must be less than 'z to' (6).",
    },
    {
        "id": "act-range-above-max",
        "page": "activations",
        "category": "range",
        "input": "'z to' beyond its limit",
        "how": "'z to': 500",
        "steps": [("number", "act_z_max", "500")],
        "expect": "widget",
        "widget": "act_z_max",
        "says": "outside the allowed range",
        "sees": "the widget refuses it: 'Error: Number is outside the allowed range. Please enter a value between -49.00 and 50.00.'",
    },
    {
        "id": "act-nothing-selected",
        "page": "activations",
        "category": "empty",
        "input": "No activation chosen",
        "how": "remove every activation from 'Activations to plot'",
        "steps": [("unselect", "act_selected", "")],
        "expect": "warning",
        "says": "Choose at least one activation in the sidebar to plot.",
    },
    {
        "id": "act-repeated-entries",
        "page": "activations",
        "category": "text",
        "input": "The same number twice in z",
        "how": "z: `1, 1`",
        "steps": [("text", "act_vector", "1, 1")],
        "expect": "ok",
        "shows": "[data-testid='stDataFrame']",
        "says": "",
        "sees": "the table, one column per entry (z1 = 1, z2 = 1)",
    },
    {
        "id": "act-exp-overflow",
        "page": "activations",
        "category": "inf",
        "input": "A z whose exponential overflows",
        "how": "z: `800, 1`",
        "steps": [("text", "act_vector", "800, 1")],
        "expect": "warning",
        "says": "a value is too large for a float",
        "sees": "warning: Exponential: a value is too large for a float (beyond about 1.8e308) and is shown as inf. Use smaller z to see it, e.g. exp(z) needs z < 709.",
    },
    {
        "id": "act-link-marker",
        "page": "activations",
        "category": "link",
        "input": "A link with the z marker off its slider",
        "how": "open /activations?act_z0=1000&act_threshold=-1",
        "query": "act_z0=1000&act_threshold=-1",
        "steps": [],
        "expect": "ok",
        "says": "",
    },
    {
        "id": "act-link-long-vector",
        "page": "activations",
        "category": "link",
        "input": "A link with a z vector over 200 characters",
        "how": "open /activations?act_vector=1,1,...,1 (101 entries, 201 characters)",
        "query": "act_vector=" + "%2C".join(["1"] * 101),
        "steps": [],
        "expect": "ok",
        "shows": "[data-testid='stDataFrame']",
        "says": "",
        "sees": "the page opens with the lecture's z = (1, 8); no message",
    },
    {
        "id": "act-link-empty-range",
        "page": "activations",
        "category": "link",
        "input": "A link whose z range is empty",
        "how": "open /activations?act_z_min=5&act_z_max=-5",
        "query": "act_z_min=5&act_z_max=-5",
        "steps": [],
        "expect": "error",
        "says": "The z range is empty: 'z from' (5) must be less than 'z to' (-5).",
    },
    # ---------------------------------------------------------------- gradient descent
    {
        "id": "gd-largest-eta",
        "page": "gradient_descent",
        "category": "eta",
        "input": "The largest learning rate, η = 2",
        "how": "'Learning rate η' slider: End",
        "steps": [("slider", "gd_eta", "End")],
        "expect": "error",
        "says": "The run diverged at update",
        "sees": "error: The run diverged at update 6 (full-data MSE 1.01e+14). With η = 2 the steps overshoot. The bound 2 / λmax = 0.256 is for batch gradient descent: mini-batch and stochastic updates each follow one batch's gradient, so it does not apply as such; try η = 1. What it computed before diverging is drawn below.",
    },
    {
        "id": "gd-epochs-above-max",
        "page": "gradient_descent",
        "category": "range",
        "input": "More epochs than allowed",
        "how": "'Epochs': 99999",
        "steps": [("number", "gd_epochs", "99999")],
        "expect": "widget",
        "widget": "gd_epochs",
        "says": "Please enter a value between 1 and 20000",
        "sees": "the widget refuses it: 'Error: Number is outside the allowed range. Please enter a value between 1 and 20000.'",
    },
    {
        "id": "gd-largest-epochs",
        "page": "gradient_descent",
        "category": "iterations",
        "input": "The largest epochs (20,000) and synthetic rows (5,000), stochastic",
        "how": "Synthetic data, Stochastic, 'Epochs': 20000, then 'rows n': 5000",
        "query": "gd_source=synthetic&gd_mode=stochastic&gd_epochs=20000",
        "steps": [("number", "gd_syn_n", "5000")],
        "expect": "error",
        "says": _refusal("check_descent", [(5000, 2, 1, 20_000, "GD")]),
    },
    {
        "id": "gd-link-mangled",
        "page": "gradient_descent",
        "category": "link",
        "input": "A link with unreadable or out-of-range settings",
        "how": "open /gradient_descent?gd_eta=abc&gd_w1=9&gd_step=-4",
        "query": "gd_eta=abc&gd_w1=9&gd_step=-4",
        "steps": [],
        "expect": "ok",
        "says": "",
    },
    {
        "id": "gd-link-compare",
        "page": "gradient_descent",
        "category": "link",
        "input": "A link whose compared runs are garbage",
        "how": "open /gradient_descent?gd_compare=optimizer:Nope,eta:99;x&gd_adam_beta_1=1.0&gd_optimizer=Adam",
        "query": "gd_compare=optimizer:Nope,eta:99;x&gd_adam_beta_1=1.0&gd_optimizer=Adam",
        "steps": [],
        "expect": "ok",
        "shows": ".st-key-gd_contour",
        "says": "",
        "sees": "the page opens with Adam at its default beta_1 and no compared runs; no message",
    },
    {
        "id": "gd-stochastic-eta",
        "page": "gradient_descent",
        "category": "eta",
        "input": "A stochastic run that diverges",
        "how": "Stochastic, 'Learning rate η': 0.5",
        "query": "gd_mode=stochastic&gd_eta=0.5",
        "steps": [],
        "expect": "error",
        "says": "so it does not apply as such; try η = 0.2.",
        "sees": "error: The run diverged at update 22 (full-data MSE 5.29e+12). With η = 0.5 the steps overshoot. The bound 2 / λmax = 0.256 is for batch gradient descent: mini-batch and stochastic updates each follow one batch's gradient, so it does not apply as such; try η = 0.2. What it computed before diverging is drawn below.",
        "fresh": True,
    },
    {
        "id": "gd-csv-text",
        "page": "gradient_descent",
        "category": "csv-text",
        "input": "CSV with a text column",
        "how": "Upload a CSV: `x1,name,y` / `1,a,3` ...",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "text_column.csv")],
        "expect": "error",
        "says": "Column 'name' holds text (row 2 holds 'a'): every column must be numbers.",
    },
    {
        "id": "gd-csv-missing",
        "page": "gradient_descent",
        "category": "csv-missing",
        "input": "CSV with a missing value",
        "how": "upload `x1,x2,y` / `1,,3` ...",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "missing_value.csv")],
        "expect": "error",
        "says": "Column 'x2' has a missing value (file line 2): fill it in or delete that row.",
    },
    {
        "id": "gd-csv-nan",
        "page": "gradient_descent",
        "category": "nan",
        "input": "CSV with NaN",
        "how": "upload `x1,x2,y` / `nan,2,3` ...",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "nan_value.csv")],
        "expect": "error",
        "says": "Column 'x1' has a missing value (file line 2)",
        "sees": "error: Column 'x1' has a missing value (file line 2): fill it in or delete that row.",
    },
    {
        "id": "gd-csv-inf",
        "page": "gradient_descent",
        "category": "inf",
        "input": "CSV with an infinite value",
        "how": "upload `x1,x2,y` / `1,2,inf` ...",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "inf_value.csv")],
        "expect": "error",
        "says": "Column 'y' holds an infinite value: use finite numbers.",
    },
    {
        "id": "gd-csv-one-row",
        "page": "gradient_descent",
        "category": "csv-one-row",
        "input": "CSV with one data row",
        "how": "upload `x1,x2,y` / `1,2,3`",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "one_row.csv")],
        "expect": "error",
        "says": "The file has 1 data row(s); gradient descent needs at least 2.",
    },
    {
        "id": "gd-csv-header-only",
        "page": "gradient_descent",
        "category": "csv-one-row",
        "input": "CSV with a header and no rows",
        "how": "upload `x1,x2,y`",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "header_only.csv")],
        "expect": "error",
        "says": "The file has 0 data row(s)",
        "sees": "error: The file has 0 data row(s); gradient descent needs at least 2.",
    },
    {
        "id": "gd-csv-no-header",
        "page": "gradient_descent",
        "category": "csv-no-header",
        "input": "CSV without a header row",
        "how": "upload `1,2,3` / `2,3,5` ...",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "no_header.csv")],
        "expect": "error",
        "says": "The first row holds numbers, not column names: add a header row (e.g. x1,x2,y).",
    },
    {
        "id": "gd-csv-latin1",
        "page": "gradient_descent",
        "category": "csv-encoding",
        "input": "CSV not in UTF-8 (Latin-1)",
        "how": "upload `größe,breite,y` ... saved as Latin-1",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "latin1.csv")],
        "expect": "error",
        "says": "The file is not UTF-8 text: save it as CSV (UTF-8) and upload it again.",
    },
    {
        "id": "gd-csv-6mb",
        "page": "gradient_descent",
        "category": "csv-6mb",
        "input": "CSV of 6 MB",
        "how": "upload a 6 MB CSV of numbers",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "six_mb.csv")],
        "expect": "widget",
        "widget": "gd_csv",
        "says": f"File must be {OVERFLOW_MB:.1f}MB or smaller.",
        "sees": f"the uploader refuses the file: 'Error: File must be {OVERFLOW_MB:.1f}MB or smaller.'",
    },
    {
        "id": "gd-csv-empty",
        "page": "gradient_descent",
        "category": "csv-other",
        "input": "Empty CSV (0 bytes)",
        "how": "upload an empty file",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "empty.csv")],
        "expect": "error",
        "says": "The file is empty: upload a CSV with a header row and at least two rows of numbers.",
    },
    {
        "id": "gd-csv-one-column",
        "page": "gradient_descent",
        "category": "csv-other",
        "input": "CSV with one column",
        "how": "upload `y` / `1` / `2` / `3`",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "one_column.csv")],
        "expect": "error",
        "says": "The file needs at least two columns: one or more features and a target.",
    },
    {
        "id": "gd-csv-extra-value",
        "page": "gradient_descent",
        "category": "csv-other",
        "input": "CSV rows longer than the header",
        "how": "upload `x1,x2,y` / `1,2,3,4` ...",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "extra_value.csv")],
        "expect": "error",
        "says": "give every row exactly one value per column",
        "sees": "error: Some rows have more values than the header has column names (an extra or trailing comma?): give every row exactly one value per column.",
    },
    {
        "id": "gd-csv-too-many-rows",
        "page": "gradient_descent",
        "category": "rows",
        "input": "CSV with 100,001 rows",
        "how": "upload 100,001 rows of `1,2,3`",
        "query": "gd_source=csv",
        "steps": [("upload", "gd_csv", "too_many_rows.csv")],
        "expect": "error",
        "says": "The file has more than 100,000 rows; upload at most 100,000.",
    },
    {
        "id": "gd-csv-largest-rows",
        "page": "gradient_descent",
        "category": "rows",
        "input": "CSV with the largest row count, 100,000, stochastic, at 1000 epochs",
        "how": "upload 100,000 rows of `1,2,3` (stochastic GD)",
        "query": "gd_source=csv&gd_mode=stochastic",
        "steps": [("upload", "gd_csv", "largest_rows.csv")],
        "expect": "error",
        "says": _refusal("check_descent", [(100_000, 2, 1, 1_000, "GD")]),
    },
    # ---------------------------------------------------------------- backprop
    {
        "id": "bp-largest-eta-neuron",
        "page": "backprop",
        "category": "eta",
        "input": "Part 1: the largest η (0.1) for the largest T (1000)",
        "how": "'Learning rate η': End; 'Iterations T': 1000",
        "steps": [("slider", "bp_eta", "End"), ("number", "bp_iterations", "1000")],
        "expect": "error",
        "says": "Choose a smaller η.",
        "sees": "error: With η = 0.1 the iterations diverge (stopped at iteration 22): batch GD on this data is stable only for η < 0.07379. Choose a smaller η.",
    },
    {
        "id": "bp-iterations-above-max",
        "page": "backprop",
        "category": "range",
        "input": "Part 1: more iterations than allowed",
        "how": "'Iterations T': 5000",
        "steps": [("number", "bp_iterations", "5000")],
        "expect": "widget",
        "widget": "bp_iterations",
        "says": "Please enter a value between 1 and 1000",
        "sees": "the widget refuses it: 'Error: Number is outside the allowed range. Please enter a value between 1 and 1000.'",
    },
    {
        "id": "bp-text-weight",
        "page": "backprop",
        "category": "text",
        "input": "Part 2: a weight holding text",
        "how": "W1's box: `0.2 x` / `0.6 0.8` / `1.0 1.2`",
        "query": "bp_part=network",
        "steps": [("matrix", "bp_W1", "0.2 x\n0.6 0.8\n1.0 1.2")],
        "expect": "error",
        "says": "W1, row 1, column 2 holds 'x', which is not a finite number: type a number there.",
    },
    {
        "id": "bp-weight-shape",
        "page": "backprop",
        "category": "shape",
        "input": "Part 2: W1 of the wrong shape",
        "how": "W1's box: `1 2` / `3 4`",
        "query": "bp_part=network",
        "steps": [("matrix", "bp_W1", "1 2\n3 4")],
        "expect": "error",
        "says": "W1 is 2x2 but this layer needs 3x2",
        "sees": "error: W1 is 2x2 but this layer needs 3x2 (rows: units of the previous layer, columns: units of this layer).",
    },
    {
        "id": "bp-weight-nan",
        "page": "backprop",
        "category": "nan",
        "input": "Part 2: NaN as a weight",
        "how": "W2's box: `nan` / `2`",
        "query": "bp_part=network",
        "setup": [("matrix", "bp_W1", "0.2 0.4\n0.6 0.8\n1.0 1.2")],
        "steps": [("matrix", "bp_W2", "nan\n2")],
        "expect": "error",
        "says": "W2, row 1, column 1 holds 'nan', which is not a finite number",
        "sees": "error: W2, row 1, column 1 holds 'nan', which is not a finite number: type a number there.",
    },
    {
        "id": "bp-observation-above-max",
        "page": "backprop",
        "category": "range",
        "input": "Part 2: an observation past the last row",
        "how": "'Observation i (shown in the phases)': 10001",
        "query": "bp_part=network",
        "setup": [("matrix", "bp_W2", "1.0\n2.0")],
        "steps": [("number", "bp_obs", "10001")],
        "expect": "widget",
        "widget": "bp_obs",
        "says": "Please enter a value between 1 and 10000",
        "sees": "the widget refuses it: 'Error: Number is outside the allowed range. Please enter a value between 1 and 10000.'",
    },
    {
        "id": "bp-largest-eta-network",
        "page": "backprop",
        "category": "eta",
        "input": "Part 2: the largest η (10)",
        "how": "'Learning rate η': End",
        "query": "bp_part=network",
        "steps": [("slider", "bp_net_eta", "End")],
        "expect": "error",
        "says": "Training diverged at iteration",
        "sees": "error: Training diverged at iteration 0 (the loss left the finite range): η = 10 is too large for this network. Try η = 0.0005, the lecture's.",
    },
    {
        "id": "bp-network-too-much-work",
        "page": "backprop",
        "category": "iterations",
        "input": "Part 2: 20,000 iterations on 10,000 rows (with biases, so not the lecture's shared run)",
        "how": "'Add biases' on; 'Iterations': 20000",
        "query": "bp_part=network&bp_bias=1&bp_net_iterations=100",
        "steps": [("number", "bp_net_iterations", "20000")],
        "expect": "error",
        "says": _refusal("check_training", 10_000, (3, 2, 1), ("sigmoid", "exponential"), 20_000, ["GD"]),
    },
    {
        "id": "bp-link-mangled",
        "page": "backprop",
        "category": "link",
        "input": "A link with out-of-range or unknown settings",
        "how": "open /backprop?bp_w0=99&bp_part=bogus&bp_eta=nan",
        "query": "bp_w0=99&bp_part=bogus&bp_eta=nan",
        "steps": [],
        "expect": "ok",
        "says": "",
    },
    # ---------------------------------------------------------------- network trainer
    {
        "id": "nt-largest-eta",
        "page": "network_trainer",
        "category": "eta",
        "input": "A learning rate of 10 for the lecture's network",
        "how": "'η (eta)': 10, then Train",
        "query": "nt_rows=1000&nt_iterations=100",
        "steps": [("number", "nt_gd_eta", "10"), ("click", "Train", "")],
        "expect": "error",
        "says": "Try a learning rate 10 times smaller",
        "sees": "error: GD (η = 10) diverged at iteration 0 (MSE 299): the steps overshoot. Try a learning rate 10 times smaller; what it computed before is drawn below.",
    },
    {
        "id": "nt-eta-above-max",
        "page": "network_trainer",
        "category": "range",
        "input": "η above its limit",
        "how": "'η (eta)': 1000",
        "query": "nt_rows=1000&nt_iterations=100",
        "steps": [("number", "nt_gd_eta", "1000")],
        "expect": "widget",
        "widget": "nt_gd_eta",
        "says": "outside the allowed range",
    },
    {
        "id": "nt-largest-work",
        "page": "network_trainer",
        "category": "iterations",
        "input": "The largest rows (100,000) and iterations (20,000)",
        "how": "'rows' slider: End; 'Iterations': 20000; Train",
        "query": "nt_rows=1000&nt_iterations=100",
        "steps": [("slider", "nt_rows", "End"), ("number", "nt_iterations", "20000"), ("click", "Train", "")],
        "expect": "error",
        "says": _refusal("check_training", 100_000, (3, 2, 1), ("sigmoid", "exponential"), 20_000, ["GD"], False),
    },
    {
        "id": "nt-link-trained-too-much",
        "page": "network_trainer",
        "category": "link",
        "input": "A link to a trained view whose training is above the time budget",
        "how": "open /network_trainer?nt_trained=1&nt_rows=100000&nt_iterations=20000",
        "query": "nt_trained=1&nt_rows=100000&nt_iterations=20000",
        "steps": [],
        "expect": "error",
        "says": "above the limit of 5.0 s for one request",
        "sees": "error: "
        + _refusal("check_training", 100_000, (3, 2, 1), ("sigmoid", "exponential"), 20_000, ["GD"], False)
        + " (nothing trains; the first view is shown)",
    },
    {
        "id": "nt-link-mangled",
        "page": "network_trainer",
        "category": "link",
        "input": "A link with an unknown optimizer, a NaN moment, a parameter no network has and a ragged matrix",
        "how": "open /network_trainer?nt_optimizer=Nadam&nt_adam_beta_1=nan&nt_params=W9[1:1]&nt_typed_W1=1,2;3&nt_view=-4",
        "query": "nt_optimizer=Nadam&nt_adam_beta_1=nan&nt_params=W9[1:1]&nt_typed_W1=1,2;3&nt_view=-4",
        "steps": [],
        "expect": "ok",
        "says": "",
        "shows": "[data-testid='stPlotlyChart']",
    },
    {
        "id": "nt-typed-weight-text",
        "page": "network_trainer",
        "category": "text",
        "input": "Custom network: a typed weight holding text",
        "how": "Preset Custom, weights 'Typed in'; W1's box: `0.5 0.5 x` / `0.5 0.5 0.5` / `0.5 0.5 0.5`",
        "query": "nt_preset=custom&nt_init=typed&nt_source=teacher",
        "steps": [("matrix", "nt_typed_W1", "0.5 0.5 x\n0.5 0.5 0.5\n0.5 0.5 0.5")],
        "expect": "error",
        "says": "W1, row 1, column 3 holds 'x', which is not a finite number",
        "sees": "error: W1, row 1, column 3 holds 'x', which is not a finite number: type a number there.",
    },
    {
        "id": "nt-csv-feature-count",
        "page": "network_trainer",
        "category": "shape",
        "input": "CSV with 2 features for the 3-input lecture network",
        "how": "Data 'Upload a CSV'; upload `x1,x2,y` ...",
        "query": "nt_source=csv",
        "steps": [("upload", "nt_csv", "two_features.csv")],
        "expect": "error",
        "says": "Choose exactly 3 feature column(s) for this network; 2 are chosen.",
    },
    {
        "id": "nt-csv-text",
        "page": "network_trainer",
        "category": "csv-text",
        "input": "CSV with a text column",
        "how": "upload `x1,name,y` / `1,a,3` ...",
        "query": "nt_source=csv",
        "steps": [("upload", "nt_csv", "text_column.csv")],
        "expect": "error",
        "says": "Column 'name' holds text",
        "sees": "error: Column 'name' holds text (row 2 holds 'a'): every column must be numbers.",
    },
]

PAGES = {
    "": "Home",
    "forward_pass": "Forward pass",
    "activations": "Activations",
    "gradient_descent": "Gradient descent",
    "backprop": "Backprop",
    "network_trainer": "Network trainer",
}


def sees(entry: dict) -> str:
    """What the user sees, in words."""
    if "sees" in entry:
        return entry["sees"]
    where = {"error": "error", "warning": "warning", "alert": "message", "widget": "the widget refuses it"}.get(
        entry["expect"]
    )
    if entry["expect"] == "ok":
        return "the page opens with the defaults for what it cannot use; no message"
    return f"{where}: {entry['says']}"


def markdown() -> str:
    """The catalogue as a Markdown table (for the README)."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| Page | Bad input | How | What the user sees |", "| --- | --- | --- | --- |"]
    for entry in CATALOGUE:
        seen = sees(entry) + (f" (**bug**: {entry['bug']})" if entry.get("bug") else "")
        lines.append(f"| {PAGES[entry['page']]} | {cell(entry['input'])} | {cell(entry['how'])} | {cell(seen)} |")
    return "\n".join(lines)


# ================================================================ links and resource limits
#
# A share link is input anyone can type: every kind of value a link can hold, on every page, and the largest
# request of each page that trains, refused with what to reduce. Entries marked ``literal`` quote text that
# Markdown would render (a link, an image, HTML): tests/browser/test_links_catalogue.py also checks that the
# message holds no link and no image.

CATEGORIES["cost"] = "work above the time limit"

_HUGE = "9" * 400
_MARKDOWN_LINK = "[x](https://example.org)"
_MARKDOWN_IMAGE = "![i](https://x.org/i.png)"
_HTML_IMAGE = "<img src=x onerror=1>"


def _matrix(rows: int, cols: int, first: str = "1", fill: str = "1") -> str:
    """A matrix as a link writes it ('1,2;3,4'), its first cell ``first``."""
    cells = [[fill] * cols for _ in range(rows)]
    cells[0][0] = first
    return ";".join(",".join(row) for row in cells)


def _link_entries() -> list[dict]:
    overflow = "`inf`, `-1e400`, a 400-digit number or `nan`"
    cell = "which is not a finite number: type a number there."
    return [
        {
            "id": "fp-link-overflow",
            "page": "forward_pass",
            "category": "link",
            "input": f"A link with {overflow} in whole-number settings",
            "how": "open /forward_pass?fp_seed=inf&fp_precision=9...9 (400 digits)&fp_preset=-1e400",
            "query": {"fp_seed": "inf", "fp_precision": _HUGE, "fp_preset": "-1e400"},
            "steps": [],
            "expect": "ok",
            "says": "",
        },
        {
            "id": "fp-link-large-matrix",
            "page": "forward_pass",
            "category": "link",
            "input": "A link with a 9 x 9 matrix (the editor allows 8 x 8)",
            "how": "open /forward_pass?fp_X=1,1,...;... (9 rows of 9)",
            "query": {"fp_X": _matrix(9, 9)},
            "steps": [],
            "expect": "ok",
            "says": "",
            "sees": "the page opens with the default X (the lecture's 2 x 2); no message",
        },
        {
            "id": "fp-link-markdown",
            "page": "forward_pass",
            "category": "link",
            "input": "A link whose matrix cell holds a Markdown link",
            "how": f"open /forward_pass?fp_X={_MARKDOWN_LINK},2;3,-1",
            "query": {"fp_X": f"{_MARKDOWN_LINK},2;3,-1"},
            "steps": [],
            "expect": "error",
            "literal": True,
            "says": f"X, row 1, column 1 holds '{_MARKDOWN_LINK}', {cell}",
            "sees": f"error, the text quoted as typed (no link): X, row 1, column 1 holds '{_MARKDOWN_LINK}', {cell}",
        },
        {
            "id": "act-link-overflow",
            "page": "activations",
            "category": "link",
            "input": f"A link with {overflow} in real-number settings",
            "how": "open /activations?act_z_min=-1e400&act_z_max=inf&act_threshold=nan&act_z0=9...9",
            "query": {"act_z_min": "-1e400", "act_z_max": "inf", "act_threshold": "nan", "act_z0": _HUGE},
            "steps": [],
            "expect": "ok",
            "says": "",
        },
        {
            "id": "act-link-unknown-activation",
            "page": "activations",
            "category": "link",
            "input": "A link choosing an activation that does not exist, twice",
            "how": "open /activations?act_selected=relu,relu,bogus",
            "query": {"act_selected": "relu,relu,bogus"},
            "steps": [],
            "expect": "ok",
            "says": "",
        },
        {
            "id": "act-link-markdown",
            "page": "activations",
            "category": "link",
            "input": "A link whose z vector holds a Markdown image",
            "how": f"open /activations?act_vector=1, {_MARKDOWN_IMAGE}",
            "query": {"act_vector": f"1, {_MARKDOWN_IMAGE}"},
            "steps": [],
            "expect": "error",
            "literal": True,
            "says": f"z, entry 2 holds '{_MARKDOWN_IMAGE[:-1]}', {cell}",
            "sees": f"error, the text quoted as typed (no image): z, entry 2 holds '{_MARKDOWN_IMAGE[:-1]}', {cell}",
        },
        {
            "id": "gd-link-overflow",
            "page": "gradient_descent",
            "category": "link",
            "input": f"A link with {overflow} in whole-number settings",
            "how": "open /gradient_descent?gd_epochs=inf&gd_seed=-1e400&gd_batch_size=nan&gd_syn_n=9...9",
            "query": {"gd_epochs": "inf", "gd_seed": "-1e400", "gd_batch_size": "nan", "gd_syn_n": _HUGE},
            "steps": [],
            "expect": "ok",
            "says": "",
        },
        {
            "id": "gd-link-nan",
            "page": "gradient_descent",
            "category": "link",
            "input": "A link with `nan` and `-inf` in real-number settings (synthetic data)",
            "how": "open /gradient_descent?gd_source=synthetic&gd_w1=nan&gd_b0=-inf&gd_syn_noise=nan&gd_syn_w1=1e309",
            "query": {
                "gd_source": "synthetic",
                "gd_w1": "nan",
                "gd_b0": "-inf",
                "gd_syn_noise": "nan",
                "gd_syn_w1": "1e309",
            },
            "steps": [],
            "expect": "ok",
            "says": "",
            "sees": "the page opens on synthetic data with the defaults for the rest; no message",
        },
        {
            "id": "bp-link-overflow",
            "page": "backprop",
            "category": "link",
            "input": f"A link with {overflow} in whole-number and real settings",
            "how": "open /backprop?bp_iterations=inf&bp_net_iterations=9...9&bp_obs=-1e400&bp_w0=nan",
            "query": {"bp_iterations": "inf", "bp_net_iterations": _HUGE, "bp_obs": "-1e400", "bp_w0": "nan"},
            "steps": [],
            "expect": "ok",
            "says": "",
        },
        {
            "id": "bp-link-large-matrix",
            "page": "backprop",
            "category": "link",
            "input": "Part 2 from a link with a 9 x 9 W1 (the network needs 3 x 2)",
            "how": "open /backprop?bp_part=network&bp_W1=1,1,...;... (9 rows of 9)",
            "query": {"bp_part": "network", "bp_W1": _matrix(9, 9)},
            "steps": [],
            "expect": "ok",
            "says": "",
            "sees": "part 2 opens with the lecture's W1; no message",
        },
        {
            "id": "bp-link-markdown",
            "page": "backprop",
            "category": "link",
            "input": "Part 2 from a link whose W1 cell holds a Markdown link",
            "how": f"open /backprop?bp_part=network&bp_W1={_MARKDOWN_LINK},0.4;0.6,0.8;1.0,1.2",
            "query": {"bp_part": "network", "bp_W1": f"{_MARKDOWN_LINK},0.4;0.6,0.8;1.0,1.2"},
            "steps": [],
            "expect": "error",
            "literal": True,
            "says": f"W1, row 1, column 1 holds '{_MARKDOWN_LINK}', {cell}",
            "sees": f"error, the text quoted as typed (no link): W1, row 1, column 1 holds '{_MARKDOWN_LINK}', {cell}",
        },
        {
            "id": "nt-link-overflow",
            "page": "network_trainer",
            "category": "link",
            "input": f"A link with {overflow} in whole-number and real settings",
            "how": "open /network_trainer?nt_iterations=inf&nt_data_seed=-1e400&nt_init_seed=9...9&nt_noise=nan",
            "query": {"nt_iterations": "inf", "nt_data_seed": "-1e400", "nt_init_seed": _HUGE, "nt_noise": "nan"},
            "steps": [],
            "expect": "ok",
            "says": "",
        },
        {
            "id": "nt-link-adam-nan",
            "page": "network_trainer",
            "category": "link",
            "input": "A link choosing Adam with β1 = NaN and a negative learning rate",
            "how": "open /network_trainer?nt_optimizer=Adam&nt_beta_1=nan&nt_lr=-1",
            "query": {"nt_optimizer": "Adam", "nt_beta_1": "nan", "nt_lr": "-1"},
            "steps": [],
            "expect": "ok",
            "says": "",
            "sees": "Adam with its defaults (β1 = 0.9, learning rate 0.001), never a clamp to 0; no message",
        },
        {
            "id": "nt-link-markdown",
            "page": "network_trainer",
            "category": "link",
            "input": "A custom network from a link whose typed weight holds HTML",
            "how": f"open /network_trainer?nt_preset=custom&nt_init=typed&nt_typed_W1={_HTML_IMAGE},0.5,0.5;...",
            "query": {
                "nt_preset": "custom",
                "nt_init": "typed",
                "nt_source": "teacher",
                "nt_typed_W1": _matrix(3, 3, _HTML_IMAGE, "0.5"),
            },
            "steps": [],
            "expect": "error",
            "literal": True,
            "says": f"W1, row 1, column 1 holds '{_HTML_IMAGE}', {cell}",
            "sees": f"error, the text quoted as typed (no image): W1, row 1, column 1 holds '{_HTML_IMAGE}', {cell}",
        },
    ]


def _cost_entries() -> list[dict]:
    lecture = ((3, 2, 1), ("sigmoid", "exponential"))
    return [
        {
            "id": "gd-cost-largest",
            "page": "gradient_descent",
            "category": "cost",
            "input": "Stochastic GD on the largest synthetic data (5,000 rows) for the most epochs (20,000)",
            "how": "open /gradient_descent?gd_source=synthetic&gd_syn_n=5000&gd_mode=stochastic&gd_epochs=20000",
            "query": {"gd_source": "synthetic", "gd_syn_n": "5000", "gd_mode": "stochastic", "gd_epochs": "20000"},
            "steps": [],
            "expect": "error",
            "says": _refusal("check_descent", [(5000, 2, 1, 20_000, "GD")]),
        },
        {
            "id": "bp-cost-largest",
            "page": "backprop",
            "category": "cost",
            "input": "Part 2 with biases for the most iterations (20,000)",
            "how": "open /backprop?bp_part=network&bp_bias=1&bp_net_iterations=20000",
            "query": {"bp_part": "network", "bp_bias": "1", "bp_net_iterations": "20000"},
            "steps": [],
            "expect": "error",
            "says": _refusal("check_training", 10_000, *lecture, 20_000, ["GD"]),
        },
        {
            "id": "nt-cost-largest",
            "page": "network_trainer",
            "category": "cost",
            "input": "A custom network on the most rows (100,000) for the most iterations (20,000)",
            "how": "open /network_trainer?nt_preset=custom&nt_rows=100000&nt_iterations=20000, then Train",
            "query": {"nt_preset": "custom", "nt_rows": "100000", "nt_iterations": "20000"},
            "steps": [("click", "Train", "")],
            "expect": "error",
            "says": _refusal("check_training", 100_000, (3, 3, 1), ("tanh", "linear"), 20_000, ["GD"]),
        },
    ]


CATALOGUE += _link_entries() + _cost_entries()

_LIMITS = ("cost", "iterations", "csv-6mb", "rows")
SECTIONS = {
    "Cells, fields, files and settings": tuple(c for c in CATEGORIES if c not in ("link", *_LIMITS)),
    "Links": ("link",),
    "Resource limits": _LIMITS,
}
"""The README's sections of the catalogue: their categories (each category in one section)."""


def markdown_section(name: str) -> str:
    """The catalogue's entries of one README section (:data:`SECTIONS`) as a Markdown table."""
    wanted = SECTIONS[name]
    full = markdown().splitlines()
    rows = [line for entry, line in zip(CATALOGUE, full[2:], strict=True) if entry["category"] in wanted]
    return "\n".join(full[:2] + rows)


if __name__ == "__main__":
    print(markdown())
