"""NumPy's view semantics on boxes: a slice, reshape or transpose of a box is a
view of it, so a write through one shows in the other (and in the derivative).

Every program below is written once and run four ways: on plain NumPy arrays
(the reference value, and central finite differences of it for the gradient),
by ``dt.value_and_grad`` (reverse), by ``dt.jvp`` along each unit direction
(forward) and inside a ``dt.GradientTape`` on a ``dt.Variable``.  The closed
form is written beside each expected number.
"""
import weakref

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.composed.views import ALIASES
from conftest import numeric_jacobian


def every_mode(f, x):
    """(value, gradient) of scalar f at x from reverse mode, forward mode and a tape."""
    results = {"reverse": dt.value_and_grad(f)(x)}
    value, grad = None, np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = 1.0
        value, grad[i] = dt.jvp(f, (x,), (e,))
    results["forward"] = (value, grad)
    w = dt.Variable(x)
    with dt.GradientTape() as tape:
        loss = f(w)
    results["tape"] = (loss.numpy(), tape.gradient(loss, w).numpy())
    return results


def check_against_numpy(f, x, value, grad):
    """f agrees with NumPy's own value (and finite differences) in every mode."""
    np.testing.assert_allclose(f(x.copy()), value, rtol=1e-12)
    np.testing.assert_allclose(numeric_jacobian(f, x), grad, rtol=1e-6, atol=1e-6)
    for mode, (v, g) in every_mode(f, x).items():
        np.testing.assert_allclose(v, value, rtol=1e-12, err_msg=mode)
        np.testing.assert_allclose(g, grad, rtol=1e-12, atol=1e-12, err_msg=mode)


X4 = np.array([1.0, 2.0, 3.0, 4.0])
M23 = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


# --- writes into a view reach the array it views ---------------------------------------

def write_into_a_slice(x):
    y = x * 1.0
    v = y[1:3]
    v[0] = 5.0
    return (y * y).sum()


def test_a_write_into_a_slice_changes_the_array_it_views():
    # y = [x0, 5, x2, x3]: 1 + 25 + 9 + 16 = 51; the gradient skips the overwritten x1
    check_against_numpy(write_into_a_slice, X4, 51.0, [2.0, 0.0, 6.0, 8.0])


def write_into_a_reshape(x):
    y = x * 1.0
    y.reshape(2, 2)[0, 1] = 3.0 * y[0]
    return (y * y).sum()


def test_a_write_into_a_reshape_changes_the_array_it_views():
    # y = [x0, 3 x0, x2, x3]: 1 + 9 + 9 + 16 = 35; d/dx0 = 2 x0 + 18 x0 = 20
    check_against_numpy(write_into_a_reshape, X4, 35.0, [20.0, 0.0, 6.0, 8.0])


def write_into_a_transpose(x):
    a = x * 1.0
    a.T[0] = 10.0                    # column 0 of a
    return (a * a).sum()


def test_a_write_into_a_transpose_changes_a_column():
    # a = [[10, 2, 3], [10, 5, 6]]: 100 + 4 + 9 + 100 + 25 + 36 = 274
    check_against_numpy(write_into_a_transpose, M23, 274.0, [[0.0, 4.0, 6.0], [0.0, 10.0, 12.0]])


def scale_a_row_in_place(x):
    a = x * 1.0
    row = a[1]
    row *= 2.0
    return (a * a).sum()


def test_an_in_place_operator_on_a_row_changes_the_matrix():
    # a = [x0, 2 x1]: 1 + 4 + 9 + 64 + 100 + 144 = 322; row 1's gradient is 8 x1
    check_against_numpy(scale_a_row_in_place, M23, 322.0, [[2.0, 4.0, 6.0], [32.0, 40.0, 48.0]])


def write_into_a_view_of_a_view(x):
    y = x * 1.0
    y.reshape(2, 2).T[1] = y[3] ** 2      # the second column of the 2x2 matrix: y[1], y[3]
    return (y * y).sum()


def test_a_write_through_a_view_of_a_view_reaches_the_first_array():
    # y = [x0, x3², x2, x3²]: 1 + 256 + 9 + 256 = 522; d/dx3 = 2·(4 x3³) = 512
    check_against_numpy(write_into_a_view_of_a_view, X4, 522.0, [2.0, 0.0, 6.0, 512.0])


