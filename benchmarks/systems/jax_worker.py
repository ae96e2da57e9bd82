"""The workloads W1-W6 differentiated by JAX, op by op and under jit; run by ``benchmarks/run.py``.

Without ``jax.jit`` JAX dispatches each primitive as it comes ("op by op"), the
eager mode compared with dualtape; ``jax.jit`` of the same transform is a
compiled reference, reported apart (its warm-up call absorbs the compilation).
float64 through ``jax_enable_x64``; every timed call blocks until its result is
ready.  W6 has no jit: the 100 000-op loop unrolls into a program whose
compilation alone takes minutes.  (No examples here: the test suite runs
without JAX installed.)

    python -m benchmarks.systems.jax_worker --config '{...}' --out DIR
"""
from importlib.metadata import version

import jax
import jax.numpy as jnp
import numpy as np
from jax.experimental.jet import jet

from .. import workloads as w
from ..harness import Variant, worker_main

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

OPS = w.Ops(sin=jnp.sin, exp=jnp.exp, tanh=jnp.tanh, sum=jnp.sum,
            logsumexp_rows=lambda z: jax.nn.logsumexp(z, axis=1, keepdims=True))


def _ready(fn):
    """`fn` made to wait for its result: JAX dispatches asynchronously."""
    return lambda *args: jax.block_until_ready(fn(*args))


def _both(workload, task, method, fn, *args):
    """The op-by-op variant of `fn(*args)` and its jit-compiled reference."""
    return [Variant(workload, task, f"{method} (op by op)", "eager", lambda: _ready(fn)(*args)),
            Variant(workload, task, f"jit({method})", "compiled", lambda c=_ready(jax.jit(fn)): c(*args))]


def _loop(iterations):
    """The scalar loop of that length, on JAX values."""
    return lambda x: w.scalar_loop(jnp.sin, x, iterations)


def _loop_jvp(iterations):
    """The loop's forward derivative, as a function of the start."""
    return lambda x: jax.jvp(_loop(iterations), (x,), (jnp.ones_like(x),))[1]


def _loop_both(task, method, transform):
    """Op-by-op and jit variants of `transform(iterations)`, sized for the parent to choose the length."""
    def eager(iterations):
        fn = _ready(transform(iterations))
        return lambda: fn(jnp.asarray(w.LOOP_START))

    def compiled(iterations):
        fn = _ready(jax.jit(transform(iterations)))
        return lambda: fn(jnp.asarray(w.LOOP_START))
    return [Variant("W1", task, f"{method} (op by op)", "eager", None, sized=eager),
            Variant("W1", task, f"jit({method})", "compiled", None, sized=compiled)]


def scalar_loop():
    """W1: grad and jvp."""
    return (_loop_both("reverse", "grad", lambda n: jax.grad(_loop(n)))
            + _loop_both("forward", "jvp", _loop_jvp))


def mlp():
    """W2: grad in all four parameters."""
    params, data = w.mlp_data()
    params, data = tuple(map(jnp.asarray, params)), tuple(map(jnp.asarray, data))
    grad = jax.grad(lambda *p: w.mlp_loss(OPS, p, data), argnums=(0, 1, 2, 3))
    return _both("W2", "gradient", "grad", grad, *params)


def rosenbrock_hessian():
    """W3: jax.hessian (forward over reverse)."""
    hess = jax.hessian(lambda v: w.rosenbrock(OPS, v))
    return [v for n in w.ROSENBROCK_SIZES
            for v in _both("W3", f"n={n}", "hessian", hess, jnp.asarray(w.rosenbrock_input(n)))]


def _exp_sin(x):
    return w.exp_sin(OPS, x)


def _jet_derivative(k):
    """The k-th derivative read off one Taylor jet (jax.experimental.jet's terms are derivatives)."""
    seed = (1.0,) + (0.0,) * (k - 1)
    return lambda x: jet(_exp_sin, (x,), (seed,))[1][k - 1]


def higher_derivative():
    """W4: grad nested k times (op by op and jit), and jet op by op."""
    variants, d, x = [], _exp_sin, jnp.asarray(w.EXP_SIN_POINT)
    for k in range(1, len(w.EXP_SIN_DERIVATIVES) + 1):
        d = jax.grad(d)
        jet_k = _ready(_jet_derivative(k))
        variants += _both("W4", f"k={k}", "grad nested", d, x)
        variants.append(Variant("W4", f"k={k}", "jet (op by op)", "eager", lambda j=jet_k: j(x)))
    return variants


def tanh_map_jacobian():
    """W5: jacfwd and jacrev."""
    A, x = map(jnp.asarray, w.tanh_map_data())

    def f(v):
        return w.tanh_map(OPS, A, v)
    return _both("W5", "forward", "jacfwd", jax.jacfwd(f), x) + _both("W5", "reverse", "jacrev",
                                                                      jax.jacrev(f), x)


def long_chain():
    """W6: grad of the 100 000-op chain, op by op only."""
    def sized(iterations):
        grad = _ready(jax.grad(_loop(iterations)))
        return lambda: grad(jnp.asarray(w.LOOP_START))
    return [Variant("W6", "gradient", "grad (op by op)", "eager", None, sized=sized)]


BUILDERS = {"W1": scalar_loop, "W2": mlp, "W3": rosenbrock_hessian, "W4": higher_derivative,
            "W5": tanh_map_jacobian, "W6": long_chain}

if __name__ == "__main__":
    worker_main("jax", BUILDERS, np.asarray, {"jax": jax.__version__, "jaxlib": version("jaxlib"),
                                             "numpy": np.__version__})
