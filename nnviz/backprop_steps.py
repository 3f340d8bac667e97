"""Backpropagation written out: the exercise's update of one neuron, and the phases of one network iteration.

Every formula is laid out to fit a 380 px column (Part 1) or a 560 px page (Part 2, the narrowest a
1024 x 768 projector leaves beside the sidebar): long sums and vectors break over the lines of an
``aligned`` block, and a weight matrix is written as its columns, one neuron at a time, as the lecture's code
writes ``w1_1_hat`` and ``w1_2_hat``.

The phases of Part 2 are a table (:data:`PHASE_TABLE`): each names its renderer, the values a student is
asked for in practice, and the terms of the network diagram it highlights.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

import nnmath as nm

from .latex import matrix, num, row_vector

Blanks = list[tuple[str, float]]
"""Values a student is asked for: (label in plain text, value)."""


def aligned(*rows: str) -> str:
    """Rows of an ``aligned`` block (each row marks its alignment point with ``&``)."""
    return r"\begin{aligned} " + r" \\ ".join(rows) + r" \end{aligned}"


# ---------------------------------------------------------------- Part 1: one neuron


def _sum_lines(terms: list[str], per_line: int = 2) -> list[str]:
    """``terms`` summed inside brackets, ``per_line`` to a row of an aligned block (after ``&= 2/3``)."""
    chunks = [" + ".join(terms[k : k + per_line]) for k in range(0, len(terms), per_line)]
    rows = [rf"&= \tfrac{{2}}{{{len(terms)}}}\bigl[{chunks[0]}"]
    rows += [rf"&\qquad + {chunk}" for chunk in chunks[1:]]
    rows[-1] += r"\bigr]"
    return rows


def neuron_step(step: nm.GDStep, precision: int = 4) -> list[str]:
    """The exercise's update theta(t) -> theta(t+1) for one neuron y_hat = w x + b, sums written out."""
    x, y_hat = step.X_batch[:, 0], step.y_hat
    w, b, t = float(step.w_before[0]), step.b_before, step.t - 1
    n = step.n

    def short(v: float) -> str:
        return num(v, precision, False)

    def long(v: float) -> str:
        return num(v, precision + 2, False)

    predictions = [
        rf"\hat{{y}}_{{{i + 1}}} &= {short(w)} \cdot {short(xi)} + {short(b)} = {short(yi)}"
        for i, (xi, yi) in enumerate(zip(x, y_hat, strict=True))
    ]
    dw_terms = [rf"({short(r)})({short(xi)})" for r, xi in zip(step.residual, x, strict=True)]
    db_terms = [rf"({short(r)})" for r in step.residual]
    eta = num(step.eta, 6, False)
    return [
        rf"\theta^{{({t})}} = (w^{{({t})}}, b^{{({t})}}) = ({long(w)},\ {long(b)})",
        aligned(*predictions),
        r"\hat{\boldsymbol{y}} - \boldsymbol{y} = (" + r",\ ".join(short(r) for r in step.residual) + ")",
        aligned(
            rf"\frac{{\partial \mathcal{{L}}}}{{\partial w}} &= \frac{{2}}{{N}}\sum_{{i=1}}^{{{n}}} (\hat{{y}}_i - y_i)\, x_i",
            *_sum_lines(dw_terms),
            rf"&= {long(step.dw[0])}",
        ),
        aligned(
            rf"\frac{{\partial \mathcal{{L}}}}{{\partial b}} &= \frac{{2}}{{N}}\sum_{{i=1}}^{{{n}}} (\hat{{y}}_i - y_i)",
            *_sum_lines(db_terms),
            rf"&= {long(step.db)}",
        ),
        rf"w^{{({t + 1})}} = {long(w)} - {eta}\,({long(step.dw[0])}) = {num(step.w_after[0], 6)}",
        rf"b^{{({t + 1})}} = {long(b)} - {eta}\,({long(step.db)}) = {num(step.b_after, 6)}",
    ]


def neuron_blanks(step: nm.GDStep) -> Blanks:
    """Practice for the exercise: the next parameters w(t+1) and b(t+1)."""
    t = step.t
    return [(f"w({t})", float(step.w_after[0])), (f"b({t})", float(step.b_after))]


