"""The package's shape: one concept per package, and no two modules with the same name."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.conftest import ROOT

SRC = ROOT / "src" / "kpicascade"
#: Layers, bottom to top: a module may import from its own layer and those below, never above.
LAYERS = {
    "model": 0, "periods": 0, "problems": 0, "measurements": 0, "format": 0, "plain_records": 0, "_exceptions": 0,
    "resources": 0, "hints": 0, "catalog": 0,
    "graph": 1, "validate": 1, "scoring": 1, "drivers": 1, "whatif": 1,
    "diagram": 2, "workbook": 2, "report": 2, "deck": 2,
}  # fmt: skip
#: The renderers' own io modules: they write a rendered value to a file or run Graphviz, so they sit in the io layer.
IO_MODULES = {"diagram/files", "diagram/layout", "workbook/write", "deck/saving", "report/printing"}


def test_no_two_modules_share_a_name() -> None:
    names: dict[str, list[str]] = defaultdict(list)
    for path in SRC.rglob("*.py"):
        if path.name not in {"__init__.py", "__main__.py"}:
            names[path.stem.lstrip("_")].append(path.relative_to(SRC).as_posix())
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}


def _top_imports(path: Path) -> set[str]:
    """Return the kpicascade packages or modules a module imports at its top level (not inside functions)."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kpicascade."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("kpicascade.")}
    return found


def test_nothing_imports_a_layer_above_its_own() -> None:
    upward = []
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        layer = LAYERS.get(parts[0])
        if layer is None or "/".join(parts) in IO_MODULES:
            continue
        upward += [f"{'/'.join(parts)} imports {m}" for m in _top_imports(path) if LAYERS.get(m, 3) > layer]
    assert upward == []


def test_a_command_module_never_imports_another_commands_module() -> None:
    # what commands share lives in the cli's own modules (_console, _scored), not in one command's module
    commands = sorted((SRC / "cli").glob("_cmd_*.py"))
    assert len(commands) > 10
    for path in commands:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("kpicascade.cli._cmd_"), f"{path.name} imports {node.module}"
