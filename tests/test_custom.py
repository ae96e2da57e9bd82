"""User primitives (``@dualtape.primitive``) and ``@dualtape.custom_gradient``:
every mode uses the user's rules, the audit covers them, wrong rules are caught."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.core.primitive import TABLE


@pytest.fixture
def registered():
    """Collects user entries and removes them from the table after the test."""
    entries = []
    yield entries.append
    for e in entries:
        e.unregister()
    assert not any(getattr(e, "name", None) in TABLE for e in entries)


def test_decorator_form_differentiates_in_every_mode_and_passes_the_audit(registered):
    @dt.primitive
    def cube(x):
        return x ** 3

    @cube.tangent
    def _(tangents, out, x):
        return 3.0 * x * x * tangents[0]

    @cube.adjoint
    def _(cotangent, out, x):
        return (3.0 * x * x * cotangent,)
    registered(cube)
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(dt.jacfwd(cube)(x), np.diag(3 * x ** 2))
    np.testing.assert_allclose(dt.jacrev(cube)(x), np.diag(3 * x ** 2))
    np.testing.assert_allclose(dt.hessian(lambda x: dnp.sum(cube(x)))(x), np.diag(6 * x))
    assert dt.check_primitives("cube").ok
    assert "cube" in dt.check_primitives().__str__()


def test_static_arguments_and_custom_examples(registered):
    scale = dt.primitive(
        lambda x, k: x * k, name="scale_by", static=("k",),
        tangent=lambda ts, out, x, k: ts[0] * k,
        adjoint=lambda g, out, x, k: (g * k,),
        examples=lambda rng: [((rng.standard_normal((2, 3)),), dict(k=2.5))])
    registered(scale)
    assert dt.gradient(lambda x: scale(x, k=4.0))(1.0) == 4.0
    assert dt.check_primitives("scale_by").ok
    with pytest.raises(TypeError, match="static"):
        scale(1.0, j=2)


@pytest.mark.parametrize("wrong, identity", [
    (dict(tangent=lambda ts, out, x: np.cos(x) * ts[0], adjoint=lambda g, out, x: (2 * np.cos(x) * g,)),
     "dot-product"),
    (dict(tangent=lambda ts, out, x: 2 * np.cos(x) * ts[0], adjoint=lambda g, out, x: (2 * np.cos(x) * g,)),
     "finite-difference"),
])
def test_the_audit_names_the_identity_a_wrong_rule_breaks(registered, wrong, identity):
    bad = dt.primitive(np.sin, name="bad_sin", **wrong)
    registered(bad)
    report = dt.check_primitives("bad_sin")
    assert not report.ok
    assert any(p.startswith(identity) for p in report.failures[0]["problems"])


def test_a_missing_rule_and_name_clashes_are_reported(registered):
    half = dt.primitive(lambda x: x / 2, name="half", tangent=lambda ts, out, x: ts[0] / 2)
    registered(half)
    with pytest.raises(NotImplementedError, match="half.adjoint"):
        dt.gradient(half)(1.0)
    with pytest.raises(ValueError, match="already a built-in"):
        dt.primitive(np.sin, name="sin", tangent=None, adjoint=None)


def test_custom_gradient_safe_norm_is_zero_at_zero_in_every_mode(registered):
    @dt.custom_gradient
    def safe_norm(x):
        n = dnp.sqrt(dnp.sum(x * x))

        def grad(g):
            return g * x / (n if n > 0 else 1.0)
        return n, grad
    registered(safe_norm)
    z, x = np.zeros(3), np.array([1.0, 2.0, 2.0])
    for mode in (dt.jacrev, dt.jacfwd):
        np.testing.assert_array_equal(mode(safe_norm)(z), np.zeros(3))
        np.testing.assert_allclose(mode(safe_norm)(x), x / 3.0, rtol=1e-15)
    # Hessian of |x|: (I - x xᵀ/|x|²) / |x|
    np.testing.assert_allclose(dt.hessian(safe_norm)(x), (np.eye(3) - np.outer(x, x) / 9) / 3,
                               rtol=1e-12)
    assert dt.check_primitives("safe_norm").ok


def test_custom_gradient_replaces_the_bodys_derivative(registered):
    @dt.custom_gradient
    def clipped_identity(x):
        def grad(g):
            return dnp.clip(g, -1.0, 1.0)
        return x * 1.0, grad
    registered(clipped_identity)
    f = lambda x: dnp.sum(5.0 * clipped_identity(x))
    np.testing.assert_array_equal(dt.gradient(f)(np.ones(2)), [1.0, 1.0])
    # forward mode follows the given gradient too (transposed), not the body
    np.testing.assert_array_equal(dt.jvp(clipped_identity, (np.ones(2),), (np.ones(2),))[1],
                                  [1.0, 1.0])
