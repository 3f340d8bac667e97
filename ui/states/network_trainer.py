"""The network trainer's settings, and its presets: each comes with its data, optimizer and iterations."""

from __future__ import annotations

from typing import Any

import streamlit as st

import nnmath as nm
from nnmath import datasets

from .. import optimizers
from ..matrix import matrix_editor
from ..messages import error
from ..settings import Bool, Cells, Choice, Float, Int, PageState, Several

PRESETS = {
    "lecture": "Lecture 3-2-1 (sigmoid, exponential, no biases)",
    "two_three_one": "2-3-1 (tanh, linear, biases)",
    "custom": "Custom",
}
HIDDEN_ACTIVATIONS = tuple(name for name in nm.ACTIVATIONS if name != "softmax")
DATA_SOURCES = {
    "teacher": "The lecture's teacher network (3 inputs)",
    "surface": "Synthetic surface (2 inputs)",
    "csv": "Upload a CSV",
}
PRESET_SOURCES = {"lecture": ("teacher", "csv"), "two_three_one": ("surface", "csv"), "custom": tuple(DATA_SOURCES)}
"""The data each preset can train on: the lecture's network takes 3 inputs, the 2-3-1 network 2."""
INITIALISERS = {
    "keras": "Keras-style (Glorot uniform, seeded)",
    "lecture": "The lecture's where they fit",
    "typed": "Typed in",
}
ROWS = (100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000)
MAX_HIDDEN_LAYERS = 3
MAX_UNITS = 8
MAX_INPUTS = 8
"""Most feature columns of an uploaded CSV."""
MAX_ITERATIONS = 20_000
MAX_SNAPSHOTS = 2000
MAX_DRAWN_PARAMETERS = 8
PARAMETER_NAMES = tuple(
    name
    for k in range(1, MAX_HIDDEN_LAYERS + 2)
    for name in (
        *(f"W{k}[{i},{j}]" for i in range(1, max(MAX_UNITS, MAX_INPUTS) + 1) for j in range(1, MAX_UNITS + 1)),
        *(f"b{k}[{j}]" for j in range(1, MAX_UNITS + 1)),
    )
)
"""Every parameter name a network of this page can have (nm.Network.parameter_names)."""


def parameter_option(name: str) -> str:
    """A parameter's option in ``nt_params``: its name without the comma that separates a link's items."""
    return name.replace(",", ":")


PARAMETER_OPTIONS = {parameter_option(name): name for name in PARAMETER_NAMES}
"""Option -> parameter name."""

PRESET_VALUES: dict[str, dict[str, Any]] = {
    "lecture": {},
    "two_three_one": {
        "nt_source": "surface",
        "nt_surface": "ripple",
        "nt_rows": 500,
        "nt_optimizer": "Adam",
        optimizers.key("nt", "Adam", "learning_rate"): 0.02,
        "nt_iterations": 2000,
    },
    "custom": {
        "nt_hidden_layers": 2,
        "nt_units_1": 4,
        "nt_units_2": 4,
        "nt_rows": 1000,
        "nt_optimizer": "Adam",
        optimizers.key("nt", "Adam", "learning_rate"): 0.01,
        "nt_iterations": 2000,
    },
}
"""What choosing a preset sets, besides the defaults (the lecture's settings): settings under which its loss
falls by far (2-3-1: by 96% in 2,000 Adam updates of learning rate 0.02 on the ripple surface, smoothly; 0.05
falls as far but with spikes)."""

