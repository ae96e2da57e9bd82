"""HIPS autograd's transforms under its own names, built on dualtape's.

Each takes autograd's arguments, ``(fun, argnum=0)``, and gives autograd's result
(a tuple `argnum` differentiates several arguments and gives a tuple), so autograd
code runs with its imports changed: ``autograd`` becomes ``dualtape`` and
``autograd.numpy`` becomes ``dualtape.numpy``.  autograd's `grad`,
`value_and_grad`, `jacobian` and `hessian` are dualtape's own, which take
``argnum=`` too.  The names here:

* `elementwise_grad`: the sum of the Jacobian's rows (its diagonal for an
  elementwise function), one backward pass;
* `holomorphic_grad`: f'(z) of a holomorphic f (the gradient of Re f);
* `make_vjp`, `make_jvp`, `make_hvp`: ``(vjp, value)``, ``jvp(v) -> (value, J·v)``
  and ``(hvp, gradient)`` at a point, the recording made once;
* `hessian_tensor_product` (alias `hessian_vector_product`) and
  `tensor_jacobian_product` (alias `vector_jacobian_product`): functions of
  ``(*args, tensor)``;
* `make_ggnvp`: generalized Gauss-Newton products Jᵀ·H_g·J·v;
* `grad_named`, `grad_and_aux`, `deriv`.

The rules of user primitives, autograd's `defvjp` and `defjvp`, are in
`autograd_rules`.  Complex values follow autograd, which is JAX's convention
(README, "Conventions"), except that a function autograd differentiates with
`grad` although it returns a complex value raises here and names
``holomorphic_grad`` or ``holomorphic=True``.
"""
import inspect
import warnings

from ..core.arrays import ndim
from ..core.pytree import tree_leaves, tree_map
from ..rules.complex_values import is_complex, real_part
from ..composed.contractions import tensordot
from ..rules.reductions import sum as _sum
from .dtypes import ones_like_input
from .first_order import gradient, gradient_of, pull_back, push_forward
from .inputs import ArgumentSelection, check_argnums
from .jacobians import jacobian

__all__ = ["elementwise_grad", "holomorphic_grad", "make_vjp", "make_jvp", "make_hvp",
           "hessian_tensor_product", "hessian_vector_product", "tensor_jacobian_product",
           "vector_jacobian_product", "make_ggnvp", "grad_named", "grad_and_aux", "deriv"]


def _selected(fun, argnum, args, kwargs, who, distinct=False):
    """(the arguments `argnum` names, f of those arguments alone) for a call of `fun`."""
    sel = ArgumentSelection(args, argnum, who)
    if distinct and len(sel.positions) != (1 if sel.single else len(argnum)):
        # the vector a jvp, vjp or hvp takes would have two entries for one argument
        raise ValueError(f"{who}: argnum {argnum!r} names an argument twice; name each once")

    def of_chosen(*xs):
        with sel.explained():
            return fun(*sel.rebuild(xs), **kwargs)
    of_chosen.__name__ = getattr(fun, "__name__", "f")
    return sel, of_chosen


def _named(transformed, who, fun):
    transformed.__name__ = f"{who}({getattr(fun, '__name__', 'f')})"
    return transformed


def elementwise_grad(fun, argnum=0):
    """The sum of each column of the Jacobian (its diagonal, for an elementwise
    function), by one backward pass: autograd's ``elementwise_grad``.

    Example:
        >>> import numpy as np, dualtape as dt, dualtape.numpy as dnp
        >>> dt.elementwise_grad(dnp.tanh)(np.array([0.0, 1.0]))      # 1 - tanh²
        array([1.        , 0.41997434])
    """
    check_argnums(argnum, "elementwise_grad")

    def elementwise_grad_f(*args, **kwargs):
        sel, f = _selected(fun, argnum, args, kwargs, "elementwise_grad")
        out, pullback = pull_back(f, sel.chosen, "elementwise_grad")
        if any(is_complex(o) for o in tree_leaves(out)):
            raise TypeError("elementwise_grad: f returned complex values, and elementwise_grad "
                            "applies to real-valued functions (as in autograd). Use "
                            "holomorphic_grad, or jacobian(..., holomorphic=True).")
        return sel.arrange(pullback(tree_map(ones_like_input, out)))
    return _named(elementwise_grad_f, "elementwise_grad", fun)


