"""Gradient-descent playground: linear regression by batch, mini-batch and stochastic GD, stepped and drawn."""

from typing import NamedTuple

import numpy as np
import streamlit as st

import nnmath as nm
import ui
from nnviz import equations, figures, tables

LEARNING_RATES = sorted({round(m * 10.0**k, 6) for k in range(-4, 1) for m in (1, 1.5, 2, 3, 5, 7)} | {1.5, 2.0})
LEARNING_RATES = [r for r in LEARNING_RATES if r <= 2.0]
TOLERANCES = [0.0, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4]
SOURCES = {
    "lecture": "Lecture toy data (12 rows, p = 2)",
    "exercise": "Exercise data (x = 2, 3, 5)",
    "synthetic": "Synthetic data (seeded)",
    "csv": "Upload a CSV",
}
MODES = {"batch": "Batch", "mini-batch": "Mini-batch", "stochastic": "Stochastic (batch size 1)"}
MAX_COMPARE = 4
RANGES = {"gd_w1": (-5.0, 5.0), "gd_w2": (-5.0, 5.0), "gd_b0": (-5.0, 5.0)}
DEFAULTS = {
    "gd_source": "lecture",
    "gd_mode": "mini-batch",
    "gd_batch_size": 3,
    "gd_eta": 0.1,
    "gd_w1": 1.0,
    "gd_w2": 1.0,
    "gd_b0": 0.0,
    "gd_epochs": 1000,
    "gd_tol": 1e-8,
    "gd_shuffle": False,
    "gd_seed": 0,
    "gd_syn_n": 50,
    "gd_syn_p": 2,
    "gd_syn_w1": 2.0,
    "gd_syn_w2": -1.0,
    "gd_syn_b": 0.5,
    "gd_syn_noise": 0.5,
    "gd_syn_seed": 0,
    "gd_log_loss": True,
    "gd_step": 1,
}


class Settings(NamedTuple):
    """One run's settings, as plain values (the cache key of the run; a tuple, cheap to define on each rerun)."""

    eta: float
    batch_size: int | None
    w0: tuple[float, ...]
    b0: float
    epochs: int
    tol: float
    shuffle: bool
    seed: int

    def label(self) -> str:
        mode = "batch" if self.batch_size is None else f"batch size {self.batch_size}"
        w0 = ", ".join(f"{v:g}" for v in self.w0)
        return f"η = {self.eta:g}, {mode}, w(0) = ({w0}), b(0) = {self.b0:g}"


@ui.cache_data(max_entries=64, show_spinner=False)
def load_builtin(
    source: str, n: int, p: int, w1: float, w2: float, b: float, noise: float, seed: int
) -> nm.datasets.Dataset:
    if source == "lecture":
        return nm.datasets.lecture_toy_regression()
    if source == "exercise":
        return nm.datasets.lecture_exercise()
    return nm.datasets.synthetic_regression(n=n, w=(w1, w2)[:p], b=b, noise=noise, seed=seed)


@ui.cache_resource(max_entries=32, show_spinner=False)
def run(X: np.ndarray, y: np.ndarray, s: Settings) -> nm.GDHistory:
    return nm.gradient_descent(
        X,
        y,
        w0=list(s.w0),
        b0=s.b0,
        eta=s.eta,
        batch_size=s.batch_size,
        max_iter=s.epochs,
        tol=s.tol,
        shuffle=s.shuffle,
        seed=s.seed,
    )


@ui.cache_data(max_entries=64, show_spinner=False)
def statistics(X: np.ndarray, y: np.ndarray) -> tuple[nm.LinearStats, float]:
    return nm.linreg_stats(X, y), nm.max_stable_eta(X)


def sidebar(p: int) -> Settings:
    """The controls; returns the run's settings."""
    with st.sidebar:
        st.header("Settings")
        st.button("Reset to the lecture's settings", on_click=ui.reset, args=(DEFAULTS,), width="stretch")
        st.radio("Mode", list(MODES), key="gd_mode", format_func=MODES.get, horizontal=True)
        if st.session_state["gd_mode"] == "mini-batch":
            st.number_input("Batch size N", 1, 10_000, key="gd_batch_size")
        st.select_slider("Learning rate η (log scale)", LEARNING_RATES, key="gd_eta", format_func=lambda v: f"{v:g}")
        labels = ["w1", "w2"] if p == 2 else ["w"]
        w0 = tuple(
            st.slider(f"Initial {lab}(0)", *RANGES[f"gd_w{j + 1}"], step=0.1, key=f"gd_w{j + 1}")
            for j, lab in enumerate(labels)
        )
        b0 = st.slider("Initial b(0)", *RANGES["gd_b0"], step=0.1, key="gd_b0")
        st.number_input("Epochs (passes over the data)", 1, 20_000, key="gd_epochs")
        st.select_slider(
            "Tolerance (stop when the batch loss changes less)",
            TOLERANCES,
            key="gd_tol",
            format_func=lambda v: f"{v:g}",
        )
        st.toggle(
            "Shuffle the rows every epoch", key="gd_shuffle", help="Off: the first batch is rows 1-3, as in Steps 1-5."
        )
        st.number_input("Shuffle seed", 0, 1_000_000, key="gd_seed")
    mode = st.session_state["gd_mode"]
    batch_size = {"batch": None, "stochastic": 1}.get(mode, int(st.session_state["gd_batch_size"]))
    return Settings(
        eta=float(st.session_state["gd_eta"]),
        batch_size=batch_size,
        w0=tuple(float(v) for v in w0),
        b0=float(b0),
        epochs=int(st.session_state["gd_epochs"]),
        tol=float(st.session_state["gd_tol"]),
        shuffle=bool(st.session_state["gd_shuffle"]),
        seed=int(st.session_state["gd_seed"]),
    )


