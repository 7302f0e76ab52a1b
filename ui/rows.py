"""The Relaties and Contacten pages: every row with its issues, filters, search and highlights.

Both pages call `page(kind)`; the filters rerun only the `render` fragment, never the checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from dq.charts.figures import short_message
from dq.checks.codes import all_codes
from dq.checks.report import Report
from dq.checks.rules import parent_numbers
from dq.spec.catalog import split_list
from dq.spec.fields import CONTACTEN, KEY_FIELD, RELATIES, fields_of
from ui import frame, state
from ui.labels import FILE_LABEL, FILE_NOUN, SEVERITIES, SEVERITY_LABEL, escape_md, number
from ui.style import LEGEND, SEVERITY_CSS, severity_colours
from ui.tables import (
    column_widths,
    display_names,
    issue_view,
    key_column,
    key_numbers,
    page_number,
    page_rows,
    pager,
    window_height,
)

#: Columns always shown, also when only problem columns are: the row's identity.
IDENTITY = {
    RELATIES: ("relatienummer", "naam", "type"),
    CONTACTEN: ("contactnummer", "voornaam", "tussenvoegsel", "achternaam"),
}
INTRO = {
    RELATIES: "Alle relaties met hun meldingen. Subrelaties (100.1) staan onder hun hoofdrelatie "
    "(100).",
    CONTACTEN: "Alle contacten met hun meldingen. Filteren op soort relatie of product gaat via "
    "de relaties waaraan het contact gekoppeld is.",
}


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the table down to; empty tuples mean 'all'."""

    severities: tuple[str, ...]
    fields: tuple[str, ...]
    codes: tuple[str, ...]
    types: tuple[str, ...]
    products: tuple[str, ...]
    search: str
    only_problems: bool
    problem_columns: bool


def linked_relaties(report: Report) -> pd.Series:
    """Relatie row position of every link of a contact (index = contact row position)."""
    numbers = key_numbers(report, RELATIES)
    first = pd.Series(numbers.index, index=numbers.to_numpy())
    first = first[~first.index.duplicated()]
    links = report.files[CONTACTEN].outcomes["relatienummers"]
    items = split_list(links.raw.str.strip()[links.filled])
    return items.map(first).dropna().astype("int64")


def group_filter(
    report: Report, kind: str, types: Sequence[str], products: Sequence[str]
) -> np.ndarray:
    """Rows of a relatie type or product; a contact counts through the relaties it links to."""
    ctx = report.context
    assert ctx is not None
    relaties = pd.Series(True, index=ctx.index)
    if types:
        relaties &= ctx.type.isin(list(types)).fillna(False).astype(bool)
    if products:
        relaties &= ctx.products[list(products)].any(axis=1)
    if kind == RELATIES:
        return relaties.to_numpy()
    links = linked_relaties(report)
    hits = links[relaties.to_numpy()[links.to_numpy()]]
    return report.files[CONTACTEN].table.frame.index.isin(hits.index.unique())


def row_messages(report: Report, kind: str) -> dict[str, str]:
    """The message of every issue code found on a row of this file (for the filter)."""
    declared = all_codes()
    return {code: declared[code].message for code in report.on_rows(kind)["code"].unique()}


def filters(report: Report, kind: str, folded: bool = False) -> Filters:
    """The filter widgets above the table; `folded` puts field, code and group filters in an
    expander, so a page with more above its table keeps the table in view."""
    key = state.widget_key
    search_col, level_col, toggle_col = st.columns([5, 4, 4], vertical_alignment="bottom")
    search = search_col.text_input(
        "Zoek op nummer of naam", key=key("search", kind), placeholder="bijv. 100.1 of Jansen"
    )
    levels = level_col.pills(
        "Ernst",
        SEVERITIES,
        selection_mode="multi",
        default=["error", "warning"],
        format_func=SEVERITY_LABEL.get,
        key=key("severity", kind),
    )
    only = toggle_col.toggle("Alleen rijen met meldingen", value=True, key=key("only", kind))
    narrow = toggle_col.toggle("Alleen kolommen met meldingen", value=True, key=key("narrow", kind))
    with_groups = report.context is not None
    place = (
        st.expander("Meer filters: veld, soort melding, soort relatie, product")
        if folded
        else st.container()
    )
    columns = place.columns(4 if with_groups else 2)
    labels = {f.key: f.label for f in fields_of(kind)}
    chosen_fields = columns[0].multiselect(
        "Veld",
        list(labels),
        format_func=labels.get,
        key=key("fields", kind),
        placeholder="Alle velden",
    )
    messages = state.derived(row_messages, kind)
    codes = columns[1].multiselect(
        "Soort melding",
        sorted(messages),
        key=key("codes", kind),
        placeholder="Alle meldingen",
        format_func=lambda c: short_message(messages[c]),
    )
    types: list[str] = []
    products: list[str] = []
    if with_groups:
        ctx = report.context
        present = sorted(ctx.type.dropna().unique())
        types = columns[2].multiselect(
            "Soort relatie",
            present,
            format_func=str.capitalize,
            key=key("types", kind),
            placeholder="Alle soorten",
        )
        used = [p for p in ctx.products.columns if ctx.products[p].any()]
        products = columns[3].multiselect(
            "Product", used, key=key("products", kind), placeholder="Alle producten"
        )
    return Filters(
        tuple(levels or SEVERITIES),
        tuple(chosen_fields),
        tuple(codes),
        tuple(types),
        tuple(products),
        search.strip(),
        only,
        narrow,
    )


