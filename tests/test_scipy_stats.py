"""dualtape.scipy.stats: SciPy's values (inside and outside the support, invalid
parameters, positional, keyword and frozen calls), derivatives in the data and
every parameter against finite differences of SciPy's own functions, and second
derivatives in every Hessian mode."""
import numpy as np
import pytest
import scipy.special as ss
import scipy.stats as st

import dualtape as dt
import dualtape.numpy as dnp
import dualtape.scipy.stats as dst
from dualtape.composed.incomplete import regularized_beta, regularized_gamma
from conftest import assert_hessian_modes_agree, numeric_jacobian

RNG = np.random.default_rng(21)
X = np.concatenate([RNG.normal(0.4, 2.0, 12), [-1.0, 0.0, 0.25, 1.0, 2.0, np.inf, -np.inf, np.nan]])
FUNCTIONS = ("logpdf", "pdf", "cdf", "logcdf")

# (name, shape parameters, loc, scale, points inside the support for derivatives)
CASES = [
    ("norm", (), 0.3, 1.7, RNG.normal(0.3, 2.0, 5)),
    ("expon", (), -0.5, 2.0, RNG.uniform(0.0, 6.0, 5)),
    ("laplace", (), 0.2, 0.8, np.array([-2.0, -0.3, 0.5, 1.1, 4.0])),
    ("cauchy", (), 0.1, 1.3, RNG.normal(0.0, 5.0, 5)),
    ("t", (3.5,), 0.2, 1.1, RNG.normal(0.0, 3.0, 5)),
    ("t", (40.0,), 0.0, 1.0, RNG.normal(0.0, 3.0, 5)),
    ("gamma", (2.5,), 0.0, 1.5, RNG.uniform(0.2, 8.0, 5)),
    ("gamma", (0.7,), 0.3, 1.0, RNG.uniform(0.4, 3.0, 5)),
    ("beta", (2.0, 3.0), 0.0, 1.0, RNG.uniform(0.05, 0.95, 5)),
    ("beta", (0.6, 7.5), -1.0, 3.0, RNG.uniform(-0.9, 1.0, 5)),
]
IDS = [f"{c[0]}{c[1]}" for c in CASES]


@pytest.mark.parametrize("name, shapes, loc, scale, inside", CASES, ids=IDS)
def test_values_are_scipys_everywhere_including_outside_the_support(name, shapes, loc, scale, inside):
    ours, ref = getattr(dst, name), getattr(st, name)
    for f in FUNCTIONS:
        # logcdf = log(cdf): a CDF near 1 carries ~1e-16 absolute round-off, its log the same
        atol = 1e-15 if f == "logcdf" else 1e-300
        expected = getattr(ref, f)(X, *shapes, loc=loc, scale=scale)
        np.testing.assert_allclose(getattr(ours, f)(X, *shapes, loc=loc, scale=scale), expected,
                                   rtol=5e-13, atol=atol, err_msg=f)
        np.testing.assert_allclose(getattr(ours, f)(X, *shapes, loc, scale), expected, rtol=5e-13,
                                   atol=atol, err_msg=f)                 # positional loc, scale
        np.testing.assert_allclose(getattr(ours(*shapes, loc=loc, scale=scale), f)(X), expected,
                                   rtol=5e-13, atol=atol, err_msg=f)     # frozen
        assert getattr(ours, f)(float(inside[0]), *shapes, loc=loc, scale=scale) == \
            pytest.approx(float(getattr(ref, f)(inside[0], *shapes, loc=loc, scale=scale)), rel=5e-13)


@pytest.mark.parametrize("name, shapes", [("norm", ()), ("t", (3.0,)), ("gamma", (2.0,)),
                                          ("beta", (2.0, 2.0)), ("expon", ()), ("cauchy", ())])
def test_invalid_parameters_give_nan_as_in_scipy(name, shapes):
    ours, ref = getattr(dst, name), getattr(st, name)
    bad_shapes = tuple(-s for s in shapes)
    for f in FUNCTIONS:
        assert np.isnan(getattr(ours, f)(0.5, *shapes, scale=-1.0))
        assert np.isnan(getattr(ref, f)(0.5, *shapes, scale=-1.0))
        if shapes:
            assert np.isnan(getattr(ours, f)(0.5, *bad_shapes))
            assert np.isnan(getattr(ref, f)(0.5, *bad_shapes))


