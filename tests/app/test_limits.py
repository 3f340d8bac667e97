"""Limits every page keeps, by class: work above the time budget is refused saying what to reduce; the caches
are bounded in entries and in bytes; text a user, a file or a link supplies is quoted literally in every
message; and no link at all, hostile or not, makes a page raise."""

from __future__ import annotations

import importlib
import re
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.runtime.caching.cache_utils import CachedFunc

import nnmath as nm
from nnmath import datasets
from services import cost
from ui.registry import PAGES, page
from ui.settings import Cells, Text
from ui.states import backprop as bp_state
from ui.states import network_trainer as nt_state

from .conftest import assert_healthy, errors, make_app, shown

SCHEMA_PAGES = [p for p in PAGES if not p.default]


def state_of(info):
    return importlib.import_module(f"ui.states.{info.name}").STATE


def refusal(check, *args) -> str:
    """The message services.cost gives for this request (what the page must show, word for word)."""
    with pytest.raises(cost.TooMuchWork) as refused:
        check(*args)
    return str(refused.value)


# ---------------------------------------------------------------- time: each page that trains refuses above the budget


def test_gradient_descent_refuses_a_run_above_the_budget_saying_what_to_reduce():
    link = {"gd_source": "synthetic", "gd_syn_n": "5000", "gd_mode": "stochastic", "gd_epochs": "20000"}
    at = make_app(page("gradient_descent").file, link).run()
    assert_healthy(at)
    assert errors(at) == [refusal(cost.check_descent, [(5000, 2, 1, 20_000, "GD")])]
    assert errors(at)[0].endswith("a larger batch, fewer rows, or fewer compared runs.")


def test_backprop_part_2_refuses_a_run_above_the_budget_saying_what_to_reduce():
    link = {"bp_part": "network", "bp_bias": "1", "bp_net_iterations": "20000"}
    at = make_app(page("backprop").file, link).run()
    assert_healthy(at)
    lecture = (datasets.LECTURE_NETWORK_SIZES, datasets.LECTURE_NETWORK_ACTIVATIONS)
    expected = refusal(cost.check_training, 10_000, *lecture, 20_000, ["GD"])
    assert errors(at) == [expected]
    assert expected.startswith("Training for 20,000 iterations on 10,000 rows would take about ")


def test_the_trainer_refuses_a_run_above_the_budget_saying_what_to_reduce():
    link = {"nt_preset": "custom", "nt_rows": "100000", "nt_iterations": "20000"}
    at = make_app(page("network_trainer").file, link).run()
    at.button[[b.label for b in at.button].index("Train")].click().run()
    assert_healthy(at)
    assert errors(at) == [refusal(cost.check_training, 100_000, (3, 3, 1), ("tanh", "linear"), 20_000, ["GD"])]


def test_the_lecture_preset_is_within_the_budget_on_every_page_that_trains_it():
    # Backprop part 2 and the trainer train the lecture's network (10,000 rows, 5,000 iterations, no biases): the
    # pages count the biases only when the network has them, so it is accepted, with any learning rate.
    lecture = (10_000, datasets.LECTURE_NETWORK_SIZES, datasets.LECTURE_NETWORK_ACTIVATIONS, 5000, ["GD"])
    assert cost.check_training(*lecture, False) * cost.SAFETY <= cost.BUDGET_S
    at = make_app(page("backprop").file, {"bp_part": "network", "bp_net_eta": "0.001"}).run()
    assert_healthy(at)
    assert not errors(at)


# ---------------------------------------------------------------- memory: bounded caches, bounded bytes

MEMORY_BUDGET_MB = 200
"""What the heavy caches may hold together at worst: the burst goal is 300 MB of RSS growth (benchmarks/memory.py),
and the rest is the server's working memory around a run."""


def cached_functions():
    """Every st.cache_* function of the services, by "module.name"."""
    found = {}
    for name in sorted(m for m in sys.modules if m.startswith("services.")):
        for attr, obj in vars(sys.modules[name]).items():
            if isinstance(obj, CachedFunc):
                found[f"{name}.{attr}"] = obj
    return found


def max_entries(function) -> int:
    return function._info.max_entries  # Streamlit keeps the decorator's arguments here


def test_every_cache_of_the_services_is_bounded_in_entries():
    importlib.import_module("services.gradient_descent")
    importlib.import_module("services.backprop")
    importlib.import_module("services.trainer")
    functions = cached_functions()
    assert {"services.gradient_descent.run", "services.backprop._own_run"} <= set(functions)
    for name, function in functions.items():
        assert max_entries(function) is not None and max_entries(function) <= 256, name


