"""The gradient-descent playground's runs and views, cached for every session of the server.

Memory: one run keeps about 112 bytes per update (w, b, the losses, the gradients and the optimizer's state,
for two features); the time budget (services.cost) allows about 100,000 updates per request, about 11 MB,
so the run cache's 10 entries stay under about 115 MB. A step view shares the run's cached charts and adds
its own path and surface (about 120 kB); an animated figure is at most 2 MB (nnviz.animation.MAX_BYTES).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

import nnmath as nm
from nnmath import datasets as lecture_datasets
from nnviz import descent, descent_steps
from nnviz.code import gradient_descent as code_text
from nnviz.descent import DrawnRun
from nnviz.theme import Spec

from . import cost
from .data import HASH_FUNCS, Data

CURRENT_COLOR = 1
"""The stepped run's colour (theme.color): the contour's path and marker, its loss and its parameters."""


class RunSettings(NamedTuple):
    """One run's settings, as plain values: with the data's key, the cache key of the run.

    ``optimizer`` names one of nnmath's optimizers; ``eta`` is its learning rate and ``params`` its other
    parameters, by name.
    """

    eta: float
    batch_size: int | None
    w0: tuple[float, ...]
    b0: float
    epochs: int
    tol: float
    shuffle: bool
    seed: int
    optimizer: str = "GD"
    params: tuple[tuple[str, float], ...] = ()

    def make_optimizer(self) -> nm.Optimizer:
        """The run's optimizer, fresh."""
        learning_rate = nm.OPTIMIZERS[self.optimizer].PARAMS[0].name
        return nm.make_optimizer(self.optimizer, **{learning_rate: self.eta}, **dict(self.params))

    def parts(self) -> dict[str, str]:
        """The run in words, part by part: a label names the parts in which runs differ."""
        labels = {p.name: p.label for p in nm.OPTIMIZERS[self.optimizer].PARAMS}
        mode = {None: "batch", 1: "stochastic"}.get(self.batch_size, f"batch size {self.batch_size}")
        out = {"optimizer": nm.OPTIMIZERS[self.optimizer].label, "eta": f"η = {self.eta:g}", "mode": mode}
        out |= {f"{self.optimizer}.{name}": f"{labels[name]} = {value:g}" for name, value in self.params}
        out["start"] = f"w(0) = ({', '.join(f'{v:g}' for v in self.w0)}), b(0) = {self.b0:g}"
        out["epochs"] = f"{self.epochs:,} epochs"
        out["tol"] = f"tol {self.tol:g}"
        out["order"] = f"shuffled (seed {self.seed})" if self.shuffle else "rows in order"
        return out

    def cost(self, data: Data) -> tuple[int, int, int | None, int, str]:
        """The run as services.cost.check_descent counts it."""
        n, p = data.X.shape
        return n, p, self.batch_size, self.epochs, self.optimizer


HASHES: dict[Any, Any] = {**HASH_FUNCS, RunSettings: repr}
"""The caches' keys: a Data by its key, a run's settings by their repr (one string: cheaper to hash than a tuple
of ten fields, on every rerun of every session)."""


def labels(runs: Sequence[RunSettings]) -> list[str]:
    """Each run named by what tells it apart from the others (e.g. "η = 0.05", or "Adam"); "path" for one run."""
    parts = [r.parts() for r in runs]
    keys = list(dict.fromkeys(k for p in parts for k in p))
    differing = [k for k in keys if len({p[k] for p in parts if k in p}) > 1]
    return [", ".join(p[k] for k in differing if k in p) or "path" for p in parts]


def check_request(data: Data, current: RunSettings, compared: Sequence[RunSettings]) -> None:
    """Refuse (cost.TooMuchWork) the page's runs when together they would take more than the budget."""
    cost.check_descent([r.cost(data) for r in [current, *(c for c in compared if c != current)]])


@st.cache_resource(max_entries=10, show_spinner=False, hash_funcs=HASHES)
def run(data: Data, s: RunSettings) -> nm.GDHistory:
    """The run's every update (shared: never mutate it)."""
    return nm.gradient_descent(
        data.X,
        data.y,
        w0=list(s.w0),
        b0=s.b0,
        batch_size=s.batch_size,
        max_iter=s.epochs,
        tol=s.tol,
        shuffle=s.shuffle,
        seed=s.seed,
        optimizer=s.make_optimizer(),
    )


