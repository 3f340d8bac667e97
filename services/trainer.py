"""The network trainer's runs: each optimizer's training is a job that advances in a background thread.

A job is one run (data, network and start, optimizer, iterations). Jobs live in a shared store, one per run,
so a class pressing Train together on the same settings trains once; a session keeps its own jobs while its
settings stay, so other sessions' runs never evict them. A job advances ``nm.Training`` in chunks of about
CHUNK_S seconds, one job computing at a time (WORKERS) and resting between chunks, so that a training
leaves the server's other core, and its GIL most of the time, to everyone's reruns; a page polls its progress
(:meth:`Job.history`). Pause keeps what is done, Continue goes on from there; a job nobody follows any
longer pauses. Every job a request creates passes the time budget (services.cost) first, except the
lecture's two printed runs, which the server trains once for everyone, in the background, from the moment
this module is imported.

Memory: a job keeps at most MAX_SNAPSHOTS parameter snapshots; the store keeps the running jobs and the
FINISHED most recently used others (besides the lecture's two).
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import nnmath as nm
from nnmath import datasets
from nnviz import figures, network_diagram, tables, training_charts
from nnviz.code import trainer as code
from nnviz.theme import Spec

from . import cost
from .data import HASH_FUNCS, Data

MAX_SNAPSHOTS = 2000
"""Most parameter snapshots a run keeps (the stepper's positions)."""
CHUNK_S = 0.02
"""Seconds of training between two looks at a pause request (and a rest for the other threads)."""
REST_S = 0.002
"""Least seconds a job rests between chunks, so that waiting threads get the GIL and the next turn."""
REST_RATIO = 2.0
"""While a session's script runs, a job rests this many times each chunk's time after it, leaving the GIL to
the rerun (measured in the README: the training then slows, the reruns hardly)."""
SCRIPT_THREAD = "ScriptRunner.scriptThread"
"""The name Streamlit gives the thread of a script run (each rerun and fragment run has one)."""
FINISHED = 16
"""Jobs the shared store keeps besides the running ones and the lecture's two (most recently used first)."""
WORKERS = threading.BoundedSemaphore(1)
"""Jobs computing at once: one, so the server's other core stays free for reruns."""

Matrix = tuple[tuple[float, ...], ...]
Values = tuple[tuple[str, float], ...]
"""An optimizer's hyperparameters as (name, value) pairs in the order of its PARAMS."""


class NetworkSpec(NamedTuple):
    """A network and its initial weights, as plain values."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    use_bias: bool
    init: str
    init_seed: int
    typed_weights: tuple[Matrix, ...] | None = None

    def describe(self) -> str:
        """The network in words, e.g. "Network 3 → 2 → 1, activations sigmoid, exponential, biases off"."""
        sizes, acts = " → ".join(map(str, self.sizes)), ", ".join(self.activations)
        return f"Network {sizes}, activations {acts}, biases {'on' if self.use_bias else 'off'}"

    def network(self) -> nm.Network:
        """The network before training: typed-in weights, the lecture's where they fit, or Keras-style seeded ones."""
        if self.typed_weights is not None:
            weights = [np.array(w, dtype=float) for w in self.typed_weights]
            return nm.Network(self.sizes, self.activations, use_bias=self.use_bias, weights=weights)
        net = nm.Network(self.sizes, self.activations, use_bias=self.use_bias, seed=self.init_seed)
        if self.init == "lecture":
            for k, lecture in enumerate((datasets.LECTURE_NETWORK_INIT_W1, datasets.LECTURE_NETWORK_INIT_W2)):
                if k < len(net.weights) and net.weights[k].shape == lecture.shape:
                    net.weights[k] = lecture.copy()
        return net


class RunSpec(NamedTuple):
    """One run: a network from its start, one optimizer with its values, a number of iterations."""

    net: NetworkSpec
    optimizer: str
    values: Values
    iterations: int

    @property
    def label(self) -> str:
        """A column-sized name: the optimizer and its learning rate, e.g. "Adam (η = 0.001)"."""
        first = nm.OPTIMIZERS[self.optimizer].PARAMS[0]
        return f"{self.optimizer} ({first.label} = {dict(self.values)[first.name]:g})"

    @property
    def record_every(self) -> int:
        """Snapshot spacing that keeps at most MAX_SNAPSHOTS snapshots (the start and the end included)."""
        return max(1, math.ceil(self.iterations / (MAX_SNAPSHOTS - 1)))


class TrainSettings(NamedTuple):
    """What the page asks for: one network from one start, trained by each optimizer."""

    net: NetworkSpec
    optimizers: tuple[tuple[str, Values], ...]
    iterations: int

    def runs(self) -> tuple[RunSpec, ...]:
        return tuple(RunSpec(self.net, name, values, self.iterations) for name, values in self.optimizers)


RunKey = tuple[str, RunSpec]
"""A run in the store: the data's key and the run."""


class Job:
    """One run training in a background thread, in chunks: its progress at any time, pause and continue.

    ``state`` goes "new" -> "running" -> "done" (all iterations made, or diverged) or "failed" (the start
    could not be trained: ``error`` says why); "paused" in between when asked.
    """

    def __init__(self, data: Data, run: RunSpec, *, pinned: bool = False) -> None:
        self.key: RunKey = (data.key, run)
        self.run = run
        self.pinned = pinned
        self.state = "new"
        self.error = ""
        self.seconds = 0.0
        self.followers: set[str] = set()
        self._data: Data | None = data
        self._training: nm.Training | None = None
        self._final: nm.TrainHistory | None = None
        self._live: nm.TrainHistory | None = None
        self._pause = False
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def label(self) -> str:
        return self.run.label

    @property
    def running(self) -> bool:
        """Whether the job is training (and not about to pause)."""
        return self.state in ("new", "running") and not self._pause

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def iteration(self) -> int:
        """Updates made so far."""
        if self._final is not None:
            return self._final.n_updates
        training = self._training
        return training.iteration if training is not None else 0

    def start(self) -> None:
        """Start the job, or continue it when paused (nothing when it runs or has finished)."""
        with self._lock:
            self._pause = False
            if self.state not in ("new", "paused") or self._thread is not None:
                return  # running (it goes on: the pause request is withdrawn) or finished
            self.state = "running"
            self._thread = threading.Thread(target=self._work, name=f"train {self.label}", daemon=True)
            self._thread.start()

    def pause(self) -> None:
        """Stop after the current chunk, keeping what is done (never a pinned job: the lecture's runs are the
        server's own, and other pages wait for them to finish)."""
        with self._lock:
            if self.state in ("new", "running") and not self.pinned:
                self._pause = True

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job is finished or paused (for tests and benchmarks); whether it is."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.state in ("new", "running"):
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def follow(self, session: str) -> None:
        self.followers.add(session)

    def unfollow(self, session: str) -> None:
        """``session`` no longer shows this job: it pauses when nobody does (the lecture's runs go on)."""
        self.followers.discard(session)
        if not self.followers and not self.pinned:
            self.pause()

    def history(self) -> nm.TrainHistory | None:
        """The run so far (the final history once finished); None before its first update is set up."""
        if self._final is not None:
            return self._final
        training = self._training
        if training is None:
            return None
        live = self._live
        if live is not None and live.n_updates == training.iteration:
            return live
        self._live = training.history()
        return self._live

    def _work(self) -> None:
        try:
            if self._training is None:
                assert self._data is not None
                optimizer = nm.make_optimizer(self.run.optimizer, **dict(self.run.values))
                self._training = nm.Training(
                    self.run.net.network(),
                    self._data.X,
                    self._data.y,
                    optimizer,
                    self.run.iterations,
                    record_every=self.run.record_every,
                )
                self._data = None
            self._advance(self._training)
        except ValueError as exc:
            self._fail(str(exc))
        except Exception as exc:  # a bug: say so plainly, the server goes on
            self._fail(f"The training stopped on an unexpected {type(exc).__name__}.")

    def _advance(self, training: nm.Training) -> None:
        steps = 1
        while True:
            with self._lock:
                if self._pause:
                    self._pause, self.state, self._thread = False, "paused", None
                    return
            with WORKERS:
                started = time.perf_counter()
                training.advance(steps)
                took = time.perf_counter() - started
            self.seconds += took
            if training.done:
                final = training.history()
                with self._lock:
                    self._final, self._training, self._live = final, None, None
                    self.state, self._thread = "done", None
                return
            steps = max(1, min(4 * steps, int(steps * CHUNK_S / max(took, 1e-6))))
            time.sleep(max(REST_S, REST_RATIO * took) if _reruns_under_way() else REST_S)

    def _fail(self, message: str) -> None:
        with self._lock:
            self.state, self.error, self._thread = "failed", message, None
            self._training = self._data = None


def _reruns_under_way() -> bool:
    """Whether some session's script is running (then a training gives way)."""
    return any(thread.name == SCRIPT_THREAD for thread in threading.enumerate())


class Store:
    """Jobs by run, one per run whoever asks: running ones and the ``finished`` most recently used others."""

    def __init__(self, finished: int) -> None:
        self.finished = finished
        self._jobs: OrderedDict[RunKey, Job] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: RunKey) -> Job | None:
        with self._lock:
            return self._jobs.get(key)

    def get_or_create(self, key: RunKey, make: Callable[[], Job]) -> Job:
        """The store's job for ``key``, or a new one from ``make()`` (called at most once per key at a time)."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                job = self._jobs[key] = make()
            self._jobs.move_to_end(key)
            idle = [k for k, j in self._jobs.items() if not j.running and not j.pinned]
            for old in idle[: max(0, len(idle) - self.finished)]:
                del self._jobs[old]
            return job

    def jobs(self) -> list[Job]:
        """The jobs it holds, least recently used first."""
        with self._lock:
            return list(self._jobs.values())

    def clear(self) -> None:
        """Forget every job but the lecture's (tests)."""
        with self._lock:
            for key in [k for k, j in self._jobs.items() if not j.pinned]:
                del self._jobs[key]


