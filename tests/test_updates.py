"""Functional index updates (``x.at[i].set(v)``, ``dualtape.numpy.at``) and
``x[i] = v`` on recording tensors and Duals."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp

RNG = np.random.default_rng(11)
INDICES = [1, slice(1, 4), [0, 2, 0, 4], np.array([True, False, True, False, True])]


def numpy_update(x, index, v, op):
    """The reference: NumPy's in-place assignment or unbuffered ufunc.at."""
    y = x.copy()
    if op == "set":
        y[index] = v
    else:
        ufunc = {"add": np.add, "multiply": np.multiply, "min": np.minimum, "max": np.maximum}[op]
        idx = np.flatnonzero(index) if isinstance(index, np.ndarray) and index.dtype == bool else index
        ufunc.at(y, idx, v)
    return y


@pytest.mark.parametrize("op", ["set", "add", "multiply", "min", "max"])
@pytest.mark.parametrize("index", INDICES)
def test_update_values_equal_numpys(op, index):
    x = RNG.standard_normal(5)
    v = RNG.standard_normal(np.shape(np.arange(5)[index]))
    got = getattr(dnp.at(x)[index], op)(v)
    np.testing.assert_allclose(got, numpy_update(x, index, v, op), rtol=0, atol=0)


@pytest.mark.parametrize("op", ["set", "add", "multiply", "min", "max"])
def test_gradients_reach_x_and_v_and_match_finite_differences(op):
    x, v = RNG.standard_normal(5), RNG.standard_normal(4)
    f = lambda x, v: dnp.sin(getattr(dnp.at(x)[[0, 2, 0, 4]], op)(v))
    dt.check_gradients(f, x, v)


def test_repeated_set_gives_the_derivative_to_the_last_write_only():
    g = dt.gradient(lambda v: dnp.sum(dnp.at(np.zeros(3))[[1, 1]].set(v) * 2.0))(np.ones(2))
    np.testing.assert_array_equal(g, [0.0, 2.0])


def test_box_at_property_on_a_matrix_with_broadcast_v():
    x = RNG.standard_normal((3, 4))
    f = lambda x, v: x.at[:, 1:3].add(v) ** 2
    dt.check_gradients(lambda x, v: dnp.at(x)[:, 1:3].add(v) ** 2, x, np.array([0.5, -1.0]))
    with dt.GradientTape() as tape:
        xv = dt.Variable(x)
        y = dnp.sum(f(xv * 1.0, 2.0))
    expected = 2 * (x + np.pad(np.full((3, 2), 2.0), ((0, 0), (1, 1))))
    np.testing.assert_allclose(tape.gradient(y, xv).numpy(), expected, rtol=1e-12)


def test_setitem_inside_a_tape_records_the_update_for_old_and_new_parts():
    w = dt.Variable(np.array([1.0, 2.0, 3.0]))
    with dt.GradientTape() as tape:
        z = w * w
        z[0] = w[1] * 10.0
        loss = dnp.sum(z)
    # loss = 10 w1 + w1² + w2²
    np.testing.assert_allclose(tape.gradient(loss, w).numpy(), [0.0, 14.0, 6.0])


def test_setitem_on_a_dual_and_in_vjp_sources():
    f = lambda x: (lambda y: (y.__setitem__(2, x[0] ** 2), dnp.sum(y * y))[1])(x * 1.0)
    x = np.array([1.5, -2.0, 0.5])
    np.testing.assert_allclose(dt.jacfwd(f)(x), dt.gradient(f)(x), rtol=1e-12)

    def g(x):
        x[0] = 3.0 * x[1]          # rebinding the input box itself
        return dnp.sum(x ** 2)
    # g = 9 x1² + x1² + x2² : the gradient is with respect to the original input
    np.testing.assert_allclose(dt.gradient(g)(x), [0.0, -40.0, 1.0])
    np.testing.assert_allclose(dt.jacfwd(g)(x), [0.0, -40.0, 1.0])


def test_setitem_where_it_cannot_be_recorded_raises_with_the_fix():
    w = dt.Variable(np.ones(2))
    with pytest.raises(TypeError, match=r"assign\(x.at"):
        w[0] = 1.0
    with dt.GradientTape():
        y = w * 2.0
    with pytest.raises(TypeError, match=r"x.at\[index\].set"):
        y[0] = 1.0


def test_hessian_through_an_update():
    # f = x0² + x0⁴ + x2²  (y = [x0, x0², x2])
    f = lambda x: dnp.sum(dnp.at(x)[1].set(x[0] ** 2) ** 2)
    np.testing.assert_allclose(dt.hessian(f)(np.array([1.5, 7.0, 2.0])),
                               np.diag([2 + 12 * 1.5 ** 2, 0.0, 2.0]), rtol=1e-12)
