"""The Kolommen page's building blocks: one select box per field, and the saved mapping file."""

from __future__ import annotations

import json

import streamlit as st

from dq.fields import Field, fields_of
from dq.mapping import mapping_document, parse_mapping
from dq.report import FileResult, Report
from ui import privacy, state
from ui.labels import escape_md, pct_nl

NO_COLUMN = ""  # the select-box option for "this field has no column"
MAPPING_FILE = "kolomkoppeling.json"


def option_label(header: str) -> str:
    """How a column choice reads in the select box."""
    return "— geen kolom —" if header == NO_COLUMN else header


def sample(result: FileResult, header: str | None, masked: bool) -> str:
    """The first filled value of a column, to help recognise it (masked like everything else)."""
    if not header:
        return ""
    values = result.table.frame[header].astype("str").str.strip()
    values = values[values.ne("")]
    if values.empty:
        return "(leeg)"
    field_of = {column: key for key, column in result.mapping.columns.items()}
    first = values.head(1)
    if masked:
        first = privacy.mask_series(first, field_of.get(header))
    return str(first.iloc[0])


def needs_column(result: FileResult) -> list[str]:
    """Labels of fields some rows require but that have no column."""
    scores = result.scores
    return scores.loc[scores["column"].isna() & (scores["required"] > 0), "label"].tolist()


def confidence_text(result: FileResult, key: str) -> str:
    """'handmatig', 'zeker' or a percentage: how the column was chosen."""
    if key in result.mapping.manual and result.mapping.column(key) is not None:
        return "handmatig gekozen"
    score = result.mapping.confidence.get(key)
    if score is None:
        return "—"
    return "zeker (bekende naam)" if score >= 1 else f"{pct_nl(100 * score)} zeker"


def field_rows(result: FileResult, masked: bool) -> dict[str, str]:
    """One row per field (label, select box, confidence, example); returns the choices made."""
    headers = [NO_COLUMN, *result.table.columns]
    scores = result.scores.set_index("field")
    chosen = {}
    head = st.columns([2.2, 3, 1.6, 2.2])
    for column, title in zip(
        head, ["Veld", "Kolom in het bestand", "Zekerheid", "Voorbeeld"], strict=True
    ):
        column.markdown(f"**{title}**")
    for f in fields_of(result.kind):
        current = result.mapping.column(f.key) or NO_COLUMN
        missing = current == NO_COLUMN and scores.at[f.key, "required"] > 0
        label_col, box_col, conf_col, sample_col = st.columns(
            [2.2, 3, 1.6, 2.2], vertical_alignment="center"
        )
        label_col.markdown(field_title(f, missing))
        chosen[f.key] = box_col.selectbox(
            f.label,
            headers,
            index=headers.index(current),
            format_func=option_label,
            key=state.versioned_key("map", result.kind, f.key),
            label_visibility="collapsed",
        )
        conf_col.caption(confidence_text(result, f.key))
        sample_col.caption(escape_md(sample(result, chosen[f.key], masked)))
    return chosen


def field_title(f: Field, missing: bool) -> str:
    """The field's label, marked when required, in red when required rows lack a column."""
    if missing:
        return f":red[**{f.label}** · verplicht, geen kolom]"
    if f.required is True:
        return f"{f.label} · *verplicht*"
    if callable(f.required):
        return f"{f.label} · *{f.required_when}*"
    return f.label


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
