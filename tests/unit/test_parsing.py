"""ui.parsing: what a user types or uploads becomes numbers, or a message naming the bad cell, row or line.

ui.parsing is pure Python (no Streamlit), so it is imported directly, not through the ``ui`` package.
"""

import numpy as np
import pytest

import ui.parsing as parsing
from ui.parsing import (
    MAX_UPLOAD_COLUMNS,
    MAX_UPLOAD_ROWS,
    parse_cells,
    parse_number,
    parse_vector,
    read_csv,
    text_to_cells,
)

# ---------------------------------------------------------------- parse_number / parse_cells


@pytest.mark.parametrize(
    ("text", "value"),
    [("2", 2.0), (" -1.5 ", -1.5), ("−3", -3.0), ("1e-3", 1e-3), (4, 4.0), (2.5, 2.5)],
)
def test_parse_number_reads_finite_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", [None, "", "   ", "x", "1,5", "nan", "NaN", "inf", "-inf", float("nan"), True])
def test_parse_number_refuses_empty_text_and_non_finite(text):
    assert parse_number(text) is None


def test_parse_cells_good_matrix():
    parsed = parse_cells([["1", "2"], ["3", "-1"]], "X")
    assert parsed.ok
    assert parsed.errors == []
    np.testing.assert_array_equal(parsed.values, [[1.0, 2.0], [3.0, -1.0]])
    assert parsed.values.dtype == np.float64


def test_parse_cells_unicode_minus():
    parsed = parse_cells([["−1", "2"], ["3", "−0.5"]], "X")
    np.testing.assert_array_equal(parsed.values, [[-1.0, 2.0], [3.0, -0.5]])


def test_parse_cells_names_every_bad_cell():
    parsed = parse_cells([["1", "x"], ["", "inf"]], "X")
    assert not parsed.ok
    assert parsed.values is None
    assert parsed.errors == [
        "X, row 1, column 2 holds 'x', which is not a finite number: type a number there.",
        "X, row 2, column 1 is empty: type a number there.",
        "X, row 2, column 2 holds 'inf', which is not a finite number: type a number there.",
    ]


def test_parse_cells_none_cell_is_empty():
    parsed = parse_cells([["1", None]], "w")
    assert parsed.errors == ["w, row 1, column 2 is empty: type a number there."]


@pytest.mark.parametrize("cells", [[], [[]]])
def test_parse_cells_empty_matrix(cells):
    parsed = parse_cells(cells, "b")
    assert not parsed.ok
    assert parsed.errors == ["b is empty: give it at least one row and one column."]


def test_parse_cells_ragged_rows():
    parsed = parse_cells([["1", "2"], ["3"], ["4", "5", "6"]], "X")
    assert parsed.values is None
    assert parsed.errors == [
        "X: row 2 has 1 entries but row 1 has 2; every row needs the same number.",
        "X: row 3 has 3 entries but row 1 has 2; every row needs the same number.",
    ]


# ---------------------------------------------------------------- text_to_cells and the URL encoding


@pytest.mark.parametrize(
    "text",
    [
        "1 2\n3 -1",
        "1, 2\n3, -1",
        "1,2;3,-1",
        "1 2; 3 -1",
        "  1   2 ;\n\n 3\t-1  ",
        "[1 2; 3 -1]",
        "[1, 2]\n[3, -1]",
        "[[ 1  2]\n [ 3 -1]]",  # what print(np.array(...)) writes
    ],
)
def test_text_to_cells_separators_and_brackets(text):
    assert text_to_cells(text) == [["1", "2"], ["3", "-1"]]


def test_text_to_cells_keeps_ragged_rows_and_text():
    assert text_to_cells("1 2\n3") == [["1", "2"], ["3"]]
    assert text_to_cells("1 x") == [["1", "x"]]
    assert text_to_cells("") == []
    assert text_to_cells("  \n ; ") == []


def test_cells_to_text_is_the_inverse_of_text_to_cells():
    cells = [["1", "2.5"], ["-3", "0"]]
    assert parsing.cells_to_text(cells) == "1 2.5\n-3 0"
    assert text_to_cells(parsing.cells_to_text(cells)) == cells


def test_array_to_cells_writes_whole_numbers_without_decimals():
    assert parsing.array_to_cells(np.array([[2.0, 0.25], [-1.0, 1e20]])) == [["2", "0.25"], ["-1", "1e+20"]]
    assert parsing.format_number(-0.0) == "0"


# ---------------------------------------------------------------- parse_vector