STORE = Store(FINISHED)

LECTURE_NET = NetworkSpec(datasets.LECTURE_NETWORK_SIZES, datasets.LECTURE_NETWORK_ACTIVATIONS, False, "lecture", 0)
"""The lecture's 3-2-1 network from its printed initial weights."""
LECTURE_RUNS = (
    RunSpec(LECTURE_NET, "GD", (("eta", datasets.LECTURE_NETWORK_ETA),), datasets.LECTURE_NETWORK_ITERATIONS),
    RunSpec(
        LECTURE_NET,
        "Adam",
        tuple((p.name, p.default) for p in nm.Adam.PARAMS),
        datasets.LECTURE_NETWORK_ITERATIONS,
    ),
)
"""The lecture's manual backprop (GD, eta = 0.0005) and Keras's default Adam, 5,000 iterations each."""
LECTURE_DATA_KEY = "builtin:network:10000:0:0.0"
"""services.data.lecture_network()'s key at the lecture's settings."""


def _lecture_data() -> Data:
    d = datasets.lecture_network_data()
    return Data(d.X, d.y, LECTURE_DATA_KEY, tuple(d.feature_names), d.description, true_weights=tuple(d.true_weights))


def _train_lecture() -> None:
    """Put the lecture's two printed runs in the store and train them (they are the server's own work)."""
    data = _lecture_data()
    for run in LECTURE_RUNS:
        STORE.get_or_create((LECTURE_DATA_KEY, run), functools.partial(Job, data, run, pinned=True)).start()


