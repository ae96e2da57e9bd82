"""Per-operation overhead on scalar code: plain, forward (Dual), reverse (tape).

The loop ``x = sin(x) * 0.5 + x * x * 0.1 + 0.3`` run 1000 times is about 6000
scalar operations.  Prints the time of plain evaluation, of the forward
derivative and of the reverse gradient (record + backward), µs per operation
and the ratios to plain evaluation.  Figures, not assertions.

    python benchmarks/bench_scalar_loop.py [--repeat 7]
"""
import argparse
import math

import dualtape as dt
from dualtape.numpy import sin
from timing import best_of

ITERATIONS = 1000
OPS_PER_ITERATION = 6          # sin, * 0.5, x * x, * 0.1, +, + 0.3


def loop_plain(x):
    for _ in range(ITERATIONS):
        x = math.sin(x) * 0.5 + x * x * 0.1 + 0.3
    return x


def loop_dualtape(x):
    for _ in range(ITERATIONS):
        x = sin(x) * 0.5 + x * x * 0.1 + 0.3
    return x


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    x0 = 0.7
    n_ops = ITERATIONS * OPS_PER_ITERATION

    plain = best_of(lambda: loop_plain(x0), args.repeat)
    plain_dnp = best_of(lambda: loop_dualtape(x0), args.repeat)
    forward = best_of(lambda: dt.jvp(loop_dualtape, (x0,), (1.0,)), args.repeat)
    reverse = best_of(lambda: dt.gradient(loop_dualtape)(x0), args.repeat)

    # The three derivatives must agree before their times mean anything.
    d_fwd = dt.jvp(loop_dualtape, (x0,), (1.0,))[1]
    d_rev = dt.gradient(loop_dualtape)(x0)
    h = 1e-6
    d_fd = (loop_plain(x0 + h) - loop_plain(x0 - h)) / (2 * h)

    print(f"scalar loop: {ITERATIONS} iterations of x = sin(x)*0.5 + x*x*0.1 + 0.3 "
          f"(~{n_ops} operations), best of {args.repeat}")
    print(f"{'mode':<34} {'total ms':>9} {'µs/op':>7} {'x plain':>8}")
    for name, t in [("plain Python floats (math.sin)", plain),
                    ("plain floats via dualtape.numpy", plain_dnp),
                    ("forward: jvp (Dual)", forward),
                    ("reverse: gradient (record+backward)", reverse)]:
        print(f"{name:<34} {t * 1e3:9.2f} {t / n_ops * 1e6:7.3f} {t / plain:8.1f}")
    print(f"derivatives: forward {d_fwd:.15g}, reverse {d_rev:.15g}, "
          f"finite difference {d_fd:.10g}")
    print(f"relative |forward - reverse| = {abs(d_fwd - d_rev) / abs(d_rev):.1e}  "
          f"(the map contracts by ~0.5 per step, so the derivative is tiny and the "
          f"finite difference underflows to 0)")


if __name__ == "__main__":
    main()
