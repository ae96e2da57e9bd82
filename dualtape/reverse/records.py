"""What a tape keeps of each primitive application: its records, and how they are stored.

A record is a plain tuple ``(entry, params, in_nodes, primals, out, node)``, in
the field order of `Record`, where `entry` is the primitive's index in
`dualtape.core.primitive.PRIMITIVES` and `params` is None when there are no
static parameters.  The backward loop unpacks the tuples by name; `Record`
gives a tuple its names and its primitive, for everything else.

Why plain tuples of numbers: a record of scalar code (floats, node numbers,
None) then holds no object that Python's garbage collector tracks, so the
collector stops tracking the record too, and a tape keeps its records in
sealed blocks (tuples of `SEALED_BLOCK` records) that it stops tracking as
well (once a collection has seen their items untracked).  A full collection
then no longer walks every record of a long tape, which made the cost per
operation of W1's loop grow with the tape's length: 1.2 µs at 10³ operations and
2.1 µs at 10⁶ with the primitive in the record, 1.3 and 1.8 µs now.  A named
tuple also costs three times a plain one to build.
"""
from itertools import chain
from typing import NamedTuple

from ..core.primitive import PRIMITIVES

# A tape seals its open list of records into a tuple whenever a record's node is a
# multiple of this power of two.
SEALED_BLOCK = 1024
SEAL_MASK = SEALED_BLOCK - 1
# The params of a record without static parameters, wherever a dict is needed
# (nothing writes to a record's params; a plain dict, as ``**`` unpacks one fastest).
NO_PARAMS = {}


class Record(NamedTuple):
    """One primitive application on a tape, by name.

    `in_nodes` has the node of each positional argument (None for a value the
    tape does not track).  `out` is the output value, or the tuple of them for
    a primitive with multiple results; the outputs are the `n_out` consecutive
    nodes from `node` (`out_nodes`).  The mutation guards of a record, if any,
    are kept by its tape (`Tape.guards`), not in the record.

    Example:
        >>> from dualtape.reverse.tape import Tape
        >>> tape = Tape()
        >>> x = tape.source(3.0)
        >>> with tape.recording_on():
        ...     y = x * 2.0
        >>> rec = tape.records[0]
        >>> rec.prim.name, rec.in_nodes, rec.primals, rec.out, rec.node, rec.n_out
        ('multiply', (0, None), (3.0, 2.0), 6.0, 1, 1)
    """

    prim: object
    params: dict
    in_nodes: tuple       # (a list on the generic path)
    primals: tuple        # the argument values, as the adjoint rule reads them
    out: object
    node: int             # the first output node

    @property
    def n_out(self):
        """How many outputs the record has."""
        return len(self.out) if self.prim.multiple_results else 1

    @property
    def out_nodes(self):
        """The nodes of the outputs, in order."""
        return range(self.node, self.node + self.n_out)


def named(entry):
    """A stored record (a plain tuple) as a `Record`.

    Example:
        >>> from dualtape.core.primitive import TABLE
        >>> named((TABLE["sin"].index, None, (0,), (0.5,), 0.479, 1)).prim.name
        'sin'
    """
    index, params, in_nodes, primals, out, node = entry
    return Record(PRIMITIVES[index], NO_PARAMS if params is None else params, in_nodes, primals,
                  out, node)


def in_order(sealed, open_records):
    """The records of sealed blocks and an open list, as one list in recording order
    (the open list itself when nothing is sealed).

    Example:
        >>> in_order([(1, 2), (3,)], [4]), in_order([], [5])
        ([1, 2, 3, 4], [5])
    """
    if not sealed:
        return open_records
    records = list(chain.from_iterable(sealed))
    records += open_records
    return records
