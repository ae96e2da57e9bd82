"""Per-operation overhead on scalar code: plain, forward (Dual), reverse (tape).

The loop ``x = sin(x) * 0.5 + x * x * 0.1 + 0.3`` run 1000 times is about 6000
scalar operations.  Prints the time of plain evaluation, of the forward
derivative and of the reverse gradient (record + backward, and the recording
alone), µs per operation and the ratios to plain evaluation; then the second
derivative by a tape over a tape, ``gradient(gradient(f))``, against the first.
Figures, not assertions.

``--complex`` runs the same loop on complex numbers as well (from 0.7 + 0.2i;
the loop is holomorphic, so the reverse gradient takes ``holomorphic=True``)
and prints each mode's complex time over its real time.

    python benchmarks/bench_scalar_loop.py [--repeat 7] [--complex]
"""
import argparse
import cmath
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


def loop_plain_complex(x):
    for _ in range(ITERATIONS):
        x = cmath.sin(x) * 0.5 + x * x * 0.1 + 0.3
    return x


def loop_dualtape(x):
    for _ in range(ITERATIONS):
        x = sin(x) * 0.5 + x * x * 0.1 + 0.3
    return x


def times(x0, plain, repeat):
    """Seconds for plain Python, plain dualtape.numpy, forward and reverse mode (and,
    for a real x0, the recording alone and the second derivative by tape over tape)."""
    one = 1.0 if type(x0) is float else 1.0 + 0j
    holomorphic = type(x0) is complex
    t = {"plain": best_of(lambda: plain(x0), repeat),
         "plain_dnp": best_of(lambda: loop_dualtape(x0), repeat),
         "forward": best_of(lambda: dt.jvp(loop_dualtape, (x0,), (one,)), repeat),
         "reverse": best_of(lambda: dt.gradient(loop_dualtape, holomorphic=holomorphic)(x0),
                            repeat)}
    if not holomorphic:
        t["record"] = best_of(lambda: dt.vjp(loop_dualtape, x0), repeat)
        t["backward"] = t["reverse"] - t["record"]
        second = dt.gradient(dt.gradient(loop_dualtape))
        t["second"] = best_of(lambda: second(x0), max(1, repeat // 2))
    return t


def derivatives(x0, plain):
    """The derivative forward, reverse and by a central difference (real direction)."""
    one = 1.0 if type(x0) is float else 1.0 + 0j
    d_fwd = dt.jvp(loop_dualtape, (x0,), (one,))[1]
    d_rev = dt.gradient(loop_dualtape, holomorphic=type(x0) is complex)(x0)
    h = 1e-6
    return d_fwd, d_rev, (plain(x0 + h) - plain(x0 - h)) / (2 * h)


def report(title, t, n_ops):
    print(title)
    print(f"{'mode':<34} {'total ms':>9} {'µs/op':>7} {'x plain':>8}")
    for name, key in [("plain Python (math / cmath .sin)", "plain"),
                      ("plain values via dualtape.numpy", "plain_dnp"),
                      ("forward: jvp (Dual)", "forward"),
                      ("reverse: gradient (record+backward)", "reverse"),
                      ("  of which recording (vjp)", "record"),
                      ("  and the backward pass", "backward"),
                      ("second derivative: tape over tape", "second")]:
        if key in t:
            print(f"{name:<34} {t[key] * 1e3:9.2f} {t[key] / n_ops * 1e6:7.3f} "
                  f"{t[key] / t['plain']:8.1f}")
    if "second" in t:
        print(f"second derivative / first (gradient of gradient / gradient): "
              f"{t['second'] / t['reverse']:.2f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--complex", action="store_true",
                        help="also time the loop on complex numbers, against the real loop")
    args = parser.parse_args(argv)
    n_ops = ITERATIONS * OPS_PER_ITERATION
    head = (f"scalar loop: {ITERATIONS} iterations of x = sin(x)*0.5 + x*x*0.1 + 0.3 "
            f"(~{n_ops} operations), best of {args.repeat}")

    real = times(0.7, loop_plain, args.repeat)
    report(head + ", x0 = 0.7", real, n_ops)
    # The derivatives must agree before their times mean anything.
    d_fwd, d_rev, d_fd = derivatives(0.7, loop_plain)
    print(f"derivatives: forward {d_fwd:.15g}, reverse {d_rev:.15g}, "
          f"finite difference {d_fd:.10g}")
    print(f"relative |forward - reverse| = {abs(d_fwd - d_rev) / abs(d_rev):.1e}  "
          f"(the map contracts by ~0.5 per step, so the derivative is tiny and the "
          f"finite difference underflows to 0)")
    if not args.complex:
        return

    x0 = 0.7 + 0.2j
    cplx = times(x0, loop_plain_complex, args.repeat)
    print()
    report(head + f", x0 = {x0}", cplx, n_ops)
    d_fwd, d_rev, _ = derivatives(x0, loop_plain_complex)
    print(f"derivatives: forward {d_fwd:.6g}, reverse {d_rev:.6g}, "
          f"relative |forward - reverse| = {abs(d_fwd - d_rev) / abs(d_rev):.1e}")
    print("\ncomplex time / real time, per mode (the aim: at most 2):")
    for name, key in [("plain values via dualtape.numpy", "plain_dnp"), ("forward", "forward"),
                      ("reverse", "reverse")]:
        print(f"  {name:<33} {cplx[key] / real[key]:5.2f}")


if __name__ == "__main__":
    main()
