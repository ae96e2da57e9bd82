"""Dual numbers: forward-mode boxes carrying a value and a tangent.

``Dual(x, v)`` is x + v·ε with ε² = 0: applying a primitive gives
f(x) + (J_f(x)·v)·ε, computed by the primitive's tangent rule.  A tangent may
carry extra leading axes (a batch of directions), so a whole Jacobian is one
vectorized pass.  Scalar Duals of Python floats stay Python floats.
"""
import operator
from operator import attrgetter

import numpy as np

from ..composed.array_methods import ArrayLike, fast_path_of
from ..core.arrays import shape as _shape
from ..core.dispatch import apply_inside
from ..rules.elementwise_entry import zero_safe_product
from .hand_built import HandBuiltLevel, apply_joined, hand_built_level, joint_level
from .parts import (ForwardBox, as_primal, check_tangent_kind, fit_part, output_parts, pad_all,
                    part_attribute)

_new = object.__new__
_primal_and_tangent = attrgetter("_primal", "_tangent")

# The scalar fast paths take Python floats and Python complex numbers alike,
# written out as `type(x) is float or type(x) is complex`: a float pays for
# nothing more than before (no call, no tuple).


def _arithmetic(op, generic):
    """The scalar fast path of ``x + y``, ``x - y`` or ``x * y`` (`op`), else `generic`:
    on Python numbers the tangent of a sum or difference follows the same operation,
    and a product's is ``t·y + x·s``; a product tangent that comes out NaN is redone as
    the generic rule does it (`zero_safe_product`: an exact-zero factor is no term,
    even against inf)."""
    product = op is operator.mul

    @fast_path_of(generic)
    def method(self, other):
        p, t = self._primal, self._tangent
        if (type(p) is float or type(p) is complex) and (type(t) is float or type(t) is complex):
            to = type(other)
            if to is float or to is int or to is complex:
                if not product:
                    return Dual._make(op(p, other), t, self._level)
                u = t * other
                if u != u:                                # NaN: see `zero_safe_product`
                    u = zero_safe_product(t, other)
                return Dual._make(p * other, u, self._level)
            if to is Dual:
                q, s = other._primal, other._tangent
                lv = joint_level(self._level, other._level)      # hand-built Duals share ε
                if lv is not None and (type(q) is float or type(q) is complex) \
                        and (type(s) is float or type(s) is complex):
                    if not product:
                        return Dual._make(op(p, q), op(t, s), lv)
                    u = t * q + p * s
                    if u != u:                            # NaN: see `zero_safe_product`
                        u = zero_safe_product(t, q) + zero_safe_product(p, s)
                    return Dual._make(p * q, u, lv)
        return generic(self, other)
    return method


