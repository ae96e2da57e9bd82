"""Sparsity detection through the table: each family's pattern rule against the
structure of the dense Jacobian (and Hessian) at random points."""
import warnings

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.core.primitive import TABLE, defprimitive
from dualtape.sparsity.rule_book import PatternWarning

rng = np.random.default_rng(7)


def jacobian_structure(f, x):
    """The non-zeros of the dense Jacobian (by dt.jacobian), as an (outputs, inputs) boolean array."""
    J = np.asarray(dt.jacobian(f)(x))
    return J.reshape(-1, np.size(x)) != 0


def hessian_structure(f, x):
    H = np.asarray(dt.hessian(f)(x))
    return H.reshape(np.size(x), np.size(x)) != 0


def pattern(f, x, local=False):
    return dt.jacobian_sparsity(f, local=local)(x).toarray()


def hessian_pattern(f, x, local=False):
    return dt.hessian_sparsity(f, local=local)(x).toarray()


EXACT = {
    "elementwise broadcast": (lambda x: dnp.sin(x) * np.arange(4.0) + x[:, :1], (3, 4)),
    "a zero partial (floor)": (lambda x: dnp.floor(x) + dnp.exp(x[0]), (3,)),
    "power with both traced": (lambda x: dnp.exp(x[:2]) ** x[1:], (3,)),
    "sum over an axis": (lambda x: dnp.sum(x, axis=0), (3, 4)),
    "mean keeping dims": (lambda x: dnp.mean(x, axis=1, keepdims=True) * x, (3, 4)),
    "prod over all": (lambda x: dnp.prod(x), (5,)),
    "getitem, repeated": (lambda x: x[[2, 0, 2]] * x[1], (4,)),
    "boolean mask": (lambda x: x[np.array([True, False, True, True])], (4,)),
    "slices and transpose": (lambda x: x[::2, 1:].T, (4, 3)),
    "reshape and broadcast_to": (lambda x: dnp.broadcast_to(dnp.reshape(x, (2, 1, 3)), (2, 4, 3)), (6,)),
    "concatenate with a constant": (lambda x: dnp.concatenate([x[1:], np.zeros(2), x[:1]]), (3,)),
    "stack and squeeze": (lambda x: dnp.squeeze(dnp.stack([x, 2 * x], axis=1)[:, :1]), (3,)),
    "scatter_add": (lambda x: dnp.scatter_add(x, [0, 2, 0], (4,)), (3,)),
    "expand_dims, swapaxes": (lambda x: dnp.swapaxes(dnp.expand_dims(x, 0), 0, 1), (3,)),
    "differences (a stencil)": (lambda x: x[2:] - 2 * x[1:-1] + x[:-2], (7,)),
    "roll and pad": (lambda x: dnp.roll(dnp.pad(x, 1), 2), (4,)),
}


@pytest.mark.parametrize("name", EXACT)
def test_elementwise_index_shape_and_reduction_patterns_are_exact(name):
    f, shape = EXACT[name]
    x = rng.standard_normal(shape)
    assert np.array_equal(pattern(f, x), jacobian_structure(f, x))


CONSERVATIVE = {
    "cumsum": (lambda x: dnp.cumsum(x * x), (5,)),
    "cumprod": (lambda x: dnp.cumprod(x, axis=1), (2, 3)),
    "var": (lambda x: dnp.var(x, axis=0), (3, 2)),
    "quantile, two levels": (lambda x: dnp.quantile(x, [0.2, 0.7], axis=1), (2, 5)),
    "linalg.solve": (lambda x: dnp.linalg.solve(dnp.reshape(x[:4], (2, 2)) + 3 * np.eye(2), x[4:]), (6,)),
    "linalg.inv": (lambda x: dnp.linalg.inv(dnp.reshape(x, (2, 2)) + 3 * np.eye(2)), (4,)),
    "eigvalsh": (lambda x: dnp.linalg.eigvalsh(dnp.reshape(x, (2, 2)) + dnp.reshape(x, (2, 2)).T), (4,)),
    "fft": (lambda x: dnp.real(dnp.fft.fft(x)), (4,)),
    "einsum, a trace": (lambda x: dnp.einsum("ii->", dnp.reshape(x, (3, 3))), (9,)),
}


@pytest.mark.parametrize("name", CONSERVATIVE)
def test_other_families_contain_every_structural_non_zero(name):
    f, shape = CONSERVATIVE[name]
    x = rng.standard_normal(shape)
    found, truth = pattern(f, x), jacobian_structure(f, x)
    assert (found | ~truth).all()


def test_a_cumulative_sum_is_lower_triangular_and_exact():
    x = rng.standard_normal(5)
    assert np.array_equal(pattern(dnp.cumsum, x), np.tril(np.ones((5, 5), dtype=bool)))


