"""The network trainer's settings."""

from __future__ import annotations

import nnmath as nm
from nnmath import datasets

from ..settings import Bool, Cells, Choice, Float, Int, PageState

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
INITIALISERS = {
    "keras": "Keras-style (Glorot uniform, seeded)",
    "lecture": "The lecture's where they fit",
    "typed": "Typed in",
}
ROWS = (100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000)
MAX_HIDDEN_LAYERS = 3
MAX_UNITS = 8
MAX_ITERATIONS = 20_000
MAX_SNAPSHOTS = 2000
OPTIMIZERS = ("GD", "Momentum", "Adam")

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
        *(Cells(f"nt_typed_W{k}", [["0.5"] * 3] * 3, MAX_UNITS, MAX_UNITS) for k in range(1, MAX_HIDDEN_LAYERS + 2)),
        Choice("nt_optimizer", "GD", OPTIMIZERS),
        Bool("nt_compare", False),
        Choice("nt_optimizer_2", "Adam", OPTIMIZERS),
        Float("nt_eta", 0.0005, 1e-6, 10.0, step=0.0001, format="%.6f"),
        Float("nt_momentum", 0.9, 0.0, 0.99, step=0.01),
        Float("nt_lr", 0.001, 1e-6, 1.0, step=0.0001, format="%.6f"),
        Float("nt_beta_1", 0.9, 0.0, 0.9999, format="%.4f"),
        Float("nt_beta_2", 0.999, 0.0, 0.99999, format="%.5f"),
        Float("nt_epsilon", 1e-7, 1e-10, 1e-2, format="%.1e"),
        Int("nt_iterations", 5000, 1, MAX_ITERATIONS),
        Bool("nt_log", True),
        Int("nt_view", 0, 0, MAX_SNAPSHOTS + 1),
    ],
)