def write_through_numpy_reshape(x):
    y = x * 1.0
    np.reshape(y, (2, 2))[1] = 0.5 * y[:2]
    return (y * y).sum()


def test_numpy_reshape_of_a_box_is_a_view_too():
    # y = [x0, x1, x0/2, x1/2]: 1 + 4 + 0.25 + 1 = 6.25; d/dx0 = 2 x0 + x0/2 = 2.5
    check_against_numpy(write_through_numpy_reshape, X4, 6.25, [2.5, 5.0, 0.0, 0.0])


def test_writes_through_views_on_every_kind_of_box():
    # write_into_a_slice along the direction e0 + e1: the value is 51 (NumPy's) and the
    # derivative is the gradient [2, 0, 6, 8] times the direction, 2
    direction = np.array([1.0, 1.0, 0.0, 0.0])
    for box, value, derivative in [
            (dt.Dual(X4, direction), lambda b: b.primal, lambda b: b.tangent),
            (dt.HyperDual(X4, direction, np.zeros(4)), lambda b: b.primal, lambda b: b.e1),
            (dt.Jet(X4, [direction]), lambda b: b.primal, lambda b: b.series[0]),
            (dt.constant(X4), lambda b: b.numpy(), None)]:
        out = write_into_a_slice(box)
        assert value(out) == write_into_a_slice(X4.copy()) == 51.0
        if derivative is not None:
            assert derivative(out) == 2.0


# --- a write into the array shows in the views taken before it -----------------------------

def write_into_the_array_then_read_the_view(x):
    y = x * 1.0
    v = y[1:3]
    y[1] = 5.0
    return (v * v).sum()


def test_a_view_taken_before_a_write_sees_it():
    # v = [5, x2]: 25 + 9 = 34
    check_against_numpy(write_into_the_array_then_read_the_view, X4, 34.0, [0.0, 0.0, 6.0, 0.0])


def write_into_one_view_read_another(x):
    y = x * 1.0
    a, b = y[0:2], y[1:3]
    a[1] = -x[3]
    return (b * b).sum()


def test_overlapping_views_see_each_others_writes():
    # b = [-x3, x2]: 16 + 9 = 25
    check_against_numpy(write_into_one_view_read_another, X4, 25.0, [0.0, 0.0, 6.0, 8.0])


def scale_the_array_in_place_then_read_a_view(x):
    y = x * 1.0
    v = y[0:2]
    y *= 2.0
    return (v * v).sum()


def test_an_in_place_operator_on_the_array_shows_in_its_views():
    # v = [2 x0, 2 x1]: 4 + 16 = 20
    check_against_numpy(scale_the_array_in_place_then_read_a_view, X4, 20.0, [8.0, 16.0, 0.0, 0.0])


def normalise_rows(x):
    a = x * 1.0
    for i in range(a.shape[0]):
        row = a[i]
        a[i] = row / row.sum()
        row[0] = row[0] * 3.0            # row is a[i]: this writes the normalised row again
    return (a * a).sum()


def test_a_row_loop_that_writes_through_both_spellings():
    # row [a, b, c] becomes [3a, b, c] / s with s = a + b + c, so its part of the value is
    # Q / s² with Q = 9a² + b² + c², and d/da = 18a / s² - 2Q / s³, d/db = 2b / s² - 2Q / s³, ...
    a, b, c = M23.T
    s, q = a + b + c, 9 * a ** 2 + b ** 2 + c ** 2
    value = np.sum(q / s ** 2)                      # 22/36 + 205/225
    grad = np.stack([18 * a / s ** 2, 2 * b / s ** 2, 2 * c / s ** 2], axis=1) - (2 * q / s ** 3)[:, None]
    check_against_numpy(normalise_rows, M23, value, grad)


def gaussian_elimination_step(x):
    a = x * 1.0
    a[1] -= 2.0 * a[0]
    a[:, 1] *= 0.5
    return (a * a).sum()


def test_augmented_assignment_to_an_index_keeps_working():
    # a = [[x00, x01/2], [x10 - 2 x00, (x11 - 2 x01)/2]] at [[1, 2], [3, 4]]: 1 + 1 + 1 + 0 = 3;
    # d/dx00 = 2 x00 - 4 (x10 - 2 x00) = -2, d/dx01 = x01/2 - (x11 - 2 x01) = 1,
    # d/dx10 = 2 (x10 - 2 x00) = 2, d/dx11 = (x11 - 2 x01)/2 = 0
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    check_against_numpy(gaussian_elimination_step, x, 3.0, [[-2.0, 1.0], [2.0, 0.0]])


