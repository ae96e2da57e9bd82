"""Shared helpers for the test suite: an independent finite-difference Jacobian
and small wrappers that differentiate one function in each mode."""
import itertools
import os

import numpy as np
import pytest

import dualtape as dt
from dualtape.core.primitive import TABLE, defprimitive

# How many random programs each fuzz property runs with --fuzz-long
# (DUALTAPE_FUZZ_EXAMPLES=N sets any other count).
FUZZ_LONG_EXAMPLES = 3000


def pytest_addoption(parser):
    parser.addoption("--fuzz-long", action="store_true", default=False,
                     help=f"run {FUZZ_LONG_EXAMPLES} fresh random programs per fuzz property "
                          f"instead of the fixed CI set (tests/test_fuzz_programs.py)")


def pytest_configure(config):
    # The fuzz module reads its example count when it is imported, after this.
    if config.getoption("--fuzz-long"):
        os.environ.setdefault("DUALTAPE_FUZZ_EXAMPLES", str(FUZZ_LONG_EXAMPLES))


def numeric_jacobian(f, x, h=1e-6):
    """Central-difference Jacobian of `f` at array `x`: shape out.shape + x.shape.

    Independent of dualtape: `f` is called on plain NumPy arrays only.
    """
    x = np.asarray(x, dtype=float)
    base = np.asarray(f(x), dtype=float)
    jac = np.zeros(base.shape + x.shape)
    for idx in np.ndindex(x.shape):
        step = h * (1.0 + abs(x[idx]))
        e = np.zeros(x.shape)
        e[idx] = step
        hi = np.asarray(f(x + e), dtype=float)
        lo = np.asarray(f(x - e), dtype=float)
        jac[(Ellipsis,) + idx] = (hi - lo) / (2 * step)
    return jac


def tape_jacobian(fn, *xs):
    """The Jacobian of `fn` with respect to each of `xs`, by a persistent GradientTape
    watching them as constants (as a TensorFlow user writes it)."""
    xs = [dt.constant(x) for x in xs]
    with dt.GradientTape(persistent=True) as tape:
        tape.watch(xs)
        y = fn(*xs)
    return [tape.jacobian(y, x).numpy() for x in xs]


def jac_forward(f, x):
    return np.asarray(dt.jacobian(f, mode="forward")(x))


def jac_reverse(f, x):
    return np.asarray(dt.jacobian(f, mode="reverse")(x))


def assert_all_modes_match_fd(f, x, rtol=1e-6, atol=1e-7):
    """Forward and reverse Jacobians agree with each other to round-off and
    with central finite differences to FD accuracy."""
    fwd = jac_forward(f, x)
    rev = jac_reverse(f, x)
    fd = numeric_jacobian(f, x)
    assert fwd.shape == rev.shape == fd.shape
    np.testing.assert_allclose(fwd, rev, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fwd, fd, rtol=rtol, atol=atol)


def assert_derivatives_match(f, *args):
    """Forward and reverse Jacobians in every argument agree to round-off, and
    each agrees with a central finite difference of NumPy-only evaluations."""
    argnums = tuple(range(len(args)))
    fwd = dt.jacobian(f, argnums, mode="forward")(*args)
    rev = dt.jacobian(f, argnums, mode="reverse")(*args)
    for i, x in enumerate(args):
        def fi(xi, i=i):
            a = list(args)
            a[i] = xi
            return f(*a)
        fd = numeric_jacobian(fi, x)
        np.testing.assert_allclose(fwd[i], rev[i], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(fwd[i], fd, rtol=1e-6, atol=1e-7)


def fwd_derivative(f, x):
    """d f / dx of a scalar function by forward mode (Dual)."""
    return dt.jvp(f, (x,), (1.0,))[1]


def rev_derivative(f, x):
    """d f / dx of a scalar function by reverse mode (tape)."""
    return dt.gradient(f)(x)


def assert_hessian_modes_agree(f, x, rtol=1e-10, atol=1e-12):
    """The HyperDual, forward-over-reverse and reverse-over-reverse Hessians of the
    scalar function `f` at `x` agree to round-off; returns the forward-over-reverse one."""
    fwd_rev = np.asarray(dt.hessian(f)(x))
    for mode in ("hyperdual", "reverse-over-reverse"):
        np.testing.assert_allclose(dt.hessian(f, mode=mode)(x), fwd_rev, rtol=rtol, atol=atol,
                                   err_msg=mode)
    return fwd_rev


_primitive_names = itertools.count()


@pytest.fixture
def register():
    """Register throw-away primitives under unique names (audited on one (3, 2)
    input); remove them afterwards.  ``register(impl, tangent, adjoint, **options)``
    returns the name."""
    added = []

    def add(impl, tangent, adjoint, **options):
        name = f"test_throwaway_prim_{next(_primitive_names)}"
        defprimitive(name, impl, tangent, adjoint,
                     examples=lambda rng: [((rng.standard_normal((3, 2)),), {})], **options)
        added.append(name)
        return name
    try:
        yield add
    finally:
        for name in added:
            TABLE.pop(name, None)


@pytest.fixture
def registered():
    """Collects user entries (``dualtape.primitive``, ``custom_gradient``, ``custom_jvp``,
    ``custom_vjp``) and removes them from the table after the test."""
    entries = []
    yield entries.append
    for e in entries:
        e.unregister()
    names = [getattr(e, "entry", e).name for e in entries]
    assert not any(name in TABLE for name in names)
