"""The two ways the command line refuses a request: bad text, or a limit reached."""

__all__ = ["ExpressionError", "LimitExceeded"]


class ExpressionError(ValueError):
    """The expression text is not in the accepted language (or its variables are bad)."""


class LimitExceeded(ExpressionError):
    """The request is larger than one of the command line's limits; the message names it.

    Example:
        >>> from dualtape.cli.errors import LimitExceeded, ExpressionError
        >>> issubclass(LimitExceeded, ExpressionError)
        True
    """
