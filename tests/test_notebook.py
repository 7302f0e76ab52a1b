"""The example notebook runs top to bottom on the demo data, so it never goes stale."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "controle_voorbeelddata.ipynb"


def test_example_notebook_executes_and_shows_the_report() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "gereed" in html and "Nog niet klaar voor import" in html
    figures = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(figures) == 4
    committed = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in committed.cells), "commit it without outputs"