def source_changed() -> None:
    """The exercise comes with its own settings: batch GD from θ(0) = (1, 0) with η = 0.01 (callback)."""
    if st.session_state["gd_source"] == "exercise":
        st.session_state.update(gd_mode="batch", gd_eta=0.01, gd_w1=1.0, gd_b0=0.0, gd_tol=0.0, gd_step=0)


def data_section() -> tuple[np.ndarray, np.ndarray, list[str], list[float] | None, float | None] | None:
    """Choose the data; returns X, y, feature names and the true parameters when known."""
    st.radio("Data", list(SOURCES), key="gd_source", format_func=SOURCES.get, horizontal=True, on_change=source_changed)
    source = st.session_state["gd_source"]
    if source == "csv":
        uploaded = ui.csv_upload("gd_csv", max_features=2)
        if uploaded is None:
            return None
        return uploaded.X, uploaded.y, uploaded.feature_names, None, None
    if source == "synthetic":
        cols = st.columns(7)
        cols[0].number_input("rows n", 2, 5000, key="gd_syn_n")
        cols[1].selectbox("features p", [1, 2], key="gd_syn_p")
        cols[2].number_input("true w1", -10.0, 10.0, step=0.5, key="gd_syn_w1")
        cols[3].number_input(
            "true w2", -10.0, 10.0, step=0.5, key="gd_syn_w2", disabled=st.session_state["gd_syn_p"] == 1
        )
        cols[4].number_input("true b", -10.0, 10.0, step=0.5, key="gd_syn_b")
        cols[5].number_input("noise sd", 0.0, 10.0, step=0.1, key="gd_syn_noise")
        cols[6].number_input("seed", 0, 1_000_000, key="gd_syn_seed")
    s = st.session_state
    data = load_builtin(
        source,
        s["gd_syn_n"],
        s["gd_syn_p"],
        s["gd_syn_w1"],
        s["gd_syn_w2"],
        s["gd_syn_b"],
        s["gd_syn_noise"],
        s["gd_syn_seed"],
    )
    st.caption(data.description)
    return data.X, data.y, data.feature_names, list(data.true_weights[0]), data.true_bias


@ui.cache_data(max_entries=32, show_spinner=False)
def history_table(X: np.ndarray, y: np.ndarray, s: Settings, names: list[str]):
    return tables.gd_history_table(run(X, y, s), names)


def replace_all(stored: list, runs: list[dict]) -> None:
    """Make ``runs`` the compared runs (callback)."""
    stored[:] = runs


def compare_section(current: Settings) -> list[Settings]:
    """Runs kept for comparison (up to four), overlaid on the contour and the loss chart."""
    # Kept as plain dicts: the page module, and so the Settings class, is created anew on every rerun.
    stored: list[dict] = st.session_state.setdefault("gd_compare", [])
    this = current._asdict()
    controls = st.expander(
        f"Compare runs (up to {MAX_COMPARE})",
        icon=":material/compare_arrows:",
        key="gd_compare_open",
        on_change="rerun",
    )
    if controls.open:
        controls.caption(
            "Other learning rates, initialisations or modes, overlaid on the contour and the loss chart: "
            "change a setting, then add the run."
        )
        row = controls.container(horizontal=True)
        row.button(
            "Add this run to the comparison",
            icon=":material/add:",
            disabled=len(stored) >= MAX_COMPARE or this in stored,
            on_click=stored.append,
            args=(this,),
        )
        row.button(
            "Compare the learning rates 0.01, 0.05, 0.1 and 0.25",
            icon=":material/compare_arrows:",
            on_click=replace_all,
            args=(stored, [{**this, "eta": eta} for eta in (0.01, 0.05, 0.1, 0.25)]),
        )
        row.button("Clear", icon=":material/clear_all:", disabled=not stored, on_click=stored.clear)
    runs = [Settings(**d) for d in stored]
    if runs:
        st.caption("Compared: " + " | ".join(f"({k + 1}) {r.label()}" for k, r in enumerate(runs)))
    return runs


@ui.cache_resource(max_entries=32, show_spinner=False)
def charts(
    X: np.ndarray, y: np.ndarray, current: Settings, compared: tuple[Settings, ...], truth: tuple[float, ...] | None
) -> dict:
    """The run's charts at its start (nnviz.figures.descent_charts), built once; a step only moves them."""
    runs = [(current.label() if compared else "path", run(X, y, current))]
    runs += [(f"({k + 1}) {other.label()}", run(X, y, other)) for k, other in enumerate(compared) if other != current]
    return figures.descent_charts(X, y, runs, truth=truth, stats=statistics(X, y)[0])


