"""Speed work keeps results: the JSON of `dq check --json` on the demo pair, held as a digest.

The digest is taken of the parsed data in a canonical form (keys sorted, no whitespace), so
key order, indentation and the serialiser may change; a value, a key or an issue may not.
An intended change of meaning (a new rule, another message, other masking) updates the digest
in a commit of its own; print the new one with

    python -m dq demo --out /tmp/demo
    python -m dq check --relaties /tmp/demo/relaties.xlsx --contacten /tmp/demo/contacten.csv \
        --json > /tmp/demo.json
    python -c "import tests.test_json_digest as t; print(t.digest(open('/tmp/demo.json').read()))"

(add `--toon-bsn` for the unmasked one).
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dq.checks.report import write_json_array

#: sha256 of the canonical JSON of the demo pair's check, masked and with `--toon-bsn`.
DIGESTS = {
    "masked": "92fcbc7bb87bc63a5f47a2d99016e13b616ae92e35e189d760b43d3b1ab6ac66",
    "full": "1908712a8d7ff9cdfc54958b12044f9f7485dc4b92dca12e1451cd8cb2dc415e",
}


def canonical(data: object) -> str:
    """One text per value: keys sorted, no whitespace, characters as they are."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(text: str) -> str:
    """The sha256 of the canonical form of a JSON text."""
    return hashlib.sha256(canonical(json.loads(text)).encode()).hexdigest()


def test_canonical_form_ignores_layout_but_not_values() -> None:
    assert digest('{"a": 1, "b": [1.5, null]}') == digest('{"b":[1.5,null],\n "a":1}')
    assert digest('{"a": 1}') != digest('{"a": 2}')
    assert digest('{"a": "x"}') != digest('{"a": ["x"]}')


@pytest.mark.parametrize(("mode", "extra"), [("masked", ()), ("full", ("--toon-bsn",))])
def test_demo_json_unchanged(demo_dir: Path, mode: str, extra: tuple[str, ...]) -> None:
    """The whole command as a user runs it, so the serialiser and stdout are in the proof."""
    pair = {"relaties": demo_dir / "relaties.xlsx", "contacten": demo_dir / "contacten.csv"}
    options = [f"--{kind}={path}" for kind, path in pair.items()]
    command = [sys.executable, "-m", "dq", "check", *options, "--json", *extra]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and result.stderr == ""
    assert digest(result.stdout) == DIGESTS[mode]


def json_array(frame: pd.DataFrame, chunk: int = 20_000) -> str:
    """`write_json_array` into a text, and the same through a file's byte buffer (the
    path `dq check --json` takes on stdout): both must give the same text."""
    out = io.StringIO()
    write_json_array(out, frame, chunk)
    file = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    file.write("x")
    write_json_array(file, frame, chunk)
    file.flush()
    assert file.buffer.getvalue().decode() == "x" + out.getvalue()
    return out.getvalue()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.text(), st.none() | st.text(), st.integers(-(2**53), 2**53)), max_size=12)
)
def test_json_array_parses_back_to_the_table(rows: list[tuple[str, str | None, int]]) -> None:
    """Any text, escapes and slashes included, comes back as it was; NA becomes null; the
    slices (of 5 rows here) join into one list."""
    frame = pd.DataFrame(
        {
            "value": pd.Series([r[0] for r in rows], dtype="str"),
            "suggestion": pd.Series([r[1] for r in rows], dtype="str"),
            "row": pd.Series([r[2] for r in rows], dtype="int64"),
        }
    )
    expected = [{"value": v, "suggestion": s, "row": n} for v, s, n in rows]
    assert json.loads(json_array(frame, chunk=5)) == expected


def test_json_array_keeps_a_backslash_before_a_slash() -> None:
    frame = pd.DataFrame({"value": ["a\\/b", "c/d\\", "\\\\/"]}, dtype="str")
    assert [r["value"] for r in json.loads(json_array(frame))] == ["a\\/b", "c/d\\", "\\\\/"]
    assert "c/d" in json_array(frame)
