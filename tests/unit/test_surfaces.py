"""The MSE surface and the statistics behind it: bounded grids, finite values, the stable learning rate."""

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets

TOY = datasets.lecture_toy_regression()


def test_grid_is_capped_at_250_000_points():
    assert nm.MAX_SURFACE_POINTS == 250_000
    grid = np.linspace(-1, 3, 500)
    assert nm.mse_surface(TOY.X, TOY.y, grid, grid).shape == (500, 500)
    with pytest.raises(ValueError, match=r"^values_1 and values_2 make a 501 x 500 grid of 250,500 points, above"):
        nm.mse_surface(TOY.X, TOY.y, np.linspace(-1, 3, 501), grid)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_grid_values_must_be_finite(bad):
    with pytest.raises(ValueError, match=r"^values_1 contains a missing or infinite value \(at entry \(2,\)"):
        nm.mse_surface(TOY.X, TOY.y, [0.0, bad], [0.0])
    with pytest.raises(ValueError, match=r"^values_2 contains a missing or infinite value"):
        nm.mse_surface(TOY.X, TOY.y, [0.0], [bad])
    with pytest.raises(ValueError, match=r"^w contains a missing or infinite value"):
        nm.mse_surface(TOY.X, TOY.y, [0.0], [0.0], params=(0, 2), w=[1.0, bad])
    with pytest.raises(ValueError, match=r"^values_2 is empty"):
        nm.mse_surface(TOY.X, TOY.y, [0.0], [])


def test_surface_arguments():
    stats = nm.linreg_stats(TOY.X, TOY.y)
    grid = np.linspace(0, 2, 5)
    np.testing.assert_array_equal(
        nm.mse_surface(None, None, grid, grid, stats=stats), nm.mse_surface(TOY.X, TOY.y, grid, grid)
    )
    with pytest.raises(ValueError, match="stats must be the LinearStats"):
        nm.mse_surface(TOY.X, TOY.y, grid, grid, stats={"A": 1})
    with pytest.raises(ValueError, match="params must be two different indices from 0 to 2, but it has 3 entries"):
        nm.mse_surface(TOY.X, TOY.y, grid, grid, params=(0, 1, 2))
    with pytest.raises(ValueError, match=r"params must be two different indices from 0 to 2 \(theta has 3 entries\)"):
        nm.mse_surface(TOY.X, TOY.y, grid, grid, params=(1, 1))
    with pytest.raises(nm.ShapeError, match="w has 3 entries but X has 2 columns"):
        nm.mse_surface(TOY.X, TOY.y, grid, grid, w=[1, 2, 3])
    with pytest.raises(ValueError, match="so large that the MSE overflows"):
        nm.mse_surface(TOY.X, TOY.y, [1e300], [0.0])


def test_the_minimum_of_the_surface_is_the_least_squares_solution():
    w_star, b_star = nm.least_squares(TOY.X, TOY.y)
    w_1 = [w_star[0] - 0.1, w_star[0], w_star[0] + 0.1]
    surface = nm.mse_surface(TOY.X, TOY.y, w_1, [b_star], params=(0, 2), w=w_star)
    assert surface[0, 1] == pytest.approx(0.0, abs=1e-20)
    assert surface[0, 0] == pytest.approx(surface[0, 2], rel=1e-9) and surface[0, 0] > 0


def test_statistics_reject_what_overflows():
    with pytest.raises(nm.ShapeError, match="linear regression needs one target column"):
        nm.linreg_stats(TOY.X, np.ones((12, 2)))
    with pytest.raises(ValueError, match="X is so large that X'X overflows"):
        nm.linreg_stats([[1e200], [2e200]], [1.0, 2.0])
    with pytest.raises(ValueError, match="y is so large that the residual sum of squares overflows"):
        nm.linreg_stats([[0.0], [0.0], [0.0]], [1e300, -1e300, 1e300])
    with pytest.raises(ValueError, match="X is so large that X'X overflows"):
        nm.max_stable_eta([[1e200], [2e200]])
    stats = nm.linreg_stats(TOY.X, TOY.y)
    assert stats.mse([1e300, 1e300, 0.0]) == np.inf
    assert stats.p == 2 and stats.n == 12


def test_max_stable_eta():
    eta = nm.max_stable_eta(TOY.X)
    hessian = 2 / 12 * np.hstack([TOY.X, np.ones((12, 1))]).T @ np.hstack([TOY.X, np.ones((12, 1))])
    assert eta == pytest.approx(2 / np.max(np.linalg.eigvalsh(hessian)), rel=1e-12)
    assert nm.max_stable_eta([1.0, 2.0, 3.0]) == pytest.approx(nm.max_stable_eta([[1.0], [2.0], [3.0]]))
    with pytest.raises(ValueError, match="X is empty"):
        nm.max_stable_eta(np.empty((0, 2)))
    with pytest.raises(ValueError, match="X contains a missing or infinite value"):
        nm.max_stable_eta([[1.0], [np.nan]])
