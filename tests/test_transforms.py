"""jvp, vjp, gradient, value_and_gradient and jacobian, each checked against
another mode or finite differences, on floats, arrays and pytrees; and the
perturbation-confusion test in all four nestings of the two engines."""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from conftest import numeric_jacobian


def f2(x, y):
    return dnp.sum(dnp.exp(dnp.sin(x)) * y ** 2) / 2.0


X = np.array([0.3, -1.2, 2.0])
Y = np.array([1.5, 0.5, -0.7])


def test_jvp_equals_the_reverse_gradient_dotted_with_the_tangent():
    tx, ty = np.array([1.0, -2.0, 0.5]), np.array([0.3, 0.0, 1.0])
    out, t = dt.jvp(f2, (X, Y), (tx, ty))
    gx, gy = dt.gradient(f2, argnums=(0, 1))(X, Y)
    assert out == pytest.approx(f2(X, Y), rel=1e-15)
    assert t == pytest.approx(gx @ tx + gy @ ty, rel=1e-13)


def test_vjp_equals_the_forward_jacobian_transposed_times_the_cotangent():
    f = lambda x: dnp.tanh(x)[:, None] * x[None, ::-1]
    ct = np.arange(9.0).reshape(3, 3)
    out, pullback = dt.vjp(f, X)
    (g,) = pullback(ct)
    J = dt.jacobian(f, mode="forward")(X)
    np.testing.assert_allclose(g, np.tensordot(ct, J, axes=2), rtol=1e-13)
    np.testing.assert_allclose(out, np.tanh(X)[:, None] * X[None, ::-1], rtol=1e-15)


def test_gradient_argnums_int_and_tuple_match_finite_differences():
    gx = dt.gradient(f2)(X, Y)
    gxy = dt.grad(f2, argnums=(1, 0))(X, Y)
    np.testing.assert_allclose(gx, numeric_jacobian(lambda a: f2(a, Y), X), rtol=1e-7)
    np.testing.assert_allclose(gxy[0], numeric_jacobian(lambda b: f2(X, b), Y), rtol=1e-7)
    np.testing.assert_array_equal(gxy[1], gx)
    np.testing.assert_array_equal(dt.gradient(f2, argnums=-1)(X, Y), gxy[0])


def test_value_and_gradient_with_aux_returns_value_aux_and_gradient():
    (value, aux), g = dt.value_and_gradient(lambda x: (dnp.sum(x ** 3), {"mean": dnp.mean(x)}),
                                            has_aux=True)(X)
    assert value == pytest.approx(float(np.sum(X ** 3)), rel=1e-15)
    assert aux["mean"] == pytest.approx(float(np.mean(X)), rel=1e-15) and isinstance(aux["mean"], float)
    np.testing.assert_allclose(g, 3 * X ** 2, rtol=1e-15)
    g2, aux2 = dt.gradient(lambda a, b: (a * b, [a]), argnums=1, has_aux=True)(2.0, 3.0)
    assert (g2, aux2) == (2.0, [2.0])


