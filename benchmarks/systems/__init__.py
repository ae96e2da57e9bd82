"""One worker per system measured by ``benchmarks/run.py``; each imports only its own library."""
