"""sparse_jacobian and sparse_hessian against the dense jacobian and hessian on
problems small enough for both, and against closed forms where they are not."""
import warnings

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.transforms.sparse import ValueDependentPatternWarning

rng = np.random.default_rng(11)


def flat_jacobian(f, *args, argnums=0):
    """dt.jacobian's blocks laid out as one (outputs × inputs) matrix, like a SparseMatrix."""
    from dualtape.core.pytree import tree_flatten
    single = isinstance(argnums, int)
    chosen = [args[argnums]] if single else [args[k] for k in argnums]
    in_sizes = [np.size(x) for x in tree_flatten(tuple(chosen))[0]]
    out_leaves = tree_flatten(f(*args))[0]
    jac = dt.jacobian(f, argnums=argnums)(*args)
    per_output = tree_flatten(jac)[0]          # one block per (output leaf, input leaf), in order
    rows, k = [], 0
    for o in out_leaves:
        m = np.size(o)
        rows.append(np.concatenate([np.reshape(per_output[k + j], (m, s)) for j, s in enumerate(in_sizes)],
                                   axis=1))
        k += len(in_sizes)
    return np.concatenate(rows, axis=0)


def bratu(u, lam=6.0):
    """Δu + λ eᵘ on an N × N grid with zero boundary values (5-point stencil)."""
    h2 = (u.shape[0] + 1) ** 2
    p = dnp.pad(u, 1)
    return (p[2:, 1:-1] + p[:-2, 1:-1] + p[1:-1, 2:] + p[1:-1, :-2] - 4.0 * u) * h2 + lam * dnp.exp(u)


def rosenbrock(x):
    return dnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def rosenbrock_hessian_entries(x):
    """Closed form: the tridiagonal, as (diagonal, off-diagonal)."""
    d = np.zeros(x.size)
    d[:-1] += 1200.0 * x[:-1] ** 2 - 400.0 * x[1:] + 2.0
    d[1:] += 200.0
    return d, -400.0 * x[:-1]


@pytest.mark.parametrize("mode", ["forward", "reverse", "auto"])
def test_the_bratu_jacobian_equals_the_dense_one_in_every_mode(mode):
    u = 0.1 * rng.standard_normal((6, 6))
    J = dt.sparse_jacobian(bratu, mode=mode)(u)
    assert J.shape == (36, 36) and J.nnz == 36 + 4 * 30
    assert np.allclose(J.toarray(), flat_jacobian(bratu, u), rtol=1e-14, atol=0)
    assert J.ncolors <= 6 and J.mode == ("forward" if mode == "auto" else mode)


def test_a_100_by_100_bratu_jacobian_takes_five_colours_and_matches_the_stencil():
    u = 0.1 * rng.standard_normal((100, 100))
    J = dt.sparse_jacobian(bratu)(u)
    assert J.ncolors == 5 and J.nnz == 10_000 + 4 * 9_900
    # closed form: -4 (N+1)² + λ eᵘ on the diagonal, (N+1)² for each neighbour
    diag = J.rows == J.cols
    assert np.allclose(J.values[diag], -4.0 * 101 ** 2 + 6.0 * np.exp(u.ravel()), rtol=1e-14)
    assert np.all(J.values[~diag] == 101.0 ** 2)


def test_reverse_mode_wins_auto_when_a_row_is_dense():
    f = lambda x: dnp.concatenate([dnp.sum(x ** 2)[None], dnp.sin(x)])   # noqa: E731
    x = rng.standard_normal(40)
    J = dt.sparse_jacobian(f)(x)
    assert J.mode == "reverse" and J.ncolors == 2
    assert np.allclose(J.toarray(), dt.jacobian(f)(x), rtol=1e-14, atol=0)
    forward = dt.sparse_jacobian(f, mode="forward")(x)
    assert forward.ncolors == 40 and np.allclose(forward.toarray(), J.toarray(), rtol=1e-14)


def test_forward_mode_wins_auto_when_a_column_is_dense():
    # x * x[0]: column 0 is dense, so every row shares it (40 row colours) while the
    # other columns meet column 0 only (2 column colours)
    f = lambda x: x * x[0]                                           # noqa: E731
    x = rng.standard_normal(40)
    J = dt.sparse_jacobian(f)(x)
    assert J.mode == "forward" and J.ncolors == 2
    reverse = dt.sparse_jacobian(f, mode="reverse")(x)
    assert reverse.ncolors == 40
    assert np.allclose(J.toarray(), dt.jacobian(f)(x), rtol=1e-14, atol=0)
    assert np.allclose(reverse.toarray(), J.toarray(), rtol=1e-14, atol=0)


