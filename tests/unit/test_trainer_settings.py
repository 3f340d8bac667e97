"""The network trainer's schema: optimizers from the registry, presets, typed weights and parameter names in links;
and PageState's ``choices`` (a subset of a setting's options offered by its widget)."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import nnmath as nm
from ui import optimizers
from ui.states import network_trainer as nt
from ui.states.network_trainer import STATE


def test_the_optimizer_choices_are_the_registry():
    for key in ("nt_optimizer", "nt_optimizer_2"):
        assert STATE.schema[key].options == tuple(nm.OPTIMIZERS)
    assert "RMSprop" in STATE.schema["nt_optimizer"].options


def test_every_optimizer_parameter_is_a_setting_with_the_lecture_eta_for_gd():
    for name, cls in nm.OPTIMIZERS.items():
        for param in cls.PARAMS:
            setting = STATE.schema[optimizers.key("nt", name, param.name)]
            assert param.check(setting.lo) == setting.lo and param.check(setting.hi) == setting.hi
    assert STATE.schema["nt_gd_eta"].default == 0.0005
    assert STATE.schema["nt_adam_learning_rate"].default == 0.001


@pytest.mark.parametrize("preset", list(nt.PRESETS))
def test_every_preset_value_is_one_its_setting_accepts(preset):
    for key, value in nt.PRESET_VALUES[preset].items():
        assert STATE.schema[key].accepts(value), (preset, key, value)
    source = nt.PRESET_VALUES[preset].get("nt_source", STATE.schema["nt_source"].default)
    assert source in nt.PRESET_SOURCES[preset]


def test_the_2_3_1_preset_trains_adam_on_the_ripple_surface():
    values = nt.PRESET_VALUES["two_three_one"]
    assert values["nt_optimizer"] == "Adam" and values["nt_adam_learning_rate"] == 0.02
    assert values["nt_source"] == "surface" and values["nt_surface"] == "ripple"
    assert values["nt_iterations"] == 2000


@pytest.mark.parametrize("k", range(1, nt.MAX_HIDDEN_LAYERS + 2))
def test_typed_weights_round_trip_through_a_link(k):
    setting = STATE.schema[f"nt_typed_W{k}"]
    cells = [[f"{0.125 * (i - j):g}" for j in range(8)] for i in range(8)]
    assert setting.from_link(setting.encode(cells)) == cells
    assert setting.from_link(setting.encode([["1"] * 9] * 9)) == setting.default  # beyond the editor's limits


def test_every_parameter_of_the_largest_network_is_an_option_and_round_trips():
    largest = nm.Network((nt.MAX_INPUTS, *[nt.MAX_UNITS] * nt.MAX_HIDDEN_LAYERS, 1), ["tanh"] * 4, use_bias=True)
    names = largest.parameter_names()
    options = [nt.parameter_option(n) for n in names]
    assert all(nt.PARAMETER_OPTIONS[o] == n for o, n in zip(options, names, strict=True))
    setting = STATE.schema["nt_params"]
    chosen = options[:3] + options[-2:]
    assert setting.from_link(setting.encode(chosen)) == chosen
    assert [nt.PARAMETER_OPTIONS[o] for o in setting.default] == nm.Network(
        (3, 2, 1), ["sigmoid", "exponential"]
    ).parameter_names()[:4]


def _choices_app():
    import streamlit as st

    from ui.settings import Choice, PageState, Several

    state = PageState(
        "zz", [Choice("zz_pick", "a", ("a", "b", "c")), Several("zz_many", ["a", "c"], ("a", "b", "c"), 3)]
    )
    state.init()
    offered = st.session_state.get("zz_offer", ["b", "c"])
    state.select("zz_pick", "pick", style="radio", choices=offered)
    state.several("zz_many", "many", choices=offered)


def test_choices_offer_a_subset_and_move_a_value_outside_it():
    at = AppTest.from_function(_choices_app).run()
    assert not at.exception
    assert at.radio[0].options == ["b", "c"] and at.radio[0].value == "b"  # "a" is not offered: the first choice
    assert at.multiselect[0].options == ["b", "c"] and at.multiselect[0].value == ["c"]  # "a" dropped
    at.session_state["zz_offer"] = ["a", "b", "c"]
    at.run()
    assert at.radio[0].options == ["a", "b", "c"] and at.radio[0].value == "b"


def test_choices_must_be_options():
    from ui.settings import PageState

    with pytest.raises(ValueError, match="must be some of its options"):
        PageState._offered("zz_pick", ("a", "b"), ["a", "zzz"])
    with pytest.raises(ValueError, match="must be some of its options"):
        PageState._offered("zz_pick", ("a", "b"), [])
    assert PageState._offered("zz_pick", ("a", "b"), None) == ["a", "b"]


def test_parameter_names_have_no_separator_of_a_link_list():
    assert not any("," in option for option in nt.PARAMETER_OPTIONS)
    assert np.all([nt.parameter_option(n) != n for n in nt.PARAMETER_NAMES if n.startswith("W")])
