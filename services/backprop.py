"""The backprop step-through's runs and views: the one-neuron exercise and the lecture's 3-2-1 network.

Every run is cached here, with what is drawn from it once per run (the contour, the players, the tables);
a step of the stepper only moves what it shows. The lecture's own run (its data, initial weights and
η = 0.0005, up to its 5,000 iterations) is the network trainer's reference run, trained once per server
(services.trainer.lecture_reference); iterations between its snapshots are recomputed, one step each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

import nnmath as nm
from nnmath import datasets
from nnviz import backprop_charts, backprop_steps, network_diagram, tables
from nnviz.code import backprop as code
from nnviz.theme import Spec, spec

from . import cost, data, trainer

Matrix = tuple[tuple[float, ...], ...]
"""A matrix as nested tuples: a plain, hashable cache key."""


def as_matrix_key(values: np.ndarray) -> Matrix:
    """A matrix as nested tuples of floats."""
    return tuple(tuple(float(v) for v in row) for row in values)


LECTURE_INIT = (as_matrix_key(datasets.LECTURE_NETWORK_INIT_W1), as_matrix_key(datasets.LECTURE_NETWORK_INIT_W2))
"""The lecture's initial weights (W1, W2) as cache keys."""
LECTURE_ROWS = 10_000
"""The lecture's rows of data (``np.random.randn(10000, 3)``)."""


# ---------------------------------------------------------------- Part 1: the exercise


@st.cache_resource(max_entries=32, show_spinner=False)
def neuron_run(eta: float, iterations: int, w0: float, b0: float) -> nm.GDHistory:
    """Batch GD on the exercise's three points from theta(0) = (w0, b0)."""
    d = datasets.lecture_exercise()
    return nm.gradient_descent(d.X, d.y, w0=[w0], b0=b0, eta=eta, max_iter=iterations, tol=0.0)


@dataclass(frozen=True)
class NeuronViews:
    """What Part 1 draws from one run, built once: the θ table, the contour and the player."""

    table: pd.DataFrame
    contour: Spec
    player: Spec


@st.cache_resource(max_entries=16, show_spinner=False)
def neuron_views(eta: float, iterations: int, w0: float, b0: float) -> NeuronViews:
    """The exercise run's table, contour (moved to a step by :func:`neuron_chart`) and player."""
    h, d = neuron_run(eta, iterations, w0, b0), datasets.lecture_exercise()
    return NeuronViews(
        backprop_charts.theta_table(h),
        backprop_charts.neuron_contour(h, d.X, d.y),
        backprop_charts.neuron_player(h, d.X, d.y),
    )


def neuron_chart(eta: float, iterations: int, w0: float, b0: float, t: int) -> Spec:
    """The contour with the path up to θ(t)."""
    return backprop_charts.neuron_contour_at(
        neuron_views(eta, iterations, w0, b0).contour, neuron_run(eta, iterations, w0, b0), t
    )


def neuron_step(h: nm.GDHistory, t: int) -> nm.GDStep:
    """The working of the update θ(t) -> θ(t+1)."""
    d = datasets.lecture_exercise()
    return nm.step_detail(d.X, d.y, h, t + 1)


def stable_eta() -> float:
    """The largest η for which batch GD on the exercise converges."""
    return nm.max_stable_eta(datasets.lecture_exercise().X)


# ---------------------------------------------------------------- Part 2: the lecture's network


def network(weights: tuple[Matrix, Matrix], biases: tuple[Matrix, Matrix] | None) -> nm.Network:
    """The lecture's 3-2-1 network with these initial weights (and biases, when given)."""
    return nm.Network(
        datasets.LECTURE_NETWORK_SIZES,
        datasets.LECTURE_NETWORK_ACTIVATIONS,
        use_bias=biases is not None,
        weights=[np.array(w) for w in weights],
        biases=None if biases is None else [np.array(b).reshape(-1) for b in biases],
    )