@pytest.mark.parametrize("f, x", [
    (bratu, 0.1 * rng.standard_normal((6, 6))),
    (lambda x: dnp.concatenate([dnp.sum(x ** 2)[None], dnp.sin(x)]), rng.standard_normal(30)),
    (lambda x: (x[1:] * x[:-1], dnp.sum(dnp.exp(x))), rng.standard_normal(9)),
])
def test_reverse_mode_is_one_batched_backward_pass(monkeypatch, f, x):
    from dualtape.reverse.tape import Tape
    passes = []
    original = Tape.backward
    monkeypatch.setattr(Tape, "backward", lambda tape, seeds, sources, **options:
                        passes.append(seeds) or original(tape, seeds, sources, **options))
    J = dt.sparse_jacobian(f, mode="reverse")(x)
    assert len(passes) == 1 and J.ncolors > 1
    assert np.allclose(J.toarray(), flat_jacobian(f, x), rtol=1e-14, atol=0)


def test_argnums_and_pytrees_give_the_dense_blocks_side_by_side():
    def f(params, x, scale):
        w, b = params["w"], params["b"]
        return {"fit": w * x + b[0], "penalty": (dnp.sum(w ** 2) * scale, x[1:] * x[:-1])}
    args = ({"w": rng.standard_normal(4), "b": rng.standard_normal(2)}, rng.standard_normal(4), 0.5)
    for argnums in [0, 1, (0, 1), (1, 0), (2, 0, 1), -2]:
        J = dt.sparse_jacobian(f, argnums=argnums)(*args)
        assert np.allclose(J.toarray(), flat_jacobian(f, *args, argnums=argnums), rtol=1e-14, atol=0)


def test_keyword_arguments_reach_f_and_are_part_of_the_cached_signature():
    def f(x, power=2.0):
        return x[1:] ** power * x[:-1]
    x = rng.uniform(0.5, 1.5, 5)
    J = dt.sparse_jacobian(f)
    assert np.allclose(J(x, power=3.0).toarray(), dt.jacobian(lambda x: f(x, 3.0))(x), rtol=1e-14)
    assert np.allclose(J(x).toarray(), dt.jacobian(f)(x), rtol=1e-14)


def test_the_pattern_is_detected_once_and_reused_for_inputs_of_the_same_shape():
    calls = []

    def f(x):
        calls.append(type(x).__name__)
        return x[1:] - x[:-1]
    J = dt.sparse_jacobian(f)
    first = J(np.ones(5))
    second = J(np.arange(5.0))
    assert second.pattern is first.pattern
    assert calls == ["PatternBox", "Dual", "Dual"]
    third = J(np.ones(7))                      # a new shape: a new pattern
    assert third.pattern is not first.pattern and third.shape == (6, 7)


def test_other_arguments_that_change_the_pattern_are_not_confused():
    def f(x, mask):
        return x * mask
    J = dt.sparse_jacobian(f)
    x = np.ones(3)
    assert J(x, np.array([1.0, 0.0, 1.0])).toarray().tolist() == [[1, 0, 0], [0, 0, 0], [0, 0, 1]]
    assert J(x, np.array([0.0, 1.0, 1.0])).toarray().tolist() == [[0, 0, 0], [0, 1, 0], [0, 0, 1]]


def test_an_explicit_pattern_is_used_as_given_and_checked_against_the_inputs():
    p = dt.jacobian_sparsity(bratu)(np.zeros((4, 4)))
    u = 0.1 * rng.standard_normal((4, 4))
    J = dt.sparse_jacobian(bratu, pattern=p)(u)
    assert J.pattern is p and np.allclose(J.toarray(), flat_jacobian(bratu, u), rtol=1e-14, atol=0)
    with pytest.raises(ValueError, match=r"sparse_jacobian: the pattern has shape \(16, 16\).*25"):
        dt.sparse_jacobian(bratu, pattern=p)(np.zeros((5, 5)))
    with pytest.raises(ValueError, match="sparse_hessian.*Hessian pattern"):
        dt.sparse_hessian(lambda x: dnp.sum(bratu(x)), pattern=p)(u)
    with pytest.raises(TypeError, match="must be a Pattern"):
        dt.sparse_jacobian(bratu, pattern=np.ones((16, 16)))(u)