@pytest.mark.parametrize("text", ["1, 8", "1 8", "1,8", "(1, 8)", "[1, 8]", "  1 ,  8  "])
def test_parse_vector_good(text):
    parsed = parse_vector(text, "z")
    assert parsed.ok
    np.testing.assert_array_equal(parsed.values, [1.0, 8.0])
    assert parsed.values.shape == (2,)


def test_parse_vector_single_and_negative():
    np.testing.assert_array_equal(parse_vector("−2", "z").values, [-2.0])
    np.testing.assert_array_equal(parse_vector("-1.5, 0, 3e2", "z").values, [-1.5, 0.0, 300.0])


@pytest.mark.parametrize("text", ["", "   ", "()", "[]"])
def test_parse_vector_empty(text):
    parsed = parse_vector(text, "z")
    assert parsed.values is None
    assert parsed.errors == ["z is empty: type numbers separated by commas, e.g. 1, 8."]


def test_parse_vector_names_the_bad_entry():
    parsed = parse_vector("1, x, inf", "z")
    assert parsed.values is None
    assert parsed.errors == [
        "z, entry 2 holds 'x', which is not a finite number: type a number there.",
        "z, entry 3 holds 'inf', which is not a finite number: type a number there.",
    ]


def test_parse_vector_refuses_nan():
    parsed = parse_vector("1, nan", "z")
    assert parsed.values is None
    assert len(parsed.errors) == 1
    assert parsed.errors[0].startswith("z, entry 2 ")


# ---------------------------------------------------------------- read_csv


GOOD = b"x1,x2,y\n1,2,4.6\n3,1,6.1\n1,1,3.1\n0,1,1.6\n"


def test_read_csv_good_file():
    data = read_csv(GOOD)
    assert data.errors == []
    assert list(data.frame.columns) == ["x1", "x2", "y"]
    np.testing.assert_array_equal(data.frame.to_numpy(), [[1, 2, 4.6], [3, 1, 6.1], [1, 1, 3.1], [0, 1, 1.6]])
    assert all(str(t) == "float64" for t in data.frame.dtypes)


def test_read_csv_accepts_a_bom_crlf_and_trailing_blank_lines():
    data = read_csv(b"\xef\xbb\xbfx,y\r\n1,2\r\n3,4\r\n\r\n\r\n")
    assert data.errors == []
    assert list(data.frame.columns) == ["x", "y"]
    np.testing.assert_array_equal(data.frame.to_numpy(), [[1, 2], [3, 4]])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "The file is empty: upload a CSV with a header row and at least two rows of numbers."),
        (b"   \n\n", "The file is empty: upload a CSV with a header row and at least two rows of numbers."),
        (b"x1,x2,y\n", "The file has 0 data row(s); gradient descent needs at least 2."),
        (b"x1,x2,y\n1,2,3\n", "The file has 1 data row(s); gradient descent needs at least 2."),
        (
            b"1,2,3\n4,5,6\n7,8,9\n",
            "The first row holds numbers, not column names: add a header row (e.g. x1,x2,y).",
        ),
        (b"y\n1\n2\n3\n", "The file needs at least two columns: one or more features and a target."),
        # 'abc' is in the second data row: line 3 of the file, counting the header as line 1.
        (
            b"x1,x2,y\n1,2,4.6\n3,abc,6.1\n1,1,3.1\n",
            "Column 'x2' holds text (row 3 holds 'abc'): every column must be numbers.",
        ),
        (
            b"x1,x2,y\n1,2,4.6\n3,,6.1\n1,1,3.1\n",
            "Column 'x2' has a missing value (file line 3): fill it in or delete that row.",
        ),
    ],
    ids=["empty", "blank-lines", "header-only", "one-row", "no-header", "one-column", "text", "missing-value"],
)
def test_read_csv_refuses_with_a_message(raw, message):
    data = read_csv(raw)
    assert data.frame is None
    assert data.errors == [message]


def test_read_csv_every_bad_column_is_named():
    data = read_csv(b"a,b,c\n1,x,\n2,3,4\n")
    assert data.errors == [
        "Column 'b' holds text (row 2 holds 'x'): every column must be numbers.",
        "Column 'c' has a missing value (file line 2): fill it in or delete that row.",
    ]


@pytest.mark.parametrize("value", [b"inf", b"-inf", b"1e999"])
def test_read_csv_infinite_value(value):
    data = read_csv(b"x1,x2,y\n1,2," + value + b"\n3,4,5\n")
    assert data.frame is None
    assert data.errors == ["Column 'y' holds an infinite value: use finite numbers."]


