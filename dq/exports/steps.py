"""What the office does next after a check, with this check's numbers: one list that the
readiness report prints and the app's Overzicht shows (with a link to the page of each step)."""

from __future__ import annotations

from dataclasses import dataclass

from dq.checks.report import Report
from dq.exports.fixlist import WORK, WORK_KIND, fixlist_table

#: The kinds of step; the app links each to the page that does it.
FIX, REVIEW, MAPPING, CLEANED, REIMPORT, IMPORT, FOLLOW = (
    "fix",
    "review",
    "mapping",
    "cleaned",
    "reimport",
    "import",
    "follow",
)


@dataclass(frozen=True)
class Step:
    """One next step: its kind, a short Dutch title with the numbers, and what it means."""

    kind: str
    title: str
    detail: str


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def next_steps(report: Report) -> list[Step]:
    """The steps in the order the office takes them; the counts are the Report's own."""
    counts = report.counts
    steps = []
    unmapped = [
        f.label
        for r in report.files.values()
        for f in r.scores.itertuples()
        if f.column is None and f.required
    ]
    if unmapped:
        steps.append(
            Step(
                MAPPING,
                f"Koppel {_plural(len(unmapped), 'verplicht veld', 'verplichte velden')} "
                "aan een kolom",
                "Zonder kolom: " + ", ".join(unmapped) + ". Kies de kolom die het veld bevat.",
            )
        )
    if counts["error"]:
        todo = fixlist_table(report, masked=True, severities=("error",))
        per_kind = todo[WORK_KIND].value_counts()
        kinds = ", ".join(f"{k.lower()} ({per_kind[k]})" for k in WORK if k in per_kind)
        steps.append(
            Step(
                FIX,
                f"Herstel de {_plural(counts['error'], 'fout', 'fouten')}",
                f"Per soort werk: {kinds}. Herstel ze op het scherm of geef het kantoor de "
                "fixlijst en laat de juiste waarde invullen in de kolom Gecorrigeerde waarde.",
            )
        )
    if repaired := sum(report.repairs.values()):
        steps.append(
            Step(
                CLEANED,
                f"Gebruik het opgeschoonde bestand: {_plural(repaired, 'waarde', 'waarden')} "
                "al hersteld",
                "Spaties, schrijfwijzen en weggevallen voorloopnullen zijn daarin automatisch "
                "rechtgezet.",
            )
        )
    if counts["warning"]:
        steps.append(
            Step(
                REVIEW,
                f"Bekijk de {_plural(counts['warning'], 'waarschuwing', 'waarschuwingen')}",
                "Ze houden de import niet tegen, maar wijzen op gegevens die waarschijnlijk "
                "niet kloppen of ontbreken. Herstel ze of accepteer ze met een reden.",
            )
        )
    if counts["error"]:
        steps.append(
            Step(
                REIMPORT,
                "Lees de ingevulde fixlijst weer in en controleer opnieuw",
                "De correcties worden gecontroleerd en in nieuwe opgeschoonde bestanden gezet.",
            )
        )
    else:
        steps.append(
            Step(
                IMPORT,
                "Importeer het (opgeschoonde) bestand in Mijn Kantoor",
                "Er is geen enkele fout meer: de import kan door.",
            )
        )
    steps.append(
        Step(
            FOLLOW,
            "Bewaar deze controle om de voortgang te volgen",
            "Bij de volgende versie van de bestanden ziet u wat er is opgelost en wat nieuw is.",
        )
    )
    return steps