def test_an_einsum_trace_reads_only_the_diagonal():
    x = rng.standard_normal(9)
    found = pattern(lambda x: dnp.einsum("ii->", dnp.reshape(x, (3, 3))), x)
    assert np.array_equal(found, (np.eye(3, dtype=bool).ravel())[None, :])


def test_a_product_with_a_constant_matrix_takes_the_matrix_sparsity():
    A = np.diag(np.ones(4)) + np.diag(np.ones(3), 1)        # bidiagonal, stored dense
    x = rng.standard_normal(4)
    assert np.array_equal(pattern(lambda x: A @ x, x), A != 0)
    assert np.array_equal(pattern(lambda x: dnp.dot(x, A), x), A.T != 0)
    # a traced matrix times a traced vector: each output reads its row and all of x
    found = dt.jacobian_sparsity(lambda m, v: m @ v, argnums=(0, 1))(np.ones((2, 3)), np.ones(3))
    want = np.zeros((2, 9), dtype=bool)
    want[0, :3] = want[1, 3:6] = True
    want[:, 6:] = True
    assert np.array_equal(found.toarray(), want)


def test_where_keeps_both_branches_globally_and_the_taken_one_locally():
    def f(x):
        return dnp.where(x > 0, x ** 2, dnp.sin(x[::-1]))
    x = np.array([1.0, -2.0, 3.0, -4.0])
    everywhere = pattern(f, x)
    assert np.array_equal(everywhere, np.eye(4, dtype=bool) | np.eye(4, dtype=bool)[::-1])
    here = pattern(f, x, local=True)
    assert np.array_equal(here, jacobian_structure(f, x))
    assert dt.jacobian_sparsity(f)(x).value_dependent


def test_maximum_and_max_follow_the_winner_only_locally():
    x = np.array([3.0, -1.0, 2.0])
    assert pattern(lambda x: dnp.max(x), x).sum() == 3
    assert np.array_equal(pattern(lambda x: dnp.max(x), x, local=True), [[True, False, False]])
    f = lambda x: dnp.maximum(x, x[::-1])                   # noqa: E731
    assert np.array_equal(pattern(f, x, local=True), jacobian_structure(f, x))


def test_a_local_pattern_drops_a_product_with_a_value_that_is_zero_there():
    f = lambda x: x[0] * x[1]                              # noqa: E731
    x = np.array([0.0, 2.0])
    assert pattern(f, x).tolist() == [[True, True]]
    assert pattern(f, x, local=True).tolist() == [[True, False]]   # ∂/∂x1 = x0 = 0 here
    # the Hessian at that point still has the cross term
    assert hessian_pattern(f, x, local=True).tolist() == [[False, True], [True, False]]


def test_a_python_branch_follows_the_branch_taken_and_says_so():
    def f(x):
        if x[0] > 0:
            return x * 2.0
        return x[::-1] * 2.0
    p = dt.jacobian_sparsity(f)(np.array([1.0, 2.0, 3.0]))
    assert p.value_dependent and np.array_equal(p.toarray(), np.eye(3, dtype=bool))
    q = dt.jacobian_sparsity(f)(np.array([-1.0, 2.0, 3.0]))
    assert np.array_equal(q.toarray(), np.eye(3, dtype=bool)[::-1])
    assert not dt.jacobian_sparsity(lambda x: x * 2.0)(np.ones(3)).value_dependent


def test_outputs_that_do_not_depend_on_the_input_have_empty_rows():
    p = dt.jacobian_sparsity(lambda x: (x[0], np.ones(2), dt.stop_gradient(x)))(np.ones(3))
    assert p.shape == (6, 3) and p.toarray().tolist()[0] == [True, False, False]
    assert not p.toarray()[1:].any()


def test_several_arguments_and_pytrees_lay_their_columns_end_to_end():
    def f(params, scale):
        return {"a": params["w"] * scale, "b": params["b"][0] * params["w"][1]}
    args = ({"w": np.ones(2), "b": np.ones(3)}, 2.0)
    p = dt.jacobian_sparsity(f, argnums=(0, 1))(*args)
    # columns: w (2), b (3) -- the leaves in the order tree_flatten gives -- then scale;
    # rows: a (2), then b
    assert p.shape == (3, 6)
    assert p.toarray().astype(int).tolist() == [[1, 0, 0, 0, 0, 1],
                                                [0, 1, 0, 0, 0, 1],
                                                [0, 1, 1, 0, 0, 0]]


# --- Hessian patterns -----------------------------------------------------------------------

def rosenbrock(x):
    return dnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


