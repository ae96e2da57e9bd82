"""Errors are part of the API: each names the operation, the shapes or types
involved, and what to do instead."""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp


def _dual():
    return dt.Dual(np.array([1.0, 2.0]), np.ones(2))


@pytest.mark.parametrize("np_fn, name", [(np.packbits, "packbits"), (np.invert, "invert")])
def test_numpy_function_outside_the_table_on_a_dual_raises_naming_it_and_the_fix(np_fn, name):
    with pytest.raises(TypeError, match=rf"numpy.{name} was called on a dualtape Dual.*not in dualtape's "
                                        rf"primitive table.*dualtape.numpy"):
        np_fn(_dual())


def test_numpy_function_outside_the_table_on_a_recorded_tensor_raises():
    x = dt.Variable(np.array([1.0, 2.0]))
    with dt.GradientTape():
        y = x * 1.0
        with pytest.raises(TypeError, match=r"numpy.packbits was called on a dualtape Tensor"):
            np.packbits(y)


def test_numpy_ufunc_method_on_a_dual_raises_instead_of_dropping_the_derivative():
    with pytest.raises(TypeError, match=r"numpy.bitwise_and.reduce was called on a dualtape Dual"):
        np.bitwise_and.reduce(_dual())
    with pytest.raises(NotImplementedError, match=r"add.reduceat is not differentiable"):
        np.add.reduceat(_dual(), [0])


@pytest.mark.parametrize("name", ["intersect1d", "union1d", "setdiff1d", "setxor1d"])
def test_a_numpy_name_listed_as_not_differentiated_raises_on_a_dual_and_runs_on_plain_values(name):
    with pytest.raises(NotImplementedError, match=rf"dualtape.numpy.{name} is not differentiable: "):
        getattr(np, name)(_dual(), np.array([1.0]))
    np.testing.assert_array_equal(getattr(dt.numpy, name)([1.0, 2.0], [2.0]),
                                  getattr(np, name)([1.0, 2.0], [2.0]))


def test_asarray_of_a_dual_raises_and_says_how_to_get_the_plain_value():
    with pytest.raises(TypeError, match=r"numpy.asarray\(\) of a dualtape Dual would drop its derivative.*"
                                        r"stop_gradient.*\.primal"):
        np.asarray(_dual())


def test_float_of_a_dual_raises():
    with pytest.raises(TypeError, match=r"float\(\) of a dualtape Dual would drop its derivative"):
        float(dt.Dual(1.0, 1.0))


def test_float_of_a_tensor_raises_while_its_tape_records_and_works_afterwards():
    x = dt.Variable(2.0)
    with dt.GradientTape():
        y = x * x
        with pytest.raises(TypeError, match=r"float\(\) of a dualtape Tensor would drop its derivative"):
            float(y)
        with pytest.raises(TypeError, match=r"float\(\) of a dualtape Variable"):
            float(x)
    assert float(y) == 4.0 and float(x) == 2.0


def test_jvp_tangent_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"jvp: tangent 0 has shape \(2,\) but its primal has shape \(3,\)"):
        dt.jvp(dnp.sin, (np.ones(3),), (np.ones(2),))


def test_dual_tangent_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"Dual: tangent shape \(2,\) does not match primal shape \(3,\)"):
        dt.Dual(np.ones(3), np.ones(2))


def test_vjp_cotangent_shape_mismatch_names_both_shapes():
    _, pullback = dt.vjp(dnp.sin, np.ones(3))
    with pytest.raises(ValueError, match=r"vjp_fn: cotangent 0 has shape \(2,\) but the output has shape \(3,\)"):
        pullback(np.ones(2))


def test_gradient_of_a_non_scalar_function_names_the_shape_and_the_alternatives():
    with pytest.raises(TypeError, match=r"gradient: f must return a scalar, but it returned shape \(3,\)\. "
                                        r"Use jacobian"):
        dt.gradient(dnp.sin)(np.ones(3))


def test_tape_gradient_with_a_plain_float_source_raises():
    x = dt.Variable(1.0)
    with dt.GradientTape() as tape:
        y = x * 2.0
    with pytest.raises(TypeError, match=r"source 0 is a float, not a dualtape tensor or Variable"):
        tape.gradient(y, 3.0)


def test_watching_a_plain_array_raises_and_suggests_constant():
    with pytest.raises(TypeError, match=r"GradientTape.watch: expected a dualtape tensor or Variable, got "
                                        r"ndarray.*dualtape.constant"):
        dt.GradientTape().watch(np.ones(2))


@pytest.mark.parametrize("call, message", [
    (lambda: dt.gradient(dnp.sin)(1j), r"gradient: f returned a complex value \(complex128\).*"
                                       r"pass holomorphic=True"),
    (lambda: dt.gradient(dnp.sum)(np.ones(2, dtype=complex)), r"holomorphic=True.*vjp"),
    (lambda: dt.gradient(dnp.sin, holomorphic=True)(1.0),
     r"gradient\(\.\.\., holomorphic=True\): input 0 has dtype float64; .*needs complex inputs"),
    (lambda: dt.gradient(lambda z: dnp.abs(z), holomorphic=True)(1j),
     r"holomorphic=True\): f returned a float64 value; .*complex output"),
    (lambda: dt.jacfwd(dnp.sin)(np.ones(2, dtype=complex)), r"jacfwd: input 0 is complex"),
    (lambda: dt.jacrev(dnp.sin)(np.ones(2, dtype=complex)), r"jacrev: f returned a complex value"),
    (lambda: dt.jvp(dnp.sin, (1.0,), (1j,)), r"jvp: the tangent is complex .* the primal is real"),
    (lambda: dt.Dual(1.0, 1j), r"Dual: the tangent is complex"),
], ids=["gradient", "gradient-array", "holomorphic-real-input", "holomorphic-real-output",
        "jacfwd", "jacrev", "jvp-complex-tangent", "Dual-complex-tangent"])
def test_complex_values_where_jax_refuses_them_raise_with_the_fix(call, message):
    with pytest.raises(TypeError, match=message):
        call()


@pytest.mark.parametrize("arg", [3, np.arange(3)], ids=["int", "int-array"])
def test_gradient_of_integer_inputs_asks_for_floats(arg):
    with pytest.raises(TypeError, match=r"input 0 has dtype int64; derivatives need float inputs. Pass a float"):
        dt.gradient(lambda x: dnp.sum(x * x))(arg)


def test_in_place_assignment_where_it_cannot_be_recorded_raises():
    # x[i] = v records a functional update on Duals and recording tensors (tests/test_updates.py);
    # a Variable cannot be rebound to a computed value, so it raises and names the fix.
    with pytest.raises(TypeError, match=r"`x\[...\] = v` on a dualtape Variable cannot be recorded"):
        dt.Variable(np.ones(2))[0] = 1.0


def test_jacobian_mode_must_be_forward_reverse_or_auto():
    with pytest.raises(ValueError, match=r"mode must be 'reverse', 'forward' or 'auto', got 'sideways'"):
        dt.jacobian(dnp.sin, mode="sideways")
