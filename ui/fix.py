"""The Herstellen page: fix cells where the problems are, re-checked at once (`dq.edits`).

A page of its own rather than editing on Relaties/Contacten: those stay fast read-only views
with coloured cells, while fixing needs an editable grid, undo and redo, batches and
acceptances together in one place the consultant opens on purpose. Streamlit's data editor
colours only read-only columns, so each row's problems stand in a read-only *Meldingen*
column right after the number, with a status mark in front: legible on a shared screen
and as close to the cell as the grid allows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from dq.charts.figures import SEVERITY_LABEL, short_message
from dq.checks.report import Report
from dq.edits.session import EDIT, Edits
from dq.exports import fixlist
from dq.exports.template import choices
from dq.progress.history import HistoryError
from dq.spec.catalog import split_list
from dq.spec.fields import BY_KEY, KEY_FIELD, WARNING, fields_of
from ui import frame, rows, state, store
from ui.labels import FILE_LABEL, FILE_NOUN, escape_md, number, pct_nl
from ui.style import FIXED_LABEL, severity_colours, verdict
from ui.tables import page_number, page_rows, pager, window_height

INTRO = (
    "Verbeter cellen waar de problemen staan: elke wijziging wordt meteen opnieuw "
    "gecontroleerd, ook tegen de andere rijen en het andere bestand."
)
STATUS, ROW, MESSAGES = "Status", "Rij", "Meldingen"
BATCH_TAB, ACCEPT_TAB = "Alles tegelijk", "Waarschuwingen accepteren"
#: Values offered by "Eén waarde overal vervangen": the most frequent, so the list stays quick.
BATCH_VALUES = 500
#: A row's status: its worst problem, or fixed in this session (coloured by `severity_colours`,
#: since read-only columns are the ones the data editor can colour).
MARK = {"error": SEVERITY_LABEL["error"], WARNING: SEVERITY_LABEL[WARNING], "fixed": FIXED_LABEL}
RELOAD = (
    "De wijzigingen staan alleen in deze sessie, niet in uw bestanden en niet op schijf: "
    "herladen van de pagina wist ze. Neem ze mee met de fixlijst of de opgeschoonde bestanden."
)


@dataclass(frozen=True)
class Grid:
    """The editable table: what is shown, and which row and field each cell stands for."""

    frame: pd.DataFrame
    positions: np.ndarray  # table row -> row position in the file
    fields: dict[str, str]  # column label -> field key
    config: dict[str, object]  # column label -> Streamlit column config
    matches: int  # rows that pass the filters (the grid holds one page of them)


def page() -> None:
    """The whole Herstellen page."""
    frame.page_header("Herstellen", INTRO)
    frame.require_report()
    workspace()


@st.fragment
def workspace() -> None:
    """Everything an edit changes. A fragment: an edit, undo or batch reruns only this part and
    the sidebar's readiness line, not the whole app, so the re-checked row shows sooner."""
    edits = state.edits()
    for notice in state.pop_notices():
        st.info(notice, icon=":material/info:")
    toolbar(edits)
    kinds = [kind for kind in state.KINDS if kind in edits.report.files]
    status, choose = st.columns([4, 1], vertical_alignment="center")
    report = edits.report
    summary = f"**{verdict(report.ready)}**"
    if edits.pending:
        summary += f" · laatste stap: {escape_md(edits.steps[-1])}"
    status.markdown(summary)
    status.caption(RELOAD)
    kind = (
        choose.segmented_control(
            "Bestand",
            kinds,
            default=kinds[0],
            format_func=FILE_LABEL.get,
            label_visibility="collapsed",
            key=state.widget_key("fix_kind"),
        )
        or kinds[0]
    )
    grid = grid_section(edits, kind, state.masked())
    tabs = frame.lazy_tabs([BATCH_TAB, ACCEPT_TAB], state.widget_key("fix_tab"))
    if tabs[BATCH_TAB] is not None:
        with tabs[BATCH_TAB]:
            apply_to_all_form(edits, kind, state.masked())
            suggestions_form(edits, kind, state.masked())
    if tabs[ACCEPT_TAB] is not None:
        with tabs[ACCEPT_TAB]:
            accept_form(edits, kind, grid.positions, state.masked())
            accepted_list(edits, state.masked())
            carry_over_form(edits)
    frame.readiness_line()


