"""The one page registry: title, URL path, icon, file and home card of every page.

app.py builds the navigation from it, the home page its cards, and the benchmarks and tests their page
lists. A new page is one entry here and one file in pages/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class PageInfo:
    """One page of the app."""

    name: str
    """Short name used by benchmarks and tests, and the file's stem: pages/<name>.py."""
    title: str
    """The name in the navigation."""
    heading: str
    """The page's own title (its h1) and its home card's."""
    icon: str
    covers: str = ""
    """The home card: what of the lecture the page covers."""
    first: str = ""
    """The home card: what to try first."""
    default: bool = False

    @property
    def file(self) -> str:
        """Path of the page's script, relative to the repository root."""
        return f"pages/{self.name}.py"

    @property
    def path(self) -> Path:
        """Absolute path of the page's script."""
        return ROOT / self.file

    @property
    def url_path(self) -> str:
        """The page's address after the host ("" for the home page): the file's stem, as Streamlit derives it."""
        return "" if self.default else self.name


PAGES: tuple[PageInfo, ...] = (
    PageInfo("home", "Home", "NN Maths Lab", ":material/home:", default=True),
    PageInfo(
        "forward_pass",
        "Forward pass",
        "Forward-pass calculator",
        ":material/arrow_forward:",
        "Lecture: z = Xw + b, its shapes, and the two exercises.",
        "Try first: pick 'Exercise 2', switch on exercise mode and work out z yourself.",
    ),
    PageInfo(
        "activations",
        "Activations",
        "Activation explorer",
        ":material/show_chart:",
        "Lecture: activation functions and the exercise at z = (1, 8).",
        "Try first: read sigmoid(8) from the table, then move the z marker to where the derivative vanishes.",
    ),
    PageInfo(
        "gradient_descent",
        "Gradient descent",
        "Gradient-descent playground",
        ":material/trending_down:",
        "Lecture: Steps 1-5, lr_gradient_descent, learning rates and starting points.",
        "Try first: press Next, compare Step 4 with the lecture's (-6.000, -4.267), press Play.",
    ),
    PageInfo(
        "backprop",
        "Backprop",
        "Backprop step-through",
        ":material/account_tree:",
        "Lecture: backpropagation, the one-neuron exercise and the 3-2-1 network's deltas.",
        "Try first: step to θ(3), then walk one iteration of Part 2 phase by phase.",
    ),
    PageInfo(
        "network_trainer",
        "Network trainer",
        "Network trainer",
        ":material/model_training:",
        "Lecture: the manual backprop loop against Keras's Adam, and your own networks.",
        "Try first: watch the loss fall, then compare with Adam and the lecture's weights.",
    ),
)


def page(name: str) -> PageInfo:
    """The registry entry called ``name``."""
    for info in PAGES:
        if info.name == name:
            return info
    raise KeyError(f"no page {name!r}; the pages are: {', '.join(p.name for p in PAGES)}")
