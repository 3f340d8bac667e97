"""``st.cache_data`` and ``st.cache_resource`` for functions defined in a page, made cheap to call.

A page's script runs afresh on every rerun, so its decorator lines run again each time, and Streamlit
keys every decoration by the function's source (``inspect.getsource`` re-reads and tokenises the page
file): about a millisecond per cached function per rerun, paid by every session on every click. These
decorators hand back the cached function made the first time, as long as the page file is unchanged
(its modification time and the function's bytecode are compared), so editing a page in development
still takes effect.

A call is cheap too. Streamlit's hasher walks a tuple argument item by item through a generic
dispatcher (0.15 ms for a run's settings) and looks each positional parameter's name up with
``inspect.signature``; here the arguments' fingerprint is one string (arrays by a BLAKE2 digest of their
bytes, plain values by ``repr``), the only argument Streamlit hashes. What is cached, and for how long,
is Streamlit's business as before.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import pickle
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
import streamlit as st

F = TypeVar("F", bound=Callable[..., Any])

_DECORATED: dict[tuple[str, str, str], tuple[tuple[Any, ...], Callable[..., Any]]] = {}
_PLAIN = (str, int, float, bool, type(None))


def fingerprint(value: Any) -> str:
    """A string that is equal for equal arguments (and, in practice, different for different ones)."""
    if isinstance(value, np.ndarray) and not value.dtype.hasobject:
        data = np.ascontiguousarray(value)
        digest = hashlib.blake2b(data.tobytes(), digest_size=16).hexdigest()
        return f"ndarray{data.shape}{data.dtype.str}:{digest}"
    if isinstance(value, _PLAIN):
        return repr(value)
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__}({','.join(fingerprint(v) for v in value)})"
    if isinstance(value, dict):
        return "dict(" + ",".join(f"{fingerprint(k)}:{fingerprint(v)}" for k, v in value.items()) + ")"
    return "pickle:" + hashlib.blake2b(pickle.dumps(value), digest_size=16).hexdigest()


def _once(kind: str, decorator: Callable[[Callable[..., Any]], Any], options: dict[str, Any]) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        code = fn.__code__
        try:
            mtime: int | None = os.stat(code.co_filename).st_mtime_ns
        except OSError:
            mtime = None
        key = (kind, code.co_filename, fn.__qualname__)
        stamp = (mtime, code.co_code, code.co_consts, repr(sorted(options.items())))
        known = _DECORATED.get(key)
        if known is None or known[0] != stamp:
            known = _DECORATED[key] = (stamp, _keyed(fn, decorator))
        return cast(F, known[1])

    return decorate


def _keyed(fn: Callable[..., Any], decorator: Callable[[Callable[..., Any]], Any]) -> Callable[..., Any]:
    """``fn`` cached by Streamlit under the fingerprint of its arguments (the arguments themselves unhashed)."""

    def by_fingerprint(key: str, _args: tuple[Any, ...], _kwargs: dict[str, Any]) -> Any:
        return fn(*_args, **_kwargs)

    # Streamlit names a cache by the function's module, name and source: fn's (through __wrapped__).
    functools.update_wrapper(by_fingerprint, fn)
    cached = decorator(by_fingerprint)
    params = list(inspect.signature(fn).parameters.values())
    by_name = not any(p.kind in (p.POSITIONAL_ONLY, p.VAR_POSITIONAL) for p in params)
    names = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    defaults = {p.name: p.default for p in params if p.default is not p.empty}

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        if by_name:  # f(x), f(x=x) and f(x, k=<k's default>) are one call
            kwargs = {**defaults, **dict(zip(names, args)), **kwargs}
            args = ()
        # By keyword: Streamlit skips the underscored arguments, and looks no parameter name up.
        key = fingerprint((args, sorted(kwargs.items())))
        return cached(key=key, _args=args, _kwargs=kwargs)

    call.clear = cached.clear  # type: ignore[attr-defined]
    return call


def cache_data(**options: Any) -> Callable[[F], F]:
    """``st.cache_data(**options)``, made once per page version (results are copied for each caller)."""
    return _once("data", st.cache_data(**options), options)


def cache_resource(**options: Any) -> Callable[[F], F]:
    """``st.cache_resource(**options)``, made once per page version (one shared object: never mutate it)."""
    return _once("resource", st.cache_resource(**options), options)
