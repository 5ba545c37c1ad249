"""``python -m kg.train …``: an alias of ``kg train …``."""

import sys

from kg.cli import main

main(["train", *sys.argv[1:]], prog_name="kg")
