"""deflinear: a linear entry registered from its adjoint alone gets a tangent rule
that applies the entry to the tangents, carries batches of directions, fills in
zero tangents, and passes every audit check; the audit catches a missing batch rule."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.audit.coverage import coverage_rows
from dualtape.core.arrays import shape as shape_of
from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE, deflinear, prefix_batch

RNG = np.random.default_rng(5)


@pytest.fixture
def registered():
    """Register entries for one test and remove them afterwards."""
    names = []

    def register(name, *args, **options):
        names.append(name)
        return deflinear(name, *args, **options)
    yield register
    for name in names:
        del TABLE[name]


def _flip(register):
    # np.flip along a negative axis: its own adjoint, and the axis keeps its meaning
    # when a tangent carries leading direction axes
    return register(
        "test.flip", lambda x, axis: np.flip(x, axis),
        lambda g, out, x, axis: (bind(TABLE["test.flip"], g, axis=axis),),
        static=("axis",), examples=lambda rng: [((rng.standard_normal((3, 4)),), dict(axis=-1)),
                                                ((rng.standard_normal((2, 3)),), dict(axis=-2))])


def test_an_entry_with_only_its_adjoint_passes_every_audit_check(registered):
    _flip(registered)
    report = dt.check_primitives(["test.flip"])
    assert report.ok, str(report)


def test_the_tangent_rule_is_the_entry_applied_to_the_tangent(registered):
    flip = _flip(registered)
    x, t = RNG.standard_normal((2, 3)), RNG.standard_normal((2, 3))
    value, tangent = dt.jvp(lambda a: bind(flip, a, axis=-1), (x,), (t,))
    np.testing.assert_array_equal(value, np.flip(x, -1))
    np.testing.assert_array_equal(tangent, np.flip(t, -1))


def test_a_batch_of_directions_goes_through_in_one_pass(registered):
    flip = _flip(registered)
    jac = dt.jacobian(lambda a: bind(flip, a, axis=-1), mode="forward")(np.zeros(4))
    np.testing.assert_array_equal(jac, np.eye(4)[::-1])        # flipping is the anti-identity


def _as_shape(register, batch_params):
    return register(
        "test.as_shape", lambda x, shape: np.reshape(x, shape),
        # a batch of cotangents keeps its leading axes
        lambda g, out, x, shape: (dnp.reshape(g, shape_of(g)[:np.ndim(g) - len(shape)] + shape_of(x)),),
        batch_params=batch_params, static=("shape",),
        examples=lambda rng: [((rng.standard_normal((2, 6)),), dict(shape=(3, 4)))])


def test_prefix_batch_puts_the_directions_in_front_of_an_output_shape(registered):
    as_shape = _as_shape(registered, prefix_batch("shape"))
    jac = dt.jacobian(lambda a: bind(as_shape, a, shape=(3, 2)), mode="forward")(np.zeros(6))
    np.testing.assert_array_equal(jac, np.eye(6).reshape(3, 2, 6))
    assert dt.check_primitives(["test.as_shape"]).ok


def test_the_audit_catches_an_output_shape_entry_without_its_batch_rule(registered):
    _as_shape(registered, None)
    report = dt.check_primitives(["test.as_shape"])
    assert not report.ok
    assert "batched-tangent" in str(report)


def test_a_missing_tangent_beside_others_counts_as_zeros(registered):
    join = registered(
        "test.join", lambda x, y: np.concatenate([x, y], axis=-1),
        lambda g, out, x, y: (g[..., :shape_of(x)[-1]], g[..., shape_of(x)[-1]:]),
        examples=lambda rng: [((rng.standard_normal(2), rng.standard_normal(3)), {})])
    y = np.arange(3.0)
    _, tangent = dt.jvp(lambda a: bind(join, a, y), (np.ones(2),), (np.array([2.0, 5.0]),))
    np.testing.assert_array_equal(tangent, [2.0, 5.0, 0.0, 0.0, 0.0])


def test_a_map_whose_adjoint_is_zero_has_a_zero_tangent_rule(registered):
    registered("test.zero", lambda x: np.zeros_like(x), (None,))
    row = next(r for r in coverage_rows() if r["primitive"] == "test.zero")
    assert row["forward"] == row["reverse"] == "zero"
    _, tangent = dt.jvp(lambda a: bind(TABLE["test.zero"], a), (np.ones(2),), (np.ones(2),))
    np.testing.assert_array_equal(tangent, [0.0, 0.0])
