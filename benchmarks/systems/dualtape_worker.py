"""The workloads W1-W6 differentiated by dualtape; run by ``benchmarks/run.py`` in a process of its own.

The first variant of each task is the one every other system is compared with.

    python -m benchmarks.systems.dualtape_worker --config '{...}' --out DIR
"""
import numpy as np

import dualtape as dt
import dualtape.numpy as dnp
import dualtape.special as dsp

from .. import workloads as w
from ..harness import Variant, worker_main

OPS = w.Ops(sin=dnp.sin, exp=dnp.exp, tanh=dnp.tanh, sum=dnp.sum,
            logsumexp_rows=lambda z: dsp.logsumexp(z, axis=1, keepdims=True))


def _loop_gradient(iterations):
    """The call: the reverse gradient of the scalar loop of that length (record + backward)."""
    def loop(x):
        return w.scalar_loop(dnp.sin, x, iterations)
    return lambda: dt.gradient(loop)(w.LOOP_START)


def _loop_jvp(iterations):
    """The call: the forward derivative of the scalar loop of that length."""
    def loop(x):
        return w.scalar_loop(dnp.sin, x, iterations)
    return lambda: dt.jvp(loop, (w.LOOP_START,), (1.0,))[1]


def scalar_loop():
    """W1: the reverse gradient and the forward derivative of the scalar loop.

    Example (a loop of two turns, against the chain rule written out):
        >>> import math
        >>> reverse, forward = scalar_loop()
        >>> want = w.scalar_loop_derivative(w.LOOP_START, 2)
        >>> [math.isclose(v.sized(2)(), want, rel_tol=1e-13) for v in (reverse, forward)]
        [True, True]
    """
    return [Variant("W1", "reverse", "gradient", "dualtape", None, sized=_loop_gradient),
            Variant("W1", "forward", "jvp", "dualtape", None, sized=_loop_jvp)]


def _read_only(a):
    """A read-only copy of array `a`."""
    a = a.copy()
    a.flags.writeable = False
    return a


def mlp():
    """W2: the gradient of the MLP loss in all four parameters, and the loss alone.

    A second gradient takes read-only arrays: dualtape then copies none of them (it
    copies a caller's writeable parameters, as JAX does, and the writeable data an
    adjoint reads, to catch a change before the backward pass), which shows what
    those guarantees cost.

    Example:
        >>> [v.method for v in mlp()][1:]
        ['gradient, read-only arrays (nothing copied)', 'function alone, on dualtape.numpy']
    """
    params, data = w.mlp_data()
    grad = dt.gradient(lambda *p: w.mlp_loss(OPS, p, data), argnums=(0, 1, 2, 3))
    frozen_params, frozen_data = tuple(map(_read_only, params)), tuple(map(_read_only, data))
    frozen_grad = dt.gradient(lambda *p: w.mlp_loss(OPS, p, frozen_data), argnums=(0, 1, 2, 3))
    return [Variant("W2", "gradient", "gradient", "dualtape", lambda: grad(*params)),
            Variant("W2", "gradient", "gradient, read-only arrays (nothing copied)", "dualtape",
                    lambda: frozen_grad(*frozen_params)),
            Variant("W2", "gradient", "function alone, on dualtape.numpy", "floor",
                    lambda: w.mlp_loss(OPS, params, data), check=False)]


def rosenbrock_hessian():
    """W3: the Hessian in each of dualtape's modes (the default, "auto", first).

    Example:
        >>> [v.method for v in rosenbrock_hessian()][:4]
        ['hessian auto', 'hessian reverse-over-reverse', 'hessian forward-over-reverse', 'hessian hyperdual']
    """
    variants = []
    for n in w.ROSENBROCK_SIZES:
        x = w.rosenbrock_input(n)
        for mode in ("auto", "reverse-over-reverse", "forward-over-reverse", "hyperdual"):
            hess = dt.hessian(lambda v: w.rosenbrock(OPS, v), mode=mode)
            variants.append(Variant("W3", f"n={n}", f"hessian {mode}", "dualtape",
                                    lambda hess=hess, x=x: hess(x)))
    return variants


def higher_derivative():
    """W4: the k-th derivative by jets (the default), nested jvp and nested tapes.

    Example:
        >>> first = higher_derivative()[0]
        >>> first.task, first.method, round(first.fn(), 12) == round(w.EXP_SIN_DERIVATIVES[0], 12)
        ('k=1', 'derivative (jet)', True)
    """
    variants = []
    for k in range(1, len(w.EXP_SIN_DERIVATIVES) + 1):
        for mode, label in (("jet", "derivative (jet)"), ("forward", "derivative (nested jvp)"),
                            ("reverse", "derivative (nested tapes)")):
            d = dt.derivative(lambda x: w.exp_sin(OPS, x), order=k, mode=mode)
            variants.append(Variant("W4", f"k={k}", label, "dualtape",
                                    lambda d=d: d(w.EXP_SIN_POINT)))
    return variants


def _tape_jacobian(f, x):
    source = dt.Variable(x)
    with dt.GradientTape() as tape:
        y = f(source)
    return tape.jacobian(y, source)


def tanh_map_jacobian():
    """W5: jacfwd, jacrev and GradientTape.jacobian.

    Example:
        >>> [(v.task, v.method) for v in tanh_map_jacobian()]
        [('forward', 'jacfwd'), ('reverse', 'jacrev'), ('reverse', 'GradientTape.jacobian')]
    """
    A, x = w.tanh_map_data()

    def f(v):
        return w.tanh_map(OPS, A, v)
    return [Variant("W5", "forward", "jacfwd", "dualtape", lambda: dt.jacfwd(f)(x)),
            Variant("W5", "reverse", "jacrev", "dualtape", lambda: dt.jacrev(f)(x)),
            Variant("W5", "reverse", "GradientTape.jacobian", "dualtape",
                    lambda: np.asarray(_tape_jacobian(f, x)))]


def long_chain():
    """W6: the gradient of the 100 000-op chain (the parent sets its length).

    Example:
        >>> import math
        >>> math.isclose(long_chain()[0].sized(3)(), w.scalar_loop_derivative(w.LOOP_START, 3), rel_tol=1e-13)
        True
    """
    return [Variant("W6", "gradient", "gradient", "dualtape", None, sized=_loop_gradient)]


BUILDERS = {"W1": scalar_loop, "W2": mlp, "W3": rosenbrock_hessian, "W4": higher_derivative,
            "W5": tanh_map_jacobian, "W6": long_chain}

if __name__ == "__main__":
    worker_main("dualtape", BUILDERS, np.asarray, {"dualtape": dt.__version__, "numpy": np.__version__})
