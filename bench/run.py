"""Benchmark: every stage of a check on 10k and 100k-row offices, against a floor and a baseline.

The offices are the demo office scaled up and made messy (`bench/data.py`: 10-20% empty cells
per column, a few % typing errors). The floor is the fastest bare read of the same files into
a table of strings, no checks: python-calamine's rows for xlsx, pyarrow.csv for csv, both files
side by side as the product reads them. The baseline is a straightforward implementation
(pandas.read_excel with openpyxl, python-stdnum's `is_valid` row by row, openpyxl export).
Ratios to both hold on a noisy machine, so targets are stated as ratios. The whole command
as a user runs it is timed too, in fresh processes: `dq check --json` in turn with a bare read
of the same two files (`bench/bare_read.py`), the xlsx fix list, the csv pair, the import of
`dq.cli`; and, in an environment of their own (`bench/peers-requirements.txt`), ydata-profiling
and pandera on the same Relaties file (`bench/peers.py`). Results: Markdown tables on stdout
and a JSON file.

    python bench/run.py                       # 10k and 100k: 3 runs per stage and baseline,
                                              # 8 of each whole command (8 pairs for the ratio)
    python bench/run.py --sizes 10000 --runs 5 --process-runs 3
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from subprocess import DEVNULL

import pandas as pd
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bare_read import read_rows  # noqa: E402
from bench.data import write_files  # noqa: E402
from bench.peers import PEERS  # noqa: E402
from dq.api import check, load, map_columns  # noqa: E402
from dq.checks.pipeline import analyse  # noqa: E402
from dq.checks.score import field_scores, product_scores, readiness  # noqa: E402
from dq.edits.session import Edits  # noqa: E402
from dq.exports.cleaned import cleaned_files  # noqa: E402
from dq.exports.fixlist import fixlist_csv, fixlist_xlsx  # noqa: E402
from dq.exports.htmlreport import report_html  # noqa: E402
from dq.io.load import LoadedTable  # noqa: E402
from dq.threads import each  # noqa: E402

OUT = ROOT / "bench" / "out"


def median_time(action: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median wall time of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def floor_read(path: Path) -> int:
    """The fastest bare read into strings: calamine rows for xlsx, pyarrow for csv."""
    if path.suffix == ".xlsx":
        return len(read_rows(str(path)))
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(delimiter=";"),
        convert_options=pacsv.ConvertOptions(
            column_types={}, strings_can_be_null=False, auto_dict_encode=False
        ),
        read_options=pacsv.ReadOptions(use_threads=True),
    )
    return table.num_rows


def baseline(paths: dict[str, Path]) -> int:
    """A straightforward checker: openpyxl read, stdnum per row, openpyxl export."""
    from stdnum import iban
    from stdnum.nl import bsn, btw, postcode

    checks = {"BSN": bsn, "RSIN": bsn, "Btw-nummer": btw, "Postcode": postcode, "IBAN": iban}
    issues = []
    for kind, path in paths.items():
        if path.suffix == ".xlsx":
            frame = pd.read_excel(path, engine="openpyxl", dtype=str).fillna("")
        else:
            frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
        for number, row in enumerate(frame.to_dict(orient="records"), start=2):
            for column, module in checks.items():
                value = row.get(column, "")
                if value and not module.is_valid(value):
                    issues.append((kind, number, column, value))
    workbook = Workbook()
    sheet = workbook.active
    for issue in issues:
        sheet.append(list(issue))
    workbook.save(io.BytesIO())
    return len(issues)


def stages(paths: dict[str, Path], runs: int) -> dict[str, float]:
    """Time each stage of the product's pipeline on one pair of files, and the whole of it.

    The stages are timed one after the other; `dq.api.check` overlaps them (one file is
    checked while the other is still read), so its time is the total.
    """
    result: dict[str, float] = {}
    result["read"], tables = median_time(lambda: _load_pair(paths), runs)
    result["map"], mappings = median_time(
        lambda: {k: map_columns(t, k) for k, t in tables.items()}, runs
    )
    result["check+score"], report = median_time(lambda: analyse(tables, mappings), runs)
    result["score"], _ = median_time(lambda: _score(report), runs)
    result["total"], _ = median_time(lambda: check(paths["relaties"], paths["contacten"]), runs)
    result["floor"], _ = median_time(lambda: each(floor_read, paths.values()), runs)
    result["ratio_to_floor"] = result["total"] / result["floor"]
    result["issues"] = len(report.issues)
    result["rows"] = sum(len(t.frame) for t in tables.values())
    return result


def _load_pair(paths: dict[str, Path]) -> dict[str, LoadedTable]:
    """Both files read side by side, as `dq.api.check` reads them."""
    return dict(zip(paths, each(lambda kind: load(paths[kind], kind), paths), strict=True))


def _score(report: object) -> None:
    """Recompute the scores of a checked report (the score stage alone)."""
    for kind, r in report.files.items():
        field_scores(kind, r.outcomes, r.required)
    product_scores(report.issues, report.context.products, report.catalog)
    readiness(report.issues, {k: len(r.table.frame) for k, r in report.files.items()})


def exports(paths: dict[str, Path], runs: int) -> dict[str, float]:
    """Time the downloads on one checked pair."""
    report = check(paths["relaties"], paths["contacten"])
    timings = {
        "fixlist_xlsx": median_time(lambda: fixlist_xlsx(report), runs)[0],
        "fixlist_csv": median_time(lambda: fixlist_csv(report), runs)[0],
        "cleaned_files": median_time(lambda: cleaned_files(report), runs)[0],
        "report_html": median_time(lambda: report_html(report), runs)[0],
    }
    timings["fixlist_rows"] = int(report.issues["severity"].ne("info").sum())
    timings["issues"] = len(report.issues)
    return timings


def edit_timings(paths: dict[str, Path], runs: int) -> dict[str, float]:
    """The core's re-check on the Herstellen page (without drawing): one cell, a batch, undo.

    Each edit fixes another wrong BSN; the batch gives the most frequent rechtsvorm spelling
    the canonical value and is undone again. A full check of the loaded pair for comparison.
    """
    report = check(paths["relaties"], paths["contacten"])
    edits = Edits(report)
    wrong = iter(report.issues.query("code == 'bsn.invalid_checksum'")["pos"].tolist())
    timings = {
        "one edit": median_time(
            lambda: edits.edit("relaties", int(next(wrong)), "bsn", "111222333"), runs
        )[0]
    }
    column = report.files["relaties"].mapping.column("rechtsvorm")
    spellings = report.files["relaties"].table.frame[column].str.strip()
    most = spellings[spellings.ne("")].value_counts().index[0]
    batch, undo = [], []
    for _ in range(runs):
        batch.append(
            median_time(lambda: edits.apply_to_all("relaties", "rechtsvorm", most, "bv"), 1)[0]
        )
        undo.append(median_time(edits.undo, 1)[0])
    timings[f"apply to all ({(spellings == most).sum():,} rows)"] = statistics.median(batch)
    timings["undo of that batch"] = statistics.median(undo)
    tables = {k: r.table for k, r in report.files.items()}
    mappings = {k: r.mapping for k, r in report.files.items()}
    timings["full check of the loaded pair"] = median_time(lambda: analyse(tables, mappings), runs)[
        0
    ]
    return timings


def run_process(command: list[str]) -> float:
    """Wall seconds of one fresh process started from the repository, its output thrown away."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=DEVNULL, stderr=DEVNULL, check=False)
    return time.perf_counter() - start


