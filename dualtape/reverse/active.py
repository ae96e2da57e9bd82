"""Which tapes are recording in this thread (tapes are thread-local)."""
import threading

_state = threading.local()


def active_tapes():
    """The tapes recording in this thread, outermost first."""
    try:
        return _state.tapes
    except AttributeError:
        _state.tapes = []
        return _state.tapes
