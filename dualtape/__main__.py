"""``python -m dualtape``: see `dualtape.cli`."""
import sys

from .cli import main  # noqa: F401

if __name__ == "__main__":
    sys.exit(main())