@st.cache_resource(max_entries=32, show_spinner=False, hash_funcs=HASHES)
def statistics(data: Data) -> tuple[nm.LinearStats, float]:
    """The data's sufficient statistics and the largest stable learning rate of batch GD."""
    return nm.linreg_stats(data.X, data.y), nm.max_stable_eta(data.X)


def drawn(data: Data, current: RunSettings, compared: Sequence[RunSettings]) -> list[DrawnRun]:
    """The runs as the charts draw them: the current one first; compared run k keeps colour k + 2 throughout."""
    others = [(k, c) for k, c in enumerate(compared) if c != current]
    names = labels([current, *(c for _, c in others)])
    if others:
        names[0] += " (this run)"
    runs = [DrawnRun(names[0], run(data, current), CURRENT_COLOR)]
    return runs + [DrawnRun(name, run(data, c), k + 2) for name, (k, c) in zip(names[1:], others, strict=True)]


@st.cache_resource(max_entries=12, show_spinner=False, hash_funcs=HASHES)
def charts(data: Data, current: RunSettings, compared: tuple[RunSettings, ...]) -> dict[str, Any]:
    """The step view's charts at the start (nnviz.descent.step_charts), built once; a step only moves them."""
    runs = drawn(data, current, compared)
    return descent.step_charts(data.X, data.y, runs, truth=data.truth, stats=statistics(data)[0])


def _stopped(h: nm.GDHistory, s: RunSettings) -> str:
    """How the run ended, in a few words for the headline."""
    if h.stop_reason == "tol":
        return f" · stopped after {h.n_updates:,} updates: the batch MSE changed by less than the tolerance {s.tol:g}"
    if h.stop_reason == "max_iter":
        return f" · all {s.epochs:,} epochs done"
    return f" · diverged after update {h.n_updates:,}"


@st.cache_resource(max_entries=256, show_spinner=False, hash_funcs=HASHES)
def step_view(data: Data, current: RunSettings, compared: tuple[RunSettings, ...], t: int, log_loss: bool) -> dict:
    """What update t shows, made once for everyone who looks at it: the headline, the three charts, Steps 1-5."""
    h = run(data, current)
    contour, loss, parameters = descent.step_at(
        charts(data, current, compared), data.X, data.y, h, t, log_loss=log_loss, stats=statistics(data)[0]
    )
    w_t, b_t = h.w[t], float(h.b[t])
    headline = (
        f"**Update {t} of {h.n_updates}**"
        + (f" (epoch {h.epoch[t]})" if t else " (the start)")
        + f": w = ({', '.join(f'{v:.4f}' for v in w_t)}), b = {b_t:.4f}, full-data MSE = {h.loss[t]:.6g}"
    )
    return {
        "headline": headline,
        "outcome": _stopped(h, current),
        "contour": contour,
        "loss": loss,
        "parameters": parameters,
        "steps": steps(data, current, t) if t else None,
    }


def _batch(h: nm.GDHistory, rows: np.ndarray) -> str:
    """An update's batch in words: "batch rows 1, 2, 3", or "batch of all 12 rows"."""
    if len(rows) == h.n_rows:
        return f"batch of all {h.n_rows:,} rows"
    return "batch rows " + ", ".join(str(r + 1) for r in rows[:20]) + (" ..." if len(rows) > 20 else "")


@st.cache_resource(max_entries=256, show_spinner=False, hash_funcs=HASHES)
def steps(data: Data, s: RunSettings, t: int) -> tuple[str, dict[str, list[str]]]:
    """Update t's Steps 1-5 (1 <= t <= k): a title naming its batch, and the formulas as shown."""
    h = run(data, s)
    step = nm.step_detail(data.X, data.y, h, t)
    title = f"The lecture's Steps 1-5 for update {t} ({_batch(h, step.rows)})"
    return title, descent_steps.display(descent_steps.gd_steps(step, values=h.optimizer_values))


def next_update(data: Data, s: RunSettings, t: int) -> tuple[list[tuple[str, float]], str]:
    """For practice at update t < k: the values of update t + 1 to predict, as (label, value), and the question."""
    h = run(data, s)
    names = [f"w{j + 1}" for j in range(h.w.shape[1])] if h.w.shape[1] > 1 else ["w"]
    values = [(f"{n}({t + 1})", float(v)) for n, v in zip(names, h.w[t + 1], strict=True)]
    values.append((f"b({t + 1})", float(h.b[t + 1])))
    question = (
        f"From update {t} (the numbers above), update {t + 1} uses the {_batch(h, h.rows(t + 1))} "
        f"and {nm.OPTIMIZERS[s.optimizer].label} with η = {s.eta:g}: what are the new parameters?"
    )
    return values, question


