"""A throwaway PostgreSQL server from Debian's packages, for the history tests.

Listens only on a Unix socket in a temporary folder and is removed afterwards, so the test
suite needs no running service: `apt-get install postgresql` is enough.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def binaries() -> Path | None:
    """The newest installed PostgreSQL bin folder, if any."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    return found[-1].parent if found else None


@contextmanager
def throwaway_server(home: Path) -> Iterator[str]:
    """Start a server in `home`, yield its URL, stop it and remove its files."""
    bin_dir = binaries()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        shutil.chown(home, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = home / "data"

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=60)

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync")
    options = f"-c listen_addresses='' -k {home} -c fsync=off"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-w", "-o", options,
        "start")  # fmt: skip
    try:
        run(str(bin_dir / "createdb"), "-h", str(home), "-U", "postgres", "dq_test")
        yield f"postgresql://postgres@/dq_test?host={home}"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