def toolbar(edits: Edits) -> None:
    """The verdict and counts that follow every edit, undo/redo, and what a reload loses."""
    report = edits.report
    cols = st.columns([2, 2, 2.4, 2, 1.6, 1.9, 1.6], vertical_alignment="center")
    cols[0].metric("Gereedheid", pct_nl(report.readiness))
    cols[1].metric("Fouten", number(report.counts["error"]))
    cols[2].metric("Waarschuwingen", number(report.counts["warning"]))
    cols[3].metric("Wijzigingen", number(edits.pending))
    for col, (label, icon, action, enabled, help_) in zip(
        cols[4:],
        (
            (
                "Terug",
                ":material/undo:",
                edits.undo,
                edits.can_undo,
                "De laatste stap ongedaan maken",
            ),
            (
                "Opnieuw",
                ":material/redo:",
                edits.redo,
                edits.can_redo,
                "De ongedaan gemaakte stap opnieuw doen",
            ),
            (
                "Alles",
                ":material/restart_alt:",
                edits.undo_all,
                edits.can_undo,
                "Alle wijzigingen ongedaan maken; met Opnieuw komen ze stap voor stap terug",
            ),
        ),
        strict=True,
    ):
        col.button(
            label,
            icon=icon,
            disabled=not enabled,
            on_click=_do,
            args=(action,),
            help=help_,
            key=state.widget_key("fix_step", label),
            use_container_width=True,
        )


def _do(action: object) -> None:
    """Run an edit-model action from a button, then let the pages redraw from the new check."""
    action()
    state.edited()


# --- the grid -------------------------------------------------------------------------------


def grid_section(edits: Edits, kind: str, masked: bool) -> Grid:
    """Filters and the editable grid of rows with problems (and rows edited in this session)."""
    report = edits.report
    flt = rows.filters(report, kind, folded=True)
    touched = tuple(sorted(_edited_cells(edits, kind)))
    page_key = state.widget_key("fix_grid_page", kind)
    page = page_number(page_key, flt)
    grid = state.derived(build_grid, kind, flt, masked, touched, page)
    pager(
        grid.matches,
        page_key,
        rows_text(grid.matches)
        + ". Klik op een cel om hem te wijzigen; Enter bevestigt en controleert opnieuw.",
    )
    if grid.frame.empty:
        st.success(f"Geen rijen met meldingen in het {FILE_NOUN[kind]} voor deze filters.")
        return grid
    key = state.versioned_key("fix_grid", kind, str(page))  # a new page: a new grid
    st.data_editor(
        severity_colours(grid.frame, STATUS),
        key=key,
        height=window_height(len(grid.frame)),  # at most the window (ui.style)
        hide_index=True,
        disabled=[STATUS, ROW, MESSAGES],
        column_config=grid.config,
        placeholder="",
        on_change=_grid_changed,
        args=(edits, kind, key, grid, masked),
    )
    return grid


def rows_text(count: int) -> str:
    """'1 rij', '34 rijen'."""
    return f"{number(count)} {'rij' if count == 1 else 'rijen'}"


def _edited_cells(edits: Edits, kind: str) -> set[tuple[int, str]]:
    """(row position, field) of every cell edited in this file."""
    changes = edits.changes()
    mine = changes[changes["file"].eq(kind)]
    return set(zip(mine["pos"].astype(int), mine["field"], strict=True))


