"""The complex audit checks catch what the real ones cannot: a missing conjugate
(invisible on real inputs), and a tangent rule a billionth off (below what
finite differences resolve, far above complex-step's machine precision)."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.core.primitive import TABLE
from dualtape.rules.complex_values import REFUSED

COMPLEX_CHECKS = ["complex-dot-product", "complex-finite-diff", "complex-modes",
                  "complex-step"]                           # `register` is in conftest.py


def test_an_adjoint_missing_a_conjugate_passes_on_reals_and_fails_on_complex_values(register):
    # conj's adjoint is conj(ḡ); this one returns ḡ, which equals it on real values
    name = register(np.conjugate, lambda ts, out, z: dnp.conj(ts[0]), lambda g, out, z: (g,),
                    complex="nonholomorphic")
    (row,) = dt.check_primitives([name])
    real_checks = ["dot-product", "finite-difference", "batched-tangent"]
    assert all(row["errors"][c] < 1e-12 for c in real_checks)
    assert [p.split()[0] for p in row["problems"]] == ["complex-dot-product"]


def test_complex_step_resolves_a_rule_a_billionth_off_that_finite_differences_accept(register):
    name = register(np.sin, lambda ts, out, x: ts[0] * dnp.cos(x) * (1.0 + 1e-9),
                    lambda g, out, x: (g * dnp.cos(x) * (1.0 + 1e-9),), complex="holomorphic")
    (row,) = dt.check_primitives([name])
    assert row["errors"]["finite-difference"] < 1e-6           # within finite differences' reach
    assert row["errors"]["complex-finite-diff"] < 1e-6
    assert 1e-10 < row["errors"]["complex-step"] < 1e-8         # seen at its true size
    assert [p.split()[0] for p in row["problems"]] == ["complex-step"]


def test_a_correct_holomorphic_rule_agrees_with_complex_step_to_machine_precision(register):
    name = register(np.sin, lambda ts, out, x: ts[0] * dnp.cos(x),
                    lambda g, out, x: (g * dnp.cos(x),), complex="holomorphic")
    (row,) = dt.check_primitives([name])
    assert row["ok"] and row["errors"]["complex-step"] < 1e-15


def test_a_primitive_that_says_nothing_about_complex_values_gets_no_complex_check(register):
    name = register(np.sin, lambda ts, out, x: ts[0] * dnp.cos(x),
                    lambda g, out, x: (g * dnp.cos(x),), complex=None)
    (row,) = dt.check_primitives([name])
    assert row["ok"] and all(row["errors"][c] is None for c in COMPLEX_CHECKS)
    assert "complex-step" in str(dt.check_primitives([name]))


def test_the_audit_reports_the_complex_checks_for_every_entry_they_apply_to():
    report = {r["name"]: r["errors"] for r in dt.check_primitives()}
    for name, errors in report.items():
        capable = TABLE[name].complex is not None
        for check in ("complex-dot-product", "complex-finite-diff", "complex-modes"):
            assert (errors[check] is not None) == capable, (name, check)
        if name in REFUSED:
            assert errors["complex-step"] is None
    stepped = {n for n, e in report.items() if e["complex-step"] is not None}
    assert {"exp", "sin", "matmul", "linalg.inv", "linalg.det", "cumprod", "einsum"} <= stepped
    # complex-valued on real input (no clean step), or not holomorphic
    assert not stepped & {"fft.fftn", "complex.absolute", "linalg.eigh", "var"}
    assert max(report[n]["complex-step"] for n in stepped) < 1e-13


def test_check_gradients_compares_complex_arguments_as_real_pairs(register):
    z = np.array([1.0 + 2.0j, -0.5 + 0.25j])
    assert "FAIL" not in dt.check_gradients(lambda z: dnp.exp(z) * dnp.conj(z), z)
    # the conjugate-less adjoint of the first test: reverse mode disagrees on complex input
    name = register(np.conjugate, lambda ts, out, z: dnp.conj(ts[0]), lambda g, out, z: (g,),
                    complex="nonholomorphic")
    from dualtape.core.dispatch import bind
    with pytest.raises(dt.AuditError, match="forward vs reverse"):
        dt.check_gradients(lambda z: bind(TABLE[name], z) * z, z)
