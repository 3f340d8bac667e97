"""The activation explorer's settings."""

from __future__ import annotations

import nnmath as nm

from ..settings import Bool, Float, PageState, Several, Text

Z_LIMIT = 50.0
"""The z axis spans at most [-50, 50]: every activation is finite there and the plot stays readable."""
MAX_VECTOR_CHARS = 200
"""Characters of the z vector typed for the table (a few dozen entries at most)."""

STATE = PageState(
    "act",
    [
        Several(
            "act_selected",
            ["sigmoid", "tanh", "relu"],
            tuple(nm.ACTIVATIONS),
            max_items=len(nm.ACTIVATIONS),
            labels={k: a.label for k, a in nm.ACTIVATIONS.items()},
        ),
        Float("act_z_min", -6.0, -Z_LIMIT, Z_LIMIT - 1, step=1.0),
        Float("act_z_max", 6.0, -Z_LIMIT + 1, Z_LIMIT, step=1.0),
        Float("act_z0", 1.0, -Z_LIMIT, Z_LIMIT, step=0.1),
        Bool("act_derivative", True),
        Float("act_threshold", 0.05, 0.0, 0.5, step=0.01),
        Text("act_vector", "1, 8", MAX_VECTOR_CHARS),
        Bool("act_table_grad", False),
    ],
)
