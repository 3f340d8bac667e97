"""Optimizers with Keras's update rules, as a registry that describes its own parameters.

Each optimizer is a small class: its hyperparameters (:class:`Param`, with bounds, a label and Keras's
argument name), its update rule in LaTeX, and one method :meth:`Optimizer._update` with the rule for one
parameter array. The base class validates the hyperparameters, keeps the state in lists parallel to the
parameters (created with ``zeros_like`` on the first step, as scikit-learn's optimizers do), and counts the
steps. ``step`` returns new parameter arrays and mutates only that state. Adding an optimizer is adding a
class here and an entry in :data:`OPTIMIZERS`; a page builds its controls from ``PARAMS``.

In the formulas :math:`g^{(t)} = \\nabla_\\theta \\mathcal{L}(\\theta^{(t)})` is the gradient at the
current parameters and :math:`\\eta` the learning rate, as in the lecture.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .validation import Array, ShapeError, allowed_range, check_int, check_real, shape_str


@dataclass(frozen=True)
class Param:
    """One hyperparameter of an optimizer.

    Attributes
    ----------
    name : str
        The ``__init__`` keyword, e.g. "eta", "beta_1".
    label : str
        What a reader sees, e.g. "η", "β₁".
    default : float
        The default, the same as the ``__init__`` default.
    lo, hi : float or None
        Bounds (None: unbounded on that side).
    lo_open, hi_open : bool
        True when the bound itself is excluded.
    log : bool
        True for a parameter best chosen on a log scale (a learning rate, epsilon).
    keras : str
        Keras's argument name for it, e.g. "learning_rate".
    help : str
        One sentence on what it does.
    """

    name: str
    label: str
    default: float
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    log: bool = False
    keras: str = ""
    help: str = ""

    def check(self, value: object) -> float:
        """Return ``value`` as a float, or raise ValueError naming this parameter and its allowed range."""
        return check_real(value, self.name, self.lo, self.hi, lo_open=self.lo_open, hi_open=self.hi_open)

    def allowed(self) -> str:
        """The allowed values in words, e.g. "a number at least 0 and less than 1"."""
        return allowed_range(self.lo, self.hi, lo_open=self.lo_open, hi_open=self.hi_open)


def _learning_rate(name: str, default: float) -> Param:
    return Param(
        name,
        "η",
        default,
        lo=0.0,
        lo_open=True,
        log=True,
        keras="learning_rate",
        help="The learning rate: how far each update moves against the gradient.",
    )


def _decay(name: str, label: str, default: float, help: str) -> Param:
    return Param(name, label, default, lo=0.0, hi=1.0, hi_open=True, keras=name, help=help)


_GRADIENT = r"g^{(t)} = \nabla_\theta \mathcal{L}\bigl(\theta^{(t)}\bigr)"
"""The first line of every update rule: the gradient at the current parameters."""

_EPSILON = Param(
    "epsilon",
    "ε",
    1e-7,
    lo=0.0,
    lo_open=True,
    log=True,
    keras="epsilon",
    help="A small constant that keeps the division finite when the squared gradients are tiny.",
)


class Optimizer(ABC):
    """The shared part of every optimizer: validated hyperparameters, state, step count.

    Class attributes
    ----------------
    name : str
        Registry key, e.g. "Adam".
    label : str
        Name to show a reader.
    PARAMS : tuple of Param
        The hyperparameters, in ``__init__`` order; the first is the learning rate.
    STATE : tuple of str
        Names of the state arrays kept per parameter, e.g. ("m", "v").
    latex : tuple of str
        The update rule, one LaTeX line each, in the lecture's notation.
    keras : str
        The Keras class, e.g. "keras.optimizers.Adam" (see :meth:`keras_code`).

    Attributes
    ----------
    t : int
        Number of steps taken since the last :meth:`reset`.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    PARAMS: ClassVar[tuple[Param, ...]] = ()
    STATE: ClassVar[tuple[str, ...]] = ()
    latex: ClassVar[tuple[str, ...]] = ()
    keras: ClassVar[str] = ""

    def __init__(self, **values: float) -> None:
        for p in self.PARAMS:
            setattr(self, p.name, p.check(values.get(p.name, p.default)))
        self.t = 0
        self._state: dict[str, list[Array]] = {}

    def reset(self) -> None:
        """Forget the state and the step count, so the next step is a first step."""
        self.t = 0
        self._state = {}

    def values(self) -> dict[str, float]:
        """The hyperparameters by name, in the order of ``PARAMS``."""
        return {p.name: float(getattr(self, p.name)) for p in self.PARAMS}

    def describe(self) -> str:
        """Settings in one line, e.g. "Momentum (eta=0.01, momentum=0.9)"."""
        return f"{self.name} (" + ", ".join(f"{k}={v:g}" for k, v in self.values().items()) + ")"

    def keras_code(self) -> str:
        """The Keras call that builds the same optimizer, e.g. "keras.optimizers.SGD(learning_rate=0.01)"."""
        return f"{self.keras}(" + ", ".join(f"{p.keras}={getattr(self, p.name)!r}" for p in self.PARAMS) + ")"

    def state(self) -> dict[str, list[Array]]:
        """Copies of the state arrays by name, each a list parallel to the parameters (empty before a step)."""
        return {name: [a.copy() for a in self._state.get(name, [])] for name in self.STATE}

    def set_state(self, state: dict[str, Sequence[Array]], t: int) -> None:
        """Continue from a state saved by :meth:`state` after ``t`` steps (the arrays are copied)."""
        if set(state) != set(self.STATE):
            raise ValueError(
                f"state must hold the arrays {', '.join(self.STATE) or 'none'} for {self.name}, "
                f"but it holds {', '.join(state) or 'none'}."
            )
        self.t = check_int(t, "t", 0)
        self._state = {name: [np.array(a, dtype=float) for a in state[name]] for name in self.STATE}

    def step_size(self, t: int) -> float | None:
        """The effective step size of step ``t`` when it changes with t (Adam's alpha_t); otherwise None."""
        return None

    def step(self, params: Sequence[Array], grads: Sequence[Array]) -> list[Array]:
        """Return the updated parameters (new arrays); only the optimizer's state is changed.

        Parameters
        ----------
        params, grads : sequences of float64 ndarray
            The parameters and the gradients of the loss with respect to them, in the same order and shapes.
        """
        if len(params) != len(grads):
            raise ValueError(f"{len(params)} parameter arrays but {len(grads)} gradients: give one gradient each.")
        shapes = [p.shape for p in params]
        for k, (shape, g) in enumerate(zip(shapes, grads, strict=True)):
            if g.shape != shape:
                raise ShapeError(f"Parameter {k + 1} is {shape_str(shape)} but its gradient is {shape_str(g.shape)}.")
        if self.STATE:
            if not self._state.get(self.STATE[0]):
                self._state = {name: [np.zeros(shape) for shape in shapes] for name in self.STATE}
            elif [a.shape for a in self._state[self.STATE[0]]] != shapes:
                raise ShapeError(f"{self.name} holds state for other parameters: call reset() before using it again.")
        self.t += 1
        return [self._update(k, p, g) for k, (p, g) in enumerate(zip(params, grads, strict=True))]

    @abstractmethod
    def _update(self, k: int, param: Array, grad: Array) -> Array:
        """The new value of parameter ``k`` given its gradient; updates the state of parameter k."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{k}={v!r}" for k, v in self.values().items()) + ")"


class GD(Optimizer):
    """Plain gradient descent, Keras's SGD without momentum.

    Notes
    -----
    .. math:: \\theta^{(t+1)} = \\theta^{(t)} - \\eta\\, g^{(t)}
    """

    name = "GD"
    label = "Gradient descent"
    PARAMS = (_learning_rate("eta", 0.01),)
    latex = (_GRADIENT, r"\theta^{(t+1)} = \theta^{(t)} - \eta\, g^{(t)}")
    keras = "keras.optimizers.SGD"

    eta: float

    def __init__(self, eta: float = 0.01) -> None:
        super().__init__(eta=eta)

    def _update(self, k: int, param: Array, grad: Array) -> Array:
        return param - self.eta * grad


class Momentum(Optimizer):
    """Gradient descent with momentum, as Keras's SGD(momentum=m) writes it.

    Notes
    -----
    .. math:: v^{(t+1)} = m\\, v^{(t)} - \\eta\\, g^{(t)}, \\qquad \\theta^{(t+1)} = \\theta^{(t)} + v^{(t+1)}

    with :math:`v^{(0)} = 0` (state "velocity").
    """

    name = "Momentum"
    label = "Momentum"
    PARAMS = (
        _learning_rate("eta", 0.01),
        _decay("momentum", "momentum", 0.9, "The fraction of the previous update kept in the next one."),
    )
    STATE = ("velocity",)
    latex = (
        _GRADIENT,
        r"v^{(t+1)} = m\, v^{(t)} - \eta\, g^{(t)}",
        r"\theta^{(t+1)} = \theta^{(t)} + v^{(t+1)}",
    )
    keras = "keras.optimizers.SGD"

    eta: float
    momentum: float

    def __init__(self, eta: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(eta=eta, momentum=momentum)

    def _update(self, k: int, param: Array, grad: Array) -> Array:
        v = self._state["velocity"][k]
        v *= self.momentum
        v -= self.eta * grad
        return param + v


class RMSprop(Optimizer):
    """RMSprop, as Keras 3 writes it (no momentum, not centered): epsilon sits inside the square root.

    Notes
    -----
    .. math:: v^{(t+1)} = \\rho\\, v^{(t)} + (1 - \\rho)\\, \\bigl(g^{(t)}\\bigr)^2, \\qquad
              \\theta^{(t+1)} = \\theta^{(t)} - \\frac{\\eta\\, g^{(t)}}{\\sqrt{v^{(t+1)} + \\epsilon}}

    with :math:`v^{(0)} = 0` (state "v"; Keras calls it "velocity"), squares and roots elementwise.
    """

    name = "RMSprop"
    label = "RMSprop"
    PARAMS = (
        _learning_rate("learning_rate", 0.001),
        _decay("rho", "ρ", 0.9, "The discount of the running average of squared gradients."),
        _EPSILON,
    )
    STATE = ("v",)
    latex = (
        _GRADIENT,
        r"v^{(t+1)} = \rho\, v^{(t)} + (1 - \rho)\, \bigl(g^{(t)}\bigr)^2",
        r"\theta^{(t+1)} = \theta^{(t)} - \frac{\eta\, g^{(t)}}{\sqrt{v^{(t+1)} + \epsilon}}",
    )
    keras = "keras.optimizers.RMSprop"

    learning_rate: float
    rho: float
    epsilon: float

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9, epsilon: float = 1e-7) -> None:
        super().__init__(learning_rate=learning_rate, rho=rho, epsilon=epsilon)

    @property
    def eta(self) -> float:
        """The learning rate, under the name the other optimizers use."""
        return self.learning_rate

    def _update(self, k: int, param: Array, grad: Array) -> Array:
        v = self._state["v"][k]
        v *= self.rho
        v += (1.0 - self.rho) * (grad * grad)
        return param - self.learning_rate * grad / np.sqrt(v + self.epsilon)


class Adam(Optimizer):
    """Adam, as Keras writes it (bias correction folded into the step size).

    Notes
    -----
    With :math:`m^{(0)} = v^{(0)} = 0` (states "m" and "v"), squares and roots elementwise:

    .. math:: m^{(t+1)} = m^{(t)} + \\bigl(g^{(t)} - m^{(t)}\\bigr)(1 - \\beta_1), \\qquad
              v^{(t+1)} = v^{(t)} + \\bigl((g^{(t)})^2 - v^{(t)}\\bigr)(1 - \\beta_2),

    .. math:: \\alpha_{t+1} = \\eta\\, \\frac{\\sqrt{1 - \\beta_2^{t+1}}}{1 - \\beta_1^{t+1}}, \\qquad
              \\theta^{(t+1)} = \\theta^{(t)} - \\alpha_{t+1} \\frac{m^{(t+1)}}{\\sqrt{v^{(t+1)}} + \\epsilon}

    The step count of update :math:`\\theta^{(t+1)}` is t + 1: Keras counts steps from 1.
    """

    name = "Adam"
    label = "Adam"
    PARAMS = (
        _learning_rate("learning_rate", 0.001),
        _decay("beta_1", "β₁", 0.9, "The discount of the running average of gradients (the first moment)."),
        _decay("beta_2", "β₂", 0.999, "The discount of the running average of squared gradients (the second moment)."),
        _EPSILON,
    )
    STATE = ("m", "v")
    latex = (
        _GRADIENT,
        r"m^{(t+1)} = m^{(t)} + \bigl(g^{(t)} - m^{(t)}\bigr)(1 - \beta_1)",
        r"v^{(t+1)} = v^{(t)} + \bigl((g^{(t)})^2 - v^{(t)}\bigr)(1 - \beta_2)",
        r"\alpha_{t+1} = \eta\, \frac{\sqrt{1 - \beta_2^{\,t+1}}}{1 - \beta_1^{\,t+1}}",
        r"\theta^{(t+1)} = \theta^{(t)} - \alpha_{t+1}\, \frac{m^{(t+1)}}{\sqrt{v^{(t+1)}} + \epsilon}",
    )
    keras = "keras.optimizers.Adam"

    learning_rate: float
    beta_1: float
    beta_2: float
    epsilon: float

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
    ) -> None:
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon)

    @property
    def eta(self) -> float:
        """The learning rate, under the name the other optimizers use."""
        return self.learning_rate

    def step_size(self, t: int) -> float:
        """The bias-corrected step size alpha_t of step t (t from 1)."""
        return float(self.learning_rate * np.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t))

    def _update(self, k: int, param: Array, grad: Array) -> Array:
        m, v = self._state["m"][k], self._state["v"][k]
        m += (grad - m) * (1.0 - self.beta_1)
        v += (grad * grad - v) * (1.0 - self.beta_2)
        return param - self.step_size(self.t) * m / (np.sqrt(v) + self.epsilon)


OPTIMIZERS: dict[str, type[Optimizer]] = {cls.name: cls for cls in (GD, Momentum, RMSprop, Adam)}
"""Every optimizer by name, in the order a page lists them."""


def make_optimizer(name: str, **values: float) -> Optimizer:
    """Build the optimizer ``name`` with the given hyperparameters (the others take their defaults).

    Raises
    ------
    ValueError
        For an unknown name (the message lists the known ones), a keyword that is not one of its parameters,
        or a bad value (naming the parameter).
    """
    try:
        cls = OPTIMIZERS[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown optimizer {name!r}; choose one of: {', '.join(OPTIMIZERS)}.") from None
    known = [p.name for p in cls.PARAMS]
    for key in values:
        if key not in known:
            raise ValueError(f"{key} is not a parameter of {name}; its parameters are: {', '.join(known)}.")
    return cls(**values)
