"""The backprop page's code for the screen: NumPy in the lecture's style that prints the page's numbers.

Part 1 is the exercise's batch gradient descent on three points; Part 2 is the lecture's manual backprop
loop (``z1_1_hat``, ``a1_1_hat``, ``delta2_1``, ``delta1_1`` ...), with the page's rows, initial weights,
biases (when on), learning rate and iterations. Each prints every number it computes at full precision,
so a student can compare it with the page.
"""

from __future__ import annotations

from collections.abc import Sequence


def _num(v: float) -> str:
    return repr(float(v))


def _column(values: Sequence[float]) -> str:
    return "np.array([" + ", ".join(f"[{_num(v)}]" for v in values) + "])"


def neuron_code(eta: float, iterations: int, w0: float, b0: float) -> str:
    """The exercise: batch GD for y_hat = w x + b on x = (2, 3, 5), y = (7, 10, 16); prints t, w(t), b(t), MSE."""
    return f"""import numpy as np

# The exercise's data: the true model is y = 3x + 1
x = np.array([[2.0], [3.0], [5.0]])
y = np.array([[7.0], [10.0], [16.0]])
N = len(y)

# theta(0) = (w(0), b(0)) and the learning rate
w = {_num(w0)}
b = {_num(b0)}
eta = {_num(eta)}
num_iterations = {int(iterations)}

# Each line: t, w(t), b(t) and the MSE at theta(t)
print(0, w, b, np.mean((w * x + b - y) ** 2))
for t in range(1, num_iterations + 1):
    # Forward pass
    y_hat = w * x + b
    # Gradients of the MSE (Equations 1 and 2)
    dw = 2 / N * np.sum((y_hat - y) * x)
    db = 2 / N * np.sum(y_hat - y)
    # Batch gradient descent
    w = w - eta * dw
    b = b - eta * db
    loss = np.mean((w * x + b - y) ** 2)
    print(t, w, b, loss)
    if not loss < 1e12:  # the steps overshoot: eta is too large
        print("diverged")
        break
"""


def network_code(
    rows: int,
    W1: Sequence[Sequence[float]],
    W2: Sequence[Sequence[float]],
    eta: float,
    iterations: int,
    b1: Sequence[float] | None = None,
    b2: Sequence[float] | None = None,
) -> str:
    """The lecture's manual backprop for its 3-2-1 network; prints the weights (and biases), then the MSE.

    ``W1`` is 3 x 2 (column j feeds hidden neuron j), ``W2`` is 2 x 1; ``b1`` (2 values) and ``b2`` (1 value)
    add biases, which the lecture's network does not have.
    """
    bias = b1 is not None and b2 is not None
    w1_1 = _column([row[0] for row in W1])
    w1_2 = _column([row[1] for row in W1])
    w2_1 = _column([row[0] for row in W2])
    plus = {k: f" + {k}" if bias else "" for k in ("b1_1_hat", "b1_2_hat", "b2_1_hat")}
    init_b = (
        f"""b1_1_hat = {_num(b1[0])}
b1_2_hat = {_num(b1[1])}
b2_1_hat = {_num(b2[0])}
"""
        if bias and b1 is not None and b2 is not None
        else ""
    )
    update_b = (
        """    b2_1_hat -= eta * np.mean(delta2_1)
    b1_1_hat -= eta * np.mean(delta1_1)
    b1_2_hat -= eta * np.mean(delta1_2)
"""
        if bias
        else ""
    )
    print_b = "print(b1_1_hat, b1_2_hat)\nprint(b2_1_hat)\n" if bias else ""
    return f"""import numpy as np

np.set_printoptions(precision=12)  # 12 decimals (NumPy's default shows 8)

# True weights
w1_1 = np.array([[0.25], [0.5], [0.75]])
w1_2 = np.array([[0.75], [0.5], [0.25]])
w2_1 = np.array([[2.0], [3.0]])

# Generate {rows} random observations of 3 numerical features
np.random.seed(0)
X = np.random.randn({int(rows)}, 3)


# Sigmoid activation function
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# The actual values: y = exp(sigmoid(X W1) W2)
a1_1 = sigmoid(X @ w1_1)
a1_2 = sigmoid(X @ w1_2)
y = np.exp(np.concatenate((a1_1, a1_2), axis=1) @ w2_1)

# Initialised weights
w1_1_hat = {w1_1}
w1_2_hat = {w1_2}
w2_1_hat = {w2_1}
{init_b}
# Learning rate
eta = {_num(eta)}

losses = []
num_iterations = {int(iterations)}
for _ in range(num_iterations):
    # Compute Forward Passes
    # Hidden Layer 1
    z1_1_hat = X @ w1_1_hat{plus["b1_1_hat"]}  # The first neuron before activation
    z1_2_hat = X @ w1_2_hat{plus["b1_2_hat"]}  # The second neuron before activation
    a1_1_hat = sigmoid(z1_1_hat)  # The first neuron after activation
    a1_2_hat = sigmoid(z1_2_hat)  # The second neuron after activation
    a1_hat = np.concatenate((a1_1_hat, a1_2_hat), axis=1)
    # Output Layer
    z2_1_hat = a1_hat @ w2_1_hat{plus["b2_1_hat"]}  # The output before activation
    y_hat = np.exp(z2_1_hat).reshape(len(y), 1)  # The output
    # Track the Losses
    loss = (y_hat - y) ** 2
    losses.append(np.mean(loss))
    # Compute Deltas
    delta2_1 = 2 * (y_hat - y) * np.exp(z2_1_hat)
    delta1_1 = w2_1_hat[0] * delta2_1 * sigmoid(z1_1_hat) * (1 - sigmoid(z1_1_hat))
    delta1_2 = w2_1_hat[1] * delta2_1 * sigmoid(z1_2_hat) * (1 - sigmoid(z1_2_hat))
    # Compute Gradients
    d2_1_hat = delta2_1 * a1_hat
    d1_1_hat = delta1_1 * X
    d1_2_hat = delta1_2 * X
    # Apply Batch Gradient Descent
    w2_1_hat -= eta * np.mean(d2_1_hat, axis=0).reshape(2, 1)
    w1_1_hat -= eta * np.mean(d1_1_hat, axis=0).reshape(3, 1)
    w1_2_hat -= eta * np.mean(d1_2_hat, axis=0).reshape(3, 1)
{update_b}
# The MSE after the last update
a1_hat = np.concatenate((sigmoid(X @ w1_1_hat{plus["b1_1_hat"]}), sigmoid(X @ w1_2_hat{plus["b1_2_hat"]})), axis=1)
losses.append(np.mean((np.exp(a1_hat @ w2_1_hat{plus["b2_1_hat"]}) - y) ** 2))

print(w1_1_hat)
print(w1_2_hat)
print(w2_1_hat)
{print_b}print("MSE at the initial weights:", losses[0])
print("MSE after the last update:", losses[-1])
"""
