"""Random programs over the whole primitive table: every mode must agree.

Programs come from `fuzz.strategies.programs()` (1 to 30 drawn primitives,
inputs of random broadcasting shapes, real or complex, arguments mapped into
each entry's domain, complex intermediates wherever an entry takes them).  For
the real scalar result f of a program (complex values pair as ``Re Σ a·b``, and
a complex input's gradient is JAX's, ∂f/∂Re z - i ∂f/∂Im z):

* gradient: forward mode (one batched `Dual` pass, ``jacobian(mode="forward")``,
  of f as a function of the real pairs (Re z, Im z) of its complex inputs)
  and reverse mode (the tape, ``gradient``) agree to
  ``max|g_fwd - g_rev| <= GRAD_RTOL · max(max|g|, 1)``; and the directional
  derivative ⟨g, d⟩ along a random d agrees with a Richardson-extrapolated
  central difference to ``FD_RTOL · max(‖g‖, 1)·‖d‖``.  When extrapolations
  with steps h, h/2 and h/4 disagree by more than ``FD_SMOOTH · max(‖g‖, 1)·‖d‖``
  the program is not smooth at that scale (a jump of ``floor``, a kink of
  ``abs`` or ``max`` within the step), and only the finite-difference
  comparison is left out for it;
* Hessian-vector products H·u: forward-over-reverse (``jvp`` of ``gradient``)
  and tape-over-tape (``gradient`` of ⟨gradient, u⟩) agree to
  ``HVP_RTOL · max(max|H·u|, max|g|, 1)``, and so does ``dualtape.hvp``;
  ``HyperDual`` seeded with ε1 = u, ε2 = w gives wᵀ·H·u, which agrees with
  w·(H·u) to ``HVP_RTOL · ‖w‖·max(‖H·u‖, max|g|, 1)``; and an order-2 Taylor
  ``Jet`` along u gives uᵀ·H·u (twice its second coefficient), which agrees
  with u·(H·u) to the same tolerance with u in place of w.

* full Hessians: reverse-over-reverse (a batch of cotangents through adjoints and
  their adjoints) = forward-over-reverse to ``HVP_RTOL · max(max|H|, max|g|, 1)``.

The floor of 1 under each scale: inputs lie in [-2, 2] and the final weights
in [-1, 1], so round-off is measured against O(1) even where a derivative
happens to vanish (log10(exp(x)) has no second derivative, yet tape-over-tape
returns 1e-17 for it).

A failing program is printed as runnable Python in the assertion message.

Examples per property: 500 by default, ``DUALTAPE_FUZZ_EXAMPLES=N`` for N
(``pytest --fuzz-long`` sets 3000).  The default run is derandomized, so CI
sees the same programs every time; with the variable set, each run draws fresh
ones.  Besides the random draw, every fuzzed entry is placed in one program of
its own, so no entry depends on luck to be exercised.
"""
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, event, find, given, settings

import dualtape as dt
import dualtape.numpy as dnp
from dualtape.core.primitive import TABLE, Primitive, register
from dualtape.core.pytree import tree_flatten
from dualtape.forward.hyperdual import hyperdual_parts
from dualtape.forward.jet import jet_parts
from dualtape.transforms.pairs import complex_as_pairs
from fuzz.catalogue import catalogue
from fuzz.printing import literal, source, value_name
from fuzz.program import Program, Step, Var, run
from fuzz.strategies import programs
from fuzz.values import random_direction

GRAD_RTOL = 1e-10
FD_RTOL = 1e-6
FD_SMOOTH = 1e-7
FD_STEP = 1e-3
HVP_RTOL = 1e-9

