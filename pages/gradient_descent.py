"""Gradient-descent playground: linear regression by batch, mini-batch and stochastic GD, stepped and drawn."""

import streamlit as st

import ui
from nnviz import tables
from services import data as datasets
from services import gradient_descent as gd
from services.gradient_descent import RunSettings
from ui.states.gradient_descent import LEARNING_RATES, MAX_COMPARE, STATE


def sidebar(p: int) -> RunSettings:
    """The controls; returns the run's settings."""
    with st.sidebar:
        st.header("Settings")
        st.button("Reset to the lecture's settings", on_click=STATE.reset, width="stretch")
        STATE.select("gd_mode", "Mode", style="radio", horizontal=True)
        if STATE["gd_mode"] == "mini-batch":
            STATE.number("gd_batch_size", "Batch size N")
        STATE.slider("gd_eta", "Learning rate η (log scale)")
        labels = ["w1", "w2"] if p == 2 else ["w"]
        w0 = tuple(float(STATE.slider(f"gd_w{j + 1}", f"Initial {lab}(0)")) for j, lab in enumerate(labels))
        STATE.slider("gd_b0", "Initial b(0)")
        STATE.number("gd_epochs", "Epochs (passes over the data)")
        STATE.slider("gd_tol", "Tolerance (stop when the batch loss changes less)")
        STATE.toggle(
            "gd_shuffle", "Shuffle the rows every epoch", help="Off: the first batch is rows 1-3, as in Steps 1-5."
        )
        STATE.number("gd_seed", "Shuffle seed")
    batch_size = {"batch": None, "stochastic": 1}.get(STATE["gd_mode"], int(STATE["gd_batch_size"]))
    return RunSettings(
        eta=float(STATE["gd_eta"]),
        batch_size=batch_size,
        w0=w0,
        b0=float(STATE["gd_b0"]),
        epochs=int(STATE["gd_epochs"]),
        tol=float(STATE["gd_tol"]),
        shuffle=bool(STATE["gd_shuffle"]),
        seed=int(STATE["gd_seed"]),
    )


def source_changed() -> None:
    """The exercise comes with its own settings: batch GD from θ(0) = (1, 0) with η = 0.01 (callback)."""
    if STATE["gd_source"] == "exercise":
        STATE.reset(["gd_w1", "gd_b0"])
        st.session_state.update(gd_mode="batch", gd_eta=0.01, gd_tol=0.0, gd_step=0)


def data_section() -> datasets.Data | None:
    """Choose the data."""
    STATE.select("gd_source", "Data", style="radio", horizontal=True, on_change=source_changed)
    source = STATE["gd_source"]
    if source == "csv":
        u = ui.csv_upload("gd_csv", max_features=2)
        return None if u is None else datasets.uploaded(u.X, u.y, u.feature_names, u.target_name, u.key)
    if source == "synthetic":
        cols = st.columns(7)
        fields = [
            ("gd_syn_n", "rows n"),
            ("gd_syn_p", "features p"),
            ("gd_syn_w1", "true w1"),
            ("gd_syn_w2", "true w2"),
            ("gd_syn_b", "true b"),
            ("gd_syn_noise", "noise sd"),
            ("gd_syn_seed", "seed"),
        ]
        for col, (key, label) in zip(cols, fields, strict=True):
            with col:
                if key == "gd_syn_p":
                    STATE.select(key, label)
                else:
                    STATE.number(key, label, disabled=key == "gd_syn_w2" and STATE["gd_syn_p"] == 1)
    args = [STATE[k] for k in ("gd_syn_n", "gd_syn_p", "gd_syn_w1", "gd_syn_w2", "gd_syn_b", "gd_syn_noise")]
    data = datasets.linear(source, *args, STATE["gd_syn_seed"])
    st.caption(data.description)
    return data


def compare_section(current: RunSettings) -> tuple[RunSettings, ...]:
    """Runs kept for comparison (up to four), overlaid on the contour and the loss chart."""
    stored: list[RunSettings] = st.session_state.setdefault("gd_compare", [])
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
            disabled=len(stored) >= MAX_COMPARE or current in stored,
            on_click=stored.append,
            args=(current,),
        )
        etas = [current._replace(eta=eta) for eta in (0.01, 0.05, 0.1, 0.25)]
        row.button(
            "Compare the learning rates 0.01, 0.05, 0.1 and 0.25",
            icon=":material/compare_arrows:",
            on_click=lambda: stored.__setitem__(slice(None), etas),
        )
        row.button("Clear", icon=":material/clear_all:", disabled=not stored, on_click=stored.clear)
    if stored:
        st.caption("Compared: " + " | ".join(f"({k + 1}) {r.label()}" for k, r in enumerate(stored)))
    return tuple(stored)


def show_step(t: int, data: datasets.Data, settings: RunSettings, compared: tuple[RunSettings, ...]) -> None:
    """Everything that depends on the update shown: the headline, the charts, Steps 1-5, the data table."""
    view = gd.step_view(data, settings, compared, t, STATE["gd_log_loss"])
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
        batch = gd.run(data, settings).rows(t)
        data_view.dataframe(tables.batch_table(data.X, data.y, data.names, batch), hide_index=True, width="stretch")


def outcome(history, settings: RunSettings, eta_max: float) -> None:
    """Say how the run ended: diverged (and what to try) or stopped by the tolerance."""
    if history.stop_reason == "diverged":
        ui.error(
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


STATE.init()
ui.header(
    "Gradient-descent playground",
    "Linear regression y = Xw + b fitted by batch, mini-batch and stochastic gradient descent, one update at a time.",
)
data = data_section()
if data is not None:
    settings = sidebar(data.X.shape[1])
    with ui.guard("the gradient-descent run"):
        stats, eta_max = gd.statistics(data)
        st.sidebar.info(
            f"Batch GD is stable for η < 2 / λmax = **{eta_max:.4g}** (λmax: largest eigenvalue of the MSE's Hessian)."
        )
        compared = compare_section(settings)
        gd.check_request(data, settings, compared)
        history = gd.run(data, settings)
        outcome(history, settings, eta_max)
        STATE.toggle("gd_log_loss", "Log scale for the loss")
        ui.stepper(STATE, "gd_step", history.n_updates, lambda t: show_step(t, data, settings, compared))
        history_view = st.expander("Every update as a table", key="gd_history_open", on_change="rerun")
        if history_view.open:
            history_frame = gd.history_table(data, settings)
            lo = max(0, STATE["gd_step"] - 50)
            history_view.dataframe(history_frame.iloc[lo : lo + 101], hide_index=True, width="stretch")
            history_view.caption(
                f"Updates {lo} to {min(lo + 100, history.n_updates)} of {history.n_updates}; the download has them all."
            )
        ui.download_csv(
            lambda: gd.history_table(data, settings),
            "gradient_descent_history.csv",
            "Download every update as CSV",
            key="gd_dl",
        )
STATE.share_box()
