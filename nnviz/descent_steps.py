"""The lecture's Steps 1-5 of gradient descent, with one update's batch and numbers substituted.

Steps 1-4 are the lecture's (the loss, the partial derivatives, the gradients, their values on this batch);
Step 5 is the chosen optimizer's update rule with this update's numbers: :data:`STEP_5` holds one renderer
per optimizer of nnmath's registry (plain gradient descent writes w and b as the lecture does; the others
write theta = (w_1, ..., w_p, b) with their state: velocity, moments, Adam's alpha_t).

:func:`display` breaks each formula into aligned lines at its top-level '=' signs, so that a derivation
fits a narrow column instead of scrolling sideways.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

import nnmath as nm

from .equations import W_, X_, Y_, YHAT
from .latex import matrix, num, sig, underbrace

LECTURE_BATCH = 3
"""Batches up to this size are written as the lecture writes them, X^T times [y_hat - y] each labelled, when
that line fits LECTURE_LINE_CHARS; otherwise y_hat - y is worked out first."""
LECTURE_LINE_CHARS = 30
"""The widest line (in characters of its numbers, gaps and signs) a narrow column shows without scrolling."""
MATRIX_CHARS = 30
"""Characters a written-out row of X^T may take (entries and gaps); wider batches are elided with a '...'."""
THETA = r"\theta"
GRAD = "g"
SYMBOLS = {
    "eta": r"\eta",
    "learning_rate": r"\eta",
    "momentum": "m",
    "rho": r"\rho",
    "beta_1": r"\beta_1",
    "beta_2": r"\beta_2",
    "epsilon": r"\epsilon",
}
"""How the update rules write each optimizer parameter (by its name in nnmath's registry)."""


def _columns(values: np.ndarray, precision: int) -> int:
    """How many columns of ``values`` (p x N) to write out so a row stays within MATRIX_CHARS."""
    widest = max((len(num(v, precision, False)) for v in np.ravel(values)), default=1)
    return int(np.clip(MATRIX_CHARS // (widest + 3), 3, 8))


def _chars(values: np.ndarray, precision: int) -> int:
    """Characters a written-out matrix takes (a vector is a column): its columns' widest entries, a gap after each."""
    cells = np.asarray(values, dtype=float)
    cells = cells.reshape(-1, 1) if cells.ndim == 1 else cells
    widths = [max(len(num(v, precision, False)) for v in column) for column in cells.T]
    return sum(widths) + 2 * len(widths)


def _predictions(step: nm.GDStep, precision: int, y_hat: str) -> str:
    ones = matrix(np.ones(step.n), 0, False) if step.n <= LECTURE_BATCH else r"\boldsymbol{1}"
    return (
        rf"{YHAT} = {X_}{W_} + b\boldsymbol{{1}} = {matrix(step.X_batch, precision, False)}"
        rf"{matrix(step.w_before, precision, False)} + ({num(step.b_before, precision, False)}){ones} = {y_hat}"
    )


def _gradient_values(step: nm.GDStep, precision: int) -> list[str]:
    """Step 4: dL/dw and dL/db on this batch, at the parameters before the update."""
    N = step.n
    frac = rf"\frac{{2}}{{{N}}}"
    w_t, b_t = rf"{W_}^{{({step.t - 1})}}", rf"b^{{({step.t - 1})}}"
    dw_lhs = rf"\frac{{\partial \mathcal{{L}}}}{{\partial {W_}}}\bigg|_{{{w_t}}}"
    db_lhs = rf"\frac{{\partial \mathcal{{L}}}}{{\partial b}}\bigg|_{{{b_t}}}"
    cols = _columns(step.X_batch, precision)
    x_t = underbrace(matrix(step.X_batch.T, precision, False, max_rows=12, max_cols=cols), X_ + r"^\top")
    ones_t = underbrace(matrix(np.ones((1, N)), 0, False, max_cols=cols), r"\boldsymbol{1}^\top")
    line = _chars(step.X_batch.T, precision) + _chars(step.y_hat, precision) + _chars(step.y_batch, precision)
    if N <= LECTURE_BATCH and line + 8 <= LECTURE_LINE_CHARS:
        y_hat = matrix(step.y_hat, precision, False)
        diff = rf"\Bigg[{underbrace(y_hat, YHAT)} - {underbrace(matrix(step.y_batch, precision, False), Y_)}\Bigg]"
        return [
            rf"{dw_lhs} = {frac}{x_t}{diff} = {matrix(step.dw, precision)}",
            rf"{db_lhs} = {frac}{ones_t}{diff} = {num(step.db, precision)}",
        ]
    residual = matrix(step.residual, precision)
    return [
        rf"{YHAT} - {Y_} = {matrix(step.y_hat, precision, False)} - {matrix(step.y_batch, precision, False)}"
        rf" = {residual}",
        rf"{dw_lhs} = {frac}{X_}^\top({YHAT} - {Y_}) = {frac}{x_t}{residual} = {matrix(step.dw, precision)}",
        rf"{db_lhs} = {frac}\boldsymbol{{1}}^\top({YHAT} - {Y_}) = {frac}{ones_t}{residual} = {num(step.db, precision)}",
    ]


def _plain_update(step: nm.GDStep, values: Mapping[str, float], precision: int) -> list[str]:
    """The lecture's Step 5: w and b each move against their gradient."""
    w_t, b_t = rf"{W_}^{{({step.t - 1})}}", rf"b^{{({step.t - 1})}}"
    eta = num(step.eta, 6, False)
    return [
        rf"\eta = {eta}",
        rf"{W_}^{{({step.t})}} = {w_t} - \eta \frac{{\partial \mathcal{{L}}}}{{\partial {W_}}}\bigg|_{{{w_t}}}"
        rf" = {matrix(step.w_before, precision)} - {eta} {matrix(step.dw, precision)} = {matrix(step.w_after, precision)}",
        rf"b^{{({step.t})}} = {b_t} - \eta \frac{{\partial \mathcal{{L}}}}{{\partial b}}\bigg|_{{{b_t}}}"
        rf" = {num(step.b_before, precision)} - {eta}\,({num(step.db, precision)}) = {num(step.b_after, precision)}",
    ]


def _at(symbol: str, t: int) -> str:
    return rf"{symbol}^{{({t})}}"


def _settings(values: Mapping[str, float]) -> str:
    """The optimizer's parameters, two a line, e.g. eta = 0.1, m = 0.9."""
    items = [rf"{SYMBOLS.get(k, k)}={sig(v, 4)}" for k, v in values.items()]
    lines = [r",\qquad ".join(items[k : k + 2]) for k in range(0, len(items), 2)]
    return r"\begin{gathered} " + r" \\ ".join(lines) + r" \end{gathered}"


def _theta_and_gradient(step: nm.GDStep, precision: int) -> list[str]:
    """theta = (w, b) before the update and the gradient g = (dL/dw, dL/db) there."""
    s = step.t - 1
    return [
        rf"{_at(THETA, s)} = \begin{{pmatrix}} {W_}^{{({s})}} \\ b^{{({s})}} \end{{pmatrix}}"
        rf" = {matrix(_theta_before(step), precision)}",
        rf"{_at(GRAD, s)} = \begin{{pmatrix}} \partial \mathcal{{L}} / \partial {W_} \\ \partial \mathcal{{L}} / \partial b"
        rf" \end{{pmatrix}} = {matrix(_gradient(step), precision)}",
    ]


def _theta_before(step: nm.GDStep) -> np.ndarray:
    """θ(t-1) = (w(t-1), b(t-1)), the parameters the update starts from."""
    return np.append(step.w_before, step.b_before)


def _theta_after(step: nm.GDStep) -> np.ndarray:
    """θ(t) = (w(t), b(t)), the parameters after the update."""
    return np.append(step.w_after, step.b_after)


def _gradient(step: nm.GDStep) -> np.ndarray:
    """g(t-1) = (dL/dw, dL/db) on the update's batch."""
    return np.append(step.dw, step.db)


def _momentum_update(step: nm.GDStep, values: Mapping[str, float], precision: int) -> list[str]:
    """v(t) = m v(t-1) - eta g(t-1); theta(t) = theta(t-1) + v(t)."""
    s, t = step.t - 1, step.t
    m, eta = sig(values["momentum"], 4), sig(values["eta"], 4)
    v_before, v_after = step.state_before["velocity"], step.state_after["velocity"]
    theta = _theta_before(step)
    return [
        _settings(values),
        *_theta_and_gradient(step, precision),
        rf"{_at('v', t)} = m\, {_at('v', s)} - \eta\, {_at(GRAD, s)} = {m} {matrix(v_before, precision)}"
        rf" - {eta} {matrix(_gradient(step), precision)} = {matrix(v_after, precision)}",
        rf"{_at(THETA, t)} = {_at(THETA, s)} + {_at('v', t)} = {matrix(theta, precision)} + {matrix(v_after, precision)}"
        rf" = {matrix(_theta_after(step), precision)}",
    ]


def _rmsprop_update(step: nm.GDStep, values: Mapping[str, float], precision: int) -> list[str]:
    """v(t) = rho v(t-1) + (1 - rho) g(t-1)^2; theta(t) = theta(t-1) - eta g(t-1) / sqrt(v(t) + epsilon)."""
    s, t = step.t - 1, step.t
    rho = sig(values["rho"], 4)
    g = _gradient(step)
    v_before, v_after = step.state_before["v"], step.state_after["v"]
    theta = _theta_before(step)
    return [
        _settings(values),
        *_theta_and_gradient(step, precision),
        rf"{_at('v', t)} = \rho\, {_at('v', s)} + (1 - \rho) \bigl({_at(GRAD, s)}\bigr)^2 = {rho} {matrix(v_before, precision)}"
        rf" + {sig(1 - values['rho'], 4)} {matrix(g * g, precision)} = {matrix(v_after, precision)}",
        rf"\frac{{\eta\, {_at(GRAD, s)}}}{{\sqrt{{{_at('v', t)} + \epsilon}}}} = {matrix(-step.update, precision)}",
        rf"{_at(THETA, t)} = {_at(THETA, s)} - \frac{{\eta\, {_at(GRAD, s)}}}{{\sqrt{{{_at('v', t)} + \epsilon}}}}"
        rf" = {matrix(theta, precision)} - {matrix(-step.update, precision)} = {matrix(_theta_after(step), precision)}",
    ]


def _adam_update(step: nm.GDStep, values: Mapping[str, float], precision: int) -> list[str]:
    """Adam's moments m, v, its step size alpha_t and the update, as Keras writes them."""
    s, t = step.t - 1, step.t
    b1, b2 = values["beta_1"], values["beta_2"]
    g = _gradient(step)
    m0, m1 = step.state_before["m"], step.state_after["m"]
    v0, v1 = step.state_before["v"], step.state_after["v"]
    theta = _theta_before(step)
    alpha = sig(step.step_size if step.step_size is not None else float("nan"), 4)
    return [
        _settings(values),
        *_theta_and_gradient(step, precision),
        rf"{_at('m', t)} = {_at('m', s)} + \bigl({_at(GRAD, s)} - {_at('m', s)}\bigr)(1 - \beta_1)"
        rf" = {matrix(m0, precision)} + {matrix(g - m0, precision)}\,{sig(1 - b1, 4)} = {matrix(m1, precision)}",
        rf"{_at('v', t)} = {_at('v', s)} + \bigl(({_at(GRAD, s)})^2 - {_at('v', s)}\bigr)(1 - \beta_2)"
        rf" = {matrix(v0, precision)} + {matrix(g * g - v0, precision)}\,{sig(1 - b2, 4)} = {matrix(v1, precision)}",
        rf"\alpha_{{{t}}} = \eta\, \frac{{\sqrt{{1 - \beta_2^{{\,{t}}}}}}}{{1 - \beta_1^{{\,{t}}}}}"
        rf" = {sig(values['learning_rate'], 4)}\, \frac{{\sqrt{{1 - {sig(b2, 4)}^{{{t}}}}}}}{{1 - {sig(b1, 4)}^{{{t}}}}} = {alpha}",
        rf"{_at(THETA, t)} = {_at(THETA, s)} - \alpha_{{{t}}} \frac{{{_at('m', t)}}}{{\sqrt{{{_at('v', t)}}} + \epsilon}}"
        rf" = {matrix(theta, precision)} - {matrix(-step.update, precision)} = {matrix(_theta_after(step), precision)}",
    ]


Renderer = Callable[[nm.GDStep, Mapping[str, float], int], list[str]]

STEP_5: dict[str, tuple[str, Renderer]] = {
    "GD": ("Step 5: update with the learning rate", _plain_update),
    "Momentum": ("Step 5: update with momentum", _momentum_update),
    "RMSprop": ("Step 5: update with RMSprop", _rmsprop_update),
    "Adam": ("Step 5: update with Adam", _adam_update),
}
"""Optimizer name (nnmath's registry) -> Step 5's title and the renderer of its update with this step's numbers."""


def gd_steps(step: nm.GDStep, precision: int = 3, values: Mapping[str, float] | None = None) -> dict[str, list[str]]:
    """The lecture's Steps 1-5 for one update, with this update's batch and numbers.

    Parameters
    ----------
    step : nnmath.GDStep
        The update's working (``nm.step_detail``).
    precision : int
        Decimals of the numbers shown.
    values : mapping, optional
        The optimizer's hyperparameters by name (``GDHistory.optimizer_values``); plain gradient descent
        needs none (its eta is on the step).

    Returns
    -------
    dict
        Step title -> its equations (LaTeX, one per line), in the lecture's order. Step 5 is the optimizer's
        update rule (:data:`STEP_5`): its rule as nnmath writes it, then the numbers.
    """
    y_hat = matrix(step.y_hat, precision, False)
    loss = rf"\mathcal{{L}} = \frac{{1}}{{N}}({YHAT} - {Y_})^\top({YHAT} - {Y_}) = {sig(step.loss)}"
    partials = (
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial {YHAT}}} = \frac{{2}}{{N}}({YHAT} - {Y_}), \quad "
        rf"\frac{{\partial {YHAT}}}{{\partial {W_}}} = {X_}, \quad "
        rf"\frac{{\partial {YHAT}}}{{\partial b}} = \boldsymbol{{1}}"
    )
    gradients = (
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial {W_}}} = \frac{{2}}{{N}} {X_}^\top ({YHAT} - {Y_}), \quad "
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial b}} = \frac{{2}}{{N}} \boldsymbol{{1}}^\top ({YHAT} - {Y_})"
    )
    title, render = STEP_5[step.optimizer_name]
    rule = [] if step.optimizer_name == "GD" else [r", \quad ".join(nm.OPTIMIZERS[step.optimizer_name].latex)]
    return {
        "Step 1: the loss and the predictions": [loss, _predictions(step, precision, y_hat)],
        "Step 2: the partial derivatives": [partials],
        "Step 3: the gradients": [gradients],
        "Step 4: evaluate them at the current parameters": _gradient_values(step, precision),
        title: rule + render(step, values or {"eta": step.eta}, precision),
    }


