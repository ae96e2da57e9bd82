"""Errors from the functional transforms name the transform the user called, what
was given, and the fix: integer, string, Fraction, range and object inputs, an f
that returns None or a string, a list argument f treats as an array, a bad
`argnums`, and integer sources of a reverse Jacobian."""
import re
from fractions import Fraction

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp


def _sum_of_squares(x):
    return dnp.sum(x * x)


# Each transform the user can call, applied to one input `x` of a scalar function.
CALLS = {
    "gradient": lambda x: dt.gradient(_sum_of_squares)(x),
    "grad": lambda x: dt.grad(_sum_of_squares)(x),
    "value_and_gradient": lambda x: dt.value_and_gradient(_sum_of_squares)(x),
    "jvp": lambda x: dt.jvp(_sum_of_squares, (x,), (x,)),
    "vjp": lambda x: dt.vjp(_sum_of_squares, x),
    "jacobian": lambda x: dt.jacobian(_sum_of_squares)(x),
    "jacobian-forward": lambda x: dt.jacobian(_sum_of_squares, mode="forward")(x),
    "jacfwd": lambda x: dt.jacfwd(_sum_of_squares)(x),
    "jacrev": lambda x: dt.jacrev(_sum_of_squares)(x),
    "hessian": lambda x: dt.hessian(_sum_of_squares)(x),
    "hessian-reverse-over-reverse":
        lambda x: dt.hessian(_sum_of_squares, mode="reverse-over-reverse")(x),
    "hessian-hyperdual": lambda x: dt.hessian(_sum_of_squares, mode="hyperdual")(x),
    "hvp": lambda x: dt.hvp(_sum_of_squares, (x,), (1.0,)),
    "derivative": lambda x: dt.derivative(dnp.sin)(x),
    "derivative-forward": lambda x: dt.derivative(dnp.sin, mode="forward")(x),
    "derivative-reverse": lambda x: dt.derivative(dnp.sin, mode="reverse")(x),
    "taylor": lambda x: dt.taylor(dnp.sin, x, 2),
}


def _called(name):
    """The name of the function the user called: `grad` is `gradient`."""
    return {"grad": "gradient"}.get(name.split("-")[0], name.split("-")[0])


@pytest.mark.parametrize("name", list(CALLS))
def test_an_integer_input_error_names_the_transform_the_user_called(name):
    # before: gradient, jacobian and their modes said "vjp: input 0 ..."
    with pytest.raises(TypeError, match=rf"^{_called(name)}: input 0 has dtype int64; derivatives "
                                        rf"need float inputs. Pass a float \(3.0 rather than 3\)"):
        CALLS[name](np.arange(3))


@pytest.mark.parametrize("name", list(CALLS))
def test_a_string_input_says_it_is_a_string_and_to_pass_a_float(name):
    # before: NumPy's "data type '.5' not understood"
    with pytest.raises(TypeError, match=rf"^{_called(name)}: input 0 is the string '1.5', not a "
                                        rf"number. Pass float\('1.5'\)"):
        CALLS[name]("1.5")


@pytest.mark.parametrize("name", ["gradient", "jvp", "jacobian-forward", "hessian-hyperdual",
                                  "derivative", "taylor"])
def test_a_fraction_input_asks_for_a_float(name):
    # before: "Cannot interpret 'Fraction(3, 2)' as a data type"
    with pytest.raises(TypeError, match=rf"^{_called(name)}: input 0 is a Fraction \(3/2\); "
                                        rf"derivatives need float inputs. Pass float\(x\)"):
        CALLS[name](Fraction(3, 2))


@pytest.mark.parametrize("name", ["gradient", "vjp", "jacobian", "hessian", "derivative", "taylor"])
def test_a_range_input_asks_for_a_float_array(name):
    # before: "Cannot interpret 'range(0, 3)' as a data type"
    with pytest.raises(TypeError, match=rf"^{_called(name)}: input 0 is range\(0, 3\), which holds "
                                        rf"integers; .*Pass np.arange\(0.0, 3.0, 1.0\)"):
        CALLS[name](range(3))


def test_an_object_input_names_its_type():
    with pytest.raises(TypeError, match=r"^jacfwd: input 0 is of type object, not a float or a "
                                        r"float array"):
        dt.jacfwd(dnp.sin)(object())


@pytest.mark.parametrize("call", [
    lambda: dt.gradient(lambda x: None)(1.0),
    lambda: dt.value_and_gradient(lambda x: None)(1.0),
    lambda: dt.jvp(lambda x: None, (1.0,), (1.0,)),
    lambda: dt.vjp(lambda x: None, 1.0),
    lambda: dt.jacobian(lambda x: None)(1.0),
    lambda: dt.jacfwd(lambda x: None)(1.0),
    lambda: dt.hessian(lambda x: None)(1.0),
    lambda: dt.hessian(lambda x: None, mode="hyperdual")(1.0),
    lambda: dt.hvp(lambda x: None, (1.0,), (1.0,)),
    lambda: dt.derivative(lambda x: None)(1.0),
    lambda: dt.derivative(lambda x: None, mode="reverse")(1.0),
    lambda: dt.taylor(lambda x: None, 1.0, 2),
], ids=["gradient", "value_and_gradient", "jvp", "vjp", "jacobian", "jacfwd", "hessian",
        "hessian-hyperdual", "hvp", "derivative", "derivative-reverse", "taylor"])
