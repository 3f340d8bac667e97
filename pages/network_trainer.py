"""Network trainer: the lecture's 3-2-1 network, a 2-3-1 network and custom ones, trained live by any optimizer."""

import pandas as pd
import streamlit as st

import ui
from nnviz.code.trainer import DataRecipe
from services import data as data_service
from services import trainer
from services.trainer import Job, NetworkSpec, TrainSettings
from ui import optimizers
from ui.layout import chart_columns
from ui.states.network_trainer import (
    PRESET_SOURCES,
    STATE,
    apply_preset,
    network_controls,
    parameter_controls,
    typed_weights,
)

POLL_S = 0.5
"""Seconds between two looks at a training in progress."""


def sidebar() -> None:
    """The controls: preset, data, network (custom), training, and the loss scale."""
    s = STATE
    with st.sidebar:
        STATE.select("nt_preset", "Preset", on_change=apply_preset)
        st.button("Reset to the preset's settings", on_click=apply_preset, width="stretch")
        st.header("Data")
        STATE.select(
            "nt_source", "Data", style="radio", choices=PRESET_SOURCES[s["nt_preset"]], label_visibility="collapsed"
        )
        if s["nt_source"] != "csv":
            STATE.slider("nt_rows", "rows")
            STATE.side_by_side([("nt_data_seed", "data seed"), ("nt_noise", "noise sd")])
        if s["nt_source"] == "surface":
            STATE.select("nt_surface", "target")
        if s["nt_preset"] == "custom":
            network_controls()
        st.header("Training")
        STATE.select("nt_optimizer", "Optimizer")
        optimizers.controls(STATE, "nt", s["nt_optimizer"])
        STATE.toggle("nt_compare", "Compare with a second optimizer")
        if s["nt_compare"]:
            STATE.select("nt_optimizer_2", "Second optimizer")
            if s["nt_optimizer_2"] != s["nt_optimizer"]:
                optimizers.controls(STATE, "nt", s["nt_optimizer_2"])
        STATE.number("nt_iterations", "Iterations (full-batch updates)")
        st.header("Charts")
        STATE.toggle("nt_log", "Log scale for the loss")


def load_data() -> tuple[data_service.Data, DataRecipe] | None:
    """The data chosen in the sidebar (an uploaded CSV is chosen here), and how the code makes it."""
    s = STATE
    if s["nt_source"] == "csv":
        inputs = {"lecture": 3, "two_three_one": 2}.get(s["nt_preset"])
        u = ui.csv_upload("nt_csv", exact_features=inputs, max_features=8)
        if u is None:
            return None
        recipe = DataRecipe("csv", features=tuple(u.feature_names), target=u.target_name)
        return data_service.uploaded(u.X, u.y, u.feature_names, u.target_name, u.key), recipe
    rows, seed, noise = int(s["nt_rows"]), int(s["nt_data_seed"]), float(s["nt_noise"])
    if s["nt_source"] == "surface":
        recipe = DataRecipe("surface", rows, seed, noise, surface=s["nt_surface"])
        return data_service.surface(s["nt_surface"], rows, seed, noise), recipe
    return data_service.lecture_network(rows, seed, noise), DataRecipe("teacher", rows, seed, noise)


def network(p: int) -> NetworkSpec:
    """The network and its start: the preset's, or the custom one from the sidebar."""
    s = STATE
    if s["nt_preset"] == "lecture":
        return trainer.LECTURE_NET
    if s["nt_preset"] == "two_three_one":
        return NetworkSpec((p, 3, 1), ("tanh", "linear"), True, "keras", 0)
    layers = range(1, int(s["nt_hidden_layers"]) + 1)
    sizes = (p, *(int(s[f"nt_units_{j}"]) for j in layers), 1)
    acts = (*(s[f"nt_act_{j}"] for j in layers), s["nt_act_out"])
    return NetworkSpec(sizes, acts, bool(s["nt_bias"]), s["nt_init"], int(s["nt_init_seed"]))


