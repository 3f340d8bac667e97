"""The backprop step-through's settings."""

from __future__ import annotations

from nnviz.backprop_steps import PHASES

from ..settings import Bool, Cells, Choice, Float, Int, PageState

PARTS = {"neuron": "Part 1: one neuron (the exercise)", "network": "Part 2: the lecture's 3-2-1 network"}
VIEWS = ("Step by step", "Play", "Code")
"""The tabs of each part: the server stepper, the run played in the browser, the code for the screen."""
NEURON_ETAS = (0.001, 0.005, 0.01, 0.02, 0.03, 0.05, 0.06, 0.07, 0.08, 0.1)
NETWORK_ETAS = (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 1.0, 10.0)
NETWORK_ROWS = (100, 1000, 10_000)
MAX_NEURON_ITERATIONS = 1000
MAX_NETWORK_ITERATIONS = 20_000

STATE = PageState(
    "bp",
    [
        Choice("bp_part", "neuron", tuple(PARTS), labels=PARTS),
        Choice("bp_view", VIEWS[0], VIEWS),
        Bool("bp_practice", False),
        Choice("bp_eta", 0.01, NEURON_ETAS),
        Int("bp_iterations", 3, 1, MAX_NEURON_ITERATIONS),
        Float("bp_w0", 1.0, -5.0, 5.0, step=0.1),
        Float("bp_b0", 0.0, -5.0, 5.0, step=0.1),
        Int("bp_t", 0, 0, MAX_NEURON_ITERATIONS),
        Choice("bp_net_eta", 0.0005, NETWORK_ETAS),
        Int("bp_net_iterations", 5000, 1, MAX_NETWORK_ITERATIONS),
        Choice("bp_rows", 10_000, NETWORK_ROWS),
        Bool("bp_bias", False),
        Cells("bp_W1", [["0.2", "0.4"], ["0.6", "0.8"], ["1.0", "1.2"]], shape=(3, 2)),
        Cells("bp_W2", [["1.0"], ["2.0"]], shape=(2, 1)),
        Cells("bp_b1", [["0", "0"]], shape=(1, 2)),
        Cells("bp_b2", [["0"]], shape=(1, 1)),
        Int("bp_iter", 0, 0, MAX_NETWORK_ITERATIONS),
        Choice("bp_phase", PHASES[0], PHASES),
        Int("bp_obs", 1, 1, max(NETWORK_ROWS)),
        Bool("bp_mean", False),
    ],
)
