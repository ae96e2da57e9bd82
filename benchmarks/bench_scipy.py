"""dualtape.scipy: what importing costs, and the gradients of the likelihoods people fit.

Prints the import time of dualtape (which never imports SciPy) beside that of
``scipy.special``, then the time of one gradient (forward and reverse mode) and
one SciPy-only evaluation of: a Student-t regression log-likelihood, a
Gaussian-process negative log-likelihood through cho_factor/cho_solve, Σ w·expm(A),
and the bivariate normal CDF.  Figures, not assertions.

    python benchmarks/bench_scipy.py [--repeat 5]
"""
import argparse
import subprocess
import sys

import numpy as np
import scipy.linalg as sl
import scipy.stats as st

import dualtape as dt
import dualtape.numpy as dnp
import dualtape.scipy.linalg as dsl
import dualtape.scipy.stats as dst
from timing import best_of

RNG = np.random.default_rng(0)


def import_seconds(statement, repeat):
    """The best wall-clock time of a fresh interpreter running `statement`, minus an empty one."""
    def run(code):
        return best_of(lambda: subprocess.run([sys.executable, "-c", code], check=True), repeat)
    return run(statement) - run("pass")


def student_t(n):
    x = np.linspace(-2.0, 3.0, n)
    y = 0.7 - 1.3 * x + 0.5 * RNG.standard_t(4.0, n)

    def ours(theta):
        return dnp.sum(dst.t.logpdf(y, dnp.exp(theta[3]), loc=theta[0] + theta[1] * x,
                                    scale=dnp.exp(theta[2])))

    def scipys(theta):
        return np.sum(st.t.logpdf(y, np.exp(theta[3]), loc=theta[0] + theta[1] * x, scale=np.exp(theta[2])))
    return ours, scipys, np.array([0.5, -1.0, -0.5, 1.2])


def gaussian_process(n):
    x = np.sort(RNG.uniform(0.0, 5.0, n))
    y = np.sin(1.7 * x) + 0.1 * RNG.standard_normal(n)
    d2 = (x[:, None] - x[None, :]) ** 2

    def kernel(theta, exp):
        return exp(theta[0]) * exp(-0.5 * d2 / exp(theta[1]) ** 2) + exp(theta[2]) ** 2 * np.eye(n)

    def ours(theta):
        c = dsl.cho_factor(kernel(theta, dnp.exp), lower=True)
        return 0.5 * dnp.dot(y, dsl.cho_solve(c, y)) + dnp.sum(dnp.log(dnp.diagonal(c[0])))

    def scipys(theta):
        c = sl.cho_factor(kernel(theta, np.exp), lower=True)
        return 0.5 * y @ sl.cho_solve(c, y) + np.sum(np.log(np.diagonal(c[0])))
    return ours, scipys, np.log(np.array([1.0, 0.8, 0.2]))


def matrix_exponential(n):
    w = RNG.standard_normal((n, n))
    return (lambda a: dnp.sum(dsl.expm(a) * w)), (lambda a: np.sum(sl.expm(a) * w)), \
        0.3 * RNG.standard_normal((n, n))


def bivariate_cdf(_):
    cov = np.array([[1.5, 0.6], [0.6, 0.8]])
    return (lambda x: dst.multivariate_normal.cdf(x, np.zeros(2), cov)), \
        (lambda x: st.multivariate_normal.cdf(x, np.zeros(2), cov)), np.array([0.7, 0.3])


CASES = [("Student-t log-likelihood", student_t, 1000), ("GP negative log-likelihood", gaussian_process, 100),
         ("sum of w * expm(A)", matrix_exponential, 10), ("bivariate normal CDF", bivariate_cdf, 2)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"import dualtape        {1e3 * import_seconds('import dualtape', args.repeat):8.1f} ms "
          f"(SciPy not imported)")
    print(f"import scipy.special   {1e3 * import_seconds('import scipy.special', args.repeat):8.1f} ms")
    print(f"\n{'workload':<28} {'size':>5} {'SciPy value':>12} {'forward grad':>13} {'reverse grad':>13}")
    for label, make, size in CASES:
        ours, scipys, point = make(size)
        value = best_of(lambda: scipys(point), args.repeat)
        forward = best_of(lambda: dt.jacobian(ours, mode="forward")(point), args.repeat)
        reverse = best_of(lambda: dt.gradient(ours)(point), args.repeat)
        print(f"{label:<28} {size:>5} {1e3 * value:>9.2f} ms {1e3 * forward:>10.2f} ms "
              f"{1e3 * reverse:>10.2f} ms")


if __name__ == "__main__":
    main()