@st.cache_resource(max_entries=8, show_spinner=False, hash_funcs=HASHES)
def player(data: Data, current: RunSettings, compared: tuple[RunSettings, ...], log_loss: bool) -> Spec:
    """The runs played in the browser, in lock-step (at most 2 MB of JSON)."""
    runs = drawn(data, current, compared)
    return descent.player(data.X, data.y, runs, stats=statistics(data)[0], log_loss=log_loss)


@st.cache_resource(max_entries=16, show_spinner=False, hash_funcs=HASHES)
def surface_3d(data: Data, current: RunSettings, compared: tuple[RunSettings, ...]) -> Spec:
    """The MSE surface in 3D with every run's path."""
    return descent.surface_3d(data.X, data.y, drawn(data, current, compared), stats=statistics(data)[0])


def history_window(data: Data, s: RunSettings, t: int, around: int = 50) -> tuple[pd.DataFrame, int, int]:
    """The updates around t (at most 2 * around + 1 of them), and the first and last shown."""
    h = run(data, s)
    first = max(0, t - around)
    last = min(first + 2 * around, h.n_updates)
    return descent.history_frame(h, data.names, first, last), first, last


def history_table(data: Data, s: RunSettings) -> pd.DataFrame:
    """Every update of the run as a table (made when it is downloaded, and not kept)."""
    return descent.history_frame(run(data, s), data.names)


def divergence(h: nm.GDHistory, s: RunSettings, eta_max: float, rates: Sequence[float]) -> str:
    """What to say about a run that diverged: where, why, and a listed learning rate below the one that diverged.

    Batch gradient descent (and batch momentum) on the MSE have an exact bound in the Hessian's largest
    eigenvalue: 2 / lambda_max (2 (1 + m) / lambda_max with momentum m); the advice quotes it and takes the
    largest listed rate below it. Mini-batch and stochastic updates follow one batch's gradient, and RMSprop
    and Adam scale their steps: no such bound applies as such, so the advice halves the rate that diverged.
    """
    where = f"The run diverged at update {h.n_updates:,} (full-data MSE {h.loss[-1]:.3g}). "
    below = [r for r in rates if r < s.eta]
    bound = {"GD": 1.0, "Momentum": 1.0 + dict(s.params).get("momentum", 0.0)}.get(s.optimizer)
    if s.batch_size is None and bound is not None:
        limit = 2 * bound / (2 / eta_max)
        fits = [r for r in below if r < limit]
        rule = "2 / λmax" if s.optimizer == "GD" else f"2 (1 + m) / λmax with m = {dict(s.params)['momentum']:g}"
        why = (
            f"With η = {s.eta:g} the steps overshoot: batch {s.optimizer} is stable only for η < {rule} = {limit:.4g}; "
        )
    else:
        fits = [r for r in below if r <= s.eta / 2]
        kind = (
            "mini-batch and stochastic updates each follow one batch's gradient"
            if s.batch_size
            else f"{s.optimizer} scales each step"
        )
        why = (
            f"With η = {s.eta:g} the steps overshoot. The bound 2 / λmax = {eta_max:.4g} is for batch gradient "
            f"descent: {kind}, so it does not apply as such; "
        )
    advice = (
        f"try η = {max(fits):g}."
        if fits
        else "even the smallest listed η is too large: rescale the data (e.g. standardise its columns)."
    )
    return where + why + advice + " What it computed before diverging is drawn below."


def code(data: Data, source: str, synthetic: Sequence[Any], s: RunSettings, t: int) -> str:
    """The NumPy code that reproduces the run on screen (nnviz.code.gradient_descent)."""
    p = data.X.shape[1]
    rows, _, w1, w2, b, noise, seed = synthetic
    heads = {
        "lecture": lambda: code_text.lecture_data(
            data.X, lecture_datasets.LECTURE_W_TRUE, lecture_datasets.LECTURE_B_TRUE
        ),
        "exercise": code_text.exercise_data,
        "synthetic": lambda: code_text.synthetic_data(rows, (w1, w2)[:p], b, noise, seed),
        "csv": lambda: code_text.uploaded_data(data.X, data.y, data.names, data.target),
    }
    return code_text.numpy_code(
        heads[source](),
        eta=s.eta,
        batch_size=s.batch_size,
        w0=s.w0,
        b0=s.b0,
        epochs=s.epochs,
        tol=s.tol,
        shuffle=s.shuffle,
        seed=s.seed,
        optimizer=s.optimizer,
        params=s.params,
        shown=t,
    )
