"""`stop_gradient`: the value with every derivative removed."""
from ..core.box import Box, raw
from ..reverse.tensor import Tensor, constant


def stop_gradient(x):
    """`x`'s value, treated as a constant by every mode (all levels).

    Example:
        >>> import dualtape as dt
        >>> dt.gradient(lambda x: x * dt.stop_gradient(x))(3.0)
        3.0
    """
    if isinstance(x, Tensor):
        return constant(raw(x))
    if isinstance(x, Box):
        return raw(x)
    return x