STATE = PageState(
    "nt",
    [
        Choice("nt_preset", "lecture", tuple(PRESETS), labels=PRESETS),
        Choice("nt_source", "teacher", tuple(DATA_SOURCES), labels=DATA_SOURCES),
        Choice("nt_rows", 10_000, ROWS),
        Int("nt_data_seed", 0, 0, 1_000_000),
        Float("nt_noise", 0.0, 0.0, 10.0, step=0.01),
        Choice(
            "nt_surface", "saddle", tuple(datasets.SURFACES), labels={k: v[0] for k, v in datasets.SURFACES.items()}
        ),
        Int("nt_hidden_layers", 1, 1, MAX_HIDDEN_LAYERS),
        *(Int(f"nt_units_{j}", 3, 1, MAX_UNITS) for j in range(1, MAX_HIDDEN_LAYERS + 1)),
        *(Choice(f"nt_act_{j}", "tanh", HIDDEN_ACTIVATIONS) for j in range(1, MAX_HIDDEN_LAYERS + 1)),
        Choice("nt_act_out", "linear", HIDDEN_ACTIVATIONS),
        Bool("nt_bias", True),
        Choice("nt_init", "keras", tuple(INITIALISERS), labels=INITIALISERS),
        Int("nt_init_seed", 0, 0, 1_000_000),
        *(
            Cells(f"nt_typed_W{k}", [["0.5"] * 3] * 3, max(MAX_UNITS, MAX_INPUTS), MAX_UNITS)
            for k in range(1, MAX_HIDDEN_LAYERS + 2)
        ),
        optimizers.choice("nt_optimizer", "GD"),
        Bool("nt_compare", False),
        optimizers.choice("nt_optimizer_2", "Adam"),
        *optimizers.settings("nt", {"GD": {"eta": datasets.LECTURE_NETWORK_ETA}}),
        Int("nt_iterations", datasets.LECTURE_NETWORK_ITERATIONS, 1, MAX_ITERATIONS),
        Bool("nt_trained", False),
        Bool("nt_log", True),
        Several(
            "nt_params",
            ["W1[1:1]", "W1[1:2]", "W1[2:1]", "W1[2:2]"],
            tuple(PARAMETER_OPTIONS),
            MAX_DRAWN_PARAMETERS,
            labels=PARAMETER_OPTIONS,
        ),
        Int("nt_view", MAX_SNAPSHOTS + 1, 0, MAX_SNAPSHOTS + 1),
    ],
)
"""``nt_trained``: the view shows trained results (a link with it trains on opening, within the time budget).
``nt_view``: the snapshot shown; its default (past any run's last snapshot) shows the last one."""

KEPT = ("nt_preset", "nt_log", "nt_params")
"""Settings that choosing a preset or Reset leaves as they are."""


def apply_preset() -> None:
    """Put every setting to the chosen preset's values (a callback: the preset select box and Reset)."""
    STATE.reset([key for key in STATE.schema if key not in KEPT])
    st.session_state.update(PRESET_VALUES[STATE["nt_preset"]])
    for k in range(1, MAX_HIDDEN_LAYERS + 2):  # the typed-weight editors reload their cells
        st.session_state.pop(f"nt_typed_W{k}_rows", None)


def network_controls() -> None:
    """The custom network's sidebar controls: layers, units, activations, biases and the initial weights."""
    st.header("Network")
    STATE.number("nt_hidden_layers", "Hidden layers")
    for j in range(1, int(STATE["nt_hidden_layers"]) + 1):
        STATE.side_by_side([(f"nt_units_{j}", f"units in layer {j}"), (f"nt_act_{j}", f"activation {j}")])
    STATE.select("nt_act_out", "output activation")
    STATE.toggle("nt_bias", "Biases")
    STATE.select("nt_init", "Initial weights", style="radio")
    STATE.number("nt_init_seed", "initialisation seed")


def parameter_controls(names: list[str]) -> tuple[str, ...]:
    """Which of the network's parameters (``names``) the charts draw: its first few until the user chooses."""
    options = [parameter_option(n) for n in names]
    if not set(STATE["nt_params"]) & set(options):  # another network: its first few parameters
        STATE["nt_params"] = options[:4]
    return tuple(PARAMETER_OPTIONS[o] for o in STATE.several("nt_params", "Parameters to draw", choices=options))


def typed_weights(sizes: tuple[int, ...]) -> tuple[Any, ...] | bool | None:
    """Editors for typed-in weights; the weights as a plain tuple, or False when one cannot be read."""
    if STATE["nt_preset"] != "custom" or STATE["nt_init"] != "typed":
        return None
    box = st.expander("Initial weights (rows: units of the previous layer; columns: units of the layer)", expanded=True)
    parsed = []
    for k, col in enumerate(box.columns(len(sizes) - 1)):
        key = f"nt_typed_W{k + 1}"
        cells = st.session_state[key]
        if len(cells) != sizes[k] or len(cells[0]) != sizes[k + 1]:
            st.session_state[key] = [["0.5"] * sizes[k + 1] for _ in range(sizes[k])]
            st.session_state.pop(f"{key}_rows", None)
        setting = STATE.schema[key]
        assert isinstance(setting, Cells)
        with col:
            label = f"W{k + 1} ({sizes[k]} x {sizes[k + 1]})"
            parsed.append(matrix_editor(label, setting, name=f"W{k + 1}", fixed_shape=True))
    errors = [e for p in parsed for e in p.errors]
    for message in errors:
        error(message)
    values = [p.values for p in parsed if p.values is not None]
    return False if errors else tuple(tuple(tuple(float(v) for v in row) for row in w) for w in values)