def holomorphic_grad(fun, argnum=0):
    """f'(z) of a holomorphic f, as the gradient of Re f: autograd's ``holomorphic_grad``
    (``gradient(f, holomorphic=True)`` gives the same).  A real input warns, as in
    autograd, and gives the gradient of Re f.

    Example:
        >>> import dualtape as dt
        >>> dt.holomorphic_grad(lambda z: z ** 3)(1j)                # 3z²
        (-3+0j)
    """
    check_argnums(argnum, "holomorphic_grad")
    of_real_part = gradient_of(lambda *a, **k: real_part(fun(*a, **k)), argnum, False,
                               "holomorphic_grad")

    def holomorphic_grad_f(*args, **kwargs):
        sel = ArgumentSelection(args, argnum, "holomorphic_grad")
        if not all(is_complex(x) for x in tree_leaves(sel.chosen)):
            warnings.warn("holomorphic_grad: the input is not complex; this is the gradient of "
                          "the real part of f", stacklevel=2)
        return of_real_part(*args, **kwargs)
    return _named(holomorphic_grad_f, "holomorphic_grad", fun)


def make_vjp(fun, argnum=0):
    """``(vjp, value)`` of `fun` at the arguments it is called with: ``vjp(g)`` pulls a
    cotangent shaped like the value back to the argument (autograd's ``make_vjp``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> vjp, value = dt.make_vjp(lambda x: x * x)(np.array([1.0, 2.0]))
        >>> value, vjp(np.array([1.0, 10.0]))
        (array([1., 4.]), array([ 2., 40.]))
    """
    check_argnums(argnum, "make_vjp")

    def vjp_maker(*args, **kwargs):
        sel, f = _selected(fun, argnum, args, kwargs, "make_vjp", distinct=True)
        value, pullback = pull_back(f, sel.chosen, "make_vjp")
        return (lambda g: sel.arrange(pullback(g))), value
    return _named(vjp_maker, "make_vjp", fun)


def make_jvp(fun, argnum=0):
    """``jvp`` at the arguments `fun` is called with: ``jvp(v)`` is ``(value, J·v)``, by
    forward mode (autograd's ``make_jvp``); with a tuple `argnum`, `v` is a tuple.

    Example:
        >>> import dualtape as dt, dualtape.numpy as dnp
        >>> dt.make_jvp(dnp.sin)(0.0)(2.0)
        (0.0, 2.0)
    """
    check_argnums(argnum, "make_jvp")

    def jvp_maker(*args, **kwargs):
        sel, f = _selected(fun, argnum, args, kwargs, "make_jvp", distinct=True)

        def jvp(v):
            return push_forward(f, tuple(sel.chosen), (v,) if sel.single else tuple(v), "make_jvp")
        return jvp
    return _named(jvp_maker, "make_jvp", fun)


def make_hvp(fun, argnum=0):
    """``(hvp, gradient)`` at the arguments `fun` is called with: ``hvp(v)`` is the
    Hessian times v (the vjp of the gradient, the gradient recorded once), as
    autograd's ``make_hvp``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> hvp, g = dt.make_hvp(lambda x: (x ** 3).sum())(np.array([1.0, 2.0]))
        >>> g, hvp(np.array([1.0, 0.0]))                     # 3x², diag(6x)·v
        (array([ 3., 12.]), array([6., 0.]))
    """
    check_argnums(argnum, "make_hvp")

    def hvp_maker(*args, **kwargs):
        sel, f = _selected(fun, argnum, args, kwargs, "make_hvp", distinct=True)
        every = 0 if sel.single else tuple(range(len(sel.chosen)))
        grad_value, pullback = pull_back(gradient_of(f, every, False, "make_hvp"), sel.chosen,
                                         "make_hvp")
        return (lambda v: sel.arrange(pullback(v))), grad_value
    return _named(hvp_maker, "make_hvp", fun)


def hessian_tensor_product(fun, argnum=0):
    """A function of ``(*args, tensor)`` giving the Hessian of `fun` contracted with
    `tensor` over the argument's axes (autograd's ``hessian_tensor_product``, also
    named ``hessian_vector_product``): the gradient of ⟨gradient, tensor⟩.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> hvp = dt.hessian_vector_product(lambda x: (x ** 3).sum())
        >>> hvp(np.array([1.0, 2.0]), np.array([1.0, 1.0]))        # diag(6x)·v
        array([ 6., 12.])
    """
    grad_fun = gradient(fun, argnum)

    def vector_dot_grad(*args, **kwargs):
        args, tensor = args[:-1], args[-1]
        return real_part(tensordot(grad_fun(*args, **kwargs), tensor, ndim(tensor)))
    return _named(gradient(vector_dot_grad, argnum), "hessian_tensor_product", fun)


hessian_vector_product = hessian_tensor_product