def nbytes(value) -> int:
    """The bytes of the arrays ``value`` holds (a dataclass, tuple, list or dict of them)."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        return sum(nbytes(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(nbytes(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return sum(nbytes(getattr(value, f)) for f in value.__dataclass_fields__)
    return 0


def most_updates() -> int:
    """The most updates one accepted gradient-descent request can make: all of them at the cheapest update."""
    cheapest = min(cost.DESCENT.update.values()) + 2 * cost.DESCENT.row_param  # batch size 1, one feature
    return cost.most(cheapest, cost.DESCENT.run)


def test_the_heaviest_caches_hold_at_most_their_share_of_memory_at_worst():
    from services import backprop, gradient_descent, trainer

    toy = datasets.lecture_toy_regression()
    small = nm.gradient_descent(toy.X, toy.y, batch_size=1, max_iter=50, tol=0.0, seed=0, optimizer=nm.Adam(0.01))
    per_update = nbytes(small) / (small.n_updates + 1)  # Adam: the most state per update; p = 2, the page's most
    descent_mb = max_entries(gradient_descent.run) * most_updates() * per_update / 1e6

    # Backprop part 2 records every iteration of the 3-2-1 network with biases: 11 parameters and the loss.
    backprop_mb = max_entries(backprop._own_run) * (bp_state.MAX_NETWORK_ITERATIONS + 1) * (11 + 1) * 8 / 1e6

    # The trainer's store keeps its FINISHED most recent jobs and the lecture's two; a job, at most MAX_SNAPSHOTS
    # snapshots of its parameters (the start and the end included) and the loss of every iteration.
    net = nm.Network((8, 8, 8, 8, 1), ("tanh", "tanh", "tanh", "linear"), use_bias=True, seed=0)
    run_bytes = trainer.MAX_SNAPSHOTS * net.n_params * 8 + (nt_state.MAX_ITERATIONS + 1) * 8
    trainer_mb = (trainer.FINISHED + len(trainer.LECTURE_RUNS)) * run_bytes / 1e6

    total = descent_mb + backprop_mb + trainer_mb
    assert total <= MEMORY_BUDGET_MB, f"{descent_mb=:.0f} {backprop_mb=:.0f} {trainer_mb=:.0f}"


def test_distinct_runs_keep_the_gradient_descent_cache_at_its_bound():
    from services import gradient_descent

    gradient_descent.run.clear()
    at = make_app(page("gradient_descent").file, {"gd_shuffle": "1"}).run()
    bound = max_entries(gradient_descent.run)
    for seed in range(1, bound + 4):
        at.session_state["gd_seed"] = seed
        at.run()
    assert_healthy(at)
    cache = gradient_descent.run._info.get_function_cache(gradient_descent.run._function_key)
    assert len(cache._mem_cache) == bound  # the oldest runs were evicted, the newest kept


# ---------------------------------------------------------------- echoed text: every message quotes it literally

HOSTILE = ["[x](https://example.org)", "![i](https://x.org/i.png)", "<img src=x onerror=1>", "$x^2$", ":red[x]"]
ACTIVE = ["](", "![", "<img", "$x", ":red["]
REACH = {"backprop": {"bp_part": "network"}, "network_trainer": {"nt_preset": "custom", "nt_init": "typed"}}
"""Settings that bring a page's text fields on screen."""


def messages(at) -> list[str]:
    """Every message and caption element's Markdown, as the page sent it (main area and sidebar)."""
    return [e.value for kind in ("error", "warning", "info", "success", "caption") for e in getattr(at, kind)]


def unescaped(markdown: str) -> str:
    """The Markdown with every escaped character removed: what is left is what Markdown would act on."""
    return re.sub(r"\\.", "", markdown)


def hostile_link(info, text: str) -> dict[str, str]:
    """Every text and matrix setting of the page holding ``text`` (a matrix in its first cell)."""
    state = state_of(info)
    link = dict(REACH.get(info.name, {}))
    for key, s in state.schema.items():
        if isinstance(s, Text):
            link[key] = s.encode(f"1, {text}"[: s.max_chars])
        elif isinstance(s, Cells):
            cells = [list(row) for row in s.default]
            cells[0][0] = text[: s.max_chars]
            link[key] = s.encode(cells)
    return link


def assert_quoted_literally(at, text: str) -> bool:
    """No message holds Markdown that acts; True when one of them quotes ``text`` (its first characters at least:
    a list's parser may split it)."""
    for markdown in messages(at):
        left = unescaped(markdown)
        assert not [a for a in ACTIVE if a in left], markdown
    return any(text[:4] in shown(m) for m in messages(at))


@pytest.mark.parametrize("info", [p for p in SCHEMA_PAGES if p.name != "gradient_descent"], ids=lambda p: p.name)
def test_text_from_a_link_is_quoted_literally_in_every_message(info):
    quoted = []
    for text in HOSTILE:
        at = make_app(info.file, hostile_link(info, text)).run()
        assert_healthy(at)
        quoted.append(assert_quoted_literally(at, text[:24]))
    assert all(quoted), quoted  # each page has text fields, and names the bad text


CSV_PAGES = [p for p in SCHEMA_PAGES if any("csv" in getattr(s, "options", ()) for s in state_of(p).schema.values())]


@pytest.mark.parametrize("info", CSV_PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_text_from_an_uploaded_file_is_quoted_literally_in_every_message(info, text):
    state = state_of(info)
    source = next(k for k, s in state.schema.items() if "csv" in getattr(s, "options", ()))
    at = make_app(info.file, {source: "csv", **({"nt_preset": "custom"} if info.name == "network_trainer" else {})})
    at.run()
    content = f"x1,{text.replace(',', ';')},y\n1,{text.replace(',', ';')},3\n2,4,5\n3,1,4\n".encode()
    at.file_uploader[0].set_value(("data.csv", content, "text/csv")).run()
    assert_healthy(at)
    assert assert_quoted_literally(at, text.replace(",", ";")[:20])


# ---------------------------------------------------------------- any link: hostile or not, no page raises

LINK_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["inf", "-inf", "nan", "-1e400", "9" * 400, "1e308", "-0", "0x10", "1_000", "", " 7 ", "1,2;3"]),
    st.from_regex(r"-?\d{1,6}(\.\d{1,3})?", fullmatch=True),
)


@pytest.mark.parametrize("info", SCHEMA_PAGES, ids=lambda p: p.name)
def test_no_link_makes_a_page_raise(info):
    keys = sorted(state_of(info).schema)

    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from(keys), LINK_TEXT, max_size=5))
    def opens(link):
        at = make_app(info.file, link).run()
        assert_healthy(at)
        for key, s in state_of(info).schema.items():
            if key in at.session_state:
                assert s.accepts(at.session_state[key]), (key, at.session_state[key])

    opens()
