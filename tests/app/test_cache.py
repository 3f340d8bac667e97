"""ui.cache_data / ui.cache_resource: Streamlit's caches, decorated once per page version, keyed by a fingerprint."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from streamlit.testing.v1 import AppTest

from ui.cache import fingerprint

from .conftest import TIMEOUT_S, assert_healthy


class Pair(NamedTuple):
    a: float
    b: tuple[float, ...]


def test_fingerprints_tell_arguments_apart():
    x = np.arange(6.0)
    assert fingerprint(x) == fingerprint(x.copy())
    assert fingerprint(x) != fingerprint(x.reshape(2, 3))  # same bytes, another shape
    assert fingerprint(x) != fingerprint(x.astype(np.float32))
    assert fingerprint(x) != fingerprint(np.r_[x[:-1], 5.5])
    assert fingerprint(Pair(0.1, (1.0,))) == fingerprint(Pair(0.1, (1.0,)))
    assert fingerprint(Pair(0.1, (1.0,))) != fingerprint(Pair(0.1, (1.0, 0.0)))
    assert fingerprint((0.1, (1.0,))) != fingerprint(Pair(0.1, (1.0,)))  # a plain tuple is not the settings
    assert fingerprint(0.1) != fingerprint(float(np.nextafter(0.1, 1.0)))
    assert fingerprint([1, "1"]) != fingerprint([1, 1])
    assert fingerprint({"k": x}) == fingerprint({"k": x.copy()})
    assert fingerprint(np.array([1, "a"], dtype=object)).startswith("pickle:")


def cached_script():
    import numpy as np
    import streamlit as st

    import ui

    st.session_state.setdefault("calls", 0)

    @ui.cache_data(max_entries=8)
    def scaled(x, k=2.0):
        st.session_state["calls"] += 1
        return x * k

    first = scaled(np.arange(3.0))
    first[0] = 99.0  # cache_data hands out copies: this must not reach the cache
    same = scaled(np.arange(3.0), k=2.0)
    by_name = scaled(x=np.arange(3.0))
    other = scaled(np.arange(3.0), 3.0)
    for result in (same, by_name, other):
        st.text(repr(result.tolist()))


def test_a_cached_function_is_computed_once_across_reruns():
    at = AppTest.from_function(cached_script, default_timeout=TIMEOUT_S).run()
    assert_healthy(at)
    at.run()
    assert_healthy(at)
    assert [t.value for t in at.text] == ["[0.0, 2.0, 4.0]", "[0.0, 2.0, 4.0]", "[0.0, 3.0, 6.0]"]
    assert at.session_state["calls"] == 2  # (x, 2) and (x, 3), once each over two runs
