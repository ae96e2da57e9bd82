"""The one exception the audit raises."""


class AuditError(AssertionError):
    """An identity between two independent computations of a derivative failed.

    Example:
        >>> import dualtape as dt
        >>> issubclass(dt.AuditError, AssertionError)
        True
    """
