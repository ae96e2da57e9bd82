"""`check_gradients`: a user's function differentiated three independent ways.

Where `check_primitives` audits the table entry by entry, this checks one
whole function: its Jacobian by forward mode, by reverse mode and by central
finite differences of plain NumPy evaluations must agree.  Complex arguments
and results are compared as pairs of real ones (Re, Im), where the three
agree whether or not the function is holomorphic.
"""
import numpy as np

from ..rules.complex_values import is_complex
from ..transforms.jacobians import jacobian
from ..transforms.pairs import as_pair, from_pair
from .errors import AuditError


def check_gradients(f, *args, rtol=1e-6, atol=1e-8):
    """Compare forward mode, reverse mode and finite differences on `f(*args)`.

    Returns the table of largest disagreements; raises `AuditError` with that
    table when two of them disagree beyond ``atol + rtol·|J|``.  A complex
    argument or result is compared as the pair (Re, Im).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> table = dt.check_gradients(lambda x: dt.numpy.sin(x) * x, np.array([0.5, 1.0]))
        >>> table = dt.check_gradients(lambda z: dt.numpy.conj(z) * z, np.array([1 + 2j]))
    """
    if any(is_complex(a) for a in args) or is_complex(f(*args)):
        f, args = _real_pairs(f, args)
    argnums = tuple(range(len(args)))
    fwd = jacobian(f, argnums, mode="forward")(*args)
    rev = jacobian(f, argnums, mode="reverse")(*args)
    fd = _fd_jacobian(f, args)
    rows = []
    failed = False
    for i in range(len(args)):
        jf, jr, jd = (np.asarray(fwd[i]), np.asarray(rev[i]), np.asarray(fd[i]))
        scale = float(np.max(np.abs(jr), initial=0.0))
        for a, b, label in ((jf, jr, "forward vs reverse"), (jf, jd, "forward vs finite-diff"),
                            (jr, jd, "reverse vs finite-diff")):
            err = float(np.max(np.abs(a - b), initial=0.0))
            bad = err > atol + rtol * scale
            failed |= bad
            rows.append((i, label, err, "FAIL" if bad else "ok"))
    table = "\n".join([f"{'arg':>3}  {'comparison':<24}  {'max |diff|':>10}  result"] +
                      [f"{i:>3}  {label:<24}  {err:>10.2e}  {v}" for i, label, err, v in rows])
    if failed:
        raise AuditError("check_gradients: the modes disagree\n" + table)
    return table


def _fd_jacobian(f, args, h=1e-5):
    jac = []
    base = np.asarray(f(*args), dtype=float)
    for i, a in enumerate(args):
        a = np.asarray(a, dtype=float)
        cols = np.zeros(base.shape + a.shape)
        for idx in np.ndindex(a.shape):
            step = h * (1.0 + abs(a[idx]))
            e = np.zeros(a.shape)
            e[idx] = step
            hi = list(args)
            lo = list(args)
            hi[i] = a + e if a.shape else float(a + e)
            lo[i] = a - e if a.shape else float(a - e)
            cols[(Ellipsis,) + idx] = (np.asarray(f(*hi)) - np.asarray(f(*lo))) / (2 * step)
        jac.append(cols)
    return jac


def _real_pairs(f, args):
    """`f` as a real function of real arguments: complex arguments and a complex
    result as their pairs (Re, Im)."""
    paired = [is_complex(a) for a in args]

    def f_of_pairs(*xs):
        out = f(*[from_pair(x) if p else x for x, p in zip(xs, paired)])
        return as_pair(out) if is_complex(out) else out
    return f_of_pairs, [np.asarray(as_pair(a)) if p else a for a, p in zip(args, paired)]
