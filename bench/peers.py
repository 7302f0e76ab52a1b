"""What a user would otherwise pick, on the benchmark's Relaties file, as a whole process.

- `ydata`: ydata-profiling in minimal mode: a profile of every column, no Dutch rules.
- `pandera`: a pandera schema whose checks are python-stdnum's `is_valid` on the BSN, RSIN,
  BTW and postcode columns, all failures collected (`lazy=True`).

Both read the xlsx file with pandas (python-calamine engine, every cell as text), as a user of
those tools would. They run in a virtual environment of their own: ydata-profiling needs
pandas < 3, and installing it beside the product would downgrade the product's pandas.
`bench/run.py` runs each in a fresh process of that environment and sets it against
`dq check` of both files.

    python -m venv bench/out/peers
    bench/out/peers/bin/pip install -r bench/peers-requirements.txt
    bench/out/peers/bin/python bench/peers.py pandera bench/out/data/relaties_100000.xlsx
"""

from __future__ import annotations

import sys

import pandas as pd


def read(path: str) -> pd.DataFrame:
    """The file as a user of the peer reads it: pandas, every cell as text."""
    return pd.read_excel(path, engine="calamine", dtype=str)


def ydata(path: str) -> int:
    """A minimal ydata profile of the file, computed in full (its JSON)."""
    from ydata_profiling import ProfileReport

    report = ProfileReport(read(path), minimal=True, progress_bar=False)
    return len(report.to_json())


def pandera(path: str) -> int:
    """Validate the identifier columns with python-stdnum; the number of failing cells."""
    import pandera.pandas as pa
    from stdnum.nl import bsn, btw, postcode

    def valid(module: object) -> pa.Check:
        return pa.Check(module.is_valid, element_wise=True, ignore_na=True)

    schema = pa.DataFrameSchema(
        {
            "BSN": pa.Column(str, valid(bsn), nullable=True),
            "RSIN": pa.Column(str, valid(bsn), nullable=True),
            "Btw-nummer": pa.Column(str, valid(btw), nullable=True),
            "Postcode": pa.Column(str, valid(postcode), nullable=True),
        }
    )
    try:
        schema.validate(read(path), lazy=True)
    except pa.errors.SchemaErrors as errors:
        return len(errors.failure_cases)
    return 0


#: Each peer by the name `bench/run.py` gives it.
PEERS = {"ydata": ydata, "pandera": pandera}

if __name__ == "__main__":
    peer, file = sys.argv[1:3]
    print(PEERS[peer](file))
