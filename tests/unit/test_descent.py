"""Gradient descent for linear regression: the lecture's loop bit for bit, batches from the seed, any optimizer."""

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets

TOY = datasets.lecture_toy_regression()
X, Y = TOY.X, TOY.y[:, 0]
N = X.shape[0]


def lecture_loop(eta, batch_size, epochs, tol, rows_of_epoch):
    """The lecture's lr_gradient_descent as nnmath wrote it before optimizers: w -= eta dw, b -= eta db."""
    w, b = np.ones(2), 0.0
    ws, bs = [w], [b]
    prev = np.inf
    for epoch in range(1, epochs + 1):
        order = rows_of_epoch(epoch)
        for j in range(N // batch_size):
            rows = order[j * batch_size : (j + 1) * batch_size]
            Xb, yb = X[rows], Y[rows]
            r = Xb @ w + b - yb
            err = float(r @ r) / batch_size
            if abs(err - prev) < tol:
                return np.array(ws), np.array(bs)
            prev = err
            w = w - eta * (2.0 / batch_size * (Xb.T @ r))
            b = b - eta * (2.0 / batch_size * float(r.sum()))
            ws.append(w)
            bs.append(b)
    return np.array(ws), np.array(bs)


def in_order(epoch):
    return np.arange(N)


@pytest.mark.parametrize(("batch_size", "tol"), [(12, 0.0), (3, 0.0), (1, 0.0), (5, 1e-8), (3, 1e-8)])
def test_default_gd_is_the_lecture_loop_bit_for_bit(batch_size, tol):
    h = nm.gradient_descent(X, Y, eta=0.1, batch_size=batch_size, max_iter=200, tol=tol, shuffle=False)
    w, b = lecture_loop(0.1, batch_size, 200, tol, in_order)
    np.testing.assert_array_equal(h.w, w)
    np.testing.assert_array_equal(h.b, b)
    assert h.optimizer == "GD (eta=0.1)" and h.optimizer_name == "GD" and h.state == {}


@pytest.mark.parametrize("batch_size", [1, 3, 5])
def test_shuffled_batches_come_from_the_seed_epoch_by_epoch(batch_size):
    h = nm.gradient_descent(X, Y, eta=0.05, batch_size=batch_size, max_iter=4, tol=0, seed=11)
    w, b = lecture_loop(0.05, batch_size, 4, 0, lambda epoch: np.random.default_rng([11, epoch]).permutation(N))
    np.testing.assert_array_equal(h.w, w)
    np.testing.assert_array_equal(h.b, b)
    per_epoch = N // batch_size
    assert h.batches_per_epoch == per_epoch
    for t in range(1, h.n_updates + 1):
        epoch, j = divmod(t - 1, per_epoch)
        order = np.random.default_rng([11, epoch + 1]).permutation(N)
        np.testing.assert_array_equal(h.rows(t), order[j * batch_size : (j + 1) * batch_size])


def test_rows_and_epochs_are_computed_not_stored():
    h = nm.gradient_descent(X, Y, eta=0.05, batch_size=5, max_iter=3, tol=0, seed=0)
    assert not hasattr(h, "batch_rows")
    assert h.rows(0).shape == (0,) and h.rows(0).dtype == np.int64
    assert h.epoch.dtype == np.int32
    np.testing.assert_array_equal(h.epoch, [0, 1, 1, 2, 2, 3, 3])
    for epoch in (1, 2, 3):
        rows = np.concatenate([h.rows(t) for t in np.flatnonzero(h.epoch == epoch)])
        assert len(set(rows.tolist())) == 10
    rows = h.rows(4)
    rows[:] = -1
    assert np.all(h.rows(4) >= 0), "rows(t) returns a copy"
    unshuffled = nm.gradient_descent(X, Y, batch_size=5, max_iter=2, shuffle=False)
    np.testing.assert_array_equal(unshuffled.rows(2), [5, 6, 7, 8, 9])
    np.testing.assert_array_equal(unshuffled.rows(3), [0, 1, 2, 3, 4])
    batch = nm.gradient_descent(X, Y, max_iter=2, seed=5)
    np.testing.assert_array_equal(batch.rows(2), np.arange(12))


@pytest.mark.parametrize(
    ("batch_size", "shuffle", "eta", "tol"),
    [(5, True, 0.05, 0.0), (1, True, 0.05, 0.0), (12, True, 0.05, 0.0), (3, False, 0.05, 0.0), (3, True, 1e-9, 1e-3)],
)
def test_iter_rows_gives_every_batch_in_order(batch_size, shuffle, eta, tol):
    h = nm.gradient_descent(X, Y, eta=eta, batch_size=batch_size, max_iter=50, tol=tol, shuffle=shuffle, seed=1)
    if tol:
        assert h.stop_reason == "tol" and h.n_updates % h.batches_per_epoch != 0, "stops within an epoch"
    every = list(h.iter_rows())
    assert len(every) == h.n_updates + 1
    for t, rows in enumerate(every):
        np.testing.assert_array_equal(rows, h.rows(t))


def test_a_run_without_a_seed_stores_one_and_can_be_repeated():
    first = nm.gradient_descent(X, Y, eta=0.05, batch_size=2, max_iter=5, tol=0)
    assert isinstance(first.seed, int) and 0 <= first.seed < 2**32
    again = nm.gradient_descent(X, Y, eta=0.05, batch_size=2, max_iter=5, tol=0, seed=first.seed)
    np.testing.assert_array_equal(first.w, again.w)
    from_generator = nm.gradient_descent(X, Y, batch_size=2, max_iter=2, seed=np.random.default_rng(3))
    assert from_generator.seed == int(np.random.default_rng(3).integers(0, 2**32 - 1, endpoint=True))


def test_memory_guard_names_max_iter_and_batch_size():
    with pytest.raises(ValueError, match=r"max_iter = 200,000 epochs of 12 batches \(batch_size 1\) would record"):
        nm.gradient_descent(X, Y, batch_size=1, max_iter=200_000)
    assert nm.MAX_RECORDED_UPDATES == 2_000_000


def by_hand(optimizer, batch_size, epochs, order_of_epoch):
    """Apply ``optimizer`` to [w, b] as Keras would (a kernel and a bias), with nnmath's Step 3 gradients."""
    params = [np.ones(2), np.zeros(1)]
    ws, bs = [params[0]], [params[1][0]]
    states = {name: [np.zeros(3)] for name in optimizer.STATE}
    optimizer.reset()
    for epoch in range(1, epochs + 1):
        order = order_of_epoch(epoch)
        for j in range(N // batch_size):
            rows = order[j * batch_size : (j + 1) * batch_size]
            dw, db = nm.linreg_gradients(X[rows], Y[rows], params[0], float(params[1][0]))
            params = optimizer.step(params, [dw[:, 0], np.array([db])])
            ws.append(params[0])
            bs.append(params[1][0])
            for name, (state_w, state_b) in optimizer.state().items():
                states[name].append(np.append(state_w, state_b))
    return np.array(ws), np.array(bs), {name: np.array(rows) for name, rows in states.items()}


@pytest.mark.parametrize(
    "make",
    [lambda: nm.Momentum(0.01, 0.9), lambda: nm.Adam(learning_rate=0.05), lambda: nm.RMSprop(learning_rate=0.01)],
    ids=["Momentum", "Adam", "RMSprop"],
)
@pytest.mark.parametrize(("batch_size", "shuffle"), [(12, False), (3, False), (3, True), (1, True)])
def test_optimizers_on_theta_match_keras_updates_by_hand(make, batch_size, shuffle):
    h = nm.gradient_descent(X, Y, batch_size=batch_size, max_iter=20, tol=0, shuffle=shuffle, seed=7, optimizer=make())
    shuffled = shuffle and batch_size < N
    order = (lambda e: np.random.default_rng([7, e]).permutation(N)) if shuffled else in_order
    w, b, states = by_hand(make(), batch_size, 20, order)
    assert h.n_updates == 20 * (N // batch_size)
    np.testing.assert_allclose(h.w, w, rtol=0, atol=1e-12)
    np.testing.assert_allclose(h.b, b, rtol=0, atol=1e-12)
    assert set(h.state) == set(states)
    for name, rows in states.items():
        assert h.state[name].shape == (h.n_updates + 1, 3)
        np.testing.assert_allclose(h.state[name], rows, rtol=0, atol=1e-12)
    assert h.optimizer_name == make().name and h.optimizer == make().describe()


def test_a_reused_optimizer_starts_afresh():
    adam = nm.Adam(learning_rate=0.05)
    first = nm.gradient_descent(X, Y, batch_size=3, max_iter=10, tol=0, seed=1, optimizer=adam)
    second = nm.gradient_descent(X, Y, batch_size=3, max_iter=10, tol=0, seed=1, optimizer=adam)
    np.testing.assert_array_equal(first.w, second.w)
    np.testing.assert_array_equal(first.state["m"], second.state["m"])
    assert first.eta == 0.05


def test_optimizer_runs_stop_on_tol_and_on_divergence():
    stopped = nm.gradient_descent(X, Y, max_iter=5000, tol=1e-12, optimizer=nm.Momentum(0.05, 0.5))
    assert stopped.stop_reason == "tol" and stopped.n_updates < 5000
    diverged = nm.gradient_descent(X, Y, max_iter=1000, tol=0, optimizer=nm.Momentum(1.0, 0.9))
    assert diverged.stop_reason == "diverged"
    assert np.all(np.isfinite(diverged.w)) and np.all(np.isfinite(diverged.state["velocity"]))
    none = nm.gradient_descent(X, Y, eta=1e300, max_iter=3, tol=0)
    assert none.stop_reason == "diverged" and none.n_updates == 0


def test_step_detail_reproduces_the_history():
    h = nm.gradient_descent(X, Y, eta=0.1, batch_size=3, max_iter=2, seed=3, tol=0)
    for t in range(1, h.n_updates + 1):
        s = nm.step_detail(X, Y, h, t)
        np.testing.assert_array_equal(s.rows, h.rows(t))
        np.testing.assert_array_equal(s.dw, h.dw[t])
        np.testing.assert_array_equal(s.w_after, h.w[t])
        assert s.b_after == h.b[t]
        assert s.loss == h.batch_loss[t]
        assert s.epoch == h.epoch[t] and s.n == 3
        assert s.optimizer_name == "GD" and s.state_before == {} and s.state_after == {}
        assert s.step_count is None and s.step_size is None
        np.testing.assert_allclose(s.update, -0.1 * np.append(s.dw, s.db), rtol=1e-12)
    with pytest.raises(ValueError, match="t must be a whole number from 1 to 8, but it is 9"):
        nm.step_detail(X, Y, h, 9)
    with pytest.raises(nm.ShapeError, match="X has 6 rows but the run was fitted on 12"):
        nm.step_detail(X[:6], Y[:6], h, 1)
    empty = nm.gradient_descent(X, Y, eta=1e300, max_iter=3, tol=0)
    with pytest.raises(ValueError, match="this run made no updates"):
        nm.step_detail(X, Y, empty, 1)


@pytest.mark.parametrize("name", ["Momentum", "RMSprop", "Adam"])
def test_step_detail_shows_the_optimizer_state(name):
    optimizer = nm.make_optimizer(name, **{nm.OPTIMIZERS[name].PARAMS[0].name: 0.05})
    h = nm.gradient_descent(X, Y, batch_size=4, max_iter=3, tol=0, seed=2, optimizer=optimizer)
    for t in range(1, h.n_updates + 1):
        s = nm.step_detail(X, Y, h, t)
        np.testing.assert_array_equal(s.w_after, h.w[t])
        assert s.b_after == h.b[t]
        np.testing.assert_array_equal(s.update, np.append(h.w[t], h.b[t]) - np.append(h.w[t - 1], h.b[t - 1]))
        for key in optimizer.STATE:
            np.testing.assert_array_equal(s.state_before[key], h.state[key][t - 1])
            np.testing.assert_array_equal(s.state_after[key], h.state[key][t])
        if name == "Adam":
            assert s.step_count == t
            assert s.step_size == pytest.approx(0.05 * np.sqrt(1 - 0.999**t) / (1 - 0.9**t), rel=1e-15)
        else:
            assert s.step_count is None and s.step_size is None
        if name == "Momentum":
            np.testing.assert_allclose(s.update, s.state_after["velocity"], rtol=1e-12)


def test_linreg_gradients_report_overflow():
    with pytest.raises(ValueError, match="gradients overflow"):
        nm.linreg_gradients([[1e300]], [-1e300], [1e300], 0.0)


def test_gradient_descent_rejects_several_targets_and_overflowing_starts():
    with pytest.raises(nm.ShapeError, match="y is 12x2: linear regression needs one target column"):
        nm.gradient_descent(X, np.ones((12, 2)))
    with pytest.raises(ValueError, match="w0 and b0 are so large that the loss overflows"):
        nm.gradient_descent(X, Y, w0=[1e200, 1e200])
