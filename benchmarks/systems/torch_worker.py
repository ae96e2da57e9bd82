"""The workloads W1-W6 differentiated by PyTorch, eager and ``torch.func``; run by ``benchmarks/run.py``.

float64 by default and one thread (``set_num_threads(1)`` beside the parent's
OMP_NUM_THREADS=1).  "eager" is the autograd engine (``torch.autograd.grad``,
forward-mode dual tensors, ``torch.autograd.functional``); ``torch.func`` is the
functional-transform API over the same kernels, also run op by op.  (No
examples here: the test suite runs without PyTorch installed.)

    python -m benchmarks.systems.torch_worker --config '{...}' --out DIR
"""
import numpy as np
import torch
import torch.autograd.forward_ad as forward_ad
import torch.func

from .. import workloads as w
from ..harness import Variant, worker_main

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
torch.set_default_dtype(torch.float64)

OPS = w.Ops(sin=torch.sin, exp=torch.exp, tanh=torch.tanh, sum=torch.sum,
            logsumexp_rows=lambda z: torch.logsumexp(z, dim=1, keepdim=True))


def _loop(iterations):
    """The scalar loop of that length, on tensors."""
    return lambda x: w.scalar_loop(torch.sin, x, iterations)


def _eager_grad(f, x0):
    """The gradient of scalar `f` at the float `x0` by the autograd engine (record + backward)."""
    x = torch.tensor(x0, requires_grad=True)
    (g,) = torch.autograd.grad(f(x), x)
    return g


def _eager_jvp(f, x0):
    """The derivative of `f` at the float `x0` by forward-mode dual tensors."""
    with forward_ad.dual_level():
        x = forward_ad.make_dual(torch.tensor(x0), torch.tensor(1.0))
        return forward_ad.unpack_dual(f(x)).tangent


def _loop_eager_grad(iterations):
    return lambda: _eager_grad(_loop(iterations), w.LOOP_START)


def _loop_func_grad(iterations):
    return lambda: torch.func.grad(_loop(iterations))(torch.tensor(w.LOOP_START))


def _loop_eager_jvp(iterations):
    return lambda: _eager_jvp(_loop(iterations), w.LOOP_START)


def _loop_func_jvp(iterations):
    return lambda: torch.func.jvp(_loop(iterations), (torch.tensor(w.LOOP_START),),
                                  (torch.tensor(1.0),))[1]


def scalar_loop():
    """W1: reverse and forward, eager and torch.func."""
    return [Variant("W1", "reverse", "autograd.grad", "eager", None, sized=_loop_eager_grad),
            Variant("W1", "reverse", "torch.func.grad", "eager", None, sized=_loop_func_grad),
            Variant("W1", "forward", "forward_ad dual tensors", "eager", None, sized=_loop_eager_jvp),
            Variant("W1", "forward", "torch.func.jvp", "eager", None, sized=_loop_func_jvp)]


def mlp():
    """W2: the gradient in all four parameters, eager and torch.func."""
    params, (X, Y) = w.mlp_data()
    data = (torch.from_numpy(X), torch.from_numpy(Y))
    plain = tuple(torch.from_numpy(p) for p in params)
    leaves = tuple(p.clone().requires_grad_() for p in plain)

    def loss(*p):
        return w.mlp_loss(OPS, p, data)
    func_grad = torch.func.grad(loss, argnums=(0, 1, 2, 3))
    return [Variant("W2", "gradient", "autograd.grad", "eager",
                    lambda: torch.autograd.grad(loss(*leaves), leaves)),
            Variant("W2", "gradient", "torch.func.grad", "eager", lambda: func_grad(*plain))]


def rosenbrock_hessian():
    """W3: torch.autograd.functional.hessian and torch.func.hessian."""
    def f(v):
        return w.rosenbrock(OPS, v)
    variants = []
    for n in w.ROSENBROCK_SIZES:
        x = torch.from_numpy(w.rosenbrock_input(n))
        variants += [Variant("W3", f"n={n}", "autograd.functional.hessian", "eager",
                             lambda x=x: torch.autograd.functional.hessian(f, x)),
                     Variant("W3", f"n={n}", "torch.func.hessian", "eager",
                             lambda x=x: torch.func.hessian(f)(x))]
    return variants


def _eager_derivative(f, x0, k):
    """The k-th derivative by k nested torch.autograd.grad calls, each recording the next."""
    x = torch.tensor(x0, requires_grad=True)
    y = f(x)
    for i in range(k):
        (y,) = torch.autograd.grad(y, x, create_graph=i < k - 1)
    return y


def _exp_sin(x):
    return w.exp_sin(OPS, x)


def higher_derivative():
    """W4: nested autograd.grad, and torch.func.grad nested k times."""
    variants, d, x = [], _exp_sin, torch.tensor(w.EXP_SIN_POINT)
    for k in range(1, len(w.EXP_SIN_DERIVATIVES) + 1):
        d = torch.func.grad(d)
        variants += [Variant("W4", f"k={k}", "autograd.grad nested", "eager",
                             lambda k=k: _eager_derivative(_exp_sin, w.EXP_SIN_POINT, k)),
                     Variant("W4", f"k={k}", "torch.func.grad nested", "eager", lambda d=d: d(x))]
    return variants


def tanh_map_jacobian():
    """W5: autograd.functional.jacobian in both modes, torch.func.jacfwd and jacrev."""
    A, x = (torch.from_numpy(a) for a in w.tanh_map_data())

    def f(v):
        return w.tanh_map(OPS, A, v)
    jacobian = torch.autograd.functional.jacobian
    return [Variant("W5", "forward", "autograd.functional.jacobian forward-mode", "eager",
                    lambda: jacobian(f, x, vectorize=True, strategy="forward-mode")),
            Variant("W5", "forward", "torch.func.jacfwd", "eager", lambda: torch.func.jacfwd(f)(x)),
            Variant("W5", "reverse", "autograd.functional.jacobian", "eager", lambda: jacobian(f, x)),
            Variant("W5", "reverse", "torch.func.jacrev", "eager", lambda: torch.func.jacrev(f)(x))]


def long_chain():
    """W6: the 100 000-op chain, eager and torch.func."""
    return [Variant("W6", "gradient", "autograd.grad", "eager", None, sized=_loop_eager_grad),
            Variant("W6", "gradient", "torch.func.grad", "eager", None, sized=_loop_func_grad)]


def _to_array(t):
    return t.detach().numpy() if isinstance(t, torch.Tensor) else t


BUILDERS = {"W1": scalar_loop, "W2": mlp, "W3": rosenbrock_hessian, "W4": higher_derivative,
            "W5": tanh_map_jacobian, "W6": long_chain}

if __name__ == "__main__":
    worker_main("torch", BUILDERS, _to_array, {"torch": torch.__version__, "numpy": np.__version__})
