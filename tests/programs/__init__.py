"""Whole programs written the way their audiences write them, differentiated with dualtape
and checked against independent computations.

Each module holds the programs of one domain (training loops, SciPy optimisers,
integrators, Gaussian processes, physics, signals, statistics, ...), written with plain
``import numpy as np`` style code and ``import dualtape.numpy as np`` or ``import dualtape
as tf`` as the only change.  Every derivative is compared with something dualtape did not
compute: a closed form written beside the number, central or Richardson differences of the
plain NumPy program (`reference`), SciPy's own derivatives, or another mode of dualtape on
the same program (forward against reverse against HyperDual against jets).
"""
