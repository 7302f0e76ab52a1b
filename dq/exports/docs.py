"""The issue-code catalogue as Markdown (`docs/checks.md` is generated from it and kept in sync)."""

from __future__ import annotations

from dq.checks.codes import all_codes
from dq.checks.report import SEVERITY_NL
from dq.spec.fields import FIELDS

_FILES = {"relaties": "Relaties", "contacten": "Contacten", "bestand": "Bestand"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def checks_text() -> str:
    """Every issue code with its severity and Dutch message, per file: what `dq codes` prints
    for the people who read a fix list (the Markdown page is for developers)."""
    codes = all_codes().values()
    lines = [
        "Alle controles en hun meldingen. Ernst: fout = houdt de import of een workflow tegen;",
        "waarschuwing = waarschijnlijk onjuist of onvolledig; info = automatisch hersteld.",
    ]
    for file, title in _FILES.items():
        lines += ["", f"{title}:"]
        for code in sorted((c for c in codes if c.file == file), key=lambda c: c.code):
            lines += [
                f"  {code.code:<40} {SEVERITY_NL[code.severity]}",
                f"      {code.message}",
            ]
    return "\n".join(lines) + "\n"


def checks_markdown() -> str:
    """Every field and every issue code, grouped by file."""
    lines = [
        "# Checks and issue codes",
        "",
        "Generated from the field declarations (`dq/spec/fields.py`), the rules",
        "(`dq/checks/rules.py`) and `dq/checks/codes.py` by",
        "`dq codes --markdown > docs/checks.md`; a test fails when this file is stale.",
        "Codes are stable: fix lists keep working across versions. *Where* names the file that",
        "decides: a rule's one `Rule` value, a validator module, or the field's declaration.",
        "",
        "Severity: **fout** (error) blocks a correct import or a workflow; **waarschuwing**",
        "(warning) is probably wrong or incomplete; **info** was repaired or normalised.",
        "",
        "## Fields",
        "",
        "| file | field | label (Dutch) | rule |",
        "|---|---|---|---|",
    ]
    lines += [f"| {f.file} | `{f.key}` | {f.label} | {_cell(f.rule)} |" for f in FIELDS]
    codes = all_codes().values()
    for file, title in _FILES.items():
        lines += [
            "",
            f"## {title}",
            "",
            "| code | severity | message and fix | example | where |",
            "|---|---|---|---|---|",
        ]
        for code in sorted((c for c in codes if c.file == file), key=lambda c: c.code):
            lines.append(
                f"| `{code.code}` | {SEVERITY_NL[code.severity]} | {_cell(code.message)} "
                f"| {_cell(code.example)} | `{code.source}` |"
            )
    return "\n".join(lines) + "\n"
