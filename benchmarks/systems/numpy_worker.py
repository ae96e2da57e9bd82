"""The cost floors, with no automatic differentiation: each function alone, and derivatives by hand.

Run by ``benchmarks/run.py`` in a process of its own, like the systems it is the
floor for.  Plain Python floats (``math.sin``) for the scalar loops, NumPy for
the arrays.

    python -m benchmarks.systems.numpy_worker --config '{...}' --out DIR
"""
import functools
import math

import numpy as np

from .. import workloads as w
from ..harness import Variant, worker_main


def _loop_value(iterations):
    """The call: the scalar loop of that length on plain floats."""
    return functools.partial(w.scalar_loop, math.sin, w.LOOP_START, iterations)


def _loop_by_hand(iterations):
    """The call: the loop's derivative by the chain rule written out."""
    return functools.partial(w.scalar_loop_derivative, w.LOOP_START, iterations)


def _value(workload, task, fn):
    return Variant(workload, task, "function alone", "floor", fn, check=False)


def scalar_loop():
    """W1: the loop on plain floats, and its derivative by the chain rule written out.

    Example:
        >>> [(v.task, v.method) for v in scalar_loop()][:2]
        [('reverse', 'function alone'), ('reverse', 'chain rule by hand')]
    """
    variants = []
    for task in ("reverse", "forward"):
        variants += [Variant("W1", task, "function alone", "floor", None, check=False, sized=_loop_value),
                     Variant("W1", task, "chain rule by hand", "floor", None, sized=_loop_by_hand)]
    return variants


def mlp():
    """W2: the loss alone, and the gradient by a hand-written backward pass.

    Example:
        >>> [v.method for v in mlp()]
        ['function alone', 'hand-written backprop']
    """
    params, data = w.mlp_data()
    return [_value("W2", "gradient", lambda: w.mlp_loss(w.NUMPY_OPS, params, data)),
            Variant("W2", "gradient", "hand-written backprop", "floor",
                    lambda: w.mlp_backprop(params, data))]


def rosenbrock_hessian():
    """W3: the function alone and the tridiagonal Hessian in closed form.

    Example:
        >>> sorted({v.method for v in rosenbrock_hessian()})
        ['closed form', 'function alone']
    """
    variants = []
    for n in w.ROSENBROCK_SIZES:
        x = w.rosenbrock_input(n)
        variants += [_value("W3", f"n={n}", lambda x=x: w.rosenbrock(w.NUMPY_OPS, x)),
                     Variant("W3", f"n={n}", "closed form", "floor",
                             lambda x=x: w.rosenbrock_hessian(x))]
    return variants


def tanh_map_jacobian():
    """W5: the function alone and the Jacobian in closed form, for both tasks.

    Example:
        >>> [(v.task, v.method) for v in tanh_map_jacobian()][:2]
        [('forward', 'function alone'), ('forward', 'closed form')]
    """
    A, x = w.tanh_map_data()
    variants = []
    for task in ("forward", "reverse"):
        variants += [_value("W5", task, lambda: w.tanh_map(w.NUMPY_OPS, A, x)),
                     Variant("W5", task, "closed form", "floor", lambda: w.tanh_map_jacobian(A, x))]
    return variants


def long_chain():
    """W6: the 100 000-op chain on plain floats, with no tape.

    Example:
        >>> long_chain()[0].sized(2)() == w.scalar_loop(math.sin, w.LOOP_START, 2)
        True
    """
    return [Variant("W6", "gradient", "function alone", "floor", None, check=False, sized=_loop_value)]


BUILDERS = {"W1": scalar_loop, "W2": mlp, "W3": rosenbrock_hessian, "W5": tanh_map_jacobian,
            "W6": long_chain}

if __name__ == "__main__":
    worker_main("numpy", BUILDERS, np.asarray, {"numpy": np.__version__})
