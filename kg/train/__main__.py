"""``python -m kg.train``: the training command line (:func:`kg.train.cli.main`)."""

import sys

from kg.errors import KgError
from kg.train.cli import main

try:
    sys.exit(main())
except KgError as exc:
    sys.exit(f"kg train: error: {exc}")