# ---------------------------------------------------------------- Part 2: the phases of one iteration


@dataclass(frozen=True)
class Moment:
    """One iteration of the network as the phases show it.

    ``net`` holds the iteration's parameters and ``g`` its backpropagation on all rows; ``i`` is the
    observation shown (from 0), or None for the batch mean of each quantity; ``y`` has shape (n, q).
    Layers are numbered from 1 as in the lecture: z^(k) = a^(k-1) W^(k) + b^(k), a^(k) = f_k(z^(k)),
    a^(0) = x, and delta^(k) is the gradient of the observation's loss with respect to z^(k).
    """

    net: nm.Network
    g: nm.Gradients
    y: np.ndarray
    i: int | None
    eta: float
    precision: int = 4

    @property
    def n_layers(self) -> int:
        return len(self.net.layers)

    def obs(self, values: ArrayLike) -> np.ndarray:
        """The observation's row of ``values`` (n, k), or its batch mean."""
        arr = np.asarray(values, dtype=float)
        return arr[self.i] if self.i is not None else arr.mean(axis=0)

    @property
    def who(self) -> str:
        return rf"\text{{observation }} {self.i + 1}" if self.i is not None else r"\text{batch mean}"

    def bar(self, symbol: str) -> str:
        """``symbol`` as shown: itself for one observation, overlined for the batch mean."""
        return symbol if self.i is not None else rf"\overline{{{symbol}}}"

    def n(self, v: float, extra: int = 0) -> str:
        return num(v, self.precision + extra, False)

    def a_prev(self, k: int) -> np.ndarray:
        """a^(k) for all rows: the inputs for k = 0."""
        fp = self.g.forward
        return fp.inputs if k == 0 else fp.a[k - 1]


def _f(name: str) -> str:
    return {"sigmoid": r"\sigma", "exponential": r"\exp", "linear": r"\mathrm{id}"}.get(
        name, rf"\mathrm{{{name.replace('_', '')}}}"
    )


def _col(values: ArrayLike, precision: int) -> str:
    return matrix(np.asarray(values, dtype=float).reshape(-1), precision, False)


def forward_pass(m: Moment) -> list[str]:
    """z and a of every neuron, one neuron (one column of W) at a time."""
    fp, L = m.g.forward, m.n_layers
    a0, x = m.bar(r"\boldsymbol{a}^{(0)}"), m.bar(r"\boldsymbol{x}")
    out = [rf"{m.who}:\quad {a0} = {x} = {row_vector(m.obs(fp.inputs), m.precision, False)}"]
    for k in range(L):
        a_prev = m.obs(m.a_prev(k))
        W, b = m.net.weights[k], m.net.biases[k]
        z, a = m.obs(fp.z[k]), m.obs(fp.a[k])
        a_in = m.bar(rf"\boldsymbol{{a}}^{{({k})}}")
        f = _f(m.net.layers[k].name)
        sums, outputs = [], []
        for j in range(W.shape[1]):
            z_j = m.bar(rf"z^{{({k + 1})}}_{{{j + 1}}}")
            a_j = m.bar(rf"a^{{({k + 1})}}_{{{j + 1}}}")
            f_z = m.bar(rf"{f}(z^{{({k + 1})}}_{{{j + 1}}})")
            bias = rf" + b^{{({k + 1})}}_{{{j + 1}}}" if b is not None else ""
            bias_value = rf" + {m.n(b[j])}" if b is not None else ""
            sums.append(rf"{z_j} &= {a_in}\, \boldsymbol{{w}}^{{({k + 1})}}_{{{j + 1}}}{bias}")
            sums.append(
                rf"&= {row_vector(a_prev, m.precision, False)} {_col(W[:, j], m.precision)}{bias_value} = {m.n(z[j])}"
            )
            is_output = k == L - 1 and W.shape[1] == 1
            outputs.append(rf"{a_j} &= {f_z} = {m.n(a[j])}" + (" = " + m.bar(r"\hat{y}") if is_output else ""))
        out += [aligned(*sums), aligned(*outputs)]
    if m.i is None:
        out.append(r"\text{(Batch means: each observation is computed the same way.)}")
    return out