def build_grid(
    report: Report,
    kind: str,
    flt: rows.Filters,
    masked: bool,
    touched: tuple[tuple[int, str], ...],
    page: int = 1,
) -> Grid:
    """The rows that pass the filters (problems only by default) plus the cells edited here;
    the grid holds one page of them (`PAGE_ROWS`): little to send after each edit."""
    result = report.files[kind]
    severities = [s for s in flt.severities if s != "info"] or ["error"]
    sel = rows.selected_issues(report, kind, flt, severities)
    matching = rows.matching_rows(report, kind, flt, sel)
    edited_rows = np.array(sorted({pos for pos, _field in touched}), dtype="int64")
    extra = np.setdiff1d(edited_rows, matching)
    every = np.concatenate([matching, extra])
    on_page = page_rows(len(every), page)
    shown = every[on_page.start : on_page.stop]
    marks = report.issues.loc[sel.index[sel["pos"].isin(shown)]]

    mapped = [f.key for f in fields_of(kind) if result.mapping.column(f.key) is not None]
    shown_set = set(shown.tolist())
    problems = set(marks["field"]) | set(flt.fields) | {f for p, f in touched if p in shown_set}
    identity = [k for k in rows.IDENTITY[kind] if k in mapped]
    # the number, then the problem columns, then the rest of the row's identity
    keys = [
        *identity[:2],
        *(k for k in mapped if k in problems and k not in identity[:2]),
        *(k for k in identity[2:] if k not in problems),
        *(k for k in mapped if not flt.problem_columns and k not in problems and k not in identity),
    ]
    errors = marks["severity"].eq("error").groupby(marks["pos"]).any()
    worst = errors.map({True: "error", False: WARNING})
    text = (
        problem_texts(marks, kind).groupby(marks["pos"]).agg(lambda t: " · ".join(dict.fromkeys(t)))
    )
    fixed = set(edited_rows.tolist())
    status = [MARK.get(worst.get(p, "fixed" if p in fixed else ""), "") for p in shown]
    cells = {}
    config: dict[str, object] = {
        STATUS: st.column_config.TextColumn(STATUS, width=118, pinned=True),
        ROW: st.column_config.NumberColumn(ROW, format="%d", width="small", pinned=True),
    }
    fields = {}
    for key in keys:
        field = BY_KEY[(kind, key)]
        column = result.table.frame[result.mapping.column(key)].iloc[shown]
        values = report.masking(masked).column(column, key)
        fields[field.label] = key
        cells[field.label] = _cell_values(field.key, values.reset_index(drop=True))
        config[field.label] = _column_config(field.key, kind, values, report)
    # the row's number first (pinned), then its problems, then the other cells
    labels = list(cells)
    for label in labels[:1]:
        config[label] = st.column_config.TextColumn(label, pinned=True)
    config[MESSAGES] = st.column_config.TextColumn(MESSAGES, width="medium")
    frame_ = pd.DataFrame(
        {
            STATUS: status,
            ROW: result.table.excel_rows[shown],
            **{label: cells[label] for label in labels[:1]},
            MESSAGES: [text.get(p, "") for p in shown],
            **{label: cells[label] for label in labels[1:]},
        }
    )
    return Grid(frame_, shown, fields, config, len(every))


def problem_texts(issues: pd.DataFrame, kind: str) -> pd.Series:
    """'BSN: BSN bestaat niet' per issue: the field's label and the message's first sentence."""
    labels = issues["field"].map({f.key: f.label for f in fields_of(kind)})
    shorts = issues["message"].map({m: short_message(m) for m in issues["message"].unique()})
    return labels + ": " + shorts


def _cell_values(key: str, values: pd.Series) -> pd.Series:
    """Cell texts as the grid holds them: a list per cell for producten, else the text."""
    if key == "producten":
        items = split_list(values.str.strip())
        lists = items.groupby(level=0).agg(list)
        return pd.Series([lists.get(i, []) for i in range(len(values))], dtype=object)
    return values.astype(object)


def _column_config(key: str, kind: str, values: pd.Series, report: Report) -> object:
    """A drop-down for fields with allowed values (current values outside it stay visible)."""
    field = BY_KEY[(kind, key)]
    allowed = choices(field, report.catalog)
    if allowed is None:
        return st.column_config.TextColumn(field.label, help=field.rule)
    options, _strict = allowed
    if key == "producten":
        present = split_list(values.str.strip()).unique().tolist()
        return st.column_config.MultiselectColumn(
            field.label,
            options=list(dict.fromkeys([*options, *present])),
            accept_new_options=True,
            help=field.rule,
        )
    present = [v for v in values.str.strip().unique().tolist() if v]
    return st.column_config.SelectboxColumn(
        field.label, options=list(dict.fromkeys([*options, *present, ""])), help=field.rule
    )


def _grid_changed(edits: Edits, kind: str, key: str, grid: Grid, masked: bool) -> None:
    """Apply what was typed (or pasted) into the grid, as one step, and re-check."""
    typed = st.session_state.get(key, {}).get("edited_rows", {})
    cells = []
    for row, changes in typed.items():
        pos = int(grid.positions[int(row)])
        for label, value in changes.items():
            if label not in grid.fields:
                continue
            field = grid.fields[label]
            text = (
                ", ".join(value)
                if isinstance(value, list)
                else ("" if value is None else str(value))
            )
            shown = grid.frame.iloc[int(row)][label]
            if masked and text == shown:
                continue  # a masked value left as it was
            cells.append((kind, pos, field, text))
    if not cells:
        return
    try:
        if len(cells) == 1:
            edits.edit(*cells[0])
        else:
            edits.edit_many(cells, f"{number(len(cells))} cellen tegelijk", EDIT)
    except ValueError as err:
        state.notify(str(err))
    state.edited()


