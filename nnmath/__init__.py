"""nnmath: the mathematics of the lecture "Deep Learning for Actuaries", in pure NumPy.

Import as ``import nnmath as nm``. Everything a page, a test or a benchmark needs is named here.
"""

from . import datasets
from .activations import ACTIVATIONS, Activation, get_activation
from .descent import (
    MAX_RECORDED_UPDATES,
    GDHistory,
    GDStep,
    gradient_descent,
    linreg_gradients,
    step_detail,
)
from .linear import dense
from .losses import mse, mse_grad
from .network import ForwardPass, GradientCheck, Gradients, Network, OverflowInLayer, gradient_check
from .optimizers import GD, OPTIMIZERS, Adam, Momentum, Optimizer, Param, RMSprop, make_optimizer
from .surfaces import MAX_SURFACE_POINTS, LinearStats, least_squares, linreg_stats, max_stable_eta, mse_surface
from .training import TrainHistory, Training, train
from .validation import ShapeError, check_int, check_real

__all__ = [
    "ACTIVATIONS",
    "GD",
    "MAX_RECORDED_UPDATES",
    "MAX_SURFACE_POINTS",
    "OPTIMIZERS",
    "Activation",
    "Adam",
    "ForwardPass",
    "GDHistory",
    "GDStep",
    "GradientCheck",
    "Gradients",
    "LinearStats",
    "Momentum",
    "Network",
    "Optimizer",
    "OverflowInLayer",
    "Param",
    "RMSprop",
    "ShapeError",
    "TrainHistory",
    "Training",
    "check_int",
    "check_real",
    "datasets",
    "dense",
    "get_activation",
    "gradient_check",
    "gradient_descent",
    "least_squares",
    "linreg_gradients",
    "linreg_stats",
    "make_optimizer",
    "max_stable_eta",
    "mse",
    "mse_grad",
    "mse_surface",
    "step_detail",
    "train",
]
