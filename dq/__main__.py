"""`python -m dq` is the same as the `dq` command."""

import sys

from dq.cli import main

sys.exit(main())