def test_read_csv_not_utf8():
    data = read_csv("x1,x2,y\n1,2,3\n4,5,6\n# café\n".encode("latin-1"))
    assert data.frame is None
    assert data.errors == ["The file is not UTF-8 text: save it as CSV (UTF-8) and upload it again."]


def test_read_csv_over_the_size_limit():
    raw = b"x1,x2,y\n" + b"1.000000,2.000000,3.000000\n" * 200_000  # 5.4 MB of valid CSV
    assert len(raw) > 5 * 1024 * 1024
    data = read_csv(raw)
    assert data.frame is None
    assert data.errors == ["The file is 5.1 MB; the limit is 5 MB. Upload fewer rows."]


def test_read_csv_size_limit_is_a_parameter():
    assert read_csv(GOOD, max_mb=1e-6).errors == ["The file is 0.0 MB; the limit is 1e-06 MB. Upload fewer rows."]
    assert read_csv(GOOD, max_mb=1).errors == []


def test_read_csv_malformed_quotes():
    data = read_csv(b'x1,x2,y\n1,"2,3\n4,5,6\n')
    assert data.frame is None
    assert len(data.errors) == 1
    assert data.errors[0].startswith("The file could not be read as CSV (")
    assert "EOF inside string" in data.errors[0]
    assert data.errors[0].endswith("Check its commas and quotes.")


def test_read_csv_ragged_row():
    data = read_csv(b"x,y\n1,2\n3,4,5\n6,7\n")
    assert data.frame is None
    assert "Expected 2 fields in line 3, saw 3" in data.errors[0]


def test_read_csv_too_many_columns():
    def table(n: int) -> bytes:
        header = ",".join(f"c{j}" for j in range(n))
        row = ",".join(str(j) for j in range(n))
        return f"{header}\n{row}\n{row}\n".encode()

    data = read_csv(table(MAX_UPLOAD_COLUMNS + 1))
    assert data.frame is None
    assert data.errors == [f"The file has {MAX_UPLOAD_COLUMNS + 1} columns; upload at most {MAX_UPLOAD_COLUMNS}."]
    ok = read_csv(table(MAX_UPLOAD_COLUMNS))
    assert ok.errors == []
    assert ok.frame.shape == (2, MAX_UPLOAD_COLUMNS)


def test_read_csv_too_many_rows():
    raw = b"x,y\n" + b"1,2\n" * (MAX_UPLOAD_ROWS + 1)
    assert len(raw) < 5 * 1024 * 1024
    data = read_csv(raw)
    assert data.frame is None
    assert data.errors == ["The file has more than 100,000 rows; upload at most 100,000."]


def test_read_csv_rows_longer_than_the_header_are_refused():
    data = read_csv(b"x,y\n1,2,3\n4,5,6\n7,8,9\n")
    assert data.frame is None


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        (b'"x1\nimport os",y', "'x1\\nimport os'"),  # a quoted header holding a line break
        (b"x1\tx,y", "'x1\\tx'"),
        (b"x" * 41 + b",y", "'" + "x" * 41 + "'"),
    ],
)
def test_read_csv_refuses_column_names_that_are_not_a_short_line_of_text(header, shown):
    """Names appear in messages, charts and the Code tab's comments: a line break there would be code."""
    data = read_csv(header + b"\n1,2\n3,4\n")
    assert data.frame is None
    assert data.errors == [
        f"Column 1's name {shown} is not a short line of text: give every column a name of at most "
        f"{parsing.MAX_COLUMN_NAME} printable characters (e.g. x1)."
    ]


def test_read_csv_quotes_a_long_cell_cut_to_a_line():
    data = read_csv(b"x1,y\n" + b"a" * 5000 + b",1\n2,3\n")
    (message,) = data.errors
    cut = "a" * (parsing.MAX_QUOTED - 1) + "…"
    assert message == f"Column 'x1' holds text (row 2 holds '{cut}'): every column must be numbers."


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ({"x": 1.234, "y": -0.5}, (1.23, -0.5)),
        ({"x": "2", "y": 3}, (2.0, 3.0)),
        ({"x": "nan", "y": 1}, None),
        ({"x": 10**400, "y": 1}, None),
        ({"x": True, "y": 1}, None),
        ({"x": 1}, None),
        ([1, 2], None),
        (None, None),
    ],
)
def test_click_point_reads_only_two_finite_numbers(point, expected):
    assert parsing.click_point(point) == expected


def test_parse_number_refuses_an_int_beyond_the_floats():
    assert parse_number(10**400) is None
