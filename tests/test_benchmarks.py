"""The benchmark workloads stay what they claim (benchmarks/workloads.py).

Each workload's dualtape derivative, at a small size, is checked against its
closed form, and each closed form (or hand-written backward pass) against
finite differences on plain NumPy, so neither the definitions nor the
references the suite compares with can rot.  No figure is timed here.
"""
import doctest
import math

import numpy as np
import pytest

import dualtape as dt
from benchmarks import (harness, report, run, workloads as w, namespace_coverage, readme_table,
                        bench_scaling)
from benchmarks.systems import dualtape_worker, numpy_worker
from conftest import numeric_jacobian

OPS = dualtape_worker.OPS          # the operations the dualtape worker runs the workloads with


def test_definitions_are_the_stated_workloads():
    assert w.loop_ops(w.W1_ITERATIONS) == 6000 and w.LOOP_START == 0.1
    assert w.loop_ops(w.W6_ITERATIONS - 1) < 100_000 <= w.loop_ops(w.W6_ITERATIONS)
    assert (w.MLP_BATCH, w.MLP_INPUTS, w.MLP_HIDDEN, w.MLP_CLASSES) == (256, 784, 256, 10)
    assert w.ROSENBROCK_SIZES == (100, 300)
    assert w.EXP_SIN_POINT == 0.5 and len(w.EXP_SIN_DERIVATIVES) == 8
    assert w.TANH_MAP_SIZE == 100


def test_scalar_loop_chain_rule_matches_finite_differences():
    # Ten turns: the loop contracts by about 0.53 a turn, so the slope (~2e-3) is
    # still far above the difference quotient's rounding.
    h = 1e-6
    fd = (w.scalar_loop(math.sin, 0.1 + h, 10) - w.scalar_loop(math.sin, 0.1 - h, 10)) / (2 * h)
    assert w.scalar_loop_derivative(0.1, 10) == pytest.approx(fd, rel=1e-7)


@pytest.mark.parametrize("iterations", [10, 300])
def test_dualtape_scalar_loop_gradient_and_jvp_match_the_chain_rule(iterations):
    want = w.scalar_loop_derivative(w.LOOP_START, iterations)
    reverse, forward = dualtape_worker.scalar_loop()
    assert reverse.sized(iterations)() == pytest.approx(want, rel=1e-12)
    assert forward.sized(iterations)() == pytest.approx(want, rel=1e-12)
    (chain,) = dualtape_worker.long_chain()                      # W6 is the same loop, longer
    assert chain.sized(iterations)() == pytest.approx(want, rel=1e-12)


def _small_mlp():
    return w.mlp_data(batch=6, inputs=5, hidden=4, classes=3, seed=1)


def test_hand_written_backprop_matches_finite_differences():
    params, data = _small_mlp()
    for i, g in enumerate(w.mlp_backprop(params, data)):
        def loss_of(p, i=i):
            return w.mlp_loss(w.NUMPY_OPS, params[:i] + (p,) + params[i + 1:], data)
        np.testing.assert_allclose(g, numeric_jacobian(loss_of, params[i]), rtol=1e-6, atol=1e-9)


def test_dualtape_mlp_loss_and_gradient_match_numpy_and_the_hand_written_backprop():
    params, data = _small_mlp()
    assert float(w.mlp_loss(OPS, params, data)) == pytest.approx(
        float(w.mlp_loss(w.NUMPY_OPS, params, data)), rel=1e-14)
    got = dt.gradient(lambda *p: w.mlp_loss(OPS, p, data), argnums=(0, 1, 2, 3))(*params)
    for g, want in zip(got, w.mlp_backprop(params, data)):
        np.testing.assert_allclose(g, want, rtol=1e-12, atol=1e-15)


def test_rosenbrock_closed_form_matches_second_differences():
    x, h = w.rosenbrock_input(6), 1e-4
    f = lambda v: w.rosenbrock(w.NUMPY_OPS, v)               # noqa: E731
    steps = np.eye(x.size) * h
    fd = np.array([[(f(x + a + b) - f(x + a - b) - f(x - a + b) + f(x - a - b)) / (4 * h * h)
                    for b in steps] for a in steps])
    # Entries reach ~2000; the quotient's rounding and h² truncation stay under 1e-3.
    np.testing.assert_allclose(w.rosenbrock_hessian(x), fd, rtol=0, atol=1e-3)


