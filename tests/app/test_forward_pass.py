"""Forward-pass calculator: presets, the written-out entry, activations, exercise mode, bad input, share links."""

import numpy as np
import pytest

import nnmath as nm
from nnviz.latex import matrix

from .conftest import assert_healthy, errors, latex

PAGE = "pages/forward_pass.py"
Z_LECTURE = r"\begin{pmatrix} 1 \\ 8 \end{pmatrix}"
Z_EXERCISE_1 = r"\begin{pmatrix} 4 \\ 8 \end{pmatrix}"
Z_EXERCISE_2 = r"\begin{pmatrix} 13 \\ -34 \\ 25 \end{pmatrix}"


def z_equation(at) -> str:
    """The z = Xw + b line."""
    [line] = [s for s in latex(at) if s.startswith(r"\boldsymbol{z} = ")]
    return line


def cell_line(at) -> str:
    [line] = [s for s in latex(at) if s.startswith("z_{")]
    return line


@pytest.fixture
def page(app):
    at = app(PAGE).run()
    assert_healthy(at)
    return at


def test_default_is_the_lecture_code_example(page):
    assert [t.value for t in page.title] == ["Forward-pass calculator"]
    assert z_equation(page) == (
        r"\boldsymbol{z} = \boldsymbol{X}\boldsymbol{w} + \boldsymbol{b} = "
        r"\begin{pmatrix} 1 & 2 \\ 3 & -1 \end{pmatrix} \begin{pmatrix} 2 \\ -1 \end{pmatrix} + "
        r"\begin{pmatrix} 1 \\ 1 \end{pmatrix} = " + Z_LECTURE
    )
    assert any(r"\underset{2\times 2}{\boldsymbol{X}}" in s for s in latex(page))
    assert cell_line(page).endswith("= (1)(2) + (2)(-1) + (1) = 1")
    assert not page.error
    assert page.get("download_button")[0].label == "Download z as CSV"


@pytest.mark.parametrize(
    ("preset", "z", "shape"),
    [("Exercise 1", Z_EXERCISE_1, r"\underset{2\times 3}"), ("Exercise 2", Z_EXERCISE_2, r"\underset{3\times 2}")],
)
def test_exercise_presets(page, preset, z, shape):
    page.selectbox(key="fp_preset").select(preset).run()
    assert_healthy(page)
    assert z_equation(page).endswith(" = " + z)
    assert latex(page)[0].startswith(shape + r"{\boldsymbol{X}}")


def test_cell_expansion_follows_the_chosen_entry(page):
    page.selectbox(key="fp_preset").select("Exercise 2").run()
    assert cell_line(page) == r"z_{11} = \sum_{k=1}^{2} x_{1k}\, w_{k1} + b_{11} = (1)(5) + (-1)(-7) + (1) = 13"
    assert page.selectbox(key="fp_cell_i").options == ["1", "2", "3"]
    page.selectbox(key="fp_cell_i").select(2).run()
    assert cell_line(page).startswith("z_{21} =")
    assert cell_line(page).endswith("= (0)(5) + (5)(-7) + (1) = -34")
    page.selectbox(key="fp_cell_i").select(3).run()
    assert cell_line(page).endswith("= (2)(5) + (-2)(-7) + (1) = 25")
    # Back to a 2-row preset: the chosen row 3 no longer exists and falls back to row 1.
    page.selectbox(key="fp_preset").select("Lecture code example").run()
    assert_healthy(page)
    assert page.session_state["fp_cell_i"] == 1
    assert cell_line(page).endswith("= 1")


def test_sigmoid_activation(page):
    page.selectbox(key="fp_activation").select("sigmoid").run()
    assert_healthy(page)
    lines = latex(page)
    assert r"\sigma(z) = \frac{1}{1 + e^{-z}}" in lines
    [a_line] = [s for s in lines if s.startswith(r"\boldsymbol{a} = ")]
    assert a_line == (
        r"\boldsymbol{a} = \mathrm{sigmoid}(\boldsymbol{z}) = \mathrm{sigmoid}\left(" + Z_LECTURE + r"\right) = "
        r"\begin{pmatrix} 0.7311 \\ 0.9997 \end{pmatrix}"
    )
    assert [b.label for b in page.get("download_button")] == ["Download a as CSV", "Download z as CSV"]


def test_no_activation_has_no_a_line(page):
    assert not [s for s in latex(page) if s.startswith(r"\boldsymbol{a} = ")]


