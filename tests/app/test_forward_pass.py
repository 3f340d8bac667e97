"""Forward-pass calculator: presets, the written-out entry, activations, exercise mode (ui.practice), the code
tab, formulas that fit the screen, bad input and share links."""

import numpy as np
import pytest

import nnmath as nm
from nnviz import equations
from nnviz.latex import matrix

from .conftest import assert_healthy, errors, latex, printed_numbers, run_numpy_code, shown

PAGE = "pages/forward_pass.py"
Z_LECTURE = r"\begin{pmatrix} 1 \\ 8 \end{pmatrix}"
Z_EXERCISE_1 = r"\begin{pmatrix} 4 \\ 8 \end{pmatrix}"
Z_EXERCISE_2 = r"\begin{pmatrix} 13 \\ -34 \\ 25 \end{pmatrix}"


def z_equation(at) -> str:
    """The z = Xw + b line (the worked one, when the working is shown under the question)."""
    lines = [s for s in latex(at) if s.startswith(r"\boldsymbol{z} = ")]
    assert len(lines) in (1, 2), lines
    return lines[-1]


def cell_line(at) -> str:
    [line] = [s for s in latex(at) if s.startswith("z_{")]
    return line


def code_text(at) -> str:
    """The Code tab's program."""
    [block] = [c for c in at.code if c.language == "python"]
    return block.value


def shapes_line(at) -> str:
    [line] = [s for s in latex(at) if s.startswith(r"\underset")]
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
    assert shapes_line(page).startswith(r"\underset{2\times 2}{\boldsymbol{X}}")
    assert cell_line(page).endswith("= (1)(2) + (2)(-1) + (1) = 1")
    assert not page.error
    assert [b.label for b in page.get("download_button")] == ["Download the code", "Download z as CSV"]


@pytest.mark.parametrize(
    ("preset", "z", "shape"),
    [("Exercise 1", Z_EXERCISE_1, r"\underset{2\times 3}"), ("Exercise 2", Z_EXERCISE_2, r"\underset{3\times 2}")],
)
def test_exercise_presets(page, preset, z, shape):
    page.selectbox(key="fp_preset").select(preset).run()
    assert_healthy(page)
    assert z_equation(page).endswith(" = " + z)
    assert shapes_line(page).startswith(shape + r"{\boldsymbol{X}}")


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
    assert [b.label for b in page.get("download_button")][1:] == ["Download z as CSV", "Download a as CSV"]


def test_no_activation_has_no_a_line(page):
    assert not [s for s in latex(page) if s.startswith(r"\boldsymbol{a} = ")]


def test_row_bias_mode(page):
    page.radio(key="fp_bias_mode").set_value("row").run()
    assert_healthy(page)
    assert page.session_state["fp_b"] == [["1"]]
    assert r"\underset{1\times 1}{\boldsymbol{b}}" in shapes_line(page)
    assert z_equation(page).endswith(r"+ \begin{pmatrix} 1 \end{pmatrix} = " + Z_LECTURE)
    assert cell_line(page).endswith("= 1")
    page.selectbox(key="fp_preset").select("Exercise 2").run()
    assert z_equation(page).endswith(r"+ \begin{pmatrix} 1 \end{pmatrix} = " + Z_EXERCISE_2)
    # Two rows of b while the bias is one broadcast row: refused with a message.
    page.text_area(key="fp_b_text").set_value("1\n1").run()
    assert_healthy(page)
    assert errors(page) == ["b has 2 rows, but a broadcast bias is one row: set b's rows to 1."]


def boxes(at) -> dict[str, object]:
    """The practice widget's answer boxes by label (z[1,1], z[2,1], ...)."""
    return {t.label: t for t in at.text_input if t.key.startswith("fp_practice_")}


def check(at):
    at.button(key="fp_practice_check").click().run()
    assert_healthy(at)
    return at


def verdict(at) -> str:
    """The practice widget's feedback, as the student reads it."""
    [box] = [text for text in (shown(e.value) for e in [*at.success, *at.warning]) if "z[" in text]
    return box


def reveal(at):
    [toggle] = [t for t in at.toggle if t.key.startswith("fp_practice_") and t.key.endswith("_reveal")]
    toggle.set_value(True).run()
    assert_healthy(at)


def exercise_2(page):
    page.selectbox(key="fp_preset").select("Exercise 2").run()
    page.toggle(key="fp_exercise").set_value(True).run()
    assert_healthy(page)
    return page