# --- apply to all, suggestions ----------------------------------------------------------------


def apply_to_all_form(edits: Edits, kind: str, masked: bool) -> None:
    """One fix for every row with the same value in a field, previewed, then confirmed."""
    report = edits.report
    st.markdown("**Eén waarde overal vervangen**")
    mine = report.on_rows(kind)
    mapped = {f.key: f.label for f in fields_of(kind) if report.files[kind].mapping.column(f.key)}
    candidates = [k for k in mine["field"].unique() if k in mapped]
    if not candidates:
        st.caption("Er zijn geen velden met meldingen om in één keer te vervangen.")
        return
    left, middle, right = st.columns(3)
    key = left.selectbox(
        "Veld", candidates, format_func=mapped.get, key=state.widget_key("all_field", kind)
    )
    values = report.issues.loc[mine.index[mine["field"].eq(key)], "value"].fillna("").str.strip()
    counts = values[values.ne("")].value_counts()
    if counts.empty:
        st.caption("Dit veld heeft alleen lege cellen met een melding; vul die in de tabel in.")
        return
    if len(counts) > BATCH_VALUES:
        counts = counts.head(BATCH_VALUES)
        st.caption(
            f"De {number(BATCH_VALUES)} waarden met een melding die het vaakst voorkomen; "
            "verbeter de andere in de tabel hierboven."
        )
    shown = edits.report.masking(masked).column(pd.Series(counts.index), key)
    labels = dict(zip(counts.index, shown, strict=True))
    old = middle.selectbox(
        "Huidige waarde",
        list(counts.index),
        format_func=lambda v: f"{labels[v]} ({number(int(counts[v]))}×)",
        key=state.widget_key("all_old", kind, key),
    )
    allowed = choices(BY_KEY[(kind, key)], report.catalog)
    if allowed is not None and key != "producten":
        new = right.selectbox(
            "Nieuwe waarde", allowed[0], key=state.widget_key("all_new", kind, key)
        )
    else:
        new = right.text_input("Nieuwe waarde", key=state.widget_key("all_new", kind, key))
    affected = len(edits.same_value_rows(kind, key, old))
    if not new or new.strip() == old:
        st.caption(f"{number(affected)} rij(en) hebben deze waarde. Kies of typ de nieuwe waarde.")
        return
    old_text, new_text = escape_md(labels[old]), escape_md(new)
    st.info(f"{number(affected)} rij(en) met '{old_text}' krijgen '{new_text}'.")
    st.button(
        f"Toepassen op {number(affected)} rij(en)",
        type="primary",
        icon=":material/done_all:",
        on_click=_do,
        args=(lambda: edits.apply_to_all(kind, key, old, new),),
        key=state.widget_key("all_go", kind),
    )


def suggestions_form(edits: Edits, kind: str, masked: bool) -> None:
    """Take every suggested value of one kind of problem at once (such as restored zeros)."""
    st.markdown("**Voorgestelde waarden overnemen**")
    issues = edits.report.issues
    on_rows = edits.report.on_rows(kind)
    mine = on_rows[issues.loc[on_rows.index, "suggestion"].fillna("").ne("").to_numpy()]
    if mine.empty:
        st.caption("Geen meldingen met een voorgestelde waarde in dit bestand.")
        return
    counts = mine["code"].value_counts()
    first = mine.drop_duplicates("code")
    messages = dict(zip(first["code"], issues.loc[first.index, "message"], strict=True))
    code = st.selectbox(
        "Soort melding",
        list(counts.index),
        format_func=lambda c: f"{short_message(messages[c])} ({number(int(counts[c]))}×)",
        key=state.widget_key("suggest_code", kind),
    )
    found = edits.suggestions(code)
    preview = found[["row", "key", "field", "value", "suggestion"]].head(5)
    preview = edits.report.masking(masked).issues(preview)
    preview = preview.assign(field=[BY_KEY[(kind, k)].label for k in preview["field"]])
    names = {"row": "Rij", "key": "Nummer", "field": "Veld", "value": "Nu", "suggestion": "Wordt"}
    st.dataframe(preview.rename(columns=names), hide_index=True)
    st.button(
        f"Neem {number(len(found))} voorgestelde waarde(n) over",
        type="primary",
        icon=":material/auto_fix_high:",
        on_click=_do,
        args=(lambda: edits.accept_suggestions(code),),
        key=state.widget_key("suggest_go", kind),
    )


# --- accepting warnings -------------------------------------------------------------------------


