"""The gradient-descent playground's settings."""

from __future__ import annotations

from ..settings import Bool, Choice, Float, Int, PageState

LEARNING_RATES = tuple(
    r
    for r in sorted({round(m * 10.0**k, 6) for k in range(-4, 1) for m in (1, 1.5, 2, 3, 5, 7)} | {1.5, 2.0})
    if r <= 2.0
)
TOLERANCES = (0.0, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4)
SOURCES = {
    "lecture": "Lecture toy data (12 rows, p = 2)",
    "exercise": "Exercise data (x = 2, 3, 5)",
    "synthetic": "Synthetic data (seeded)",
    "csv": "Upload a CSV",
}
MODES = {"batch": "Batch", "mini-batch": "Mini-batch", "stochastic": "Stochastic (batch size 1)"}
MAX_COMPARE = 4
MAX_STEP = 2_000_000

STATE = PageState(
    "gd",
    [
        Choice("gd_source", "lecture", tuple(SOURCES), labels=SOURCES),
        Choice("gd_mode", "mini-batch", tuple(MODES), labels=MODES),
        Int("gd_batch_size", 3, 1, 10_000),
        Choice("gd_eta", 0.1, LEARNING_RATES),
        Float("gd_w1", 1.0, -5.0, 5.0, step=0.1),
        Float("gd_w2", 1.0, -5.0, 5.0, step=0.1),
        Float("gd_b0", 0.0, -5.0, 5.0, step=0.1),
        Int("gd_epochs", 1000, 1, 20_000),
        Choice("gd_tol", 1e-8, TOLERANCES),
        Bool("gd_shuffle", False),
        Int("gd_seed", 0, 0, 1_000_000),
        Int("gd_syn_n", 50, 2, 5000),
        Choice("gd_syn_p", 2, (1, 2)),
        Float("gd_syn_w1", 2.0, -10.0, 10.0, step=0.5),
        Float("gd_syn_w2", -1.0, -10.0, 10.0, step=0.5),
        Float("gd_syn_b", 0.5, -10.0, 10.0, step=0.5),
        Float("gd_syn_noise", 0.5, 0.0, 10.0, step=0.1),
        Int("gd_syn_seed", 0, 0, 1_000_000),
        Bool("gd_log_loss", True),
        Int("gd_step", 1, 0, MAX_STEP),
    ],
)
