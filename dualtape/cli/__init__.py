"""The command line: ``python -m dualtape`` (tour, diff, check, primitives).

`main` parses the arguments; `tour` prints the tour; `expression` parses a
formula against a whitelist; `derivative_table` lays every mode side by side;
`limits` and `time_limit` bound what one ``diff`` may cost, and `errors` holds
the two ways it refuses (bad text, a limit passed).
"""