def _top_level(latex: str, separator: str) -> list[str]:
    """``latex`` split at each ``separator`` outside braces and environments."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(latex):
        if latex.startswith(r"\begin{", i):
            depth += 1
        elif latex.startswith(r"\end{", i):
            depth -= 1
        if latex[i] == "\\":
            i += 2
            continue
        if latex[i] == "{":
            depth += 1
        elif latex[i] == "}":
            depth -= 1
        elif depth == 0 and latex.startswith(separator, i):
            parts.append(latex[start:i])
            start = i = i + len(separator)
            continue
        i += 1
    parts.append(latex[start:])
    return [p.strip() for p in parts]


def aligned(latex: str) -> str:
    """A formula as aligned lines: each equation of a ``\\quad`` list on its own line, broken at its '=' signs.

    ``a = b = c, \\quad d = e`` becomes ``a &= b \\\\ &= c \\\\ d &= e`` in an ``aligned`` environment; a
    single ``a = b`` is left as it is.
    """
    lines = []
    for equation in _top_level(latex.removesuffix(","), r", \quad"):
        first, *rest = _top_level(equation, " = ")
        if not rest:
            lines.append(first)
            continue
        if len(rest) > 1 and r"\bigg|" in first:  # a wide left side: alone on the first line, flush left
            lines += [f"& {first}", *(rf"&\quad = {part}" for part in rest)]
            continue
        lines.append(f"{first} &= {rest[0]}")
        lines += [f"&= {part}" for part in rest[1:]]
    if len(lines) == 1 and lines[0].count("&=") <= 1:
        return latex
    return r"\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}"


def display(sections: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Steps as they are shown in a narrow column: every formula through :func:`aligned`."""
    return {title: [aligned(latex) for latex in lines] for title, lines in sections.items()}
