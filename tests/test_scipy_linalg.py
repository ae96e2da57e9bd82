"""dualtape.scipy.linalg: SciPy's values, derivatives in forward and reverse mode
against finite differences of SciPy's own functions, second derivatives in
every Hessian mode, and the parts of a matrix each solver reads."""
import numpy as np
import pytest
import scipy.linalg as sl

import dualtape as dt
import dualtape.numpy as dnp
import dualtape.scipy.linalg as dsl
from dualtape.core.domains import examples_for
from dualtape.core.primitive import TABLE
from conftest import assert_hessian_modes_agree, numeric_jacobian

RNG = np.random.default_rng(5)
A = RNG.standard_normal((3, 3)) + 3.0 * np.eye(3)
SPD = A @ A.T + np.eye(3)
B = RNG.standard_normal((3, 2))
V = RNG.standard_normal(3)


def _assert_jacobians_match(f, ref, *args, rtol=2e-7):
    """Forward = reverse to round-off, and both = central differences of SciPy's `ref`."""
    for i in range(len(args)):
        fwd = dt.jacobian(f, argnums=i, mode="forward")(*args)
        rev = dt.jacobian(f, argnums=i, mode="reverse")(*args)

        def ref_i(x, i=i):
            return ref(*args[:i], x, *args[i + 1:])
        fd = numeric_jacobian(ref_i, args[i])
        np.testing.assert_allclose(fwd, rev, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(fwd, fd, rtol=rtol, atol=1e-8)


TRIANGULAR_CASES = [dict(), dict(lower=True), dict(lower=True, unit_diagonal=True), dict(trans=1),
                    dict(trans="T", lower=True), dict(trans=2, unit_diagonal=True)]


@pytest.mark.parametrize("kw", TRIANGULAR_CASES)
@pytest.mark.parametrize("b", [B, V], ids=["matrix", "vector"])
def test_solve_triangular_matches_scipy_and_reads_only_its_triangle(kw, b):
    np.testing.assert_allclose(dsl.solve_triangular(A, b, **kw), sl.solve_triangular(A, b, **kw),
                               rtol=1e-14, atol=1e-15)
    _assert_jacobians_match(lambda a, b: dsl.solve_triangular(a, b, **kw),
                            lambda a, b: sl.solve_triangular(a, b, **kw), A, b)


def test_solve_triangular_broadcasts_a_stack_against_one_right_hand_side():
    stack = RNG.standard_normal((2, 3, 3)) + 3.0 * np.eye(3)
    np.testing.assert_allclose(dsl.solve_triangular(stack, B, lower=True),
                               sl.solve_triangular(stack, B, lower=True), rtol=1e-14)
    _assert_jacobians_match(lambda a, b: dsl.solve_triangular(a, b, lower=True),
                            lambda a, b: sl.solve_triangular(a, b, lower=True), stack, B)


@pytest.mark.parametrize("lower", [False, True])
def test_cho_factor_and_cho_solve_match_scipy_including_the_untouched_triangle(lower):
    c, low = dsl.cho_factor(SPD, lower=lower)
    c_ref, low_ref = sl.cho_factor(SPD, lower=lower)
    assert low is low_ref
    np.testing.assert_allclose(c, c_ref, rtol=1e-14)               # both triangles, as SciPy leaves them
    np.testing.assert_allclose(dsl.cho_solve((c, low), B), sl.cho_solve((c_ref, low), B), rtol=1e-13)
    _assert_jacobians_match(lambda a: dsl.cho_factor(a, lower=lower)[0],
                            lambda a: sl.cho_factor(a, lower=lower)[0], SPD)
    _assert_jacobians_match(lambda a, b: dsl.cho_solve(dsl.cho_factor(a, lower=lower), b),
                            lambda a, b: sl.cho_solve(sl.cho_factor(a, lower=lower), b), SPD, V)


def test_cho_factor_reads_one_triangle_so_the_other_has_no_derivative_through_cho_solve():
    g = dt.gradient(lambda a: dnp.sum(dsl.cho_solve(dsl.cho_factor(a), V)))(SPD)
    np.testing.assert_array_equal(np.tril(g, -1), 0.0)              # the upper triangle is read
    with pytest.raises(np.linalg.LinAlgError):
        dsl.cho_factor(-SPD)


@pytest.mark.parametrize("trans", [0, 1])
@pytest.mark.parametrize("b", [B, V], ids=["matrix", "vector"])
def test_lu_factor_and_lu_solve_match_scipy_with_the_same_pivots(trans, b):
    a = RNG.standard_normal((4, 4))
    lu, piv = dsl.lu_factor(a)
    lu_ref, piv_ref = sl.lu_factor(a)
    np.testing.assert_array_equal(piv, piv_ref)
    np.testing.assert_allclose(lu, lu_ref, rtol=1e-13, atol=1e-15)
    b = np.resize(b, (4,) + b.shape[1:])
    np.testing.assert_allclose(dsl.lu_solve((lu, piv), b, trans=trans),
                               sl.lu_solve((lu_ref, piv_ref), b, trans=trans), rtol=1e-12)
    _assert_jacobians_match(lambda a: dsl.lu_factor(a)[0], lambda a: sl.lu_factor(a)[0], a)
    _assert_jacobians_match(lambda a, b: dsl.lu_solve(dsl.lu_factor(a), b, trans=trans),
                            lambda a, b: sl.lu_solve(sl.lu_factor(a), b, trans=trans), a, b)


def test_lu_factor_refuses_a_stack_with_an_error_that_says_what_to_do():
    with pytest.raises(ValueError, match="lu_factor: dualtape factors one square matrix at a time"):
        dsl.lu_factor(np.ones((2, 3, 3)))


STRUCTURES = [None, "gen", "general", "banded", "sym", "symmetric", "her", "pos", "positive definite",
              "diagonal", "tridiagonal", "upper triangular", "lower triangular"]


@pytest.mark.parametrize("assume_a", STRUCTURES)
@pytest.mark.parametrize("lower, transposed", [(False, False), (True, False), (False, True)])
def test_solve_with_assume_a_matches_scipy_value_and_derivative(assume_a, lower, transposed):
    a = SPD + 0.3 * RNG.standard_normal((3, 3))     # not symmetric: which triangle is read matters
    if assume_a in ("pos", "positive definite"):
        a = SPD + np.triu(RNG.standard_normal((3, 3)), 1)   # positive definite in either triangle
    kw = dict(assume_a=assume_a, lower=lower, transposed=transposed)
    np.testing.assert_allclose(dsl.solve(a, B, **kw), sl.solve(a, B, **kw), rtol=1e-12)
    _assert_jacobians_match(lambda a, b: dsl.solve(a, b, **kw), lambda a, b: sl.solve(a, b, **kw), a, V)


def test_solve_refuses_an_unknown_structure_and_pos_refuses_an_indefinite_matrix():
    with pytest.raises(ValueError, match="'bogus' is not a recognized matrix structure"):
        dsl.solve(A, V, assume_a="bogus")
    with pytest.raises(np.linalg.LinAlgError):
        dsl.solve(-SPD, V, assume_a="pos")


def test_expm_matches_scipy_and_its_derivatives_are_scipys_frechet_derivative():
    a = 0.7 * RNG.standard_normal((3, 3))
    e = RNG.standard_normal((3, 3))
    np.testing.assert_allclose(dsl.expm(a), sl.expm(a), rtol=1e-14)
    _, frechet = sl.expm_frechet(a, e)
    np.testing.assert_allclose(dt.jvp(dsl.expm, (a,), (e,))[1], frechet, rtol=1e-12)
    g = RNG.standard_normal((3, 3))
    _, pullback = dt.vjp(dsl.expm, a)
    # the adjoint of E -> L(A, E) is G -> L(Aᵀ, G)
    np.testing.assert_allclose(pullback(g)[0], sl.expm_frechet(a.T, g)[1], rtol=1e-12)
    _assert_jacobians_match(dsl.expm, sl.expm, a)
    stack = 0.5 * RNG.standard_normal((2, 2, 2))
    _assert_jacobians_match(dsl.expm, sl.expm, stack)


def test_expm_second_derivatives_agree_in_every_hessian_mode():
    a = 0.5 * RNG.standard_normal((2, 2))
    w = RNG.standard_normal((2, 2))

    def f(m):
        return dnp.sum(dsl.expm(m) * w)
    fwd_rev = assert_hessian_modes_agree(f, a, rtol=1e-12, atol=1e-13)
    # the gradient of Σ w·e^M is L(Mᵀ, w): differentiate SciPy's Fréchet derivative numerically
    fd = numeric_jacobian(lambda m: sl.expm_frechet(m.T, w)[1], a)
    np.testing.assert_allclose(fwd_rev, fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("fn", ["solve", "cho_solve", "lu_solve", "solve_triangular"])
def test_second_derivatives_of_the_solvers_agree_in_every_hessian_mode(fn):
    def f(a):
        if fn == "solve":
            x = dsl.solve(a, V, assume_a="sym")
        elif fn == "cho_solve":
            x = dsl.cho_solve(dsl.cho_factor(a, lower=True), V)
        elif fn == "lu_solve":
            x = dsl.lu_solve(dsl.lu_factor(a), V)
        else:
            x = dsl.solve_triangular(a, V, trans=1)
        return dnp.sum(x * x)
    fwd_rev = assert_hessian_modes_agree(f, SPD, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(fwd_rev, numeric_jacobian(dt.gradient(f), SPD), rtol=1e-6, atol=1e-8)


def test_block_diag_matches_scipy_and_passes_derivatives_to_each_block():
    blocks = (np.array([[1.0, 2.0], [3.0, 4.0]]), 5.0, np.array([6.0, 7.0]), np.ones((0, 1)))
    np.testing.assert_array_equal(dsl.block_diag(*blocks), sl.block_diag(*blocks))
    assert dsl.block_diag(np.array([1, 2])).dtype == sl.block_diag(np.array([1, 2])).dtype
    assert dsl.block_diag().shape == sl.block_diag().shape
    g = dt.gradient(lambda a, b: dnp.sum(dsl.block_diag(a, b) * np.arange(12.0).reshape(3, 4)),
                    argnums=(0, 1))(blocks[0], blocks[2])
    np.testing.assert_array_equal(g[0], [[0.0, 1.0], [4.0, 5.0]])
    np.testing.assert_array_equal(g[1], [10.0, 11.0])


@pytest.mark.parametrize("name", ["scipy.linalg.solve_triangular", "scipy.linalg.expm",
                                  "scipy.linalg.lu_factor"])
def test_a_stack_of_three_cotangents_pulls_back_as_three_single_ones(name):
    prim = TABLE[name]
    rng = np.random.default_rng(1)
    for args, params in examples_for(prim, rng):
        out = prim.impl(*args, **params)
        outs = out if prim.multiple_results else (out,)
        stacks = [rng.standard_normal((3,) + np.shape(o)) for o in outs]
        wanted = [True] * len(args)
        together = prim.vjp(tuple(stacks) if prim.multiple_results else stacks[0], out, args, params, wanted)
        for k in range(3):
            single = prim.vjp(tuple(s[k] for s in stacks) if prim.multiple_results else stacks[0][k],
                              out, args, params, wanted)
            for t, s, a in zip(together, single, args):
                assert np.shape(t) == (3,) + np.shape(a)
                np.testing.assert_allclose(np.asarray(t)[k], s, rtol=1e-12, atol=1e-13)
