"""JAX's names: custom_jvp and custom_vjp (transforms/jax_custom.py), linearize and vmap
(transforms/jax_names.py), jax.tree_util's names, and the methods of ``x.at[i]``;
each against finite differences, a closed form, or NumPy's own loop."""
from functools import partial

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.special import expit
from conftest import numeric_jacobian

X = np.array([0.3, -0.7, 1.1])
W = np.array([2.0, -1.0, 0.5])


def _sin_times(registered):
    @dt.custom_jvp
    def sin_times(x, w):
        return dnp.sin(x) * w

    @sin_times.defjvp
    def _(primals, tangents):
        (x, w), (tx, tw) = primals, tangents
        return sin_times(x, w), dnp.cos(x) * w * tx + dnp.sin(x) * tw
    registered(sin_times)
    return sin_times


def _tanh_layer(registered):
    @dt.custom_vjp
    def tanh_layer(p, x):
        return dnp.tanh(p["w"] * x + p["b"])

    def fwd(p, x):
        y = tanh_layer(p, x)
        return y, (p, x, y)

    def bwd(res, g):
        p, x, y = res
        d = g * (1.0 - y * y)
        return {"w": d * x, "b": d}, d * p["w"]
    tanh_layer.defvjp(fwd, bwd)
    registered(tanh_layer)
    return tanh_layer


def _every_derivative(f, *args):
    """Both Jacobians in every argument and the three Hessians of Σ f²."""
    argnums = tuple(range(len(args)))
    total = lambda *a: dnp.sum(f(*a) ** 2)
    return ([dt.jacfwd(f, argnums)(*args), dt.jacrev(f, argnums)(*args)] +
            [dt.hessian(total, argnums, mode=m)(*args)
             for m in ("forward-over-reverse", "reverse-over-reverse", "hyperdual")])


@pytest.mark.parametrize("make", [_sin_times, _tanh_layer], ids=["custom_jvp", "custom_vjp"])
def test_a_custom_rule_gives_the_bodys_derivatives_in_every_mode_and_passes_the_audit(registered,
                                                                                       make):
    f = make(registered)
    if f.kind == "custom_jvp":
        args, ours, body = (X, W), f, lambda x, w: dnp.sin(x) * w
    else:                                   # its arguments as arrays, for the hyperdual Hessian
        args = (W, np.array([0.1, 0.0, -0.2]), X)
        ours = lambda w, b, x: f({"w": w, "b": b}, x)
        body = lambda w, b, x: dnp.tanh(w * x + b)
    ours, theirs = _every_derivative(ours, *args), _every_derivative(body, *args)
    for a, b in zip(dt.tree_util.tree_leaves(ours), dt.tree_util.tree_leaves(theirs)):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)
    report = dt.check_primitives(f.entry.name)
    assert report.ok, str(report)


def test_jets_and_gradient_tapes_go_through_custom_rules(registered):
    f = _sin_times(registered)
    # d³/dx³ [sin(x)·2] = -2 cos(x)
    assert dt.derivative(lambda x: f(x, 2.0), order=3)(0.3) == pytest.approx(-2 * np.cos(0.3),
                                                                             rel=1e-14)
    layer = _tanh_layer(registered)
    v = dt.Variable(np.array([0.5, 2.0]))
    with dt.GradientTape() as tape:
        out = dnp.sum(layer({"w": v, "b": np.zeros(2)}, np.array([1.0, -1.0])))
    # d/dw tanh(w·x) = x·(1 - tanh²(w·x))
    expected = np.array([1.0, -1.0]) * (1 - np.tanh(np.array([0.5, -2.0])) ** 2)
    np.testing.assert_allclose(tape.gradient(out, v).numpy(), expected, rtol=1e-14)


def test_the_rule_is_used_not_the_bodys_derivative(registered):
    @dt.custom_vjp
    def clip_gradient(x):
        return x

    clip_gradient.defvjp(lambda x: (x, None), lambda res, g: (dnp.clip(g, -1.0, 1.0),))
    registered(clip_gradient)
    assert dt.gradient(lambda x: 5.0 * clip_gradient(x))(2.0) == 1.0
    assert dt.gradient(lambda x: 0.5 * clip_gradient(x))(2.0) == 0.5

    @dt.custom_jvp
    def log1pexp(x):
        return dnp.log1p(dnp.exp(x))
    log1pexp.defjvps(lambda t, out, x: t * expit(x))
    registered(log1pexp)
    # the body's own derivative, exp(x)/(1 + exp(x)), is inf/inf = NaN at x = 800
    x = np.array([-800.0, 0.0, 800.0])
    with np.errstate(over="ignore"):            # the value itself is inf at 800
        np.testing.assert_allclose(dt.elementwise_grad(log1pexp)(x), [0.0, 0.5, 1.0])


