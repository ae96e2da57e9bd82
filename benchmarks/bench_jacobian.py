"""Reverse Jacobians against forward ones: ms per Jacobian, and jacrev / jacfwd.

W5's map tanh(A @ x) + x**2 at n = 100 (and --sizes), by jacfwd, jacrev,
``GradientTape.jacobian`` and, on a batch of 32 rows x, ``batch_jacobian``;
then W3's extended Rosenbrock Hessian by reverse-over-reverse (what the default,
"auto", takes for a scalar function) and by forward-over-reverse.  Every result
is checked against its closed form before it is timed.  Figures, not assertions.

    python benchmarks/bench_jacobian.py [--sizes 100] [--hessian-sizes 100 300] [--repeat 5]
"""
import argparse

import numpy as np

import dualtape as dt
import dualtape.numpy as dnp
from timing import best_of
from workloads import rosenbrock_hessian, tanh_map, tanh_map_data, tanh_map_jacobian

BATCH = 32


def w5(A):
    return lambda x: tanh_map(dnp, A, x)


def tape_jacobian(A, batched=False):
    """``GradientTape.jacobian`` (or ``batch_jacobian``) of W5's map at x."""
    def jacobian(x):
        v = dt.Variable(x)
        with dt.GradientTape() as tape:
            y = dnp.tanh(v @ A.T) + v ** 2
        return (tape.batch_jacobian(y, v) if batched else tape.jacobian(y, v)).numpy()
    return jacobian


def rosenbrock(x):
    return dnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def timed(fn, x, want, repeat):
    err = np.max(np.abs(np.asarray(fn(x)) - want)) / np.max(np.abs(want))
    return 1e3 * best_of(lambda: fn(x), repeat), err


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--hessian-sizes", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"{'n':>5}  {'variant':<28} {'ms':>9}  {'rel. error':>10}  {'/ jacfwd':>8}")
    for n in args.sizes:
        A, x = tanh_map_data(n)
        want = tanh_map_jacobian(A, x)
        xs = np.linspace(-1.0, 1.0, BATCH * n).reshape(BATCH, n)
        batch_want = np.stack([tanh_map_jacobian(A, row) for row in xs])
        forward = None
        for name, fn, point, expected in (
                ("jacfwd", dt.jacfwd(w5(A)), x, want),
                ("jacrev", dt.jacrev(w5(A)), x, want),
                ("GradientTape.jacobian", tape_jacobian(A), x, want),
                (f"batch_jacobian ({BATCH} rows)", tape_jacobian(A, batched=True), xs, batch_want)):
            ms, err = timed(fn, point, expected, args.repeat)
            forward = ms if forward is None else forward
            print(f"{n:>5}  {name:<28} {ms:>9.2f}  {err:>10.1e}  {ms / forward:>8.2f}")
    for n in args.hessian_sizes:
        x = np.linspace(-1.2, 1.2, n)
        want = rosenbrock_hessian(x)
        for mode in ("reverse-over-reverse", "forward-over-reverse"):
            ms, err = timed(dt.hessian(rosenbrock, mode=mode), x, want, args.repeat)
            print(f"{n:>5}  {'hessian ' + mode:<28} {ms:>9.2f}  {err:>10.1e}")


if __name__ == "__main__":
    main()
