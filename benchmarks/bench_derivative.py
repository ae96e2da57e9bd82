"""k-th derivative of exp(sin(x)) at x = 0.5, k = 1..10: jets against nested modes.

Jets cost O(k²) per operation; nested tapes (gradient of gradient ...) and
nested jvps cost about 2^k.  Errors are relative to the closed form (sympy
values, also pinned in tests/test_closed_forms.py).  Figures, not assertions.

    python benchmarks/bench_derivative.py [--max-order 10] [--repeat 3]
"""
import argparse

import dualtape as dt
import dualtape.numpy as dnp
from timing import best_of

# d^k/dx^k exp(sin(x)) at x = 0.5, k = 1..10 (sympy, 25 digits rounded to double)
CLOSED_FORM = [1.4174242246593913, 0.46956439926573407, -2.3644414408552015, -5.707734036177334,
               1.1884191301934934, 43.171432177436074, 87.61809327504099, -270.9524141213228,
               -1894.584232092774, -854.0424919122208]
MODES = ("jet", "reverse", "forward")
LABELS = {"jet": "jet", "reverse": "nested tapes", "forward": "nested jvp"}


def f(x):
    return dnp.exp(dnp.sin(x))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-order", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    args = parser.parse_args(argv)
    print(f"{'k':>3}  " + "  ".join(f"{LABELS[m]:>24}" for m in args.modes) + "   (ms; rel. error)")
    for k in range(1, args.max_order + 1):
        cells = []
        for mode in args.modes:
            d = dt.derivative(f, order=k, mode=mode)
            err = abs(d(0.5) - CLOSED_FORM[k - 1]) / abs(CLOSED_FORM[k - 1])
            ms = 1e3 * best_of(lambda: d(0.5), args.repeat)
            cells.append(f"{ms:>11.2f} ms {err:>8.1e}")
        print(f"{k:>3}  " + "  ".join(f"{c:>24}" for c in cells))


if __name__ == "__main__":
    main()
