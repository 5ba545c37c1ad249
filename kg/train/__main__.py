"""``python -m kg.train``: the training command line (:func:`kg.train.cli.main`)."""

import sys

from kg.train.cli import main

sys.exit(main())
