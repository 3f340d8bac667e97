"""nnviz.backprop_steps: the phase table, the formulas with the lecture's numbers, practice values, highlights."""

from __future__ import annotations

import numpy as np
import pytest

import nnmath as nm
from nnmath import datasets
from nnviz import backprop_steps as bs
from nnviz import network_diagram


@pytest.fixture(scope="module")
def lecture():
    d = datasets.lecture_network_data()
    net = nm.Network(
        datasets.LECTURE_NETWORK_SIZES,
        datasets.LECTURE_NETWORK_ACTIVATIONS,
        use_bias=False,
        weights=[datasets.LECTURE_NETWORK_INIT_W1, datasets.LECTURE_NETWORK_INIT_W2],
    )
    return net, net.backward(d.X, d.y), d.y


@pytest.fixture(scope="module")
def with_biases():
    d = datasets.lecture_network_data(n=100)
    net = nm.Network((3, 2, 1), ("sigmoid", "exponential"), use_bias=True, seed=3)
    return net, net.backward(d.X, d.y), d.y


def test_every_phase_has_a_renderer_practice_and_highlights(lecture, with_biases):
    assert bs.PHASES == ("Forward pass", "Loss", "Output delta", "Hidden deltas", "Gradients", "Update")
    for net, g, y in (lecture, with_biases):
        for name, phase in bs.PHASE_TABLE.items():
            for i in (0, 7, None):
                lines = bs.backprop_phase(net, g, y, name, i, 0.0005)
                assert lines and all(isinstance(s, str) and s for s in lines), name
                blanks = bs.phase_blanks(net, g, y, name, i, 0.0005)
                assert blanks and all(np.isfinite(v) for _, v in blanks), name
            assert phase.direction in network_diagram.HIGHLIGHT
            assert phase.caption.endswith(".")


def test_an_unknown_phase_names_the_phases(lecture):
    net, g, y = lecture
    with pytest.raises(ValueError, match="Unknown phase 'Backward'; choose one of: Forward pass, Loss"):
        bs.backprop_phase(net, g, y, "Backward", 0, 0.0005)


def test_the_diagram_terms_of_each_phase():
    terms = {name: (p.edges(2), p.neurons(2), p.direction) for name, p in bs.PHASE_TABLE.items()}
    assert terms == {
        "Forward pass": ((0, 1), (1, 2), "forward"),
        "Loss": ((), (2,), "forward"),
        "Output delta": ((), (2,), "backward"),
        "Hidden deltas": ((1,), (1,), "backward"),
        "Gradients": ((0, 1), (), "backward"),
        "Update": ((0, 1), (), "backward"),
    }


def test_the_lecture_start_in_numbers(lecture):
    net, g, y = lecture
    loss = bs.backprop_phase(net, g, y, "Loss", 0, 0.0005)
    assert loss[-1].endswith(r"(\hat{y}_i - y_i)^2 = 338.0509547503 \quad (N = 10{,}000)")
    forward = " ".join(bs.backprop_phase(net, g, y, "Forward pass", 0, 0.0005))
    # W(1) one column (one neuron) at a time: observation 1 is x = (1.7641, 0.4002, 0.9787)
    assert (
        r"&= \begin{pmatrix} 1.7641 & 0.4002 & 0.9787 \end{pmatrix} "
        r"\begin{pmatrix} 0.2 \\ 0.6 \\ 1 \end{pmatrix} = 1.5716" in forward
    )
    assert r"\begin{pmatrix} 0.4 \\ 0.8 \\ 1.2 \end{pmatrix} = 2.2002" in forward
    assert r"a^{(2)}_{1} &= \exp(z^{(2)}_{1}) = 13.8538 = \hat{y}" in forward
    delta = bs.backprop_phase(net, g, y, "Output delta", 0, 0.0005)[-1]
    assert r"\delta^{(2)} &= 2\,(-50.152)\,(13.8538) = -1389.5888" in delta
    hidden = bs.backprop_phase(net, g, y, "Hidden deltas", 0, 0.0005)[-1]
    assert r"\delta^{(1)}_{1} &= \bigl[(1)(-1389.5888)\bigr]\,(0.1424) = -197.8836" in hidden


