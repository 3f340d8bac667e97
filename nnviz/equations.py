"""z = Xw + b and a = f(z) with the current numbers substituted, in the lecture's notation."""

from __future__ import annotations

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
