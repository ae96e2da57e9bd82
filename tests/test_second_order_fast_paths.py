"""Fast paths on the way of a Hessian, each pinned to the generic path it skips:
cotangents summed in place when nothing else sees them, the batched scatter of a
basic index written with its batch in front (not moved to the end and back), and
a product with a finite non-zero float spared its NaN check."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
import dualtape.reverse.backward as backward
import dualtape.rules.indexing as indexing
from dualtape.reverse.tape import Tape
from dualtape.rules.elementwise_entry import zero_safe_product


# --- cotangents summed in place --------------------------------------------------------

def rosenbrock(x):
    return dnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def shared(x):
    p, q = dnp.sin(x), dnp.cos(x)
    s = p + q                       # gives its cotangent to p and to q: one array, two nodes
    return dnp.sum((s * 1.5 + p) * q + x * x)


@pytest.mark.parametrize("f", [rosenbrock, shared])
@pytest.mark.parametrize("mode", ["reverse-over-reverse", "forward-over-reverse"])
def test_summing_cotangents_in_place_equals_summing_into_new_arrays(f, mode, monkeypatch):
    x = np.linspace(-1.2, 1.3, 7)
    fast = (dt.hessian(f, mode=mode)(x), dt.jacobian(dt.gradient(f), mode="reverse")(x))
    monkeypatch.setattr(backward, "sole_array_like", lambda previous, ct: False)
    slow = (dt.hessian(f, mode=mode)(x), dt.jacobian(dt.gradient(f), mode="reverse")(x))
    for a, b in zip(fast, slow):
        np.testing.assert_array_equal(a, b)


def test_a_seed_the_caller_holds_is_never_summed_into():
    tape = Tape()
    x = tape.source(np.arange(3.0))
    with tape.recording_on():
        y = x * 2.0
        z = y + y                   # y's cotangent: the seed, then the seed again
    seed = np.array([1.0, -2.0, 0.5])
    kept = seed.copy()
    (gx,) = tape.backward({z._node: seed}, [x._node])
    np.testing.assert_array_equal(seed, kept)
    np.testing.assert_array_equal(gx, 4.0 * kept)


def test_a_cotangent_only_the_pass_holds_is_summed_in_place_and_a_held_one_is_not():
    cotangents = {0: np.zeros(3)}
    before = id(cotangents[0])
    backward._add(cotangents, 0, np.ones(3), np.zeros(3), backward.EVERY_NODE)
    assert id(cotangents[0]) == before                      # this Python's count is known
    np.testing.assert_array_equal(cotangents[0], np.ones(3))
    held = np.zeros(3)
    cotangents = {0: held}
    backward._add(cotangents, 0, np.ones(3), np.zeros(3), backward.EVERY_NODE)
    np.testing.assert_array_equal(held, np.zeros(3))
    np.testing.assert_array_equal(cotangents[0], np.ones(3))


def test_sole_array_like_refuses_views_read_only_arrays_and_other_dtypes():
    base = np.ones((2, 3))
    cotangents = {0: base[0], 1: np.ones(3), 2: np.ones(3, dtype=np.float32)}
    cotangents[1].flags.writeable = False
    del base
    for node in (0, 1, 2):
        previous = cotangents[node]
        assert not backward.sole_array_like(previous, np.ones(3))


# --- the batched scatter of a basic index -----------------------------------------------

BASIC = [(slice(1, None),), (0,), (slice(None, None, -2), None), (1, slice(0, 2)),
         (slice(None), 2)]


@pytest.mark.parametrize("index", BASIC)
@pytest.mark.parametrize("batch", [(4,), (2, 3)])
def test_batched_getitem_and_scatter_of_a_basic_index_equal_the_moved_axes_path(
        index, batch, monkeypatch):
    rng = np.random.default_rng(len(batch))
    shape = (4, 3)
    x = rng.standard_normal(batch + shape)
    d = len(batch)
    taken = indexing._getitem_impl(x, index, directions=d)
    g = rng.standard_normal(taken.shape)
    g[..., :1] = -0.0                              # 0 + (-0) is +0 on either path
    scattered = indexing._scatter_impl(g, index, shape, directions=d)
    monkeypatch.setattr(indexing, "is_basic", lambda index: False)
    np.testing.assert_array_equal(taken, indexing._getitem_impl(x, index, directions=d))
    generic = indexing._scatter_impl(g, index, shape, directions=d)
    np.testing.assert_array_equal(scattered, generic)
    np.testing.assert_array_equal(np.signbit(scattered), np.signbit(generic))
    # and each batch element alone: NumPy's own indexing
    for k in np.ndindex(*batch):
        np.testing.assert_array_equal(taken[k], x[k][index])
        alone = np.zeros(shape)
        alone[index] += g[k]
        np.testing.assert_array_equal(scattered[k], alone)


# --- zero_safe_product with a Python float factor ---------------------------------------

@pytest.mark.parametrize("factor", [2.5, -1e-300, 0.0, np.inf, np.nan])
def test_zero_safe_product_with_a_float_factor_equals_the_full_check(factor):
    rng = np.random.default_rng(5)
    big = rng.standard_normal((6, 4))
    big[0, 0], big[1, 1], big[2, 2] = 0.0, np.inf, np.nan
    with np.errstate(all="ignore"):
        fast = zero_safe_product(big, factor)
        full = zero_safe_product(big, np.full(big.shape, factor))
        reference = np.where(np.isnan(big * factor) & ((big == 0) | (factor == 0)), 0.0,
                             big * factor)
    np.testing.assert_array_equal(fast, full)
    np.testing.assert_array_equal(fast, reference)


# --- a partial of exact ones beside a batch ----------------------------------------------

def squares(x):
    # x**2's partial is 2·x**1, whose own partial x**0 is all ones
    return dnp.sum(x[1:] ** 2 * 3.0 + x[:-1] ** 2.0) + dnp.sum(x ** 1.0)


@pytest.mark.parametrize("f", [squares, rosenbrock])
@pytest.mark.parametrize("mode", ["reverse-over-reverse", "forward-over-reverse"])
def test_a_batch_times_a_partial_of_ones_equals_the_product(f, mode, monkeypatch):
    import dualtape.rules.elementwise_entry as entry
    x = np.array([-1.5, -0.0, 0.0, 0.5, 2.0, np.inf, np.nan])
    with np.errstate(all="ignore"):
        fast = dt.hessian(f, mode=mode)(x)
        monkeypatch.setattr(entry, "_small_ones_beside", lambda d, t: False)
        slow = dt.hessian(f, mode=mode)(x)
    np.testing.assert_array_equal(fast, slow)
    np.testing.assert_array_equal(np.signbit(fast), np.signbit(slow))


def test_a_partial_of_ones_is_recognized_only_when_exact_and_small_beside_the_batch():
    from dualtape.rules.elementwise_entry import _small_ones_beside
    batch = np.zeros((5, 4))
    assert _small_ones_beside(np.ones(4), batch)
    assert not _small_ones_beside(np.array([1.0, 1.0, 1.0, 1.0 + 2 ** -52]), batch)
    assert not _small_ones_beside(np.array([1.0 + 2 ** -52, 1.0, 1.0, 1.0]), batch)  # first entry
    assert not _small_ones_beside(np.array([np.nan, 1.0, 1.0, 1.0]), batch)
    assert _small_ones_beside(np.ones((0, 4)), np.zeros((5, 0, 4)))        # no entry: t·d is t
    assert not _small_ones_beside(np.ones(4, dtype=np.float32), batch)     # t·d would widen
    assert not _small_ones_beside(np.ones((5, 1)), batch)                  # not t's trailing shape
    assert not _small_ones_beside(np.ones(4), np.zeros((2, 4)))            # no batch to spare


# --- x**2's partial 2·x**1 taken as 2·x --------------------------------------------------

SPECIAL = np.array([-2.5, -0.0, 0.0, 5e-324, 1e308, -np.inf, np.inf, np.nan, 0.3])
NARROW = np.array([-2.5, -0.0, 0.0, 6e-8, 6e4, -np.inf, np.inf, np.nan, 0.3])


@pytest.mark.parametrize("x", [SPECIAL, NARROW.astype(np.float32), NARROW.astype(np.float16),
                               -0.0, 0.0, 5e-324, 2.5, -np.inf, np.nan])
@pytest.mark.parametrize("y, k", [(2, 1), (2.0, 1), (3.0, 2), (3, 2)])
def test_a_falling_power_of_exponent_one_equals_the_power_it_skips(x, y, k, monkeypatch):
    import dualtape.rules.elementwise as elementwise
    with np.errstate(all="ignore"):
        fast = elementwise._falling_power(x, y, k)
        monkeypatch.setattr(elementwise, "_real_float", lambda r: False)
        slow = elementwise._falling_power(x, y, k)
    assert type(fast) is type(slow)
    assert np.result_type(fast) == np.result_type(slow)
    np.testing.assert_array_equal(fast, slow)
    np.testing.assert_array_equal(np.signbit(fast), np.signbit(slow))


def cubes_and_squares(x):
    return dnp.sum(x ** 2 * 1.5 + dnp.sin(x) * x ** 3 + x ** 2.0)


@pytest.mark.parametrize("mode", ["reverse-over-reverse", "forward-over-reverse", "hyperdual"])
def test_derivatives_through_the_exponent_one_shortcut_equal_the_generic_power(mode, monkeypatch):
    import dualtape.rules.elementwise as elementwise
    x = np.array([-1.5, -0.0, 0.0, 0.5, 2.0, np.inf, np.nan])
    with np.errstate(all="ignore"):
        fast = (dt.hessian(cubes_and_squares, mode=mode)(x),
                dt.jacrev(lambda v: v ** 2 + dnp.tanh(v))(x), dt.gradient(cubes_and_squares)(x))
        monkeypatch.setattr(elementwise, "_real_float", lambda r: False)
        slow = (dt.hessian(cubes_and_squares, mode=mode)(x),
                dt.jacrev(lambda v: v ** 2 + dnp.tanh(v))(x), dt.gradient(cubes_and_squares)(x))
    for a, b in zip(fast, slow):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(np.signbit(a), np.signbit(b))


# --- an elementwise adjoint whose product already has the input's shape ------------------

@pytest.mark.parametrize("x_shape, y_shape, batch", [
    ((3, 4), (3, 4), ()), ((3, 4), (3, 4), (5,)), ((3, 4), (4,), (5,)), ((1, 4), (3, 4), (2, 5)),
    ((4,), (), (5,)), ((3, 1), (1, 4), ())])
def test_elementwise_adjoint_with_and_without_its_shape_shortcut_equals_numpy(x_shape, y_shape,
                                                                              batch):
    from dualtape.core.primitive import TABLE
    rng = np.random.default_rng(11)
    x, y = rng.standard_normal(x_shape), rng.standard_normal(y_shape)
    out = x * y
    g = rng.standard_normal(batch + out.shape)
    gx, gy = TABLE["multiply"].vjp(g, out, (x, y), {}, (True, True))
    # undo broadcasting by hand: sum g·∂ over the axes each input was broadcast along
    ref_x = (g * np.broadcast_to(y, out.shape)).reshape(batch + out.shape)
    ref_y = (g * np.broadcast_to(x, out.shape)).reshape(batch + out.shape)
    for ref, shape, got in ((ref_x, x_shape, gx), (ref_y, y_shape, gy)):
        lead = len(out.shape) - len(shape)
        axes = tuple(len(batch) + k for k in range(lead)) + tuple(
            len(batch) + lead + k for k, n in enumerate(shape) if n == 1 and out.shape[lead + k] != 1)
        want = ref.sum(axis=axes).reshape(batch + shape) if axes else ref
        assert np.shape(got) == batch + shape
        np.testing.assert_array_equal(got, want)
