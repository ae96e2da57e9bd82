"""The benchmark workloads W1-W6, defined once so that every system runs the same program.

Each workload is written against a small namespace of operations (`Ops`) that a
system's worker fills with its own library's functions, so dualtape, autograd,
PyTorch and JAX differentiate literally the same code.  Beside each workload
sit its fixed inputs and an independent NumPy reference (a closed form or a
hand-written backward pass) that the tests use to keep the definitions honest.
This module imports NumPy only, never a system under test.

Example:
    >>> import math
    >>> round(scalar_loop(math.sin, 0.1, iterations=2), 6)
    0.484194
"""
import math
from collections import namedtuple

import numpy as np

# The operations a workload needs beyond Python's arithmetic, slicing and `@`.
# logsumexp_rows(z) is log Σⱼ exp z[i, j] with a kept axis (shape (rows, 1)).
Ops = namedtuple("Ops", "sin exp tanh sum logsumexp_rows")

# W1 / W6: the scalar loop.  One iteration is six operations:
# sin, * 0.5, x * x, * 0.1, +, + 0.3.
LOOP_START = 0.1
LOOP_OPS_PER_ITERATION = 6
W1_ITERATIONS = 1000                       # ~6000 operations
W6_ITERATIONS = 16667                      # ~100 000 operations
LOOP_ITERATIONS = {"W1": W1_ITERATIONS, "W6": W6_ITERATIONS}   # --quick shortens both

# W2: the MLP.
MLP_BATCH, MLP_INPUTS, MLP_HIDDEN, MLP_CLASSES = 256, 784, 256, 10

# W3: the extended Rosenbrock Hessian sizes.
ROSENBROCK_SIZES = (100, 300)

# W4: d^k/dx^k exp(sin(x)) at 0.5 for k = 1..8, from sympy
# (diff(exp(sin(x)), x, k).subs(x, 0.5) to 25 digits, rounded to double).
EXP_SIN_POINT = 0.5
EXP_SIN_DERIVATIVES = (1.4174242246593913, 0.46956439926573407, -2.3644414408552015,
                       -5.707734036177334, 1.1884191301934934, 43.171432177436074,
                       87.61809327504099, -270.9524141213228)

# W5: the Jacobian size.
TANH_MAP_SIZE = 100

# What each workload computes, in words (printed above its table).
TITLES = {
    "W1": f"scalar loop: {W1_ITERATIONS} x `x = sin(x)*0.5 + x*x*0.1 + 0.3` from x = {LOOP_START} "
          f"({W1_ITERATIONS * LOOP_OPS_PER_ITERATION} ops): reverse gradient (record + backward) "
          f"and forward derivative",
    "W2": f"MLP loss: X {MLP_BATCH}x{MLP_INPUTS}, tanh hidden layer of {MLP_HIDDEN}, softmax "
          f"cross-entropy over {MLP_CLASSES} classes: gradient in W1, b1, W2, b2",
    "W3": "full Hessian of the extended Rosenbrock function "
          "sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 at x = linspace(-1.2, 1.2, n)",
    "W4": f"k-th derivative of exp(sin(x)) at {EXP_SIN_POINT}, k = 1..{len(EXP_SIN_DERIVATIVES)}",
    "W5": f"Jacobian of tanh(A @ x) + x**2, n = {TANH_MAP_SIZE}, forward and reverse",
    "W6": f"gradient of a {W6_ITERATIONS * LOOP_OPS_PER_ITERATION}-op scalar chain "
          f"(the W1 loop, {W6_ITERATIONS} iterations): time, and tape bytes per op "
          f"(peak RSS over baseline / ops)",
}
WORKLOAD_NAMES = tuple(TITLES)


def loop_ops(iterations):
    """The number of operations `iterations` turns of the scalar loop perform.

    Example:
        >>> loop_ops(W1_ITERATIONS)
        6000
    """
    return iterations * LOOP_OPS_PER_ITERATION


def scalar_loop(sin, x, iterations=W1_ITERATIONS):
    """W1 and W6: `iterations` turns of ``x = sin(x)*0.5 + x*x*0.1 + 0.3``.

    Example:
        >>> import math
        >>> round(scalar_loop(math.sin, 0.1, iterations=1), 6)
        0.350917
    """
    for _ in range(iterations):
        x = sin(x) * 0.5 + x * x * 0.1 + 0.3
    return x


def scalar_loop_derivative(x, iterations=W1_ITERATIONS):
    """The loop's derivative at `x` by the chain rule written out: Π (0.5 cos xᵢ + 0.2 xᵢ).

    Example:
        >>> round(scalar_loop_derivative(0.0, iterations=1), 6)
        0.5
    """
    slope = 1.0
    for _ in range(iterations):
        slope *= 0.5 * math.cos(x) + 0.2 * x
        x = math.sin(x) * 0.5 + x * x * 0.1 + 0.3
    return slope