def dq_check(paths: dict[str, Path], *options: str) -> list[str]:
    """`dq check` of the pair as a user runs it, with `options`."""
    return [
        sys.executable,
        "-m",
        "dq",
        "check",
        "--relaties",
        str(paths["relaties"]),
        "--contacten",
        str(paths["contacten"]),
        *options,
    ]


def whole_process(paths: dict[str, Path], runs: int) -> dict[str, float]:
    """`dq check --json` as a whole process against a bare read of the same two files in a
    fresh process (python-calamine, one file after the other, to Python lists), in turn
    (A B A B ...): the ratio is taken pair by pair, so it holds when the machine's speed drifts.
    """
    bare = [sys.executable, str(ROOT / "bench" / "bare_read.py")]
    bare += [str(paths["relaties"]), str(paths["contacten"])]
    pairs = [(run_process(dq_check(paths, "--json")), run_process(bare)) for _ in range(runs)]
    return {
        "check_json": statistics.median(a for a, _ in pairs),
        "bare_read": statistics.median(b for _, b in pairs),
        "ratio": statistics.median(a / b for a, b in pairs),
    }


def import_time(module: str, runs: int) -> float:
    """Median seconds to import `module` in a fresh process (the interpreter's start excluded)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return statistics.median(
        float(
            subprocess.run(
                [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    )


def peers(path: Path, runs: int, python: Path) -> dict[str, float | None]:
    """The peers (`bench/peers.py`) on one Relaties file, each in a fresh process of their own
    environment (`python`, made from `bench/peers-requirements.txt`); None without it."""
    if not python.exists():
        print(
            f"No environment for the peers at {python}; skipped. Make it with: "
            f"python -m venv {python.parents[1]} && "
            f"{python.parent / 'pip'} install -r bench/peers-requirements.txt",
            file=sys.stderr,
        )
        return dict.fromkeys(PEERS)
    script = str(ROOT / "bench" / "peers.py")
    return {
        peer: statistics.median(
            run_process([str(python), script, peer, str(path)]) for _ in range(runs)
        )
        for peer in PEERS
    }


def peak_rss(paths: dict[str, Path]) -> float:
    """Peak memory (MB) of a fresh process that reads, checks and scores the pair.

    The process reads its own high-water mark (VmHWM): `ru_maxrss` would also count the
    memory of the forked benchmark process it started from.
    """
    code = (
        "import re, sys; sys.path.insert(0, sys.argv[1]);"
        "from dq.api import check;"
        "check(sys.argv[2], sys.argv[3]);"
        "status = open('/proc/self/status').read();"
        "print(re.search(r'VmHWM:\\s+(\\d+)', status).group(1))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(paths["relaties"]), str(paths["contacten"])],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip()) / 1024


def markdown(results: dict) -> str:
    """The result table for the README."""
    lines = [
        "Floor: a bare read into strings, no checks (xlsx: python-calamine, csv: pyarrow.csv), "
        "both files side by side. The total is one `dq.api.check` call, which overlaps the "
        "stages (one file is checked while the other is still read). "
        "Baseline: pandas.read_excel with openpyxl, python-stdnum row by row, openpyxl export.",
        "",
        "| rows (relaties + contacten) | format | read | map | check+score "
        "| total (`dq.api.check`) | floor "
        "| total / floor | baseline | baseline / total |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, by_format in results["sizes"].items():
        for fmt, r in by_format["stages"].items():
            base = by_format.get("baseline", {}).get(fmt)
            lines.append(
                f"| {int(size):,} + {int(size):,} | {fmt} | {r['read']:.2f} s | {r['map']:.3f} s "
                f"| {r['check+score']:.2f} s | **{r['total']:.2f} s** | {r['floor']:.2f} s "
                f"| {r['ratio_to_floor']:.1f}x | "
                + (f"{base:.1f} s | {base / r['total']:.1f}x |" if base else "– | – |")
            )
    lines += ["", "| rows | export | time |", "|---|---|---|"]
    for size, by_format in results["sizes"].items():
        found = by_format["exports"]
        lines.append(
            f"| {int(size):,} | (issues found: {found['issues']:,}, of which "
            f"{found['fixlist_rows']:,} errors and warnings in the fix list) | |"
        )
        for name, value in found.items():
            if name not in ("fixlist_rows", "issues"):
                lines.append(f"| {int(size):,} | {name} | {value:.2f} s |")
        lines.append(
            f"| {int(size):,} | `dq check --fixlist x.xlsx` (whole CLI, "
            f"{by_format['exports']['fixlist_rows']:,} fix-list rows) "
            f"| {by_format['fixlist_cli']:.2f} s |"
        )
        lines.append(f"| {int(size):,} | peak memory (RSS) | {by_format['peak_rss_mb']:.0f} MB |")
    lines += ["", "| rows | Herstellen: core re-check | time |", "|---|---|---|"]
    for size, by_format in results["sizes"].items():
        for name, value in by_format.get("edits", {}).items():
            lines.append(f"| {int(size):,} | {name} | {value:.3f} s |")
    sizes = sorted(results["sizes"], key=int)
    if len(sizes) > 1:
        small, large = (results["sizes"][s]["stages"]["xlsx"]["total"] for s in sizes[:2])
        lines.append(
            f"\nGrowth {int(sizes[0]):,} -> {int(sizes[1]):,} rows (xlsx): "
            f"{large / small:.1f}x the time for {int(sizes[1]) // int(sizes[0])}x the rows."
        )
    return "\n".join([*lines, "", targets_table(results)])


def targets_table(results: dict) -> str:
    """The whole command as a user runs it, each figure next to its target (at 100k)."""
    lines = [
        "| rows (relaties + contacten) | measurement | result | target |",
        "|---|---|---|---|",
    ]
    for size, entry in results["sizes"].items():
        rows, big = f"{int(size):,} + {int(size):,}", int(size) == 100_000
        whole, xlsx = entry["whole"], entry["stages"]["xlsx"]
        ours = whole["check_json"]
        figures = [
            ("`dq check --json`, xlsx, whole process", f"{ours:.2f} s", ""),
            ("bare read of the same files, fresh process", f"{whole['bare_read']:.2f} s", ""),
            ("whole process / bare read", f"**{whole['ratio']:.2f}x**", "<= 2.0x"),
            ("`dq.api.check` / floor", f"{xlsx['ratio_to_floor']:.2f}x", "<= 1.7x"),
            ("`dq check --fixlist x.xlsx`, whole", f"{entry['fixlist_cli']:.2f} s", "<= 5 s"),
            ("`dq check --json`, csv, whole process", f"{entry['csv_cli']:.2f} s", "<= 1.5 s"),
            ("peak memory of `dq.api.check`", f"{entry['peak_rss_mb']:.0f} MB", "< 1 GB"),
        ]
        for peer, label in (("ydata", "ydata-profiling, minimal"), ("pandera", "pandera + stdnum")):
            seconds = entry.get("peers", {}).get(peer)
            if seconds is not None:
                ratio = f"{seconds:.2f} s ({seconds / ours:.1f}x ours)"
                figures.append((f"{label}, Relaties only, whole process", ratio, ""))
        for name, value, target in figures:
            lines.append(f"| {rows} | {name} | {value} | {target if big else ''} |")
    for module, seconds in results["import"].items():
        target = "<= 0.3 s" if module == "dq.cli" else ""
        lines.append(f"| – | `import {module}`, fresh process | {seconds:.2f} s | {target} |")
    return "\n".join(lines)


def _cpu_name() -> str:
    """The processor's model name as Linux reports it (else the platform's word for it)."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.processor() or "unknown processor"
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return names[0] if names else platform.processor() or "unknown processor"