def test_a_python_branch_warns_and_local_patterns_follow_each_branch():
    def f(x):
        if x[0] > 0:
            return x ** 2
        return x[::-1] * x[0]
    up, down = np.array([1.0, 2.0, 3.0]), np.array([-1.0, 2.0, 3.0])
    with pytest.warns(ValueDependentPatternWarning, match="local=True"):
        dt.sparse_jacobian(f)(up)
    J = dt.sparse_jacobian(f, local=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ValueDependentPatternWarning)
        for x in (up, down, up):
            got = J(x)
            assert got.pattern.local
            assert np.allclose(got.toarray(), dt.jacobian(f)(x), rtol=1e-14, atol=0)


def test_np_where_branches_are_right_at_every_point_with_the_global_pattern():
    def f(x):
        return dnp.where(x > 0, x ** 3, dnp.sin(x[::-1]))
    J = dt.sparse_jacobian(f)
    with pytest.warns(ValueDependentPatternWarning):
        J(np.ones(6))
    for _ in range(3):
        x = rng.standard_normal(6)
        assert np.allclose(J(x).toarray(), dt.jacobian(f)(x), rtol=1e-14, atol=0)


def test_invalid_requests_are_refused_with_the_fix():
    with pytest.raises(ValueError, match="mode must be one of 'auto', 'forward', 'reverse'"):
        dt.sparse_jacobian(bratu, mode="both")
    with pytest.raises(ValueError, match="names an argument twice"):
        dt.sparse_jacobian(lambda x, y: x * y, argnums=(0, -2))(np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="argnums 3"):
        dt.sparse_jacobian(lambda x: x, argnums=3)(np.ones(2))
    with pytest.raises(TypeError, match="sparse_hessian: f must return a scalar.*shape \\(2,\\)"):
        dt.sparse_hessian(lambda x: x * x)(np.ones(2))
    with pytest.raises(TypeError, match="sparse_jacobian: input 0 has dtype int"):
        dt.sparse_jacobian(lambda x: x)(np.arange(3))


# --- Hessians -----------------------------------------------------------------------------------

def test_the_rosenbrock_hessian_at_ten_thousand_equals_the_closed_form_in_three_colours():
    x = rng.uniform(-1.5, 1.5, 10_000)
    H = dt.sparse_hessian(rosenbrock)(x)
    assert H.ncolors == 3 and H.nnz == 3 * 10_000 - 2 and H.mode == "hvp"
    d, off = rosenbrock_hessian_entries(x)
    diag = H.rows == H.cols
    assert np.array_equal(H.rows[diag], np.arange(10_000))
    assert np.allclose(H.values[diag], d, rtol=1e-13, atol=1e-10)
    upper = H.cols == H.rows + 1
    lower = H.cols == H.rows - 1
    assert np.allclose(H.values[upper], off, rtol=1e-13) and np.allclose(H.values[lower], off, rtol=1e-13)


SCALARS = {
    "rosenbrock": (rosenbrock, 9),
    "arrowhead": (lambda x: dnp.sum(x[0] ** 2 * x[1:]) + dnp.sum(dnp.cos(x)), 8),
    "banded": (lambda x: dnp.sum(dnp.exp(x[2:] * x[:-2])) + dnp.sum(x[1:] ** 2 * x[:-1]), 10),
    "dense block + diagonal": (lambda x: dnp.log(dnp.sum(dnp.exp(x[:4]))) + dnp.sum(x[4:] ** 3), 8),
    "a branch by where": (lambda x: dnp.sum(dnp.where(x > 0, x ** 3, x * x[::-1])), 7),
    "matrix product": (lambda x: dnp.sum((dnp.reshape(x, (3, 3)) @ dnp.reshape(x, (3, 3))) ** 2), 9),
}


@pytest.mark.parametrize("name", SCALARS)
def test_sparse_hessians_equal_the_dense_hessian(name):
    f, n = SCALARS[name]
    x = rng.uniform(-1.0, 1.0, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ValueDependentPatternWarning)
        H = dt.sparse_hessian(f)(x)
    dense = dt.hessian(f)(x)
    assert np.allclose(H.toarray(), dense, rtol=1e-12, atol=1e-12)
    assert np.array_equal(H.toarray(), H.toarray().T)


