"""Tables written as text: the rows from which families of TensorFlow functions that
share one signature are made (the reductions, the one-matrix functions of ``tf.linalg``).

A row is one line of cells separated by ``|``; a row may go on over indented lines, so
a long last cell (a docstring's summary) wraps. Reading a family as a table keeps each
function's differences in one line and its shared code in one place.

Example:
    >>> read_table('''
    ... sum | adds up
    ... max | the largest
    ...     of them
    ... ''')
    [('sum', 'adds up'), ('max', 'the largest of them')]
"""
import re

__all__ = ["read_table", "function_named"]


def read_table(text):
    """The rows of `text` as tuples of stripped cells.

    Example:
        >>> read_table("a | b | c")
        [('a', 'b', 'c')]
    """
    joined = re.sub(r"\n[ \t]+", " ", text.strip())
    return [tuple(cell.strip() for cell in row.split("|")) for row in joined.splitlines()]


def function_named(path, modules):
    """The function that `path` (``"dnp.sum"``) names in `modules` (``{"dnp": ...}``).

    Example:
        >>> import numpy as np
        >>> function_named("np.sum", {"np": np}) is np.sum
        True
    """
    module, _, attribute = path.partition(".")
    return getattr(modules[module], attribute)