def main() -> None:
    """Run the benchmark and write bench/out/results.json.

    The package's bytecode is compiled first, as an install does: with
    PYTHONDONTWRITEBYTECODE set (this workplace sets it), every fresh process would compile
    the source again (0.07 s a run).
    """
    compileall.compile_dir(ROOT / "dq", quiet=1)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--process-runs",
        type=int,
        default=8,
        help="runs of each whole command (the pairs of the ratio to the bare read): its "
        "seconds swing more than a stage's on a shared machine",
    )
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-peers", action="store_true", help="skip ydata-profiling and pandera")
    parser.add_argument(
        "--peers-python",
        type=Path,
        default=OUT / "peers" / "bin" / "python",
        help="the Python of the peers' own environment (bench/peers-requirements.txt)",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "machine": f"{_cpu_name()}, {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}",
        "sizes": {},
        "import": {m: import_time(m, 5) for m in ("dq.cli", "dq.api")},
    }
    for size in args.sizes:
        paths = write_files(size)
        entry: dict = {"stages": {fmt: stages(paths[fmt], args.runs) for fmt in paths}}
        if not args.no_baseline:
            entry["baseline"] = {
                fmt: median_time(lambda p=paths[fmt]: baseline(p), args.runs)[0] for fmt in paths
            }
        entry["exports"] = exports(paths["xlsx"], args.runs)
        entry["edits"] = edit_timings(paths["xlsx"], args.runs)
        entry["whole"] = whole_process(paths["xlsx"], args.process_runs)
        entry["fixlist_cli"] = statistics.median(
            run_process(dq_check(paths["xlsx"], "--fixlist", str(OUT / "fixlijst.xlsx")))
            for _ in range(args.process_runs)
        )
        entry["csv_cli"] = statistics.median(
            run_process(dq_check(paths["csv"], "--json")) for _ in range(args.process_runs)
        )
        if not args.no_peers:
            entry["peers"] = peers(paths["xlsx"]["relaties"], args.runs, args.peers_python)
        entry["peak_rss_mb"] = peak_rss(paths["xlsx"])
        results["sizes"][str(size)] = entry
        print(f"{size:,} rows done", file=sys.stderr)
    (OUT / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"Machine: {results['machine']}\n")
    print(markdown(results))


if __name__ == "__main__":
    main()