def test_row_bias_mode(page):
    page.radio(key="fp_bias_mode").set_value("row").run()
    assert_healthy(page)
    assert page.session_state["fp_b"] == [["1"]]
    assert r"\underset{1\times 1}{\boldsymbol{b}}" in latex(page)[0]
    assert z_equation(page).endswith(r"+ \begin{pmatrix} 1 \end{pmatrix} = " + Z_LECTURE)
    assert cell_line(page).endswith("= 1")
    page.selectbox(key="fp_preset").select("Exercise 2").run()
    assert z_equation(page).endswith(r"+ \begin{pmatrix} 1 \end{pmatrix} = " + Z_EXERCISE_2)
    # Two rows of b while the bias is one broadcast row: refused with a message.
    page.text_area(key="fp_b_text").set_value("1\n1").run()
    assert_healthy(page)
    assert errors(page) == ["b has 2 rows, but a broadcast bias is one row: set b's rows to 1."]


def test_exercise_mode_hides_and_checks_the_answer(page):
    page.selectbox(key="fp_preset").select("Exercise 2").run()
    page.toggle(key="fp_exercise").set_value(True).run()
    assert_healthy(page)
    assert z_equation(page).endswith(r"= \;?")
    assert not any(Z_EXERCISE_2 in s for s in latex(page))
    assert not [s for s in latex(page) if s.startswith("z_{")]
    assert [t.key for t in page.text_input] == ["fp_answer_0_0", "fp_answer_1_0", "fp_answer_2_0"]
    assert not page.success and not page.error

    page.text_input(key="fp_answer_0_0").input("13").run()
    assert [s.value for s in page.success] == ["✓ right"]
    assert not page.error
    page.text_input(key="fp_answer_1_0").input("34").run()
    assert errors(page) == ["✗ not yet"]
    page.text_input(key="fp_answer_2_0").input("twenty-five").run()
    assert_healthy(page)
    assert errors(page) == ["✗ not yet", "'twenty-five' is not a number"]
    assert not any(Z_EXERCISE_2 in s for s in latex(page))

    page.text_input(key="fp_answer_1_0").input("−34").run()  # a typographic minus counts
    page.text_input(key="fp_answer_2_0").input("25.0000001").run()  # within 1e-6
    assert [s.value for s in page.success] == ["✓ right"] * 3 + ["All entries are right. Well done!"]
    assert not page.error

    page.toggle(key="fp_reveal").set_value(True).run()
    z_lines = [s for s in latex(page) if s.startswith(r"\boldsymbol{z} = ")]
    assert [line.endswith(r"= \;?") for line in z_lines] == [True, False]
    assert z_lines[1].endswith(" = " + Z_EXERCISE_2)
    assert cell_line(page).endswith("= 13")


def test_choosing_a_preset_clears_the_answers(page):
    page.toggle(key="fp_exercise").set_value(True).run()
    page.text_input(key="fp_answer_0_0").input("1").run()
    assert [s.value for s in page.success] == ["✓ right"]
    page.selectbox(key="fp_preset").select("Exercise 1").run()
    assert page.text_input(key="fp_answer_0_0").value == ""
    assert not page.success


def new_exercise(at):
    [button] = [b for b in at.button if b.label == "New random exercise"]
    button.click().run()
    assert_healthy(at)
    return at


def test_new_random_exercise_changes_X_and_is_reproducible_by_seed(app, page):
    new_exercise(page)
    assert page.session_state["fp_preset"] == "Random exercise"
    assert page.session_state["fp_seed"] == 1
    X, W, b = nm.datasets.random_dense_exercise(1, n=3, p=2, q=1)
    first = page.session_state["fp_X"]
    assert first != [["1", "2"], ["3", "-1"]]
    assert np.array(first, dtype=float).tolist() == X.tolist()
    assert z_equation(page).endswith(" = " + matrix(nm.dense(X, W, b), 3, False))

    new_exercise(page)
    assert page.session_state["fp_seed"] == 2
    assert page.session_state["fp_X"] != first

    again = new_exercise(app(PAGE).run())
    assert again.session_state["fp_X"] == first
    assert again.query_params["fp_seed"] == "1"


def test_a_text_cell_is_named_by_row_and_column(page):
    page.text_area(key="fp_X_text").set_value("1 2\n3 x").run()
    assert_healthy(page)
    assert errors(page) == ["X, row 2, column 2 holds 'x', which is not a finite number: type a number there."]
    assert not [s for s in latex(page) if s.startswith(r"\boldsymbol{z}")]


def test_an_empty_cell_is_named(page):
    page.text_area(key="fp_W_text").set_value("2\n").run()  # w loses its second row ...
    assert_healthy(page)
    assert errors(page) == ["X is 2x2 but W is 1x1: columns of X must equal rows of W."]
    page.text_area(key="fp_X_text").set_value("1 2\n3").run()  # ... and X's row 2 is one entry short
    assert_healthy(page)
    assert errors(page) == ["X, row 2, column 2 is empty: type a number there."]


