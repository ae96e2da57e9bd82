"""Where a box meets NumPy's own containers: a clear error naming the
differentiable spelling instead of NumPy's generic one (or a silently dropped
mask), and the spelling it names gives the right derivative.

Each check runs in reverse mode (``dt.gradient``), forward mode (``dt.jvp``)
and on a ``dt.GradientTape`` with a ``dt.Variable``.
"""
import numpy as np
import pytest

import dualtape as dt
import dualtape.numpy as dnp


def in_every_mode(f, x=2.0):
    """Run f on the boxes of each mode (it is expected to raise)."""
    yield "reverse", lambda: dt.gradient(f)(x)
    yield "forward", lambda: dt.jvp(f, (x,), (1.0,))

    def on_a_tape():
        w = dt.Variable(x)
        with dt.GradientTape() as tape:
            y = f(w)
        return tape.gradient(y, w)
    yield "tape", on_a_tape


# --- np.array([x, y]) and a[i] = x ------------------------------------------------------

def numpy_array_of_boxes(x):
    return dnp.sum(np.array([x, x * x]))


def store_into_a_numpy_array(x):
    a = np.zeros(3)
    a[0] = x * x
    return dnp.sum(a)


MODES = ["reverse", "forward", "tape"]


@pytest.mark.parametrize("mode, run", list(in_every_mode(numpy_array_of_boxes)), ids=MODES)
def test_numpy_array_of_boxes_names_dnp_stack(mode, run):
    with pytest.raises(TypeError, match=r"np\.array\(\[x, y\]\).*dualtape\.numpy\.stack\(\[x, y\]\)"):
        run()


@pytest.mark.parametrize("mode, run", list(in_every_mode(store_into_a_numpy_array)), ids=MODES)
def test_storing_a_box_into_a_numpy_array_names_the_at_spelling(mode, run):
    # NumPy calls float() on the box and replaces whatever float() raised by its own
    # "setting an array element with a sequence"; the message it chains names the fix.
    with pytest.raises(ValueError, match="setting an array element with a sequence") as info:
        run()
    cause = str(info.value.__cause__)
    assert "a[i] = x" in cause and "dualtape.numpy.at(a)[i].set(x)" in cause


def test_the_spellings_the_errors_name_give_the_derivative():
    # sum([x, x²]) and sum([x², 0, 0]): d/dx = 1 + 2x = 5 and 2x = 4 at x = 2
    stacked = lambda x: dnp.sum(dnp.stack([x, x * x]))
    stored = lambda x: dnp.sum(dnp.at(np.zeros(3))[0].set(x * x))
    for f, expected in [(stacked, 5.0), (stored, 4.0)]:
        for mode, run in in_every_mode(f):
            got = run()
            got = got[1] if mode == "forward" else got
            np.testing.assert_allclose(np.asarray(got), expected, err_msg=mode)


def test_values_that_carry_no_derivative_still_convert():
    # a tensor read after its tape stopped recording is a plain value (plotting, printing)
    w = dt.Variable(np.array([1.0, 2.0]))
    with dt.GradientTape():
        y = w * 3.0
    a = np.zeros(2)
    a[0] = y[1]
    np.testing.assert_array_equal(np.array([y[0], y[1]]), [3.0, 6.0])
    np.testing.assert_array_equal(a, [6.0, 0.0])


# --- masked arrays -----------------------------------------------------------------------

MASKED = np.ma.masked_array([1.0, 4.0], mask=[0, 1])


def store_masked_into_a_box(x):
    y = x * np.ones(2)
    y[:] = MASKED
    return dnp.sum(y)


MEETINGS = {
    "box * masked": lambda x: dnp.sum(x * MASKED),
    "masked * box": lambda x: dnp.sum(MASKED * x),
    "masked + box": lambda x: dnp.sum(MASKED + x),
    "np.multiply(box, masked)": lambda x: dnp.sum(np.multiply(x, MASKED)),
    "np.dot(box, masked)": lambda x: np.dot(x * np.ones(2), MASKED),
    "np.stack([box, masked])": lambda x: dnp.sum(np.stack([x * np.ones(2), MASKED])),
    "box.at[...].set(masked)": lambda x: dnp.sum((x * np.ones(2)).at[:].set(MASKED)),
    "box[...] = masked": store_masked_into_a_box,
    "at(masked)[...].set(box)": lambda x: dnp.sum(dnp.at(MASKED)[0].set(x)),
}


@pytest.mark.parametrize("meeting", sorted(MEETINGS))
@pytest.mark.parametrize("mode", MODES)
def test_a_masked_array_meeting_a_box_raises_and_names_the_fix(meeting, mode):
    # NumPy's masked sum of x·[1, --] is x, but the data under the mask is [x, 4x]:
    # silently reading it would give 5x
    run = dict(in_every_mode(MEETINGS[meeting]))[mode]
    with pytest.raises(TypeError, match=r"masked array.*\.filled\(.*\.compressed\(\)"):
        run()


def test_the_masked_fix_gives_numpys_masked_answer():
    # NumPy's masked sum of x·[1, --] at x = 2 is 2; the derivative is 1
    np.testing.assert_allclose(np.sum(2.0 * MASKED), 2.0)
    np.testing.assert_allclose(dt.gradient(lambda x: dnp.sum(x * MASKED.compressed()))(2.0), 1.0)
    np.testing.assert_allclose(dt.gradient(lambda x: dnp.sum(x * MASKED.filled(0.0)))(2.0), 1.0)


# A masked array handed to dualtape on its own: NumPy's masked sum of [1, --] is 1 and its
# mean 1, but the data under the mask is [1, 4], so reading it would give 5 and 2.5.
ENTRIES = {
    "dnp.sum(m)": lambda: dnp.sum(MASKED),
    "dnp.mean(m)": lambda: dnp.mean(MASKED),
    "dnp.exp(m)": lambda: dnp.exp(MASKED),
    "dnp.multiply(m, 2)": lambda: dnp.multiply(MASKED, 2.0),
    "dnp.dot(m, m)": lambda: dnp.dot(MASKED, MASKED),
    "dnp.flip(m)": lambda: dnp.flip(MASKED),
    "dnp.sort(m)": lambda: dnp.sort(MASKED),
    "dt.constant(m)": lambda: dt.constant(MASKED),
    "dt.Variable(m)": lambda: dt.Variable(MASKED),
    "dt.Dual(m)": lambda: dt.Dual(MASKED, np.ones(2)),
    "dt.gradient(sum)(m)": lambda: dt.gradient(lambda v: dnp.sum(v))(MASKED),
    "dt.jvp(sum, m)": lambda: dt.jvp(dnp.sum, (MASKED,), (np.ones(2),)),
}


@pytest.mark.parametrize("entry", sorted(ENTRIES))
def test_a_masked_array_given_to_dualtape_raises_and_names_the_fix(entry):
    assert float(np.sum(MASKED)) == 1.0 and float(np.mean(MASKED)) == 1.0   # NumPy's answers
    with pytest.raises(TypeError, match=r"numpy\.ma masked array.*\.filled\(.*\.compressed\(\)"):
        ENTRIES[entry]()


def test_a_masked_array_of_a_variable_outside_a_tape_raises_too():
    # exp([1, --]) · 2 summed by NumPy is 2e; the data under the mask would add 2e⁴
    x = dt.Variable(2.0)
    with pytest.raises(TypeError, match="numpy.ma masked array"):
        dnp.sum(np.exp(MASKED) * x)
