"""The gradient-descent playground's settings, and the runs kept for comparison (a setting too, so links carry them)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import nnmath as nm

from .. import optimizers
from ..settings import Bool, Choice, Float, Int, PageState, Setting

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
VIEWS = ("Step by step", "Play", "3D surface", "Code")
"""The page's views (a segmented control): the stepper, the animation played by the browser, the 3D view, the code."""
PANELS = ("Steps 1-5", "Loss", "Parameters", "Predict", "Data")
"""The panels beside the contour in the step view (a segmented control): Steps 1-5 first."""
MAX_COMPARE = 4
COMPARED_RATES = (0.01, 0.05, 0.1, 0.2)
"""The learning rates the page's "Compare" button puts side by side (listed rates: a link can carry them)."""
MAX_STEP = 2_000_000
SYNTHETIC = (
    ("gd_syn_n", "rows n"),
    ("gd_syn_p", "features p"),
    ("gd_syn_w1", "true w1"),
    ("gd_syn_w2", "true w2"),
    ("gd_syn_b", "true b"),
    ("gd_syn_noise", "noise sd"),
    ("gd_syn_seed", "seed"),
)
"""The synthetic data's settings and their labels, in the order services.data.linear takes them."""

RUN_SETTINGS: list[Setting] = [
    optimizers.choice("gd_optimizer", "GD"),
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
    *optimizers.settings("gd", learning_rate=False),
]
"""What makes one run on given data: the settings a compared run keeps (the learning rate is one slider for every
optimizer; each optimizer's other parameters come from nnmath's registry)."""
RUN_KEYS = tuple(s.key for s in RUN_SETTINGS)
OPTIMIZER_KEYS = frozenset(
    optimizers.key("gd", name, p.name) for name in nm.OPTIMIZERS for p in optimizers.params(name, learning_rate=False)
)


@dataclass(frozen=True)
class Runs(Setting):
    """Up to ``max_runs`` runs, each a dict of the run settings (:data:`RUN_KEYS`) -> value.

    A link writes each run as ``key:value`` pairs (the keys without the page prefix, only the values that
    differ from their default, the optimizer always), runs separated by ``;``, e.g.
    ``optimizer:GD,eta:0.05;optimizer:Adam``. Every value is read by its own setting (type, range); an
    unreadable value, an unknown or repeated key, a repeated run or too many runs mean no runs at all.
    """

    key: str
    default: list[dict[str, Any]]
    fields: Mapping[str, Setting]
    max_runs: int
    share: bool = True
    kind: ClassVar[str] = "runs"
    prefix: ClassVar[str] = "gd_"

    def parse(self, raw: str) -> list[dict[str, Any]]:
        runs: list[dict[str, Any]] = []
        for text in raw.split(";") if raw else []:
            run = {k: copy.deepcopy(s.default) for k, s in self.fields.items()}
            seen = set()
            for pair in text.split(","):
                name, sep, value = pair.partition(":")
                full = self.prefix + name
                if not sep or full not in self.fields or full in seen:
                    raise ValueError(f"{pair!r} is not a run setting")
                seen.add(full)
                run[full] = self.fields[full].parse(value)
            if f"{self.prefix}optimizer" not in seen or run in runs:
                raise ValueError("each run names its optimizer, and no run is repeated")
            runs.append(run)
        if len(runs) > self.max_runs:
            raise ValueError(f"at most {self.max_runs} runs")
        return runs

    def encode(self, value: Any) -> str:
        return ";".join(
            ",".join(
                f"{k.removeprefix(self.prefix)}:{s.encode(run[k])}"
                for k, s in self.fields.items()
                if k == f"{self.prefix}optimizer" or run[k] != s.default
            )
            for run in value
        )

    def accepts(self, value: Any) -> bool:
        if not isinstance(value, list) or len(value) > self.max_runs:
            return False
        for run in value:
            if not isinstance(run, dict) or set(run) != set(self.fields):
                return False
            if not all(s.accepts(run[k]) for k, s in self.fields.items()):
                return False
        return all(run not in value[:k] for k, run in enumerate(value))


COMPARE = Runs("gd_compare", [], fields={s.key: s for s in RUN_SETTINGS}, max_runs=MAX_COMPARE)

STATE = PageState(
    "gd",
    [
        Choice("gd_source", "lecture", tuple(SOURCES), labels=SOURCES),
        *RUN_SETTINGS,
        Int("gd_syn_n", 50, 2, 5000),
        Choice("gd_syn_p", 2, (1, 2)),
        Float("gd_syn_w1", 2.0, -10.0, 10.0, step=0.5),
        Float("gd_syn_w2", -1.0, -10.0, 10.0, step=0.5),
        Float("gd_syn_b", 0.5, -10.0, 10.0, step=0.5),
        Float("gd_syn_noise", 0.5, 0.0, 10.0, step=0.1),
        Int("gd_syn_seed", 0, 0, 1_000_000),
        Bool("gd_log_loss", True),
        COMPARE,
        Choice("gd_view", VIEWS[0], VIEWS),
        Choice("gd_panel", PANELS[0], PANELS),
        Int("gd_step", 1, 0, MAX_STEP),
    ],
)


def run_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The run settings among ``values`` (e.g. the session's), with those the run does not use at their defaults.

    What the mode or the optimizer leaves unused (the batch size outside mini-batch, the other optimizers'
    parameters) is put back to its default, so that two runs are equal exactly when they compute the same.
    """
    run = {key: values[key] for key in RUN_KEYS}  # plain values: numbers, strings, booleans
    used = {optimizers.key("gd", run["gd_optimizer"], p.name) for p in optimizers.params(run["gd_optimizer"], False)}
    unused = set(OPTIMIZER_KEYS - used)
    if run["gd_mode"] != "mini-batch":
        unused.add("gd_batch_size")
    for key in unused:
        run[key] = STATE.schema[key].default
    return run


def run_arguments(run: Mapping[str, Any], p: int) -> dict[str, Any]:
    """A run's settings (:func:`run_values`) as services.gradient_descent.RunSettings' arguments, for p features."""
    name = run["gd_optimizer"]
    return dict(
        eta=float(run["gd_eta"]),
        batch_size={"batch": None, "stochastic": 1}.get(run["gd_mode"], int(run["gd_batch_size"])),
        w0=tuple(float(run[k]) for k in ("gd_w1", "gd_w2")[:p]),
        b0=float(run["gd_b0"]),
        epochs=int(run["gd_epochs"]),
        tol=float(run["gd_tol"]),
        shuffle=bool(run["gd_shuffle"]),
        seed=int(run["gd_seed"]),
        optimizer=name,
        params=tuple(
            (param.name, float(run[optimizers.key("gd", name, param.name)]))
            for param in optimizers.params(name, learning_rate=False)
        ),
    )


__all__ = [
    "COMPARE",
    "COMPARED_RATES",
    "LEARNING_RATES",
    "MAX_COMPARE",
    "PANELS",
    "RUN_KEYS",
    "STATE",
    "SYNTHETIC",
    "VIEWS",
    "run_arguments",
    "run_values",
]
