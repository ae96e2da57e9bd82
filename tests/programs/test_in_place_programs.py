"""Programs that update arrays in place, as NumPy code does: Gaussian elimination on row
views, a particle simulation whose state lives in a dict, a preallocated trajectory filled
row by row, a MAML-style inner loop that updates a list of parameters with ``-=``, and the
aliasing that ``+=`` implies (``z = y; z += 1`` changes ``y``).  Each is run on plain
NumPy arrays too, and its value and its derivative (central differences of that plain
run) must be NumPy's."""
import numpy
import pytest

import dualtape as tf
import dualtape as dt
import dualtape.numpy as np

from programs.reference import assert_close, central_gradient

rng = numpy.random.default_rng(16)


def assert_numpy_semantics(f, x):
    """f on a dualtape value gives NumPy's value, and its gradient (reverse and forward)
    is the central difference of f on plain arrays."""
    assert_close(f(dt.Dual(x.copy(), numpy.zeros_like(x)) * 1.0).primal, f(x.copy()), 1e-14, 1e-14,
                 "NumPy's value")
    expected = central_gradient(lambda v: f(v.copy()), x)
    assert_close(dt.gradient(f)(x.copy()), expected, 1e-6, 1e-8, "central differences, h = 1e-6")
    assert_close(dt.jacfwd(f)(x.copy()), expected, 1e-6, 1e-8)


# --- Gaussian elimination and back substitution on row views ----------------------------

def eliminate_and_solve(flat):
    a = np.reshape(flat[:9] * 1.0, (3, 3)) + 4 * numpy.eye(3)
    b = flat[9:] * 1.0
    for i in range(3):
        for j in range(i + 1, 3):
            factor = a[j, i] / a[i, i]
            row = a[j]                      # a view: `row -=` writes into a
            row -= factor * a[i]
            b[j] -= factor * b[i]
    x = np.zeros(3) * b                    # a dualtape value to write the solution into
    for i in (2, 1, 0):
        x[i] = (b[i] - np.sum(a[i, i + 1:] * x[i + 1:])) / a[i, i]
    return np.sum(x * numpy.array([1.0, -2.0, 3.0]))


def test_gaussian_elimination_on_views_is_numpys_and_matches_solve():
    flat = rng.standard_normal(12)
    assert_numpy_semantics(eliminate_and_solve, flat)
    a, b = flat[:9].reshape(3, 3) + 4 * numpy.eye(3), flat[9:]
    assert_close(eliminate_and_solve(flat), numpy.linalg.solve(a, b) @ [1.0, -2.0, 3.0], 1e-13, 0)


# --- particles whose state lives in a dict and in a preallocated trajectory ---------------

def simulate(velocity0):
    state = {"x": np.zeros(3) + 0.0 * velocity0, "v": velocity0 * 1.0}
    x, v = state["x"], state["v"]           # names for the arrays the dict holds
    trajectory = np.zeros((6, 3)) + 0.0 * velocity0
    for step in range(6):
        v -= 0.1 * (x + 0.5 * v * np.abs(v))     # in place: the dict sees it
        x += 0.1 * v
        row = trajectory[step]
        row[:] = state["x"]                 # reads the dict: NumPy's in-place semantics
    return np.sum(trajectory ** 2) + np.sum(state["v"] ** 3)


def test_in_place_updates_reach_every_name_and_container_of_the_array():
    assert_numpy_semantics(simulate, numpy.array([1.0, -0.5, 0.3]))


# --- a MAML-style inner loop with `p -= lr * g` over a list of parameters -----------------

TASK_X = rng.standard_normal((6, 2))
TASK_Y = rng.standard_normal(6)


def adapted_loss(w0):
    params = [w0 * 1.0, w0[:1] * 0.0]                # weights and a bias, dualtape values
    for _ in range(2):
        grads = dt.gradient(lambda p: np.mean((TASK_X @ p[0] + p[1] - TASK_Y) ** 2))(params)
        for p, g in zip(params, grads):
            p -= 0.1 * g                             # updates the list's arrays, as in NumPy
    return np.mean((TASK_X @ params[0] + params[1] - TASK_Y) ** 2)