@ui.cache_resource(max_entries=256, show_spinner=False)
def step_view(
    X: np.ndarray,
    y: np.ndarray,
    current: Settings,
    compared: tuple[Settings, ...],
    truth: tuple[float, ...] | None,
    t: int,
    log_loss: bool,
) -> dict:
    """What update t shows, made once for everyone who looks at it: the headline, the charts, Steps 1-5."""
    h = run(X, y, current)
    specs = charts(X, y, current, compared, truth)
    contour, loss, parameters = figures.descent_step(specs, X, y, h, t, log_loss=log_loss, stats=statistics(X, y)[0])
    w_t, b_t = h.w[t], float(h.b[t])
    view = {
        "headline": f"**Update {t} of {h.n_updates}**"
        + (f" (epoch {h.epoch[t]})" if t else " (the start)")
        + f": w = ({', '.join(f'{v:.4f}' for v in w_t)}), b = {b_t:.4f}, full-data MSE = {h.loss[t]:.6g}",
        "contour": contour,
        "loss": loss,
        "parameters": parameters,
        "steps": None,
    }
    if t > 0:
        step = nm.step_detail(X, y, h, t)
        rows = ", ".join(str(r + 1) for r in step.rows[:20]) + (" ..." if step.n > 20 else "")
        view["steps_title"] = f"The lecture's Steps 1-5 for update {t} (batch rows {rows})"
        view["steps"] = equations.gd_steps(step)
    return view


def show_step(t: int, X: np.ndarray, y: np.ndarray, h: nm.GDHistory, ctx: dict) -> None:
    """Everything that depends on the update shown: the headline, the charts, Steps 1-5, the data table."""
    view = step_view(X, y, *ctx["run"], t, st.session_state["gd_log_loss"])
    st.markdown(view["headline"])
    left, right = st.columns([1, 1])
    with left:
        ui.chart(view["contour"])
    with right:
        ui.chart(view["loss"])
        ui.chart(view["parameters"])
    if view["steps"] is None:
        st.info("This is the start w(0), b(0). Press Next to see Steps 1-5 of the first update.")
    else:
        st.subheader(view["steps_title"])
        ui.formulas(view["steps"])
    data_view = st.expander("Data, with this update's batch marked", key="gd_data_open", on_change="rerun")
    if data_view.open:
        batch = h.batch_rows[t] if t else ()
        data_view.dataframe(tables.batch_table(X, y, ctx["names"], batch), hide_index=True, width="stretch")


ui.init_state("gd", DEFAULTS, RANGES)
ui.header(
    "Gradient-descent playground",
    "Linear regression y = Xw + b fitted by batch, mini-batch and stochastic gradient descent, one update at a time.",
)
data = data_section()
if data is not None:
    X, y, names, true_w, true_b = data
    p = X.shape[1]
    settings = sidebar(p)
    with ui.guard("the gradient-descent run"):
        stats, eta_max = statistics(X, y)
        st.sidebar.info(
            f"Batch GD is stable for η < 2 / λmax = **{eta_max:.4g}** (λmax: largest eigenvalue of the MSE's Hessian)."
        )
        history = run(X, y, settings)
        if history.stop_reason == "diverged":
            st.error(
                f"The run diverged at update {history.n_updates} (full-data MSE {history.loss[-1]:.3g}). "
                f"With η = {settings.eta:g} the steps overshoot: batch GD is stable only for η < {eta_max:.4g}; "
                f"try η = {max([r for r in LEARNING_RATES if r < eta_max], default=LEARNING_RATES[0]):g}. "
                "What it computed before diverging is drawn below."
            )
        elif history.stop_reason == "tol":
            st.success(
                f"Stopped after {history.n_updates} updates: "
                f"the batch MSE changed by less than the tolerance {settings.tol:g}."
            )
        compared = compare_section(settings)
        truth = (*true_w, true_b) if true_w is not None and true_b is not None else None
        ctx = {"run": (settings, tuple(compared), truth), "names": names}
        st.toggle("Log scale for the loss", key="gd_log_loss")
        ui.stepper("gd_step", history.n_updates, lambda t: show_step(t, X, y, history, ctx), label="Update")
        history_view = st.expander("Every update as a table", key="gd_history_open", on_change="rerun")
        if history_view.open:
            history_frame = history_table(X, y, settings, names)
            lo = max(0, st.session_state["gd_step"] - 50)
            history_view.dataframe(history_frame.iloc[lo : lo + 101], hide_index=True, width="stretch")
            history_view.caption(
                f"Updates {lo} to {min(lo + 100, history.n_updates)} of {history.n_updates}; the download has them all."
            )
        ui.download_csv(
            lambda: history_table(X, y, settings, names),
            "gradient_descent_history.csv",
            "Download every update as CSV",
            key="gd_dl",
        )
ui.share_box(ui.publish([k for k in DEFAULTS if k != "gd_step"] + ["gd_step"]), key="gd_share_open")
