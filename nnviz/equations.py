"""The lecture's equations with the current numbers substituted, one function per worked example."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

import nnmath as nm

from .latex import bold, matrix, num, row_vector, underbrace

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


def gd_steps(step: nm.GDStep, precision: int = 3) -> dict[str, list[str]]:
    """The lecture's Steps 1-5 for one update, with this update's batch and numbers.

    Returns
    -------
    dict
        Step title -> its equations (LaTeX, one per line), in the lecture's order.
    """
    N = step.n
    Xb, yb = step.X_batch, step.y_batch
    ones = matrix(np.ones(N), 0, False)
    y_hat = matrix(step.y_hat, precision, False)
    y_mat = matrix(yb, precision, False)
    diff = rf"\Bigg[{underbrace(y_hat, YHAT)} - {underbrace(y_mat, Y_)}\Bigg]"
    frac = rf"\frac{{2}}{{{N}}}"
    w_t, b_t = rf"{W_}^{{({step.t - 1})}}", rf"b^{{({step.t - 1})}}"
    x_t = underbrace(matrix(Xb.T, precision, False, max_rows=12), X_ + r"^\top")
    ones_t = underbrace(row_vector(np.ones(N), 0, False), r"\boldsymbol{1}^\top")
    loss = rf"\mathcal{{L}} = \frac{{1}}{{N}}({YHAT} - {Y_})^\top({YHAT} - {Y_}) = {num(step.loss, precision + 1)}"
    predictions = (
        rf"{YHAT} = {X_}{W_} + b\boldsymbol{{1}} = {matrix(Xb, precision, False)}{matrix(step.w_before, precision, False)}"
        rf" + ({num(step.b_before, precision, False)}){ones} = {y_hat}"
    )
    partials = (
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial {YHAT}}} = \frac{{2}}{{N}}({YHAT} - {Y_}), \quad "
        rf"\frac{{\partial {YHAT}}}{{\partial {W_}}} = {X_}, \quad "
        rf"\frac{{\partial {YHAT}}}{{\partial b}} = \boldsymbol{{1}}"
    )
    gradients = (
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial {W_}}} = \frac{{2}}{{N}} {X_}^\top ({YHAT} - {Y_}), \quad "
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial b}} = \frac{{2}}{{N}} \boldsymbol{{1}}^\top ({YHAT} - {Y_})"
    )
    dw = rf"\frac{{\partial \mathcal{{L}}}}{{\partial {W_}}}\bigg|_{{{w_t}}} = {frac}{x_t}{diff} = {matrix(step.dw, precision)}"
    db = rf"\frac{{\partial \mathcal{{L}}}}{{\partial b}}\bigg|_{{{b_t}}} = {frac}{ones_t}{diff} = {num(step.db, precision)}"
    eta = num(step.eta, 6, False)
    w_new = (
        rf"{W_}^{{({step.t})}} = {w_t} - \eta \frac{{\partial \mathcal{{L}}}}{{\partial {W_}}}\bigg|_{{{w_t}}}"
        rf" = {matrix(step.w_before, precision)} - {eta} {matrix(step.dw, precision)} = {matrix(step.w_after, precision)}"
    )
    b_new = (
        rf"b^{{({step.t})}} = {b_t} - \eta \frac{{\partial \mathcal{{L}}}}{{\partial b}}\bigg|_{{{b_t}}}"
        rf" = {num(step.b_before, precision)} - {eta}\,({num(step.db, precision)}) = {num(step.b_after, precision)}"
    )
    return {
        "Step 1: the loss and the predictions": [loss, predictions],
        "Step 2: the partial derivatives": [partials],
        "Step 3: the gradients": [gradients],
        "Step 4: evaluate them at the current parameters": [dw, db],
        "Step 5: update with the learning rate": [rf"\eta = {eta}", w_new, b_new],
    }