def row_order(report: Report, kind: str) -> np.ndarray:
    """Row positions in file order, with subrelaties (100.1) right under their relatie (100)."""
    numbers = key_numbers(report, kind)
    if kind != RELATIES:
        return np.arange(len(numbers))
    parents = parent_numbers(numbers)
    order = pd.DataFrame(
        {"group": parents.fillna(numbers), "child": parents.notna(), "pos": np.arange(len(numbers))}
    )
    order["first"] = order.groupby("group")["pos"].transform("min")
    return order.sort_values(["first", "child", "pos"], kind="stable")["pos"].to_numpy()


def _free(name: str, taken: list[str]) -> str:
    """A column name for the app's own columns that does not clash with the file's headers."""
    while name in taken:
        name += " ·"
    return name


@dataclass(frozen=True)
class RowView:
    """The table to show: display frame, a CSS string per cell, their row positions, matches."""

    frame: pd.DataFrame
    styles: pd.DataFrame
    positions: np.ndarray
    matches: int


def selected_issues(
    report: Report, kind: str, flt: Filters, severities: Sequence[str]
) -> pd.DataFrame:
    """The row issues of this file that pass the severity, field and code filters (narrow:
    `Report.on_rows`)."""
    sel = report.on_rows(kind)
    keep = sel["severity"].isin(list(severities))
    if flt.fields:
        keep &= sel["field"].isin(flt.fields)
    if flt.codes:
        keep &= sel["code"].isin(flt.codes)
    return sel[keep]


def matching_rows(report: Report, kind: str, flt: Filters, sel: pd.DataFrame) -> np.ndarray:
    """Row positions that pass the group filters, the search and 'only rows with issues'."""
    frame = report.files[kind].table.frame
    keep = np.ones(len(frame), dtype=bool)
    if flt.types or flt.products:
        keep &= group_filter(report, kind, flt.types, flt.products)
    if flt.only_problems:
        keep &= frame.index.isin(sel["pos"].unique())
    if flt.search:
        needle = flt.search.casefold()
        numbers, names = key_numbers(report, kind), display_names(report, kind)
        keep &= (
            numbers.str.casefold().str.contains(needle, regex=False)
            | names.str.casefold().str.contains(needle, regex=False)
        ).to_numpy()
    # the same for every filter and page, and after an edit of anything but the number
    order = state.carried(row_order, key_column(report, kind), kind)
    return order[keep[order]]