def adapted_loss_by_hand(w0):
    w, b = w0.copy(), numpy.zeros(1)
    for _ in range(2):
        r = TASK_X @ w + b - TASK_Y
        w, b = w - 0.1 * 2 * TASK_X.T @ r / 6, b - 0.1 * 2 * numpy.mean(r)
    return numpy.mean((TASK_X @ w + b - TASK_Y) ** 2)


def test_an_inner_loop_that_updates_its_parameter_list_in_place_adapts_them():
    # Regression: `p -= 0.1 * g` made p a new value and left the list unchanged, so the
    # "adapted" loss was the unadapted one, with its gradient, and no error.
    w0 = numpy.array([0.4, -0.7])
    assert_close(adapted_loss(w0), adapted_loss_by_hand(w0), 1e-14, 0, "the adapted loss")
    assert_close(dt.gradient(adapted_loss)(w0), central_gradient(adapted_loss_by_hand, w0),
                 1e-6, 1e-8, "second-order MAML gradient: central differences")


# --- the semantics these programs rely on ---------------------------------------------------------------

def test_an_alias_sees_an_in_place_operator():
    # Regression: `z = y; z += 1` left y unchanged (value and gradient differed from NumPy)
    def f(x):
        y = np.zeros(3) + x
        z = y
        z += 1.0
        return np.sum(y * x)             # (x + 1)·x: gradient 2x + 1
    x = numpy.array([0.5, -1.0, 2.0])
    assert_numpy_semantics(f, x)
    assert_close(dt.gradient(f)(x), 2 * x + 1, 1e-15, 0)


def test_an_in_place_operator_keeps_the_dtype_and_refuses_what_numpy_refuses():
    def widen(x):
        y = x * numpy.float32(1.0)
        y += numpy.ones(2)                 # float64 into float32: NumPy keeps float32
        return y
    out = widen(dt.Dual(numpy.ones(2, numpy.float32), numpy.ones(2, numpy.float32)))
    assert out.primal.dtype == numpy.float32
    with pytest.raises(ValueError, match="non-broadcastable output operand"):
        a = dt.Dual(numpy.ones(2), numpy.ones(2)) * 1.0
        a += numpy.ones((3, 2))
    counts = tf.constant(numpy.arange(3))
    with pytest.raises(TypeError, match="same_kind"):
        counts += 0.5                      # NumPy: Cannot cast ufunc 'add' output ... 'same_kind'


def test_scalars_and_variables_are_values_as_in_numpy_and_tensorflow():
    s = dt.Dual(1.0, 1.0)
    alias = s
    alias += 1.0                           # a scalar is a value: s keeps its own
    assert (s.primal, alias.primal) == (1.0, 2.0)
    v = tf.Variable([1.0, 2.0])
    w = v
    w += 1.0                               # TensorFlow: a new tensor; v changes only by assign
    numpy.testing.assert_array_equal(v.numpy(), [1.0, 2.0])
    numpy.testing.assert_array_equal(w.numpy(), [2.0, 3.0])


# --- a trimmed mean and a Gram matrix with NumPy's array methods -----------------------------------------
# Regression: x.sort(), x.fill(v), x.mT, x.conjugate() and x.any() raised AttributeError on
# dualtape values, so NumPy code using them did not run.

def trimmed_statistics(x):
    y = x * 1.0
    y.sort()                                   # in place, as ndarray.sort
    middle = y[1:-1]
    spread = np.reshape(x, (2, 3))
    gram = spread @ spread.mT                  # NumPy 2's matrix transpose
    weights = x * 0.0
    weights.fill(0.5)
    if (y < -10).any():
        raise AssertionError("no entry is that small")
    return np.mean(middle) + np.sum(gram * weights[:4].reshape(2, 2)) + np.sum(x.conjugate() ** 2)


def test_array_methods_that_sort_and_fill_in_place():
    x = numpy.array([0.3, -1.2, 2.5, 0.8, -0.4, 1.1])
    assert_numpy_semantics(trimmed_statistics, x)