def accept_form(edits: Edits, kind: str, shown: np.ndarray, masked: bool) -> None:
    """Accept one warning with a reason; it leaves the to-do list and is remembered."""
    st.markdown("**Waarschuwing accepteren**")
    st.caption(
        "Een waarschuwing die klopt (zoals een BTW-nummer van een fiscale eenheid) kunt u "
        "accepteren met een reden. Fouten kunnen niet worden geaccepteerd: die blokkeren de import."
    )
    on_rows = edits.report.on_rows(kind)
    mine = on_rows["severity"].eq(WARNING) & on_rows["pos"].isin(shown)
    warnings = edits.report.issues.loc[on_rows.index[mine]].reset_index(drop=True)
    if warnings.empty:
        st.caption("Geen open waarschuwingen in de rijen van de tabel hierboven.")
        return
    keys = edits.report.masking(masked).column(warnings["key"], KEY_FIELD[kind])
    where = "Rij " + warnings["row"].astype(str) + " · " + keys.where(keys.ne(""), "zonder nummer")
    described = (where + " · " + problem_texts(warnings, kind)).tolist()
    choice = st.selectbox(
        "Waarschuwing (uit de rijen van de tabel hierboven)",
        range(len(warnings)),
        format_func=described.__getitem__,
        key=state.widget_key("accept_pick", kind),
    )
    reason = st.text_input(
        "Reden",
        key=state.widget_key("accept_reason", kind),
        placeholder="bijv. fiscale eenheid: het BTW-nummer hoort bij de moedermaatschappij",
    )
    picked = warnings.iloc[choice]

    def accept() -> None:
        try:
            edits.accept(kind, picked["key"], picked["field"], picked["code"], reason)
        except ValueError as err:
            state.notify(str(err))

    st.button(
        "Accepteren",
        icon=":material/task_alt:",
        disabled=not reason.strip(),
        on_click=_do,
        args=(accept,),
        key=state.widget_key("accept_go", kind),
    )


def accepted_list(edits: Edits, masked: bool) -> None:
    """The accepted warnings with their reasons (masked like the fix list); each can be
    withdrawn."""
    accepted = edits.report.accepted
    if accepted.empty:
        return
    st.markdown(f"**Geaccepteerd ({number(len(accepted))})**")
    st.dataframe(fixlist.accepted_list(edits.report, masked), hide_index=True)
    rows_ = list(range(len(accepted)))
    pick = st.selectbox(
        "Intrekken",
        rows_,
        format_func=lambda i: (
            f"{FILE_LABEL[accepted['file'].iloc[i]]} rij {accepted['row'].iloc[i]}: "
            f"{short_message(accepted['message'].iloc[i])}"
        ),
        key=state.widget_key("withdraw_pick"),
    )
    chosen = accepted.iloc[pick]
    st.button(
        "Acceptatie intrekken",
        icon=":material/undo:",
        on_click=_do,
        args=(
            lambda: edits.withdraw(chosen["file"], chosen["key"], chosen["field"], chosen["code"]),
        ),
        key=state.widget_key("withdraw_go"),
    )


def carry_over_form(edits: Edits) -> None:
    """Accept again what the office accepted in its last saved check (matched by row key)."""
    st.markdown("**Acceptaties van een eerdere controle overnemen**")
    history = store.history()
    if history is None:
        return
    with store.store_errors():
        offices = history.offices()["kantoor"].tolist()
        if not offices:
            st.caption("Er zijn nog geen controles opgeslagen; dat kan op de pagina Voortgang.")
            return
        kantoor = st.selectbox(
            "Kantoor",
            offices,
            index=None,
            placeholder="Kies het kantoor",
            key=state.widget_key("carry_office"),
        )

        def carry_over() -> None:
            try:
                saved = history.acceptances(kantoor, edits.report)
            except HistoryError as err:
                state.notify(f"{err} {store.NO_STORE}")
                return
            missing = edits.apply_acceptances(saved)
            state.set_office_name(kantoor)
            taken = len(saved) - len(missing)
            note = (
                f"{number(taken)} acceptatie(s) overgenomen uit de laatste controle van {kantoor}."
            )
            if len(missing):
                note += (
                    f" {number(len(missing))} passen niet meer: die waarschuwing staat niet "
                    "(meer) in deze bestanden."
                )
            state.notify(note)

        st.button(
            "Overnemen",
            icon=":material/history:",
            disabled=kantoor is None,
            on_click=_do,
            args=(carry_over,),
            key=state.widget_key("carry_go"),
        )
