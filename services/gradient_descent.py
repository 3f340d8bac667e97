"""The gradient-descent playground's runs and views, cached for every session of the server."""

from __future__ import annotations

from typing import Any, NamedTuple

import pandas as pd
import streamlit as st

import nnmath as nm
from nnviz import descent, descent_steps, tables

from . import cost
from .data import HASH_FUNCS, Data


class RunSettings(NamedTuple):
    """One run's settings, as plain values: with the data's key, the cache key of the run."""

    eta: float
    batch_size: int | None
    w0: tuple[float, ...]
    b0: float
    epochs: int
    tol: float
    shuffle: bool
    seed: int

    def label(self) -> str:
        """The run in a few words, for a legend."""
        mode = "batch" if self.batch_size is None else f"batch size {self.batch_size}"
        w0 = ", ".join(f"{v:g}" for v in self.w0)
        return f"η = {self.eta:g}, {mode}, w(0) = ({w0}), b(0) = {self.b0:g}"


def check_request(data: Data, current: RunSettings, compared: tuple[RunSettings, ...]) -> None:
    """Refuse (cost.TooMuchWork) the page's runs when together they would take more than the budget."""
    n, p = data.X.shape
    runs = [current, *(c for c in compared if c != current)]
    cost.check_descent([(n, p, r.batch_size, r.epochs, "GD") for r in runs])


@st.cache_resource(max_entries=12, show_spinner=False, hash_funcs=HASH_FUNCS)
def run(data: Data, s: RunSettings) -> nm.GDHistory:
    """The run's every update (shared: never mutate it).

    At most about 100,000 updates fit the time budget (services.cost), about 13 MB of history with Adam's
    moments; twelve entries keep the cache under about 160 MB.
    """
    return nm.gradient_descent(
        data.X,
        data.y,
        w0=list(s.w0),
        b0=s.b0,
        eta=s.eta,
        batch_size=s.batch_size,
        max_iter=s.epochs,
        tol=s.tol,
        shuffle=s.shuffle,
        seed=s.seed,
    )


@st.cache_resource(max_entries=32, show_spinner=False, hash_funcs=HASH_FUNCS)
def statistics(data: Data) -> tuple[nm.LinearStats, float]:
    """The data's sufficient statistics and the largest stable learning rate of batch GD."""
    return nm.linreg_stats(data.X, data.y), nm.max_stable_eta(data.X)


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=HASH_FUNCS)
def history_table(data: Data, s: RunSettings) -> pd.DataFrame:
    """Every update of the run as a table."""
    return tables.gd_history_table(run(data, s), list(data.names))


@st.cache_resource(max_entries=32, show_spinner=False, hash_funcs=HASH_FUNCS)
def charts(data: Data, current: RunSettings, compared: tuple[RunSettings, ...]) -> dict[str, Any]:
    """The run's charts at its start (nnviz.descent.descent_charts), built once; a step only moves them."""
    runs = [(current.label() if compared else "path", run(data, current))]
    runs += [(f"({k + 1}) {other.label()}", run(data, other)) for k, other in enumerate(compared) if other != current]
    return descent.descent_charts(data.X, data.y, runs, truth=data.truth, stats=statistics(data)[0])


@st.cache_resource(max_entries=256, show_spinner=False, hash_funcs=HASH_FUNCS)
def step_view(data: Data, current: RunSettings, compared: tuple[RunSettings, ...], t: int, log_loss: bool) -> dict:
    """What update t shows, made once for everyone who looks at it: the headline, the charts, Steps 1-5."""
    h = run(data, current)
    stats = statistics(data)[0]
    contour, loss, parameters = descent.descent_step(
        charts(data, current, compared), data.X, data.y, h, t, log_loss=log_loss, stats=stats
    )
    w_t, b_t = h.w[t], float(h.b[t])
    view: dict[str, Any] = {
        "headline": f"**Update {t} of {h.n_updates}**"
        + (f" (epoch {h.epoch[t]})" if t else " (the start)")
        + f": w = ({', '.join(f'{v:.4f}' for v in w_t)}), b = {b_t:.4f}, full-data MSE = {h.loss[t]:.6g}",
        "contour": contour,
        "loss": loss,
        "parameters": parameters,
        "steps": None,
    }
    if t > 0:
        step = nm.step_detail(data.X, data.y, h, t)
        rows = ", ".join(str(r + 1) for r in step.rows[:20]) + (" ..." if step.n > 20 else "")
        view["steps_title"] = f"The lecture's Steps 1-5 for update {t} (batch rows {rows})"
        view["steps"] = descent_steps.gd_steps(step)
    return view