def test_gradient_of_a_python_float_function_returns_a_python_float():
    g = dt.gradient(lambda x: dnp.sin(x) * x)(0.5)
    assert type(g) is float and g == pytest.approx(math.cos(0.5) * 0.5 + math.sin(0.5), rel=1e-15)


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_jacobian_per_argument_blocks_match_finite_differences(mode):
    f = lambda x, y: dnp.stack([dnp.sum(x * y), dnp.prod(x) + y[0]])
    jx, jy = dt.jacobian(f, argnums=(0, 1), mode=mode)(X, Y)
    np.testing.assert_allclose(jx, numeric_jacobian(lambda a: f(a, Y), X), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(jy, numeric_jacobian(lambda b: f(X, b), Y), rtol=1e-7, atol=1e-9)


def test_jacrev_and_jacfwd_agree_on_a_matrix_valued_function_of_a_matrix():
    A = np.array([[0.5, -1.0], [2.0, 0.3]])
    f = lambda m: dnp.matmul(m, dnp.sin(m)) + m.T
    np.testing.assert_allclose(dt.jacfwd(f)(A), dt.jacrev(f)(A), rtol=1e-14, atol=1e-15)
    assert dt.jacfwd(f)(A).shape == (2, 2, 2, 2)


def _tree_f(p):
    return {"a": p["x"] * p["y"][0], "b": [dnp.sin(p["y"][1]) * p["x"]]}


P = {"x": 2.0, "y": (3.0, np.array([0.1, 0.2]))}


def test_jacobian_of_a_pytree_function_has_one_block_per_output_and_input_leaf_in_both_modes():
    fwd = dt.jacobian(_tree_f, mode="forward")(P)
    rev = dt.jacobian(_tree_f, mode="reverse")(P)
    s = np.sin(P["y"][1])
    c = np.cos(P["y"][1])
    expected = {"a": {"x": 3.0, "y": (2.0, np.zeros(2))},
                "b": [{"x": s, "y": (np.zeros(2), np.diag(2.0 * c))}]}
    for jac in (fwd, rev):
        assert set(jac) == {"a", "b"} and isinstance(jac["b"], list) and isinstance(jac["a"]["y"], tuple)
        np.testing.assert_allclose(jac["a"]["x"], expected["a"]["x"])
        np.testing.assert_allclose(jac["a"]["y"][0], expected["a"]["y"][0])
        np.testing.assert_allclose(jac["a"]["y"][1], expected["a"]["y"][1])
        np.testing.assert_allclose(jac["b"][0]["x"], expected["b"][0]["x"], rtol=1e-15)
        np.testing.assert_allclose(jac["b"][0]["y"][0], expected["b"][0]["y"][0])
        np.testing.assert_allclose(jac["b"][0]["y"][1], expected["b"][0]["y"][1], rtol=1e-15)


def test_tape_jacobian_and_jacrev_build_the_same_blocks_for_two_sources():
    # Both go through one row-by-row construction; here each is held against
    # finite differences of the same function of a vector and a matrix.
    A = np.array([[0.5, -1.0, 0.25], [2.0, 0.3, -0.6]])
    f = lambda x, m: dnp.matmul(m, dnp.sin(x)) * x[:2]
    x, m = dt.Variable(X), dt.Variable(A)
    with dt.GradientTape() as tape:
        y = f(x, m)
    by_tape = [j.numpy() for j in tape.jacobian(y, [x, m])]
    by_jacrev = dt.jacrev(f, argnums=(0, 1))(X, A)
    fd_x = numeric_jacobian(lambda a: f(a, A), X)
    fd_m = numeric_jacobian(lambda b: f(X, b), A)
    assert by_tape[0].shape == by_jacrev[0].shape == (2, 3)
    assert by_tape[1].shape == by_jacrev[1].shape == (2, 2, 3)
    np.testing.assert_allclose(by_tape[0], fd_x, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(by_jacrev[0], fd_x, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(by_tape[1], fd_m, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(by_jacrev[1], fd_m, rtol=1e-7, atol=1e-9)


def test_reverse_jacobian_of_an_empty_output_is_an_empty_block_in_both_apis():
    f = lambda x: x[:0] * 2.0
    x = dt.Variable(X)
    with dt.GradientTape() as tape:
        y = f(x)
    # out.shape + in.shape = (0,) + (3,): no rows to stack, yet the block keeps its shape
    assert tape.jacobian(y, x).numpy().shape == (0, 3)
    assert dt.jacrev(f)(X).shape == (0, 3)
    assert dt.jacfwd(f)(X).shape == (0, 3)


def test_jvp_and_vjp_on_pytrees_are_transposes_of_each_other():
    tangent = {"x": 0.7, "y": (-1.0, np.array([0.5, 2.0]))}
    out, t_out = dt.jvp(_tree_f, (P,), (tangent,))
    out2, pullback = dt.vjp(_tree_f, P)
    ct = {"a": 1.3, "b": [np.array([-0.4, 0.9])]}
    (ct_in,) = pullback(ct)
    lhs = ct["a"] * t_out["a"] + ct["b"][0] @ t_out["b"][0]
    rhs = ct_in["x"] * tangent["x"] + ct_in["y"][0] * tangent["y"][0] + ct_in["y"][1] @ tangent["y"][1]
    assert lhs == pytest.approx(rhs, rel=1e-14)
    assert out["a"] == out2["a"] == 6.0


def test_gradient_with_respect_to_a_dict_argument_mirrors_it():
    g = dt.gradient(lambda p: p["w"] @ p["w"] + p["b"] * 3.0)({"w": np.array([1.0, 2.0]), "b": 0.5})
    np.testing.assert_array_equal(g["w"], [2.0, 4.0])
    assert g["b"] == 3.0


# --- perturbation confusion: d/dx [x * d/dy (x + y)] at 1 is 1 ---------------------------------------

def _fwd(f):
    return lambda x: dt.jvp(f, (x,), (1.0,))[1]


def _tape_grad(f):
    def d(x):
        v = dt.constant(x) if not isinstance(x, dt.Tensor) else x
        with dt.GradientTape() as tape:
            tape.watch(v)
            y = f(v)
        return tape.gradient(y, v)
    return d


@pytest.mark.parametrize("outer, inner", [(_fwd, _fwd), (dt.gradient, dt.gradient),
                                          (dt.gradient, _fwd), (_fwd, dt.gradient)],
                         ids=["dual/dual", "tape/tape", "dual-in-tape", "tape-in-dual"])
def test_nested_derivatives_do_not_confuse_perturbations(outer, inner):
    d = outer(lambda x: x * inner(lambda y: x + y)(1.0))(1.0)
    assert float(dt.stop_gradient(d)) == 1.0


def test_gradient_with_respect_to_a_python_float_is_a_python_float_even_when_broadcast():
    # d/dv Σ_i (1·v) over 3 elements = 3; d/dv Σ x.at[1].set(v) = 1
    g1 = dt.gradient(lambda v: dnp.sum(np.ones(3) * v))(2.0)
    g2 = dt.gradient(lambda v: dnp.sum(dnp.at(np.zeros(3))[1].set(v)))(2.0)
    assert (type(g1), g1) == (float, 3.0)
    assert (type(g2), g2) == (float, 1.0)
