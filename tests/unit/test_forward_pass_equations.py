"""nnviz.equations' formulas that fit the screen, and nnviz.code.forward_pass: the lecture's snippet."""

import numpy as np
import pytest

import nnmath as nm
from nnviz import equations
from nnviz.code import forward_pass as code

LECTURE = ([[1, 2], [3, -1]], [[2], [-1]], [[1], [1]])
Z_LECTURE = r"\begin{pmatrix} 1 \\ 8 \end{pmatrix}"


def wide(seed=1, precision=3):
    """An 8 x 8 forward pass with entries like -12.345 (too wide for one line at 1024 x 768)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(0, 10, (8, 8)).round(precision)
    W = rng.normal(0, 1, (8, 8)).round(precision)
    b = rng.normal(0, 1, (8, 8)).round(2)
    return X, W, b, nm.dense(X, W, b)


# Widths in em that Chromium measured for KaTeX's rendering of these matrices (1 em = 19.36 px).
MEASURED = {0: 22.5, 3: 36.7, 6: 48.2}


@pytest.mark.parametrize("precision", [0, 3, 6])
def test_matrix_width_estimate_agrees_with_the_browser(precision):
    rng = np.random.default_rng(0)
    draws = [rng.normal(0, 10, size=(8, 8)) for _ in range(5)]  # the calibration page drew two per precision
    M = draws[{0: 0, 3: 2, 6: 4}[precision]].round(precision)
    estimate = equations.matrix_em(M, precision)
    assert estimate == pytest.approx(MEASURED[precision], rel=0.02)


def test_the_lecture_example_stays_on_one_line():
    block = equations.dense_block(*LECTURE, nm.dense(*LECTURE), 3)
    assert block.lines == [equations.dense_equation(*LECTURE, nm.dense(*LECTURE), 3)]
    assert block.lines[0].endswith(" = " + Z_LECTURE)
    assert not block.elided
    hidden = equations.dense_block(*LECTURE, None, 3)
    assert hidden.lines == [equations.dense_equation(*LECTURE, None, 3) + r" = \;?"]


def test_an_8x8_forward_pass_is_broken_over_lines_that_fit():
    X, W, b, z = wide()
    block = equations.dense_block(X, W, b, z, 3)
    assert [line.split(" = ")[0].split(" ")[-1] for line in block.lines] == [
        r"\boldsymbol{X}",
        r"\boldsymbol{w}",
        r"\boldsymbol{b}",
        r"\boldsymbol{z}",
    ]
    for line, values in zip(block.lines, (X, W, b, z), strict=True):
        scale = {"": 1.0, r"\small": 0.9, r"\footnotesize": 0.8}[line.split(" ")[0] if line.startswith("\\") else ""]
        kept = 8 if r"\cdots" not in line else line.split(r"\\")[0].count("&") + 1
        assert scale * (2.2 + equations.matrix_em(values, 3, max_cols=kept)) <= equations.WIDTH_EM
    assert block.elided == ["X", "w", "z"]
    assert r"\cdots" in block.lines[0] and r"\cdots" not in block.lines[2]
    # Small whole numbers fit without eliding anything; asked for, z is a question mark.
    Xi, Wi, bi = (np.arange(64).reshape(8, 8) % 7 - 3 for _ in range(3))
    whole = equations.dense_block(Xi, Wi, bi, None, 3)
    assert not whole.elided
    assert whole.lines[-1] == r"\boldsymbol{z} = \boldsymbol{X}\boldsymbol{w} + \boldsymbol{b} = \;?"


def test_one_entry_is_one_line_when_short_and_aligned_lines_when_long():
    z = nm.dense(*LECTURE)
    assert equations.cell_block(*LECTURE, z, 1, 0) == equations.cell_expansion(*LECTURE, z, 1, 0)
    X, W, b, z = wide()
    block = equations.cell_block(X, W, b, z, 0, 0, 3)
    assert block.startswith(r"\begin{aligned} z_{11} &= \sum_{k=1}^{8}")
    rows = block.removeprefix(r"\begin{aligned} ").removesuffix(r" \end{aligned}").split(r" \\ ")
    assert rows[-1] == f"&= {equations.num(z[0, 0], 3, False)}"
    assert len(rows) >= 4
    terms = " ".join(rows[1:-1])
    assert terms.count(")(") == 8  # every product x_1k w_k1, none lost in the breaking


def test_the_activation_line_breaks_when_z_is_wide():
    z = np.array([[1.0], [8.0]])
    a = nm.ACTIVATIONS["sigmoid"].fn(z)
    [line] = equations.activation_block("sigmoid", z, a, 4).lines
    assert line.endswith(r"= \begin{pmatrix} 0.7311 \\ 0.9997 \end{pmatrix}")
    z = wide(precision=6)[-1]
    block = equations.activation_block("sigmoid", z, nm.ACTIVATIONS["sigmoid"].fn(z), 7)
    assert block.lines[0].split(r"\begin{pmatrix}")[0].endswith(r"\mathrm{sigmoid}(\boldsymbol{z}) = ")
    assert block.elided == ["a"]


# ---------------------------------------------------------------- code text


def test_the_lecture_snippet():
    assert code.numpy_code(*LECTURE) == (
        "import numpy as np\n\n"
        "X = np.array([[1, 2], [3, -1]])\n"
        "w = np.array([[2], [-1]])\n"
        "b = np.array([[1], [1]])\n"
        "print(X @ w + b)\n"
    )


def test_decimals_print_every_digit_and_an_activation_is_written_out():
    text = code.numpy_code([[0.5, 2]], [[1], [0.25]], [[0.1]], "tanh")
    assert "np.set_printoptions(precision=17)" in text
    assert "X = np.array([[0.5, 2]])" in text
    assert "def tanh(z):\n    return np.tanh(z)\n" in text
    assert text.endswith("z = X @ w + b\nprint(z)\na = tanh(z)\nprint(a)\n")
