"""Backpropagation written out: the exercise's update of one neuron, and the phases of one network iteration."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

import nnmath as nm

from .latex import matrix, num, row_vector, sig


def neuron_step(step: nm.GDStep, precision: int = 4) -> list[str]:
    """The exercise's update theta(t) -> theta(t+1) for one neuron y_hat = w x + b, sums written out."""
    x, y, y_hat = step.X_batch[:, 0], step.y_batch, step.y_hat
    w, b, t = float(step.w_before[0]), step.b_before, step.t - 1
    n = step.n
    pred = ", ".join(
        rf"{num(w, precision, False)}\cdot {num(xi, precision, False)} + {num(b, precision, False)}" for xi in x
    )
    resid = " + ".join(rf"({num(r, precision, False)})" for r in step.residual)
    resid_x = " + ".join(
        rf"({num(r, precision, False)})({num(xi, precision, False)})" for r, xi in zip(step.residual, x, strict=True)
    )
    eta = num(step.eta, 6, False)
    return [
        rf"\theta^{{({t})}} = (w^{{({t})}}, b^{{({t})}}) = ({num(w, precision + 2, False)},\ {num(b, precision + 2, False)})",
        rf"\hat{{y}}_i = w^{{({t})}} x_i + b^{{({t})}}: \quad \hat{{\boldsymbol{{y}}}} = ({pred}) = {row_vector(y_hat, precision, False)}",
        rf"\hat{{\boldsymbol{{y}}}} - \boldsymbol{{y}} = {row_vector(y_hat, precision, False)} - {row_vector(y, precision, False)} = {row_vector(step.residual, precision, False)}",
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial w}} = \frac{{2}}{{N}}\sum_{{i=1}}^{{{n}}} (\hat{{y}}_i - y_i)\, x_i = \frac{{2}}{{{n}}}\bigl[{resid_x}\bigr] = {num(step.dw[0], precision + 2, False)}",
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial b}} = \frac{{2}}{{N}}\sum_{{i=1}}^{{{n}}} (\hat{{y}}_i - y_i) = \frac{{2}}{{{n}}}\bigl[{resid}\bigr] = {num(step.db, precision + 2, False)}",
        rf"w^{{({t + 1})}} = {num(w, precision + 2, False)} - {eta}\,({num(step.dw[0], precision + 2, False)}) = {num(step.w_after[0], 6)}, \qquad "
        rf"b^{{({t + 1})}} = {num(b, precision + 2, False)} - {eta}\,({num(step.db, precision + 2, False)}) = {num(step.b_after, 6)}",
    ]


PHASES = ("Forward pass", "Loss", "Output delta", "Hidden deltas", "Gradients", "Update")
"""The phases of one backpropagation iteration, in order."""


def _f(name: str) -> str:
    return {"sigmoid": r"\sigma", "exponential": r"\exp", "linear": r"\mathrm{id}"}.get(
        name, rf"\mathrm{{{name.replace('_', '')}}}"
    )


