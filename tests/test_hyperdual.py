"""HyperDual numbers: closed-form second terms against the generic path, batches
of directions, Python-float scalars, shared levels, errors."""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.audit.probes import differentiable_positions as _diff_positions
from dualtape.core.domains import examples_for
from dualtape.core.primitive import TABLE
from dualtape.forward.hyperdual import HyperDual

WITH_SECOND = sorted(name for name, p in TABLE.items() if p.second is not None)


def _random(rng, shape):
    v = rng.standard_normal(shape)
    return float(v) if shape == () else v


def _seed(args, rng, b1, b2):
    """HyperDuals of one level for the differentiable arguments, random parts."""
    first, boxed = None, []
    for i, a in enumerate(args):
        if i not in _diff_positions(args):
            boxed.append(a)
            continue
        s = np.shape(a)
        h = HyperDual(a, _random(rng, b1 + s), _random(rng, b2 + s), _random(rng, b1 + b2 + s),
                      like=first)
        first = h if first is None else first
        boxed.append(h)
    return first, boxed


def _assert_parts_close(a, b, rtol):
    for part in ("primal", "e1", "e2", "e12"):
        x, y = np.asarray(getattr(a, part)), np.asarray(getattr(b, part))
        assert x.shape == y.shape, part
        scale = max(float(np.max(np.abs(y), initial=0.0)), 1e-300)
        assert float(np.max(np.abs(x - y), initial=0.0)) <= rtol * scale, part


def test_every_elementwise_entry_has_a_closed_form_second_term():
    # the built-in ufunc entries of rules/elementwise.py and rules/elementwise_trigonometric.py
    # all carry `second`
    from dualtape.rules import elementwise, elementwise_trigonometric
    for module in (elementwise, elementwise_trigonometric):
        for name in module.__all__:
            fn = getattr(module, name)
            prim = getattr(fn, "primitive", None)
            if prim is not None:
                assert prim.second is not None, name


@pytest.mark.parametrize("name", WITH_SECOND)
@pytest.mark.parametrize("b1, b2", [((), ()), ((2,), (3,)), ((2, 2), ())])
def test_closed_form_second_term_equals_the_tangent_rule_differentiated_again(name, b1, b2):
    prim = TABLE[name]
    rng = np.random.default_rng(7)
    for args, params in examples_for(prim, rng):
        first, boxed = _seed(args, rng, b1, b2)
        if first is None:
            continue
        closed = first._apply(prim, boxed, params, closed_form=True)
        generic = first._apply(prim, boxed, params, closed_form=False)
        _assert_parts_close(closed, generic, 1e-12)


@pytest.mark.parametrize("name", sorted(n for n in WITH_SECOND if TABLE[n].scalar is not None))
def test_python_float_fast_path_equals_generic_path_and_stays_float(name):
    prim = TABLE[name]
    x = {"positive": 0.7, "nonzero": -0.8, "open_unit": 0.3, "tan": 0.4}.get(prim.domain, 0.6)
    h = HyperDual(x, 0.9, -1.3, 0.25)
    fast = h._apply(prim, [h], {}, closed_form=True)
    generic = h._apply(prim, [h], {}, closed_form=False)
    for part in ("primal", "e1", "e2", "e12"):
        assert type(getattr(fast, part)) is float
        assert getattr(fast, part) == pytest.approx(getattr(generic, part), rel=1e-14, abs=1e-300)


def test_scalar_hyperdual_of_floats_stays_floats_through_a_composite():
    x = HyperDual(0.5)
    y = dnp.exp(dnp.sin(x)) * 2.0 + x ** 2.0 / x - dnp.sqrt(x)
    for part in (y.primal, y.e1, y.e2, y.e12):
        assert type(part) is float


def test_second_derivative_of_sin_is_minus_sin():
    y = dnp.sin(HyperDual(0.5, 1.0, 1.0, 0.0))
    assert y.e12 == pytest.approx(-math.sin(0.5), rel=1e-15)
    assert y.e1 == y.e2 == pytest.approx(math.cos(0.5), rel=1e-15)


