"""Complex arguments as pairs of real ones: how `hessian` reads a real-valued
function of complex inputs.

Such a function is not holomorphic, so it has no complex second derivative;
its second derivatives are those of the real function of ``(Re z, Im z)``.
`complex_as_pairs` hands a transform that function: each complex argument
``z`` of shape ``s`` becomes the real array ``[Re z, Im z]`` of shape
``(2,) + s`` (complex128 gives float64, complex64 float32), and ``f`` gets
``z`` back as ``pair[0] + 1j·pair[1]``, built from table operations, so every
mode differentiates through it.
"""
from ..core.box import raw
from ..core.pytree import tree_flatten, tree_unflatten
from ..rules.complex_values import imag_part, is_complex, real_part
from ..rules.elementwise import add, multiply
from ..rules.indexing import getitem
from ..rules.shapes import stack
from .inputs import ArgumentSelection

__all__ = ["complex_as_pairs", "as_pair", "from_pair"]


def as_pair(z):
    """``[Re z, Im z]``, stacked on a new first axis (table operations).

    Example:
        >>> import numpy as np
        >>> as_pair(np.array([1 + 2j, 3j]))
        array([[1., 0.],
               [2., 3.]])
    """
    return stack([real_part(z), imag_part(z)])


def from_pair(p):
    """The complex value ``p[0] + 1j·p[1]`` of a pair made by `as_pair`.

    Example:
        >>> import numpy as np
        >>> from_pair(np.array([[1.0, 0.0], [2.0, 3.0]]))
        array([1.+2.j, 0.+3.j])
    """
    return add(getitem(p, (0,)), multiply(1j, getitem(p, (1,))))


def complex_as_pairs(transform, f, argnums, who):
    """``transform(f)``, except that when complex values are among the arguments
    `argnums` names, it is ``transform`` of f as a function of their real pairs,
    called at the pairs (so its result has a ``(2,)`` axis before each complex
    argument's shape).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> grad_of_pairs = complex_as_pairs(dt.gradient, lambda z: abs(z) ** 2, 0, "demo")
        >>> grad_of_pairs(3.0 + 4.0j)                 # ∂/∂Re z and ∂/∂Im z of |z|²
        array([6., 8.])
    """
    plain = transform(f)

    def transformed(*args, **kwargs):
        positions = ArgumentSelection(args, argnums, who).positions
        kinds = {}
        paired = list(args)
        for n in positions:
            leaves, tree = tree_flatten(args[n])
            complex_leaves = [is_complex(raw(leaf)) for leaf in leaves]
            if any(complex_leaves):
                kinds[n] = (tree, complex_leaves)
                paired[n] = tree_unflatten(tree, [as_pair(leaf) if c else leaf
                                                  for leaf, c in zip(leaves, complex_leaves)])
        if not kinds:
            return plain(*args, **kwargs)

        def f_of_pairs(*xs, **kw):
            xs = list(xs)
            for n, (tree, complex_leaves) in kinds.items():
                leaves = tree_flatten(xs[n])[0]
                xs[n] = tree_unflatten(tree, [from_pair(leaf) if c else leaf
                                              for leaf, c in zip(leaves, complex_leaves)])
            return f(*xs, **kw)
        f_of_pairs.__name__ = getattr(f, "__name__", "f")
        return transform(f_of_pairs)(*paired, **kwargs)
    transformed.__name__ = getattr(plain, "__name__", "transformed")
    return transformed