def loss(m: Moment) -> list[str]:
    """The observation's squared error, then the MSE over all rows."""
    fp = m.g.forward
    out = []
    if m.i is not None:
        i, y_hat, y = m.i, float(fp.output[m.i, 0]), float(m.y[m.i, 0])
        out.append(
            aligned(
                rf"\ell_{{{i + 1}}} &= (\hat{{y}}_{{{i + 1}}} - y_{{{i + 1}}})^2",
                rf"&= ({m.n(y_hat)} - {m.n(y)})^2 = {m.n((y_hat - y) ** 2)}",
            )
        )
    rows = f"{len(m.y):,}".replace(",", "{,}")
    out.append(
        rf"\mathcal{{L}} = \frac{{1}}{{N}}\sum_{{i=1}}^{{N}} (\hat{{y}}_i - y_i)^2 = {num(m.g.loss, 10)} \quad (N = {rows})"
    )
    return out


def output_delta(m: Moment) -> list[str]:
    """delta of the output layer: the loss's slope times the activation's."""
    fp, L = m.g.forward, m.n_layers
    k = L - 1
    out = [
        aligned(
            rf"\delta^{{({L})}} &= \frac{{\partial \ell}}{{\partial \hat{{y}}}} \cdot f_{{{L}}}'(z^{{({L})}})",
            rf"&= 2(\hat{{y}} - y)\cdot f_{{{L}}}'(z^{{({L})}})",
        )
    ]
    if m.net.layers[k].name == "exponential":
        out.append(r"f'(z) = e^{z} = \hat{y} \quad\text{(the exponential is its own derivative)}")
    if m.i is not None:
        resid = m.obs(fp.output - m.y)
        slope = m.obs(m.net.layers[k].grad_from_output(fp.z[k], fp.a[k]))
        out.append(
            aligned(
                rf"{m.who}:\quad z^{{({L})}} &= {m.n(m.obs(fp.z[k])[0])}",
                rf"\delta^{{({L})}} &= 2\,({m.n(resid[0])})\,({m.n(slope[0])}) = {m.n(m.obs(m.g.deltas[k])[0])}",
            )
        )
    else:
        out.append(
            rf"{m.who}:\quad \overline{{\delta^{{({L})}}}} = {row_vector(m.obs(m.g.deltas[k]), m.precision, False)}"
        )
    return out


def hidden_deltas(m: Moment) -> list[str]:
    """Each hidden delta: the deltas of the layer above sent back along the weights, times f'."""
    fp, L = m.g.forward, m.n_layers
    out = []
    for k in range(L - 2, -1, -1):
        W_next = m.net.weights[k + 1]
        out.append(
            rf"\delta^{{({k + 1})}}_j = \Bigl(\sum_m w^{{({k + 2})}}_{{jm}}\, \delta^{{({k + 2})}}_m\Bigr)\, f_{{{k + 1}}}'(z^{{({k + 1})}}_j)"
        )
        if m.net.layers[k].name == "sigmoid":
            out.append(r"\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)")
        if m.i is not None:
            d_next = m.g.deltas[k + 1][m.i]
            slope = m.net.layers[k].grad_from_output(fp.z[k][m.i], fp.a[k][m.i])
            rows = []
            for j in range(W_next.shape[0]):
                terms = " + ".join(rf"({m.n(W_next[j, q])})({m.n(d_next[q])})" for q in range(W_next.shape[1]))
                rows.append(
                    rf"\delta^{{({k + 1})}}_{{{j + 1}}} &= \bigl[{terms}\bigr]\,({m.n(slope[j])}) = {m.n(m.g.deltas[k][m.i, j])}"
                )
            out.append(aligned(*rows))
        else:
            out.append(
                rf"{m.who}:\quad \overline{{\boldsymbol{{\delta}}^{{({k + 1})}}}} = {row_vector(m.obs(m.g.deltas[k]), m.precision, False)}"
            )
    if L == 1:
        out.append(r"\text{This network has no hidden layer.}")
    return out