def test_seeds_h1_h2_scale_the_parts_like_fike_and_alonso():
    # f(x + h1 ε1 + h2 ε2) = f + h1 f' ε1 + h2 f' ε2 + h1 h2 f'' ε1ε2, f = x**3 at 2
    y = HyperDual(2.0, 0.5, 3.0, 0.0) ** 3.0
    assert (y.primal, y.e1, y.e2, y.e12) == pytest.approx((8.0, 0.5 * 12.0, 3.0 * 12.0, 1.5 * 12.0))


def test_like_shares_the_level_so_mixed_partials_come_out():
    # f = x y², ∂²f/∂x∂y = 2y
    x = HyperDual(3.0, 1.0, 0.0)
    y = HyperDual(5.0, 0.0, 1.0, like=x)
    f = x * y * y
    assert f.e12 == pytest.approx(10.0)


def test_hyperduals_built_by_hand_share_their_eps_as_in_the_textbook():
    # (3 + ε1 + ε2)(5 + ε1 + ε2) = 15 + 8 ε1 + 8 ε2 + 2 ε1ε2, since ε1² = ε2² = 0
    x = HyperDual(3.0)
    y = HyperDual(5.0)
    f = x * y
    assert (f.primal, f.e1, f.e2, f.e12) == (15.0, 8.0, 8.0, 2.0)


def test_a_hyperdual_built_from_hyperduals_is_a_separate_computation():
    # the outer number has its own ε's: x * y sees the inner y as a constant at x's depth
    y = HyperDual(5.0)
    x = HyperDual(HyperDual(3.0, 0.0, 0.0), 1.0, 1.0)
    f = x * y
    assert f.e12 == 0.0                        # f is linear in x's ε's
    assert f.e1.primal == 5.0                  # ∂f/∂x = y, whose own ε part is 1
    assert f.e1.e1 == 1.0
    assert f.primal.e1 == pytest.approx(3.0)   # the inner level: ∂f/∂y = 3


def test_full_hessian_in_one_vectorized_pass_matches_jacobian_of_gradient():
    def f(x):
        return dnp.sum(dnp.exp(x[:-1] * x[1:])) + dnp.sum(dnp.log1p(x ** 2))
    x = np.array([0.3, -0.7, 1.1, 0.4])
    n = x.size
    h = HyperDual(x, np.eye(n), np.eye(n))
    y = f(h)
    want = dt.jacobian(dt.gradient(f), mode="forward")(x)
    assert y.e12.shape == (n, n)
    assert np.allclose(y.e12, want, rtol=1e-13, atol=1e-13)
    assert np.allclose(y.e1, dt.gradient(f)(x), rtol=1e-14)


def test_direction_axes_carry_through_non_elementwise_primitives():
    # matmul, reshape, sum, getitem and transpose with B1 = (3,), B2 = (2,)
    rng = np.random.default_rng(3)
    a = rng.standard_normal((2, 3))
    m = rng.standard_normal((3, 3))

    def f(x):
        return dnp.sum(dnp.tanh(x @ m).reshape(6)[1:4] * x.T[0, 1])
    e1, e2 = rng.standard_normal((3, 2, 3)), rng.standard_normal((2, 2, 3))
    y = f(HyperDual(a, e1, e2))
    H = dt.hessian(f)(a).reshape(6, 6)
    want = np.einsum("ip,pq,jq->ij", e1.reshape(3, 6), H, e2.reshape(2, 6))
    assert np.allclose(y.e12, want, rtol=1e-12, atol=1e-12)


def test_numpy_functions_route_to_the_table():
    y = np.sin(HyperDual(0.5))
    assert isinstance(y, HyperDual) and y.e12 == pytest.approx(-math.sin(0.5))


def test_shape_errors_name_the_problem():
    with pytest.raises(ValueError, match="e1 has shape"):
        HyperDual(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match="e12 has shape"):
        HyperDual(np.ones(3), np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 2, 3)))
    with pytest.raises(TypeError, match="HyperDual"):
        HyperDual(1.0, like=dt.Dual(1.0))
    with pytest.raises(TypeError, match="boolean"):
        HyperDual(True)


def test_float_of_a_hyperdual_raises_instead_of_dropping_the_derivative():
    with pytest.raises(TypeError, match="drop its derivative"):
        float(HyperDual(1.0))
