"""A tape's memory comes back the moment the user drops it, by reference counting alone:
no reference cycle joins a tape to its own tensors.  Each test disables the garbage
collector, so memory that only the collector could free shows up as a failure."""
import gc
import tracemalloc
import weakref

import numpy as np
import pytest

import dualtape as tf
import dualtape.numpy as dnp

MB = 2 ** 20
N = 4 * MB // 8                      # a 4 MB float64 Variable


@pytest.fixture
def no_gc():
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _train(steps):
    """TensorFlow's training loop: a new tape per step, gradient, assign_sub."""
    target = np.linspace(-1.0, 1.0, N)
    w = tf.Variable(np.zeros(N))
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = dnp.sum((w - target) ** 2)
        w.assign_sub(0.1 * tape.gradient(loss, w))
    return w.numpy()


def _peak_and_held(program):
    """(peak, still held afterwards) in bytes above what was in use before `program`."""
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        program()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - start, held - start


def test_a_training_loop_does_not_grow_with_the_number_of_steps(no_gc):
    # The closed form of the loop: w_k = target (1 - 0.8^k), since the gradient is 2 (w - target).
    w30 = _train(30)
    np.testing.assert_allclose(w30, np.linspace(-1.0, 1.0, N) * (1.0 - 0.8 ** 30), rtol=1e-12)
    one_step, _ = _peak_and_held(lambda: _train(1))
    thirty_steps, held = _peak_and_held(lambda: _train(30))
    # Each step's records hold four 4 MB arrays; a tape kept alive by a cycle held
    # them all (about +490 MB over 30 steps).  Allow three Variables beyond one step.
    assert thirty_steps < one_step + 3 * 4 * MB, (one_step / MB, thirty_steps / MB)
    assert held < MB, held / MB


def test_nested_tapes_give_all_their_memory_back_after_del(no_gc):
    refs = []

    def second_derivative():
        x = tf.Variable(np.linspace(0.0, 1.0, N))
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                y = dnp.sum(dnp.sin(x))
            dy = inner.gradient(y, x)
        d2y = outer.gradient(dy, x)
        # d^2/dx^2 sum(sin x) = -sin x, elementwise
        np.testing.assert_allclose(d2y.numpy(), -np.sin(np.linspace(0.0, 1.0, N)), rtol=1e-14)
        refs.extend([weakref.ref(outer), weakref.ref(inner)])
        del outer, inner, y, dy, d2y, x

    peak, held = _peak_and_held(second_derivative)
    assert [r() for r in refs] == [None, None]
    assert peak > 4 * MB and held < MB, (peak / MB, held / MB)


def _persistent_tape_with_everything():
    """A tape that watches a constant, reads a Variable before and after assign,
    pauses, asks several gradients and Jacobians, and shows itself."""
    v, c = tf.Variable(np.ones(3)), tf.constant(np.arange(3.0))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(c)
        a = v * c
        v.assign(v * 2.0)
        b = dnp.sin(v) * a
        with tape.stop_recording():
            _ = b * 2.0
        rows = b.reshape(3, 1) * np.ones((1, 2))
    tape.gradient(b, [v, c])
    tape.jacobian(b, [v, c])
    tape.batch_jacobian(rows, a.reshape(3, 1))
    tape.to_dot(b)
    repr(tape)
    return tape


def _tape_with_views_and_writes():
    x = tf.Variable(np.arange(4.0))
    with tf.GradientTape() as tape:
        y = x * 1.0
        part = y[1:3]
        part[0] = 5.0
        grid = y.reshape(2, 2)
        grid[0, 1] = x[0] * 2.0
        loss = dnp.sum(y * y)
    tape.gradient(loss, x)
    return tape


def _tape_reset_and_entered_again():
    x = tf.Variable(np.arange(4.0))
    tape = tf.GradientTape(persistent=True)
    with tape:
        y = dnp.sum(x * x)
    tape.gradient(y, x)
    tape.reset()
    with tape:
        y = dnp.sum(x * x * x)
    tape.gradient(y, x)
    return tape


def _nested_jacobians():
    x = tf.Variable(np.linspace(0.0, 1.0, 4))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = dnp.sin(x) * x
        j = inner.jacobian(y, x)
    outer.jacobian(j, x)
    return inner


def _transform_inside_a_tape():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        g = tf.grad(lambda z: z ** 3)(x)
    tape.gradient(g, x)
    return tape


@pytest.mark.parametrize("program", [_persistent_tape_with_everything, _tape_with_views_and_writes,
                                     _tape_reset_and_entered_again, _nested_jacobians,
                                     _transform_inside_a_tape])
def test_no_reference_cycle_keeps_a_dropped_tape_alive(no_gc, program):
    tape = weakref.ref(program())
    # reference counting alone has freed it; nothing but our weak reference saw it
    assert tape() is None


def test_a_tapes_sources_do_not_point_back_at_the_tape():
    v = tf.Variable(np.ones(2))
    with tf.GradientTape() as tape:
        y = v * v
    assert tape.gradient(y, v) is not None
    # the only objects that refer to the tape are the tensors the user still holds (y)
    # and this frame: none of the tape's own containers
    referrers = [r for r in gc.get_referrers(tape) if r is not globals() and not _is_frame(r)]
    assert all(isinstance(r, tf.Tensor) for r in referrers), [type(r).__name__ for r in referrers]
    assert referrers and all(r is y for r in referrers)


def _is_frame(obj):
    return type(obj).__name__ == "frame"
