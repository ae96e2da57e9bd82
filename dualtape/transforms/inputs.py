"""How the transforms read their arguments.

Shared by the first- and higher-order transforms: which positional arguments
are differentiated (`check_argnums`, `ArgumentSelection`), what a
differentiable input may be (`float_input`), how a constant or Variable is
read inside a `GradientTape` (`read_through_tapes`), and the note added to an
error f raised on a list argument (`lists_explained`).

Every message starts with the name of the transform the user called (`who`),
says what was given and how to fix it.
"""
import numbers

import numpy as np

from ..core.box import Box, raw
from ..core.dispatch import MASKED_ARRAY, masked_array_error
from ..reverse.active import active_tapes
from ..reverse.tensor import Leaf
from ..rules.complex_values import is_complex
from ..rules.elementwise import multiply


# --- one differentiable input -------------------------------------------------------

def float_input(x, who, i, what="input"):
    """Validate differentiable input number `i` of transform `who` and return it ready
    to be seeded: a float or complex number, an array of them or a box passes (a
    NumPy float64 or complex128 scalar becomes a Python number, a constant or
    Variable is read through the tapes recording in this thread); anything else
    raises a TypeError that names the fix.

    Example:
        >>> import numpy as np
        >>> float_input(np.float64(3.0), "gradient", 0), float_input(np.ones(2), "gradient", 0)
        (3.0, array([1., 1.]))
        >>> float_input(np.complex128(1 + 2j), "jvp", 0)
        (1+2j)
        >>> float_input(3, "gradient", 0)
        Traceback (most recent call last):
        ...
        TypeError: gradient: input 0 has dtype int64; derivatives need float inputs. ...
        >>> float_input("1.5", "hessian", 0)
        Traceback (most recent call last):
        ...
        TypeError: hessian: input 0 is the string '1.5', not a number. Pass float('1.5') ...
    """
    kind = type(x)
    if kind is float or kind is complex or kind is np.ndarray and x.dtype.kind in "fc":
        return x                          # the common cases, spared the tests below
    r = raw(x) if isinstance(x, Box) else x
    if type(r) is not float:
        r = _checked_float(r, who, f"{what} {i}")
    if isinstance(x, Leaf):
        return read_through_tapes(x)
    if isinstance(x, Box):
        return x
    if type(r) is np.float64:
        return float(r)
    if type(r) is np.complex128:
        return complex(r)
    return r


def _checked_float(r, who, name):
    """`r` (a raw value) if it holds floats (a list or another array-like becomes an
    array); a TypeError otherwise."""
    if isinstance(r, (str, bytes)):
        raise TypeError(f"{who}: {name} is the string {r!r}, not a number. Pass float({r!r}) "
                        f"(or np.array(..., dtype=float)) instead.")
    if isinstance(r, range):
        raise TypeError(f"{who}: {name} is {r!r}, which holds integers; derivatives need float "
                        f"inputs. Pass np.arange({r.start}.0, {r.stop}.0, {r.step}.0) or "
                        f"np.array({r!r}, dtype=float) instead.")
    if isinstance(r, numbers.Number) and not isinstance(r, (numbers.Integral, float, complex,
                                                            np.generic)):
        raise TypeError(f"{who}: {name} is a {type(r).__name__} ({r}); derivatives need float "
                        f"inputs. Pass float(x) instead.")
    if isinstance(r, MASKED_ARRAY):
        raise masked_array_error(f"{who}: {name}")
    array_like = hasattr(r, "__array__") and not isinstance(r, (np.ndarray, np.generic))
    if isinstance(r, (list, tuple)) or array_like:
        try:
            r = np.asarray(r)
        except ValueError as e:
            raise TypeError(f"{who}: {name} is a {type(r).__name__} that is not a rectangular "
                            f"array of numbers ({e}). Pass a float array.") from None
    if not isinstance(r, (np.ndarray, np.generic, numbers.Number)):
        raise TypeError(f"{who}: {name} is of type {type(r).__name__}, not a float or a float array "
                        f"(or a tuple, list or dict of them). Pass float values.")
    dt = np.result_type(r)
    if not np.issubdtype(dt, np.inexact):
        raise TypeError(
            f"{who}: {name} has dtype {dt}; derivatives need float inputs. "
            f"Pass a float (3.0 rather than 3) or convert with x.astype(float).")
    return r


