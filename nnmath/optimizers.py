"""Optimisers with Keras's update rules, so results agree with what students see in Keras.

Each optimiser keeps its state in lists parallel to the parameters; ``step`` returns new parameter
arrays and mutates only that state.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .validation import Array, check_positive


class GD:
    """Plain gradient descent.

    Notes
    -----
    .. math:: \\theta^{(t+1)} = \\theta^{(t)} - \\eta\\, \\nabla_\\theta \\mathcal{L}
    """

    name = "GD"

    def __init__(self, eta: float = 0.01) -> None:
        self.eta = check_positive(eta, "The learning rate eta")

    def reset(self) -> None:
        """Forget any state (GD has none)."""

    def step(self, params: Sequence[Array], grads: Sequence[Array]) -> list[Array]:
        """Return the updated parameters."""
        return [p - self.eta * g for p, g in zip(params, grads)]

    def describe(self) -> str:
        """Settings in one line."""
        return f"GD (eta={self.eta:g})"


class Momentum:
    """Gradient descent with momentum, as Keras's SGD(momentum=m) writes it.

    Notes
    -----
    .. math:: v \\leftarrow m\\, v - \\eta\\, g, \\qquad \\theta \\leftarrow \\theta + v
    """

    name = "Momentum"

    def __init__(self, eta: float = 0.01, momentum: float = 0.9) -> None:
        self.eta = check_positive(eta, "The learning rate eta")
        m = float(momentum)
        if not 0.0 <= m < 1.0:
            raise ValueError(f"momentum must be in [0, 1), but it is {momentum}.")
        self.momentum = m
        self.velocities: list[Array] = []

    def reset(self) -> None:
        """Forget the velocities."""
        self.velocities = []

    def step(self, params: Sequence[Array], grads: Sequence[Array]) -> list[Array]:
        """Return the updated parameters."""
        if not self.velocities:
            self.velocities = [np.zeros_like(p) for p in params]
        out = []
        for p, g, v in zip(params, grads, self.velocities):
            v *= self.momentum
            v -= self.eta * g
            out.append(p + v)
        return out

    def describe(self) -> str:
        """Settings in one line."""
        return f"Momentum (eta={self.eta:g}, momentum={self.momentum:g})"


class Adam:
    """Adam, as Keras writes it (bias correction folded into the step size).

    Notes
    -----
    With t counted from 1:

    .. math:: m \\leftarrow m + (g - m)(1 - \\beta_1), \\qquad v \\leftarrow v + (g^2 - v)(1 - \\beta_2),

    .. math:: \\alpha_t = \\eta\\, \\frac{\\sqrt{1 - \\beta_2^t}}{1 - \\beta_1^t}, \\qquad
              \\theta \\leftarrow \\theta - \\alpha_t \\frac{m}{\\sqrt{v} + \\epsilon}
    """

    name = "Adam"

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
    ) -> None:
        self.learning_rate = check_positive(learning_rate, "The learning rate")
        for label, beta in (("beta_1", beta_1), ("beta_2", beta_2)):
            if not 0.0 <= float(beta) < 1.0:
                raise ValueError(f"{label} must be in [0, 1), but it is {beta}.")
        self.beta_1 = float(beta_1)
        self.beta_2 = float(beta_2)
        self.epsilon = check_positive(epsilon, "epsilon")
        self.t = 0
        self.ms: list[Array] = []
        self.vs: list[Array] = []

    @property
    def eta(self) -> float:
        """The learning rate, under the name the other optimisers use."""
        return self.learning_rate

    def reset(self) -> None:
        """Forget the moment estimates and the step count."""
        self.t, self.ms, self.vs = 0, [], []

    def step(self, params: Sequence[Array], grads: Sequence[Array]) -> list[Array]:
        """Return the updated parameters."""
        if not self.ms:
            self.ms = [np.zeros_like(p) for p in params]
            self.vs = [np.zeros_like(p) for p in params]
        self.t += 1
        alpha = self.learning_rate * np.sqrt(1.0 - self.beta_2**self.t) / (1.0 - self.beta_1**self.t)
        out = []
        for p, g, m, v in zip(params, grads, self.ms, self.vs):
            m += (g - m) * (1.0 - self.beta_1)
            v += (g * g - v) * (1.0 - self.beta_2)
            out.append(p - alpha * m / (np.sqrt(v) + self.epsilon))
        return out

    def describe(self) -> str:
        """Settings in one line."""
        return (
            f"Adam (learning_rate={self.learning_rate:g}, beta_1={self.beta_1:g}, "
            f"beta_2={self.beta_2:g}, epsilon={self.epsilon:g})"
        )


Optimizer = GD | Momentum | Adam

OPTIMIZERS: dict[str, type[GD] | type[Momentum] | type[Adam]] = {"GD": GD, "Momentum": Momentum, "Adam": Adam}
