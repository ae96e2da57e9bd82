"""The backward pass: a flat loop (a 10**6-operation chain works), only records
between sources and target run, memory comes back, tapes are thread-local,
and arrays saved for adjoints cannot change underneath the tape."""
import gc
import threading
import weakref

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE, defprimitive
from dualtape.reverse.tape import Tape
from dualtape.reverse.tensor import Tensor


def test_chain_of_a_million_scalar_operations_differentiates_without_recursion():
    # y = x * c**n, so dy/dx = c**n; about 5 s on the reference machine (record + backward).
    c, n = 1.0000001, 10 ** 6
    x = dt.Variable(0.5)
    with dt.GradientTape() as tape:
        y = x
        for _ in range(n):
            y = y * c
    assert tape.gradient(y, x).numpy() == pytest.approx(c ** n, rel=1e-9)


def test_records_of_scalar_code_are_sealed_in_blocks_the_garbage_collector_stops_tracking():
    tape = Tape()
    x = tape.source(0.5)
    with tape.recording_on():
        y = x
        for _ in range(3000):
            y = dnp.sin(y) * 0.9 + 0.1
    gc.collect()
    gc.collect()      # (a collection untracks a tuple only once it has untracked its items)
    stored = tape.stored()
    assert len(tape.sealed) >= 8 and len(stored) == 9000
    assert [r[5] for r in stored] == list(range(1, 9001))            # in recording order
    assert not any(gc.is_tracked(r) for r in stored)
    assert not any(gc.is_tracked(block) for block in tape.sealed[:-1])
    # d/dx of the 3000-fold map, against the chain rule written out
    want, v = 1.0, 0.5
    for _ in range(3000):
        want *= 0.9 * np.cos(v)
        v = np.sin(v) * 0.9 + 0.1
    assert tape.backward({y._node: 1.0}, [x._node])[0] == pytest.approx(want, rel=1e-12)


@pytest.fixture
def counting_square():
    """A user-registered `x**2` primitive that counts how often its adjoint runs."""
    calls = []
    name = "test_tape_counting_square"
    prim = defprimitive(name, lambda x: x * x,
                        lambda ts, out, x: 2.0 * x * ts[0],
                        lambda g, out, x: (calls.append(1) or 2.0 * x * g,),
                        examples=lambda rng: [((rng.standard_normal(3),), {})])
    try:
        yield (lambda x: bind(prim, x)), calls
    finally:
        del TABLE[name]


def test_only_records_between_the_sources_and_the_target_run_their_adjoint(counting_square):
    sq, calls = counting_square
    x, w = dt.Variable(1.5), dt.Variable(2.0)
    with dt.GradientTape() as tape:
        before = sq(w)               # does not depend on x: not on a path from x
        a = sq(x)                    # on the path
        target = a * 3.0
        after = sq(target)           # recorded after the target: not needed
        unused = sq(sq(x))           # depends on x but not an input of the target
    g = tape.gradient(target, x)
    assert g.numpy() == pytest.approx(3.0 * 2 * 1.5)
    assert len(calls) == 1
    del before, after, unused


def test_gradient_through_one_output_of_a_multiple_results_primitive():
    # d/dA of 2·log|det A| is 2·inv(A)ᵀ; slogdet's unused sign output gets a zero cotangent.
    A = dt.Variable(np.array([[2.0, 1.0], [0.5, 3.0]]))
    with dt.GradientTape() as tape:
        _, logabsdet = dnp.linalg.slogdet(A)
        y = logabsdet * 2.0
    assert list(tape.records[0].out_nodes) == [1, 2]        # one record, two consecutive output nodes
    np.testing.assert_allclose(tape.gradient(y, A).numpy(), 2.0 * np.linalg.inv(A.numpy()).T,
                               rtol=1e-12)


def test_gradient_with_respect_to_an_intermediate_and_its_input_together():
    # y = sin(h), h = x²: dy/dh = cos(h) and dy/dx = cos(h)·2x, at x = 3 (h = 9).
    x = dt.Variable(3.0)
    with dt.GradientTape() as tape:
        h = x * x
        y = dnp.sin(h)
    gx, gh = tape.gradient(y, [x, h])
    assert gx.numpy() == pytest.approx(np.cos(9.0) * 6.0, rel=1e-14)
    assert gh.numpy() == pytest.approx(np.cos(9.0), rel=1e-14)