def gradients(m: Moment) -> list[str]:
    """The gradient of each neuron's weights: the batch mean of delta times the neuron's inputs."""
    L = m.n_layers
    out = []
    for k in range(L - 1, -1, -1):
        dW, db = m.g.dW[k], m.g.db[k]
        for j in range(dW.shape[1]):
            w = rf"\boldsymbol{{w}}^{{({k + 1})}}_{{{j + 1}}}"
            rows = [
                rf"\frac{{\partial \mathcal{{L}}}}{{\partial {w}}} &= \frac{{1}}{{N}}\sum_i \delta^{{({k + 1})}}_{{i{j + 1}}}\, \boldsymbol{{a}}^{{({k})}}_i = {_col(dW[:, j], m.precision + 2)}"
            ]
            if db is not None:
                rows.append(
                    rf"\frac{{\partial \mathcal{{L}}}}{{\partial b^{{({k + 1})}}_{{{j + 1}}}}} &= \frac{{1}}{{N}}\sum_i \delta^{{({k + 1})}}_{{i{j + 1}}} = {m.n(db[j], 2)}"
                )
            if m.i is not None:
                i = m.i
                delta = float(m.g.deltas[k][i, j])
                a_prev = m.a_prev(k)[i]
                rows.append(
                    rf"\text{{obs. }} {i + 1}:\ \delta^{{({k + 1})}}_{{{i + 1},{j + 1}}}\, \boldsymbol{{a}}^{{({k})}}_{{{i + 1}}} &= ({m.n(delta)})\,{_col(a_prev, m.precision)} = {_col(delta * a_prev, m.precision)}"
                )
            out.append(aligned(*rows))
    return out


def update(m: Moment) -> list[str]:
    """One gradient-descent step for each neuron's weights (and biases)."""
    new = iter(nm.GD(m.eta).step(m.net.parameters(), m.g.as_list()))
    eta = num(m.eta, 6, False)
    out = []
    for k in range(m.n_layers):
        W, W_new, dW = m.net.weights[k], next(new), m.g.dW[k]
        for j in range(W.shape[1]):
            w = rf"\boldsymbol{{w}}^{{({k + 1})}}_{{{j + 1}}}"
            out.append(
                aligned(
                    rf"{w} &\leftarrow {w} - \eta\, \frac{{\partial \mathcal{{L}}}}{{\partial {w}}}",
                    rf"&= {_col(W[:, j], 8)} - {eta}\,{_col(dW[:, j], m.precision + 2)} = {_col(W_new[:, j], 8)}",
                )
            )
        b, db = m.net.biases[k], m.g.db[k]
        if b is not None and db is not None:
            b_new = next(new)
            rows = [
                rf"b^{{({k + 1})}}_{{{j + 1}}} &\leftarrow {num(b[j], 8, False)} - {eta}\,({m.n(db[j], 2)}) = {num(b_new[j], 8, False)}"
                for j in range(len(b))
            ]
            out.append(aligned(*rows))
    return out


def _forward_blanks(m: Moment) -> Blanks:
    fp, L = m.g.forward, m.n_layers
    hidden = [(f"a({k + 1})_{j + 1}", float(m.obs(fp.a[k])[j])) for k in range(L - 1) for j in range(fp.a[k].shape[1])]
    return [*hidden, ("ŷ", float(m.obs(fp.output)[0]))]


def _loss_blanks(m: Moment) -> Blanks:
    if m.i is None:
        return [("L (the MSE)", float(m.g.loss))]
    err = float(m.g.forward.output[m.i, 0] - m.y[m.i, 0])
    return [(f"ℓ_{m.i + 1} = (ŷ - y)²", err**2)]


def _output_delta_blanks(m: Moment) -> Blanks:
    return [(f"δ({m.n_layers})", float(m.obs(m.g.deltas[-1])[0]))]


def _hidden_delta_blanks(m: Moment) -> Blanks:
    return [
        (f"δ({k + 1})_{j + 1}", float(v)) for k in range(m.n_layers - 1) for j, v in enumerate(m.obs(m.g.deltas[k]))
    ]