def mlp_data(batch=MLP_BATCH, inputs=MLP_INPUTS, hidden=MLP_HIDDEN, classes=MLP_CLASSES, seed=0):
    """W2's fixed inputs: ``(params, (X, Y))``, params = (W1, b1, W2, b2), Y one-hot labels.

    Weights are scaled by 1/√fan-in so the hidden layer is not saturated.

    Example:
        >>> (W1, b1, W2, b2), (X, Y) = mlp_data(batch=4, inputs=3, hidden=5, classes=2)
        >>> W1.shape, b1.shape, W2.shape, b2.shape, X.shape, Y.sum(axis=1).tolist()
        ((3, 5), (5,), (5, 2), (2,), (4, 3), [1.0, 1.0, 1.0, 1.0])
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, inputs))
    Y = np.eye(classes)[rng.integers(0, classes, size=batch)]
    params = (rng.standard_normal((inputs, hidden)) / math.sqrt(inputs),
              0.1 * rng.standard_normal(hidden),
              rng.standard_normal((hidden, classes)) / math.sqrt(hidden),
              0.1 * rng.standard_normal(classes))
    return params, (X, Y)


def mlp_loss(ops, params, data):
    """W2: mean softmax cross-entropy of a one-hidden-layer tanh network.

    With zero weights every class is equally likely, so the loss is log(classes).

    Example:
        >>> params, data = mlp_data(batch=4, inputs=3, hidden=5, classes=2)
        >>> zeros = [np.zeros_like(p) for p in params]
        >>> round(float(mlp_loss(NUMPY_OPS, zeros, data)), 6), round(math.log(2), 6)
        (0.693147, 0.693147)
    """
    W1, b1, W2, b2 = params
    X, Y = data
    hidden = ops.tanh(X @ W1 + b1)
    logits = hidden @ W2 + b2
    log_probs = logits - ops.logsumexp_rows(logits)
    return -ops.sum(Y * log_probs) / X.shape[0]


def mlp_backprop(params, data):
    """W2's gradient by a hand-written NumPy backward pass: (dW1, db1, dW2, db2).

    The cost floor a tape is measured against: the forward pass keeps what the
    backward pass needs, and each step is written once by hand.

    Example:
        >>> params, data = mlp_data(batch=4, inputs=3, hidden=5, classes=2)
        >>> [g.shape for g in mlp_backprop(params, data)]
        [(3, 5), (5,), (5, 2), (2,)]
    """
    W1, b1, W2, b2 = params
    X, Y = data
    hidden = np.tanh(X @ W1 + b1)
    logits = hidden @ W2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    d_logits = (probs - Y) / X.shape[0]          # Y rows sum to 1
    d_hidden = (d_logits @ W2.T) * (1.0 - hidden ** 2)
    return X.T @ d_hidden, d_hidden.sum(axis=0), hidden.T @ d_logits, d_logits.sum(axis=0)


def rosenbrock_input(n):
    """W3's point: ``linspace(-1.2, 1.2, n)``.

    Example:
        >>> rosenbrock_input(3).tolist()
        [-1.2, 0.0, 1.2]
    """
    return np.linspace(-1.2, 1.2, n)


def rosenbrock(ops, x):
    """W3: the extended Rosenbrock function Σ 100 (x[i+1] − x[i]²)² + (1 − x[i])².

    Example:
        >>> float(rosenbrock(NUMPY_OPS, np.ones(4)))
        0.0
    """
    return ops.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def rosenbrock_hessian(x):
    """W3's Hessian in closed form (tridiagonal), from differentiating the sum by hand.

    Example:
        >>> rosenbrock_hessian(np.array([1.0, 1.0])).tolist()
        [[802.0, -400.0], [-400.0, 200.0]]
    """
    n = x.size
    H = np.zeros((n, n))
    i = np.arange(n - 1)
    H[i, i] += 1200.0 * x[:-1] ** 2 - 400.0 * x[1:] + 2.0
    H[i + 1, i + 1] += 200.0
    H[i, i + 1] = H[i + 1, i] = -400.0 * x[:-1]
    return H


def exp_sin(ops, x):
    """W4: exp(sin(x)).

    Example:
        >>> round(float(exp_sin(NUMPY_OPS, 0.5)), 6)
        1.615146
    """
    return ops.exp(ops.sin(x))


def tanh_map_data(n=TANH_MAP_SIZE, seed=0):
    """W5's fixed inputs ``(A, x)``: A standard normal scaled by 1/√n, x = linspace(-1, 1, n).

    Example:
        >>> A, x = tanh_map_data(3)
        >>> A.shape, x.tolist()
        ((3, 3), [-1.0, 0.0, 1.0])
    """
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, n)) / math.sqrt(n), np.linspace(-1.0, 1.0, n)


def tanh_map(ops, A, x):
    """W5: tanh(A @ x) + x**2.

    Example:
        >>> tanh_map(NUMPY_OPS, np.zeros((2, 2)), np.array([1.0, 2.0])).tolist()
        [1.0, 4.0]
    """
    return ops.tanh(A @ x) + x ** 2


def tanh_map_jacobian(A, x):
    """W5's Jacobian in closed form: diag(1 − tanh²(A x)) A + diag(2 x).

    Example:
        >>> tanh_map_jacobian(np.zeros((2, 2)), np.array([1.0, 2.0])).tolist()
        [[2.0, 0.0], [0.0, 4.0]]
    """
    return (1.0 - np.tanh(A @ x) ** 2)[:, None] * A + np.diag(2.0 * x)


def _numpy_logsumexp_rows(z):
    m = z.max(axis=1, keepdims=True)
    return np.log(np.exp(z - m).sum(axis=1, keepdims=True)) + m


# The workloads on plain NumPy: the function alone, with no derivative.
NUMPY_OPS = Ops(sin=np.sin, exp=np.exp, tanh=np.tanh, sum=np.sum, logsumexp_rows=_numpy_logsumexp_rows)