def test_augmented_assignment_to_an_index_records_the_update_once():
    # `a[1] *= 2` writes a[1] through the view and refreshes the view (one gather); Python
    # then stores the view back into a[1], which is the identity and records nothing.
    w = dt.Variable(np.ones((2, 2)))
    with dt.GradientTape() as tape:
        a = w * 1.0
        start = len(tape.records)
        a[1] = a[1] * 2.0
        direct = len(tape.records) - start
        b = w * 1.0
        start = len(tape.records)
        b[1] *= 2.0
        in_place = len(tape.records) - start
    assert in_place == direct + 1
    np.testing.assert_array_equal(b.numpy(), a.numpy())


# --- copies stay copies -------------------------------------------------------------------

def write_into_copies(x):
    y = x * 1.0
    y[1:3].copy()[0] = 100.0             # .copy() is a new array
    y[[0, 1]][0] = 100.0                 # advanced indexing copies
    y.reshape(2, 2).T.reshape(-1)[0] = 100.0   # a transpose cannot be flattened in place
    y.astype(y.dtype)[0] = 100.0         # astype copies by default
    (+y)[0] = 100.0                      # unary plus makes a new array
    y.flatten()[0] = 100.0               # flatten always copies
    return (y * y).sum()


def test_writes_into_copies_leave_the_array_alone():
    # y is unchanged: 1 + 4 + 9 + 16 = 30
    check_against_numpy(write_into_copies, X4, 30.0, [2.0, 4.0, 6.0, 8.0])


def test_a_read_only_view_refuses_writes_as_numpy_does():
    for build in (np.zeros, lambda s: dt.Dual(np.zeros(s), np.ones(s))):
        a = build((2, 2)) * 1.0
        with pytest.raises(ValueError, match="read-only"):
            a.diagonal()[0] = 1.0
        with pytest.raises(ValueError, match="read-only"):
            np.broadcast_to(a[0], (3, 2))[0, 0] = 1.0


def test_a_slice_of_a_variable_is_a_new_tensor_as_in_tensorflow():
    w = dt.Variable(np.array([1.0, 2.0, 3.0]))
    with dt.GradientTape() as tape:
        v = w[0:2]
        v[0] = 10.0 * w[2]
        loss = (v * v).sum()
    # loss = (10 w2)² + w1²; w itself is not written (a Variable changes only through assign)
    np.testing.assert_allclose(tape.gradient(loss, w).numpy(), [0.0, 4.0, 600.0])
    np.testing.assert_array_equal(w.numpy(), [1.0, 2.0, 3.0])


def test_a_write_into_a_view_of_a_variable_read_outside_a_tape_leaves_it_alone():
    w = dt.Variable(np.array([1.0, 2.0]))
    v = w[0:1]
    v[0] = 5.0
    np.testing.assert_array_equal(w.numpy(), [1.0, 2.0])
    assert float(v[0]) == 5.0


def test_a_write_through_a_view_of_a_variable_under_a_tape_never_assigns_it():
    w = dt.Variable(np.ones(3))
    with dt.GradientTape():
        w.reshape(3, 1)[0, 0] = 2.0
    np.testing.assert_array_equal(w.numpy(), np.ones(3))


def test_slices_of_a_tensor_read_after_its_tape_are_new_constants():
    # as before (and as TensorFlow's slices): the tape has stopped recording, so a slice is a
    # plain constant, and an in-place operator on it makes a new value
    w = dt.Variable(np.array([1.0, 2.0]))
    with dt.GradientTape():
        y = w * 3.0
    first = y[0:1]
    first *= 2.0
    np.testing.assert_array_equal(first.numpy(), [6.0])
    np.testing.assert_array_equal(y.numpy(), [3.0, 6.0])


