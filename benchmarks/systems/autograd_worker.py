"""The workloads W1-W6 differentiated by HIPS autograd; run by ``benchmarks/run.py`` in its own process.

autograd has no forward-mode Jacobian, so W5 runs in reverse only.  (No
examples here: the test suite runs without autograd installed.)

    python -m benchmarks.systems.autograd_worker --config '{...}' --out DIR
"""
from importlib.metadata import version

import autograd
import autograd.numpy as anp
import numpy as np
from autograd.scipy.special import logsumexp

from .. import workloads as w
from ..harness import Variant, worker_main

OPS = w.Ops(sin=anp.sin, exp=anp.exp, tanh=anp.tanh, sum=anp.sum,
            logsumexp_rows=lambda z: logsumexp(z, axis=1, keepdims=True))


def _loop_grad(iterations):
    """The call: grad of the scalar loop of that length."""
    def loop(x):
        return w.scalar_loop(anp.sin, x, iterations)
    return lambda: autograd.grad(loop)(w.LOOP_START)


def _loop_jvp(iterations):
    """The call: the forward derivative (make_jvp) of the scalar loop of that length."""
    def loop(x):
        return w.scalar_loop(anp.sin, x, iterations)
    return lambda: autograd.make_jvp(loop)(w.LOOP_START)(1.0)[1]


def scalar_loop():
    """W1: grad, and forward mode by make_jvp."""
    return [Variant("W1", "reverse", "grad", "eager", None, sized=_loop_grad),
            Variant("W1", "forward", "make_jvp", "eager", None, sized=_loop_jvp)]


def mlp():
    """W2: grad in all four parameters."""
    params, data = w.mlp_data()
    grad = autograd.grad(lambda *p: w.mlp_loss(OPS, p, data), argnum=(0, 1, 2, 3))
    return [Variant("W2", "gradient", "grad", "eager", lambda: grad(*params))]


def rosenbrock_hessian():
    """W3: autograd.hessian (a reverse Jacobian of a reverse Jacobian)."""
    hess = autograd.hessian(lambda v: w.rosenbrock(OPS, v))
    return [Variant("W3", f"n={n}", "hessian", "eager", lambda x=w.rosenbrock_input(n): hess(x))
            for n in w.ROSENBROCK_SIZES]


def _exp_sin(x):
    return w.exp_sin(OPS, x)


def higher_derivative():
    """W4: grad nested k times."""
    variants, d = [], _exp_sin
    for k in range(1, len(w.EXP_SIN_DERIVATIVES) + 1):
        d = autograd.grad(d)
        variants.append(Variant("W4", f"k={k}", "grad nested", "eager",
                                lambda d=d: d(w.EXP_SIN_POINT)))
    return variants


def tanh_map_jacobian():
    """W5: autograd.jacobian (reverse)."""
    A, x = w.tanh_map_data()
    jac = autograd.jacobian(lambda v: w.tanh_map(OPS, A, v))
    return [Variant("W5", "reverse", "jacobian", "eager", lambda: jac(x))]


def long_chain():
    """W6: grad of the 100 000-op chain."""
    return [Variant("W6", "gradient", "grad", "eager", None, sized=_loop_grad)]


BUILDERS = {"W1": scalar_loop, "W2": mlp, "W3": rosenbrock_hessian, "W4": higher_derivative,
            "W5": tanh_map_jacobian, "W6": long_chain}


if __name__ == "__main__":
    worker_main("autograd", BUILDERS, np.asarray, {"autograd": version("autograd"), "numpy": np.__version__})
