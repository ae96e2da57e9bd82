"""A NumPy script run with ``import dualtape.numpy as np``, and the calls into NumPy's and
SciPy's own Python code that such scripts make: what works unchanged (preallocated
buffers with ``out=``), and what cannot be differentiated and must say so, naming the
function that was called and the differentiable spelling."""
import numpy
import pytest
import scipy.integrate
import scipy.linalg
import scipy.special
import scipy.stats

import dualtape as dt
import dualtape.numpy as np
import dualtape.scipy.special as dss
import dualtape.scipy.stats as dst

from programs.reference import assert_close


# --- a script that keeps preallocated buffers ----------------------------------------------

def smooth_in_buffers(signal, xp=np, passes=3):
    """Exponential smoothing the way performance-minded NumPy code writes it."""
    work, scratch = signal.copy(), numpy.empty_like(signal)
    for _ in range(passes):
        xp.multiply(work[:-1], 0.5, out=scratch[:-1])
        xp.add(scratch[:-1], 0.5 * work[1:], out=work[:-1])
        xp.exp(-xp.abs(work), out=scratch)
        xp.subtract(work, 0.01 * scratch, out=work)
    return work


def test_a_script_with_out_buffers_runs_unchanged_on_plain_arrays():
    # Regression: dualtape.numpy's ufuncs raised "got an unexpected keyword argument 'out'"
    # (or "_operator.add() takes no keyword arguments") even on plain NumPy arrays.
    signal = numpy.random.default_rng(3).standard_normal(8)
    assert_close(smooth_in_buffers(signal), smooth_in_buffers(signal, numpy), 0, 0,
                 "NumPy's own ufuncs ran")
    buffer = numpy.zeros(3)
    assert np.exp(numpy.zeros(3), out=buffer) is buffer
    assert_close(np.add(numpy.ones(2), 1.0, where=[True, False], out=numpy.zeros(2)), [2.0, 0.0], 0, 0)
    assert np.sin(numpy.ones(2), dtype=numpy.float32).dtype == numpy.float32


def test_out_a_dualtape_value_is_a_write_into_it_as_in_numpy():
    def smooth_in_place(x, xp=np):
        y = x * 1.0
        xp.exp(y[1:], out=y[1:])             # into a view: y's entries change
        xp.multiply(y, x, out=y)
        numpy.negative(y, out=y)             # NumPy's own ufunc, routed to dualtape
        return xp.sum(y ** 2)
    x = numpy.array([0.3, -1.0, 2.0])
    # y = −[x0², x1·e^x1, x2·e^x2]: ∂/∂x_k Σy² = (4x0³, 2x1e^{2x1}(1 + x1), 2x2e^{2x2}(1 + x2))
    expected = [4 * 0.3 ** 3, 0.0, 2 * 2.0 * numpy.exp(4.0) * 3.0]
    assert_close(smooth_in_place(x.copy(), numpy), smooth_in_place(x.copy()), 0, 0)
    assert_close(dt.gradient(smooth_in_place)(x), expected, 1e-15, 1e-15)
    assert_close(dt.jacfwd(smooth_in_place)(x), expected, 1e-15, 1e-15)


@pytest.mark.parametrize("call, fix", [
    (lambda x: np.exp(x, out=numpy.zeros(2)), "use the returned value"),
    (lambda x: np.exp(x, out=x, where=x > 0), r"np\.where\(mask, np\.exp\(\.\.\.\), out\)"),
    (lambda x: np.sin(x, dtype=numpy.float32), r"np\.sin\(\.\.\.\)\.astype\(dtype\)"),
])
def test_ufunc_keywords_dualtape_cannot_take_name_the_differentiable_spelling(call, fix):
    with pytest.raises(TypeError, match=fix):
        dt.gradient(lambda x: np.sum(call(x)))(numpy.ones(2))


# --- SciPy's own Python code inside a differentiated function ---------------------------------
# Regression: these raised "numpy.asarray() of a dualtape Tensor would drop its derivative ...
# build arrays with dualtape.numpy.stack", which named neither the SciPy function nor
# dualtape.scipy, where its differentiable version is.

@pytest.mark.parametrize("call, names", [
    (lambda x: scipy.stats.norm.logpdf(x), ["rv_continuous.logpdf", "dualtape.scipy.stats"]),
    (lambda x: scipy.special.polygamma(1, x), ["polygamma", "dualtape.scipy.special"]),
    (lambda x: scipy.special.logsumexp(np.stack([x, x])), ["logsumexp", "dualtape.scipy.special"]),
    (lambda x: scipy.linalg.cho_factor(np.eye(2) * x)[0][0, 0],
     ["scipy.linalg._decomp_cholesky.cho_factor", "dualtape.scipy.linalg"]),
    (lambda x: scipy.integrate.quad(lambda t: t * x, 0.0, 1.0)[0],
     ["scipy.integrate._quadpack_py.quad", "scipy.special, scipy.linalg and scipy.stats only"]),
    (lambda x: numpy.polynomial.polynomial.polyval(0.5, np.stack([x, x])),
     ["numpy.polynomial.polynomial.polyval", "dualtape.numpy"]),
], ids=["stats", "polygamma", "logsumexp", "cho_factor", "quad", "polynomial"])
def test_library_code_that_converts_a_dualtape_value_is_named_with_the_fix(call, names):
    with pytest.raises(TypeError) as error:
        dt.gradient(call)(1.5)
    for name in names:
        assert name in str(error.value)


def test_the_named_fixes_give_the_derivative():
    # d/dx log φ(x) = −x; ψ'(x) = polygamma(1, x): its derivative is polygamma(2, x)
    assert_close(dt.gradient(dst.norm.logpdf)(1.5), -1.5, 1e-15, 0)
    assert_close(dt.gradient(lambda x: dss.polygamma(1, x))(1.5), scipy.special.polygamma(2, 1.5),
                 1e-12, 0)