def test_an_empty_matrix(page):
    page.text_area(key="fp_b_text").set_value("").run()
    assert_healthy(page)
    assert errors(page) == ["b is empty: give it at least one row and one column."]


def test_a_wrong_shape_names_both_shapes(page):
    page.text_area(key="fp_X_text").set_value("1 0 1\n1 2 1").run()
    assert_healthy(page)
    assert errors(page) == ["X is 2x3 but W is 2x1: columns of X must equal rows of W."]
    page.text_area(key="fp_W_text").set_value("1\n2\n1").run()
    assert_healthy(page)
    assert not page.error
    assert z_equation(page).endswith(r" = \begin{pmatrix} 3 \\ 7 \end{pmatrix}")


def test_a_bias_that_does_not_fit(page):
    page.text_area(key="fp_b_text").set_value("1\n1\n1").run()
    assert_healthy(page)
    assert errors(page) == ["XW is 2x1 but b is 3x1: b must be a scalar, a length-1 vector or a 2x1 matrix."]


@pytest.mark.parametrize(("key", "text", "name"), [("fp_X_text", "nan 2\n3 -1", "X"), ("fp_W_text", "inf\n-1", "w")])
def test_nan_and_inf_are_refused(page, key, text, name):
    page.text_area(key=key).set_value(text).run()
    assert_healthy(page)
    [message] = errors(page)
    assert message.startswith(f"{name}, row 1, column 1 ")
    assert message.endswith("type a number there.")
    assert not [s for s in latex(page) if s.startswith(r"\boldsymbol{z}")]


def test_the_address_bar_holds_the_settings(page):
    assert not page.query_params  # at the defaults the link is the bare address
    page.selectbox(key="fp_preset").select("Exercise 1").run()
    params = page.query_params
    assert params["fp_preset"] == "Exercise 1"
    assert (params["fp_X"], params["fp_W"], params["fp_b"]) == ("1,0,1;1,2,1", "1;2;1", "2;2")
    assert not page.get("code")  # the link is written out only when its expander is opened
    page.session_state["fp_share_open"] = True
    page.run()
    share = page.get("code")[-1].proto.code_text
    assert share.startswith("?")
    assert "fp_X=1%2C0%2C1%3B1%2C2%2C1" in share


def test_a_link_with_the_cells_reopens_exercise_1(app):
    at = app(PAGE, {"fp_preset": "Exercise 1", "fp_X": "1,0,1;1,2,1", "fp_W": "1;2;1", "fp_b": "2;2"}).run()
    assert_healthy(at)
    assert at.session_state["fp_preset"] == "Exercise 1"
    assert z_equation(at).endswith(" = " + Z_EXERCISE_1)


def test_a_link_with_settings_reopens_them(app):
    query = {"fp_X": "1,2;3,-1", "fp_activation": "sigmoid", "fp_precision": "1", "fp_exercise": "1"}
    at = app(PAGE, query).run()
    assert_healthy(at)
    assert at.toggle(key="fp_exercise").value is True
    assert z_equation(at).endswith(r"= \;?")
    at.toggle(key="fp_reveal").set_value(True).run()
    assert any(s.endswith(r"= \begin{pmatrix} 0.73 \\ 1 \end{pmatrix}") for s in latex(at))


def test_a_link_with_only_the_preset_opens_its_numbers(app):
    at = app(PAGE, {"fp_preset": "Exercise 2"}).run()
    assert_healthy(at)
    assert at.selectbox(key="fp_preset").value == "Exercise 2"
    assert z_equation(at).endswith(" = " + Z_EXERCISE_2)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"fp_preset": "No such preset"}, Z_LECTURE),
        ({"fp_activation": "no_such_function", "fp_bias_mode": "diagonal"}, Z_LECTURE),
        ({"fp_precision": "three", "fp_seed": "x"}, Z_LECTURE),
        ({"fp_X": "1,2;3"}, Z_LECTURE),
        ({"fp_X": ""}, Z_LECTURE),
        ({"fp_X": ";".join([",".join(["1"] * 9)] * 9), "fp_W": ";".join(["1"] * 9)}, Z_LECTURE),
        ({"fp_X": "1,2;3,-1", "fp_W": "1e400;-1"}, None),
    ],
)
def test_a_mangled_link_still_opens(app, query, shown):
    """Unreadable or oversized matrices mean the default; readable text that is not a number is named."""
    at = app(PAGE, query).run()
    assert_healthy(at)
    if shown:
        assert z_equation(at).endswith(" = " + shown)
        assert not errors(at)
    else:
        assert errors(at) == ["w, row 1, column 1 holds '1e400', which is not a finite number: type a number there."]


def test_a_link_with_an_out_of_range_slider_value_still_opens(app):
    at = app(PAGE, {"fp_precision": "99"}).run()
    assert_healthy(at)
