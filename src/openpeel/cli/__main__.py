"""`python -m openpeel.cli`: the `openpeel` command."""

from openpeel.cli import main

main()
