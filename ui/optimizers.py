"""Optimizer controls built from nnmath's registry: each optimizer describes its parameters, the sidebar follows.

Adding an optimizer is a class in nnmath.optimizers (with its PARAMS) and no page edit: its choice, its
settings (in the page's schema, so links carry them) and its widgets all come from here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

import nnmath as nm

from .settings import Choice, Float, PageState, Setting

OPEN_SPAN = 1e4
"""An open or missing bound of a log-scale parameter becomes its default divided (or multiplied) by this."""
DECAY_TOP = 0.9999
"""The top of a decay in [0, 1), such as momentum or beta_1."""


def key(prefix: str, optimizer: str, param: str) -> str:
    """The session key of one optimizer parameter on a page, e.g. ``nt_adam_beta_1``."""
    return f"{prefix}_{optimizer.lower()}_{param}"


def bounds(param: nm.Param) -> tuple[float, float]:
    """The closed range a widget (and a link) offers for ``param``, inside the range nnmath allows."""
    lo = param.lo
    hi = param.hi
    if lo is None or (param.lo_open and lo == 0.0):
        lo = param.default / OPEN_SPAN if param.log else (0.0 if lo is None else lo)
    if hi is None:
        hi = param.default * OPEN_SPAN if param.log else param.default * 100
    elif param.hi_open:
        hi = DECAY_TOP * hi
    return float(lo), float(hi)


def choice(setting_key: str, default: str, names: Sequence[str] | None = None) -> Choice:
    """A setting choosing one of the registry's optimizers."""
    names = tuple(names or nm.OPTIMIZERS)
    return Choice(setting_key, default, names, labels={n: nm.OPTIMIZERS[n].label for n in names})


def params(name: str, learning_rate: bool = True) -> tuple[nm.Param, ...]:
    """The parameters of optimizer ``name``; without its learning rate (the first) when ``learning_rate`` is False.

    A page whose learning rate is one control for every optimizer (e.g. a log-scale slider) leaves it out
    and draws it itself; the other parameters still come from the registry.
    """
    found = nm.OPTIMIZERS[name].PARAMS
    return found if learning_rate else found[1:]


def settings(
    prefix: str, defaults: Mapping[str, Mapping[str, float]] | None = None, *, learning_rate: bool = True
) -> list[Setting]:
    """One setting per parameter of every optimizer, with the registry's defaults unless ``defaults`` say else.

    ``learning_rate=False`` leaves out each optimizer's learning rate (see :func:`params`).
    """
    out: list[Setting] = []
    for name in nm.OPTIMIZERS:
        for param in params(name, learning_rate):
            value = float((defaults or {}).get(name, {}).get(param.name, param.default))
            lo, hi = bounds(param)
            fmt = "%.2e" if param.log else "%.4f"
            out.append(Float(key(prefix, name, param.name), value, lo, hi, format=fmt))
    return out


def controls(
    state: PageState, prefix: str, name: str, *, learning_rate: bool = True, **options: Any
) -> dict[str, float]:
    """Widgets for the parameters of optimizer ``name`` (one per Param, with its help); returns their values.

    ``learning_rate=False`` draws all but the learning rate (see :func:`params`).
    """
    values = {}
    for param in params(name, learning_rate):
        k = key(prefix, name, param.name)
        setting = state.schema[k]
        assert isinstance(setting, Float)
        step = setting.default / 10 if param.log else 0.01
        st.number_input(
            f"{param.label} ({param.name})",
            setting.lo,
            setting.hi,
            step=step,
            format=setting.format,
            key=k,
            help=param.help,
            **options,
        )
        values[param.name] = float(state[k])
    return values


def values(state: PageState, prefix: str, name: str, *, learning_rate: bool = True) -> dict[str, float]:
    """The page's current values for optimizer ``name``'s parameters, without drawing anything."""
    return {p.name: float(state[key(prefix, name, p.name)]) for p in params(name, learning_rate)}


def make(name: str, values: Mapping[str, float]) -> nm.Optimizer:
    """The optimizer ``name`` with ``values``."""
    return nm.make_optimizer(name, **values)