def _gradient_blanks(m: Moment) -> Blanks:
    L = m.n_layers
    if m.i is None:
        dW = m.g.dW[-1]
        return [
            (f"∂L/∂W({L})[{r + 1},{c + 1}]", float(dW[r, c])) for r in range(dW.shape[0]) for c in range(dW.shape[1])
        ]
    term = np.outer(m.a_prev(L - 1)[m.i], m.g.deltas[-1][m.i])
    return [
        (f"δ({L})·a({L - 1})_{r + 1}" + (f", output {c + 1}" if term.shape[1] > 1 else ""), float(term[r, c]))
        for r in range(term.shape[0])
        for c in range(term.shape[1])
    ]


def _update_blanks(m: Moment) -> Blanks:
    L = m.n_layers
    W_new = m.net.weights[-1] - m.eta * m.g.dW[-1]
    return [
        (f"new W({L})[{r + 1},{c + 1}]", float(W_new[r, c]))
        for r in range(W_new.shape[0])
        for c in range(W_new.shape[1])
    ]


@dataclass(frozen=True)
class Phase:
    """One phase of an iteration: how it is written, what practice asks, what the diagram highlights.

    ``edges(L)`` and ``neurons(L)`` give, for a network of L weight layers, the weight layers (from 0) and
    the neuron layers (0 is the input) that the diagram highlights; ``direction`` colours the rings.
    """

    render: Callable[[Moment], list[str]]
    blanks: Callable[[Moment], Blanks]
    edges: Callable[[int], tuple[int, ...]]
    neurons: Callable[[int], tuple[int, ...]]
    direction: str
    caption: str


PHASE_TABLE: dict[str, Phase] = {
    "Forward pass": Phase(
        forward_pass,
        _forward_blanks,
        lambda L: tuple(range(L)),
        lambda L: tuple(range(1, L + 1)),
        "forward",
        "Each neuron: its inputs times its column of weights, then its activation.",
    ),
    "Loss": Phase(loss, _loss_blanks, lambda L: (), lambda L: (L,), "forward", "The output against the target."),
    "Output delta": Phase(
        output_delta,
        _output_delta_blanks,
        lambda L: (),
        lambda L: (L,),
        "backward",
        "The output neuron's delta: how the loss changes with its z.",
    ),
    "Hidden deltas": Phase(
        hidden_deltas,
        _hidden_delta_blanks,
        lambda L: tuple(range(1, L)),
        lambda L: tuple(range(1, L)),
        "backward",
        "The lecture's equation 3: each hidden delta is the output delta sent back along its weight.",
    ),
    "Gradients": Phase(
        gradients,
        _gradient_blanks,
        lambda L: tuple(range(L)),
        lambda L: (),
        "backward",
        "Each weight's gradient: the delta of the neuron it feeds times the input it carries, averaged.",
    ),
    "Update": Phase(
        update,
        _update_blanks,
        lambda L: tuple(range(L)),
        lambda L: (),
        "backward",
        "Every weight moves against its gradient, scaled by η.",
    ),
}
"""The phases of one backpropagation iteration, in order."""

PHASES = tuple(PHASE_TABLE)


def phase_of(name: str) -> Phase:
    """The phase ``name``; a ValueError naming the phases for any other."""
    if name not in PHASE_TABLE:
        raise ValueError(f"Unknown phase {name!r}; choose one of: {', '.join(PHASES)}.")
    return PHASE_TABLE[name]


def backprop_phase(
    net: nm.Network, g: nm.Gradients, y: ArrayLike, phase: str, i: int | None, eta: float, precision: int = 4
) -> list[str]:
    """One phase of backpropagation with the numbers of observation ``i`` (from 0), or the batch mean if None."""
    yv = np.asarray(y, dtype=float).reshape(len(g.forward.inputs), -1)
    return phase_of(phase).render(Moment(net, g, yv, i, eta, precision))


def phase_blanks(net: nm.Network, g: nm.Gradients, y: ArrayLike, phase: str, i: int | None, eta: float) -> Blanks:
    """What practice asks in ``phase``: the values its formulas compute, for observation ``i`` or the batch mean."""
    yv = np.asarray(y, dtype=float).reshape(len(g.forward.inputs), -1)
    return phase_of(phase).blanks(Moment(net, g, yv, i, eta))