@pytest.mark.parametrize("name, shapes, loc, scale, inside", CASES, ids=IDS)
def test_derivatives_in_data_and_every_parameter_match_finite_differences_of_scipy(
        name, shapes, loc, scale, inside):
    ours, ref = getattr(dst, name), getattr(st, name)
    params = np.array([*shapes, loc, scale])
    for f in FUNCTIONS:
        def mine(x, p, f=f):
            return getattr(ours, f)(x, *[p[i] for i in range(len(shapes))], loc=p[-2], scale=p[-1])

        def theirs(x, p, f=f):
            return getattr(ref, f)(x, *p[:-2], loc=p[-2], scale=p[-1])
        for argnum, point in ((0, inside), (1, params)):
            fwd = dt.jacobian(mine, argnums=argnum, mode="forward")(inside, params)
            rev = dt.jacobian(mine, argnums=argnum, mode="reverse")(inside, params)
            fd = numeric_jacobian(lambda v: theirs(v, params) if argnum == 0 else theirs(inside, v),
                                  point, h=1e-6)
            np.testing.assert_allclose(fwd, rev, rtol=1e-11, atol=1e-14, err_msg=f)
            # scale: SciPy's values carry ~1e-16 relative round-off, so a difference quotient
            # carries ~1e-10 absolute
            np.testing.assert_allclose(fwd, fd, rtol=1e-6, atol=3e-9 * max(1.0, np.max(np.abs(fd))),
                                       err_msg=f"{f} in argument {argnum}")


def _log_likelihood(name, shapes):
    ours = getattr(dst, name)

    def f(p):
        data = np.array([0.2, 0.45, 0.7]) if name == "beta" else np.array([0.5, 1.25, 3.0])
        return dnp.sum(ours.logpdf(data, *[p[i] for i in range(len(shapes))], loc=0.0, scale=p[-1])) + \
            dnp.sum(ours.logcdf(data * 0.9, *[p[i] for i in range(len(shapes))], loc=0.0, scale=p[-1]))
    return f


@pytest.mark.parametrize("name, shapes", [("norm", ()), ("t", (3.5,)), ("gamma", (2.5,)),
                                          ("beta", (2.0, 3.0)), ("laplace", ()), ("cauchy", ())])
def test_hessians_of_a_log_likelihood_agree_in_every_mode(name, shapes):
    f = _log_likelihood(name, shapes)
    p = np.array([*shapes, 1.3 if name != "beta" else 1.0])
    fwd_rev = assert_hessian_modes_agree(f, p, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fwd_rev, numeric_jacobian(dt.gradient(f), p), rtol=1e-6, atol=1e-7)


def test_student_t_cdf_at_its_centre_has_the_density_as_derivative_in_every_order():
    # the CDF at z = 0 is its Taylor polynomial; d/dx = f(0), d²/dx² = 0, d³/dx³ = f''(0) = −f(0)(ν+1)/ν
    df = 3.0
    f0 = st.t.pdf(0.0, df)
    for mode in ("jet", "forward", "reverse"):
        assert dt.derivative(lambda x: dst.t.cdf(x, df), mode=mode)(0.0) == pytest.approx(f0, rel=1e-14)
        assert dt.derivative(lambda x: dst.t.cdf(x, df), order=3, mode=mode)(0.0) == \
            pytest.approx(-f0 * (df + 1) / df, rel=1e-13)
    assert dt.gradient(lambda v: dst.t.cdf(0.0, v))(df) == 0.0


def test_regularized_incomplete_functions_match_scipy_over_a_wide_range():
    a = RNG.uniform(0.1, 50.0, 400)
    b = RNG.uniform(0.1, 50.0, 400)
    x = RNG.exponential(1.0, 400) * a * RNG.uniform(0.1, 3.0, 400)
    u = RNG.uniform(0.0, 1.0, 400)
    np.testing.assert_allclose(regularized_gamma(a, x), ss.gammainc(a, x), rtol=2e-13, atol=1e-300)
    np.testing.assert_allclose(regularized_gamma(a, x, upper=True), ss.gammaincc(a, x), rtol=2e-13,
                               atol=1e-300)
    np.testing.assert_allclose(regularized_beta(a, b, u), ss.betainc(a, b, u), rtol=2e-13, atol=1e-300)


