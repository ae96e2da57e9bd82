"""Random programs over the whole primitive table, for cross-mode fuzzing.

A *program* is a list of steps.  Each step applies one entry of
``dualtape.core.primitive.TABLE`` to earlier values (the inputs ``x0, x1, ...``
or results ``v3, v4, ...``) and constants; the program ends by contracting
every unused result with fixed weights into one scalar.

One module per job:

* `program`: what a program is (`Var`, `Step`, `Program`) and `run`, which
  evaluates it on any inputs (plain or boxed);
* `printing`: `source` prints a program as runnable Python;
* `catalogue`: how to call each table entry, read from the table;
* `values`: how a value is mapped into an entry's domain, and the random
  values and directions the builder draws;
* `builder`: `Builder`, which adds one checked step at a time;
* `strategies`: the hypothesis strategy `programs()`, which builds a program
  together with its inputs.

How to call each primitive is read from the table when the catalogue is built
(at test time, so entries added later are fuzzed too):

* a broadcasting entry with no static parameters and no examples (an
  elementwise ufunc) takes one argument per partial-derivative rule, of any
  shapes that broadcast together;
* every other entry is called like one of the audit's examples for it
  (`dualtape.core.domains.examples_for`): the example fixes the argument shapes and
  the static parameters, and the program's values are reshaped to fit.

Each differentiable argument is then mapped into the entry's ``domain`` with
table operations written into the program (``exp`` for ``positive``,
``0.9·tanh`` for ``open_unit``, ...), so values stay valid whatever earlier
steps did.  A domain this package does not know (a callable, say), and every
``linalg.*`` entry, whose valid inputs are conditions on a whole matrix, is
met by staying near the audit's example: ``example + 0.05·value/4`` with
|value| <= 4.  Complex results (``fft.rfft``) feed arguments whose example is
complex, and reach the scalar result through an entry that takes a complex
value to a real one (``complex.real``, ``fft.irfft``, ...).

A program must also stay off the points where an entry has no derivative, as
the modes may legitimately differ there: an argument of a non-elementwise
entry whose elements repeat (a broadcast value fed to ``std``) gets a fixed
offset, and a step whose tangent rule is not finite at its point is redrawn.
"""
