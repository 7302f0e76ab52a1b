"""The floor of the whole command: a fresh process that only reads the files, one after the other.

python-calamine turns each xlsx file's first sheet into Python lists of cells; nothing is checked.
`bench/run.py` times `dq check --json` on the same files against this, side by side.

    python bench/bare_read.py relaties.xlsx contacten.xlsx
"""

from __future__ import annotations

import sys

from python_calamine import CalamineWorkbook


def read_rows(path: str) -> list[list[object]]:
    """The first sheet of a workbook as Python lists, as calamine gives them."""
    workbook = CalamineWorkbook.from_path(path)
    return workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()


if __name__ == "__main__":
    print(sum(len(read_rows(path)) for path in sys.argv[1:]))
