"""Python sequences as operands of boxes follow NumPy: ``x * [3.0, 4.0]`` is
``x * np.array([3.0, 4.0])``, for every operator, both ways round, on every box.

The expected values are NumPy's own (the same operator on a plain value and the
same list); the expected derivatives are central finite differences of that
NumPy computation.
"""
import operator

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp

OPERATORS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.pow,
             operator.mod, operator.floordiv]
# entries keep x = 2.5 away from the jumps of % and // (no ratio is an integer)
SEQUENCES = [[3.0, 4.0], (3.0, 4.0), [[3.0, 4.0], [6.0, 0.75]]]
X = 2.5


def numpy_reference(op, seq, reflected, h=1e-6):
    """NumPy's value of the operation at X, and its elementwise derivative in X."""
    # a 0-d array, not np.float64: a NumPy scalar times a list is Python's list repetition
    f = (lambda p: op(seq, np.array(p))) if reflected else (lambda p: op(np.array(p), seq))
    return np.asarray(f(X)), (np.asarray(f(X + h)) - np.asarray(f(X - h))) / (2 * h)


def apply(op, box, seq, reflected):
    return op(seq, box) if reflected else op(box, seq)


CASES = [(op, seq, reflected) for op in OPERATORS for seq in SEQUENCES for reflected in (False, True)]
IDS = [f"{'r' if r else ''}{op.__name__}-{type(s).__name__}{np.ndim(s)}" for op, s, r in CASES]


