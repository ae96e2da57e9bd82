"""HIPS autograd's transform names (transforms/autograd_names.py) and its defvjp/defjvp
(transforms/autograd_rules.py): each against finite differences or a closed form."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from conftest import numeric_jacobian

A = np.array([[0.5, -1.0, 0.3], [0.2, 0.4, -0.7], [1.1, 0.0, 0.6]])
X = np.array([0.3, -0.7, 1.1])
V = np.array([1.0, 0.5, -2.0])


def loss(x):                                   # a scalar function with a full Hessian
    return dnp.sum(dnp.tanh(A @ x) ** 2) + dnp.prod(x)


def plain_loss(x):
    return np.sum(np.tanh(A @ x) ** 2) + np.prod(x)


def plain_gradient(x):
    return numeric_jacobian(plain_loss, x)


def test_elementwise_grad_is_the_diagonal_of_an_elementwise_jacobian():
    x = np.linspace(-2.0, 2.0, 5)
    np.testing.assert_allclose(dt.elementwise_grad(dnp.tanh)(x), 1 - np.tanh(x) ** 2, rtol=1e-14)


def test_elementwise_grad_sums_the_jacobians_rows_and_takes_argnum():
    f = lambda w, x: dnp.sin(A @ x) * w
    w = np.array([2.0, -1.0, 0.5])
    jac = numeric_jacobian(lambda x: np.sin(A @ x) * w, X)
    np.testing.assert_allclose(dt.elementwise_grad(f, 1)(w, X), jac.sum(axis=0), rtol=1e-8)
    np.testing.assert_allclose(dt.elementwise_grad(f, argnum=0)(w, X), np.sin(A @ X), rtol=1e-14)


def test_elementwise_grad_of_a_complex_output_raises_as_autograd_does():
    with pytest.raises(TypeError, match="elementwise_grad: f returned complex values"):
        dt.elementwise_grad(lambda x: x * 1j)(np.ones(2))


def test_holomorphic_grad_is_the_complex_derivative_and_warns_on_real_input():
    z = 0.3 + 0.2j
    assert np.isclose(dt.holomorphic_grad(lambda z: dnp.exp(z) * z)(z), np.exp(z) * (1 + z),
                      rtol=1e-15)
    assert dt.holomorphic_grad(lambda z: z ** 3)(z) == dt.gradient(lambda z: z ** 3,
                                                                    holomorphic=True)(z)
    with pytest.warns(UserWarning, match="not complex"):
        assert np.isclose(dt.holomorphic_grad(dnp.sin)(0.5), np.cos(0.5))


def test_make_vjp_returns_the_pullback_first_and_the_value_second():
    vjp, value = dt.make_vjp(lambda x: dnp.sin(A @ x))(X)
    np.testing.assert_allclose(value, np.sin(A @ X), rtol=1e-15)
    jac = numeric_jacobian(lambda x: np.sin(A @ x), X)
    np.testing.assert_allclose(vjp(V), V @ jac, rtol=1e-8)


def test_make_jvp_pushes_each_tangent_through_at_the_point():
    jvp = dt.make_jvp(lambda x, y: dnp.sin(A @ x) * y, argnum=(0, 1))(X, V)
    value, tangent = jvp((np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])))
    # d/dx0 sin(Ax)·y = cos(Ax)·A[:, 0]·y, and d/dy1 picks sin(Ax)[1]
    expected = np.cos(A @ X) * A[:, 0] * V + np.sin(A @ X) * np.array([0.0, 1.0, 0.0])
    np.testing.assert_allclose(value, np.sin(A @ X) * V, rtol=1e-15)
    np.testing.assert_allclose(tangent, expected, rtol=1e-14)


def test_make_hvp_hessian_vector_product_and_tensor_jacobian_product_agree_with_differences():
    hessian = numeric_jacobian(plain_gradient, X, h=1e-4)
    hvp, grad = dt.make_hvp(loss)(X)
    np.testing.assert_allclose(grad, plain_gradient(X), rtol=1e-7)
    np.testing.assert_allclose(hvp(V), hessian @ V, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(dt.hessian_vector_product(loss)(X, V), hessian @ V, rtol=1e-5,
                               atol=1e-7)
    np.testing.assert_allclose(dt.hessian_tensor_product(loss)(X, V), hvp(V), rtol=1e-13)
    jac = numeric_jacobian(lambda x: np.outer(x, x), X)
    np.testing.assert_allclose(dt.tensor_jacobian_product(lambda x: dnp.outer(x, x))(X, V),
                               np.tensordot(V, jac, 1), rtol=1e-8)
    assert dt.vector_jacobian_product is dt.tensor_jacobian_product


def test_make_ggnvp_is_jt_h_j_v():
    f = lambda x: dnp.tanh(A @ x)
    jac = numeric_jacobian(lambda x: np.tanh(A @ x), X)
    np.testing.assert_allclose(dt.make_ggnvp(f)(X)(V), jac.T @ jac @ V, rtol=1e-7)
    y = np.tanh(A @ X)                       # g(y) = Σ exp(y) has the Hessian diag(exp(y))
    np.testing.assert_allclose(dt.make_ggnvp(f, lambda y: dnp.sum(dnp.exp(y)))(X)(V),
                               jac.T @ (np.exp(y) * (jac @ V)), rtol=1e-7)


def test_grad_named_grad_and_aux_and_deriv():
    def f(scale, x):
        return scale * dnp.sin(x)
    assert dt.grad_named(f, "x")(2.0, 0.5) == pytest.approx(2 * np.cos(0.5), rel=1e-15)
    with pytest.raises(ValueError, match="no positional parameter named 'y'"):
        dt.grad_named(f, "y")
    g, aux = dt.grad_and_aux(lambda x: (dnp.sin(x), "kept"))(X)
    np.testing.assert_allclose(g, np.cos(X), rtol=1e-15)
    assert aux == "kept"
    np.testing.assert_allclose(dt.deriv(dnp.exp)(X), np.exp(X), rtol=1e-15)


@pytest.mark.parametrize("transform", [dt.gradient, dt.value_and_gradient, dt.jacobian,
                                       dt.hessian])
def test_argnum_is_argnums_in_autograds_spelling(transform):
    f = lambda a, x: dnp.sum(dnp.sin(a * x) ** 2)
    a = np.array([0.4, -1.2, 0.8])
    by_argnum = dt.tree_util.tree_leaves(transform(f, argnum=1)(a, X))
    by_argnums = dt.tree_util.tree_leaves(transform(f, argnums=1)(a, X))
    for one, other in zip(by_argnum, by_argnums, strict=True):
        np.testing.assert_array_equal(one, other)
    with pytest.raises(TypeError, match="give only one"):
        transform(f, argnums=1, argnum=0)


def test_argnum_gives_autograds_answers_against_a_closed_form():
    f = lambda a, x: dnp.sum(dnp.sin(a * x) ** 2)
    a = np.array([0.4, -1.2, 0.8])
    # d/dx Σ sin²(a·x) = a·sin(2a·x); the Hessian is diagonal, 2a²·cos(2a·x)
    np.testing.assert_allclose(dt.grad(f, argnum=1)(a, X), a * np.sin(2 * a * X), rtol=1e-14)
    np.testing.assert_allclose(dt.hessian(f, argnum=1)(a, X), np.diag(2 * a * a * np.cos(2 * a * X)),
                               rtol=1e-14, atol=1e-16)


# --- defvjp / defjvp -------------------------------------------------------------------

def _logsumexp_entry(registered):
    @dt.primitive
    def logsumexp_user(x):
        m = np.max(x)
        return m + np.log(np.sum(np.exp(x - m)))
    registered(logsumexp_user)
    return logsumexp_user


def test_a_vjp_alone_serves_every_mode_and_passes_the_audit(registered):
    lse = _logsumexp_entry(registered)
    dt.defvjp(lse, lambda ans, x: lambda g: g * dnp.exp(x - ans))
    softmax = np.exp(X) / np.sum(np.exp(X))
    np.testing.assert_allclose(dt.gradient(lse)(X), softmax, rtol=1e-14)
    np.testing.assert_allclose(dt.jacfwd(lse)(X), softmax, rtol=1e-14)
    hessian = np.diag(softmax) - np.outer(softmax, softmax)          # the softmax Jacobian
    for mode in ("forward-over-reverse", "reverse-over-reverse", "hyperdual"):
        np.testing.assert_allclose(dt.hessian(lse, mode=mode)(X), hessian, atol=1e-14)
    assert dt.check_primitives(lse.name).ok


def test_a_jvp_alone_serves_reverse_mode_and_same_marks_a_linear_argument(registered):
    @dt.primitive
    def scaled_sum(x, w):
        return np.sum(x * w)
    registered(scaled_sum)
    dt.defjvp(scaled_sum, lambda g, ans, x, w: dnp.sum(g * w), "same")
    w = np.array([2.0, -1.0, 0.5])
    np.testing.assert_allclose(dt.gradient(scaled_sum)(X, w), w)          # transposed JVP
    np.testing.assert_allclose(dt.jacfwd(scaled_sum, argnums=1)(X, w), X)  # "same"
    # "same" has no transpose of its own (it would need this very VJP), as in autograd
    with pytest.raises(NotImplementedError, match='its JVP is "same"'):
        dt.gradient(scaled_sum, argnums=1)(X, w)
    dt.defvjp(scaled_sum, lambda ans, x, w: lambda g: g * x, argnums=[1])
    np.testing.assert_allclose(dt.gradient(scaled_sum, argnums=1)(X, w), X)
    assert dt.check_primitives(scaled_sum.name).ok


def test_a_jvp_that_applies_the_primitive_to_the_tangent_is_refused_not_recursed(registered):
    @dt.primitive
    def double(x):
        return 2.0 * x
    registered(double)
    dt.defjvp(double, lambda g, ans, x: double(g))
    assert dt.jvp(double, (1.0,), (3.0,))[1] == 6.0
    with pytest.raises(NotImplementedError, match="VJP of double: the tangent rule applies"):
        dt.gradient(double)(1.0)


def test_none_is_a_zero_rule_and_a_missing_rule_raises_only_when_needed(registered):
    @dt.primitive
    def product(x, y):
        return x * y
    registered(product)
    dt.defvjp(product, lambda ans, x, y: lambda g: g * y)               # nothing for y
    assert dt.gradient(product)(3.0, 4.0) == 4.0
    with pytest.raises(NotImplementedError, match="VJP of product with respect to argument 1"):
        dt.gradient(product, argnums=1)(3.0, 4.0)
    dt.defvjp(product, None, argnums=[1])                               # y: no derivative
    assert dt.gradient(product, argnums=(0, 1))(3.0, 4.0) == (4.0, 0.0)
    assert dt.jvp(product, (3.0, 4.0), (1.0, 1.0))[1] == 4.0


def test_autograds_rules_take_a_batch_of_directions_one_at_a_time(registered):
    lse = _logsumexp_entry(registered)
    # a rule written for one tangent: the sum would mix a batch of directions together
    dt.defjvp(lse, lambda g, ans, x: dnp.sum(g * dnp.exp(x - ans)))
    softmax = np.exp(X) / np.sum(np.exp(X))
    np.testing.assert_allclose(dt.jacfwd(lse)(X), softmax, rtol=1e-14)
    np.testing.assert_allclose(dt.jacrev(lse)(X), softmax, rtol=1e-14)


def test_defvjp_names_the_fix_for_a_plain_function_and_for_star_args():
    with pytest.raises(TypeError, match="decorate it with @dualtape.primitive first"):
        dt.defvjp(np.sin, lambda ans, x: lambda g: g)

    def spread(*xs):
        return np.sum(xs)
    entry = dt.primitive(spread)
    try:
        with pytest.raises(TypeError, match=r"takes \*args"):
            dt.defvjp(entry, lambda ans, *xs: lambda g: g)
    finally:
        entry.unregister()


def test_a_rule_attached_the_dualtape_way_is_kept_beside_autograds(registered):
    sine = dt.primitive(lambda x: np.sin(x), name="sine",
                        tangent=lambda ts, out, x: dnp.cos(x) * ts[0])
    registered(sine)
    own_rule = sine.rule("tangent")
    dt.defvjp(sine, lambda ans, x: lambda g: dnp.cos(x) * g)
    assert sine.rule("tangent") is own_rule
    assert dt.jvp(sine, (0.0,), (2.0,))[1] == 2.0 and dt.gradient(sine)(0.0) == 1.0
