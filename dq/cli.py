"""The `dq` command: check, export, apply a fix list, templates, demo data and the history.

Exit codes: 0 = no errors (ready to import), 1 = errors found, 2 = a file could not be
read or the command was wrong (one Dutch line on stderr).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from dq.io.errors import LoadError
from dq.spec.kinds import CONTACTEN, RELATIES
from dq.spec.presets import PRESETS

if TYPE_CHECKING:
    import pandas as pd

    from dq.checks.report import Report
    from dq.exports.importfile import Layout
    from dq.progress.history import History

EXIT_READY, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
_BLOCKS = "▁▂▃▄▅▆▇█"

#: argparse's own words (its gettext message ids) in Dutch: the help, usage and error lines.
ARGPARSE_NL = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "verplichte optie ontbreekt: %s",
    "unrecognized arguments: %s": "onbekende optie: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "onbekende opdracht: %(value)r (kies uit %(choices)s)"
    ),
    "expected one argument": "deze optie heeft een waarde nodig",
    "expected at most one argument": "deze optie heeft hooguit één waarde",
    "expected at least one argument": "deze optie heeft minstens één waarde nodig",
    # int is the only type of this command line that can refuse a value (a Path never does)
    "invalid %(type)s value: %(value)r": "%(value)r is geen geheel getal",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "de optie %(option)s is niet eenduidig: %(matches)s"
    ),
    "not allowed with argument %s": "niet samen met %s",
    "one of the arguments %s is required": "een van deze opties is verplicht: %s",
    "ignored explicit argument %r": "deze optie neemt geen waarde: %r",
    "unexpected option string: %s": "onverwachte optie: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
}


class UsageError(Exception):
    """A wrong command line; the message is Dutch."""


@contextmanager
def _dutch_argparse() -> Iterator[None]:
    """argparse's gettext hook (its module-level `_`) answering in Dutch, for one call."""
    english = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: ARGPARSE_NL.get(text, english(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse in Dutch: its help, usage and error words, and mistakes as one Dutch line and
    exit code 2. Every (sub)command is one of these, so this is the one place for it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _dutch_argparse():  # the section titles are made here
            super().__init__(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with _dutch_argparse():  # errors and --help are made while parsing
            return super().parse_args(*args, **kwargs)

    def format_help(self) -> str:
        with _dutch_argparse():
            return super().format_help()

    def format_usage(self) -> str:
        with _dutch_argparse():
            return super().format_usage()

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"Ongeldige opdracht: {message}. Zie 'dq --help'.")


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface, in Dutch."""
    parser = _Parser(prog="dq", description="Controleer de CRM-importbestanden voor Mijn Kantoor.")
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, metavar="OPDRACHT", title="opdrachten"
    )

    run = sub.add_parser("check", help="controleer een relatie- en/of contactenbestand")
    _input_options(run)
    run.add_argument("--json", action="store_true", help="resultaat als JSON op stdout")
    run.add_argument("--toon-bsn", action="store_true", help="toon BSN en RSIN voluit")
    run.add_argument(
        "--top", type=int, default=10, metavar="N", help="aantal problemen in de samenvatting"
    )
    _path(run, "--fixlist", "schrijf de fixlijst naar BESTAND.xlsx of BESTAND.csv")
    run.add_argument(
        "--volledig",
        action="store_true",
        help="zet BSN en RSIN voluit in de fixlijst (standaard gemaskeerd)",
    )
    _path(run, "--cleaned", "map voor de opgeschoonde bestanden", "MAP")
    _path(run, "--report", "schrijf het gereedheidsrapport naar BESTAND.html")
    run.add_argument(
        "--namen", action="store_true", help="zet de namen van rijen met fouten in het rapport"
    )
    _import_options(run)
    run.add_argument(
        "--save", metavar="KANTOOR", help="bewaar deze controle in de geschiedenis van KANTOOR"
    )
    run.add_argument(
        "--label",
        metavar="LABEL",
        help="naam van deze controle in de geschiedenis, bijv. 'week 12'",
    )
    run.add_argument(
        "--vergelijk-met",
        metavar="KANTOOR",
        help="vergelijk met de laatst opgeslagen controle van KANTOOR",
    )
    _database_option(run)

    apply = sub.add_parser("apply", help="verwerk een ingevulde fixlijst in de originele bestanden")
    _input_options(apply)
    _path(apply, "--fixlist", "de ingevulde fixlijst (.xlsx of .csv)", required=True)
    _path(apply, "--cleaned", "map voor de nieuwe opgeschoonde bestanden", "MAP")
    _import_options(apply)

    template = sub.add_parser("template", help="schrijf lege importbestanden met uitleg")
    _path(template, "--out", "map voor de lege bestanden", "MAP", required=True)
    _path(template, "--catalogus", "TOML-bestand met extra producten en aliassen")

    demo = sub.add_parser("demo", help="schrijf een realistisch voorbeeldpaar met fouten")
    _path(demo, "--out", "map voor de voorbeeldbestanden", "MAP", required=True)
    demo.add_argument(
        "--relaties", type=int, default=300, metavar="N", help="aantal relaties (standaard 300)"
    )
    demo.add_argument(
        "--seed", type=int, default=2026, metavar="GETAL", help="startgetal van de generator"
    )

    codes = sub.add_parser("codes", help="alle controles en foutcodes met hun melding")
    codes.add_argument(
        "--markdown",
        action="store_true",
        help="de Engelstalige ontwikkelaarspagina (docs/checks.md) als Markdown",
    )

    history = sub.add_parser("history", help="opgeslagen controles per kantoor")
    actions = history.add_subparsers(
        dest="action", required=True, parser_class=_Parser, metavar="ACTIE", title="acties"
    )
    _database_option(actions.add_parser("list", help="alle kantoren met hun laatste gereedheid"))
    show = actions.add_parser("show", help="alle opgeslagen controles van één kantoor")
    show.add_argument("kantoor", metavar="KANTOOR", help="naam van het kantoor")
    _database_option(show)
    delete = actions.add_parser("delete", help="verwijder de geschiedenis van één kantoor")
    delete.add_argument("kantoor", metavar="KANTOOR", help="naam van het kantoor")
    delete.add_argument("--ja", action="store_true", help="verwijder zonder te vragen")
    _database_option(delete)
    return parser


def _path(
    command: argparse.ArgumentParser,
    option: str,
    help: str,
    metavar: str = "BESTAND",
    required: bool = False,
) -> None:
    """An option naming a file (BESTAND) or a folder (MAP)."""
    command.add_argument(option, type=Path, metavar=metavar, help=help, required=required)


def _database_option(command: argparse.ArgumentParser) -> None:
    """Where the history is kept (the default: DATABASE_URL, else the user's data folder)."""
    command.add_argument(
        "--database",
        metavar="URL",
        help="database van de geschiedenis: een postgresql://-URL of een SQLite-bestand "
        "(standaard DATABASE_URL of ~/.local/share/crm-importcheck/history.sqlite)",
    )


def _import_options(command: argparse.ArgumentParser) -> None:
    """The import files in Mijn Kantoor's layout, optionally after the office's own example."""
    command.add_argument(
        "--importbestand",
        type=Path,
        metavar="MAP",
        help="map voor de importbestanden in de indeling van Mijn Kantoor",
    )
    for kind in (RELATIES, CONTACTEN):
        command.add_argument(
            f"--importvoorbeeld-{kind}",
            type=Path,
            metavar="BESTAND",
            help=f"leeg importvoorbeeldbestand ({kind}) uit Mijn Kantoor: de importbestanden "
            "volgen dan de kolommen daarvan (standaard: die van 'dq template')",
        )


def _layouts(args: argparse.Namespace) -> dict[str, Layout]:
    """The import layouts given with --importvoorbeeld-...; refused without --importbestand."""
    given = {
        kind: path
        for kind, path in (
            (RELATIES, args.importvoorbeeld_relaties),
            (CONTACTEN, args.importvoorbeeld_contacten),
        )
        if path is not None
    }
    if given and args.importbestand is None:
        raise UsageError("--importvoorbeeld-relaties en -contacten horen bij --importbestand MAP.")
    if not given:
        return {}
    from dq.exports.importfile import sample_layout

    return {kind: sample_layout(kind, path) for kind, path in given.items()}


def _import_files(
    args: argparse.Namespace,
    report: Report,
    layouts: dict[str, Layout],
    prior: pd.DataFrame | None = None,
) -> list[Path]:
    """Write the import files in Mijn Kantoor's layout when --importbestand asks for them."""
    if args.importbestand is None:
        return []
    from dq.exports.importfile import import_files

    return _write_all(args.importbestand, import_files(report, prior, layouts))


def _input_options(command: argparse.ArgumentParser) -> None:
    """The files to read and how to read them (check and apply take the same)."""
    _path(command, "--relaties", "relatiebestand (.xlsx, .xlsm, .ods, .csv)")
    _path(command, "--contacten", "contactenbestand (.xlsx, .xlsm, .ods, .csv)")
    command.add_argument(
        "--sheet-relaties",
        metavar="BLAD",
        help="werkblad in het relatiebestand (standaard het eerste)",
    )
    command.add_argument(
        "--sheet-contacten", metavar="BLAD", help="werkblad in het contactenbestand"
    )
    command.add_argument(
        "--header-relaties",
        type=int,
        metavar="REGEL",
        help="regelnummer van de kopregel (relaties)",
    )
    command.add_argument(
        "--header-contacten",
        type=int,
        metavar="REGEL",
        help="regelnummer van de kopregel (contacten)",
    )
    _path(command, "--mapping", "JSON-bestand met de kolomkoppeling")
    command.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="BESTAND.VELD=KOLOM",
        help="koppel één veld, bijv. relaties.bsn='Sofi-nr' (mag vaker; leeg = ontkoppelen)",
    )
    _path(command, "--catalogus", "TOML-bestand met extra producten en aliassen")
    command.add_argument(
        "--bron",
        default="auto",
        metavar="BRON",
        help="het pakket waaruit de bestanden komen: "
        + ", ".join(f"{p.key} ({p.name})" for p in PRESETS)
        + "; 'auto' herkent het aan de kolomnamen (standaard), 'geen' zet dit uit",
    )
    command.add_argument(
        "--contacten-uit-relaties",
        action="store_true",
        help="maak het contactenbestand uit de contactkolommen van het relatiebestand "
        "(één contact per e-mailadres), als er maar één export is",
    )


def _overrides(args: argparse.Namespace) -> dict[str, dict[str, str | None]]:
    """The JSON mapping file with the --map options on top."""
    from dq.checks.mapping import read_mapping_file

    overrides = read_mapping_file(args.mapping) if args.mapping else {}
    for item in args.map:
        target, sep, column = item.partition("=")
        file, dot, field = target.partition(".")
        if not sep or not dot or file not in (RELATIES, CONTACTEN):
            raise UsageError(
                f"--map verwacht relaties.veld=Kolom of contacten.veld=Kolom, niet '{item}'."
            )
        overrides.setdefault(file, {})[field] = column or None
    return overrides


def _report(args: argparse.Namespace) -> Report:
    """Check the files named on the command line (pandas and the checks load here)."""
    from dq.api import check
    from dq.spec.catalog import load_catalog

    if args.relaties is None and args.contacten is None:
        raise UsageError("Geef --relaties en/of --contacten op.")
    if args.bron not in ("auto", "geen", *(p.key for p in PRESETS)):
        known = ", ".join(["auto", "geen", *(p.key for p in PRESETS)])
        raise UsageError(f"Onbekende --bron '{args.bron}'. Kies uit: {known}.")
    return check(
        args.relaties,
        args.contacten,
        mapping=_overrides(args),
        sheets={
            k: v
            for k, v in ((RELATIES, args.sheet_relaties), (CONTACTEN, args.sheet_contacten))
            if v
        },
        header_rows={
            k: v
            for k, v in ((RELATIES, args.header_relaties), (CONTACTEN, args.header_contacten))
            if v is not None  # 0: the file has no header row
        },
        catalog=load_catalog(args.catalogus),
        packages={RELATIES: args.bron, CONTACTEN: args.bron},
        contacten_from_relaties=args.contacten_uit_relaties,
    )


def _require_suffix(path: Path | None, option: str, suffixes: tuple[str, ...]) -> None:
    """Refuse an output name whose extension picks no format, before any work is done."""
    if path is not None and path.suffix.lower() not in suffixes:
        raise UsageError(f"{option} moet eindigen op {' of '.join(suffixes)}, niet '{path.name}'.")


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _write_all(folder: Path, files: dict[str, bytes]) -> list[Path]:
    return [_write(folder / name, data) for name, data in files.items()]


def _check(args: argparse.Namespace) -> int:
    _require_suffix(args.fixlist, "--fixlist", (".xlsx", ".csv"))
    _require_suffix(args.report, "--report", (".html", ".htm"))
    if args.label is not None and args.save is None:
        raise UsageError("--label hoort bij --save KANTOOR.")
    layouts = _layouts(args)
    try:
        report = _report(args)
    except LoadError as err:
        if args.json:  # a script reading stdout still gets one object: no score, no verdict
            _json({"readiness": None, "ready": False, "error": str(err)})
        raise
    if args.json:
        report.write_json(sys.stdout, masked=not args.toon_bsn)
        sys.stdout.write("\n")
    else:
        print(report.summary(top=args.top, masked=not args.toon_bsn))
    written = _exports(args, report) + _import_files(args, report, layouts)
    if written and not args.json:
        print()
    for path in written:
        print(f"Geschreven: {path}", file=sys.stderr if args.json else sys.stdout)
    _compare_and_save(args, report)
    return EXIT_READY if report.ready else EXIT_ERRORS


def _json(document: dict) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _compare_and_save(args: argparse.Namespace, report: Report) -> None:
    """--vergelijk-met against the latest saved check, then --save (in that order)."""
    if args.save is None and args.vergelijk_met is None:
        return
    from dq.progress.compare import compare
    from dq.progress.history import History

    out = sys.stderr if args.json else sys.stdout
    history = History(args.database)
    try:
        if args.vergelijk_met is not None:
            previous = history.latest(args.vergelijk_met)
            if previous is None:
                print(f"\nNog geen opgeslagen controle van {args.vergelijk_met}.", file=out)
            else:
                print(f"\n{compare(previous, report).summary()}", file=out)
        if args.save is not None:
            history.save(report, args.save, args.label or "")
            count = len(history.checks(args.save))
            print(
                f"\nOpgeslagen in de geschiedenis van {args.save} (controle {count}): "
                f"{history.location}",
                file=out,
            )
    finally:
        history.close()


def _exports(args: argparse.Namespace, report: Report) -> list[Path]:
    """Build and write only the exports that were asked for."""
    written = []
    if args.fixlist:
        from dq.exports.fixlist import fixlist_csv, fixlist_xlsx

        build = fixlist_xlsx if args.fixlist.suffix.lower() == ".xlsx" else fixlist_csv
        written.append(_write(args.fixlist, build(report, masked=not args.volledig)))
    if args.cleaned:
        from dq.exports.cleaned import cleaned_files

        written += _write_all(args.cleaned, cleaned_files(report))
    if args.report:
        from dq.exports.htmlreport import report_html

        written.append(_write(args.report, report_html(report, names=args.namen)))
    return written


def _apply(args: argparse.Namespace) -> int:
    from dq.checks.report import pct_nl
    from dq.exports.reimport import APPLIED, REJECTED, WARNED, apply_fixlist
    from dq.spec.fields import field

    if args.cleaned is None and args.importbestand is None:
        raise UsageError("Geef --cleaned MAP en/of --importbestand MAP voor de nieuwe bestanden.")
    layouts = _layouts(args)
    applied = apply_fixlist(_report(args), args.fixlist)
    corrections = applied.corrections
    status = corrections["status"].value_counts()
    print(f"Fixlijst {args.fixlist.name}: {len(corrections)} ingevulde correcties")
    print(
        f"Toegepast: {status.get(APPLIED, 0)}   Met waarschuwing: {status.get(WARNED, 0)}   "
        f"Niet toegepast: {status.get(REJECTED, 0)}"
    )
    for c in corrections[corrections["status"] != APPLIED].itertuples():
        label = field(c.file, c.field).label if c.field else "?"
        print(f"  {c.file.capitalize()} rij {c.row} ({c.key}), {label}: {c.status}. {c.remark}")
    report = applied.report
    verdict = "KLAAR voor import" if report.ready else "NIET KLAAR voor import"
    score = pct_nl(report.readiness)
    print(f"\nNa de correcties: {score} gereed — {verdict} ({report.counts['error']} fouten)\n")
    written = _write_all(args.cleaned, applied.cleaned_files()) if args.cleaned else []
    for path in written + _import_files(args, report, layouts, applied.changes):
        print(f"Geschreven: {path}")
    return EXIT_READY if report.ready else EXIT_ERRORS


def _template(args: argparse.Namespace) -> int:
    from dq.exports.template import template_files
    from dq.spec.catalog import load_catalog

    for path in _write_all(args.out, template_files(load_catalog(args.catalogus))):
        print(f"Geschreven: {path}")
    return EXIT_READY


def _demo(args: argparse.Namespace) -> int:
    from dq.demo.office import write_demo

    paths = write_demo(args.out, n_relaties=args.relaties, seed=args.seed)
    for path in paths:
        print(f"Geschreven: {path}")
    return EXIT_READY


def _codes(args: argparse.Namespace) -> int:
    from dq.exports.docs import checks_markdown, checks_text

    sys.stdout.write(checks_markdown() if args.markdown else checks_text())
    return EXIT_READY


def _history(args: argparse.Namespace) -> int:
    from dq.progress.history import History

    history = History(args.database)
    try:
        return {"list": _history_list, "show": _history_show, "delete": _history_delete}[
            args.action
        ](history, args)
    finally:
        history.close()


def _history_list(history: History, _args: argparse.Namespace) -> int:
    from dq.checks.report import pct_nl
    from dq.progress.compare import local_time

    offices = history.offices()
    if offices.empty:
        print(f"Nog geen controles opgeslagen in {history.location}.")
        return EXIT_READY
    width = max(7, *offices["kantoor"].str.len())
    print(
        f"{'Kantoor':<{width}}  Controles  Laatste controle  Dagen geleden  Gereedheid  "
        "Oordeel     Trend"
    )
    for row in offices.itertuples():
        print(
            f"{row.kantoor:<{width}}  {row.checks:>9}  {local_time(row.last_check):<16}  "
            f"{row.days_since:>13}  {pct_nl(row.readiness):>10}  {_verdict(row.ready):<10}  "
            f"{_spark(row.trend)}"
        )
    return EXIT_READY


def _history_show(history: History, args: argparse.Namespace) -> int:
    from dq.checks.report import pct_nl
    from dq.progress.compare import compare, local_time

    checks = _known(history, args.kantoor)
    print(f"{args.kantoor}: {_checks(len(checks))} opgeslagen\n")
    print(
        "Datum             Label                 Gereedheid  Oordeel     Fouten  "
        "Waarschuwingen  Bestanden"
    )
    for row in checks.itertuples():
        files = ", ".join(
            f"{name} ({rows})"
            for name, rows in (
                (row.relaties_file, row.relaties_rows),
                (row.contacten_file, row.contacten_rows),
            )
            if name is not None
        )
        print(
            f"{local_time(row.checked_at):<16}  {row.label[:20]:<20}  {pct_nl(row.readiness):>10}  "
            f"{_verdict(row.ready):<10}  {row.errors:>6}  {row.warnings:>14}  {files}"
        )
    products = history.product_history(args.kantoor)
    products = products[products["relaties"] > 0]
    if len(products):
        recent = checks["id"].tail(5).tolist()
        table = products.pivot(index="product", columns="check_id", values="ready_pct")
        table = table.reindex(columns=[c for c in recent if c in table.columns])
        print(f"\nGereedheid per product (laatste {len(table.columns)} controles):")
        for product, values in table.iterrows():
            print(f"  {product:<20} " + "  ".join(f"{pct_nl(v):>7}" for v in values))
    if len(checks) > 1:
        before, after = (history.snapshot(int(i)) for i in checks["id"].iloc[-2:])
        print(f"\n{compare(before, after).summary()}")
    return EXIT_READY


def _history_delete(history: History, args: argparse.Namespace) -> int:
    checks = _known(history, args.kantoor)
    if not args.ja and sys.stdin.isatty():
        answer = input(f"{_checks(len(checks))} van {args.kantoor} verwijderen? [j/N] ")
        if answer.strip().lower() not in ("j", "ja"):
            print("Niets verwijderd.")
            return EXIT_READY
    removed = history.delete(args.kantoor)
    print(f"Verwijderd: {_checks(removed)} van {args.kantoor}.")
    return EXIT_READY


def _known(history: History, kantoor: str) -> pd.DataFrame:
    """The office's checks; an unknown office is a usage error."""
    checks = history.checks(kantoor)
    if checks.empty:
        raise UsageError(f"Er is geen geschiedenis van kantoor '{kantoor}'. Zie 'dq history list'.")
    return checks


def _checks(count: int) -> str:
    return f"{count} controle" if count == 1 else f"{count} controles"


def _verdict(ready: bool) -> str:
    return "klaar" if ready else "niet klaar"


def _spark(values: Sequence[float]) -> str:
    """A readiness trend in block characters, scaled between its own lowest and highest value.

    >>> _spark([90.0, 95.0, 100.0]), _spark([80.0, 80.0])
    ('▁▅█', '▄▄')
    """
    low, high = min(values), max(values)
    if high == low:
        return "▄" * len(values)
    return "".join(_BLOCKS[round((v - low) / (high - low) * (len(_BLOCKS) - 1))] for v in values)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; never lets a traceback reach the user for bad input."""
    try:
        args = build_parser().parse_args(argv)
        commands = {
            "check": _check,
            "apply": _apply,
            "template": _template,
            "demo": _demo,
            "codes": _codes,
            "history": _history,
        }
        return commands[args.command](args)
    except Exception as exc:
        return _failed(exc)


#: Python's cycle collector runs after this many new container objects instead of 700: the
#: imports and a check make a few million, and each older-generation pass walked them all
#: again. At this count a check of a 100k pair, fix list included, runs none; a longer
#: command still collects (`run` also lets the older generations wait for 50 and 100
#: passes of the younger one, instead of 10 and 10).
GC_EVERY = 1_000_000


def run() -> NoReturn:
    """The `dq` command: `main`, then out of the process without tearing its memory down.

    A check leaves half a gigabyte of tables behind; freeing them object by object took
    0.2-0.3 s of a 4 s `dq check --json` on the 100k pair (6% in paired runs). Everything
    the command writes is written and closed by then, so only the output streams are
    flushed; the operating system takes the memory back at once. The process is the
    command's alone, so it also collects cycles far less often (`GC_EVERY`): 0.06 s of
    collections in `dq check --json` of the 100k pair, most of them during the imports
    (reading a workbook holds the collector off anyway, `dq.io.readers`).
    """
    gc.set_threshold(GC_EVERY, 50, 100)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError):  # a reader that went away (`dq check | head`)
            stream.flush()
    os._exit(code)


def _failed(exc: Exception) -> int:
    """One Dutch line and exit code 2 for what a user's input can cause; anything else is a
    bug and goes on up."""
    if isinstance(exc, OSError):
        print(f"Fout: kon niet schrijven of lezen ({exc.strerror}).", file=sys.stderr)
    elif isinstance(exc, UsageError | LoadError | ValueError) or _history_error(exc):
        print(f"Fout: {exc}", file=sys.stderr)
    else:
        raise exc
    return EXIT_USAGE


def _history_error(exc: Exception) -> bool:
    """Whether the history refused (its error type is imported only then, so the commands that
    keep no history never load its database layer)."""
    from dq.progress.history import HistoryError

    return isinstance(exc, HistoryError)


if __name__ == "__main__":
    sys.exit(main())