threading.Thread(target=_train_lecture, name="train the lecture's runs", daemon=True).start()


def is_lecture_reference(data_key: str, run: RunSpec) -> bool:
    """Whether ``run`` on the data ``data_key`` is one of the lecture's printed runs."""
    return data_key == LECTURE_DATA_KEY and run in LECTURE_RUNS


class Run(NamedTuple):
    """A finished run: its label and history (what other pages use of the lecture's printed runs)."""

    label: str
    history: nm.TrainHistory


def lecture_reference(data: Data, name: str, values: tuple[float, ...]) -> Run:
    """One of the lecture's printed runs, finished (waiting for the server's background training if need be).

    ``values`` are the optimizer's hyperparameters in the order of its PARAMS (the run keeps at most
    MAX_SNAPSHOTS snapshots). Raises ValueError for a run that is not one of the lecture's two.
    """
    names = [p.name for p in nm.OPTIMIZERS[name].PARAMS]
    run = RunSpec(LECTURE_NET, name, tuple(zip(names, map(float, values), strict=False)), LECTURE_RUNS[0].iterations)
    if not is_lecture_reference(data.key, run):
        raise ValueError(f"{name} {values} on {data.key} is not one of the lecture's printed runs.")
    job = STORE.get_or_create((data.key, run), functools.partial(Job, data, run, pinned=True))
    job.start()
    job.wait()
    history = job.history()
    if history is None:
        raise ValueError(f"The lecture's {name} run could not be trained: {job.error}")
    return Run(job.label, history)


