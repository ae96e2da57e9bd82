"""HIPS autograd's three optimizers, ``sgd``, ``rmsprop`` and ``adam``, with its
signatures: ``optimizer(grad, x0, callback=None, num_iters=..., step_size=..., ...)``,
where ``grad(x, i)`` is the gradient at iteration i and ``callback(x, i, g)`` is
called before each step.  `x0` may be any pytree (a dict of arrays, a list of
layers); each leaf is stepped elementwise, which is what autograd's flattening
into one vector amounts to.  The steps are table operations, so an optimizer's
result can be differentiated in turn (meta-optimization).

Example:
    >>> import numpy as np, dualtape as dt
    >>> from dualtape.optimizers import adam
    >>> loss_grad = dt.gradient(lambda p, i: np.sum((p["w"] - 3.0) ** 2))
    >>> fitted = adam(loss_grad, {"w": np.zeros(2)}, num_iters=500, step_size=0.1)
    >>> np.round(fitted["w"], 4)
    array([3., 3.])
"""
from ..core.pytree import tree_flatten, tree_unflatten
from ..rules.elementwise import sqrt

__all__ = ["sgd", "rmsprop", "adam"]


def _run(grad, x0, callback, num_iters, step):
    """Iterate ``leaves, state = step(leaves, gradient leaves, state, i)`` on the leaves of x0."""
    leaves, tree = tree_flatten(x0)
    state = None
    for i in range(num_iters):
        g = grad(tree_unflatten(tree, leaves), i)
        g_leaves, g_tree = tree_flatten(g)
        if g_tree != tree:
            raise ValueError(f"optimizer: grad returned the structure {g_tree!r}, but x0 has "
                             f"{tree!r}")
        if callback:
            callback(tree_unflatten(tree, leaves), i, g)
        leaves, state = step(leaves, g_leaves, state, i)
    return tree_unflatten(tree, leaves)


def sgd(grad, x, callback=None, num_iters=200, step_size=0.1, mass=0.9):
    """Stochastic gradient descent with momentum `mass` (autograd's ``sgd``).

    Example:
        >>> from dualtape.optimizers import sgd
        >>> round(float(sgd(lambda x, i: 2 * (x - 1.0), 0.0, num_iters=300)), 6)
        1.0
    """
    def step(leaves, gs, velocity, i):
        velocity = velocity or [0.0 * g for g in gs]
        velocity = [mass * v - (1.0 - mass) * g for v, g in zip(velocity, gs)]
        return [x + step_size * v for x, v in zip(leaves, velocity)], velocity
    return _run(grad, x, callback, num_iters, step)


def rmsprop(grad, x, callback=None, num_iters=100, step_size=0.1, gamma=0.9, eps=10**-8):
    """Gradient steps scaled by a running root mean square of the gradient (autograd's
    ``rmsprop``; the running mean starts at 1).

    Example:
        >>> from dualtape.optimizers import rmsprop
        >>> round(float(rmsprop(lambda x, i: 2 * (x - 1.0), 0.0, num_iters=300, step_size=0.01)), 2)
        1.0
    """
    def step(leaves, gs, mean_square, i):
        mean_square = mean_square or [0.0 * g + 1.0 for g in gs]
        mean_square = [m * gamma + g ** 2 * (1 - gamma) for m, g in zip(mean_square, gs)]
        return [x - step_size * g / (sqrt(m) + eps) for x, g, m in zip(leaves, gs, mean_square)], \
            mean_square
    return _run(grad, x, callback, num_iters, step)


def adam(grad, x, callback=None, num_iters=100, step_size=0.001, b1=0.9, b2=0.999, eps=10**-8):
    """Adam (Kingma and Ba): momentum and a running mean square, each corrected for its
    start at zero (autograd's ``adam``).

    Example:
        >>> from dualtape.optimizers import adam
        >>> round(float(adam(lambda x, i: 2 * (x - 1.0), 0.0, num_iters=300, step_size=0.05)), 3)
        1.0
    """
    def step(leaves, gs, moments, i):
        first, second = moments or ([0.0 * g for g in gs], [0.0 * g for g in gs])
        first = [(1 - b1) * g + b1 * m for g, m in zip(gs, first)]
        second = [(1 - b2) * g ** 2 + b2 * v for g, v in zip(gs, second)]
        new = [x - step_size * (m / (1 - b1 ** (i + 1))) / (sqrt(v / (1 - b2 ** (i + 1))) + eps)
               for x, m, v in zip(leaves, first, second)]
        return new, (first, second)
    return _run(grad, x, callback, num_iters, step)