def test_reset_releases_saved_arrays():
    x = dt.Variable(np.ones(3))
    big = np.full(100_000, 2.0)
    ref = weakref.ref(big)
    with dt.GradientTape() as tape:
        y = (x[0] * big).sum()
    del big, y
    gc.collect()
    assert ref() is None or not any(ref() is p for rec in tape.records for p in rec[3])
    tape.reset()
    gc.collect()
    assert ref() is None


def test_garbage_collecting_a_tape_releases_saved_arrays():
    x = dt.Variable(2.0)
    with dt.GradientTape() as tape:
        y = x * np.full(100_000, 3.0)
    ref = weakref.ref(y.numpy())
    assert ref() is not None
    del tape, y
    gc.collect()
    assert ref() is None


def test_two_threads_with_their_own_tapes_get_their_own_correct_gradients():
    results, errors = {}, []
    barrier = threading.Barrier(2)

    def work(k):
        try:
            v = dt.Variable(float(k + 1))
            with dt.GradientTape() as tape:
                barrier.wait()
                y = v
                for _ in range(2000):
                    y = dnp.sin(y) * 0.5 + v * float(k)      # interleaves with the other thread
                barrier.wait()
            results[k] = (tape.gradient(y, v).numpy(), len(tape.records))
        except Exception as exc:          # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for k in (1, 2):
        expected = dt.gradient(lambda v: _loop(v, k))(float(k + 1))
        assert results[k][0] == pytest.approx(expected, rel=1e-12)
        assert results[k][1] == 2000 * 4            # sin, *, *, + per step: no foreign records


def _loop(v, k):
    y = v
    for _ in range(2000):
        y = dnp.sin(y) * 0.5 + v * float(k)
    return y


def test_a_tape_in_one_thread_does_not_record_operations_of_another_thread():
    x = dt.Variable(3.0)
    with dt.GradientTape() as tape:
        done = []
        t = threading.Thread(target=lambda: done.append(x * x))
        t.start()
        t.join()
    assert len(tape.records) == 0
    assert tape.gradient(done[0], x) is None


def _in_a_thread(work, name):
    """Run `work()` in a thread called `name`; return its result, or the exception it raised."""
    out = {}

    def run():
        try:
            out["result"] = work()
        except Exception as exc:          # handed back to the test
            out["result"] = exc
    t = threading.Thread(target=run, name=name)
    t.start()
    t.join()
    return out["result"]


def test_a_recorded_tensor_used_in_another_thread_raises_naming_both_threads_and_the_fix():
    # z = y·y + v with y = 1.1·v: dz/dv = 2·1.1²·v + 1 = 3.42 at v = 1.  Computed in a second
    # thread, y·y was recorded on the tape but the read of v was not (the tape is not active
    # there), giving 2.42, a silently wrong gradient; now that operation raises instead.
    v = dt.Variable(1.0)
    with dt.GradientTape() as tape:
        y = v * 1.1
        error = _in_a_thread(lambda: y * y + v, "worker")
        assert isinstance(error, RuntimeError)
        message = str(error)
        assert "'worker'" in message and "'MainThread'" in message and "thread-local" in message
        assert "x.numpy()" in message
        z = y * y + v                         # in the tape's own thread: recorded as usual
    assert tape.gradient(z, v).numpy() == pytest.approx(2 * 1.1 ** 2 + 1, rel=1e-15)


def test_a_tensor_of_a_tape_that_stopped_recording_is_a_constant_in_any_thread():
    v = dt.Variable(1.0)
    with dt.GradientTape() as tape:
        y = v * 1.1
    assert float(_in_a_thread(lambda: y * y + v, "worker")) == pytest.approx(1.1 ** 2 + 1)
    assert tape.gradient(y, v).numpy() == pytest.approx(1.1)


def test_a_functional_transform_inside_a_thread_records_there():
    # dt.gradient opens its own tape in the thread that calls it: d(x³)/dx = 3x² = 12 at 2
    assert _in_a_thread(lambda: dt.gradient(lambda x: x ** 3)(2.0), "worker") == 12.0


# --- mutation safety ------------------------------------------------------------------------------

def test_values_recorded_on_the_tape_are_read_only():
    x = dt.Variable(np.array([1.0, 2.0]))
    with dt.GradientTape() as tape:
        h = x * 3.0
        y = (h * h).sum()
    with pytest.raises(ValueError, match="read-only"):
        h.numpy()[0] = 5.0
    with pytest.raises(ValueError, match="read-only"):
        x.numpy()[0] = 5.0
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), 18.0 * np.array([1.0, 2.0]))


