"""Shared timing helper for the benchmark scripts."""
import math
import time


def best_of(fn, repeat):
    """The shortest wall-clock time of `repeat` calls of `fn()`, in seconds."""
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best