def test_multivariate_normal_matches_scipy_in_value_shape_and_every_derivative():
    a = RNG.normal(size=(3, 3))
    cov = a @ a.T + np.eye(3)
    mean = RNG.normal(size=3)
    x = RNG.normal(size=(4, 3))
    for args in [(x, mean, cov), (x[0], mean, cov), (0.5,), (np.array([0.5, 1.0]),),
                 (np.array([0.5, 1.0]), None, 2.0), (np.array([0.5, 1.0]), np.zeros(2), np.array([1.0, 2.0])),
                 (x[:, :1], 0.3, 2.0)]:
        ours, ref = dst.multivariate_normal.logpdf(*args), st.multivariate_normal.logpdf(*args)
        assert np.shape(ours) == np.shape(ref)
        np.testing.assert_allclose(ours, ref, rtol=1e-13)
    np.testing.assert_allclose(dst.multivariate_normal(mean, cov).pdf(x),
                               st.multivariate_normal(mean, cov).pdf(x), rtol=1e-13)

    def total(x_, m_, c_):
        return dnp.sum(dst.multivariate_normal.logpdf(x_, m_, c_))
    for argnum, point in enumerate((x, mean, cov)):
        fwd = dt.jacobian(total, argnums=argnum, mode="forward")(x, mean, cov)
        rev = dt.jacobian(total, argnums=argnum, mode="reverse")(x, mean, cov)
        args = [x, mean, cov]

        def theirs(v, argnum=argnum):
            args_ = list(args)
            args_[argnum] = v
            return np.sum(st.multivariate_normal.logpdf(*args_))   # reads cov's lower triangle too
        np.testing.assert_allclose(fwd, rev, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(fwd, numeric_jacobian(theirs, point), rtol=1e-6, atol=1e-7)


def test_multivariate_normal_refuses_what_it_cannot_differentiate():
    with pytest.raises(np.linalg.LinAlgError, match="covariance is not positive definite"):
        dst.multivariate_normal.logpdf(np.zeros(2), cov=np.array([[1.0, 1.0], [1.0, 1.0]]),
                                       allow_singular=True)
    with pytest.raises(NotImplementedError, match="lower_limit is not supported"):
        dst.multivariate_normal.cdf(np.zeros(2), cov=np.eye(2), lower_limit=-np.ones(2))


@pytest.mark.parametrize("dim", [1, 2, 3, 5])
def test_multivariate_normal_cdf_is_within_its_stated_accuracy_of_scipy_run_to_1e_9(dim):
    a = RNG.normal(size=(dim, dim))
    cov = a @ a.T + 0.5 * np.eye(dim)
    mean = RNG.normal(size=dim)
    x = RNG.normal(size=(3, dim)) * 1.5
    exact = st.multivariate_normal.cdf(x, mean, cov, abseps=1e-9, releps=1e-9, maxpts=10 ** 7,
                                       rng=np.random.default_rng(0))
    ours = dst.multivariate_normal.cdf(x, mean, cov)
    assert np.shape(ours) == np.shape(exact)
    # the documented accuracy of the fixed quasi-Monte Carlo rule (exact in one dimension)
    np.testing.assert_allclose(ours, exact, rtol=1e-14 if dim == 1 else 0, atol=0 if dim == 1 else 3e-6)
    np.testing.assert_allclose(dst.multivariate_normal(mean, cov).logcdf(x), np.log(ours), rtol=1e-15)


def test_multivariate_normal_cdf_derivatives_are_the_bivariate_closed_forms():
    # ∂F/∂x₁ = φ(x₁; μ₁, σ₁) Φ((x₂ − μ₂|₁)/σ₂|₁), and ∂F/∂Σ₂₁ = f(x) (Plackett's identity)
    cov = np.array([[1.5, 0.6], [0.6, 0.8]])
    mean = np.array([0.2, -0.1])
    x = np.array([0.7, 0.3])

    def partial_in_x(i, j):
        slope = cov[0, 1] / cov[i, i]
        spread = np.sqrt(cov[j, j] - cov[0, 1] ** 2 / cov[i, i])
        return st.norm.pdf(x[i], mean[i], np.sqrt(cov[i, i])) * \
            st.norm.cdf((x[j] - mean[j] - slope * (x[i] - mean[i])) / spread)
    for mode in ("forward", "reverse"):
        gx = dt.jacobian(lambda v: dst.multivariate_normal.cdf(v, mean, cov), mode=mode)(x)
        np.testing.assert_allclose(gx, [partial_in_x(0, 1), partial_in_x(1, 0)], atol=1e-6)
        gm = dt.jacobian(lambda m: dst.multivariate_normal.cdf(x, m, cov), mode=mode)(mean)
        np.testing.assert_allclose(gm, -gx, rtol=1e-12)
        gc = dt.jacobian(lambda c: dst.multivariate_normal.cdf(x, mean, c), mode=mode)(cov)
        assert gc[1, 0] == pytest.approx(st.multivariate_normal.pdf(x, mean, cov), abs=1e-6)
        assert gc[0, 1] == 0.0                  # the covariance is read from its lower triangle
    assert_hessian_modes_agree(lambda v: dst.multivariate_normal.cdf(v, mean, cov), x, rtol=1e-10, atol=1e-13)


K = np.array([-1.0, 0.0, 1.0, 2.0, 2.5, 3.0, 7.0, 12.0])
COUNTS = np.array([0.0, 1.0, 2.0, 3.0, 5.0])       # inside the support of both, for derivatives


@pytest.mark.parametrize("mu", [0.0, 0.7, 3.0, -1.0])
def test_poisson_matches_scipy_and_differentiates_in_the_rate(mu):
    for f in ("logpmf", "pmf", "cdf", "logcdf"):
        np.testing.assert_allclose(getattr(dst.poisson, f)(K, mu), getattr(st.poisson, f)(K, mu),
                                   rtol=1e-13, atol=1e-300, err_msg=f)
        if mu > 0:
            fwd = dt.jacobian(lambda m: getattr(dst.poisson, f)(COUNTS, m))(mu)
            rev = dt.jacobian(lambda m: getattr(dst.poisson, f)(COUNTS, m), mode="reverse")(mu)
            fd = numeric_jacobian(lambda m: getattr(st.poisson, f)(COUNTS, m), np.array(mu))
            np.testing.assert_allclose(fwd, rev, rtol=1e-12)
            np.testing.assert_allclose(fwd, fd, rtol=1e-6, atol=1e-9, err_msg=f)


@pytest.mark.parametrize("n, p", [(5, 0.3), (10, 0.9), (12.0, 0.5), (5, 0.0), (5, 1.0), (5.5, 0.3), (5, 1.2)])
def test_binomial_matches_scipy_and_differentiates_in_the_probability(n, p):
    for f in ("logpmf", "pmf", "cdf"):
        np.testing.assert_allclose(getattr(dst.binom, f)(K, n, p), getattr(st.binom, f)(K, n, p),
                                   rtol=1e-12, atol=1e-300, err_msg=f)
        if 0 < p < 1 and n == int(n):
            fwd = dt.jacobian(lambda q: getattr(dst.binom, f)(COUNTS, n, q))(p)
            rev = dt.jacobian(lambda q: getattr(dst.binom, f)(COUNTS, n, q), mode="reverse")(p)
            fd = numeric_jacobian(lambda q: getattr(st.binom, f)(COUNTS, n, q), np.array(p))
            np.testing.assert_allclose(fwd, rev, rtol=1e-12)
            np.testing.assert_allclose(fwd, fd, rtol=1e-6, atol=1e-9, err_msg=f)


def test_counts_are_constants_and_a_dualtape_count_is_refused():
    with pytest.raises(TypeError, match="poisson.logpmf: the argument k is a constant"):
        dt.gradient(lambda k: dst.poisson.logpmf(k, 2.0))(3.0)
    with pytest.raises(TypeError, match="binom: the argument n is a constant"):
        dt.gradient(lambda n: dst.binom.logpmf(2, n, 0.5))(3.0)


def test_arguments_are_read_as_scipy_reads_them():
    np.testing.assert_allclose(dst.norm.logpdf([0.0, 1.0]), st.norm.logpdf([0.0, 1.0]), rtol=1e-15)
    with pytest.raises(TypeError, match="t: missing shape parameter"):
        dst.t.logpdf(0.5)
    with pytest.raises(TypeError, match="unexpected keyword argument 'sigma'"):
        dst.norm.logpdf(0.5, sigma=1.0)
