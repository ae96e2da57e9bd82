"""Random programs over the whole table (`fuzz.strategies.programs`): their
detected patterns contain the structure of the dense derivatives, and the
sparse derivatives equal the dense ones.

For the scalar result f of each program, at its inputs:

* the gradient's structure (by ``jacobian``) lies inside ``jacobian_sparsity``,
  global and local;
* the Hessian's structure (by ``hessian``) lies inside ``hessian_sparsity``,
  global and local;
* ``sparse_hessian`` equals the dense Hessian to ``RTOL · max(max|H|, 1)``, and
  ``sparse_jacobian`` (forward and reverse) the gradient to ``RTOL · max(max|g|, 1)``.

Examples: 60 by default (derandomized, as in tests/test_fuzz_programs.py),
``DUALTAPE_FUZZ_EXAMPLES=N`` for N fresh ones.
"""
import os
import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings

import dualtape as dt
from dualtape.sparsity.rule_book import PatternWarning
from dualtape.transforms.sparse import ValueDependentPatternWarning
from fuzz.printing import source
from fuzz.program import run
from fuzz.strategies import programs

RTOL = 1e-9
EXAMPLES = int(os.environ.get("DUALTAPE_FUZZ_EXAMPLES", "60"))
LONG = "DUALTAPE_FUZZ_EXAMPLES" in os.environ

FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


def dense_hessian(f, xs):
    """dt.hessian's blocks for every input, as one n × n matrix."""
    argnums = tuple(range(len(xs)))
    blocks = dt.hessian(f, argnums=argnums)(*xs)
    sizes = [int(np.size(x)) for x in xs]
    return np.block([[np.reshape(blocks[a][b], (sizes[a], sizes[b])) for b in argnums]
                     for a in argnums])


def dense_gradient(f, xs):
    grads = dt.gradient(f, argnums=tuple(range(len(xs))))(*xs)
    return np.concatenate([np.ravel(g) for g in grads])[None, :]


def close(a, b, what, shown):
    scale = max(float(np.max(np.abs(b), initial=0.0)), 1.0)
    err = float(np.max(np.abs(a - b), initial=0.0))
    assert err <= RTOL * scale, f"sparse and dense {what} differ by {err:.3e}{shown}"


@FUZZ
@given(programs(complex_inputs=False))     # the sparse transforms take real inputs
def test_random_programs_have_patterns_that_hold_their_derivatives(program):
    def f(*xs):
        return run(program, *xs)
    xs = list(program.inputs)
    argnums = tuple(range(len(xs)))
    shown = f"\n\nThe program:\n\n{source(program)}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (PatternWarning, ValueDependentPatternWarning))
        with np.errstate(all="ignore"):
            g = dense_gradient(f, xs)
            H = dense_hessian(f, xs)
        for local in (False, True):
            found = dt.jacobian_sparsity(f, argnums=argnums, local=local)(*xs).toarray()
            assert not ((g != 0) & ~found).any(), f"a gradient entry outside the pattern{shown}"
            found = dt.hessian_sparsity(f, argnums=argnums, local=local)(*xs).toarray()
            assert not ((H != 0) & ~found).any(), f"a Hessian entry outside the pattern{shown}"
        close(dt.sparse_hessian(f, argnums=argnums)(*xs).toarray(), H, "Hessians", shown)
        for mode in ("forward", "reverse"):
            J = dt.sparse_jacobian(f, mode=mode, argnums=argnums)(*xs).toarray()
            close(J, g, f"gradients ({mode})", shown)
