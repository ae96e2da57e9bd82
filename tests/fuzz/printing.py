"""A program printed as runnable Python, and each step's ``dualtape.numpy`` spelling."""
import math

import numpy as np

import dualtape.numpy as dnp
from dualtape.core.primitive import TABLE

from .program import Var


def value_name(index, n_inputs):
    return f"x{index}" if index < n_inputs else f"v{index}"


def literal(value):
    """Python source that rebuilds `value` exactly (floats keep every digit).

    Example:
        >>> import numpy as np
        >>> literal((np.array([0.5, 2.0]), slice(1, None, 2), -1))
        "(np.array([0.5, 2.0], dtype='float64'), slice(1, None, 2), -1)"
    """
    if isinstance(value, np.ndarray):
        return f"np.array({value.tolist()!r}, dtype={value.dtype.name!r})"
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (int, np.integer)):
        return repr(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        text = repr(v) if math.isfinite(v) else f"float({repr(v)!r})"
        return text if type(value) is float else f"np.{type(value).__name__}({text})"
    if isinstance(value, (complex, np.complexfloating)):
        text = f"complex({literal(float(value.real))}, {literal(float(value.imag))})"
        return text if type(value) is complex else f"np.{type(value).__name__}({text})"
    if isinstance(value, slice):
        return f"slice({literal(value.start)}, {literal(value.stop)}, {literal(value.step)})"
    if value is Ellipsis:
        return "Ellipsis"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, np.dtype):
        return f"np.dtype({value.name!r})"
    return repr(value)


def _call_text(step, n_inputs):
    args = [value_name(a.index, n_inputs) if isinstance(a, Var) else literal(a) for a in step.args]
    args += [f"{k}={literal(v)}" for k, v in step.params.items()]
    fn = f"dnp.{step.public}" if step.public else f"bind(TABLE[{step.name!r}]"
    joined = ", ".join(args)
    if step.public:
        return f"{fn}({joined})"
    return f"{fn}, {joined})" if joined else f"{fn})"


def source(program):
    """The program as a runnable Python listing: ``def program(x0, ...)`` with
    its inputs assigned below it.

    Example:
        >>> from fuzz.program import Program, Step, Var
        >>> square = Program([3.0], [Step("multiply", [Var(0), Var(0)], {}, [1], "multiply")], 1, 2)
        >>> text = source(square)
        >>> print(text[text.index("def "):])
        def program(x0):
            v1 = dnp.multiply(x0, x0)
            return v1
        <BLANKLINE>
        <BLANKLINE>
        x0 = 3.0
        <BLANKLINE>
    """
    n = program.n_inputs
    names = [value_name(i, n) for i in range(n)]
    lines = ["import numpy as np",
             "import dualtape.numpy as dnp",
             "from dualtape.core.dispatch import bind",
             "from dualtape.core.primitive import TABLE",
             "",
             "",
             f"def program({', '.join(names)}):"]
    for step in program.steps:
        if len(step.outs) == 1 and not TABLE[step.name].multiple_results:
            target = value_name(step.outs[0], n)
        else:
            target = ", ".join("_" if o is None else value_name(o, n) for o in step.outs)
            if len(step.outs) == 1:
                target += ","
        lines.append(f"    {target} = {_call_text(step, n)}")
    lines.append(f"    return {value_name(program.output, n)}")
    lines += ["", ""]
    lines += [f"{name} = {literal(x)}" for name, x in zip(names, program.inputs)]
    return "\n".join(lines) + "\n"


def _resolve(module, dotted):
    obj = module
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def public_name(name, raw_args, params, out):
    """The ``dualtape.numpy`` function spelling of this step, if it binds the very
    same primitive and gives the same value when called with the same arguments."""
    fn = _resolve(dnp, name)
    if fn is None or getattr(fn, "primitive", None) is not TABLE[name]:
        return None
    try:
        with np.errstate(all="ignore"):
            again = fn(*raw_args, **params)
    except Exception:
        return None
    same = (len(again) == len(out) and all(_identical(a, b) for a, b in zip(again, out))) \
        if TABLE[name].multiple_results else _identical(again, out)
    return name if same else None


def _identical(a, b):
    return type(a) is type(b) and np.shape(a) == np.shape(b) and \
        np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)
