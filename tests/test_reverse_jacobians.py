"""One-pass reverse Jacobians: the identity pulled back as one batch of cotangents
equals forward-mode Jacobians and per-row pullbacks (the generic path), on
pytrees, argnums, float32, several outputs and entries with several results;
one backward pass per Jacobian, chunked by memory; the tape's Jacobians too."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.core.pytree import tree_flatten, tree_unflatten
from dualtape.reverse import jacobian as reverse_jacobian
from dualtape.reverse.tape import Tape

rng = np.random.default_rng(13)
A = rng.standard_normal((5, 5)) / np.sqrt(5)


def w5(x):
    return dnp.tanh(A @ x) + x ** 2


@pytest.fixture
def backward_passes(monkeypatch):
    """The backward passes the tape runs, one item each."""
    calls = []
    original = Tape.backward

    def counting(self, seeds, sources, **options):
        calls.append(seeds)
        return original(self, seeds, sources, **options)
    monkeypatch.setattr(Tape, "backward", counting)
    return calls


def per_row_jacobian(f, *args, argnums=0):
    """The generic path: one vjp pullback per output element (of every output leaf)."""
    nums = (argnums,) if isinstance(argnums, int) else argnums
    out, pullback = dt.vjp(lambda *xs: f(*_placed(args, nums, xs)), *[args[k] for k in nums])
    leaves, tree = tree_flatten(out)
    blocks = []
    for j, o in enumerate(leaves):
        rows = []
        for idx in np.ndindex(np.shape(o)):
            cts = [np.zeros(np.shape(leaf)) for leaf in leaves]
            cts[j][idx] = 1.0
            rows.append(tree_flatten(pullback(_unflat(tree, cts)))[0])
        blocks.append([np.stack([r[i] for r in rows]).reshape(np.shape(o) + np.shape(x))
                       for i, x in enumerate(tree_flatten([args[k] for k in nums])[0])])
    return blocks


def _placed(args, nums, xs):
    full = list(args)
    for k, x in zip(nums, xs):
        full[k] = x
    return full


def _unflat(tree, leaves):
    return tree_unflatten(tree, [leaf if leaf.shape else float(leaf) for leaf in leaves])


def assert_same_blocks(got, want, rtol=1e-13):
    g, _ = tree_flatten(got)
    w, _ = tree_flatten(want)
    assert len(g) == len(w)
    for a, b in zip(g, w):
        assert np.shape(a) == np.shape(b)
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-14)


# --- against forward mode and the per-row pullbacks ------------------------------------------

def test_the_w5_jacobian_is_one_backward_pass_equal_to_forward_mode_and_the_closed_form(
        backward_passes):
    x = np.linspace(-1.0, 1.0, 5)
    J = dt.jacrev(w5)(x)
    assert len(backward_passes) == 1
    # closed form: diag(1 - tanh²(A x)) A + diag(2 x)
    np.testing.assert_allclose(J, (1 - np.tanh(A @ x) ** 2)[:, None] * A + np.diag(2 * x),
                               rtol=1e-14)
    np.testing.assert_allclose(J, dt.jacfwd(w5)(x), rtol=1e-14)
    np.testing.assert_allclose(J, per_row_jacobian(w5, x)[0][0], rtol=1e-14)


def test_pytrees_argnums_and_several_outputs_match_forward_mode_and_per_row_pullbacks():
    def f(params, x, scale):
        w, b = params["w"], params["b"]
        return {"fit": dnp.tanh(w * x + b[0]), "penalty": (dnp.sum(w ** 2) * scale, x[1:] * x[:-1])}
    args = ({"w": rng.standard_normal(4), "b": rng.standard_normal(2)}, rng.standard_normal(4), 0.5)
    for argnums in [0, 1, (0, 1), (1, 0), (2, 0)]:
        rev = dt.jacrev(f, argnums=argnums)(*args)
        assert_same_blocks(rev, dt.jacfwd(f, argnums=argnums)(*args))
    # the per-row pullbacks, output by output, with respect to arguments 0 and 1
    rows = per_row_jacobian(f, *args, argnums=(0, 1))
    rev, _ = tree_flatten(dt.jacrev(f, argnums=(0, 1))(*args))
    assert_same_blocks(rev, [b for blocks in rows for b in blocks])


def test_a_float32_jacobian_stays_float32_and_matches_forward_mode():
    x = np.linspace(-1.0, 1.0, 5).astype(np.float32)
    f = lambda v: dnp.tanh(A.astype(np.float32) @ v) + v ** 2      # noqa: E731
    rev, fwd = dt.jacrev(f)(x), dt.jacfwd(f)(x)
    assert rev.dtype == fwd.dtype == np.float32
    np.testing.assert_allclose(rev, fwd, rtol=1e-6)
    np.testing.assert_allclose(rev, per_row_jacobian(f, x)[0][0], rtol=1e-6)


def test_a_scalar_output_goes_back_unbatched_and_equals_the_batched_pass(backward_passes):
    # the single-row fast path against the same row pulled back in a batch of two
    f = lambda x: dnp.sum(dnp.sin(x) * x)                            # noqa: E731
    twice = lambda x: dnp.stack([f(x), 2.0 * f(x)])                   # noqa: E731
    x = rng.standard_normal(6)
    one, two = dt.jacrev(f)(x), dt.jacrev(twice)(x)
    assert len(backward_passes) == 2
    np.testing.assert_array_equal(one, two[0])
    np.testing.assert_allclose(one, np.sin(x) + x * np.cos(x), rtol=1e-15)     # d/dx x sin x


@pytest.mark.parametrize("name, f, x", [
    ("slogdet", lambda a: dnp.stack(dnp.linalg.slogdet(a @ a.T + 3 * np.eye(3))),
     rng.standard_normal((3, 3))),
    ("eigh", lambda a: dnp.concatenate([dnp.linalg.eigh(a + a.T)[0],
                                        dnp.ravel(dnp.abs(dnp.linalg.eigh(a + a.T)[1]))]),
     rng.standard_normal((3, 3))),
    ("eigvalues only", lambda a: dnp.linalg.eigh(a + a.T)[0], rng.standard_normal((3, 3))),
    ("svd", lambda a: dnp.concatenate([dnp.ravel(dnp.abs(u)) for u in dnp.linalg.svd(
        a, full_matrices=False)]), rng.standard_normal((4, 3))),
    ("qr", lambda a: dnp.concatenate([dnp.ravel(m) for m in dnp.linalg.qr(a)]),
     rng.standard_normal((4, 3))),
])
def test_entries_with_several_results_give_the_forward_jacobian(name, f, x, backward_passes):
    rev = dt.jacrev(f)(x)
    assert len(backward_passes) == 1
    np.testing.assert_allclose(rev, dt.jacfwd(f)(x), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(rev, per_row_jacobian(f, x)[0][0], rtol=1e-12, atol=1e-13)


def test_a_large_output_is_pulled_back_in_chunks_with_the_same_result(monkeypatch, backward_passes):
    x = rng.standard_normal(12)
    f = lambda v: dnp.outer(dnp.sin(v), v)[2:9]                    # noqa: E731 (largest value 144)
    whole = dt.jacrev(f)(x)
    monkeypatch.setattr(reverse_jacobian, "ROW_BUDGET", 144 * 10)   # 10 rows per pass
    chunked = dt.jacrev(f)(x)
    assert len(backward_passes) == 1 + 9     # 84 rows: 8 chunks of 10 and one of 4 (1 pass before)
    np.testing.assert_array_equal(chunked, whole)
    np.testing.assert_allclose(whole, dt.jacfwd(f)(x), rtol=1e-14)


def test_an_output_that_does_not_depend_on_the_input_has_a_zero_block():
    rev = dt.jacrev(lambda x: (x * 2.0, np.ones(3)))(np.ones(2))
    np.testing.assert_array_equal(rev[0], 2.0 * np.eye(2))
    np.testing.assert_array_equal(rev[1], np.zeros((3, 2)))


# --- reverse-over-reverse Hessians ------------------------------------------------------------------

def test_reverse_over_reverse_hessians_are_one_pass_and_equal_the_other_modes(backward_passes):
    x = rng.standard_normal(7)
    f = lambda v: dnp.sum(dnp.exp(dnp.sin(v) * v[::-1]))          # noqa: E731
    H = dt.hessian(f, mode="reverse-over-reverse")(x)
    assert len(backward_passes) == 2     # the gradient's pass, and one pass over it for all rows
    np.testing.assert_allclose(H, dt.hessian(f)(x), rtol=1e-12)
    np.testing.assert_allclose(H, dt.hessian(f, mode="hyperdual")(x), rtol=1e-12)


# --- GradientTape ------------------------------------------------------------------------------------

def test_tape_jacobian_is_one_pass_and_equals_per_row_gradients(backward_passes):
    x = dt.Variable(rng.standard_normal(5))
    with dt.GradientTape(persistent=True) as tape:
        y = dnp.tanh(x @ A.T) * x[0]
    J = tape.jacobian(y, x).numpy()
    assert len(backward_passes) == 1
    rows = [tape.gradient(y, x, output_gradients=e).numpy() for e in np.eye(5)]
    np.testing.assert_allclose(J, np.stack(rows), rtol=1e-14)


def test_batch_jacobian_is_one_pass_and_equals_per_row_gradients(backward_passes):
    x = dt.Variable(rng.standard_normal((4, 5)))
    with dt.GradientTape(persistent=True) as tape:
        y = dnp.tanh(x @ A.T)[:, :3] * x[:, :1]
    jb = tape.batch_jacobian(y, x).numpy()                          # (4, 3, 5)
    assert len(backward_passes) == 1
    for k in range(3):
        weights = np.zeros((4, 3))
        weights[:, k] = 1.0
        row = tape.gradient(y, x, output_gradients=weights).numpy()   # (4, 5)
        np.testing.assert_allclose(jb[:, k, :], row, rtol=1e-14)


def test_tape_jacobians_inside_an_outer_tape_are_differentiable():
    # d/dx of sum(d(x³)/dx) = d/dx sum(diag(3x²)) = 6x
    x = dt.Variable(np.array([1.0, 2.0, 3.0]))
    with dt.GradientTape() as outer:
        with dt.GradientTape() as inner:
            y = x ** 3
        total = dnp.sum(inner.jacobian(y, x))
    np.testing.assert_allclose(outer.gradient(total, x).numpy(), 6.0 * x.numpy(), rtol=1e-15)


# --- the engine ---------------------------------------------------------------------------------------

def test_unit_cotangents_lay_the_identity_across_several_outputs():
    parts = reverse_jacobian.unit_cotangents([(2,), (), (1, 2)], [np.float64] * 3, 0, 5)
    flat = np.concatenate([p.reshape(5, -1) for p in parts], axis=1)
    np.testing.assert_array_equal(flat, np.eye(5))
    middle = reverse_jacobian.unit_cotangents([(2,), (), (1, 2)], [np.float64] * 3, 1, 4)
    np.testing.assert_array_equal(np.concatenate([p.reshape(3, -1) for p in middle], axis=1),
                                  np.eye(5)[1:4])


def test_a_partly_reached_entry_with_several_results_gets_batched_zeros():
    # only the eigenvalues are used: the eigenvectors' cotangent is a batch of zeros
    tape = Tape()
    a = tape.source(np.array([[2.0, 1.0], [1.0, 3.0]]))
    with tape.recording_on():
        w, _ = dnp.linalg.eigh(a)
    (g,) = tape.backward({w._node: np.eye(2)}, [a._node])
    vals, vecs = np.linalg.eigh(np.array([[2.0, 1.0], [1.0, 3.0]]))
    for k in range(2):                  # dw_k/dA = v_k v_kᵀ, read from the lower triangle
        full = np.outer(vecs[:, k], vecs[:, k])
        np.testing.assert_allclose(g[k], np.tril(2 * full) - np.diag(np.diag(full)), rtol=1e-14)


def test_auto_jacobian_pulls_back_a_wide_jacobian_and_pushes_a_tall_one_forward(monkeypatch):
    from dualtape.transforms import jacobians
    forward_passes = []
    original = jacobians._jac_forward
    monkeypatch.setattr(jacobians, "_jac_forward",
                        lambda *args: forward_passes.append(1) or original(*args))
    x = np.array([0.5, -1.0, 2.0])
    wide = dt.jacobian(lambda v: dnp.sum(v * v), mode="auto")(x)       # 1 row, 3 columns
    assert forward_passes == [] and np.array_equal(wide, 2 * x)
    tall = dt.jacobian(lambda v: dnp.outer(v, v), mode="auto")(x)      # 9 rows, 3 columns
    assert forward_passes == [1]
    np.testing.assert_array_equal(tall, dt.jacobian(lambda v: dnp.outer(v, v), mode="forward")(x))
    # d(v_i v_j)/dv_k = δ_ik v_j + v_i δ_jk
    eye = np.eye(3)
    np.testing.assert_array_equal(tall, eye[:, None, :] * x[None, :, None]
                                  + x[:, None, None] * eye[None, :, :])
