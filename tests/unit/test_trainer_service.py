"""services.trainer: background jobs shared by every session, pause and continue, bounded store, the lecture's
printed runs trained once in the background, and the time budget for everything else."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from services import cost, trainer
from services.data import Data
from services.trainer import Job, NetworkSpec, RunSpec, Store, TrainSettings

NET = NetworkSpec((3, 4, 1), ("tanh", "linear"), True, "keras", 0)
ADAM = tuple((p.name, p.default) for p in nm.Adam.PARAMS)


def teacher(rows: int, seed: int = 0) -> Data:
    d = datasets.lecture_network_data(n=rows, seed=seed)
    return Data(d.X, d.y, f"test:teacher:{rows}:{seed}", tuple(d.feature_names), d.description)


def gd(iterations: int, eta: float = 0.01) -> TrainSettings:
    return TrainSettings(NET, (("GD", (("eta", eta),)),), iterations)


@pytest.fixture(autouse=True)
def fresh_store():
    trainer.STORE.clear()
    yield
    trainer.pause([job for job in trainer.STORE.jobs() if not job.pinned])
    trainer.STORE.clear()


def test_five_sessions_pressing_train_at_once_train_once(monkeypatch):
    built = []
    real = nm.Training

    def counted(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(trainer.nm, "Training", counted)
    data, settings = teacher(300, seed=11), gd(400)
    barrier = threading.Barrier(5)
    got: list[tuple[Job, ...]] = []

    def press_train() -> None:
        barrier.wait()
        got.append(trainer.start(data, settings))

    threads = [threading.Thread(target=press_train) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(jobs[0]) for jobs in got}) == 1
    assert got[0][0].wait(60) and got[0][0].state == "done"
    assert len(built) == 1


def test_a_job_trains_in_the_background_what_nm_train_trains():
    data, settings = teacher(200), gd(300)
    (job,) = trainer.start(data, settings)
    assert job.wait(60) and job.state == "done"
    net = NET.network()
    expected = nm.train(net, data.X, data.y, nm.GD(0.01), 300)
    h = job.history()
    assert np.array_equal(h.loss, expected.loss) and np.array_equal(h.params, expected.params)
    assert job.history() is h  # finished: the same record for everyone, the training itself let go


def test_pause_keeps_what_is_done_and_continue_goes_on_from_there():
    data, settings = teacher(500), gd(15_000)
    (job,) = trainer.start(data, settings)
    while job.iteration < 50:
        time.sleep(0.01)
    trainer.pause([job])
    assert job.state == "paused" and not job.running
    stopped = job.iteration
    time.sleep(0.2)
    assert job.iteration == stopped and job.history().loss.size == stopped + 1
    assert job.history().stop_reason == "running"
    trainer.resume([job])
    assert job.running
    while job.iteration < stopped + 50:
        time.sleep(0.01)
    trainer.pause([job])
    ahead = job.history()
    uninterrupted = nm.train(NET.network(), data.X, data.y, nm.GD(0.01), 15_000, record_every=job.run.record_every)
    assert np.array_equal(ahead.loss, uninterrupted.loss[: ahead.loss.size])


def test_a_job_nobody_follows_pauses_but_the_lectures_go_on():
    data, settings = teacher(500), gd(15_000)
    (job,) = trainer.start(data, settings)
    trainer.follow([], [job])
    trainer.follow([job], [])
    job.wait(5)
    assert job.state == "paused"
    lecture = trainer.STORE.get((trainer.LECTURE_DATA_KEY, trainer.LECTURE_RUNS[0]))
    lecture.unfollow("someone")
    assert lecture.state in ("running", "done")
    trainer.pause([lecture])  # Pause pressed on the lecture's preset: the server's own run goes on
    assert lecture.wait(60) and lecture.state == "done"


def test_the_store_keeps_running_jobs_and_a_bounded_number_of_others():
    data = teacher(100)
    store = Store(finished=2)
    jobs = []
    for k in range(4):
        run = RunSpec(NET, "GD", (("eta", 0.01 * (k + 1)),), 5)
        job = store.get_or_create((data.key, run), lambda run=run: Job(data, run))
        job.start()
        job.wait(30)
        jobs.append(job)
    long_run = RunSpec(NET, "GD", (("eta", 0.001),), 20_000)
    running = store.get_or_create((teacher(500).key, long_run), lambda: Job(teacher(500), long_run))
    running.start()
    assert len(store.jobs()) == 3  # the running job and the two most recent others
    assert store.get(jobs[-1].key) is jobs[-1] and store.get(jobs[0].key) is None
    running.pause()


def test_a_session_keeps_its_jobs_when_the_store_has_let_them_go():
    data, settings = teacher(200), gd(50)
    jobs = trainer.start(data, settings)
    jobs[0].wait(30)
    trainer.STORE.clear()
    mine = {job.key: job for job in jobs}
    have, lack = trainer.held(data, settings, mine)
    assert have == list(jobs) and not lack
    assert trainer.start(data, settings, mine) == jobs


def test_compare_keeps_the_first_run_and_adds_the_second():
    data = teacher(200)
    first = trainer.start(data, gd(100))
    compared = TrainSettings(NET, (("GD", (("eta", 0.01),)), ("Adam", ADAM)), 100)
    both = trainer.start(data, compared, {job.key: job for job in first})
    assert both[0] is first[0] and both[1].run.optimizer == "Adam"


def test_work_above_the_budget_is_refused_before_any_job_is_made():
    data = teacher(100_000)
    settings = TrainSettings(
        NetworkSpec((3, 8, 8, 1), ("tanh", "tanh", "linear"), True, "keras", 0), (("Adam", ADAM),), 20_000
    )
    with pytest.raises(cost.TooMuchWork, match="use at most"):
        trainer.start(data, settings)
    assert trainer.STORE.get((data.key, settings.runs()[0])) is None


def test_runs_keep_at_most_max_snapshots():
    run = RunSpec(NET, "GD", (("eta", 0.01),), 20_000)
    assert 20_000 // run.record_every + 2 <= trainer.MAX_SNAPSHOTS
    assert RunSpec(NET, "GD", (("eta", 0.01),), 1999).record_every == 1


def test_a_start_that_cannot_be_trained_fails_with_the_reason():
    typed = (((300.0,), (300.0,), (300.0,)),)
    net = NetworkSpec((3, 1), ("exponential",), False, "typed", 0, typed)
    (job,) = trainer.start(teacher(100), TrainSettings(net, (("GD", (("eta", 0.01),)),), 10))
    job.wait(30)
    assert job.state == "failed" and job.error.startswith("Layer 1 (exponential) overflows")
    assert trainer.problems([job]) == [f"{job.label} could not be trained: {job.error}"]


def test_the_lectures_printed_runs_are_trained_once_in_the_background():
    data = Data(np.empty((10_000, 3)), np.empty((10_000, 1)), trainer.LECTURE_DATA_KEY, ("x1", "x2", "x3"), "")
    settings = TrainSettings(trainer.LECTURE_NET, tuple((r.optimizer, r.values) for r in trainer.LECTURE_RUNS), 5000)
    jobs = trainer.start(data, settings)  # no cost check, no new job: the server's own
    assert all(job.pinned for job in jobs)
    assert all(job.wait(300) for job in jobs)
    gd_run, adam = (job.history().params[-1] for job in jobs)
    assert np.allclose(gd_run, datasets.LECTURE_PRINTED_GD, atol=1e-8, rtol=0)
    assert np.allclose(adam, datasets.LECTURE_PRINTED_ADAM, atol=1e-4, rtol=0)
    assert trainer.is_lecture_reference(trainer.LECTURE_DATA_KEY, trainer.LECTURE_RUNS[1])
    assert not trainer.is_lecture_reference("builtin:network:10000:1:0.0", trainer.LECTURE_RUNS[1])


def test_the_lecture_data_key_is_the_pages():
    from services import data

    assert data.lecture_network(10_000, 0, 0.0).key == trainer.LECTURE_DATA_KEY


def test_a_diverging_run_is_explained():
    (job,) = trainer.start(teacher(200), gd(300, eta=5.0))
    job.wait(30)
    (message,) = trainer.problems([job])
    assert "diverged at iteration" in message and "10 times smaller" in message


def test_an_optimizer_without_a_numpy_update_gets_a_note_and_its_keras_code(monkeypatch):
    from nnviz.code import trainer as code

    monkeypatch.delitem(code.UPDATE_CODE, "RMSprop")
    run = RunSpec(NET, "RMSprop", tuple((p.name, p.default) for p in nm.RMSprop.PARAMS), 10)
    numpy, keras = trainer.code_for(code.DataRecipe("teacher", 100), Job(teacher(100), run))
    assert numpy.startswith("# No NumPy update for RMSprop yet")
    assert "keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-07)" in keras


def test_other_pages_get_the_lectures_gd_run_finished_from_the_same_job():
    data = Data(np.empty((10_000, 3)), np.empty((10_000, 1)), trainer.LECTURE_DATA_KEY, ("x1", "x2", "x3"), "")
    run = trainer.lecture_reference(data, "GD", (datasets.LECTURE_NETWORK_ETA,))
    job = trainer.STORE.get((trainer.LECTURE_DATA_KEY, trainer.LECTURE_RUNS[0]))
    assert run.history is job.history() and run.history.n_updates == 5000
    with pytest.raises(ValueError, match="not one of the lecture's printed runs"):
        trainer.lecture_reference(data, "GD", (0.001,))