def build_view(report: Report, kind: str, flt: Filters, masked: bool, page: int) -> RowView:
    """A page of the filtered rows: row, severity, the key, the messages and parent, then
    the cells.

    Problem cells are coloured; with `problem_columns` only the row's identity and the
    columns with a finding are kept, so the colours are in view without scrolling.
    """
    result = report.files[kind]
    sel = selected_issues(report, kind, flt, flt.severities)
    positions = matching_rows(report, kind, flt, sel)
    rows = page_rows(len(positions), page)
    shown = positions[rows.start : rows.stop]
    marks = report.issues.loc[sel.index[sel["pos"].isin(shown)]]
    marks = marks.assign(column=marks["field"].map(result.mapping.columns))

    cells = result.table.frame.iloc[shown].reset_index(drop=True)
    if flt.problem_columns:
        identity = [result.mapping.column(k) for k in IDENTITY[kind]]
        wanted = {c for c in identity if c is not None} | set(marks["column"].dropna())
        cells = cells[[c for c in cells.columns if c in wanted]]
    cells = report.masking(masked).frame(cells, result.mapping.columns)
    taken = list(cells.columns)
    per_row = marks.groupby("pos")
    worst = per_row["severity"].agg(lambda s: min(s, key=SEVERITIES.index))
    summary = per_row["message"].agg(lambda m: " · ".join(dict.fromkeys(map(short_message, m))))
    front = {
        _free("Rij", taken): result.table.excel_rows[shown],
        _free("Ernst", taken): [
            SEVERITY_LABEL[worst[p]] if p in worst.index else "" for p in shown
        ],
    }
    key_column = result.mapping.column(IDENTITY[kind][0])
    keys = cells[[key_column]] if key_column in cells.columns else cells.iloc[:, :0]
    problems = {_free("Meldingen", taken): [summary.get(p, "") for p in shown]}
    if kind == RELATIES:
        parents = parent_numbers(key_numbers(report, kind).iloc[shown])
        problems[_free("Hoofdrelatie", taken)] = [
            "↳ " + p if isinstance(p, str) else "" for p in parents
        ]
    # The problem right after the key: at 1366 px the Meldingen stay in view.
    rest = cells.drop(columns=keys.columns)
    view = pd.concat([pd.DataFrame(front), keys, pd.DataFrame(problems), rest], axis=1)

    styles = pd.DataFrame("", index=view.index, columns=view.columns)
    ernst = view.columns[1]
    styles[ernst] = [SEVERITY_CSS[worst[p]] if p in worst.index else "" for p in shown]
    row_of = {p: i for i, p in enumerate(shown)}
    visible = marks[marks["column"].isin(cells.columns)]
    for level in reversed(SEVERITIES):  # errors last, so they win a shared cell
        for item in visible[visible["severity"].eq(level)].itertuples():
            styles.iat[row_of[item.pos], view.columns.get_loc(item.column)] = SEVERITY_CSS[level]
    return RowView(view, styles, shown, len(positions))


@st.fragment
def render(report: Report, kind: str, masked: bool) -> None:
    """Filters, the highlighted table, and the issues of the row the user selects."""
    flt = filters(report, kind)
    page_key = state.widget_key("page", kind)
    page = page_number(page_key, flt)
    table = state.derived(build_view, kind, flt, masked, page)
    view, shown = table.frame, table.positions
    rows = len(report.files[kind].table.frame)
    pager(
        table.matches,
        page_key,
        f"{number(table.matches)} van {number(rows)} rijen. {LEGEND} "
        "Klik op een rij voor al haar meldingen.",
    )
    key_column = report.files[kind].mapping.column(IDENTITY[kind][0])
    messages = next(c for c in view.columns if c.startswith("Meldingen"))
    config = column_widths(view, wide=[messages])
    config[view.columns[0]] = st.column_config.NumberColumn(
        format="%d", pinned=True, width=config[view.columns[0]]["width"]
    )
    if key_column in view.columns:
        width = config[key_column]["width"]
        config[key_column] = st.column_config.TextColumn(pinned=True, width=width)
    event = st.dataframe(
        view.style.apply(lambda _: table.styles, axis=None),
        hide_index=True,
        key=state.widget_key("rows", kind, str(page)),  # a row picked on one page only
        on_select="rerun",
        selection_mode="single-row",
        column_config=config,
        height=window_height(len(view)),
    )
    picked = event.selection.rows if event else []
    if picked:
        row_issues(report, kind, int(shown[picked[0]]), masked)


def row_issues(report: Report, kind: str, pos: int, masked: bool) -> None:
    """Every issue of one row, whatever the filters."""
    on_rows = report.on_rows(kind)
    issues = report.issues.loc[on_rows.index[on_rows["pos"].eq(pos)]]
    masking = report.masking(masked)
    number_text = masking.column(key_numbers(report, kind).iloc[[pos]], KEY_FIELD[kind]).iloc[0]
    st.subheader(f"Meldingen voor rij {report.files[kind].table.excel_rows[pos]}")
    st.caption(f"Nummer {escape_md(number_text)}" if number_text else "Zonder nummer")
    if issues.empty:
        st.success("Deze rij heeft geen meldingen.")
        return
    view = issue_view(issues, masking).drop(columns=["Bestand", "Rij", "Nummer"])
    st.dataframe(
        severity_colours(view), hide_index=True, column_config=column_widths(view, ["Melding"])
    )


def page(kind: str) -> None:
    """A whole Relaties or Contacten page."""
    frame.page_header(FILE_LABEL[kind], INTRO[kind])
    report = frame.require_report()
    if kind in report.files:
        render(report, kind, state.masked())
    else:
        st.info(f"Er is geen {FILE_NOUN[kind]} geladen. Voeg het toe op de pagina Bestanden.")