@pytest.mark.parametrize("op, seq, reflected", CASES, ids=IDS)
def test_a_sequence_operand_in_forward_mode_on_every_forward_box(op, seq, reflected):
    value, derivative = numpy_reference(op, seq, reflected)
    got_value, got_tangent = dt.jvp(lambda x: apply(op, x, seq, reflected), (X,), (1.0,))
    hyper = apply(op, dt.HyperDual(X, 1.0, 0.0, 0.0), seq, reflected)
    jet = apply(op, dt.Jet(X, [1.0]), seq, reflected)
    for v, d in [(got_value, got_tangent), (hyper.primal, hyper.e1), (jet.primal, jet.series[0])]:
        assert np.shape(v) == value.shape
        np.testing.assert_allclose(v, value, rtol=1e-15)
        np.testing.assert_allclose(d, derivative, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("op, seq, reflected", CASES, ids=IDS)
def test_a_sequence_operand_in_reverse_mode_and_on_a_tape(op, seq, reflected):
    value, derivative = numpy_reference(op, seq, reflected)
    grad = dt.gradient(lambda x: dnp.sum(apply(op, x, seq, reflected)))(X)
    np.testing.assert_allclose(grad, derivative.sum(), rtol=1e-7, atol=1e-9)
    w = dt.Variable(X)
    with dt.GradientTape() as tape:
        y = apply(op, w, seq, reflected)
    np.testing.assert_allclose(y.numpy(), value, rtol=1e-15)
    g = tape.gradient(y, w)
    if op is operator.floordiv:
        assert g is None           # piecewise constant: unconnected, as tf.floor's gradient is
    else:
        np.testing.assert_allclose(g.numpy(), derivative.sum(), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(apply(op, dt.constant(X), seq, reflected).numpy(), value, rtol=1e-15)


@pytest.mark.parametrize("reflected", [False, True])
def test_matmul_with_a_nested_list(reflected):
    m = [[3.0, 4.0], [6.0, 0.75]]
    x = np.array([2.5, -1.0])
    f = (lambda x: dnp.sum(m @ x)) if reflected else (lambda x: dnp.sum(x @ m))
    # sum(x @ m) = x · (row sums of m) = x · [7, 6.75]; sum(m @ x) = x · (column sums) = x · [9, 4.75]
    expected = np.asarray(m).sum(axis=1 if not reflected else 0)
    np.testing.assert_allclose(dt.gradient(f)(x), expected, rtol=1e-15)
    np.testing.assert_allclose(dt.jacfwd(f)(x), expected, rtol=1e-15)
    np.testing.assert_allclose(f(x), np.sum((np.asarray(m) @ x) if reflected else (x @ np.asarray(m))))


def test_an_array_box_with_a_list_broadcasts_as_numpy_does():
    x = np.array([[1.0], [2.0]])
    value, tangent = dt.jvp(lambda x: x * [3.0, 4.0], (x,), (np.ones((2, 1)),))
    np.testing.assert_array_equal(value, x * [3.0, 4.0])            # NumPy: shape (2, 2)
    np.testing.assert_array_equal(tangent, [[3.0, 4.0], [3.0, 4.0]])


def test_a_list_holding_boxes_is_stacked_with_its_derivatives():
    # x * [x, 2] = [x², 2x]: d/dx = [2x, 2] = [5, 2] at 2.5
    _, tangent = dt.jvp(lambda x: x * [x, 2.0], (X,), (1.0,))
    np.testing.assert_allclose(tangent, [5.0, 2.0])
    np.testing.assert_allclose(dt.gradient(lambda x: dnp.sum([x, 2.0] * x))(X), 7.0)


def test_a_list_changed_after_recording_does_not_change_the_gradient():
    # d/dw sum(w * c) = c, the list's entries when the product was computed: [1, 2]
    c = [1.0, 2.0]
    w = dt.Variable(np.array([5.0, 6.0]))
    with dt.GradientTape() as tape:
        loss = dnp.sum(w * c)
    c[0] = 100.0
    np.testing.assert_array_equal(tape.gradient(loss, w).numpy(), [1.0, 2.0])

    c = [1.0, 2.0]
    _, pullback = dt.vjp(lambda x: c * x, np.array([5.0, 6.0]))
    c[0] = 100.0
    np.testing.assert_array_equal(pullback(np.ones(2))[0], [1.0, 2.0])


def test_floor_division_gives_numpys_value_exactly():
    # 1.0 // 0.1 is 9.0 in NumPy (0.1 is a little above 1/10); floor(1.0 / 0.1) would be 10
    for a, b in [(1.0, 0.1), (-7.0, 2.0), (0.3, 0.1)]:
        expected = np.floor_divide(a, b)
        assert dt.jvp(lambda x: x // b, (a,), (1.0,)) == (expected, 0.0)
        assert dt.jvp(lambda y: a // y, (b,), (1.0,)) == (expected, 0.0)
    np.testing.assert_array_equal(np.floor_divide(np.array([1.0, 3.0]), dt.Dual(np.array([0.1, 2.0]))).primal,
                                  [9.0, 1.0])


def write_a_list(x):
    y = x * 1.0
    y[1:3] = [x[0] * x[3], 5.0]          # a list holding a box, as NumPy would store it
    return (y * y).sum() + dnp.at(y)[:2].set([2.0, x[0]]).sum()


def test_a_list_written_into_a_box_is_stored_as_numpy_stores_it():
    # y = [x0, x0 x3, 5, x3]: 1 + 16 + 25 + 16 = 58, plus [2, x0, 5, x3].sum() = 12;
    # d/dx0 = 2 x0 + 2 x0 x3² + 1 = 35, d/dx3 = 2 x0² x3 + 2 x3 + 1 = 17
    x = np.array([1.0, 2.0, 3.0, 4.0])
    assert write_a_list(x.copy()) == 70.0
    expected = [35.0, 0.0, 0.0, 17.0]
    np.testing.assert_allclose(dt.gradient(write_a_list)(x), expected, rtol=1e-15)
    np.testing.assert_allclose(dt.jacfwd(write_a_list)(x), expected, rtol=1e-15)
    w = dt.Variable(x)
    with dt.GradientTape() as tape:
        loss = write_a_list(w)
    np.testing.assert_allclose(tape.gradient(loss, w).numpy(), expected, rtol=1e-15)
