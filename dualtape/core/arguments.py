"""Checks on NumPy keyword arguments that a differentiable function cannot honour.

Shared by the rule families and the composed functions, so every refusal
reads the same and names the fix.
"""


def reject_out(out, who):
    """Raise ``TypeError`` when an ``out=`` array is given: writing in place would drop
    the derivative, so `who` (the function's NumPy name) asks for the returned value.

    Example:
        >>> reject_out(None, "var")          # no `out`: nothing to refuse
        >>> reject_out([0.0], "var")
        Traceback (most recent call last):
        ...
        TypeError: var(..., out=...) writes in place and would drop the derivative; use the ...
    """
    if out is not None:
        raise TypeError(f"{who}(..., out=...) writes in place and would drop the derivative; "
                        f"use the returned value instead")
