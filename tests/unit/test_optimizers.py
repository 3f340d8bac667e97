"""Optimizers: a complete registry, Keras's update rules checked by hand, state, reset and reuse."""

import inspect

import numpy as np
import pytest

import nnmath as nm

P0 = [np.array([1.0, -2.0])]
G = [np.array([0.5, 0.25])]


def test_registry_order_and_names():
    assert list(nm.OPTIMIZERS) == ["GD", "Momentum", "RMSprop", "Adam"]
    assert all(issubclass(cls, nm.Optimizer) for cls in nm.OPTIMIZERS.values())


@pytest.mark.parametrize("name", list(nm.OPTIMIZERS))
def test_every_registry_entry_is_complete(name):
    cls = nm.OPTIMIZERS[name]
    assert cls.name == name
    assert cls.label
    assert cls.keras.startswith("keras.optimizers.")
    assert cls.latex and all(isinstance(line, str) and line for line in cls.latex)
    assert cls.PARAMS, "every optimizer has at least a learning rate"
    rate = cls.PARAMS[0]
    assert rate.keras == "learning_rate" and rate.log and rate.label == "η"
    signature = inspect.signature(cls.__init__).parameters
    assert [p.name for p in cls.PARAMS] == [k for k in signature if k != "self"]
    for param in cls.PARAMS:
        assert param.label and param.keras and param.help.endswith(".")
        assert signature[param.name].default == param.default
        assert param.check(param.default) == param.default, f"{name}.{param.name}'s default is outside its bounds"
        if param.lo is not None:
            assert param.default >= param.lo
        if param.hi is not None:
            assert param.default <= param.hi
    opt = cls()
    assert opt.values() == {p.name: p.default for p in cls.PARAMS}
    assert opt.describe().startswith(f"{name} (")
    assert opt.keras_code().startswith(cls.keras + "(learning_rate=")
    assert set(opt.state()) == set(cls.STATE)
    assert opt.step_size(1) is None or name == "Adam"


def test_keras_code_and_description_use_the_current_values():
    adam = nm.Adam()
    assert adam.keras_code() == "keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)"
    assert adam.describe() == "Adam (learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)"
    assert nm.Momentum(0.05, 0.5).keras_code() == "keras.optimizers.SGD(learning_rate=0.05, momentum=0.5)"
    assert nm.GD(0.1).keras_code() == "keras.optimizers.SGD(learning_rate=0.1)"
    assert nm.RMSprop(rho=0.8).keras_code() == "keras.optimizers.RMSprop(learning_rate=0.001, rho=0.8, epsilon=1e-07)"
    assert nm.GD(0.1).describe() == "GD (eta=0.1)"
    assert repr(nm.Momentum(0.05, 0.5)) == "Momentum(eta=0.05, momentum=0.5)"
    assert nm.Momentum.PARAMS[1].allowed() == "a number at least 0 and less than 1"
    assert nm.Adam(learning_rate=0.01).eta == 0.01 and nm.RMSprop(0.02).eta == 0.02


def test_gd_and_momentum_follow_keras_sgd():
    np.testing.assert_allclose(nm.GD(0.1).step(P0, G)[0], [0.95, -2.025])
    mom = nm.Momentum(0.1, 0.9)
    first = mom.step(P0, G)[0]
    second = mom.step([first], G)[0]
    np.testing.assert_allclose(first, [0.95, -2.025])
    np.testing.assert_allclose(second, first + (0.9 * -0.1 * G[0] - 0.1 * G[0]))
    np.testing.assert_allclose(mom.state()["velocity"][0], 0.9 * -0.1 * G[0] - 0.1 * G[0])


def test_adam_follows_keras():
    adam = nm.Adam(learning_rate=0.01)
    out = adam.step(P0, G)[0]
    m = 0.1 * G[0]
    v = 0.001 * G[0] ** 2
    alpha = 0.01 * np.sqrt(1 - 0.999) / (1 - 0.9)
    np.testing.assert_allclose(out, P0[0] - alpha * m / (np.sqrt(v) + 1e-7))
    assert adam.t == 1
    assert adam.step_size(1) == pytest.approx(alpha, rel=1e-15)
    np.testing.assert_allclose(adam.state()["m"][0], m)
    np.testing.assert_allclose(adam.state()["v"][0], v)