@pytest.mark.parametrize("mode", ["forward-over-reverse", "reverse-over-reverse", "hyperdual"])
def test_dualtape_rosenbrock_hessian_matches_the_closed_form(mode):
    x = w.rosenbrock_input(7)
    H = dt.hessian(lambda v: w.rosenbrock(OPS, v), mode=mode)(x)
    np.testing.assert_allclose(H, w.rosenbrock_hessian(x), rtol=1e-12, atol=1e-12)


def test_dualtape_worker_derivatives_of_exp_sin_match_sympy():
    # The worker's own W4 variants, every mode, at every k up to 6 (k = 7, 8 are
    # pinned for jets in tests/test_closed_forms.py; nested modes there cost 2^k).
    for variant in dualtape_worker.higher_derivative():
        k = int(variant.task.split("=")[1])
        if k <= 6 or variant.method == "derivative (jet)":
            assert variant.fn() == pytest.approx(w.EXP_SIN_DERIVATIVES[k - 1], rel=1e-12), variant


def test_tanh_map_closed_form_matches_finite_differences():
    A, x = w.tanh_map_data(5)
    fd = numeric_jacobian(lambda v: w.tanh_map(w.NUMPY_OPS, A, v), x)
    np.testing.assert_allclose(w.tanh_map_jacobian(A, x), fd, rtol=1e-7, atol=1e-9)


def test_dualtape_worker_jacobians_match_the_closed_form():
    A, x = w.tanh_map_data()
    want = w.tanh_map_jacobian(A, x)
    for variant in dualtape_worker.tanh_map_jacobian():
        np.testing.assert_allclose(np.asarray(variant.fn()), want, rtol=1e-12, atol=1e-14)


def test_numpy_floors_are_the_references_they_name():
    A, x = w.tanh_map_data()
    closed = [v for v in numpy_worker.tanh_map_jacobian() if v.method == "closed form"]
    assert len(closed) == 2 and all(v.check for v in closed)
    np.testing.assert_array_equal(closed[0].fn(), w.tanh_map_jacobian(A, x))
    assert not any(v.check for v in numpy_worker.mlp() if v.method == "function alone")


@pytest.mark.parametrize("module", [w, harness, report, run, dualtape_worker, numpy_worker,
                                    namespace_coverage, readme_table, bench_scaling],
                         ids=lambda m: m.__name__)
def test_benchmark_module_examples_run(module):
    # The suite's doctest collection does not reach benchmarks/; run their examples here.
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_the_readme_table_holds_each_figure_to_its_target():
    def entry(workload, task, seconds, peer=None, **more):
        e = {"workload": workload, "task": task, "seconds": seconds, "floors": []}
        if peer is not None:
            e["best_eager"] = {"label": "peer", "seconds": seconds / peer, "ratio": peer}
        return dict(e, **more)
    summary = [entry("W1", "reverse", 1.0, 0.2), entry("W1", "forward", 1.0, 0.06),
               entry("W2", "gradient", 1.2, 0.4, floors=[{"label": readme_table.HAND_WRITTEN,
                                                           "seconds": 1.0, "ratio": 1.2}]),
               entry("W4", "k=1", 1.0, 0.5), entry("W4", "k=8", 2.5, 0.01),
               entry("W6", "gradient", 1.0, 0.3, bytes_per_op={"dualtape": 250.0, "label": "peer",
                                                               "peer": 1000.0, "ratio": 0.25})]
    meta = {"machine": {"cpu": "c", "cores": 1, "platform": "p", "python": "3",
                        "load_average_at_start": [0.0]}, "settings": {"quick": True}}
    table = readme_table.markdown(summary, meta, {})
    rows = {tuple(cells[:2]): cells[-3:] for cells in
            (line.strip("| ").split(" | ") for line in table.splitlines()[4:])}
    assert rows[("W1", "reverse")] == ["0.2", "≤ 0.25", "yes"]
    assert rows[("W1", "forward")] == ["0.06", "≤ 0.05", "no"]
    assert rows[("W4", "t(k=8) / t(k=1)")] == ["2.5", "≤ 3", "yes"]
    assert rows[("W6", "tape bytes per op")] == ["0.25", "≤ 0.3", "yes"]
    assert "| W2 | gradient | 1.20 s | hand-written NumPy backprop 1.00 s | 1.2 | ≤ 1.1 | no |" in table
    assert "`python benchmarks/run.py --quick --markdown`" in table