def test_exercise_mode_asks_for_every_entry_of_z(page):
    exercise_2(page)
    assert z_equation(page).endswith(r"= \;?")
    assert not any(Z_EXERCISE_2 in s for s in latex(page))
    assert not [s for s in latex(page) if s.startswith("z_{")]
    assert not [c for c in page.code if c.language == "python"]  # the code would give the answer away
    assert list(boxes(page)) == ["z[1,1]", "z[2,1]", "z[3,1]"]
    assert all(box.value == "" for box in boxes(page).values())
    assert not page.success and not page.warning


def test_right_wrong_and_empty_answers(page):
    exercise_2(page)
    answers = boxes(page)
    answers["z[1,1]"].input("13")
    answers["z[2,1]"].input("34")
    check(page)
    assert verdict(page).splitlines() == [
        "- z[1,1]: ✓ right",
        "- z[2,1]: ✗ not yet: it is -34.000",
        "- z[3,1]: empty: type a number",
    ]
    assert "fp_practice_score" not in page.session_state  # an empty box: not counted yet
    # After Check the working is shown: the whole equation and the entry written out.
    assert z_equation(page).endswith(" = " + Z_EXERCISE_2)
    assert cell_line(page).endswith("= (1)(5) + (-1)(-7) + (1) = 13")

    boxes(page)["z[2,1]"].input("−34")  # a typographic minus counts
    boxes(page)["z[3,1]"].input("25.0004")  # right to 3 decimals
    check(page)
    assert verdict(page).splitlines()[0] == "All right. Well done!"
    assert page.session_state["fp_practice_score"].right == 1
    assert page.session_state["fp_practice_score"].asked == 1


def test_the_working_on_request(page):
    exercise_2(page)
    reveal(page)
    assert z_equation(page).endswith(" = " + Z_EXERCISE_2)
    assert all(box.value == "" for box in boxes(page).values())


def test_a_new_random_exercise_empties_the_boxes(page):
    page.toggle(key="fp_exercise").set_value(True).run()
    boxes(page)["z[1,1]"].input("1")
    check(page)
    assert verdict(page).startswith("- z[1,1]: ✓ right")
    new_exercise(page)
    X, W, b = nm.datasets.random_dense_exercise(1, n=3, p=2, q=1)
    z = nm.dense(X, W, b)
    assert list(boxes(page)) == ["z[1,1]", "z[2,1]", "z[3,1]"]
    assert all(box.value == "" for box in boxes(page).values())
    assert not page.success and not page.warning
    assert not any(matrix(z, 3, False) in s for s in latex(page))
    for label, value in zip(["z[1,1]", "z[2,1]", "z[3,1]"], z.ravel(), strict=True):
        boxes(page)[label].input(f"{value:.3f}")
    check(page)
    assert verdict(page).startswith("All right.")
    new_exercise(page)
    assert all(box.value == "" for box in boxes(page).values())
    assert not page.success and not page.warning


def test_any_preset_change_empties_the_boxes_even_back_to_the_same_one(page):
    page.toggle(key="fp_exercise").set_value(True).run()
    boxes(page)["z[2,1]"].input("8")
    check(page)
    page.selectbox(key="fp_preset").select("Exercise 1").run()
    assert list(boxes(page)) == ["z[1,1]", "z[2,1]"]
    assert all(box.value == "" for box in boxes(page).values())
    assert not page.success and not page.warning
    page.selectbox(key="fp_preset").select("Lecture code example").run()
    assert all(box.value == "" for box in boxes(page).values())
    assert not page.success and not page.warning  # the same numbers as before, a new question


def test_a_matrix_z_is_asked_in_its_columns(page):
    page.toggle(key="fp_exercise").set_value(True).run()
    page.text_area(key="fp_W_text").set_value("2 1\n-1 0").run()
    page.text_area(key="fp_b_text").set_value("1 0\n1 0").run()
    assert sorted(boxes(page)) == ["z[1,1]", "z[1,2]", "z[2,1]", "z[2,2]"]  # drawn in z's two columns
    for label, value in zip(sorted(boxes(page)), [1, 1, 8, 3], strict=True):
        boxes(page)[label].input(str(value))
    check(page)
    assert verdict(page).startswith("All right.")


# ---------------------------------------------------------------- the code tab


