"""The Kolommen page's building blocks: one select box per field, and the saved mapping file."""

from __future__ import annotations

import json

import streamlit as st

from dq.checks.mapping import PRESET, SIMILAR, WORDS, mapping_document, parse_mapping
from dq.checks.report import FileResult, Report
from dq.checks.sources import AUTO, NONE
from dq.spec.fields import field, fields_of
from dq.spec.presets import PRESETS
from ui import privacy, state
from ui.fields import requirement
from ui.labels import escape_md, pct_nl

NO_COLUMN = ""  # the select-box option for "this field has no column"
MAPPING_FILE = "kolomkoppeling.json"
#: Upload limit of a saved mapping: one with every field of both files is a few kilobytes.
MAX_MB = 1


def option_label(header: str) -> str:
    """How a column choice reads in the select box."""
    return "— geen kolom —" if header == NO_COLUMN else header


def samples(report: Report, kind: str, masked: bool) -> dict[str, str]:
    """The first filled value of every column, to help recognise it (masked like everything
    else); made once per check (`state.derived`), not per select box and page visit."""
    result = report.files[kind]
    field_of = {column: key for key, column in result.mapping.columns.items()}
    shown = {}
    for header in result.table.columns:
        values = result.table.frame[header].str.strip()
        first = values[values.ne("")].head(1)
        if masked and len(first):
            first = privacy.mask_series(first, field_of.get(header))
        shown[header] = str(first.iloc[0]) if len(first) else "(leeg)"
    return shown


def needs_column(result: FileResult) -> list[str]:
    """Labels of fields some rows require but that have no column."""
    scores = result.scores
    return scores.loc[scores["column"].isna() & (scores["required"] > 0), "label"].tolist()


def confidence_text(result: FileResult, key: str) -> str:
    """How the column was chosen and how sure that is ('' for no column)."""
    if key in result.mapping.manual and result.mapping.column(key) is not None:
        return "handmatig gekozen"
    score = result.mapping.confidence.get(key)
    if score is None:
        return ""
    how = result.mapping.method.get(key)
    if how == PRESET and result.mapping.source is not None:
        return f"zeker (kolom van {result.mapping.source.name})"
    if how == WORDS:
        return f"herkend aan de woorden, {pct_nl(100 * score)} zeker"
    if how == SIMILAR:
        return f"lijkt op een bekende naam, {pct_nl(100 * score)} zeker"
    return "zeker (bekende naam)"


SOURCE_OPTIONS = [AUTO, NONE, *(p.key for p in PRESETS)]


def source_choice(result: FileResult, chosen: str) -> str:
    """A select box for the package the file comes from; returns the choice."""
    names = {p.key: f"Export uit {p.name}" for p in PRESETS}
    found = result.mapping.source
    names[AUTO] = "Automatisch herkennen" + (
        f" (herkend: {found.name})" if found is not None and chosen == AUTO else ""
    )
    names[NONE] = "Geen pakket: eigen indeling of ons sjabloon"
    return st.selectbox(
        "Bron van het bestand",
        SOURCE_OPTIONS,
        index=SOURCE_OPTIONS.index(chosen),
        format_func=names.__getitem__,
        key=state.versioned_key("source", result.kind),
        help="Uit welk pakket komt dit bestand? Dan worden de kolommen van dat pakket gekoppeld "
        "en zijn eigenaardigheden hersteld (opgevulde nummers, meerdere e-mailadressen in één "
        "cel, rechtsvorm als code, BSN en RSIN in één kolom).",
    )


def show_notes(result: FileResult) -> None:
    """The package recognised, the ties decided by order and the quirks undone."""
    for note in result.mapping.notes:
        if note.startswith("Herkend:"):
            st.success(note, icon=":material/verified:")
        else:
            st.warning(note, icon=":material/call_split:")
    for note in result.table.notes:
        st.info(note, icon=":material/info:")


def suggestion_rows(result: FileResult) -> dict[str, str]:
    """Each unmapped column's likeliest field with a button to accept it; returns the
    override of the button clicked ({} when none was)."""
    suggestions = result.mapping.suggestions
    if not suggestions:
        return {}
    st.markdown("**Suggesties voor niet-gekoppelde kolommen**")
    accepted: dict[str, str] = {}
    for header, (key, score) in suggestions.items():
        label = field(result.kind, key).label
        text, button = st.columns([4, 1], vertical_alignment="center")
        text.markdown(
            f"Kolom **{escape_md(header)}** is waarschijnlijk **{escape_md(label)}** "
            f"({pct_nl(100 * score)} zeker)"
        )
        if button.button(
            "Koppelen",
            key=state.versioned_key("suggest", result.kind, header),
            help=f"Koppel de kolom '{header}' aan {label} en controleer opnieuw.",
            icon=":material/link:",
        ):
            accepted = {key: header}
    return accepted


def field_rows(result: FileResult, examples: dict[str, str]) -> dict[str, str]:
    """A select box per field, in two columns, each with a line on whether the field is
    required, how sure the choice is and an example value; returns the choices made.

    Two plain columns instead of a grid row per field: the page has fewer parts to draw and
    appears at once after a page switch.
    """
    headers = [NO_COLUMN, *result.table.columns]
    scores = result.scores.set_index("field")
    fields = fields_of(result.kind)
    half = (len(fields) + 1) // 2
    sides = st.columns(2, gap="large")
    chosen = {}
    for number, f in enumerate(fields):
        current = result.mapping.column(f.key) or NO_COLUMN
        missing = current == NO_COLUMN and scores.at[f.key, "required"] > 0
        with sides[number >= half]:
            chosen[f.key] = st.selectbox(
                f.label,
                headers,
                index=headers.index(current),
                format_func=option_label,
                key=state.versioned_key("map", result.kind, f.key),
            )
            example = examples.get(chosen[f.key], "")
            parts = [requirement_note(result.kind, f.key, missing), confidence_text(result, f.key)]
            parts += [f"voorbeeld: {escape_md(example)}"] if example else []
            st.caption(" · ".join(part for part in parts if part))
    return chosen


def requirement_note(kind: str, key: str, missing: bool) -> str:
    """When the field must be filled (as the Velden page says it); in red when required rows
    lack a column."""
    if missing:
        return f":red[**{field(kind, key).need}, geen kolom**]"
    return f"*{requirement(kind, key)}*"


def changes(result: FileResult, chosen: dict[str, str]) -> dict[str, str | None]:
    """The select boxes that differ from the current mapping, as overrides."""
    return {
        key: header or None
        for key, header in chosen.items()
        if (result.mapping.column(key) or NO_COLUMN) != header
    }


def download_document(report: Report) -> str:
    """The current mapping as JSON text, to upload again for the next file of this office."""
    document = mapping_document({kind: r.mapping for kind, r in report.files.items()})
    return json.dumps(document, ensure_ascii=False, indent=2)


def read_document(data: bytes) -> dict[str, dict[str, str | None]]:
    """An uploaded mapping file; ValueError (Dutch) when it is not one."""
    try:
        return parse_mapping(json.loads(data.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("Dit is geen kolomkoppeling: het bestand is geen geldige JSON.") from None


def unmapped_note(result: FileResult) -> str | None:
    """A sentence naming the columns that will not be imported."""
    if not result.mapping.unmapped:
        return None
    names = ", ".join(escape_md(h) for h in result.mapping.unmapped)
    return f"Niet gekoppeld (wordt niet geïmporteerd): {names}"
