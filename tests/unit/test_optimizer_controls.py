"""ui.optimizers: every optimizer of nnmath's registry gets settings and widgets from its PARAMS alone."""

from __future__ import annotations

import pytest

import nnmath as nm
from ui import optimizers
from ui.settings import Float, PageState

PARAMS = [(name, p) for name, cls in nm.OPTIMIZERS.items() for p in cls.PARAMS]


@pytest.mark.parametrize(("name", "param"), PARAMS, ids=lambda v: getattr(v, "name", v))
def test_the_offered_range_holds_the_default_and_only_values_nnmath_accepts(name, param):
    lo, hi = optimizers.bounds(param)
    assert lo <= param.default <= hi
    assert param.check(lo) == lo and param.check(hi) == hi


def test_settings_cover_every_parameter_and_take_page_defaults():
    settings = {s.key: s for s in optimizers.settings("nt", {"GD": {"eta": 0.0005}})}
    assert set(settings) == {optimizers.key("nt", name, p.name) for name, p in PARAMS}
    assert settings["nt_gd_eta"].default == 0.0005
    assert settings["nt_adam_beta_2"].default == 0.999
    assert all(isinstance(s, Float) for s in settings.values())
    state = PageState("nt", list(settings.values()))  # every default is inside its bounds
    assert len(state.schema) == len(PARAMS)


def test_a_link_cannot_ask_for_a_value_nnmath_refuses():
    settings = {s.key: s for s in optimizers.settings("nt")}
    assert settings["nt_adam_beta_1"].from_link("1.0") == 0.9  # beta_1 < 1
    assert settings["nt_adam_beta_1"].from_link("nan") == 0.9
    assert settings["nt_gd_eta"].from_link("0") == 0.01  # eta > 0
    assert settings["nt_gd_eta"].from_link("0.5") == 0.5


def test_make_builds_the_registry_optimizer():
    opt = optimizers.make("RMSprop", {"learning_rate": 0.01, "rho": 0.8, "epsilon": 1e-7})
    assert isinstance(opt, nm.RMSprop) and opt.values() == {"learning_rate": 0.01, "rho": 0.8, "epsilon": 1e-7}
