"""Optional: dualtape against HIPS autograd (if installed) on the same scalar
loop and on a small NumPy gradient.  Figures, not assertions; autograd is not a
dependency of dualtape and this script is not part of the test suite.

    pip install autograd && python benchmarks/bench_peers.py
"""
import argparse

import numpy as np

import dualtape as dt
import dualtape.numpy as dnp
from timing import best_of

ITERATIONS = 1000
OPS = 6 * ITERATIONS


def scalar_loop(sin):
    def loop(x):
        for _ in range(ITERATIONS):
            x = sin(x) * 0.5 + x * x * 0.1 + 0.3
        return x
    return loop


def mlp_loss(np_):
    """A 2-layer MLP loss on a fixed batch, written against a NumPy-like module."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 20))
    y = rng.standard_normal(64)

    def loss(W1, W2):
        h = np_.tanh(X @ W1)
        return np_.mean((h @ W2 - y) ** 2)
    return loss, (rng.standard_normal((20, 32)) * 0.3, rng.standard_normal(32) * 0.3)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rows = []

    loop = scalar_loop(dnp.sin)
    rows.append(("scalar loop, reverse", "dualtape", best_of(lambda: dt.gradient(loop)(0.7), args.repeat),
                 dt.gradient(loop)(0.7)))
    loss, (W1, W2) = mlp_loss(dnp)
    g = dt.gradient(loss, argnums=(0, 1))
    rows.append(("MLP loss gradient", "dualtape", best_of(lambda: g(W1, W2), args.repeat),
                 float(np.sum(g(W1, W2)[0]))))
    try:
        import autograd
        import autograd.numpy as anp
    except ImportError:
        print("autograd is not installed: showing dualtape only (pip install autograd)")
    else:
        aloop = scalar_loop(anp.sin)
        rows.append(("scalar loop, reverse", "autograd", best_of(lambda: autograd.grad(aloop)(0.7), args.repeat),
                     autograd.grad(aloop)(0.7)))
        aloss, _ = mlp_loss(anp)
        ag = autograd.grad(aloss, argnum=(0, 1))
        rows.append(("MLP loss gradient", "autograd", best_of(lambda: ag(W1, W2), args.repeat),
                     float(np.sum(ag(W1, W2)[0]))))
    print(f"{'task':<22} {'library':<9} {'ms':>8}  {'check value':>22}")
    for task, lib, t, check in rows:
        print(f"{task:<22} {lib:<9} {t * 1e3:8.2f}  {check:22.15g}")
    print(f"(scalar loop: ~{OPS} operations; the check values of one task must agree across libraries)")


if __name__ == "__main__":
    main()
