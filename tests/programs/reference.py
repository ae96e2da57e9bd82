"""Independent derivatives for the programs: differences of plain NumPy evaluations.

The tolerances the programs use follow from the error of these formulas.  A central
difference (f(x + h) - f(x - h)) / 2h has truncation error h²·f'''/6 and rounding error
about eps·|f|/h; with h = 1e-6 on values and derivatives of order one, both stay below
1e-9, so the programs compare with a relative tolerance of 1e-6 (1e-5 where the function
is a long computation whose rounding is larger).  Richardson extrapolation of three
central differences (steps h, h/2, h/4) cancels the h² and h⁴ terms, leaving h⁶ and a
rounding error of about eps·|f|/h: with h = 1e-2 that is about 1e-12 for smooth
functions, so it checks second and third derivatives (differences of exact lower
derivatives) to 1e-8.
"""
import numpy

__all__ = ["central_gradient", "central_jacobian", "complex_gradient", "richardson",
           "assert_close"]


def central_gradient(f, x, h=1e-6):
    """Central-difference gradient of the scalar `f` at the array `x` (plain NumPy calls)."""
    x = numpy.asarray(x, dtype=float)
    grad = numpy.zeros(x.shape)
    for index in numpy.ndindex(x.shape):
        step = numpy.zeros(x.shape)
        step[index] = h
        grad[index] = (f(x + step) - f(x - step)) / (2.0 * h)
    return grad


def central_jacobian(f, x, h=1e-6):
    """Central-difference Jacobian of `f` at `x`: shape ``f(x).shape + x.shape``."""
    x = numpy.asarray(x, dtype=float)
    value = numpy.asarray(f(x))
    jac = numpy.zeros(value.shape + x.shape, dtype=value.dtype)
    for index in numpy.ndindex(x.shape):
        step = numpy.zeros(x.shape)
        step[index] = h
        jac[(Ellipsis,) + index] = (numpy.asarray(f(x + step)) - numpy.asarray(f(x - step))) / (2 * h)
    return jac


def complex_gradient(f, z, h=1e-6):
    """JAX's gradient of a real `f` at complex `z`, ∂f/∂Re z − i ∂f/∂Im z, by central
    differences along the real and the imaginary direction of each entry."""
    z = numpy.asarray(z, dtype=complex)
    grad = numpy.zeros(z.shape, dtype=complex)
    for index in numpy.ndindex(z.shape):
        step = numpy.zeros(z.shape, dtype=complex)
        step[index] = h
        along_real = (f(z + step) - f(z - step)) / (2 * h)
        along_imag = (f(z + 1j * step) - f(z - 1j * step)) / (2 * h)
        grad[index] = along_real - 1j * along_imag
    return grad


def richardson(f, x, h=1e-2):
    """f'(x) of a scalar function by Richardson extrapolation of central differences with
    steps h, h/2, h/4 (error O(h⁶) plus rounding)."""
    def central(step):
        return (f(x + step) - f(x - step)) / (2.0 * step)
    d1, d2, d4 = central(h), central(h / 2), central(h / 4)
    r1, r2 = (4 * d2 - d1) / 3, (4 * d4 - d2) / 3
    return (16 * r2 - r1) / 15


def assert_close(actual, expected, rtol, atol=0.0, why=""):
    """`numpy.testing.assert_allclose` with the reason for the tolerance in the message."""
    numpy.testing.assert_allclose(numpy.asarray(actual), numpy.asarray(expected), rtol=rtol,
                                  atol=atol, err_msg=why)