def test_practice_values_are_the_computed_ones(lecture):
    net, g, y = lecture
    ask = {name: dict(bs.phase_blanks(net, g, y, name, 4, 0.0005)) for name in bs.PHASES}
    fp = g.forward
    assert ask["Forward pass"] == {"a(1)_1": fp.a[0][4, 0], "a(1)_2": fp.a[0][4, 1], "ŷ": fp.output[4, 0]}
    assert ask["Loss"] == {"ℓ_5 = (ŷ - y)²": pytest.approx((fp.output[4, 0] - y[4, 0]) ** 2)}
    assert ask["Output delta"] == {"δ(2)": g.deltas[1][4, 0]}
    assert ask["Hidden deltas"] == {"δ(1)_1": g.deltas[0][4, 0], "δ(1)_2": g.deltas[0][4, 1]}
    assert list(ask["Gradients"].values()) == pytest.approx(fp.a[0][4] * g.deltas[1][4, 0])
    new_w2 = net.weights[1][:, 0] - 0.0005 * g.dW[1][:, 0]
    assert list(ask["Update"].values()) == pytest.approx(new_w2)
    assert new_w2 == pytest.approx([1.08917691, 2.09494754], abs=1e-8)
    mean = dict(bs.phase_blanks(net, g, y, "Loss", None, 0.0005))
    assert mean == {"L (the MSE)": pytest.approx(338.0509547503, rel=1e-9)}


def test_the_update_writes_each_neuron_with_its_new_weights(with_biases):
    net, g, y = with_biases
    lines = bs.backprop_phase(net, g, y, "Update", 0, 0.1)
    new = nm.GD(0.1).step(net.parameters(), g.as_list())
    assert len(lines) == 2 + 1 + 1 + 1  # two hidden neurons, their biases, the output neuron, its bias
    assert all(f"{v:.8f}".rstrip("0").rstrip(".") in lines[0] for v in new[0][:, 0])
    assert f"{new[1][1]:.8f}".rstrip("0") in lines[2]


def test_the_exercise_update_fits_a_column(lecture):
    d = datasets.lecture_exercise()
    h = nm.gradient_descent(d.X, d.y, w0=[1.0], b0=0.0, eta=0.05, max_iter=3, tol=0.0)
    step = nm.step_detail(d.X, d.y, h, 3)
    lines = bs.neuron_step(step)
    assert lines[-2] == r"w^{(3)} = 2.846667 - 0.05\,(-7.21037) = 3.207185"
    assert lines[-1].endswith("= 0.602111")
    [(w, w_value), (b, b_value)] = bs.neuron_blanks(step)
    assert (w, b) == ("w(3)", "b(3)")
    assert (w_value, b_value) == (pytest.approx(3.207185, abs=1e-6), pytest.approx(0.602111, abs=1e-6))
    # the sums are broken after two terms: no row of an aligned block holds three products
    gradient = lines[3]
    assert all(row.count(")(") <= 2 for row in gradient.split(r"\\"))


def test_diagram_highlights_named_layers():
    W1, W2 = np.ones((3, 2)), np.ones((2, 1))
    fig = network_diagram.network_diagram(
        (3, 2, 1), [W1, W2], highlight_edges=[1], highlight_neurons=[1], direction="backward"
    )
    edges = fig.layout.shapes
    assert [s.opacity for s in edges] == [0.25] * 6 + [0.9] * 2
    rings = [t.marker.line.color for t in fig.data[1:4]]
    assert rings == ["#333", network_diagram.HIGHLIGHT["backward"], "#333"]
    only_output = network_diagram.network_diagram((3, 2, 1), [W1, W2], highlight_neurons=[2])
    assert {s.opacity for s in only_output.layout.shapes} == {0.25}
    assert only_output.data[3].marker.line.color == network_diagram.HIGHLIGHT["forward"]
    plain = network_diagram.network_diagram((3, 2, 1), [W1, W2])
    assert {s.opacity for s in plain.layout.shapes} == {0.9}
    assert {t.marker.line.color for t in plain.data[1:4]} == {"#333"}
