"""Derivatives of order 1..10 against closed forms computed beforehand.

The reference numbers were computed once with a computer algebra system
(sympy: ``diff(f, x, k).subs(x, point)`` evaluated to 25 digits, then rounded to
double); each list gives d^k f/dx^k at the point for k = 1..10.  No CAS is
imported here.
"""
import math

import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp

FUNCTIONS = {
    "exp(sin(x))": lambda x: dnp.exp(dnp.sin(x)),
    "1/(1+x**2)": lambda x: 1.0 / (1.0 + x ** 2),
    "log(1+x)": lambda x: dnp.log(1.0 + x),
    "tanh(x)": lambda x: dnp.tanh(x),
    "x**x": lambda x: x ** x,
    "sqrt(1+x**2)": lambda x: dnp.sqrt(1.0 + x ** 2),
}

# (expression, point, [f'(point), f''(point), ..., f^(10)(point)]), from sympy
CLOSED_FORMS = [
    # exp(sin(x))
    ('exp(sin(x))', 0.5, [
        1.4174242246593913,  # d^1/dx^1
        0.46956439926573407,  # d^2/dx^2
        -2.3644414408552015,  # d^3/dx^3
        -5.707734036177334,  # d^4/dx^4
        1.1884191301934934,  # d^5/dx^5
        43.171432177436074,  # d^6/dx^6
        87.61809327504099,  # d^7/dx^7
        -270.9524141213228,  # d^8/dx^8
        -1894.584232092774,  # d^9/dx^9
        -854.0424919122208,  # d^10/dx^10
    ]),
    ('exp(sin(x))', -1.2, [
        0.1426783662354002,  # d^1/dx^1
        0.4186910035561777,  # d^2/dx^2
        0.27500119373948045,  # d^3/dx^3
        0.7482657274543467,  # d^4/dx^4
        -0.003157147423589447,  # d^5/dx^5
        -0.7874379932936244,  # d^6/dx^6
        -6.565373832065518,  # d^7/dx^7
        -20.948124507693247,  # d^8/dx^8
        -20.226017242717585,  # d^9/dx^9
        30.387913295373053,  # d^10/dx^10
    ]),
    # 1/(1+x**2)
    ('1/(1+x**2)', 0.3, [
        -0.5050079959599361,  # d^1/dx^1
        -1.1273878808891538,  # d^2/dx^2
        4.641601982899168,  # d^3/dx^3
        2.191568634598021,  # d^4/dx^4
        -91.19884913924534,  # d^5/dx^5
        240.8888053792134,  # d^6/dx^6
        2585.8886983996404,  # d^7/dx^7
        -23763.338397756168,  # d^8/dx^8
        -53084.36599714752,  # d^9/dx^9
        2254318.029156826,  # d^10/dx^10
    ]),
    ('1/(1+x**2)', 2.0, [
        -0.16,  # d^1/dx^1
        0.176,  # d^2/dx^2
        -0.2304,  # d^3/dx^3
        0.31488,  # d^4/dx^4
        -0.33792,  # d^5/dx^5
        -0.267264,  # d^6/dx^6
        4.3352064,  # d^7/dx^7
        -24.75196416,  # d^8/dx^8
        115.787169792,  # d^9/dx^9
        -480.762003456,  # d^10/dx^10
    ]),
    # log(1+x)
    ('log(1+x)', 0.5, [
        0.6666666666666666,  # d^1/dx^1
        -0.4444444444444444,  # d^2/dx^2
        0.5925925925925926,  # d^3/dx^3
        -1.1851851851851851,  # d^4/dx^4
        3.1604938271604937,  # d^5/dx^5
        -10.534979423868313,  # d^6/dx^6
        42.13991769547325,  # d^7/dx^7
        -196.65294924554183,  # d^8/dx^8
        1048.8157293095564,  # d^9/dx^9
        -6292.894375857339,  # d^10/dx^10
    ]),
    ('log(1+x)', 3.0, [
        0.25,  # d^1/dx^1
        -0.0625,  # d^2/dx^2
        0.03125,  # d^3/dx^3
        -0.0234375,  # d^4/dx^4
        0.0234375,  # d^5/dx^5
        -0.029296875,  # d^6/dx^6
        0.0439453125,  # d^7/dx^7
        -0.076904296875,  # d^8/dx^8
        0.15380859375,  # d^9/dx^9
        -0.3460693359375,  # d^10/dx^10
    ]),
    # tanh(x)
    ('tanh(x)', 0.7, [
        0.6347395899824586,  # d^1/dx^1
        -0.7672323100919165,  # d^2/dx^2
        0.1215922773832365,  # d^3/dx^3
        2.7749834227807852,  # d^4/dx^4
        -7.503529089750026,  # d^5/dx^5
        -6.678345529506006,  # d^6/dx^6
        128.8018120385898,  # d^7/dx^7
        -361.75224241155195,  # d^8/dx^8
        -1594.6138672309883,  # d^9/dx^9
        18559.3130536627,  # d^10/dx^10
    ]),
    ('tanh(x)', -0.4, [
        0.8556387860811777,  # d^1/dx^1
        0.6501981376737277,  # d^2/dx^2
        -0.9701512491541174,  # d^3/dx^3
        -4.075224392081779,  # d^4/dx^4
        1.0074920302673323,  # d^5/dx^5
        48.2506023304905,  # d^6/dx^6
        86.98817185946375,  # d^7/dx^7
        -816.1528830024289,  # d^8/dx^8
        -4620.988209975849,  # d^9/dx^9
        13885.005091681154,  # d^10/dx^10
    ]),
    # x**x
    ('x**x', 1.5, [
        2.5820042746129492,  # d^1/dx^1
        4.85366178834622,  # d^2/dx^2
        9.447828075301361,  # d^3/dx^3
        20.631906025686252,  # d^4/dx^4
        45.19151634432057,  # d^5/dx^5
        109.56564455299966,  # d^6/dx^6
        252.50611206149017,  # d^7/dx^7
        689.5642632986645,  # d^8/dx^8
        1489.9665986754237,  # d^9/dx^9
        5472.2106312247015,  # d^10/dx^10
    ]),
    ('x**x', 0.8, [
        0.6498494635451642,  # d^1/dx^1
        1.5504792990213354,  # d^2/dx^2
        1.5220740601223668,  # d^3/dx^3
        7.218184661793203,  # d^4/dx^4
        -3.417570464430069,  # d^5/dx^5
        92.91342918958145,  # d^6/dx^6
        -441.74329881990934,  # d^7/dx^7
        3962.8242305799486,  # d^8/dx^8
        -34463.888168036494,  # d^9/dx^9
        354767.4882138315,  # d^10/dx^10
    ]),
    # sqrt(1+x**2)
    ('sqrt(1+x**2)', 0.6, [
        0.5144957554275265,  # d^1/dx^1
        0.6305095042004001,  # d^2/dx^2
        -0.834497873206412,  # d^3/dx^3
        0.44997434339561426,  # d^4/dx^4
        3.519184370139497,  # d^5/dx^5
        -18.936184374770217,  # d^6/dx^6
        29.792935286864353,  # d^7/dx^7
        316.45702785251154,  # d^8/dx^8
        -3145.7162826780095,  # d^9/dx^9
        8933.46568279961,  # d^10/dx^10
    ]),
    ('sqrt(1+x**2)', -2.0, [
        -0.8944271909999159,  # d^1/dx^1
        0.08944271909999159,  # d^2/dx^2
        0.1073312629199899,  # d^3/dx^3
        0.16099689437998485,  # d^4/dx^4
        0.27906128359197374,  # d^5/dx^5
        0.521629937791151,  # d^6/dx^6
        0.9556775650395901,  # d^7/dx^7
        1.3181137736678121,  # d^8/dx^8
        -1.2658219823731929,  # d^9/dx^9
        -25.215823028352144,  # d^10/dx^10
    ]),
]