@dataclass(frozen=True)
class NetworkRun:
    """A training run seen through its first ``last`` iterations, every iteration reachable.

    ``history`` keeps snapshots at some iterations (every iteration, or every few for the shared reference
    run); the parameters between two snapshots are recomputed from the one before, one GD step at a time.
    """

    history: nm.TrainHistory
    last: int
    eta: float
    weights: tuple[Matrix, Matrix]
    biases: tuple[Matrix, Matrix] | None
    rows: int

    @property
    def n_updates(self) -> int:
        return self.last

    @property
    def stop_reason(self) -> str:
        return self.history.stop_reason if self.last == self.history.n_updates else "max_iter"

    @property
    def loss(self) -> np.ndarray:
        return self.history.loss[: self.last + 1]

    @property
    def names(self) -> list[str]:
        return self.history.names

    def params_at(self, t: int) -> np.ndarray:
        """Flat parameters after iteration t (0 <= t <= last)."""
        h = self.history
        j = int(np.searchsorted(h.iterations, t, side="right")) - 1
        theta, at = h.params[max(j, 0)], int(h.iterations[max(j, 0)])
        if at == t:
            return theta
        net, d = network(self.weights, self.biases), data.lecture_network(self.rows)
        net.set_flat_parameters(theta)
        step = nm.GD(self.eta)
        for _ in range(t - at):
            net.set_parameters(step.step(net.parameters(), net.backward(d.X, d.y).as_list()))
        return net.flat_parameters()

    def truncated(self) -> nm.TrainHistory:
        """The history of the first ``last`` iterations (snapshots up to ``last``)."""
        h = self.history
        if self.last == h.n_updates:
            return h
        keep = h.iterations <= self.last
        iterations, params = h.iterations[keep], h.params[keep]
        if iterations[-1] != self.last:
            iterations = np.append(iterations, self.last)
            params = np.vstack([params, self.params_at(self.last)])
        return nm.TrainHistory(
            loss=self.loss,
            iterations=iterations,
            params=params,
            names=h.names,
            stop_reason="max_iter",
            optimizer=h.optimizer,
        )


def is_lecture_run(rows: int, weights: tuple[Matrix, Matrix], biases: object, eta: float, iterations: int) -> bool:
    """Whether the run asked for is (the start of) the lecture's own: its rows, weights, η, at most 5,000 iterations."""
    return (
        rows == LECTURE_ROWS
        and weights == LECTURE_INIT
        and biases is None
        and eta == datasets.LECTURE_NETWORK_ETA
        and iterations <= datasets.LECTURE_NETWORK_ITERATIONS
    )


@st.cache_resource(max_entries=8, show_spinner="Training the network ...")
def _own_run(
    rows: int, weights: tuple[Matrix, Matrix], biases: tuple[Matrix, Matrix] | None, eta: float, iterations: int
) -> nm.TrainHistory:
    """Batch GD on the lecture's network data, every iteration recorded (shared: never mutate it)."""
    sizes, activations = datasets.LECTURE_NETWORK_SIZES, datasets.LECTURE_NETWORK_ACTIVATIONS
    cost.check_training(rows, sizes, activations, iterations, ["GD"], bias=biases is not None)
    d = data.lecture_network(rows)
    return nm.train(network(weights, biases), d.X, d.y, nm.GD(eta), iterations)


def network_run(
    rows: int, weights: tuple[Matrix, Matrix], biases: tuple[Matrix, Matrix] | None, eta: float, iterations: int
) -> NetworkRun:
    """The run asked for: the shared reference run for the lecture's settings, else one of its own.

    Refused (services.cost.TooMuchWork, a ValueError saying what to reduce) above the time budget.
    """
    if is_lecture_run(rows, weights, biases, eta, iterations):
        reference = trainer.lecture_reference(data.lecture_network(rows), "GD", (eta,))
        return NetworkRun(reference.history, iterations, eta, weights, biases, rows)
    history = _own_run(rows, weights, biases, eta, iterations)
    return NetworkRun(history, history.n_updates, eta, weights, biases, rows)


def network_at(run: NetworkRun, t: int) -> tuple[nm.Network, nm.Gradients]:
    """The network after iteration t and its backpropagation on all rows."""
    net = network(run.weights, run.biases)
    net.set_flat_parameters(run.params_at(t))
    d = data.lecture_network(run.rows)
    return net, net.backward(d.X, d.y)


