"""The command line: ``python -m dualtape`` (tour, diff, check, primitives).

`main` parses the arguments; `tour` prints the tour; `expression` parses a
formula against a whitelist; `derivative_table` lays every mode side by side.
"""