def training(net: NetworkSpec) -> TrainSettings:
    """The optimizers (the second when comparing) with their values, and the iterations."""
    names = [STATE["nt_optimizer"]]
    if STATE["nt_compare"] and STATE["nt_optimizer_2"] != names[0]:
        names.append(STATE["nt_optimizer_2"])
    chosen = [(n, optimizers.make(n, optimizers.values(STATE, "nt", n)).values()) for n in names]
    return TrainSettings(net, tuple((n, tuple(v.items())) for n, v in chosen), int(STATE["nt_iterations"]))


def session_jobs(data: data_service.Data, settings: TrainSettings) -> tuple[Job, ...] | None:
    """This session's runs of these settings: kept while they stay, started by Train, completed when Compare adds
    a run, trained on opening a link to a trained view; None when there are none (they went with a setting)."""
    mine = st.session_state.get("nt_jobs", {})
    have, lack = trainer.held(data, settings, mine)
    asked = st.session_state.pop("nt_train_asked", False)
    if not lack:
        return tuple(have)
    if asked or (STATE["nt_trained"] and (have or "nt_jobs" not in st.session_state)):  # Compare on; a link opened
        with ui.guard("the training"):
            return trainer.start(data, settings, mine)
    return None


def keep(jobs: tuple[Job, ...] | None) -> None:
    """Hold ``jobs`` in the session (the runs it no longer shows pause when nobody else watches them)."""
    mine = st.session_state.get("nt_jobs", {})
    trainer.follow(mine.values(), jobs or ())
    st.session_state["nt_jobs"] = {job.key: job for job in jobs or ()}
    STATE["nt_trained"] = bool(jobs)


def controls(data: data_service.Data, settings: TrainSettings, jobs: tuple[Job, ...] | None) -> None:
    """Train (asks for the next run to train), Pause and Continue, and what is trained: the network and the data."""
    running = bool(jobs) and any(j.running for j in jobs)
    paused = bool(jobs) and any(j.state == "paused" for j in jobs)
    asked = {"nt_train_asked": True, "nt_view": STATE.schema["nt_view"].default}
    buttons = (
        ("Train", "model_training", not jobs, st.session_state.update, {"kwargs": asked, "type": "primary"}),
        ("Pause", "pause", running, trainer.pause, {"args": (jobs,)}),
        ("Continue", "play_arrow", paused, trainer.resume, {"args": (jobs,)}),
    )
    with st.container(horizontal=True, vertical_alignment="center"):
        for label, icon, possible, action, options in buttons:
            key, icon = f"nt_{label.lower()}", f":material/{icon}:"
            st.button(label, icon=icon, key=key, disabled=not possible, on_click=action, **options)
        st.caption(ui.literal(f"{settings.net.describe()}; {data.description}."))


def first_view(data: data_service.Data, net: NetworkSpec) -> None:
    """Before training: the network at its initial weights, its loss, and its prediction against the data."""
    start = trainer.initial(data, net)
    st.markdown(
        f"**Before training**: MSE **{start.loss:.12g}** at the initial weights. Press **Train** to watch it fall."
    )
    for column, chart in zip(chart_columns("nt_first"), (start.fit, start.diagram), strict=True):
        with column:
            ui.chart(chart)


def live_view(jobs: tuple[Job, ...]) -> None:
    """While training: the loss so far and the current weights, polled twice a second until it stops."""
    polling = any(job.running for job in jobs)

    @st.fragment(run_every=POLL_S if polling else None)
    def progress() -> None:
        if polling and not any(job.running for job in jobs):
            st.rerun()  # finished or paused: the whole page shows the results
        done, total = min(job.iteration for job in jobs), jobs[0].run.iterations
        st.progress(done / total, text=f"Iteration {done:,} of {total:,}: {trainer.headline(jobs)}")
        live = trainer.live(jobs, bool(STATE["nt_log"]))
        for column, name, chart in zip(chart_columns("nt_live"), ("loss", "weights"), live, strict=True):
            with column:
                if chart is not None:
                    ui.chart(chart, key=f"nt_live_{name}")  # a key: each poll updates the chart in place

    progress()