def _session() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def held(data: Data, settings: TrainSettings, jobs: Mapping[RunKey, Job]) -> tuple[list[Job], list[RunSpec]]:
    """Which of the settings' runs a session holds among ``jobs`` (in order), and which it lacks."""
    have, lack = [], []
    for run in settings.runs():
        job = jobs.get((data.key, run))
        if job is None:
            lack.append(run)
        else:
            have.append(job)
    return have, lack


def start(data: Data, settings: TrainSettings, jobs: Mapping[RunKey, Job] | None = None) -> tuple[Job, ...]:
    """Every run of ``settings``: the session's own (``jobs``), the store's, or new ones; each started or continued.

    Raises cost.TooMuchWork when the new runs together are above the time budget (the lecture's printed runs
    are the server's own work and cost a request nothing).
    """
    jobs = jobs or {}
    runs = settings.runs()
    found = {run: jobs.get((data.key, run)) or STORE.get((data.key, run)) for run in runs}
    new = [run for run, job in found.items() if job is None and not is_lecture_reference(data.key, run)]
    if new:
        net = settings.net
        cost.check_training(
            data.X.shape[0], net.sizes, net.activations, settings.iterations, [r.optimizer for r in new], net.use_bias
        )
    out = []
    for run in runs:
        job = found[run] or STORE.get_or_create((data.key, run), functools.partial(Job, data, run))
        job.start()
        out.append(job)
    return tuple(out)


def pause(jobs: Sequence[Job]) -> None:
    """Pause every job and wait (a chunk, at most a second) until each has stopped."""
    for job in jobs:
        job.pause()
    for job in jobs:
        job.wait(timeout=1.0)


def resume(jobs: Sequence[Job]) -> None:
    """Continue every paused job from where it stopped."""
    for job in jobs:
        job.start()


def headline(jobs: Sequence[Job], iteration: int | None = None) -> str:
    """Each run's MSE at ``iteration`` (default: as far as it has got), e.g. "GD (η = 0.0005): MSE 1.39e-08"."""
    parts = []
    for job in jobs:
        h = job.history()
        if h is not None:
            at = h.n_updates if iteration is None else min(iteration, h.n_updates)
            parts.append(f"{job.label}: MSE {h.loss[at]:.6g}")
    return " · ".join(parts)


