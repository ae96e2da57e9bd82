"""User primitives (``@dualtape.primitive``) and ``@dualtape.custom_gradient``:
every mode uses the user's rules, the audit covers them, wrong rules are caught."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp


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


# --- batches of cotangents -------------------------------------------------------------------

def _row_sums(registered, batched, calls):
    """x (n, k) -> x.sum(axis=1); the adjoint reshapes g to a column, which is right for
    one cotangent only, unless `batched` (then it keeps g's leading batch axes)."""
    def adjoint(g, out, x):
        calls.append(tuple(g.shape))
        column = dnp.reshape(g, tuple(g.shape) + (1,)) if batched else dnp.reshape(g, (-1, 1))
        return (dnp.broadcast_to(column, tuple(g.shape)[:-1] + tuple(x.shape)),)
    entry = dt.primitive(lambda x: np.sum(x, axis=1), name="row_sums", batched_cotangents=batched,
                         tangent=lambda ts, out, x: dnp.sum(ts[0], axis=-1), adjoint=adjoint,
                         examples=lambda rng: [((rng.standard_normal((3, 2)),), {})])
    registered(entry)
    return entry


def test_an_adjoint_written_for_one_cotangent_is_pulled_back_one_at_a_time(registered):
    calls = []
    row_sums = _row_sums(registered, False, calls)
    assert not row_sums.primitive.batched_cotangents
    x = np.arange(6.0).reshape(3, 2)
    f = lambda a: dnp.sin(row_sums(a))                               # noqa: E731
    want = dt.jacfwd(f)(x)
    np.testing.assert_allclose(want, np.cos(x.sum(1))[:, None, None] * np.eye(3)[:, :, None]
                               * np.ones((1, 1, 2)), rtol=1e-15)     # d sin(Σ_k x_ik) / dx_jk
    calls.clear()
    np.testing.assert_allclose(dt.jacrev(f)(x), want, rtol=1e-15)
    assert calls == [(3,)] * 3                   # the batch of 3 cotangents, one at a time
    assert dt.check_primitives("row_sums").ok


def test_an_adjoint_that_declares_batches_takes_the_whole_batch_at_once(registered):
    calls = []
    row_sums = _row_sums(registered, True, calls)
    x = np.arange(6.0).reshape(3, 2)
    f = lambda a: dnp.sin(row_sums(a))                               # noqa: E731
    np.testing.assert_allclose(dt.jacrev(f)(x), dt.jacfwd(f)(x), rtol=1e-15)
    assert calls == [(3, 3)]                     # one call with the batch of 3 cotangents
    assert dt.check_primitives("row_sums").ok


def test_a_user_entry_with_several_results_is_pulled_back_one_cotangent_at_a_time(registered):
    # (sin x, x²): the adjoint is written for one pair of cotangents
    def adjoint(g, out, x):
        gs, gq = g
        return (dnp.reshape(gs, (-1,)) * dnp.cos(x) + dnp.reshape(gq, (-1,)) * 2.0 * x,)
    both = dt.primitive(lambda x: (np.sin(x), x * x), name="sin_and_square",
                        multiple_results=True, adjoint=adjoint,
                        tangent=lambda ts, out, x: (ts[0] * dnp.cos(x), ts[0] * 2.0 * x))
    registered(both)
    x = np.array([0.3, -1.1, 2.0])
    f = lambda v: dnp.concatenate(list(both(v)))                      # noqa: E731
    np.testing.assert_allclose(dt.jacrev(f)(x), np.vstack([np.diag(np.cos(x)), np.diag(2 * x)]),
                               rtol=1e-15)
    assert dt.check_primitives("sin_and_square").ok
