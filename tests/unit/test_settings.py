"""Page settings: every link value is read by type, range and size; anything else means the default."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ui.states
from ui.settings import MAX_VALUE_CHARS, Bool, Cells, Choice, Float, Int, PageState, Several, Text

SCHEMAS = {
    name: importlib.import_module(f"ui.states.{name}").STATE for _, name, _ in pkgutil.iter_modules(ui.states.__path__)
}
EVERY_SETTING = [(page, s) for page, state in SCHEMAS.items() for s in state.schema.values()]
HOSTILE = [
    "",
    " ",
    "inf",
    "-inf",
    "Infinity",
    "nan",
    "NaN",
    "-1e400",
    "1e400",
    "9" * 400,
    "-" + "9" * 400,
    "1_000",
    "0x10",
    "1e5",
    "2.5",
    "true",
    "None",
    "\x00",
    "1\n2",
    "[a link](https://example.org)",
    "![image](https://example.org/x.png)",
    "<img src=x onerror=alert(1)>",
    "$\\frac{1}{0}$",
    "a" * 5000,
    ";".join([",".join(["1"] * 9)] * 9),
    ";".join([",".join(["1"] * 100)] * 100),
    "1,2;3",
    ",,,",
    ";;;",
]


def test_there_is_a_schema_for_every_page():
    assert set(SCHEMAS) == {"forward_pass", "activations", "gradient_descent", "backprop", "network_trainer"}


@pytest.mark.parametrize(("page", "setting"), EVERY_SETTING, ids=lambda v: getattr(v, "key", v))
def test_every_default_is_accepted_and_round_trips(page, setting):
    assert setting.accepts(setting.default)
    assert setting.parse(setting.encode(setting.default)) == setting.default
    assert setting.key.startswith(SCHEMAS[page].prefix + "_")


@pytest.mark.parametrize(("page", "setting"), EVERY_SETTING, ids=lambda v: getattr(v, "key", v))
def test_a_hostile_link_value_is_never_raised_and_never_out_of_bounds(page, setting):
    for raw in HOSTILE:
        assert setting.accepts(setting.from_link(raw)), raw


@given(raw=st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_text_reads_as_an_accepted_value(raw):
    for _, setting in EVERY_SETTING:
        assert setting.accepts(setting.from_link(raw))


def test_out_of_range_means_the_default_never_a_clamp():
    s = Float("x_beta", 0.9, 0.0, 0.9999)
    assert s.from_link("nan") == 0.9
    assert s.from_link("-0.5") == 0.9
    assert s.from_link("1.5") == 0.9
    assert s.from_link("0.5") == 0.5
    n = Int("x_epochs", 1000, 1, 20_000)
    for raw in ("0", "20001", "inf", "-1e400", "9" * 400, "12.5", "1e3"):
        assert n.from_link(raw) == 1000
    assert n.from_link("20000") == 20_000
    assert n.from_link(" 7 ") == 7


def test_choices_take_only_their_options():
    s = Choice("x_eta", 0.1, (0.01, 0.1, 0.5))
    assert s.from_link("0.5") == 0.5
    assert s.from_link("0.3") == 0.1
    assert s.from_link("5e-1") == 0.1  # written as the app writes it, or not at all
    b = Choice("x_part", "neuron", ("neuron", "network"))
    assert b.from_link("network") == "network"
    assert b.from_link("bogus") == "neuron"
    assert not b.accepts(1)


def test_booleans_several_and_text():
    assert Bool("x_on", False).from_link("1") is True
    assert Bool("x_on", True).from_link("maybe") is True
    several = Several("x_acts", ["a"], ("a", "b", "c"), max_items=2)
    assert several.from_link("b,c") == ["b", "c"]
    assert several.from_link("a,b,c") == ["a"]  # more than max_items
    assert several.from_link("a,a") == ["a"]  # duplicates
    assert several.from_link("a,zzz") == ["a"]
    assert several.from_link("") == []
    text = Text("x_vector", "1, 8", 20)
    assert text.from_link("3, 4") == "3, 4"
    assert text.from_link("1," * 50) == "1, 8"


def test_matrices_from_a_link_obey_the_editor_limits():
    m = Cells("x_X", [["1"]], max_rows=8, max_cols=8, max_chars=24)
    assert m.from_link("1,2;3,-1") == [["1", "2"], ["3", "-1"]]
    assert m.from_link("1,x;3,4") == [["1", "x"], ["3", "4"]]  # text cells are kept, and named later
    assert m.from_link(";".join([",".join(["1"] * 8)] * 8)) == [["1"] * 8] * 8
    assert m.from_link(";".join([",".join(["1"] * 9)] * 8)) == [["1"]]
    assert m.from_link(";".join([",".join(["1"] * 8)] * 9)) == [["1"]]
    assert m.from_link("1" * 25) == [["1"]]
    assert m.from_link("1,2;3") == [["1"]]
    shaped = Cells("x_W", [["0", "0"]], shape=(1, 2))
    assert shaped.from_link("1,2") == [["1", "2"]]
    assert shaped.from_link("1;2") == [["0", "0"]]


def test_values_longer_than_the_cap_are_not_even_parsed():
    text = Text("x_t", "d", MAX_VALUE_CHARS * 2)
    assert text.from_link("x" * (MAX_VALUE_CHARS + 1)) == "d"


def test_a_schema_refuses_a_bad_default_or_a_foreign_key():
    with pytest.raises(ValueError, match="default"):
        PageState("x", [Int("x_n", 0, 1, 5)])
    with pytest.raises(ValueError, match="must start with"):
        PageState("x", [Int("y_n", 1, 1, 5)])
