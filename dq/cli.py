"""The `dq` command: check files, write demo data, print the code catalogue.

Exit codes: 0 = no errors (ready to import), 1 = errors found, 2 = a file could not be
read or the command was wrong (one Dutch line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from dq.api import check
from dq.catalog import load_catalog
from dq.fields import CONTACTEN, RELATIES
from dq.load import LoadError
from dq.mapping import read_mapping_file

EXIT_READY, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

_ARGPARSE_NL = (
    ("the following arguments are required", "verplichte optie ontbreekt"),
    ("unrecognized arguments", "onbekende optie"),
    ("invalid choice", "onbekende opdracht"),
    ("expected one argument", "deze optie heeft een waarde nodig"),
    ("invalid int value", "geen geheel getal"),
)


class UsageError(Exception):
    """A wrong command line; the message is Dutch."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports mistakes as one Dutch line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, dutch in _ARGPARSE_NL:
            message = message.replace(english, dutch)
        raise UsageError(f"Ongeldige opdracht: {message}. Zie 'dq --help'.")


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface, in Dutch."""
    parser = _Parser(prog="dq", description="Controleer de CRM-importbestanden voor Mijn Kantoor.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("check", help="controleer een relatie- en/of contactenbestand")
    run.add_argument("--relaties", type=Path, help="relatiebestand (.xlsx, .xlsm, .ods, .csv)")
    run.add_argument("--contacten", type=Path, help="contactenbestand (.xlsx, .xlsm, .ods, .csv)")
    run.add_argument(
        "--sheet-relaties", help="werkblad in het relatiebestand (standaard het eerste)"
    )
    run.add_argument("--sheet-contacten", help="werkblad in het contactenbestand")
    run.add_argument("--header-relaties", type=int, help="regelnummer van de kopregel (relaties)")
    run.add_argument("--header-contacten", type=int, help="regelnummer van de kopregel (contacten)")
    run.add_argument("--mapping", type=Path, help="JSON-bestand met de kolomkoppeling")
    run.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="BESTAND.VELD=KOLOM",
        help="koppel één veld, bijv. relaties.bsn='Sofi-nr' (mag vaker; leeg = ontkoppelen)",
    )
    run.add_argument("--catalogus", type=Path, help="TOML-bestand met extra producten en aliassen")
    run.add_argument("--json", action="store_true", help="resultaat als JSON op stdout")
    run.add_argument("--toon-bsn", action="store_true", help="toon BSN en RSIN voluit")
    run.add_argument("--top", type=int, default=10, help="aantal problemen in de samenvatting")

    demo = sub.add_parser("demo", help="schrijf een realistisch voorbeeldpaar met fouten")
    demo.add_argument("--out", type=Path, required=True, help="map voor de voorbeeldbestanden")
    demo.add_argument("--relaties", type=int, default=300, help="aantal relaties (standaard 300)")
    demo.add_argument("--seed", type=int, default=2026, help="startgetal van de generator")

    sub.add_parser("codes", help="alle controles en foutcodes als Markdown")
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, dict[str, str | None]]:
    """The JSON mapping file with the --map options on top."""
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


def _check(args: argparse.Namespace) -> int:
    if args.relaties is None and args.contacten is None:
        raise UsageError("Geef --relaties en/of --contacten op.")
    report = check(
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
            if v
        },
        catalog=load_catalog(args.catalogus),
    )
    if args.json:
        json.dump(
            report.to_dict(masked=not args.toon_bsn), sys.stdout, ensure_ascii=False, indent=1
        )
        sys.stdout.write("\n")
    else:
        print(report.summary(top=args.top))
    return EXIT_READY if report.ready else EXIT_ERRORS


def _demo(args: argparse.Namespace) -> int:
    from dq.demo import write_demo

    paths = write_demo(args.out, n_relaties=args.relaties, seed=args.seed)
    for path in paths:
        print(f"Geschreven: {path}")
    return EXIT_READY


def _codes(_args: argparse.Namespace) -> int:
    from dq.docs import checks_markdown

    sys.stdout.write(checks_markdown())
    return EXIT_READY


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; never lets a traceback reach the user for bad input."""
    try:
        args = build_parser().parse_args(argv)
        return {"check": _check, "demo": _demo, "codes": _codes}[args.command](args)
    except (UsageError, LoadError, ValueError) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"Fout: kon niet schrijven of lezen ({exc.strerror}).", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
