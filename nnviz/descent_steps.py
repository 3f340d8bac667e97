"""The lecture's Steps 1-5 of gradient descent, with one update's batch and numbers substituted."""

from __future__ import annotations

import numpy as np

import nnmath as nm

from .equations import W_, X_, Y_, YHAT
from .latex import matrix, num, row_vector, sig, underbrace


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
    loss = rf"\mathcal{{L}} = \frac{{1}}{{N}}({YHAT} - {Y_})^\top({YHAT} - {Y_}) = {sig(step.loss)}"
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