class Dual(ForwardBox):
    """A forward-mode value ``primal + tangent·ε``.

    Example:
        >>> import dualtape as dt
        >>> y = dt.numpy.sin(dt.Dual(0.0, 1.0)) * 3.0
        >>> y.primal, y.tangent
        (0.0, 3.0)

    `tangent` has the primal's shape, or extra leading axes for a batch of
    directions (``Dual(x, np.eye(3))`` for a 3-vector x pushes all three unit
    directions at once).  Duals built by hand share one ε, as in every
    textbook (``Dual(1.0, 1.0) + Dual(2.0, 0.0)`` is ``Dual(3.0, 1.0)``), but never
    the ε of a transform: one built inside a `jvp` is not confused with the
    transform's (see `HandBuiltLevel`).  A Dual built from Duals is one level
    deeper: ``Dual(Dual(x, 1.0), 1.0)`` has two ε's.

    Reading the parts is level-safe: the `Dual` that `dualtape.jvp` (or a forward
    Jacobian) passes to the function it differentiates is constant in every
    hand-built ε, so its tangent reads as zero there (the transform's own is its
    business, and its primal is itself, which keeps the transform's derivative).
    """

    __slots__ = ("_primal", "_tangent", "_level", "_batch")

    def __init__(self, primal, tangent=None, *, level=None):
        primal = as_primal(primal, "Dual")
        ps = _shape(primal)
        if tangent is None:
            tangent = 1.0 if type(primal) is float or type(primal) is complex else np.ones(ps)
        else:
            tangent = as_primal(tangent, "Dual tangent")
            check_tangent_kind(primal, tangent, "Dual")
        ts = _shape(tangent)
        if ts[len(ts) - len(ps):] != ps or len(ts) < len(ps):
            raise ValueError(
                f"Dual: tangent shape {ts} does not match primal shape {ps}; a tangent has the "
                f"primal's shape, optionally with extra leading axes for a batch of directions")
        self._primal = primal
        self._tangent = tangent
        self._level = hand_built_level(Dual, (primal, tangent)) if level is None else level
        self._batch = ts[:len(ts) - len(ps)]

    @staticmethod
    def _make(primal, tangent, level, batch=()):
        d = _new(Dual)
        d._primal = primal
        d._tangent = tangent
        d._level = level
        d._batch = batch
        return d

    # --- the documented parts, level-safe (see ForwardBox.readable_parts) ---------------
    primal = part_attribute(0, "The real part.")
    tangent = part_attribute(1, "The tangent (leading direction axes first, if any).")

    def _parts(self):
        return self._primal, self._tangent

    def _part_batches(self):
        return [self._batch]

    def _part_labels(self):
        return "primal", "tangent"

    def _moved(self, level, top):
        """This Dual at `level`; `top`, if given, is the Dual whose ε it joins."""
        if top is not None and top._batch != self._batch:
            raise ValueError(
                f"Dual: two hand-built Duals meet with different batches of directions, "
                f"{self._batch} and {top._batch}; give them the same leading tangent axes")
        return Dual._make(self._primal, self._tangent, level, self._batch)

    def __repr__(self):
        return f"Dual({self._primal!r}, {self._tangent!r})"

    # --- the generic rule application --------------------------------------------
    def _process(self, prim, args, params):
        level = self._level
        if type(level) is HandBuiltLevel:
            for a in args:
                if type(a) is Dual and a._level != level:    # another Dual may share its ε
                    out = apply_joined(self, prim, args, params, self._process)
                    if out is not None:
                        return out
                    break

        fast = prim.scalar
        if fast is not None and len(args) == 1:
            (a,) = args
            if type(a) is Dual and a._level == level and \
                    (type(a._primal) is float or type(a._primal) is complex) and \
                    (type(a._tangent) is float or type(a._tangent) is complex):
                try:
                    r = fast(a._primal)
                except (ValueError, OverflowError, ZeroDivisionError):
                    r = None      # outside `math`'s domain: the generic path follows NumPy
                if r is not None:
                    t = r[1] * a._tangent
                    if t != t:                    # NaN: see `zero_safe_product`
                        t = zero_safe_product(r[1], a._tangent)
                    return Dual._make(r[0], t, level)

        out, primals, tangents = apply_inside(prim, args, params, Dual, level, _primal_and_tangent)
        batch = self._batch
        if prim.multiple_results:
            ts = prim.jvp(tangents, out, primals, params)
            return tuple(Dual._make(o, fit_part(t, o, batch), level, batch)
                         for o, t in zip(out, ts))
        if batch and prim.broadcasts:
            tangents = pad_all(tangents, primals, batch, len(_shape(out)))
        t = prim.jvp(tangents, out, primals, params)
        return Dual._make(out, fit_part(t, out, batch), level, batch)

    # --- scalar fast paths (pinned against the generic path by the tests) --------
    # x ± y and x * y: see `_arithmetic`.  A sum and a product of Python numbers do not
    # depend on the order of the operands (IEEE addition and multiplication commute), so
    # c + x and c * x take x + c's and x * c's path.
    __add__ = _arithmetic(operator.add, ArrayLike.__add__)
    __radd__ = _arithmetic(operator.add, ArrayLike.__radd__)
    __sub__ = _arithmetic(operator.sub, ArrayLike.__sub__)
    __mul__ = _arithmetic(operator.mul, ArrayLike.__mul__)
    __rmul__ = _arithmetic(operator.mul, ArrayLike.__rmul__)

    def __rsub__(self, other):
        to = type(other)
        if to is float or to is int or to is complex:
            p, t = self._primal, self._tangent
            if (type(p) is float or type(p) is complex) and (type(t) is float or type(t) is complex):
                return Dual._make(other - p, -t, self._level)
        return ArrayLike.__rsub__(self, other)

    def __neg__(self):
        p, t = self._primal, self._tangent
        if (type(p) is float or type(p) is complex) and (type(t) is float or type(t) is complex):
            return Dual._make(-p, -t, self._level)
        return ArrayLike.__neg__(self)


def dual_parts(y, like):
    """``(primal, tangent)`` of `y` in the ε of the Dual `like` (a zero tangent if y does
    not depend on it): the level-safe way to read a Dual inside a transform.

    Example:
        >>> x = Dual(2.0, 1.0)
        >>> dual_parts(x * x, x), dual_parts(3.0, x)
        ((4.0, 4.0), (3.0, 0.0))
    """
    primal, (tangent,) = output_parts(y, like, "dual_parts")
    return primal, tangent