EXAMPLES = int(os.environ.get("DUALTAPE_FUZZ_EXAMPLES", "500"))
LONG = "DUALTAPE_FUZZ_EXAMPLES" in os.environ
HESSIAN_EXAMPLES = max(1, EXAMPLES // 3)      # full Hessians: a third as many programs

FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

# Entries the generator cannot call, each with the reason; the test below
# fails when this list and the table drift apart.
UNFUZZABLE = {}


# --- the comparisons ----------------------------------------------------------------

def _flat(parts):
    return np.concatenate([np.ravel(np.asarray(p)) for p in parts])


def _directions(program, seed):
    rng = np.random.default_rng(seed)
    return [random_direction(rng, x) for x in program.inputs]


def forward_gradient(f, xs, argnums):
    """The gradient by one forward-mode Jacobian, of f as a function of the real
    pairs (Re z, Im z) of its complex inputs, put back into JAX's convention."""
    per_input = complex_as_pairs(lambda g: dt.jacobian(g, argnums, mode="forward"), f, argnums,
                                 "fuzz")(*xs)
    return [p[0] - 1j * p[1] if np.iscomplexobj(x) else p for p, x in zip(per_input, xs)]


def _moved(xs, ds, t):
    return [x + t * d for x, d in zip(xs, ds)]


def richardson(f, xs, ds, h):
    """Fourth-order central difference of t -> f(xs + t·ds) at t = 0."""
    def slope(step):
        return (float(f(*_moved(xs, ds, step))) - float(f(*_moved(xs, ds, -step)))) / (2 * step)
    return (4 * slope(h / 2) - slope(h)) / 3


def failure(program, message):
    return f"{message}\n\nThe program ({len(program.steps)} steps):\n\n{source(program)}"


def check_gradient(program):
    """Forward = reverse = finite differences for the program's gradient.

    Returns True when the finite-difference comparison applied (the program is
    smooth at the step size), False when only forward = reverse was checked.
    """
    f = program_function(program)
    xs = list(program.inputs)
    argnums = tuple(range(len(xs)))
    rev = _flat(dt.gradient(f, argnums=argnums)(*xs))
    fwd = _flat(forward_gradient(f, xs, argnums))
    # Inputs and weights are O(1), so round-off is measured against 1 at least.
    scale = max(float(np.max(np.abs(rev), initial=0.0)), 1.0)
    err = float(np.max(np.abs(fwd - rev), initial=0.0))
    assert err <= GRAD_RTOL * scale, failure(
        program, f"forward and reverse gradients differ by {err:.3e} (gradient scale {scale:.3e})\n"
                 f"forward: {fwd}\nreverse: {rev}")
    ds = _directions(program, 0)
    dflat = _flat(ds)
    bound = max(float(np.linalg.norm(rev)), 1.0) * float(np.linalg.norm(dflat))
    with np.errstate(all="ignore"):
        coarse, middle, fine = (richardson(f, xs, ds, FD_STEP / k) for k in (1, 2, 4))
    # Three step sizes, not two: a sawtooth finer than the step (remainder by
    # a tiny divisor) can alias two of them into agreement, hardly three.
    if not max(abs(coarse - middle), abs(middle - fine)) <= FD_SMOOTH * bound:
        return False
    exact = float(np.real(rev @ dflat))
    assert abs(exact - fine) <= FD_RTOL * bound, failure(
        program, f"directional derivative {exact!r} (reverse) against finite differences "
                 f"{fine!r}: off by {abs(exact - fine):.3e} (scale max(‖g‖, 1)·‖d‖ = {bound:.3e})")
    return True


def program_function(program):
    def f(*xs):
        return run(program, *xs)
    f.__name__ = "program"
    return f


def _inner(gs, us):
    """Re Σ g·u: the pairing of complex values (plain Σ g·u for real ones)."""
    total = 0.0
    for g, u in zip(gs, us):
        term = dnp.sum(g * u) if np.ndim(u) else g * u
        total = total + (dnp.real(term) if np.iscomplexobj(u) else term)
    return total


def check_hvp(program):
    """HyperDual = forward-over-reverse = tape-over-tape (= jets) for H·u."""
    f = program_function(program)
    xs = list(program.inputs)
    argnums = tuple(range(len(xs)))
    us, ws = _directions(program, 1), _directions(program, 2)
    grad_f = dt.gradient(f, argnums=argnums)

    fwd_over_rev = _flat(dt.jvp(grad_f, tuple(xs), tuple(us))[1])
    tape_over_tape = _flat(dt.gradient(lambda *ys: _inner(grad_f(*ys), us), argnums=argnums)(*xs))
    # Round-off in a second derivative is relative to the first-order terms
    # it is built from, so the gradient's size sets a floor under the scale.
    gradient_size = float(np.max(np.abs(_flat(grad_f(*xs))), initial=0.0))
    scale = max(float(np.max(np.abs(tape_over_tape), initial=0.0)), gradient_size, 1.0)
    err = float(np.max(np.abs(fwd_over_rev - tape_over_tape), initial=0.0))
    assert err <= HVP_RTOL * scale, failure(
        program, f"H·u by forward-over-reverse and by tape-over-tape differ by {err:.3e} "
                 f"(scale {scale:.3e})\nforward-over-reverse: {fwd_over_rev}\n"
                 f"tape-over-tape: {tape_over_tape}")

    library = _flat(_library_hvp(f, xs, us))
    err = float(np.max(np.abs(library - tape_over_tape), initial=0.0))
    assert err <= HVP_RTOL * scale, failure(
        program, f"dualtape.hvp differs from tape-over-tape by {err:.3e} (scale {scale:.3e})\n"
                 f"dualtape.hvp: {library}\ntape-over-tape: {tape_over_tape}")

    # wᵀ(H·u) is at most ‖w‖·‖H·u‖ (Cauchy-Schwarz): the scale for the HyperDual pass.
    whu = float(np.real(_flat(ws) @ tape_over_tape))
    e12 = hyperdual_second(f, xs, us, ws)
    bound = float(np.linalg.norm(_flat(ws))) * max(float(np.linalg.norm(tape_over_tape)),
                                                   gradient_size, 1.0)
    assert abs(e12 - whu) <= HVP_RTOL * bound, failure(
        program, f"HyperDual wᵀHu = {e12!r} but w·(H·u) from tape-over-tape = {whu!r} "
                 f"(off by {abs(e12 - whu):.3e}, scale {bound:.3e})")

    # A Taylor jet along u: its second coefficient is uᵀHu/2.
    uhu = float(np.real(_flat(us) @ tape_over_tape))
    c2 = jet_coefficients(f, xs, us)[1]
    bound = float(np.linalg.norm(_flat(us))) * max(float(np.linalg.norm(tape_over_tape)),
                                                   gradient_size, 1.0)
    assert abs(2 * c2 - uhu) <= HVP_RTOL * bound, failure(
        program, f"an order-2 jet along u gives uᵀHu = {2 * c2!r} but u·(H·u) from "
                 f"tape-over-tape = {uhu!r} (off by {abs(2 * c2 - uhu):.3e}, scale {bound:.3e})")


def check_hessian(program):
    """Reverse-over-reverse (batched cotangents) = forward-over-reverse for the full Hessian."""
    f, xs = program_function(program), list(program.inputs)
    argnums = tuple(range(len(xs)))
    ror = _flat(tree_flatten(dt.hessian(f, argnums=argnums, mode="reverse-over-reverse")(*xs))[0])
    forward = _flat(tree_flatten(dt.hessian(f, argnums=argnums)(*xs))[0])
    gradient = _flat(dt.gradient(f, argnums=argnums)(*xs))         # the floor, as in check_hvp
    scale = max(float(np.max(np.abs(np.concatenate([forward, gradient])), initial=0.0)), 1.0)
    err = float(np.max(np.abs(ror - forward), initial=0.0))
    assert err <= HVP_RTOL * scale, failure(
        program, f"Hessians by reverse-over-reverse and forward-over-reverse differ by {err:.3e} "
                 f"(scale {scale:.3e})\nreverse-over-reverse: {ror}\nforward-over-reverse: {forward}")


def jet_coefficients(f, xs, us):
    """[f'·u, uᵀHu/2]: the Taylor coefficients of t -> f(xs + t·us) by one order-2 jet."""
    def zero(x):
        return 0.0 if np.ndim(x) == 0 else np.zeros(np.shape(x))
    first = dt.Jet(xs[0], [us[0], zero(xs[0])])
    seeded = [first] + [dt.Jet(x, [u, zero(x)], like=first) for x, u in zip(xs[1:], us[1:])]
    return [float(np.asarray(c)) for c in jet_parts(f(*seeded), first)[1]]


def hyperdual_second(f, xs, us, ws):
    """wᵀ·H·u from one HyperDual pass seeded with ε1 = u, ε2 = w."""
    first = dt.HyperDual(xs[0], us[0], ws[0])
    seeded = [first] + [dt.HyperDual(x, u, w, like=first) for x, u, w in zip(xs[1:], us[1:], ws[1:])]
    return float(np.asarray(hyperdual_parts(f(*seeded), first)[3]))


def _library_hvp(f, xs, us):
    out = dt.hvp(f, tuple(xs), tuple(us))
    return (out,) if len(xs) == 1 else out


# --- the properties ------------------------------------------------------------------

@FUZZ
@given(programs())
def test_random_programs_forward_reverse_and_finite_differences_agree(program):
    smooth = check_gradient(program)
    # Shown by --hypothesis-show-statistics: how often finite differences applied.
    event("finite differences compared" if smooth else "not smooth at the step: forward = reverse only")


@FUZZ
@given(programs())
def test_random_programs_hessian_vector_products_agree_across_modes(program):
    check_hvp(program)


@settings(FUZZ, max_examples=HESSIAN_EXAMPLES)
@given(programs())
def test_random_programs_hessians_by_batched_cotangents_agree_with_forward_over_reverse(program):
    check_hessian(program)


def test_every_table_entry_is_fuzzed_or_documented_as_unfuzzable():
    specs, unfuzzable = catalogue()
    for name, reason in sorted(unfuzzable.items()):
        print(f"not fuzzed: {name}: {reason}")
    print(f"{len(specs)} of {len(TABLE)} table entries are fuzzed")
    assert set(specs) | set(unfuzzable) == set(TABLE)
    assert unfuzzable == UNFUZZABLE


ONE_ENTRY = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                     phases=[Phase.generate], suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("name", sorted(catalogue()[0]))
def test_each_fuzzed_entry_is_placed_in_a_program_where_all_modes_agree(name):
    # The random draw reaches an entry only now and then; here each one is
    # placed for sure, so an entry that can never be placed cannot hide.
    program = find(programs(max_steps=1, names=[name]), lambda p: name in p.primitives(),
                   settings=ONE_ENTRY)
    check_gradient(program)
    check_hvp(program)
    check_hessian(program)


# --- the checks catch wrong rules ----------------------------------------------------------

def _scaled_rule_program(kind):
    """A one-step program through a copy of ``tanh`` whose `kind` rule is 1e-4 off."""
    good = TABLE["tanh"]
    rules = {"tangent": good.tangent, "adjoint": good.adjoint, "second": good.second,
             "taylor": good.taylor}
    if kind == "second":
        rules[kind] = lambda out, x: good.second(out, x) * 1.0001
    elif kind == "taylor":
        rules[kind] = lambda coeffs, out, x: [None if y is None else y * 1.0001
                                              for y in good.taylor(coeffs, out, x)]
    else:
        part = rules[kind][0]
        rules[kind] = (lambda g, out, x: part(g, out, x) * 1.0001,)
    register(Primitive("fuzz-check.tanh", good.impl, rules["tangent"], rules["adjoint"],
                       second=rules["second"], taylor=rules["taylor"], broadcasts=True))
    step = Step("fuzz-check.tanh", [Var(0)], {}, [1])
    total = Step("sum", [Var(1)], {"axis": (-1,), "keepdims": False}, [2])
    return Program([np.array([0.3, -0.7])], [step, total], 2, 3)


@pytest.mark.parametrize("kind, check, message", [
    ("tangent", check_gradient, "forward and reverse gradients differ"),
    ("adjoint", check_gradient, "forward and reverse gradients differ"),
    ("second", check_hvp, "HyperDual wᵀHu"),
    ("taylor", check_hvp, "order-2 jet"),
])
def test_checks_fail_on_a_rule_that_is_slightly_wrong(kind, check, message):
    program = _scaled_rule_program(kind)
    try:
        with pytest.raises(AssertionError, match=message):
            check(program)
    finally:
        del TABLE["fuzz-check.tanh"]


def test_unchanged_copy_of_an_entry_passes_the_checks():
    # The failures above come from the 1e-4 changes, not from the copy itself.
    good = TABLE["tanh"]
    register(Primitive("fuzz-check.tanh", good.impl, good.tangent, good.adjoint,
                       second=good.second, taylor=good.taylor, broadcasts=True))
    try:
        program = Program([np.array([0.3, -0.7])],
                             [Step("fuzz-check.tanh", [Var(0)], {}, [1]),
                              Step("sum", [Var(1)], {"axis": (-1,), "keepdims": False}, [2])],
                             2, 3)
        assert check_gradient(program)
        check_hvp(program)
    finally:
        del TABLE["fuzz-check.tanh"]


# --- the printer -----------------------------------------------------------------------

def _exec_source(program):
    namespace = {}
    exec(compile(source(program), "<program>", "exec"), namespace)
    inputs = [namespace[value_name(i, program.n_inputs)] for i in range(program.n_inputs)]
    return namespace["program"], inputs


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(programs())
def test_printed_program_runs_and_gives_the_same_value_bit_for_bit(program):
    printed, inputs = _exec_source(program)
    for given_input, printed_input in zip(program.inputs, inputs):
        assert type(given_input) is type(printed_input)
        assert np.array_equal(given_input, printed_input)
    assert printed(*inputs) == run(program, *program.inputs)
    xs = [np.asarray(x) for x in inputs]
    argnums = tuple(range(len(xs)))
    for a, b in zip(_flat(dt.gradient(printed, argnums=argnums)(*inputs)),
                    _flat(dt.gradient(program_function(program), argnums=argnums)(*program.inputs))):
        assert a == b


def test_printed_program_reads_as_dualtape_numpy_calls():
    program = Program(
        [np.array([[0.5, -1.25]]), 2.0],
        [Step("sin", [Var(0)], {}, [2], public="sin"),
         Step("multiply", [Var(2), Var(1)], {}, [3], public="multiply"),
         Step("reshape", [Var(3)], {"shape": (2,)}, [4]),
         Step("sum", [Var(4)], {"axis": (-1,), "keepdims": False}, [5], public="sum")],
        output=5, n_values=6)
    assert source(program) == """\
import numpy as np
import dualtape.numpy as dnp
from dualtape.core.dispatch import bind
from dualtape.core.primitive import TABLE


def program(x0, x1):
    v2 = dnp.sin(x0)
    v3 = dnp.multiply(v2, x1)
    v4 = bind(TABLE['reshape'], v3, shape=(2,))
    v5 = dnp.sum(v4, axis=(-1,), keepdims=False)
    return v5


x0 = np.array([[0.5, -1.25]], dtype='float64')
x1 = 2.0
"""
    printed, inputs = _exec_source(program)
    assert printed(*inputs) == np.sum(np.sin([0.5, -1.25]) * 2.0)


@pytest.mark.parametrize("value", [
    np.array([0.1, 1 / 3, -2.5e-300]), np.array([[True, False]]), np.array([3, -1], dtype=np.int64),
    np.array(7.25), np.float64(1 / 7), 1e-17, float("inf"), float("nan"), -0.0, (1,), (),
    (slice(None, None, -1), None, Ellipsis, np.array([2, 0])), np.dtype("float32"),
    np.array([1 + 2j, -0.5j]), {"axis": (-2, -1)}])
def test_literal_rebuilds_the_value_exactly(value):
    again = eval(literal(value), {"np": np})
    assert type(again) is type(value)
    if isinstance(value, np.ndarray):
        assert again.dtype == value.dtype and again.shape == value.shape
        assert np.array_equal(again, value)
    elif isinstance(value, float) and value != value:
        assert again != again
    elif isinstance(value, float):
        assert again == value and np.signbit(again) == np.signbit(value)
    else:
        assert repr(again) == repr(value)
