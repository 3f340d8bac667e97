"""The one place where the work a single request may ask for is capped.

A shared server must not be stalled by one absurd request (a million rows for a million iterations), so
every training loop calls :func:`check_work` before it starts.
"""

from __future__ import annotations

MAX_WORK = 2_000_000_000
"""Cap on rows x iterations x parameters for one network training run (about 10 s here)."""

MAX_GD_WORK = 30_000_000
"""Cap on rows x epochs x parameters for one linear-regression gradient-descent run."""

MAX_UPDATES = 300_000
"""Cap on the number of parameter updates one gradient-descent run may record."""


class WorkLimitError(ValueError):
    """Raised when a request asks for more work than the cap allows; the message says what to reduce."""


def check_work(rows: int, iterations: int, parameters: int, *, limit: int = MAX_WORK) -> int:
    """Return the work rows x iterations x parameters, or raise WorkLimitError above ``limit``."""
    if iterations < 1:
        raise ValueError(f"The number of iterations must be at least 1, but it is {iterations}.")
    work = int(rows) * int(iterations) * int(parameters)
    if work > limit:
        raise WorkLimitError(
            f"This run asks for {rows:,} rows x {iterations:,} iterations x {parameters:,} parameters "
            f"= {work:,.0f} units of work, above the limit of {limit:,}. "
            "Reduce the number of rows or of iterations."
        )
    return work


def check_updates(updates: int, *, limit: int = MAX_UPDATES) -> None:
    """Raise WorkLimitError if a run would record more than ``limit`` parameter updates."""
    if updates > limit:
        raise WorkLimitError(
            f"This run would make {updates:,} parameter updates, above the limit of {limit:,}. "
            "Use fewer epochs or a larger batch size."
        )
