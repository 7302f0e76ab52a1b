"""The import direction of `dq/`: the README's layer table, held against every import."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_ROW = re.compile(r"^\| (\w+) \| ((?:`dq/[^`]+`(?:, )?)+) \| (.+) \|$", re.M)


def layer_table() -> dict[str, tuple[list[str], set[str]]]:
    """{layer: (its paths, the layers it may import)} from the README's table."""
    section = README.read_text().split("### Which layer may import which", 1)[1]
    table = {}
    for name, paths, allowed in _ROW.findall(section):
        names = set() if allowed.startswith("(") else {a.strip() for a in allowed.split(",")}
        table[name] = (re.findall(r"`(dq/[^`]+)`", paths), names | {name})
    return table


def layer_of(path: str, table: dict[str, tuple[list[str], set[str]]]) -> str | None:
    """The layer a module path (`dq/checks/rules.py`) belongs to."""
    for name, (paths, _allowed) in table.items():
        if any(path == p or (p.endswith("/") and path.startswith(p)) for p in paths):
            return name
    return None


def module_path(module: str) -> str | None:
    """`dq.checks.rules` -> `dq/checks/rules.py` (a package -> its `__init__.py`)."""
    base = ROOT / Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate.relative_to(ROOT).as_posix()
    return None


def imports(path: Path) -> set[str]:
    """Every dq module a file imports (`from dq.x import y` counts y when it is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "dq"}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "dq":
                continue
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in found if module_path(m) is not None}


def graph() -> dict[str, set[str]]:
    """{module path: the module paths it imports} for every file of `dq/`."""
    edges = {}
    for path in sorted((ROOT / "dq").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        edges[rel] = {module_path(m) for m in imports(path)} - {rel}
    return edges


def test_the_readme_names_every_layer() -> None:
    table = layer_table()
    assert {"leaves", "spec", "io", "checks", "exports", "api", "cli"} <= set(table)
    unplaced = [path for path in graph() if layer_of(path, table) is None]
    assert not unplaced, f"modules outside every layer of the README's table: {unplaced}"


def test_no_layer_imports_one_it_may_not() -> None:
    table = layer_table()
    wrong = []
    for path, targets in graph().items():
        layer = layer_of(path, table)
        allowed = table[layer][1]
        for target in sorted(targets):
            if layer_of(target, table) not in allowed:
                wrong.append(f"{path} ({layer}) imports {target} ({layer_of(target, table)})")
    assert not wrong, "\n".join(wrong)


def test_no_import_circle() -> None:
    edges = graph()
    done: set[str] = set()

    def visit(path: str, trail: list[str]) -> None:
        if path in trail:
            raise AssertionError(" -> ".join([*trail[trail.index(path) :], path]))
        if path in done:
            return
        for target in sorted(edges.get(path, ())):
            visit(target, [*trail, path])
        done.add(path)

    for path in edges:
        visit(path, [])


def test_nothing_below_the_public_face_imports_it() -> None:
    users = [p for p, targets in graph().items() if "dq/api.py" in targets]
    assert set(users) <= {"dq/cli.py", "dq/__init__.py"}, users


def test_spec_never_imports_the_engine() -> None:
    for path, targets in graph().items():
        if path.startswith("dq/spec/"):
            assert not any(t.startswith("dq/checks/") for t in targets), path


def test_every_layer_folder_says_what_it_is_for() -> None:
    for init in (ROOT / "dq").glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc and "\n" not in doc.strip(), f"{init}: a one-line docstring"


@pytest.mark.parametrize(
    ("source", "allowed"),
    [("from dq.checks.report import Report", False), ("from dq.text import arrow", True)],
)
def test_the_walk_sees_a_forbidden_import(tmp_path: Path, source: str, allowed: bool) -> None:
    """The checker itself: an import of the engine from `spec` is caught, a leaf is fine."""
    table = layer_table()
    module = tmp_path / "probe.py"
    module.write_text(source + "\n")
    targets = {module_path(m) for m in imports(module)}
    assert all(layer_of(t, table) in table["spec"][1] for t in targets) is allowed