def test_an_arrowhead_hessian_takes_two_colours_whatever_its_size():
    f = lambda x: dnp.sum(x[0] * x[1:] ** 2) + dnp.sum(x ** 4)       # noqa: E731
    for n in (10, 2000):
        x = rng.uniform(0.5, 1.5, n)
        H = dt.sparse_hessian(f)(x)
        assert H.ncolors == 2 and H.nnz == 3 * n - 2
        # closed form: H[0, 0] = 12 x0², H[0, k] = 2 x_k, H[k, k] = 2 x0 + 12 x_k²
        first = H.rows == 0
        assert np.allclose(H.values[first], np.concatenate([[12 * x[0] ** 2], 2 * x[1:]]), rtol=1e-13)
    assert np.allclose(H.toarray()[1:, 1:].diagonal(), 2 * x[0] + 12 * x[1:] ** 2, rtol=1e-13)


def test_sparse_hessians_with_argnums_and_pytrees_equal_the_dense_blocks():
    def f(p, x, c):
        return dnp.sum(p["a"] * x ** 2) + p["b"] * dnp.sum(x[1:] * x[:-1]) + c * p["b"] ** 3
    p = {"a": rng.standard_normal(4), "b": 0.7}
    x = rng.standard_normal(4)
    H = dt.sparse_hessian(f, argnums=(0, 1))(p, x, 2.0)
    blocks = dt.hessian(f, argnums=(0, 1))(p, x, 2.0)
    # leaves in order: a (4), b (1), then x (4)
    sizes = [4, 1, 4]
    dense = np.zeros((9, 9))
    starts = np.cumsum([0] + sizes)
    # blocks[i] is shaped like argument i, each leaf holding a row of blocks shaped like the arguments
    pieces = [[blocks[0]["a"][0]["a"], blocks[0]["a"][0]["b"], blocks[0]["a"][1]],
              [blocks[0]["b"][0]["a"], blocks[0]["b"][0]["b"], blocks[0]["b"][1]],
              [blocks[1][0]["a"], blocks[1][0]["b"], blocks[1][1]]]
    for i in range(3):
        for j in range(3):
            dense[starts[i]:starts[i + 1], starts[j]:starts[j + 1]] = np.reshape(pieces[i][j],
                                                                               (sizes[i], sizes[j]))
    assert np.allclose(H.toarray(), dense, rtol=1e-13, atol=1e-13)
    only_x = dt.sparse_hessian(f, argnums=1)(p, x, 2.0)
    assert np.allclose(only_x.toarray(), dt.hessian(f, argnums=1)(p, x, 2.0), rtol=1e-13, atol=1e-13)


def test_a_linear_function_has_an_empty_hessian_and_no_passes():
    H = dt.sparse_hessian(lambda x: dnp.sum(3.0 * x))(np.ones(4))
    assert H.nnz == 0 and H.ncolors == 0 and not H.toarray().any()


def test_local_hessians_follow_the_branch_and_drop_its_zeros():
    f = lambda x: dnp.sum(dnp.where(x > 0, x ** 3, 2.0 * x))       # noqa: E731
    x = np.array([1.0, -1.0, 2.0, -3.0])
    H = dt.sparse_hessian(f, local=True)(x)
    assert H.nnz == 2 and np.allclose(H.toarray(), np.diag([6.0, 0.0, 12.0, 0.0]), rtol=1e-14)


def test_scipy_conversions_or_the_message_that_names_scipy():
    J = dt.sparse_jacobian(bratu)(np.zeros((3, 3)))
    try:
        import scipy.sparse
    except ImportError:
        with pytest.raises(ImportError, match="needs SciPy.*toarray"):
            J.tocsr()
        return
    csr = J.tocsr()
    assert isinstance(csr, scipy.sparse.csr_matrix) and csr.nnz == J.nnz
    assert np.array_equal(csr.toarray(), J.toarray()) and np.array_equal(J.tocoo().toarray(), J.toarray())


def test_sparse_transforms_nest_inside_other_derivatives():
    # d/ds of the sum of the Jacobian of x ↦ s·x² at x: the Jacobian is diag(2 s x)
    x = np.array([1.0, 2.0, 3.0])
    got = dt.gradient(lambda s: dnp.sum(dt.sparse_jacobian(lambda y: s * y ** 2)(x).values))(1.5)
    assert got == pytest.approx(2 * x.sum(), rel=1e-14)
