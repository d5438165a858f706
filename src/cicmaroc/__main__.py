"""Allow `python -m cicmaroc`, which CI and the pre-commit hook can call without the script."""

from cicmaroc.cli.process import main

main()
