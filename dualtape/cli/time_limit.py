"""A wall-clock limit that really interrupts a running computation.

On the main thread of a POSIX system a real-time alarm (``setitimer``) raises
`TimeLimitExceeded` wherever the computation is, between two bytecodes.
Elsewhere (another thread, Windows, or an alarm some other code already set)
a profile hook looks at the clock on every few thousand Python calls and
raises there: slower, but it needs no signal.  A single NumPy call that runs
long is not interrupted until it returns, which is why `limits` caps the sizes
of arrays before they are made.

`TimeLimitExceeded` derives from `BaseException`, as `KeyboardInterrupt` does,
so that no ``except Exception`` inside the computation can swallow it.
"""
import contextlib
import signal
import sys
import threading
import time

__all__ = ["TimeLimitExceeded", "time_limit"]

_CHECK_EVERY = 2000      # profile events between two looks at the clock (about a millisecond)


class TimeLimitExceeded(BaseException):
    """The computation ran longer than its wall-clock limit (``args[0]``, in seconds)."""


@contextlib.contextmanager
def time_limit(seconds):
    """Run the body for at most `seconds` of wall-clock time, then raise `TimeLimitExceeded`.

    Example:
        >>> from dualtape.cli.time_limit import time_limit, TimeLimitExceeded
        >>> try:
        ...     with time_limit(0.05):
        ...         while True:
        ...             pass
        ... except TimeLimitExceeded as exc:
        ...     print(f"stopped after {exc.args[0]} s")
        stopped after 0.05 s
    """
    if not seconds > 0:
        raise ValueError(f"time_limit: the limit must be a positive number of seconds, "
                         f"got {seconds!r}")
    interrupt = _alarm if _alarm_is_free() else _profile_deadline
    with interrupt(seconds):
        yield


def _alarm_is_free():
    """A real-time alarm is ours to use: main thread, POSIX, and nobody else's alarm set."""
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)


@contextlib.contextmanager
def _alarm(seconds):
    state = {"armed": True}

    def on_alarm(signum, frame):
        if state["armed"]:           # a late signal after the body finished is ignored
            raise TimeLimitExceeded(seconds)
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        state["armed"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _profile_deadline(seconds):
    deadline = time.monotonic() + seconds
    previous = sys.getprofile()
    events = [0]

    def check(frame, event, arg):
        events[0] += 1
        if events[0] % _CHECK_EVERY == 0 and time.monotonic() > deadline:
            # An exception raised by a profile function propagates into the profiled
            # code (and removes the hook), which is what interrupts it.
            raise TimeLimitExceeded(seconds)
    sys.setprofile(check)
    try:
        yield
    finally:
        sys.setprofile(previous)
