"""Sparse Jacobians and Hessians: colours, accuracy and time.  Figures, not assertions.

* extended Rosenbrock, n = 10 000: `sparse_hessian` against the closed-form
  tridiagonal Hessian, its colours, its time with the pattern reused and
  without (detection and colouring included) against `gradient` at the same n;
* n = 1 000: `sparse_hessian` against the dense `hessian` (forward-over-reverse);
* the Bratu residual Δu + λ eᵘ on a 100 × 100 grid (5-point stencil):
  `sparse_jacobian`'s colours and time in forward and in reverse mode, and its
  match with `jacobian` on a smaller grid;
* detection and colouring time for n = 10³, 10⁴, 10⁵, per non-zero.

Times are the CPU time of this process (best of --repeat, best of 3 for the
detection table), so that other work on a shared machine counts as little as
it can; on an idle machine they are the wall time.

    python benchmarks/bench_sparse.py [--repeat 20]
"""
import argparse
import time

import numpy as np

import dualtape as dt
import dualtape.numpy as dnp


def best_of(*fns, repeat):
    """The smallest CPU time of `repeat` calls of each of `fns`, in seconds; the
    calls alternate, so that a change in the machine's load hits all alike."""
    times = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times):
            started = time.process_time()
            fn()
            spent.append(time.process_time() - started)
    return [min(spent) for spent in times] if len(fns) > 1 else min(times[0])


def rosenbrock(x):
    return dnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def rosenbrock_hessian(x):
    """Closed form: (diagonal, super-diagonal) of the tridiagonal Hessian."""
    d = np.zeros(x.size)
    d[:-1] += 1200.0 * x[:-1] ** 2 - 400.0 * x[1:] + 2.0
    d[1:] += 200.0
    return d, -400.0 * x[:-1]


def bratu(u, lam=6.0):
    h2 = (u.shape[0] + 1) ** 2
    p = dnp.pad(u, 1)
    return (p[2:, 1:-1] + p[:-2, 1:-1] + p[1:-1, 2:] + p[1:-1, :-2] - 4.0 * u) * h2 + lam * dnp.exp(u)


def tridiagonal_error(H, x):
    d, off = rosenbrock_hessian(x)
    want = np.zeros(H.nnz)
    diag, upper, lower = H.rows == H.cols, H.cols == H.rows + 1, H.cols == H.rows - 1
    want[diag], want[upper], want[lower] = d, off, off
    if not (diag | upper | lower).all() or H.nnz != 3 * x.size - 2:
        return np.inf
    return np.max(np.abs(H.values - want)) / np.max(np.abs(want))


def rosenbrock_at(n, repeat):
    x = np.linspace(-1.2, 1.2, n)
    H = dt.sparse_hessian(rosenbrock)
    result = H(x)                                        # detects and colours
    reused, grad = best_of(lambda: H(x), lambda: dt.gradient(rosenbrock)(x), repeat=repeat)
    fresh = best_of(lambda: dt.sparse_hessian(rosenbrock)(x), repeat=repeat)
    return x, result, reused, fresh, grad


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    r = args.repeat

    print("extended Rosenbrock, n = 10 000")
    x, H, reused, fresh, grad = rosenbrock_at(10_000, r)
    print(f"  sparse_hessian: {H.ncolors} colours, {H.nnz} non-zeros, max rel. error against the "
          f"closed form {tridiagonal_error(H, x):.1e}")
    print(f"  pattern reused {1e3 * reused:8.2f} ms   gradient {1e3 * grad:6.2f} ms   "
          f"ratio {reused / grad:5.1f}x")
    print(f"  without reuse  {1e3 * fresh:8.2f} ms   (detection + colouring + passes; "
          f"ratio {fresh / grad:5.1f}x)")

    print("\nextended Rosenbrock, n = 1 000: sparse against dense (forward-over-reverse)")
    x, H, reused, fresh, grad = rosenbrock_at(1_000, r)
    dense_fn = dt.hessian(rosenbrock)
    dense = best_of(lambda: dense_fn(x), repeat=max(1, r // 2))
    error = np.max(np.abs(H.toarray() - dense_fn(x))) / np.max(np.abs(dense_fn(x)))
    print(f"  dense hessian {1e3 * dense:8.2f} ms   sparse, reused {1e3 * reused:6.2f} ms "
          f"(speed-up {dense / reused:6.1f}x)   without reuse {1e3 * fresh:6.2f} ms "
          f"(speed-up {dense / fresh:5.1f}x)   max rel. difference {error:.1e}")

    print("\nBratu, Δu + λ eᵘ = 0 with λ = 6, 5-point stencil")
    small = 0.1 * np.random.default_rng(0).standard_normal((20, 20))
    J_small = dt.sparse_jacobian(bratu)(small).toarray()
    dense_small = np.asarray(dt.jacobian(bratu)(small)).reshape(400, 400)
    print(f"  20 × 20: max abs. difference to jacobian {np.max(np.abs(J_small - dense_small)):.1e}")
    u = np.zeros((100, 100))
    J = dt.sparse_jacobian(bratu)
    started = time.process_time()
    first = J(u)
    detect = time.process_time() - started
    reused = best_of(lambda: J(u), repeat=r)
    print(f"  100 × 100: {first.ncolors} colours ({first.mode}), {first.nnz} non-zeros, first call "
          f"{1e3 * detect:7.1f} ms, reused {1e3 * reused:6.2f} ms")
    J_rev = dt.sparse_jacobian(bratu, mode="reverse")
    rev = J_rev(u)
    reused_rev = best_of(lambda: J_rev(u), repeat=r)
    print(f"  100 × 100, mode='reverse': {rev.ncolors} row colours, reused {1e3 * reused_rev:6.2f} ms, "
          f"max abs. difference to forward {np.max(np.abs(rev.values - first.values)):.1e}")

    print("\ndetection + colouring (ms), and per non-zero (µs)")
    print(f"  {'n':>7}  {'Rosenbrock Hessian':>28}  {'Bratu Jacobian':>28}")
    for n in (1_000, 10_000, 100_000):
        x = np.linspace(-1.2, 1.2, n)
        side = int(round(np.sqrt(n)))
        cells = []
        for detect_fn, point in ((dt.hessian_sparsity(rosenbrock), x),
                                 (dt.jacobian_sparsity(bratu), np.zeros((side, side)))):
            def detect_and_colour():
                p = detect_fn(point)
                p.colors
                return p
            p = detect_and_colour()
            t = best_of(detect_and_colour, repeat=3)
            cells.append(f"{1e3 * t:8.1f} ms {1e6 * t / p.nnz:5.2f} µs/nz {p.ncolors:2d} col")
        print(f"  {n:>7}  " + "  ".join(cells))


if __name__ == "__main__":
    main()
