"""Templates: built from the field declarations, with drop-downs and text columns, and they pass."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

import dq
from dq.api import load, map_columns
from dq.exports.template import (
    EXAMPLE_SHEET,
    EXAMPLES,
    HELP_SHEET,
    LISTS_SHEET,
    choices,
    template_files,
    template_xlsx,
)
from dq.spec.catalog import Catalog, Product
from dq.spec.fields import CONTACTEN, RELATIES, fields_of

KINDS = (RELATIES, CONTACTEN)


@pytest.mark.parametrize("kind", KINDS)
def test_headers_are_the_field_labels_and_map_exactly(kind: str) -> None:
    data = template_xlsx(kind)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [kind.capitalize(), EXAMPLE_SHEET, HELP_SHEET, LISTS_SHEET]
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    fields = fields_of(kind)
    sheet = workbook[kind.capitalize()]
    assert [c.value for c in sheet[1]] == [f.label for f in fields]
    assert [c.comment.text for c in sheet[1]] == [f.rule for f in fields]
    mapping = map_columns(load((f"{kind}.xlsx", data), kind), kind)
    assert mapping.columns == {f.key: f.label for f in fields}
    assert set(mapping.confidence.values()) == {1.0}


@pytest.mark.parametrize("kind", KINDS)
def test_every_column_is_text_and_vocabularies_are_drop_downs(kind: str) -> None:
    workbook = load_workbook(io.BytesIO(template_xlsx(kind)))
    sheet = workbook[kind.capitalize()]
    fields = fields_of(kind)
    for i in range(1, len(fields) + 1):
        assert sheet.column_dimensions[get_column_letter(i)].number_format == "@"
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    lists = workbook[LISTS_SHEET]
    for i, f in enumerate(fields, start=1):
        found = choices(f, Catalog())
        assert (f"{get_column_letter(i)}2" in validations) == (found is not None)
        assert f.vocabulary <= (found is not None and found[1])  # every vocabulary is strict
        if found is None:
            continue
        validation = validations[f"{get_column_letter(i)}2"]
        assert validation.type == "list" and validation.showErrorMessage == found[1]
        _sheet, cells = validation.formula1.split("!")
        values = [c.value for row in lists[cells.replace("$", "")] for c in row]
        assert values == found[0]


def test_relaties_lists_follow_the_catalogue() -> None:
    catalog = Catalog(products=(*Catalog().products, Product("Aangifte dividendbelasting")))
    workbook = load_workbook(io.BytesIO(template_xlsx(RELATIES, catalog)))
    values = [c.value for row in workbook[LISTS_SHEET].iter_rows() for c in row]
    assert "Aangifte dividendbelasting" in values
    assert {"organisatie", "persoon", "Besloten vennootschap", "vier weken"} <= set(values)


def test_examples_are_clearly_marked() -> None:
    sheet = load_workbook(io.BytesIO(template_xlsx(RELATIES)))[EXAMPLE_SHEET]
    assert sheet["A1"].value.startswith("VOORBEELD")
    assert sheet.max_row == 2 + len(EXAMPLES[RELATIES])


def test_a_correctly_filled_template_passes_the_check(tmp_path) -> None:
    """Type the example rows into the empty templates, as an office would, and check them."""
    paths = {}
    for name, data in template_files().items():
        kind = name.split("_")[0]
        workbook = load_workbook(io.BytesIO(data))
        sheet = workbook[kind.capitalize()]
        fields = fields_of(kind)
        for r, example in enumerate(EXAMPLES[kind], start=2):
            for c, f in enumerate(fields, start=1):
                if example.get(f.key):
                    sheet.cell(r, c, example[f.key])
        paths[kind] = tmp_path / name
        workbook.save(paths[kind])
    report = dq.check(paths[RELATIES], paths[CONTACTEN])
    assert report.counts == {"error": 0, "warning": 0, "info": 0}
    assert report.ready
    assert len(report.files[RELATIES].table.frame) == len(EXAMPLES[RELATIES])
