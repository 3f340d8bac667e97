"""The forward-pass calculator's settings."""

from __future__ import annotations

import nnmath as nm

from ..settings import Bool, Cells, Choice, Int, PageState

PRESETS: dict[str, tuple[list[list[float]], list[list[float]], list[list[float]]] | None] = {
    "Lecture code example": ([[1, 2], [3, -1]], [[2], [-1]], [[1], [1]]),
    "Exercise 1": ([[1, 0, 1], [1, 2, 1]], [[1], [2], [1]], [[2], [2]]),
    "Exercise 2": ([[1, -1], [0, 5], [2, -2]], [[5], [-7]], [[1], [1], [1]]),
    "Random exercise": None,
}
BIAS_MODES = {
    "matrix": "b is an n x q matrix, one bias per observation and neuron (as the lecture writes it)",
    "row": "b is one row of q biases added to every observation (as Keras does)",
}
NO_ACTIVATION = "none"
MAX_SIZE = 8
"""Rows and columns of each matrix, in the editor and in a link."""

STATE = PageState(
    "fp",
    [
        Choice("fp_preset", "Lecture code example", tuple(PRESETS)),
        Int("fp_seed", 0, 0, 1_000_000),
        Choice("fp_bias_mode", "matrix", tuple(BIAS_MODES), labels=BIAS_MODES),
        Choice(
            "fp_activation",
            NO_ACTIVATION,
            (NO_ACTIVATION, *nm.ACTIVATIONS),
            labels={NO_ACTIVATION: "none (stop at z)", **{k: a.label for k, a in nm.ACTIVATIONS.items()}},
        ),
        Int("fp_precision", 3, 0, 6),
        Bool("fp_exercise", False),
        Cells("fp_X", [["1", "2"], ["3", "-1"]], MAX_SIZE, MAX_SIZE),
        Cells("fp_W", [["2"], ["-1"]], MAX_SIZE, MAX_SIZE),
        Cells("fp_b", [["1"], ["1"]], MAX_SIZE, MAX_SIZE),
    ],
)
