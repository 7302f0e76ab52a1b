"""`python -m dq` is the same as the `dq` command."""

from dq.cli import run

run()
