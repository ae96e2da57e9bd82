"""What every audit check does to a table entry: which arguments it moves,
in which random directions, and how it reads the entry's results.
"""
import numpy as np


def differentiable_positions(args):
    """The indices of the float or complex arguments (the others are static).

    Example:
        >>> import numpy as np
        >>> differentiable_positions((np.ones(2), 3, 0.5, np.array([1, 2])))
        [0, 2]
    """
    return [i for i, a in enumerate(args)
            if np.issubdtype(np.result_type(a), np.inexact)]


def random_like(rng, x):
    """A standard-normal direction shaped like `x`; complex for a complex `x`,
    a Python scalar for a scalar `x`.

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> random_like(rng, np.zeros(3)).shape, type(random_like(rng, 1.0)), type(random_like(rng, 1j))
        ((3,), <class 'float'>, <class 'complex'>)
    """
    s = np.shape(x)
    if np.iscomplexobj(x):        # a complex value gets a complex direction
        z = rng.standard_normal(s) + 1j * rng.standard_normal(s)
        return complex(z) if s == () else z
    return float(rng.standard_normal()) if s == () else rng.standard_normal(s)


def results_of(prim, out):
    """The entry's output as a tuple, one item per result, so that checks
    treat entries with one and with several results alike.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> results_of(TABLE["sin"], 0.5)
        (0.5,)
    """
    return tuple(out) if prim.multiple_results else (out,)
