"""`python -m provenance` runs the command line."""

from provenance.cli import main

main()