@st.cache_resource(max_entries=8, show_spinner=False)
def _network_player(
    rows: int, weights: tuple[Matrix, Matrix], biases: tuple[Matrix, Matrix] | None, eta: float, iterations: int
) -> Spec:
    run = network_run(rows, weights, biases, eta, iterations)
    truth = None
    if biases is None:
        truth = [*datasets.LECTURE_NETWORK_W1.ravel(), *datasets.LECTURE_NETWORK_W2.ravel()]
    return backprop_charts.network_player(run.truncated(), truth)


def network_player(run: NetworkRun) -> Spec:
    """The run's loss and weights, played in the browser (built once per run)."""
    return _network_player(run.rows, run.weights, run.biases, run.eta, run.last)


@dataclass(frozen=True)
class StepView:
    """What Part 2 shows at one iteration, phase and observation."""

    loss: float
    formulas: list[str]
    blanks: backprop_steps.Blanks
    diagram: Spec
    net: nm.Network


def step_view(run: NetworkRun, t: int, phase: str, i: int | None) -> StepView:
    """The phase's formulas, practice values and highlighted diagram at iteration t, for observation i (from 0)
    or the batch mean (None; the diagram then shows observation 1). Kept for reruns that show the same step."""
    return _step_view((run.rows, run.weights, run.biases, run.eta, run.last), run, t, phase, i)


@st.cache_resource(max_entries=64, show_spinner=False)
def _step_view(key: tuple[object, ...], _run: NetworkRun, t: int, phase: str, i: int | None) -> StepView:
    """``step_view`` cached by the run's settings (``key``), the step, the phase and the observation."""
    run = _run
    net, g = network_at(run, t)
    d = data.lecture_network(run.rows)
    row = i if i is not None else 0
    terms = backprop_steps.phase_of(phase)
    L = len(net.layers)
    diagram = network_diagram.network_diagram(
        net.sizes,
        net.weights,
        node_values=[d.X[row], *(a[row] for a in g.forward.a)],
        weight_grads=g.dW,
        activations=net.activations,
        highlight_edges=terms.edges(L),
        highlight_neurons=terms.neurons(L),
        direction=terms.direction,
        title=f"Observation {row + 1}: ŷ = {g.forward.output[row, 0]:.4f}, y = {d.y[row, 0]:.4f}",
    )
    return StepView(
        loss=g.loss,
        formulas=backprop_steps.backprop_phase(net, g, d.y, phase, i, run.eta),
        blanks=backprop_steps.phase_blanks(net, g, d.y, phase, i, run.eta),
        diagram=spec(diagram),
        net=net,
    )


def gradient_check(net: nm.Network, rows: int) -> pd.DataFrame:
    """Backpropagation's gradient at ``net`` against central finite differences on the data's rows."""
    d = data.lecture_network(rows)
    return backprop_charts.gradient_check_table(nm.gradient_check(net, d.X, d.y))


def weights_table(run: NetworkRun, t: int) -> tuple[pd.DataFrame, float | None]:
    """The parameters at iteration t beside the teacher's (without biases), and at the lecture's 5,000th iteration
    its print with the differences; returns the table and the largest difference (None without the print)."""
    columns = {f"iteration {t}": run.params_at(t)}
    if run.biases is None:
        columns["true (teacher network)"] = np.concatenate(
            [datasets.LECTURE_NETWORK_W1.ravel(), datasets.LECTURE_NETWORK_W2.ravel()]
        )
    lecture = is_lecture_run(run.rows, run.weights, run.biases, run.eta, run.last)
    printed = lecture and t == datasets.LECTURE_NETWORK_ITERATIONS
    references = [(f"iteration {t}", "lecture's print", datasets.LECTURE_PRINTED_GD, "difference")] if printed else []
    frame, largest = tables.weights_table(run.names, columns, references)
    return frame, largest.get("difference")


def network_code(run: NetworkRun) -> str:
    """The lecture's manual backprop loop for this run's settings (code for the screen)."""
    W1, W2 = run.weights
    b1, b2 = (run.biases[0][0], run.biases[1][0]) if run.biases is not None else (None, None)
    return code.network_code(run.rows, W1, W2, run.eta, run.last, b1, b2)