HESSIANS = {
    "rosenbrock (tridiagonal)": (rosenbrock, 8),
    "arrowhead": (lambda x: dnp.sum(x[0] * x[1:]) + dnp.sum(x ** 2), 6),
    "a product: only the cross terms": (lambda x: dnp.sum(x[:3] * x[3:]), 6),
    "a quotient": (lambda x: dnp.sum(x[:2] / x[2:]), 4),
    "linear parts add nothing": (lambda x: dnp.sum(3.0 * x + x[::-1]) + x[0] * x[1], 4),
    "a chain of unary functions": (lambda x: dnp.sum(dnp.exp(dnp.sin(x[1:])) + dnp.tanh(x[:1])), 4),
    "a stencil energy": (lambda x: dnp.sum((x[2:] - 2 * x[1:-1] + x[:-2]) ** 2), 6),
}


@pytest.mark.parametrize("name", HESSIANS)
def test_hessian_patterns_are_exact_on_these_programs(name):
    f, n = HESSIANS[name]
    x = rng.uniform(0.5, 1.5, n)
    assert np.array_equal(hessian_pattern(f, x), hessian_structure(f, x))


def test_hessian_patterns_contain_the_structure_where_entries_are_conservative():
    def f(x):
        return dnp.sum(dnp.cumprod(x[:3])) + dnp.linalg.det(dnp.reshape(x[3:], (2, 2))) + \
            dnp.hypot(x[0], x[6])
    x = rng.uniform(0.5, 1.5, 7)
    found, truth = hessian_pattern(f, x), hessian_structure(f, x)
    assert (found | ~truth).all()
    assert not found[1, 6] and not found[3, 0]      # still sparse across the blocks


def test_a_piecewise_linear_branch_has_no_curvature_locally():
    f = lambda x: dnp.sum(dnp.where(x > 0, x ** 3, x))      # noqa: E731
    x = np.array([1.0, -1.0, 2.0])
    assert np.array_equal(hessian_pattern(f, x), np.eye(3, dtype=bool))
    assert np.array_equal(hessian_pattern(f, x, local=True), np.diag([True, False, True]))


def test_a_second_derivative_that_lives_where_the_first_vanishes_is_kept_locally():
    f = lambda x: dnp.sum(x ** 2)                          # noqa: E731
    assert np.array_equal(hessian_pattern(f, np.zeros(3), local=True), np.eye(3, dtype=bool))


def test_the_hessian_pattern_agrees_with_the_jacobian_pattern_of_the_gradient():
    # tracing the recorded backward pass gives a pattern containing the Hessian's
    for f, n in HESSIANS.values():
        x = rng.uniform(0.5, 1.5, n)
        through_gradient = dt.jacobian_sparsity(dt.gradient(f))(x).toarray()
        assert (through_gradient | ~hessian_pattern(f, x)).all()
    x = rng.uniform(0.5, 1.5, 9)
    assert np.array_equal(dt.jacobian_sparsity(dt.gradient(rosenbrock))(x).toarray(),
                          hessian_pattern(rosenbrock, x))


def test_a_dense_hessian_block_is_pooled_and_still_complete(monkeypatch):
    from dualtape.sparsity import box
    f = lambda x: dnp.log(dnp.sum(dnp.exp(x[:, None] * x[None, :])))  # noqa: E731  (dense)
    x = rng.standard_normal(12)
    listed = hessian_pattern(f, x)
    pooled_inputs = []
    pool = box.Trace.pool_inputs
    monkeypatch.setattr(box.Trace, "pool_inputs",
                        lambda self, keys: (pooled_inputs.append(np.unique(keys)), pool(self, keys)))
    monkeypatch.setattr(box, "PAIR_BUDGET", 50)      # small enough that the blocks are pooled
    pooled = hessian_pattern(f, x)
    assert pooled_inputs and np.array_equal(pooled_inputs[-1], np.arange(12))
    assert np.array_equal(pooled, listed) and pooled.all() and hessian_structure(f, x).all()


def test_an_entry_without_a_rule_is_dense_with_a_warning_that_names_it():
    name = "test_sparse_detection.no_family"
    prim = defprimitive(name, lambda x: x * 2.0, lambda ts, out, x: ts[0] * 2.0,
                        lambda g, out, x: (g * 2.0,))
    try:
        from dualtape.core.dispatch import bind
        with pytest.warns(PatternWarning, match=name):
            p = dt.jacobian_sparsity(lambda x: bind(prim, x))(np.ones(3))
        assert p.toarray().all()
        prim.pattern = TABLE["sin"].pattern          # an elementwise rule given to it
        with warnings.catch_warnings():
            warnings.simplefilter("error", PatternWarning)
            assert np.array_equal(dt.jacobian_sparsity(lambda x: bind(prim, x))(np.ones(3)).toarray(),
                                  np.eye(3, dtype=bool))
    finally:
        del TABLE[name]


def test_every_table_entry_has_a_pattern_rule():
    assert [name for name, prim in TABLE.items() if prim.pattern is None and
            not name.startswith("test_")] == []
