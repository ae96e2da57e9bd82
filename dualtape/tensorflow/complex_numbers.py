"""TensorFlow's functions of complex tensors: ``tf.complex``, and ``tf.math.real``,
``imag``, ``conj`` and ``angle``, each the table's function under TensorFlow's name
and with TensorFlow's rules for dtypes (``tf.abs`` and ``tf.cast`` are with the
elementwise functions and conversions).

TensorFlow builds ``complex64`` from two ``float32`` tensors and ``complex128``
from two ``float64`` ones, and refuses other pairs; on a real tensor ``real``
and ``conj`` return it, ``imag`` returns zeros and ``angle`` returns π where it
is negative and 0 elsewhere.  A GradientTape gives a complex source TensorFlow's
gradient, the conjugate of JAX's (README, "Conventions").

Example:
    >>> import numpy as np, dualtape as tf
    >>> z = tf.Variable(3.0 + 4.0j)
    >>> with tf.GradientTape() as tape:
    ...     loss = tf.math.real(z * tf.math.conj(z))              # |z|²
    >>> tape.gradient(loss, z).numpy()                            # TensorFlow: 2z
    np.complex128(6+8j)
"""
import numpy as np

from .. import numpy as dnp
from ..core.box import raw
from ..rules.casting import astype
from .arguments import as_result, operand

__all__ = ["complex", "real", "imag", "conj", "angle"]

_COMPLEX_OF = {np.dtype(np.float32): np.dtype(np.complex64),
               np.dtype(np.float64): np.dtype(np.complex128)}


def _is_complex(x):
    return np.result_type(raw(x)).kind == "c"


def complex(real, imag, name=None):  # noqa: A001  (TensorFlow's name)
    """``real + i·imag`` (broadcast): complex64 from two float32 tensors, complex128
    from two float64 ones, as in TensorFlow (other dtypes raise).

    Example:
        >>> import dualtape as tf
        >>> tf.complex([1.0, 2.0], [0.5, -1.0]).numpy()
        array([1.+0.5j, 2.-1.j ])
    """
    re, im = operand(real), operand(imag)
    kinds = np.result_type(raw(re)), np.result_type(raw(im))
    if kinds[0] != kinds[1] or kinds[0] not in _COMPLEX_OF:
        raise TypeError(f"tf.complex: real and imag must be both float32 or both float64 "
                        f"(giving complex64 or complex128), got {kinds[0]} and {kinds[1]}; "
                        f"convert them with tf.cast")
    wanted = _COMPLEX_OF[kinds[0]]
    return as_result(dnp.add(astype(re, wanted), dnp.multiply(astype(im, wanted), 1j)))


def real(input, name=None):
    """The real part of a complex tensor (float32 of complex64, float64 of complex128);
    a real tensor comes back as it is.

    Example:
        >>> import dualtape as tf
        >>> tf.math.real(tf.complex(3.0, 4.0)).numpy(), tf.math.real(2.5).numpy()
        (np.float64(3.0), np.float64(2.5))
    """
    x = operand(input)
    return as_result(dnp.real(x) if _is_complex(x) else x)


def imag(input, name=None):
    """The imaginary part of a complex tensor; zeros for a real one.

    Example:
        >>> import dualtape as tf
        >>> tf.math.imag(tf.complex(3.0, 4.0)).numpy(), tf.math.imag([2.5, 1.0]).numpy()
        (np.float64(4.0), array([0., 0.]))
    """
    return as_result(dnp.imag(operand(input)))


def conj(x, name=None):
    """The complex conjugate; a real tensor comes back as it is.

    Example:
        >>> import dualtape as tf
        >>> tf.math.conj(tf.complex(3.0, 4.0)).numpy()
        np.complex128(3-4j)
    """
    x = operand(x)
    return as_result(dnp.conj(x) if _is_complex(x) else x)


def angle(input, name=None):
    """The argument of each complex number, in (-π, π]; of a real tensor, π where it is
    negative and 0 elsewhere (a constant), as in TensorFlow.

    Example:
        >>> import dualtape as tf
        >>> tf.math.angle(tf.complex(0.0, 2.0)).numpy(), tf.math.angle([-1.0, 0.0, 2.0]).numpy()
        (np.float64(1.5707963267948966), array([3.14159265, 0.        , 0.        ]))
    """
    x = operand(input)
    if _is_complex(x):
        return as_result(dnp.angle(x))
    r = np.asarray(raw(x))
    return as_result(np.where(r < 0, np.pi, 0.0).astype(np.result_type(r, np.float16)))
