"""Run the kpicascade command line: python -m kpicascade."""

from kpicascade.cli import main

main()