def test_nondiff_arguments_reach_the_rules_first_as_in_jax(registered):
    @partial(dt.custom_vjp, nondiff_argnums=(0,))
    def apply(fn, x, w):
        return fn(x) * w

    def fwd(fn, x, w):
        return apply(fn, x, w), (x, w)

    def bwd(fn, res, g):
        x, w = res
        return g * w * dnp.cos(x), g * fn(x)        # d/dx sin(x)·w, d/dw
    apply.defvjp(fwd, bwd)
    registered(apply)
    gx, gw = dt.gradient(lambda x, w: dnp.sum(apply(dnp.sin, x, w)), argnums=(0, 1))(X, W)
    np.testing.assert_allclose(gx, W * np.cos(X), rtol=1e-15)
    np.testing.assert_allclose(gw, np.sin(X), rtol=1e-15)
    assert dt.gradient(lambda x: apply(dnp.sin, x, w=3.0))(0.5) == pytest.approx(3 * np.cos(0.5))

    @partial(dt.custom_jvp, nondiff_argnums=(1,))
    def power(x, n):
        return x ** n

    @power.defjvp
    def _(n, primals, tangents):
        (x,), (t,) = primals, tangents
        return power(x, n), n * x ** (n - 1) * t
    registered(power)
    assert dt.gradient(lambda x: power(x, 3))(2.0) == 12.0
    with pytest.raises(TypeError, match="argument 1 is in nondiff_argnums but carries a deriv"):
        dt.gradient(lambda n: power(2.0, n))(3.0)


def test_a_none_in_a_cotangent_is_zero_as_in_jax(registered):
    @dt.custom_vjp
    def product(d):
        return d["a"] * d["b"]
    product.defvjp(lambda d: (product(d), d), lambda d, g: ({"a": g * d["b"], "b": None},))
    registered(product)
    ga, gb = dt.gradient(lambda a, b: dnp.sum(product({"a": a, "b": b})), argnums=(0, 1))(X, W)
    np.testing.assert_array_equal(ga, W)
    np.testing.assert_array_equal(gb, np.zeros(3))


def test_wrong_rules_are_caught_by_the_audit_and_bad_outputs_are_named(registered):
    @dt.custom_vjp
    def square(x):
        return x * x
    square.defvjp(lambda x: (square(x), x), lambda x, g: (3.0 * x * g,))     # should be 2x
    registered(square)
    dt.gradient(lambda x: dnp.sum(square(x)))(X)                  # the audit's example
    report = dt.check_primitives(square.entry.name)
    assert not report.ok and "finite-difference" in str(report)

    square.defvjp(lambda x: (square(x), x), lambda x, g: (2.0 * x * g, 1.0))
    with pytest.raises(TypeError, match="bwd must return a tuple with one cotangent per"):
        dt.gradient(lambda x: dnp.sum(square(x)))(X)

    @dt.custom_jvp
    def cube(x):
        return x ** 3
    registered(cube)
    cube.defjvp(lambda primals, tangents: (cube(*primals), np.ones(2)))
    with pytest.raises(ValueError, match="shape"):
        dt.jvp(cube, (X,), (X,))


def test_an_undefined_rule_raises_as_jax_does():
    @dt.custom_jvp
    def f(x):
        return x
    with pytest.raises(AttributeError, match="No JVP defined for custom_jvp function f using "
                                             "defjvp"):
        f(1.0)


# --- linearize --------------------------------------------------------------------------

def test_linearize_gives_the_value_and_the_jvp_at_the_point_it_was_given():
    x = np.array([0.1, 0.2])
    y, f_jvp = dt.linearize(lambda x, z: dnp.sin(x) * z, x, np.array([1.0, 3.0]))
    x[0] = 5.0                                  # the point was copied
    np.testing.assert_allclose(y, np.sin([0.1, 0.2]) * [1.0, 3.0])
    # cos(x)·z·tx + sin(x)·tz
    np.testing.assert_allclose(f_jvp(np.array([1.0, 0.0]), np.array([0.0, 1.0])),
                               [np.cos(0.1), np.sin(0.2)], rtol=1e-15)
    y, f_jvp, aux = dt.linearize(lambda x: (dnp.exp(x), "aux"), 0.0, has_aux=True)
    assert (y, f_jvp(2.0), aux) == (1.0, 2.0, "aux")
    with pytest.raises(TypeError, match="one tangent per primal"):
        f_jvp(1.0, 2.0)


# --- vmap -------------------------------------------------------------------------------

def test_vmap_maps_the_axes_in_axes_names_and_puts_them_where_out_axes_says():
    A = np.arange(24.0).reshape(2, 3, 4) / 10
    B = np.arange(12.0).reshape(3, 4) / 7
    f = lambda a, b: dnp.sum(dnp.sin(a) * b, axis=-1)
    loop = np.stack([np.sum(np.sin(A[:, i]) * B[i], axis=-1) for i in range(3)], axis=1)
    np.testing.assert_allclose(dt.vmap(f, in_axes=(1, 0), out_axes=1)(A, B), loop, rtol=1e-15)
    np.testing.assert_allclose(dt.vmap(f, in_axes=(0, None))(A, B),
                               [np.sum(np.sin(a) * B, axis=-1) for a in A], rtol=1e-15)
    p = {"w": np.ones((2, 3)), "b": np.array([0.5, -0.5])}
    g = lambda p, x: p["w"] @ x + p["b"]
    X2 = np.arange(12.0).reshape(4, 3)
    np.testing.assert_allclose(dt.vmap(g, in_axes=({"w": None, "b": None}, 0))(p, X2),
                               X2 @ p["w"].T + p["b"])
    out, total = dt.vmap(lambda x: (2 * x, x.sum()), out_axes=(-1, 0))(X2)
    np.testing.assert_allclose(out, 2 * X2.T)
    np.testing.assert_allclose(total, X2.sum(axis=1))
    np.testing.assert_allclose(dt.vmap(lambda c: 2 * c, in_axes=None, axis_size=3)(np.ones(2)),
                               2 * np.ones((3, 2)))