CASES = [pytest.param(name, x, k, d[k - 1], id=f"{name}-at-{x}-order-{k}")
         for name, x, d in CLOSED_FORMS for k in range(1, 11)]


def _rel(got, want):
    return abs(got - want) / abs(want)


@pytest.mark.parametrize("name, x, k, want", CASES)
def test_jet_derivative_matches_closed_form_to_1e12(name, x, k, want):
    got = dt.derivative(FUNCTIONS[name], order=k)(x)
    assert _rel(got, want) <= 1e-12


@pytest.mark.parametrize("name, x, d", [pytest.param(*c, id=f"{c[0]}-at-{c[1]}") for c in CLOSED_FORMS])
def test_taylor_coefficients_are_derivatives_over_factorials(name, x, d):
    coeffs = dt.taylor(FUNCTIONS[name], x, order=10)
    assert len(coeffs) == 11
    for k in range(1, 11):
        assert _rel(coeffs[k] * math.factorial(k), d[k - 1]) <= 1e-12


def test_jet_derivative_is_elementwise_on_arrays():
    points = np.array([0.5, -1.2])
    want = np.array([d[5] for name, x, d in CLOSED_FORMS if name == "exp(sin(x))"])
    got = dt.derivative(FUNCTIONS["exp(sin(x))"], order=6)(points)
    assert np.all(np.abs(got - want) <= 1e-12 * np.abs(want))


@pytest.mark.parametrize("mode", ["forward", "reverse"])
@pytest.mark.parametrize("name, x, d", [pytest.param(*c, id=f"{c[0]}-at-{c[1]}") for c in CLOSED_FORMS[::2]])
def test_nested_modes_match_closed_form_to_order_four(mode, name, x, d):
    for k in range(1, 5):
        got = dt.derivative(FUNCTIONS[name], order=k, mode=mode)(x)
        assert _rel(got, d[k - 1]) <= 1e-12