def test_an_f_that_returns_none_is_reported_with_the_missing_return(call):
    # before: "vjp_fn: the cotangent must have the structure of f's output None", or a
    # silent None from jacobian and jvp
    with pytest.raises(TypeError, match=r": f returned None, so there is nothing to "
                                        r"differentiate. .*does it miss a `return`\?"):
        call()


def test_an_f_that_returns_a_string_is_refused():
    with pytest.raises(TypeError, match=r"^jacobian: f returned a str \('x'\), which has no "
                                        r"derivative"):
        dt.jacobian(lambda x: "x")(1.0)


@pytest.mark.parametrize("call, who", [
    (lambda: dt.gradient(lambda x: dnp.sum(x * x))([1.0, 2.0]), "gradient"),
    (lambda: dt.jacfwd(lambda x: x * x)([1.0, 2.0]), "jacfwd"),
    (lambda: dt.hessian(lambda x: dnp.sum(x * x))([1.0, 2.0]), "hessian"),
    (lambda: dt.jvp(lambda x: x * x, ([1.0, 2.0],), ([1.0, 0.0],)), "jvp"),
], ids=["gradient", "jacfwd", "hessian", "jvp"])
def test_a_list_argument_that_f_treats_as_an_array_gets_a_note_naming_the_fix(call, who):
    # a list is a container of separate values (JAX's convention), so `x * x` fails in f
    # with Python's "can't multiply sequence by non-int"; the note says why and what to pass
    with pytest.raises(TypeError, match=r"can't multiply sequence") as info:
        call()
    assert info.value.__notes__ == [
        f"{who}: argument 0 is a list of 2 values, which {who} differentiates as a container "
        f"of separate values (as JAX does), so f received a list, not an array. To "
        f"differentiate it as one array, pass np.array(...) of it instead."]


def test_a_list_argument_used_as_a_container_still_differentiates():
    # as in JAX: the gradient of a list argument is a list (x0·x1 at (2, 3): (3, 2)), and
    # its Hessian a list of lists ([[0, 1], [1, 0]])
    assert dt.gradient(lambda xs: xs[0] * xs[1])([2.0, 3.0]) == [3.0, 2.0]
    assert dt.hessian(lambda xs: xs[0] * xs[1])([2.0, 3.0]) == [[0.0, 1.0], [1.0, 0.0]]


def test_the_hyperdual_hessian_refuses_a_list_rather_than_treat_it_as_one_array():
    # before: [[0, 1], [1, 0]] as one array, where the default mode gives nested lists
    with pytest.raises(TypeError, match=r"^hessian: argument 0 is a list, but mode='hyperdual' "
                                        r"takes floats and float arrays. Pass np.array\(...\)"):
        dt.hessian(lambda xs: xs[0] * xs[1], mode="hyperdual")([2.0, 3.0])


@pytest.mark.parametrize("mode", ["jet", "forward", "reverse"])
def test_derivative_reads_a_list_as_one_array_in_every_mode(mode):
    # before: the reverse mode passed the list on as a container and failed in dnp.sin
    np.testing.assert_allclose(dt.derivative(dnp.sin, mode=mode)([0.0, 1.0]),
                               np.cos([0.0, 1.0]), rtol=1e-15)          # sin' = cos


@pytest.mark.parametrize("argnums", ["x", 0.0, True, (), (0, "1"), None],
                         ids=["str", "float", "bool", "empty", "str-in-tuple", "None"])
@pytest.mark.parametrize("transform", [dt.gradient, dt.value_and_gradient, dt.jacobian,
                                       dt.jacfwd, dt.jacrev, dt.hessian],
                         ids=["gradient", "value_and_gradient", "jacobian", "jacfwd", "jacrev",
                              "hessian"])
def test_a_bad_argnums_is_refused_when_the_transform_is_built(transform, argnums):
    # before: "'<=' not supported between instances of 'int' and 'str'" when called
    with pytest.raises(TypeError, match=rf"^{transform.__name__}: argnums must be an int or a "
                                        rf"tuple of ints, the positions of f's positional "
                                        rf"arguments"):
        transform(lambda x: x * x, argnums=argnums)


def test_an_argnums_out_of_range_names_the_transform_and_the_number_of_arguments():
    with pytest.raises(ValueError, match=r"^hessian: argnums 2 out of range for a function "
                                         r"called with 1 positional arguments"):
        dt.hessian(lambda x: x * x, argnums=2, mode="hyperdual")(1.0)


def test_a_tape_jacobian_of_an_integer_source_says_to_pass_floats():
    # before: "reshape: cannot reshape array of size 3 into shape (3, 3)"; TensorFlow gives
    # None for an integer source, dualtape refuses a Jacobian it cannot give
    x = dt.Variable(np.arange(3))
    with dt.GradientTape() as tape:
        y = x * 2
    with pytest.warns(UserWarning, match="integer type"), \
            pytest.raises(TypeError, match=re.escape(
                "jacobian: source 0 (shape (3,)) has no derivative: an integer or boolean value "
                "carries none. Pass floats: Variable(3.0) rather than Variable(3), or "
                "x.astype(float).")):
        tape.jacobian(y, x)