def problems(jobs: Sequence[Job]) -> list[str]:
    """What went wrong in each run, in words that say what to change."""
    out = []
    for job in jobs:
        h = job.history()
        if job.state == "failed":
            out.append(f"{job.label} could not be trained: {job.error}")
        elif h is not None and h.stop_reason == "diverged":
            out.append(
                f"{job.label} diverged at iteration {h.n_updates} (MSE {h.loss[-1]:.3g}): the steps overshoot. "
                "Try a learning rate 10 times smaller; what it computed before is drawn below."
            )
    return out


def follow(previous: Iterable[Job], current: Sequence[Job]) -> None:
    """This session now shows ``current`` instead of ``previous``: jobs nobody shows any longer pause."""
    session = _session()
    for job in current:
        job.follow(session)
    for job in previous:
        if job not in current:
            job.unfollow(session)


class Start(NamedTuple):
    """The network before training: its loss and the charts of the first view."""

    loss: float
    fit: Spec
    diagram: Spec


@st.cache_resource(max_entries=16, show_spinner=False, hash_funcs=HASH_FUNCS)
def initial(data: Data, net: NetworkSpec) -> Start:
    """The initial network's MSE, its prediction against the data and its diagram (shared: do not mutate)."""
    network = net.network()
    y_hat = network.predict(data.X)
    loss = nm.mse(y_hat, data.y)
    fit = training_charts.fit_figure(data.y, y_hat, title="Fit: ŷ against y")
    return Start(loss, fit, diagram(network, "Initial weights"))


def diagram(network: nm.Network, title: str) -> Spec:
    """The network's diagram with its current weights."""
    return network_diagram.network_diagram(
        network.sizes, network.weights, activations=network.activations, title=title, legend_title_side="top left"
    ).to_dict()


def _version(job: Job) -> tuple[Any, ...]:
    """What a view of a job depends on: the run, and how far it has got."""
    return (job.key, job.state, job.iteration)


JOB_HASH = {**HASH_FUNCS, Job: _version}


def curves(jobs: Sequence[Job]) -> list[training_charts.Curve]:
    """The jobs' histories as charts draw them (jobs not yet set up are left out)."""
    out = []
    for job in jobs:
        h = job.history()
        if h is not None:
            out.append(training_charts.Curve(job.label, h.loss, h.iterations, h.params, h.names))
    return out


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=JOB_HASH)
def live(jobs: tuple[Job, ...], log_y: bool) -> tuple[Spec, Spec | None]:
    """While training: the loss so far (the x-axis spans the run) and the first run's current weights."""
    drawn = curves(jobs)
    loss = training_charts.loss_figure(
        [(c.label, c.loss) for c in drawn], log_y=log_y, iterations=jobs[0].run.iterations
    )
    if not drawn:
        return loss, None
    net = jobs[0].run.net.network()
    net.set_flat_parameters(drawn[0].params[-1])
    return loss, diagram(net, f"Weights now: {drawn[0].label}")


@st.cache_resource(max_entries=16, show_spinner=False, hash_funcs=JOB_HASH)
def charts(jobs: tuple[Job, ...], log_y: bool, chosen: tuple[str, ...], truth: tuple[float, ...]) -> dict[str, Spec]:
    """The runs' loss and chosen parameters, each with a line a step moves (``figures.line_at``)."""
    drawn = curves(jobs)
    named_truth = dict(zip(drawn[0].names, truth, strict=False))
    return {
        "loss": training_charts.loss_figure([(c.label, c.loss) for c in drawn], log_y=log_y, marker=0),
        "parameters": training_charts.parameter_figure(drawn, chosen, truth=named_truth, marker=0),
    }


