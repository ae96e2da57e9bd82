"""Full Hessian of the extended Rosenbrock function, every mode: ms per Hessian.

f(x) = Σ 100 (x[i+1] - x[i]²)² + (1 - x[i])² at n = 3, 20, 100, 300.  Each
mode's Hessian is checked against the hand-written tridiagonal closed form
before it is timed.  The modes are timed in turns, in a new random order each
round (a mode that follows a large one otherwise pays for its memory), and
each keeps its fastest time.  The hyperdual mode, whose work grows like n², is
timed up to ``--hyperdual-up-to``.  Figures, not assertions.

    python benchmarks/bench_hessian.py [--sizes 3 20 100 300] [--rounds 20]
"""
import argparse
import random
import time

import numpy as np

import dualtape as dt
import dualtape.numpy as dnp
from workloads import rosenbrock_hessian as closed_form   # W3's closed form, written once

MODES = ("auto", "reverse-over-reverse", "forward-over-reverse", "hyperdual")


def rosenbrock(x):
    return dnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def fastest_in_turns(calls, rounds):
    """The fastest time of each call (a dict name -> function), timed in turns."""
    best = {name: float("inf") for name in calls}
    order = list(calls)
    for _ in range(rounds):
        random.shuffle(order)
        for name in order:
            start = time.perf_counter()
            calls[name]()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3, 20, 100, 300])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--hyperdual-up-to", type=int, default=100)
    args = parser.parse_args(argv)
    print(f"{'n':>5}  " + "  ".join(f"{m:>22}" for m in MODES) + "   (ms per Hessian; max rel. error)")
    for n in args.sizes:
        x = np.linspace(-1.2, 1.2, n)
        want = closed_form(x)
        calls, errors = {}, {}
        for mode in MODES:
            if mode == "hyperdual" and n > args.hyperdual_up_to:
                continue
            fn = dt.hessian(rosenbrock, mode=mode)
            errors[mode] = np.max(np.abs(np.asarray(fn(x)) - want)) / np.max(np.abs(want))
            calls[mode] = (lambda fn: lambda: fn(x))(fn)
        best = fastest_in_turns(calls, args.rounds)
        cells = [f"{1e3 * best[m]:>10.2f} ms {errors[m]:>8.1e}" if m in best else f"{'-':>22}"
                 for m in MODES]
        print(f"{n:>5}  " + "  ".join(f"{c:>22}" for c in cells))


if __name__ == "__main__":
    main()