def test_mutating_a_numpy_argument_after_recording_raises_at_gradient_time():
    x = dt.Variable(np.array([1.0, 2.0]))
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    with dt.GradientTape() as tape:
        y = (x @ W).sum()
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), W.sum(axis=1))
    W[0, 0] = 10.0
    with pytest.raises(ValueError, match=r"argument 1 of `matmul` .*shape \(2, 2\).*changed in place"):
        tape.gradient(y, x)


def test_mutating_the_memory_behind_a_view_argument_also_raises():
    x = dt.Variable(np.array([1.0, 2.0]))
    base = np.array([1.0, 2.0, 3.0])
    view = np.broadcast_to(base, (2, 3))[0, :2]          # a read-only view of writeable memory
    with dt.GradientTape() as tape:
        y = (view * x * x).sum()
    base[0] = 100.0
    with pytest.raises(ValueError, match="changed in place"):
        tape.gradient(y, x)


def test_arguments_changed_only_before_recording_or_unused_by_the_gradient_do_not_raise():
    x = dt.Variable(np.array([1.0, 2.0]))
    W = np.array([3.0, 4.0])
    with dt.GradientTape() as tape:
        y = (x * W).sum()
        z = (x * 2.0).sum() + (dt.constant(1.0) * np.ones(2)).sum()
    unrelated = np.ones(2)
    with dt.GradientTape() as tape2:
        y2 = (x * unrelated).sum() + (x * 5.0).sum()
    W_copy = W.copy()
    W[:] = [7.0, 8.0]
    np.testing.assert_array_equal(tape.gradient(z, x).numpy(), [2.0, 2.0])   # W's record is not on z's path
    unrelated[:] = unrelated                                                   # same values written back
    np.testing.assert_array_equal(tape2.gradient(y2, x).numpy(), [6.0, 6.0])
    assert W_copy.tolist() == [3.0, 4.0]


def test_an_array_only_added_is_not_copied_and_may_change_after_recording():
    # add's adjoint reads shapes only (its partials are constants), so nothing needs guarding
    x = dt.Variable(np.array([1.0, 2.0]))
    b = np.array([3.0, 4.0])
    with dt.GradientTape() as tape:
        y = ((x + b) * x - b).sum()
    assert tape.guards == {}
    b[:] = -1.0
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), 2 * np.array([1.0, 2.0]) + [3.0, 4.0])


def test_nan_in_a_saved_argument_is_not_mistaken_for_a_change():
    x = dt.Variable(np.array([1.0, 2.0]))
    W = np.array([np.nan, 4.0])
    with dt.GradientTape() as tape:
        y = (x * W)[1]
    g = tape.gradient(y, x).numpy()           # no "changed in place" error; 0 * nan = nan in slot 0
    assert g[1] == 4.0


# --- reset -------------------------------------------------------------------------------------------

def test_after_reset_new_records_give_correct_gradients_and_old_values_are_constants():
    x = dt.Variable(np.array([1.0, 2.0]))
    with dt.GradientTape() as tape:
        a = (x * 100.0).sum()
        tape.reset()
        b = (x * 2.0).sum()
        c = (a * x).sum()           # `a` was forgotten by the reset: it enters as a constant (300)
    np.testing.assert_array_equal(tape.gradient(b, x).numpy(), [2.0, 2.0])
    np.testing.assert_array_equal(tape.gradient(c, x).numpy(), [300.0, 300.0])


def test_gradient_of_a_value_recorded_before_reset_raises_instead_of_a_wrong_answer():
    x = dt.Variable(np.array([1.0, 2.0]))
    with dt.GradientTape() as tape:
        a = (x * 100.0).sum()
        tape.reset()
        (x * 2.0).sum()
    with pytest.raises(ValueError, match=r"recorded before tape.reset\(\)"):
        tape.gradient(a, x)


# --- a backward pass recorded on its own tape -----------------------------------------------------

def test_a_recorded_backward_pass_is_itself_on_the_tape_and_differentiates_again():
    # y = x³ at 3: y' = 3x² = 27, and the recorded y' differentiates to y'' = 6x = 18
    tape = Tape()
    x = tape.source(3.0)
    with tape.recording_on():
        y = x * x * x
        (g,) = tape.backward({y._node: 1.0}, [x._node], recorded=True)
    assert type(g) is Tensor and g._tape is tape and g._value == 27.0
    assert tape.backward({g._node: 1.0}, [x._node]) == [18.0]
    (plain,) = tape.backward({y._node: 1.0}, [x._node])            # not recorded: a number
    assert plain == 27.0
