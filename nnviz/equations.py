"""z = Xw + b and a = f(z) with the current numbers substituted, in the lecture's notation."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

import nnmath as nm

from .latex import bold, matrix, num

X_, W_, B_, Z_, Y_, A_ = (bold(s) for s in "Xwbzya")
YHAT = r"\hat{\boldsymbol{y}}"


def shapes(n: int, p: int, q: int, bias_rows: int) -> str:
    """The shape check (n x p)(p x q) + (n x q) = (n x q); a broadcast bias is written 1 x q."""
    return (
        rf"\underset{{{n}\times {p}}}{{{X_}}}\;\underset{{{p}\times {q}}}{{{W_}}} + "
        rf"\underset{{{bias_rows}\times {q}}}{{{B_}}} = \underset{{{n}\times {q}}}{{{Z_}}}"
    )


def dense_equation(X: ArrayLike, W: ArrayLike, b: ArrayLike, z: ArrayLike | None, precision: int = 3) -> str:
    """z = Xw + b with every matrix written out; the result is left out when ``z`` is None."""
    lhs = rf"{Z_} = {X_}{W_} + {B_} = {matrix(X, precision, False)} {matrix(W, precision, False)} + "
    lhs += matrix(b, precision, False)
    return lhs if z is None else lhs + " = " + matrix(z, precision, False)


def cell_expansion(X: ArrayLike, W: ArrayLike, b: ArrayLike, z: ArrayLike, i: int, j: int, precision: int = 3) -> str:
    """z_ij = sum_k x_ik w_kj + b_ij = (terms) = value, for row i and column j counted from 0."""
    X, W, b, z = (np.atleast_2d(np.asarray(v, dtype=float)) for v in (X, W, b, z))
    b_ij = b[i if b.shape[0] > 1 else 0, j if b.shape[1] > 1 else 0]
    terms = " + ".join(
        rf"({num(X[i, k], precision, False)})({num(W[k, j], precision, False)})" for k in range(X.shape[1])
    )
    return (
        rf"z_{{{i + 1}{j + 1}}} = \sum_{{k=1}}^{{{X.shape[1]}}} x_{{{i + 1}k}}\, w_{{k{j + 1}}} + b_{{{i + 1}{j + 1}}}"
        rf" = {terms} + ({num(b_ij, precision, False)}) = {num(z[i, j], precision, False)}"
    )


def activation_equation(name: str, z: ArrayLike, a: ArrayLike, precision: int = 4) -> str:
    """a = f(z) with both vectors written out."""
    label = nm.ACTIVATIONS[name].name.replace("_", r"\_")
    return (
        rf"{A_} = \mathrm{{{label}}}({Z_}) = \mathrm{{{label}}}"
        rf"\left({matrix(z, precision, False)}\right) = {matrix(a, precision, False)}"
    )


# ---------------------------------------------------------------- formulas that fit the screen

WIDTH_EM = 27.0
"""The widest formula, in em of KaTeX's display type, that fits without scrolling sideways at 1024 x 768 with
the sidebar open (about 560 px of page, 1 em = 1.21 x 16 px), with some to spare."""
SIZES = ((1.0, ""), (0.9, r"\small "), (0.8, r"\footnotesize "))
"""Type sizes a formula may shrink to before a matrix's middle columns are elided."""
_GAP_EM = 1.0
"""Space between a matrix's columns (KaTeX's arraycolsep on both sides)."""
_PARENS_EM = 2.0
"""The two parentheses of a pmatrix with their spacing."""


def text_em(text: str) -> float:
    """Rough width in em of a number as :func:`nnviz.latex.num` writes it (digits are half an em)."""
    if r"\times" in text:
        mantissa, _, power = text.partition(r" \times ")
        return text_em(mantissa) + 1.9 + 0.4 * len(power.strip("10^{}"))
    special = {"-": 0.78, ".": 0.28}
    return sum(special.get(c, 0.5) for c in text if c not in "{}\\")


def matrix_em(values: ArrayLike, precision: int = 3, fixed: bool = False, max_cols: int | None = None) -> float:
    """Rough width in em of :func:`nnviz.latex.matrix` of ``values`` (with at most ``max_cols`` columns)."""
    arr = np.atleast_2d(np.asarray(values, dtype=float))
    if arr.shape[0] == 1 and np.ndim(values) == 1:
        arr = arr.T
    widths = [max(text_em(num(v, precision, fixed)) for v in column) for column in arr.T]
    if max_cols is not None and len(widths) > max_cols:
        widths = [*widths[: max_cols - 2], 1.2, widths[-1]]
    return sum(widths) + _GAP_EM * (len(widths) - 1) + _PARENS_EM


@dataclass(frozen=True)
class Block:
    """Display formulas that each fit :data:`WIDTH_EM`, and the matrices whose middle columns were elided."""

    lines: list[str]
    elided: list[str] = field(default_factory=list)