@pytest.mark.parametrize(
    ("preset", "z"),
    [("Lecture code example", [1, 8]), ("Exercise 1", [4, 8]), ("Exercise 2", [13, -34, 25])],
)
def test_the_code_prints_the_lecture_numbers(page, preset, z):
    page.selectbox(key="fp_preset").select(preset).run()
    text = code_text(page)
    assert text.endswith("print(X @ w + b)")
    printed = printed_numbers(run_numpy_code(text))
    assert printed == z  # whole numbers: printed exactly, as the lecture prints [[1] [8]]


def test_the_code_with_an_activation_prints_z_and_a(page):
    page.selectbox(key="fp_activation").select("sigmoid").run()
    text = code_text(page)
    assert "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n" in text
    printed = printed_numbers(run_numpy_code(text))
    z = nm.dense(*(np.array(v, dtype=float) for v in ([[1, 2], [3, -1]], [[2], [-1]], [[1], [1]])))
    np.testing.assert_allclose(printed, [*z.ravel(), *nm.ACTIVATIONS["sigmoid"].fn(z).ravel()], rtol=1e-9, atol=1e-9)
    assert printed[2:] == pytest.approx([0.7310585786, 0.9996646499], abs=1e-9)


def test_the_code_reproduces_typed_decimals_and_a_row_bias(page):
    page.radio(key="fp_bias_mode").set_value("row").run()
    page.text_area(key="fp_X_text").set_value("0.1 0.2 0.3\n-1.5 2.25 1e-3").run()
    page.text_area(key="fp_W_text").set_value("0.7 -0.3\n1.1 0.05\n-2 0.125").run()
    page.text_area(key="fp_b_text").set_value("0.01 -0.02").run()
    page.selectbox(key="fp_activation").select("softmax").run()
    assert_healthy(page)
    X = np.array([[0.1, 0.2, 0.3], [-1.5, 2.25, 1e-3]])
    W = np.array([[0.7, -0.3], [1.1, 0.05], [-2, 0.125]])
    z = nm.dense(X, W, np.array([[0.01, -0.02]]))
    printed = printed_numbers(run_numpy_code(code_text(page)))
    np.testing.assert_allclose(printed, [*z.ravel(), *nm.ACTIVATIONS["softmax"].fn(z).ravel()], rtol=1e-9, atol=1e-9)


# ---------------------------------------------------------------- formulas that fit the screen


def test_an_8x8_forward_pass_is_written_over_lines(app):
    rng = np.random.default_rng(3)
    X, W, b = rng.normal(0, 10, (8, 8)).round(3), rng.normal(0, 1, (8, 8)).round(4), rng.normal(0, 1, (8, 8)).round(2)
    cells = {
        k: ";".join(",".join(repr(float(v)) for v in row) for row in m)
        for k, m in zip(["X", "W", "b"], [X, W, b], strict=True)
    }
    at = app(PAGE, {f"fp_{k}": v for k, v in cells.items()} | {"fp_precision": "6"}).run()
    assert_healthy(at)
    z = nm.dense(X, W, b)
    lines = latex(at)
    heads = [s.split(r"\begin{pmatrix}")[0] for s in lines[:4]]
    assert [h.replace(r"\footnotesize ", "").replace(r"\small ", "") for h in heads] == [
        r"\boldsymbol{X} = ",
        r"\boldsymbol{w} = ",
        r"\boldsymbol{b} = ",
        r"\boldsymbol{z} = ",
    ]
    assert equations.dense_block(X, W, b, z, 6).lines == lines[:4]
    [caption] = [c.value for c in at.caption if c.value.startswith("The middle columns")]
    assert caption.startswith("The middle columns of X, w, z are left out to fit the screen")
    [entry] = [s for s in lines if s.startswith(r"\begin{aligned} z_{11}")]
    assert entry.endswith(f"&= {equations.num(z[0, 0], 6, False)} \\end{{aligned}}")
    printed = printed_numbers(run_numpy_code(code_text(at)))
    np.testing.assert_allclose(printed, z.ravel(), rtol=1e-9, atol=1e-9)


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
    assert z_equation(page).endswith(" = " + matrix(nm.dense(*nm.datasets.random_dense_exercise(2, 3, 2, 1)), 3, False))

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
    assert [c.language for c in page.code] == ["python"]  # the link is written out only when its expander is opened
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
    reveal(at)
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
