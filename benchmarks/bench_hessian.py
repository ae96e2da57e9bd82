"""Full Hessian of the extended Rosenbrock function, every mode: ms per Hessian.

f(x) = Σ 100 (x[i+1] - x[i]²)² + (1 - x[i])² at n = 10, 100, 300.  Each mode's
Hessian is checked against the hand-written tridiagonal closed form before it is
timed.  Figures, not assertions.

    python benchmarks/bench_hessian.py [--sizes 10 100 300] [--repeat 3]
"""
import argparse

import numpy as np

import dualtape as dt
import dualtape.numpy as dnp
from timing import best_of
from workloads import rosenbrock_hessian as closed_form   # W3's closed form, written once

MODES = ("forward-over-reverse", "reverse-over-reverse", "hyperdual", "jacobian(gradient)")


def rosenbrock(x):
    return dnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def hessian_fn(mode):
    if mode == "jacobian(gradient)":
        return dt.jacobian(dt.gradient(rosenbrock))
    return dt.hessian(rosenbrock, mode=mode)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 300])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{'n':>5}  " + "  ".join(f"{m:>22}" for m in MODES) + "   (ms per Hessian; max rel. error)")
    for n in args.sizes:
        x = np.linspace(-1.2, 1.2, n)
        want = closed_form(x)
        cells = []
        for mode in MODES:
            fn = hessian_fn(mode)
            H = np.asarray(fn(x))
            err = np.max(np.abs(H - want)) / np.max(np.abs(want))
            ms = 1e3 * best_of(lambda: fn(x), args.repeat)
            cells.append(f"{ms:>10.1f} ms {err:>8.1e}")
        print(f"{n:>5}  " + "  ".join(f"{c:>22}" for c in cells))


if __name__ == "__main__":
    main()