@st.cache_resource(max_entries=256, show_spinner=False, hash_funcs=JOB_HASH)
def snapshot(jobs: tuple[Job, ...], data: Data, j: int) -> dict[str, Any]:
    """Snapshot j of the first run, made once for everyone who looks at it: each run's MSE there, the first
    run's weights and its fit to the data."""
    first = curves(jobs)[0]
    iteration = int(first.iterations[j])
    net = jobs[0].run.net.network()
    net.set_flat_parameters(first.params[j])
    return {
        "iteration": iteration,
        "headline": f"**Iteration {iteration:,}** (of {first.loss.size - 1:,}): {headline(jobs, iteration)}",
        "diagram": diagram(net, f"Weights: {first.label}"),
        "fit": training_charts.fit_figure(data.y, net.predict(data.X), title=f"Fit at iteration {iteration:,}"),
    }


def view(
    jobs: tuple[Job, ...], data: Data, j: int, log_y: bool, chosen: tuple[str, ...], truth: tuple[float, ...]
) -> dict[str, Any]:
    """What the stepper shows at snapshot j: the headline and the four charts (loss, weights, parameters, fit)."""
    shown = dict(snapshot(jobs, data, j))
    for name, spec in charts(jobs, log_y, chosen, truth).items():
        shown[name] = figures.line_at(spec, shown["iteration"])
    return shown


@st.cache_resource(max_entries=8, show_spinner=False, hash_funcs=JOB_HASH)
def player(jobs: tuple[Job, ...], chosen: tuple[str, ...], log_y: bool) -> Spec:
    """The runs played in the browser: the loss and the chosen parameters with moving markers (under 2 MB)."""
    return training_charts.training_player(curves(jobs), chosen, log_y=log_y)


def truth(data: Data, net: NetworkSpec) -> tuple[float, ...]:
    """The teacher network's weights in parameter order, when the network is the lecture's shape; else ()."""
    lecture_shape = net.sizes == LECTURE_NET.sizes and net.activations == LECTURE_NET.activations
    if not data.true_weights or not lecture_shape or net.use_bias:
        return ()
    return tuple(float(v) for w in data.true_weights for v in np.ravel(w))


def weights_table(jobs: Sequence[Job], truth: Sequence[float]) -> Any:
    """Final weights of each run beside the initial ones and, when known, the teacher's."""
    drawn = curves(jobs)
    first = drawn[0]
    columns: dict[str, Any] = {"initial": first.params[0]}
    columns |= {f"final: {c.label}": c.params[-1] for c in drawn}
    if truth:
        columns["true (teacher)"] = list(truth)
    return tables.weights_table(first.names, columns)[0]


def history_table(jobs: Sequence[Job]) -> Any:
    """Every snapshot of every run: iteration, loss and parameters, with the run's name."""
    frames = [tables.train_history_table(job.history()).assign(optimizer=job.label) for job in jobs]  # type: ignore[arg-type]
    return pd.concat(frames, ignore_index=True)


def lecture_differences(data_key: str, jobs: Sequence[Job]) -> Any | None:
    """The runs that reproduce the lecture's printed ones, as differences from the print; None when none does."""
    printed = {
        LECTURE_RUNS[0]: ("GD", datasets.LECTURE_PRINTED_GD),
        LECTURE_RUNS[1]: ("Adam", datasets.LECTURE_PRINTED_ADAM),
    }
    rows = {
        printed[job.run][0]: (job.history().params[-1], printed[job.run][1])  # type: ignore[union-attr]
        for job in jobs
        if is_lecture_reference(data_key, job.run) and job.state == "done"
    }
    if not rows:
        return None
    return training_charts.differences(jobs[0].history().names, rows)  # type: ignore[union-attr]


def code_for(data: code.DataRecipe, job: Job) -> tuple[str, str]:
    """The NumPy and the Keras code of one run (an optimizer without a NumPy update yet gets a note instead)."""
    run = job.run
    values = dict(run.values)
    numpy = (
        code.numpy_code(data, run.net, run.optimizer, values, run.iterations)
        if run.optimizer in code.UPDATE_CODE
        else f"# No NumPy update for {run.optimizer} yet (UPDATE_CODE in nnviz/code/trainer.py); Keras trains it."
    )
    return numpy, code.keras_code(data, run.net, run.optimizer, values, run.iterations)