def backprop_phase(
    net: nm.Network, g: nm.Gradients, y: ArrayLike, phase: str, i: int | None, eta: float, precision: int = 5
) -> list[str]:
    """One phase of backpropagation with the numbers of observation ``i`` (from 0), or the batch mean if None.

    Layers are numbered from 1 as in the lecture: z^(k) = a^(k-1) W^(k) + b^(k), a^(k) = f_k(z^(k)),
    a^(0) = x, and delta^(k) is the gradient of the observation's loss with respect to z^(k).
    """
    yv = np.asarray(y, dtype=float).reshape(len(g.forward.inputs), -1)
    L = len(net.layers)
    obs = (lambda a: np.asarray(a)[i]) if i is not None else (lambda a: np.mean(np.asarray(a), axis=0))
    who = rf"\text{{observation }} {i + 1}" if i is not None else r"\text{batch mean}"
    fp = g.forward
    out: list[str] = []
    if phase == "Forward pass":
        a_prev = obs(fp.inputs)
        out.append(rf"{who}:\quad \boldsymbol{{a}}^{{(0)}} = \boldsymbol{{x}} = {row_vector(a_prev, precision, False)}")
        for k in range(L):
            b = net.biases[k]
            bias = rf" + {row_vector(b, precision, False)}" if b is not None else ""
            out.append(
                rf"\boldsymbol{{z}}^{{({k + 1})}} = \boldsymbol{{a}}^{{({k})}} W^{{({k + 1})}}{' + b^{(' + str(k + 1) + ')}' if b is not None else ''}"
                rf" = {row_vector(a_prev, precision, False)} {matrix(net.weights[k], precision, False)}{bias} = {row_vector(obs(fp.z[k]), precision, False)}"
            )
            a_prev = obs(fp.a[k])
            out.append(
                rf"\boldsymbol{{a}}^{{({k + 1})}} = {_f(net.layers[k].name)}\bigl(\boldsymbol{{z}}^{{({k + 1})}}\bigr) = {row_vector(a_prev, precision, False)}"
                + (r" = \hat{y}" if k == L - 1 else "")
            )
        if i is None:
            out.append(r"\text{(The batch mean of each quantity; each observation is computed the same way.)}")
    elif phase == "Loss":
        if i is not None:
            out.append(
                rf"\ell_{{{i + 1}}} = (\hat{{y}}_{{{i + 1}}} - y_{{{i + 1}}})^2 = ({num(fp.output[i, 0], precision, False)} - {num(yv[i, 0], precision, False)})^2"
                rf" = {num((fp.output[i, 0] - yv[i, 0]) ** 2, precision, False)}"
            )
        out.append(
            rf"\mathcal{{L}} = \frac{{1}}{{N}}\sum_{{i=1}}^{{N}} (\hat{{y}}_i - y_i)^2 = {sig(g.loss)} \quad (N = {len(yv)})"
        )
    elif phase == "Output delta":
        k = L - 1
        z = obs(fp.z[k])
        resid = obs(fp.output - yv)
        slope = obs(net.layers[k].grad_from_output(fp.z[k], fp.a[k]))
        out.append(
            rf"\delta^{{({L})}} = \frac{{\partial \ell}}{{\partial \hat{{y}}}} \cdot f_{{{L}}}'(z^{{({L})}}) = 2(\hat{{y}} - y)\cdot f_{{{L}}}'(z^{{({L})}})"
        )
        if net.layers[k].name == "exponential":
            out.append(r"f'(z) = e^{z} = \hat{y} \quad\text{(the exponential is its own derivative)}")
        if i is not None:
            out.append(
                rf"{who}:\quad \delta^{{({L})}} = 2\,({num(resid[0], precision, False)})\,({num(slope[0], precision, False)}) = {num(obs(g.deltas[k])[0], precision, False)}"
                rf" \quad (z^{{({L})}} = {num(z[0], precision, False)})"
            )
        else:
            out.append(rf"{who}:\quad \overline{{\delta^{{({L})}}}} = {row_vector(obs(g.deltas[k]), precision, False)}")
    elif phase == "Hidden deltas":
        for k in range(L - 2, -1, -1):
            W_next = net.weights[k + 1]
            out.append(
                rf"\delta^{{({k + 1})}}_j = \Bigl(\sum_m w^{{({k + 2})}}_{{jm}}\, \delta^{{({k + 2})}}_m\Bigr)\, f_{{{k + 1}}}'(z^{{({k + 1})}}_j)"
                + (r",\quad \sigma' = \sigma(1 - \sigma)" if net.layers[k].name == "sigmoid" else "")
            )
            if i is not None:
                d_next = g.deltas[k + 1][i]
                slope = net.layers[k].grad_from_output(fp.z[k][i], fp.a[k][i])
                for j in range(W_next.shape[0]):
                    terms = " + ".join(
                        rf"({num(W_next[j, m], precision, False)})({num(d_next[m], precision, False)})"
                        for m in range(W_next.shape[1])
                    )
                    out.append(
                        rf"\delta^{{({k + 1})}}_{{{j + 1}}} = \bigl[{terms}\bigr]\,({num(slope[j], precision, False)}) = {num(g.deltas[k][i, j], precision, False)}"
                    )
            else:
                out.append(
                    rf"{who}:\quad \overline{{\boldsymbol{{\delta}}^{{({k + 1})}}}} = {row_vector(obs(g.deltas[k]), precision, False)}"
                )
        if L == 1:
            out.append(r"\text{This network has no hidden layer.}")
    elif phase == "Gradients":
        for k in range(L - 1, -1, -1):
            a_prev = fp.a[k - 1] if k > 0 else fp.inputs
            db_k = g.db[k]
            out.append(
                rf"\frac{{\partial \mathcal{{L}}}}{{\partial W^{{({k + 1})}}}} = \frac{{1}}{{N}}\sum_i \boldsymbol{{a}}^{{({k})\top}}_i \boldsymbol{{\delta}}^{{({k + 1})}}_i = {matrix(g.dW[k], precision)}"
                + (
                    rf", \quad \frac{{\partial \mathcal{{L}}}}{{\partial b^{{({k + 1})}}}} = {row_vector(db_k, precision)}"
                    if db_k is not None
                    else ""
                )
            )
            if i is not None:
                contribution = np.outer(a_prev[i], g.deltas[k][i])
                out.append(
                    rf"{who}\text{{'s term}}:\ \boldsymbol{{a}}^{{({k})\top}}_{{{i + 1}}} \boldsymbol{{\delta}}^{{({k + 1})}}_{{{i + 1}}} = {matrix(contribution, precision)}"
                )
    elif phase == "Update":
        new = nm.GD(eta).step(
            net.parameters(), [p for pair in zip(g.dW, g.db, strict=True) for p in pair if p is not None]
        )
        it = iter(new)
        for k in range(L):
            W_new = next(it)
            out.append(
                rf"W^{{({k + 1})}} \leftarrow W^{{({k + 1})}} - \eta \frac{{\partial \mathcal{{L}}}}{{\partial W^{{({k + 1})}}}} = {matrix(net.weights[k], precision + 3)} - {num(eta, 6, False)} {matrix(g.dW[k], precision)} = {matrix(W_new, precision + 3)}"
            )
            b_k, db_k = net.biases[k], g.db[k]
            if b_k is not None and db_k is not None:
                b_new = next(it)
                out.append(
                    rf"b^{{({k + 1})}} \leftarrow {row_vector(b_k, precision + 3)} - {num(eta, 6, False)} {row_vector(db_k, precision)} = {row_vector(b_new, precision + 3)}"
                )
    else:
        raise ValueError(f"Unknown phase {phase!r}; choose one of: {', '.join(PHASES)}.")
    return out