def test_rmsprop_two_steps_by_hand():
    # Keras 3's RMSprop (keras/src/optimizers/rmsprop.py, momentum 0, centered False):
    #   v <- rho v + (1 - rho) g^2;  w <- w - lr g / sqrt(v + epsilon)   (epsilon inside the root)
    # lr = 0.01, rho = 0.9, epsilon = 1e-7, w(0) = (1, -2), the same g = (0.5, 0.25) at both steps.
    # Step 1: v = 0.1 (0.25, 0.0625) = (0.025, 0.00625)
    #         w = (1 - 0.01 * 0.5 / sqrt(0.0250001), -2 - 0.01 * 0.25 / sqrt(0.0062501))
    #           = (1 - 0.0316227134, -2 - 0.0316225236) = (0.9683772866, -2.0316225236)
    # Step 2: v = 0.9 (0.025, 0.00625) + (0.025, 0.00625) = (0.0475, 0.011875)
    #         w = (0.9683772866 - 0.005 / sqrt(0.0475001), -2.0316225236 - 0.0025 / sqrt(0.0118751))
    #           = (0.9683772866 - 0.0229415492, -2.0316225236 - 0.0229414768) = (0.9454357374, -2.0545640004)
    rms = nm.RMSprop(learning_rate=0.01, rho=0.9, epsilon=1e-7)
    first = rms.step(P0, G)[0]
    np.testing.assert_allclose(rms.state()["v"][0], [0.025, 0.00625], rtol=1e-15)
    np.testing.assert_allclose(first, [0.9683772866436797, -2.0316225236225067], rtol=1e-15)
    second = rms.step([first], G)[0]
    np.testing.assert_allclose(rms.state()["v"][0], [0.0475, 0.011875], rtol=1e-15)
    np.testing.assert_allclose(second, [0.9454357374056100, -2.0545640004140745], rtol=1e-15)


def test_rmsprop_reproduces_the_example_in_keras_docs():
    # keras.optimizers.RMSprop(learning_rate=0.1) on loss = var^2 / 2 (gradient var) from var = 10 gives 9.683772.
    rms = nm.RMSprop(learning_rate=0.1)
    var = [np.array(10.0)]
    var = rms.step(var, [var[0]])
    assert float(var[0]) == pytest.approx(9.683772235564301, rel=1e-14)
    var = rms.step(var, [var[0]])
    assert float(var[0]) == pytest.approx(9.457880249481120, rel=1e-14)


@pytest.mark.parametrize("name", list(nm.OPTIMIZERS))
def test_step_returns_new_arrays_and_reset_forgets_the_state(name):
    opt = nm.make_optimizer(name)
    params = [np.array([1.0, -2.0]), np.array([[0.5]])]
    grads = [np.array([0.5, 0.25]), np.array([[-1.0]])]
    kept = [p.copy() for p in params]
    first = opt.step(params, grads)
    for p, k in zip(params, kept, strict=True):
        np.testing.assert_array_equal(p, k)
    opt.step(first, grads)
    assert opt.t == 2
    saved = opt.state()
    for arrays in saved.values():
        arrays[0][:] = 99.0
    assert all(np.all(a[0] != 99.0) for a in opt.state().values())
    opt.reset()
    assert opt.t == 0 and all(v == [] for v in opt.state().values())
    again = opt.step(params, grads)
    for a, b in zip(again, first, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", list(nm.OPTIMIZERS))
def test_set_state_continues_a_run(name):
    params, grads = [np.array([1.0, -2.0])], [np.array([0.5, 0.25])]
    whole = nm.make_optimizer(name, learning_rate=0.05) if name in ("Adam", "RMSprop") else nm.make_optimizer(name)
    for _ in range(3):
        params = whole.step(params, grads)
    resumed = nm.make_optimizer(name, **whole.values())
    resumed.set_state(whole.state(), whole.t)
    np.testing.assert_array_equal(resumed.step(params, grads)[0], whole.step(params, grads)[0])
    assert resumed.t == whole.t == 4


def test_step_and_set_state_check_their_arguments():
    mom = nm.Momentum(0.1)
    with pytest.raises(ValueError, match="1 parameter arrays but 2 gradients"):
        mom.step(P0, [*G, *G])
    with pytest.raises(nm.ShapeError, match="Parameter 1 is 2 but its gradient is 3"):
        mom.step(P0, [np.ones(3)])
    mom.step(P0, G)
    with pytest.raises(nm.ShapeError, match="call reset"):
        mom.step([np.ones(3)], [np.ones(3)])
    with pytest.raises(ValueError, match="state must hold the arrays velocity for Momentum, but it holds m"):
        mom.set_state({"m": [np.zeros(2)]}, 1)
    with pytest.raises(ValueError, match="state must hold the arrays none for GD"):
        nm.GD(0.1).set_state({"v": []}, 0)


def test_make_optimizer():
    adam = nm.make_optimizer("Adam", learning_rate=0.01, beta_2=0.99)
    assert isinstance(adam, nm.Adam)
    assert adam.values() == {"learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.99, "epsilon": 1e-7}
    with pytest.raises(ValueError, match=r"Unknown optimizer 'SGD'; choose one of: GD, Momentum, RMSprop, Adam\."):
        nm.make_optimizer("SGD")
    with pytest.raises(ValueError, match="Unknown optimizer"):
        nm.make_optimizer(["Adam"])
    with pytest.raises(ValueError, match="momentum is not a parameter of Adam; its parameters are: learning_rate"):
        nm.make_optimizer("Adam", momentum=0.9)