def weights_table(frame: pd.DataFrame) -> None:
    """Weights to 8 decimals, differences in scientific notation."""
    formats = {c: st.column_config.NumberColumn(format="%.2e" if "−" in c else "%.8f") for c in frame.columns[1:]}
    st.dataframe(frame, hide_index=True, column_config=formats)


def results(data: data_service.Data, recipe: DataRecipe, jobs: tuple[Job, ...], chosen: tuple[str, ...]) -> None:
    """After training (or paused): the stepper over the snapshots, the player, the tables and the code."""
    for message in trainer.problems(jobs):
        ui.error(message)
    trained = tuple(job for job in jobs if job.history() is not None)
    if not trained:
        return
    truth, log_y = trainer.truth(data, trained[0].run.net), bool(STATE["nt_log"])

    def show(j: int) -> None:
        view = trainer.view(trained, data, j, log_y, chosen, truth)
        st.markdown(view["headline"])
        for row, names in enumerate((("loss", "diagram"), ("parameters", "fit"))):
            for column, name in zip(chart_columns(f"nt_view_{row}"), names, strict=True):
                with column:
                    ui.chart(view[name], key=f"nt_chart_{name}")

    ui.stepper(STATE, "nt_view", len(trained[0].history().iterations) - 1, show, label="Snapshot to inspect")
    play, weights, code = st.tabs(["Play the training", "Final weights", "Code"], key="nt_tab", on_change="rerun")
    if play.open:
        play.caption("The loss and the chosen parameters over the iterations, played in your browser.")
        with play:
            ui.chart(trainer.player(trained, chosen, log_y))
    if weights.open:
        with weights:
            weights_table(trainer.weights_table(trained, truth))
            lecture = trainer.lecture_differences(data.key, trained)
            if lecture is not None:
                st.markdown("**Compared with the weights the lecture prints** (app minus lecture)")
                weights_table(lecture)
            ui.download_csv(
                lambda: trainer.history_table(trained), "training_history.csv", "History (CSV)", key="nt_dl_history"
            )
    if code.open:
        with code:
            for job in trained:
                kinds = ("NumPy, the lecture's manual backprop loop", "Keras, as the lecture builds its model")
                for kind, text in zip(kinds, trainer.code_for(recipe, job), strict=True):
                    name = f"{kind.split(',')[0].lower()}_{job.run.optimizer.lower()}"
                    st.markdown(f"**{job.label}: {kind}**")
                    ui.code_block(text, f"{name}.py", key=f"nt_code_{name}")


STATE.init()
ui.header(
    "Network trainer",
    "The lecture's last section: train its 3-2-1 network by hand-written gradient descent, "
    "then with Adam as Keras does, and watch the weights move.",
)
sidebar()
loaded = load_data()
if loaded is not None:
    data, recipe = loaded
    net = network(data.X.shape[1])
    with st.sidebar:
        chosen = parameter_controls(net.network().parameter_names())
    typed = typed_weights(net.sizes)
    if typed is not False:
        settings = training(net._replace(typed_weights=typed) if typed else net)
        jobs = session_jobs(data, settings)
        controls(data, settings, jobs)
        keep(jobs)
        state = "first" if not jobs else "live" if any(job.running for job in jobs) else "results"
        with ui.guard("the view"), st.container(key=f"nt_{state}"):  # a new view replaces the other whole
            if not jobs:
                first_view(data, settings.net)
            elif state == "live":
                live_view(jobs)
            else:
                results(data, recipe, jobs, chosen)
STATE.share_box()
