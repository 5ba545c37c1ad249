"""``python -m kg.cli``: the ``kg`` command line."""

from kg.cli import main

main(prog_name="kg")
