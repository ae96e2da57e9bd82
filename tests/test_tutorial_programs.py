"""The three GradientTape tutorial programs, with `import dualtape as tf`,
run unchanged and print exactly what TensorFlow prints."""
import contextlib
import io

import numpy as np
import pytest

from dualtape.cli.tour import TUTORIAL_PROGRAMS

SCALAR_GRADIENT = '''\
import dualtape as tf

x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = x**2 + 2*x + 1
dy_dx = tape.gradient(y, x)
print(f"f(x) = {y.numpy()}, f'(x) = {dy_dx.numpy()}")
'''

TWO_VARIABLES = '''\
import dualtape as tf

x = tf.Variable(3.0)
y = tf.Variable(4.0)
with tf.GradientTape() as tape:
    z = x**2 + y**2
dz_dx = tape.gradient(z, x)
dz_dy = tape.gradient(z, y)
print(f"f(x, y) = {z.numpy()}, df/dx = {dz_dx.numpy()}, df/dy = {dz_dy.numpy()}")
'''

NESTED_TAPES = '''\
import dualtape as tf

x = tf.Variable(2.0)
with tf.GradientTape() as tape1:
    with tf.GradientTape() as tape2:
        y = x**3
    dy_dx = tape2.gradient(y, x)
d2y_dx2 = tape1.gradient(dy_dx, x)
print(f"f(x) = {y.numpy()}, f'(x) = {dy_dx.numpy()}, f''(x) = {d2y_dx2.numpy()}")
'''

# Expected lines by hand: f = x^2+2x+1 at 3 is 16, f' = 2x+2 = 8; x^2+y^2 at (3, 4) is 25 with
# partials 2x = 6, 2y = 8; x^3 at 2 is 8, 3x^2 = 12, 6x = 12.
CASES = [
    (SCALAR_GRADIENT, "f(x) = 16.0, f'(x) = 8.0\n"),
    (TWO_VARIABLES, "f(x, y) = 25.0, df/dx = 6.0, df/dy = 8.0\n"),
    (NESTED_TAPES, "f(x) = 8.0, f'(x) = 12.0, f''(x) = 12.0\n"),
]


def _run(source):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(source, "<tutorial>", "exec"), {"__name__": "__tutorial__"})
    return buffer.getvalue()


@pytest.mark.parametrize("source, expected", CASES, ids=["scalar", "two-variables", "nested"])
def test_tutorial_program_prints_exactly_what_tensorflow_prints(source, expected):
    assert _run(source) == expected


def test_tour_carries_the_same_three_programs_verbatim():
    assert list(TUTORIAL_PROGRAMS.values()) == [src for src, _ in CASES]


def test_the_tours_cross_mode_table_agrees_with_the_closed_form_gradient():
    # f(x, y) = Σ exp(sin x) y² / 2:  ∂f/∂x = exp(sin x) cos(x) y² / 2,  ∂f/∂y = exp(sin x) y
    from dualtape.cli.tour import cross_check_rows
    x = np.array([0.3, -1.2, 2.0])
    y = np.array([1.5, 0.5, -0.7])
    closed = np.concatenate([np.exp(np.sin(x)) * np.cos(x) * y ** 2 / 2, np.exp(np.sin(x)) * y])
    rows = cross_check_rows()
    names = [name for name, _, _ in rows]
    assert any("HyperDual" in n for n in names) and any("jet" in n for n in names)
    for name, g, diff in rows:
        tol = 1e-8 if "finite" in name else 1e-14
        np.testing.assert_allclose(g, closed, rtol=tol, atol=tol, err_msg=name)
