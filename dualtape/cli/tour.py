"""The tour: what ``python -m dualtape`` prints.

The GradientTape tutorial's three programs, one function differentiated in
every mode side by side, and the audit summary.
"""
import io
import contextlib

import numpy as np

import dualtape as dt
from ..audit.primitives import CHECKS

TUTORIAL_PROGRAMS = {
    "a scalar gradient": '''\
import dualtape as tf

x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = x**2 + 2*x + 1
dy_dx = tape.gradient(y, x)
print(f"f(x) = {y.numpy()}, f'(x) = {dy_dx.numpy()}")
''',
    "two variables, one tape asked twice": '''\
import dualtape as tf

x = tf.Variable(3.0)
y = tf.Variable(4.0)
with tf.GradientTape() as tape:
    z = x**2 + y**2
dz_dx = tape.gradient(z, x)
dz_dy = tape.gradient(z, y)
print(f"f(x, y) = {z.numpy()}, df/dx = {dz_dx.numpy()}, df/dy = {dz_dy.numpy()}")
''',
    "a second derivative with nested tapes": '''\
import dualtape as tf

x = tf.Variable(2.0)
with tf.GradientTape() as tape1:
    with tf.GradientTape() as tape2:
        y = x**3
    dy_dx = tape2.gradient(y, x)
d2y_dx2 = tape1.gradient(dy_dx, x)
print(f"f(x) = {y.numpy()}, f'(x) = {dy_dx.numpy()}, f''(x) = {d2y_dx2.numpy()}")
''',
}


def run_program(source):
    """Run one tutorial program; return what it printed."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(source, "<tutorial>", "exec"), {"__name__": "__tutorial__"})
    return buffer.getvalue()


def cross_check_rows():
    """f(x, y) = sum(exp(sin(x)) * y**2) / 2 at fixed inputs: its gradient
    by every first-order route, and each route's largest deviation from the
    reverse-mode result."""
    dnp = dt.numpy

    def f(x, y):
        return dnp.sum(dnp.exp(dnp.sin(x)) * y ** 2) / 2.0

    x = np.array([0.3, -1.2, 2.0])
    y = np.array([1.5, 0.5, -0.7])
    reference = np.concatenate(dt.gradient(f, argnums=(0, 1))(x, y))

    def by_jvp():
        cols = []
        for which in (0, 1):
            for i in range(3):
                e = np.zeros(3)
                e[i] = 1.0
                tx, ty = (e, np.zeros(3)) if which == 0 else (np.zeros(3), e)
                cols.append(dt.jvp(f, (x, y), (tx, ty))[1])
        return np.array(cols)

    def by_vjp():
        _, pullback = dt.vjp(f, x, y)
        return np.concatenate(pullback(1.0))

    def by_tape():
        vx, vy = dt.Variable(x), dt.Variable(y)
        with dt.GradientTape() as tape:
            z = f(vx, vy)
        gx, gy = tape.gradient(z, [vx, vy])
        return np.concatenate([gx.numpy(), gy.numpy()])

    def by_jacfwd():
        return np.concatenate(dt.jacobian(f, argnums=(0, 1), mode="forward")(x, y))

    def along(i, t):
        """(x, y) moved by t along the i-th of the six input coordinates."""
        shift = np.zeros(6)
        shift[i] = 1.0
        return x + t * shift[:3], y + t * shift[3:]

    def by_hyperdual():
        # one HyperDual pass per coordinate: the ε1 part is the first derivative
        return np.array([f(*along(i, dt.HyperDual(0.0, 1.0, 1.0, 0.0))).e1 for i in range(6)])

    def by_jet():
        # one jet per coordinate: the first Taylor coefficient is the first derivative
        return np.array([f(*along(i, dt.Jet(0.0, [1.0]))).series[0] for i in range(6)])

    def by_fd():
        h = 1e-6
        z = np.concatenate([x, y])
        out = []
        for i in range(6):
            e = np.zeros(6)
            e[i] = h
            hi, lo = z + e, z - e
            out.append((float(f(hi[:3], hi[3:])) - float(f(lo[:3], lo[3:]))) / (2 * h))
        return np.array(out)

    routes = [("gradient (reverse)", lambda: reference), ("jvp (forward, 6 pushes)", by_jvp),
              ("vjp (reverse)", by_vjp), ("GradientTape", by_tape),
              ("jacobian (forward, 1 pass)", by_jacfwd), ("HyperDual (ε1 part, 6 passes)", by_hyperdual),
              ("Taylor jet (6 passes)", by_jet), ("central finite difference", by_fd)]
    return [(name, g, float(np.max(np.abs(g - reference)))) for name, g in
            ((name, fn()) for name, fn in routes)]


def main(out=print, progress=None):
    out("dualtape — automatic differentiation on NumPy, checked several ways.\n")
    out("1. The GradientTape tutorial, with `import dualtape as tf`:\n")
    for title, source in TUTORIAL_PROGRAMS.items():
        out(f"   # {title}")
        out("   " + run_program(source).strip())
    out("\n2. One function, every mode: the gradient of f(x, y) = sum(exp(sin(x)) * y**2) / 2")
    rows = cross_check_rows()
    out(f"   {'route':<30} {'gradient (x then y)':<58} {'max |diff|':>10}")
    for name, g, diff in rows:
        values = " ".join(f"{v:+.5f}" for v in g)
        out(f"   {name:<30} {values:<58} {diff:10.1e}")
    worst = max(d for name, _, d in rows if "finite" not in name)
    out(f"   largest disagreement between exact modes: {worst:.1e}")
    every = [name for name, _, _ in CHECKS if not name.startswith("complex")]
    complex_checks = [name for name, _, _ in CHECKS if name.startswith("complex")]
    out("\n3. The primitive audit, every entry checked " + str(len(every)) + " ways ("
        + ", ".join(every) + "), and the entries that take complex values "
        + str(len(complex_checks)) + " more (" + ", ".join(complex_checks) + "):")
    report = dt.check_primitives(progress=progress)   # `progress(done, total, name)` or None
    passed = sum(r["ok"] for r in report)
    out(f"   {passed} of {len(report)} primitives pass every check"
        + ("" if report.ok else "; failing: " + ", ".join(r["name"] for r in report.failures)))
    applied = {name: sum(r["errors"].get(name) is not None for r in report) for name in complex_checks}
    if complex_checks:
        out(f"   complex inputs checked on {applied[complex_checks[0]]} entries, "
            f"complex-step differentiation on {applied.get('complex-step', 0)}")
    out('\nMore: python -m dualtape diff "exp(sin(x)) * y**2" --at x=1.5,y=2 --order 2 | check | primitives')
    return 0 if report.ok else 1