def check_holomorphic_inputs(leaves, who):
    """Raise a TypeError unless every input leaf is complex: ``holomorphic=True``
    differentiates complex functions of complex inputs (as in JAX).

    Example:
        >>> check_holomorphic_inputs([1j], "gradient")
        >>> check_holomorphic_inputs([1j, 2.0], "jacobian")
        Traceback (most recent call last):
        ...
        TypeError: jacobian(..., holomorphic=True): input 1 has dtype float64; ...
    """
    for i, x in enumerate(leaves):
        if not is_complex(x):
            dt = getattr(raw(x), "dtype", None) or np.result_type(float_input(x, who, i))
            raise TypeError(
                f"{who}(..., holomorphic=True): input {i} has dtype {dt}; holomorphic "
                f"differentiation needs complex inputs (as in JAX). Pass x + 0j, or drop "
                f"holomorphic=True for a real input.")


def read_through_tapes(leaf):
    """A constant or Variable as the tapes recording in this thread see it: a tensor
    on the innermost tape that watches it, or its plain value when none does.

    This is what keeps ``dt.gradient(f)(v)`` inside a `GradientTape` connected to
    the Variable `v`, so the tape can differentiate the gradient again.

    Example:
        >>> import dualtape as dt
        >>> read_through_tapes(dt.Variable(2.0))
        2.0
        >>> v = dt.Variable(2.0)
        >>> with dt.GradientTape() as tape:
        ...     seen = read_through_tapes(v)
        ...     y = seen * seen
        >>> print(tape.gradient(y, v).numpy())
        4.0
    """
    if not any(t.recording for t in active_tapes()):
        return leaf._value
    # Any table operation reads a leaf through every recording tape that watches it
    # (reverse/tensor.py); multiplying by 1.0 is such a read that keeps value and dtype.
    seen = multiply(leaf, 1.0)
    return seen._value if isinstance(seen, Leaf) else seen


# --- which arguments ----------------------------------------------------------------

def check_argnums(argnums, who):
    """Raise a TypeError naming the fix unless `argnums` is an int or a non-empty
    tuple/list of ints (booleans are refused: ``True`` would mean argument 1).

    Example:
        >>> check_argnums((0, 2), "gradient")
        >>> check_argnums("x", "gradient")
        Traceback (most recent call last):
        ...
        TypeError: gradient: argnums must be an int or a tuple of ints, ... got 'x'
    """
    fix = ("argnums must be an int or a tuple of ints, the positions of f's positional "
           "arguments to differentiate (argnums=0 for the first, argnums=(0, 1) for the first two)")
    if _is_position(argnums):
        return
    if not isinstance(argnums, (tuple, list)):
        raise TypeError(f"{who}: {fix}; got {argnums!r}")
    if not argnums:
        raise TypeError(f"{who}: {fix}; got an empty {type(argnums).__name__}")
    for n in argnums:
        if not _is_position(n):
            raise TypeError(f"{who}: {fix}; got {argnums!r}, which holds {n!r}")


def argnums_spelled(argnums, argnum, who):
    """The positions to differentiate, from JAX's `argnums` or HIPS autograd's `argnum`
    (``gradient(f, argnum=1)`` is ``gradient(f, argnums=1)``); naming both raises.

    Example:
        >>> argnums_spelled(0, 1, "gradient"), argnums_spelled((0, 1), None, "gradient")
        (1, (0, 1))
    """
    if argnum is None:
        return argnums
    if not (_is_position(argnums) and argnums == 0):
        raise TypeError(f"{who}: got argnums={argnums!r} and argnum={argnum!r}; they are two "
                        f"spellings of one argument (JAX's and autograd's), so give only one")
    return argnum


def _is_position(n):
    return isinstance(n, (int, np.integer)) and not isinstance(n, (bool, np.bool_))


