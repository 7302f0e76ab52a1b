"""The hand-written xlsx writer (`dq.exports.xlsx`) against XlsxWriter and a Rust-backed writer.

Two jobs, each written by every writer that is installed, timed in one process (median of the
runs) and then opened again with openpyxl to see that the file is whole:

- the fix list: the benchmark pair's Fixlijst sheet (every error and warning, about 177,000
  rows at 100k), a frozen header and an autofilter. Ours: `append_frame` (Arrow, column by
  column); XlsxWriter in `constant_memory` mode, row by row; rustpy-xlsxwriter from records.
- the Relaties template's data sheet with a drop-down per listed field, the lists on a sheet
  of their own. Ours writes the whole template (`template_xlsx`: also the example, help and
  lists sheets), XlsxWriter the data and lists sheets; rustpy-xlsxwriter has no drop-downs.

XlsxWriter and rustpy-xlsxwriter are in the optional `bench` extra; a writer that is not
installed is skipped with a note. LibreOffice is not on this machine, so openpyxl opens them.

    python bench/writers.py --size 100000
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.data import write_files  # noqa: E402
from dq.api import check  # noqa: E402
from dq.exports.fixlist import FIXLIST_SHEET, fixlist_table  # noqa: E402
from dq.exports.sheets import fit_widths, table_sheet  # noqa: E402
from dq.exports.template import LAST_ROW, LISTS_SHEET, choices, template_xlsx  # noqa: E402
from dq.exports.xlsx import Workbook, column_letter  # noqa: E402
from dq.spec.catalog import Catalog  # noqa: E402
from dq.spec.fields import RELATIES, fields_of  # noqa: E402

#: Each writer and the module it needs.
WRITERS = {"ours": "dq", "xlsxwriter": "xlsxwriter", "rustpy-xlsxwriter": "rustpy_xlsxwriter"}


def installed(writer: str) -> bool:
    """Whether the writer's package is there (the others are an optional extra)."""
    return importlib.util.find_spec(WRITERS[writer]) is not None


# --- the fix list --------------------------------------------------------------------------


def ours_fixlist(frame: pd.DataFrame, path: Path) -> None:
    book = Workbook()
    table_sheet(book, FIXLIST_SHEET, list(frame.columns), fit_widths(frame)).append_frame(frame)
    path.write_bytes(book.finish())


def xlsxwriter_fixlist(frame: pd.DataFrame, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(FIXLIST_SHEET)
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, list(frame.columns))
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        sheet.write_row(number, 0, row)
    sheet.autofilter(0, 0, len(frame), frame.shape[1] - 1)
    book.close()


def rustpy_fixlist(frame: pd.DataFrame, path: Path) -> None:
    from rustpy_xlsxwriter import FastExcel

    records = frame.to_dict(orient="records")
    FastExcel(str(path)).freeze(row=1, col=0).sheet(FIXLIST_SHEET, records).save()


# --- the template with drop-downs ----------------------------------------------------------


def ours_template(path: Path) -> None:
    path.write_bytes(template_xlsx(RELATIES))


def xlsxwriter_template(path: Path) -> None:
    import xlsxwriter

    fields = fields_of(RELATIES)
    keys = [f.key for f in fields]
    lists = {f.key: found for f in fields if (found := choices(f, Catalog())) is not None}
    book = xlsxwriter.Workbook(str(path))
    data, values_sheet = book.add_worksheet("Relaties"), book.add_worksheet(LISTS_SHEET)
    data.freeze_panes(1, 0)
    data.write_row(0, 0, [f.label for f in fields])
    for column, (key, (values, strict)) in enumerate(lists.items()):
        values_sheet.write_column(1, column, values)
        letter, target = column_letter(column), keys.index(key)
        data.data_validation(
            1,
            target,
            LAST_ROW - 1,
            target,
            {
                "validate": "list",
                "source": f"={LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}",
                "error_type": "stop" if strict else "information",
                "error_message": f"Kies een waarde uit de lijst: {', '.join(values)}.",
            },
        )
    book.close()


# --- timing and opening --------------------------------------------------------------------


def timed(write: Callable[[Path], None], path: Path, runs: int) -> float:
    """Median seconds of `runs` writes of the same file."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        write(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def opened(path: Path) -> str:
    """What openpyxl finds in the file: rows of the first sheet and drop-downs, or the error."""
    try:
        book = load_workbook(path, read_only=path.stat().st_size > 1_000_000)
        sheet = book.worksheets[0]
        rows = sum(1 for _ in sheet.iter_rows(values_only=True))
        lists = getattr(sheet, "data_validations", None)
        count = len(lists.dataValidation) if lists is not None else 0
        book.close()
    except Exception as error:
        return f"not opened: {error}"
    return f"{rows:,} row{'s' if rows != 1 else ''}" + (f", {count} drop-downs" if count else "")


Results = dict[str, dict[str, tuple[float, str]]]


def compare(size: int, runs: int) -> tuple[int, Results]:
    """Every installed writer on the fix list of `size` rows and on the template: the number of
    fix-list rows and {job: {writer: (seconds, what openpyxl found)}}."""
    paths = write_files(size)["xlsx"]
    frame = fixlist_table(check(paths["relaties"], paths["contacten"]))
    jobs = {
        "fixlist": {
            "ours": lambda p: ours_fixlist(frame, p),
            "xlsxwriter": lambda p: xlsxwriter_fixlist(frame, p),
            "rustpy-xlsxwriter": lambda p: rustpy_fixlist(frame, p),
        },
        "template": {"ours": ours_template, "xlsxwriter": xlsxwriter_template},
    }
    for writer in WRITERS:
        if not installed(writer):
            print(f"{writer}: not installed, skipped (pip install -e '.[bench]')", file=sys.stderr)
    results: Results = {job: {} for job in jobs}
    with tempfile.TemporaryDirectory() as folder:
        for job, writers in jobs.items():
            for writer, write in writers.items():
                if not installed(writer):
                    continue
                path = Path(folder) / f"{job}-{writer}.xlsx"
                results[job][writer] = (timed(write, path, runs), opened(path))
    return len(frame), results


def markdown(rows: int, results: Results) -> str:
    """The writers side by side, each against ours."""
    lines = [
        f"Fix list: {rows:,} rows. Template: Relaties, with its drop-downs.",
        "",
        "| job | writer | time | time / ours | opened with openpyxl |",
        "|---|---|---|---|---|",
    ]
    for job, writers in results.items():
        ours = writers["ours"][0]
        for writer, (seconds, found) in writers.items():
            lines.append(
                f"| {job} | {writer} | {seconds:.2f} s | {seconds / ours:.1f}x | {found} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(markdown(*compare(args.size, args.runs)))
