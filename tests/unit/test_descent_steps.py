"""nnviz.descent_steps: Steps 1-5 with each optimizer's update rule and this update's numbers, in narrow lines."""

from __future__ import annotations

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnviz import descent_steps
from nnviz.latex import matrix, sig

TOY = datasets.lecture_toy_regression()


def step_of(name: str, t: int = 3, batch_size: int | None = 3, **values: float):
    cls = nm.OPTIMIZERS[name]
    optimizer = cls(**{cls.PARAMS[0].name: 0.1, **values})
    h = nm.gradient_descent(
        TOY.X, TOY.y, w0=[1, 1], b0=0, batch_size=batch_size, max_iter=5, tol=0, shuffle=False, optimizer=optimizer
    )
    return nm.step_detail(TOY.X, TOY.y, h, t), h


def test_every_optimizer_of_the_registry_has_a_step_5():
    assert set(descent_steps.STEP_5) == set(nm.OPTIMIZERS)
    for title, render in descent_steps.STEP_5.values():
        assert title.startswith("Step 5: update with ") and callable(render)
    for cls in nm.OPTIMIZERS.values():
        assert {p.name for p in cls.PARAMS} <= set(descent_steps.SYMBOLS)


def test_momentum_step_5_shows_the_velocity_before_and_after():
    step, h = step_of("Momentum", momentum=0.8)
    sections = descent_steps.gd_steps(step, values=h.optimizer_values)
    lines = sections["Step 5: update with momentum"]
    assert lines[0].startswith(r"g^{(t)} = \nabla_\theta")  # the registry's rule, as nnmath writes it
    v_line = next(line for line in lines if line.startswith("v^{(3)} = m"))
    before, after = step.state_before["velocity"], step.state_after["velocity"]
    assert f"= 0.8 {matrix(before, 3)} - 0.1 {matrix(np.append(step.dw, step.db), 3)} = {matrix(after, 3)}" in v_line
    theta = next(line for line in lines if line.startswith(r"\theta^{(3)}"))
    assert theta.endswith(f"+ {matrix(after, 3)} = {matrix(np.append(h.w[3], h.b[3]), 3)}")


def test_adam_step_5_shows_both_moments_and_alpha_t():
    step, h = step_of("Adam")
    lines = descent_steps.gd_steps(step, values=h.optimizer_values)["Step 5: update with Adam"]
    text = " ".join(lines)
    for state in ("m", "v"):
        assert matrix(step.state_before[state], 3) in text
        assert matrix(step.state_after[state], 3) in text
    alpha = next(line for line in lines if line.startswith(r"\alpha_{3}"))
    assert alpha.endswith(f"= {sig(step.step_size, 4)}")
    assert step.step_size == pytest.approx(0.1 * np.sqrt(1 - 0.999**3) / (1 - 0.9**3))
    assert lines[-1].endswith(f"= {matrix(np.append(h.w[3], h.b[3]), 3)}")


def test_rmsprop_step_5_shows_its_running_average_and_the_step():
    step, h = step_of("RMSprop")
    lines = descent_steps.gd_steps(step, values=h.optimizer_values)["Step 5: update with RMSprop"]
    assert any(matrix(step.state_after["v"], 3) in line for line in lines)
    assert lines[-1].endswith(f"- {matrix(-step.update, 3)} = {matrix(np.append(h.w[3], h.b[3]), 3)}")


def test_a_large_batch_works_out_the_residual_first_and_elides_x_transposed():
    step, _ = step_of("GD", t=2, batch_size=None)
    residual, dw, db = descent_steps.gd_steps(step)["Step 4: evaluate them at the current parameters"]
    assert residual.startswith(r"\hat{\boldsymbol{y}} - \boldsymbol{y} = ")
    assert residual.endswith(f"= {matrix(step.residual, 3)}")
    assert r"\frac{2}{12}" in dw and r"\cdots" in dw  # X^T's 12 columns: the first ones, ..., the last
    assert dw.endswith(f"= {matrix(step.dw, 3)}") and db.endswith("= " + f"{step.db:.3f}")
    predictions = descent_steps.gd_steps(step)["Step 1: the loss and the predictions"][1]
    assert r"b\boldsymbol{1} = " in predictions and r"\vdots" in predictions


def test_wide_numbers_leave_the_lecture_form_for_the_residual():
    X = np.array([[1.25, -0.5], [3.75, 1.125], [-0.625, 1.5]])
    y = np.array([123.456, -78.9, 45.678])
    h = nm.gradient_descent(X, y, batch_size=3, max_iter=2, tol=0, shuffle=False, eta=0.001)
    lines = descent_steps.gd_steps(nm.step_detail(X, y, h, 1))["Step 4: evaluate them at the current parameters"]
    assert len(lines) == 3 and lines[0].startswith(r"\hat{\boldsymbol{y}} - \boldsymbol{y}")


def test_aligned_breaks_at_top_level_equals_and_keeps_short_formulas():
    assert descent_steps.aligned(r"\eta = 0.1") == r"\eta = 0.1"
    assert (
        descent_steps.aligned(r"a = \frac{1}{x = 2} = b")
        == r"\begin{aligned} a &= \frac{1}{x = 2} \\ &= b \end{aligned}"
    )
    assert descent_steps.aligned(r"a = b, \quad c = d") == r"\begin{aligned} a &= b \\ c &= d \end{aligned}"
    matrix_line = r"x = \begin{pmatrix} 1 \\ 2 \end{pmatrix} = y"
    assert descent_steps.aligned(matrix_line).count("&=") == 2  # the matrix's rows are not lines of the derivation
    wide = r"\frac{\partial L}{\partial w}\bigg|_{w} = A = B"
    assert descent_steps.aligned(wide) == (
        r"\begin{aligned} & \frac{\partial L}{\partial w}\bigg|_{w} \\ &\quad = A \\ &\quad = B \end{aligned}"
    )


def test_display_keeps_the_titles_and_the_number_of_formulas():
    step, h = step_of("Adam")
    sections = descent_steps.gd_steps(step, values=h.optimizer_values)
    shown = descent_steps.display(sections)
    assert list(shown) == list(sections)
    assert [len(v) for v in shown.values()] == [len(v) for v in sections.values()]
