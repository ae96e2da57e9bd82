"""The audit's pattern check: every table entry's sparsity rule passes it, and
a rule that misses a dependence, or over-claims in an exact family, fails it."""
import itertools
import warnings

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.audit.pattern import dense_jacobian_structure
from dualtape.core.primitive import TABLE, defprimitive
from dualtape.rules.elementwise_entry import defelementwise
from dualtape.sparsity import family_rules
from dualtape.sparsity.rule_book import PatternWarning
from dualtape.sparsity.structure import Links, Structure

_names = itertools.count()


@pytest.fixture
def register():
    added = []

    def add(make, *rest, **options):
        name = f"test_sparse_audit_{next(_names)}"
        added.append(name)
        return make(name, *rest, **options)
    try:
        yield add
    finally:
        for name in added:
            TABLE.pop(name, None)


def test_every_entry_passes_the_pattern_check_with_nothing_missed():
    report = dt.check_primitives()
    assert "pattern" in [c[0] for c in report.checks]
    assert [(r["name"], r["errors"]["pattern"]) for r in report if r["errors"]["pattern"] != 0] == []


def test_the_dense_structure_is_read_from_unit_tangents():
    structure = dense_jacobian_structure(TABLE["multiply"], (np.ones(2), np.array([3.0, 0.0])), {}, [0, 1])
    # ∂(x·y)/∂x = y is zero at the second element; ∂/∂y = x is not
    assert structure.astype(int).tolist() == [[1, 0, 1, 0], [0, 0, 0, 1]]


def test_a_rule_that_misses_a_dependence_fails_the_check(register):
    prim = register(defprimitive, lambda x: np.cumsum(x, axis=-1),
                    lambda ts, out, x: dnp.cumsum(ts[0], axis=-1),
                    lambda g, out, x: (dnp.cumsum(g[..., ::-1], axis=-1)[..., ::-1],), linear=True,
                    examples=lambda rng: [((rng.standard_normal(4),), {})],
                    pattern=family_rules.by_element_ids)       # wrong: a running sum combines elements
    (row,) = dt.check_primitives([prim.name])
    assert row["errors"]["pattern"] > 0 and row["problems"][0].startswith("pattern")
    prim.pattern = family_rules.dense                          # dense is always enough here
    assert dt.check_primitives([prim.name]).ok


def test_an_elementwise_rule_that_over_claims_fails_because_the_family_is_exact(register):
    fn = register(defelementwise, lambda x: 3.0 * x, (lambda out, x: 3.0,))
    assert dt.check_primitives([fn.primitive.name]).ok
    fn.primitive.pattern = family_rules.dense                  # contains everything, but is not exact
    (row,) = dt.check_primitives([fn.primitive.name])
    assert row["errors"]["pattern"] > 0 and not row["ok"]


def test_a_missed_curvature_term_fails_the_hessian_part(register):
    def no_curvature(call):
        return Structure([Links.identity() if t else None for t in call.traced])
    fn = register(defelementwise, lambda x: x ** 3, (lambda out, x: 3.0 * x * x,))
    fn.primitive.pattern = no_curvature          # right first-order links, no second order
    (row,) = dt.check_primitives([fn.primitive.name])
    assert row["errors"]["pattern"] > 0


def test_an_entry_without_a_family_is_audited_as_dense_without_warnings(register):
    prim = register(defprimitive, np.sin, lambda ts, out, x: ts[0] * dnp.cos(x),
                    lambda g, out, x: (g * dnp.cos(x),),
                    examples=lambda rng: [((rng.standard_normal(3),), {})])
    with warnings.catch_warnings():
        warnings.simplefilter("error", PatternWarning)
        (row,) = dt.check_primitives([prim.name])
    assert row["ok"] and row["errors"]["pattern"] == 0
