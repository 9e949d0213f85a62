"""`python -m storyline` is the `storyline` command."""

from storyline.cli import main

main()