def fitted(
    prefix: str, prefix_em: float, values: ArrayLike, precision: int, name: str, width_em: float = WIDTH_EM
) -> Block:
    """``prefix`` and the matrix ``values`` (called ``name``), in smaller type or with middle columns elided to fit."""
    arr = np.asarray(values, dtype=float)
    for scale, size in SIZES:
        if scale * (prefix_em + matrix_em(arr, precision)) <= width_em:
            return Block([size + prefix + matrix(arr, precision, False)])
    scale, size = SIZES[-1]
    keep = np.atleast_2d(arr).shape[1]
    while keep > 3 and scale * (prefix_em + matrix_em(arr, precision, max_cols=keep)) > width_em:
        keep -= 1
    if keep == np.atleast_2d(arr).shape[1]:
        return Block([size + prefix + matrix(arr, precision, False)])
    return Block([size + prefix + matrix(arr, precision, False, max_cols=keep)], [name])


def dense_block(
    X: ArrayLike, W: ArrayLike, b: ArrayLike, z: ArrayLike | None, precision: int = 3, width_em: float = WIDTH_EM
) -> Block:
    """z = Xw + b on one line when it fits, else one line per matrix (X, w, b, then z); z None is asked for."""
    parts = [matrix_em(v, precision) for v in (X, W, b)]
    one_line = 6.0 + sum(parts) + 1.2 + (1.6 + matrix_em(z, precision) if z is not None else 2.5)
    if one_line <= width_em:
        line = dense_equation(X, W, b, z, precision)
        return Block([line if z is not None else line + r" = \;?"])
    lines: list[str] = []
    elided: list[str] = []
    for symbol, values, name in ((X_, X, "X"), (W_, W, "w"), (B_, b, "b")):
        block = fitted(f"{symbol} = ", 2.2, values, precision, name, width_em)
        lines += block.lines
        elided += block.elided
    if z is None:
        return Block([*lines, rf"{Z_} = {X_}{W_} + {B_} = \;?"], elided)
    block = fitted(rf"{Z_} = {X_}{W_} + {B_} = ", 7.6, z, precision, "z", width_em)
    if block.elided:  # z = Xw + b is written out above: z alone leaves more room for its columns
        block = fitted(rf"{Z_} = ", 2.2, z, precision, "z", width_em)
    return Block(lines + block.lines, elided + block.elided)


def cell_block(
    X: ArrayLike,
    W: ArrayLike,
    b: ArrayLike,
    z: ArrayLike,
    i: int,
    j: int,
    precision: int = 3,
    width_em: float = WIDTH_EM,
) -> str:
    """:func:`cell_expansion` on one line when it fits, else its terms over aligned lines."""
    one_line = cell_expansion(X, W, b, z, i, j, precision)
    X, W, b, z = (np.atleast_2d(np.asarray(v, dtype=float)) for v in (X, W, b, z))
    b_ij = b[i if b.shape[0] > 1 else 0, j if b.shape[1] > 1 else 0]
    cells = [(num(X[i, k], precision, False), num(W[k, j], precision, False)) for k in range(X.shape[1])]
    terms = [(f"({x})({w})", text_em(x) + text_em(w) + 1.56 + 1.22) for x, w in cells]
    bias = num(b_ij, precision, False)
    terms.append((f"({bias})", text_em(bias) + 0.78))
    if 10.6 + sum(em for _, em in terms) + 1.6 + text_em(num(z[i, j], precision, False)) <= width_em:
        return one_line
    rows: list[list[str]] = [[]]
    used = 1.6
    for tex, em in terms:
        if rows[-1] and used + em > width_em:
            rows.append([])
            used = 3.8
        rows[-1].append(tex)
        used += em
    sum_line = (
        rf"z_{{{i + 1}{j + 1}}} &= \sum_{{k=1}}^{{{X.shape[1]}}} x_{{{i + 1}k}}\, w_{{k{j + 1}}} + b_{{{i + 1}{j + 1}}}"
    )
    body = [sum_line, "&= " + " + ".join(rows[0])] + [r"&\quad + " + " + ".join(r) for r in rows[1:]]
    body.append(f"&= {num(z[i, j], precision, False)}")
    return r"\begin{aligned} " + r" \\ ".join(body) + r" \end{aligned}"


def activation_block(name: str, z: ArrayLike, a: ArrayLike, precision: int = 4, width_em: float = WIDTH_EM) -> Block:
    """:func:`activation_equation` on one line when it fits, else a = f(z) and the values on a line of their own."""
    one_line = 10.0 + matrix_em(z, precision) + 1.8 + matrix_em(a, precision)
    if one_line <= width_em:
        return Block([activation_equation(name, z, a, precision)])
    label = nm.ACTIVATIONS[name].name.replace("_", r"\_")
    return fitted(rf"{A_} = \mathrm{{{label}}}({Z_}) = ", 7.0 + 0.5 * len(name), a, precision, "a", width_em)