class ArgumentSelection:
    """The positional arguments a transform differentiates, named by `argnums`.

    ``chosen`` holds each distinct position's argument once; ``rebuild`` puts
    replacements for them back among the arguments, and ``arrange`` lays out
    one result per distinct position as `argnums` asked for it.  A position
    named twice gets its full result twice, as in JAX:
    ``gradient(f, argnums=(0, 0))`` gives the same gradient in both places.

    Example:
        >>> sel = ArgumentSelection((1.0, 2.0, 3.0), (2, 0, 2), "gradient")
        >>> sel.chosen, sel.rebuild([30.0, 10.0]), sel.arrange(["d2", "d0"])
        ([3.0, 1.0], [10.0, 2.0, 30.0], ('d2', 'd0', 'd2'))
    """

    def __init__(self, args, argnums, who):
        nargs = len(args)
        if type(argnums) is int and 0 <= argnums < nargs:
            # the common case, one position in range (what the checks below would find)
            self.single = True
            self.positions = (argnums,)
            self._slots = (0,)
        else:
            check_argnums(argnums, who)
            self.single = _is_position(argnums)
            nums = (argnums,) if self.single else tuple(argnums)
            for n in nums:
                if not -nargs <= n < nargs:
                    raise ValueError(f"{who}: argnums {argnums} out of range for a function "
                                     f"called with {nargs} positional arguments")
            nums = tuple(int(n) % nargs for n in nums)
            self.positions = tuple(dict.fromkeys(nums))        # each distinct position once
            self._slots = tuple(self.positions.index(n) for n in nums)
        self.args = args
        self.who = who
        self.chosen = [args[n] for n in self.positions]

    def rebuild(self, replacements):
        """The full argument list with `replacements` at the chosen positions."""
        full = list(self.args)
        for n, c in zip(self.positions, replacements):
            full[n] = c
        return full

    def arrange(self, per_position):
        """One result per distinct position -> the result `argnums` asked for."""
        if self.single:
            return per_position[0]
        out, given = [], set()
        for s in self._slots:
            # a repeated position gets its own copy, so writing into one leaves the other
            out.append(_copy_arrays(per_position[s]) if s in given else per_position[s])
            given.add(s)
        return tuple(out)

    def explained(self):
        """Context manager: a TypeError f raises gets a note if a chosen argument is a list."""
        return lists_explained(self.who, zip(self.positions, self.chosen))


def _copy_arrays(tree):
    if isinstance(tree, np.ndarray):
        return tree.copy()
    if isinstance(tree, (tuple, list)) and not hasattr(tree, "_fields"):
        return type(tree)(_copy_arrays(t) for t in tree)
    if isinstance(tree, dict):
        return {k: _copy_arrays(v) for k, v in tree.items()}
    return tree


class lists_explained:
    """Context manager around the call of f: a TypeError raised inside gets a note
    when one of `arguments` (pairs ``(position, value)``) is a list, since a list
    is differentiated as a container of separate values (as in JAX), so f sees a
    list, not an array.

    (A class rather than a generator: it wraps every call of f, and costs a
    tenth of what ``contextlib.contextmanager`` does.)

    Example:
        >>> try:
        ...     with lists_explained("gradient", [(0, [1.0, 2.0])]):
        ...         [1.0, 2.0] * 2.0
        ... except TypeError as e:
        ...     print(e.__notes__[0][:58])
        gradient: argument 0 is a list of 2 values, which gradient
    """

    __slots__ = ("who", "arguments")

    def __init__(self, who, arguments):
        self.who = who
        self.arguments = arguments

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None or not issubclass(kind, TypeError):
            return False
        who = self.who
        for n, value in self.arguments:
            if isinstance(value, list):
                note = (f"{who}: argument {n} is a list of {len(value)} values, which {who} "
                        f"differentiates as a container of separate values (as JAX does), so f "
                        f"received a list, not an array. To differentiate it as one array, pass "
                        f"np.array(...) of it instead.")
                if note not in getattr(error, "__notes__", ()):
                    error.add_note(note)
        return False