def test_a_constant_outside_any_tape_is_a_numpy_value_with_views_and_in_place_writes():
    # the README's Views and In-place paragraphs: NumPy's semantics for a constant no recording
    # tape watches; the values are NumPy's for the same lines on an array
    for c in (dt.constant([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])):
        v = c[1:]
        v[0] = 5.0                       # a view: writes into c
        c2 = c
        c2 += 1.0                        # in place: c2 is c
        assert c2 is c
        np.testing.assert_array_equal(dt.stop_gradient(c), [2.0, 6.0, 4.0])
        np.testing.assert_array_equal(dt.stop_gradient(v), [6.0, 4.0])


def test_a_constant_a_tape_watches_is_its_source_as_a_variable_is():
    # inside the tape: TensorFlow's semantics, a slice is a new tensor and `+=` rebinds the name
    c = dt.constant([1.0, 2.0, 3.0])
    with dt.GradientTape() as tape:
        tape.watch(c)
        v = c[1:]
        v[0] = 5.0                       # writes into the new tensor v only
        c2 = c
        c2 += 1.0                        # c2 becomes c + 1; c stays
        loss = (c2 * c2).sum() + (v * v).sum()
        with pytest.raises(TypeError, match="constant .*source of the recording tape"):
            c[0] = 9.0
    assert c2 is not c
    np.testing.assert_array_equal(c.numpy(), [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(v.numpy(), [5.0, 3.0])
    # d/dc [Σ (c + 1)² + 5² + c₂²] = 2 (c + 1) + [0, 0, 2 c₂]
    np.testing.assert_allclose(tape.gradient(loss, c).numpy(), [4.0, 6.0, 14.0])
    # and after the tape, NumPy's semantics again
    c3 = c
    c3 += 1.0
    assert c3 is c
    np.testing.assert_array_equal(c.numpy(), [2.0, 3.0, 4.0])


def test_a_constant_no_recording_tape_watches_keeps_numpy_semantics_inside_a_tape():
    c = dt.constant([1.0, 2.0, 3.0])
    with dt.GradientTape():
        v = c[1:]
        v[0] = 5.0
    np.testing.assert_array_equal(c.numpy(), [1.0, 5.0, 3.0])


def test_a_view_and_its_array_are_freed_when_dropped():
    # a view holds its array; the array holds its views weakly, so both go when dropped
    y = dt.Dual(np.arange(4.0), np.ones(4)) * 1.0
    v = y[1:3]
    ref_y, ref_v = weakref.ref(y), weakref.ref(v)
    keys = {id(y), id(v)}
    assert keys <= set(ALIASES)
    del y, v
    assert ref_y() is None and ref_v() is None
    assert not keys & set(ALIASES)           # and the bookkeeping forgets them


# --- x.copy() on every box -------------------------------------------------------------------

def boxes():
    """A box of every kind holding [1, 2], with its derivative part."""
    x = np.array([1.0, 2.0])
    yield "Dual", dt.Dual(x, np.array([3.0, 4.0])), lambda b: b.tangent
    yield "HyperDual", dt.HyperDual(x, np.array([3.0, 4.0]), np.ones(2)), lambda b: b.e1
    yield "Jet", dt.Jet(x, [np.array([3.0, 4.0])]), lambda b: b.series[0]
    yield "constant", dt.constant(x), lambda b: None


@pytest.mark.parametrize("kind, box, part", list(boxes()), ids=[b[0] for b in boxes()])
def test_copy_is_an_independent_box_with_the_same_derivative(kind, box, part):
    c = box.copy()
    assert c is not box and type(c) is type(box)
    np.testing.assert_array_equal(dt.stop_gradient(c), [1.0, 2.0])
    if part(box) is not None:
        np.testing.assert_array_equal(part(c), part(box))
    c[0] = 9.0
    np.testing.assert_array_equal(dt.stop_gradient(box), [1.0, 2.0])
    assert type(np.copy(box)) is type(box)


def test_copy_of_a_recorded_tensor_carries_its_gradient():
    w = dt.Variable(np.array([1.0, 2.0]))
    with dt.GradientTape() as tape:
        y = w * w
        c = y.copy()
        c[0] = 0.0
        loss = (y + c).sum()
    # loss = w0² + 2 w1²
    np.testing.assert_allclose(tape.gradient(loss, w).numpy(), [2.0, 8.0])
    np.testing.assert_allclose(dt.gradient(lambda x: dnp.sum(x.copy() ** 3))(np.array([1.0, 2.0])),
                               [3.0, 12.0])
