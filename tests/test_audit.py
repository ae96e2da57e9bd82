"""The audit catches wrong rules: each of its checks on a deliberately broken
user-registered primitive, the whole table passing, and check_gradients."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.audit.errors import AuditError
from dualtape.core.primitive import TABLE
from dualtape.rules.helpers import sum_to_shape

# The fixture `register` (throw-away primitives) is in conftest.py.


def test_the_whole_table_passes_the_audit_with_one_row_per_entry():
    report = dt.check_primitives()
    assert report.ok, str(report)
    assert sorted(r["name"] for r in report) == sorted(TABLE)
    assert str(report).splitlines()[-1] == f"{len(TABLE)} of {len(TABLE)} primitives pass every check"


def test_a_correct_user_primitive_passes(register):
    name = register(np.sin, lambda ts, out, x: ts[0] * dnp.cos(x), lambda g, out, x: (g * dnp.cos(x),))
    assert dt.check_primitives([name]).ok


def test_adjoint_that_is_not_the_transpose_of_the_tangent_fails_the_dot_product_check(register):
    # tangent right, adjoint off by a factor of 2
    name = register(np.sin, lambda ts, out, x: ts[0] * dnp.cos(x), lambda g, out, x: (2.0 * g * dnp.cos(x),))
    (row,) = dt.check_primitives([name])
    assert not row["ok"] and row["problems"][0].startswith("dot-product")
    assert row["errors"]["finite-difference"] < 1e-6


def test_consistent_but_wrong_pair_fails_the_finite_difference_check(register):
    # tangent and adjoint agree with each other (both use sin) but the derivative of sin is cos
    name = register(np.sin, lambda ts, out, x: ts[0] * dnp.sin(x), lambda g, out, x: (g * dnp.sin(x),))
    (row,) = dt.check_primitives([name])
    assert row["errors"]["dot-product"] < 1e-12
    assert [p.split()[0] for p in row["problems"]] == ["finite-difference"]


def test_tangent_rule_that_ignores_batch_axes_fails_the_batched_tangent_check(register):
    # Sums over axis 0 counted from the front: right for one tangent, wrong once a
    # leading direction axis is present.
    name = register(lambda x: np.sum(x, axis=0),
                    lambda ts, out, x: dnp.sum(ts[0], axis=0),
                    lambda g, out, x: (dnp.broadcast_to(g, (3, 2)),), linear=True)
    (row,) = dt.check_primitives([name])
    assert row["errors"]["dot-product"] < 1e-12 and row["errors"]["finite-difference"] < 1e-6
    assert any(p.startswith("batched-tangent") for p in row["problems"])


def test_adjoint_rule_that_ignores_batch_axes_fails_the_batched_cotangent_check(register):
    # Reshapes the cotangent to the input's shape: right for one cotangent, wrong once a
    # batch of cotangents carries leading axes.
    name = register(np.sin, lambda ts, out, x: ts[0] * dnp.cos(x),
                    lambda g, out, x: (dnp.reshape(g, (3, 2)) * dnp.cos(x),))
    (row,) = dt.check_primitives([name])
    assert row["errors"]["dot-product"] < 1e-12 and row["errors"]["batched-tangent"] < 1e-12
    assert [p.split(":")[0] for p in row["problems"]] == ["batched-cotangent"]


def test_adjoint_rule_that_sums_a_batch_away_fails_the_batched_cotangent_check(register):
    # Sums g down to x's shape from the front: a batch of cotangents is summed too.
    name = register(np.sin, lambda ts, out, x: ts[0] * dnp.cos(x),
                    lambda g, out, x: (sum_to_shape(g * dnp.cos(x), (3, 2)),))
    (row,) = dt.check_primitives([name])
    assert [p.split(":")[0] for p in row["problems"]] == ["batched-cotangent"]


def test_raise_on_failure_raises_audit_error_with_the_table(register):
    name = register(np.sin, lambda ts, out, x: ts[0] * dnp.sin(x), lambda g, out, x: (g * dnp.sin(x),))
    with pytest.raises(AuditError, match=rf"(?s)the primitive audit failed.*{name}.*FAIL: finite-difference"):
        dt.check_primitives([name], raise_on_failure=True)


def test_check_gradients_passes_on_a_correct_function_and_returns_its_table():
    table = dt.check_gradients(lambda x, y: dnp.sin(x) * y, np.array([0.5, 1.0]), np.array([2.0, -1.0]))
    assert "forward vs reverse" in table and "FAIL" not in table


def test_check_gradients_raises_a_readable_table_on_an_inconsistent_function(register):
    name = register(np.sin, lambda ts, out, x: ts[0] * dnp.sin(x), lambda g, out, x: (2.0 * g * dnp.cos(x),))
    prim = TABLE[name]
    from dualtape.core.dispatch import bind
    with pytest.raises(AuditError) as info:
        dt.check_gradients(lambda x: bind(prim, x), np.array([0.5, 1.0]))
    message = str(info.value)
    assert "check_gradients: the modes disagree" in message
    rows = [line.split() for line in message.splitlines()[2:]]
    lines = {" ".join(r[1:-2]): r[-1] for r in rows}
    assert lines == {"forward vs reverse": "FAIL", "forward vs finite-diff": "FAIL",
                     "reverse vs finite-diff": "FAIL"}