def tensor_jacobian_product(fun, argnum=0):
    """A function of ``(*args, tensor)`` giving `tensor` contracted with the Jacobian of
    `fun` over the output's axes (autograd's ``tensor_jacobian_product``, also named
    ``vector_jacobian_product``).

    Example:
        >>> import numpy as np, dualtape as dt
        >>> vjp = dt.tensor_jacobian_product(lambda x: x ** 2)
        >>> vjp(np.array([1.0, 2.0]), np.array([1.0, 10.0]))       # vᵀ·diag(2x)
        array([ 2., 40.])
    """
    def vector_dot_fun(*args, **kwargs):
        args, tensor = args[:-1], args[-1]
        return tensordot(tensor, fun(*args, **kwargs), ndim(tensor))
    return _named(jacobian(vector_dot_fun, argnum), "tensor_jacobian_product", fun)


vector_jacobian_product = tensor_jacobian_product


def _half_sum_of_squares(y):
    return 0.5 * _sum(y * y, axis=-1)


def make_ggnvp(f, g=_half_sum_of_squares, f_argnum=0):
    """Generalized Gauss-Newton products at a point: called with f's arguments, gives
    ``ggnvp(v) = Jᵀ·H·J·v`` for J the Jacobian of `f` and H the Hessian of the scalar
    `g` at f's value (by default ``g(y) = ½ Σ y²``, so ``ggnvp(v) = JᵀJ·v``), as
    autograd's ``make_ggnvp``.

    Example:
        >>> import numpy as np, dualtape as dt
        >>> A = np.array([[1.0, 2.0], [0.0, 3.0]])
        >>> dt.make_ggnvp(lambda x: A @ x)(np.zeros(2))(np.array([1.0, 0.0]))   # AᵀA·v
        array([1., 2.])
    """
    check_argnums(f_argnum, "make_ggnvp")

    def ggnvp_maker(*args, **kwargs):
        sel, f_of = _selected(f, f_argnum, args, kwargs, "make_ggnvp", distinct=True)
        f_value, f_pullback = pull_back(f_of, sel.chosen, "make_ggnvp")
        _, g_hvp = pull_back(gradient_of(g, 0, False, "make_ggnvp"), (f_value,), "make_ggnvp")

        def ggnvp(v):
            _, jv = push_forward(f_of, tuple(sel.chosen), (v,) if sel.single else tuple(v),
                                 "make_ggnvp")
            return sel.arrange(f_pullback(g_hvp(jv)[0]))
        return ggnvp
    return _named(ggnvp_maker, "make_ggnvp", f)


def grad_named(fun, argname):
    """The gradient with respect to the argument named `argname` (autograd's
    ``grad_named``; positional-or-keyword parameters only).

    Example:
        >>> import dualtape as dt
        >>> dt.grad_named(lambda x, y: x * y ** 2, "y")(3.0, 2.0)
        12.0
    """
    names = inspect.getfullargspec(fun).args
    if argname not in names:
        raise ValueError(f"grad_named: {getattr(fun, '__name__', 'f')} has no positional "
                         f"parameter named {argname!r}; its parameters are {names}")
    return gradient(fun, names.index(argname))


def grad_and_aux(fun, argnum=0):
    """For a `fun` returning ``(value, aux)``: ``(gradient of value, aux)``, the gradient
    taken as by `elementwise_grad` (autograd's ``grad_and_aux``).

    Example:
        >>> import dualtape as dt
        >>> dt.grad_and_aux(lambda x: (x ** 2, "seen"))(3.0)
        (6.0, 'seen')
    """
    check_argnums(argnum, "grad_and_aux")

    def grad_and_aux_f(*args, **kwargs):
        sel, f = _selected(fun, argnum, args, kwargs, "grad_and_aux")
        value, pullback, aux = pull_back(f, sel.chosen, "grad_and_aux", has_aux=True)
        return sel.arrange(pullback(tree_map(ones_like_input, value))), aux
    return _named(grad_and_aux_f, "grad_and_aux", fun)


def deriv(fun, argnum=0):
    """The derivative along all-ones: ``J·1`` by forward mode, f'(x) for a scalar x
    (autograd's ``deriv``).

    Example:
        >>> import dualtape as dt, dualtape.numpy as dnp
        >>> dt.deriv(dnp.exp)(0.0)
        1.0
    """
    check_argnums(argnum, "deriv")

    def deriv_f(*args, **kwargs):
        sel, f = _selected(fun, argnum, args, kwargs, "deriv", distinct=True)
        ones = tuple(tree_map(ones_like_input, x) for x in sel.chosen)
        return push_forward(f, tuple(sel.chosen), ones, "deriv")[1]
    return _named(deriv_f, "deriv", fun)
