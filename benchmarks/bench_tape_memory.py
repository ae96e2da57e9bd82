"""Peak memory of GradientTape programs: does a tape's memory come back when it is dropped?

Two programs, each measured with `tracemalloc` (NumPy reports its array buffers
to it) as the peak above the memory in use before the program starts:

* a TensorFlow-style training loop: a Variable of SIZE megabytes, one new
  ``GradientTape`` per step, ``tape.gradient`` then ``assign_sub``, for STEPS
  steps; the same loop with ``tape.reset()`` after each gradient is printed
  beside it (its records are freed explicitly, so it shows what one step needs);
* two nested tapes (a second derivative), measured after ``del`` of the tapes
  and every tensor: what is still held.

Python's garbage collector runs as usual: memory that only the collector can
free (a reference cycle) shows as growth over the steps.  Figures, not
assertions; ``--no-gc`` disables the collector to show the worst case.

    python benchmarks/bench_tape_memory.py [--size 8] [--steps 200] [--no-gc]
"""
import argparse
import gc
import tracemalloc

import numpy as np

import dualtape as dt
import dualtape.numpy as dnp

MB = 2 ** 20


def training_loop(size_mb, steps, reset):
    """Fit w to a target by gradient descent, one tape per step (as TensorFlow's guides do)."""
    n = int(size_mb * MB) // 8
    target = np.linspace(-1.0, 1.0, n)
    w = dt.Variable(np.zeros(n))
    for _ in range(steps):
        with dt.GradientTape() as tape:
            loss = dnp.sum((w - target) ** 2)
        grad = tape.gradient(loss, w)
        if reset:
            tape.reset()
        w.assign_sub(0.1 * grad)
    return float(loss)


def nested_tapes(size_mb):
    """The second derivative of sum(sin(x)) with two nested tapes; everything dropped."""
    n = int(size_mb * MB) // 8
    x = dt.Variable(np.linspace(0.0, 1.0, n))
    with dt.GradientTape() as outer:
        with dt.GradientTape() as inner:
            y = dnp.sum(dnp.sin(x))
        dy = inner.gradient(y, x)
    d2y = outer.gradient(dy, x)
    del outer, inner, y, dy, d2y, x


def peak_above_start(program):
    """(peak, still held afterwards) in MB above the memory in use before `program` ran."""
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    program()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (peak - start) / MB, (held - start) / MB


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=8.0, help="Variable size in MB")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--no-gc", action="store_true", help="disable the garbage collector")
    args = parser.parse_args(argv)
    if args.no_gc:
        gc.disable()
    gc.collect()
    where = "collector disabled" if args.no_gc else "collector on"
    print(f"GradientTape memory, {args.size:g} MB Variable, {args.steps} steps ({where})")
    for label, reset in (("new tape per step", False), ("same, with tape.reset()", True)):
        peak, held = peak_above_start(lambda: training_loop(args.size, args.steps, reset))
        gc.collect()
        print(f"  training loop, {label:24s} peak +{peak:8.1f} MB   held after +{held:8.1f} MB")
    peak, held = peak_above_start(lambda: nested_tapes(args.size))
    print(f"  nested tapes, after del                  peak +{peak:8.1f} MB   held after +{held:8.1f} MB")


if __name__ == "__main__":
    main()