def test_derivatives_go_through_vmap_and_vmap_goes_through_derivatives():
    X2 = np.array([[0.1, 0.4], [-0.3, 0.8], [0.5, -1.0]])
    loss = lambda w: dnp.sum(dt.vmap(lambda x: dnp.tanh(dnp.sum(w * x)))(X2) ** 2)
    plain = lambda w: np.sum(np.tanh(X2 @ w) ** 2)
    w = np.array([0.7, -0.2])
    np.testing.assert_allclose(dt.gradient(loss)(w), numeric_jacobian(plain, w), rtol=1e-8)
    unmapped = lambda w: dnp.sum(dnp.tanh(X2 @ w) ** 2)
    np.testing.assert_allclose(dt.jacfwd(dt.gradient(loss))(w), dt.hessian(unmapped)(w),
                               rtol=1e-12)
    # one Jacobian per row, against the closed form d/dx (sin(x)·x0)
    jac = dt.vmap(dt.jacfwd(lambda x: dnp.sin(x) * x[0]))(X2)
    for x, j in zip(X2, jac):
        np.testing.assert_allclose(j, np.diag(np.cos(x) * x[0]) + np.outer(np.sin(x), [1.0, 0.0]),
                                   rtol=1e-15)


def test_vmap_names_what_it_cannot_do():
    with pytest.raises(ValueError, match="different sizes"):
        dt.vmap(lambda a, b: a * b)(np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match="varies along the mapped axis"):
        dt.vmap(lambda x: x, out_axes=None)(np.arange(3.0))
    with pytest.raises(ValueError, match="size 0"):
        dt.vmap(lambda x: x)(np.ones((0, 2)))
    with pytest.raises(ValueError, match="over axis 1, which it does not have"):
        dt.vmap(lambda x: x, in_axes=1)(np.ones(3))
    with pytest.raises(TypeError, match="in_axes must be an int, None, or a tuple"):
        dt.vmap(lambda p: p["w"], in_axes={"w": 0})
    with pytest.raises(NotImplementedError, match="collective operations"):
        dt.vmap(lambda x: x, axis_name="batch")


# --- tree_util and x.at[i] ----------------------------------------------------------------

def test_tree_util_maps_and_flattens_as_jax():
    params = {"w": np.ones(2), "layers": [1.0, (2.0, 3.0)]}
    doubled = dt.tree_util.tree_map(lambda p: 2 * p, params)
    assert dt.tree_util.tree_leaves(doubled)[1:] == [2.0, 4.0, 6.0]
    assert dt.tree.structure(params) == dt.tree_util.tree_structure(doubled)
    leaves, tree = dt.tree_util.tree_flatten(params)
    assert dt.tree_util.tree_unflatten(tree, leaves)["layers"] == [1.0, (2.0, 3.0)]
    with pytest.raises(ValueError, match="structure"):
        dt.tree_util.tree_map(lambda a, b: a + b, params, {"w": 1.0})


@pytest.mark.parametrize("method, value, combined", [
    ("set", 5.0, lambda old, v: v), ("add", 5.0, lambda old, v: old + 2 * v),
    ("subtract", 5.0, lambda old, v: old - 2 * v), ("multiply", 5.0, lambda old, v: old * v * v),
    ("divide", 5.0, lambda old, v: old / v / v), ("power", 1.5, lambda old, v: old ** (v * v)),
    ("min", 1.5, min), ("max", 1.5, max), ("apply", dnp.sin, lambda old, f: np.sin(np.sin(old)))])
def test_every_at_method_writes_each_repeated_index_and_is_differentiable(method, value,
                                                                          combined):
    x = np.array([1.0, 2.0, 3.0])
    f = lambda x: getattr(x.at[np.array([1, 1])], method)(value)
    np.testing.assert_allclose(f(dt.constant(x)).numpy(),
                               [1.0, combined(2.0, value), 3.0], rtol=1e-15)
    g = lambda x: dnp.sum(f(x) * x)
    plain = lambda x: np.sum(np.array([x[0], combined(x[1], value), x[2]]) * x)
    np.testing.assert_allclose(dt.gradient(g)(x), numeric_jacobian(plain, x), rtol=1e-7)
    np.testing.assert_allclose(dt.jacfwd(g)(x), dt.gradient(g)(x), rtol=1e-14)
    assert float(dt.constant(x).at[2].get()) == 3.0
