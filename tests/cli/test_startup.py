"""The command line starts without the heavy libraries: each command imports what it needs when it runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scorecards" / "northwind-components.yaml"

#: Libraries that cost a start-up tens to hundreds of milliseconds each.
HEAVY = ["numpy", "openpyxl", "networkx", "jinja2", "graphviz", "pygraphviz", "ibis", "duckdb", "pyarrow"]

_RUN = """
import json, sys
{code}
print(json.dumps(sorted(sys.modules)))
"""

_CLI = """
from kpicascade.cli import cli
try:
    cli({args!r}, prog_name="kpicascade")
except SystemExit:
    pass
"""

# (case, code run in a fresh interpreter, libraries it must not have imported)
CASES = [
    ("import kpicascade", "import kpicascade", [*HEAVY, "pydantic", "yaml"]),
    ("import kpicascade.cli", "import kpicascade.cli", [*HEAVY, "pydantic", "yaml"]),
    ("kpicascade --help", _CLI.format(args=["--help"]), [*HEAVY, "pydantic", "yaml"]),
    ("kpicascade --version", _CLI.format(args=["--version"]), [*HEAVY, "pydantic", "yaml"]),
    ("kpicascade check --help", _CLI.format(args=["check", "--help"]), [*HEAVY, "pydantic", "yaml"]),
    # the catalogue is pydantic and YAML only
    ("kpicascade catalog otif", _CLI.format(args=["catalog", "otif"]), HEAVY),
    # check scores the scorecard to check its plan, so numpy and networkx load; no renderer does
    ("kpicascade check EXAMPLE", _CLI.format(args=["check", str(EXAMPLE)]), [*HEAVY[1:2], *HEAVY[3:]]),
]


def _modules(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN.format(code=code)], capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(("case", "code", "absent"), CASES, ids=[c[0] for c in CASES])
def test_start_up_imports_no_heavy_library(case: str, code: str, absent: list[str]) -> None:
    modules = _modules(code)
    assert "kpicascade" in modules
    assert sorted(name for name in absent if name in modules) == [], case


def test_the_check_case_does_load_a_scorecard() -> None:
    # the check case above must really have read the example, or its list of absent libraries proves nothing
    assert {"pydantic", "kpicascade.loader", "kpicascade.validate"} <= _modules(CASES[-1][1])


def test_the_library_still_offers_every_public_name() -> None:
    modules = _modules("import kpicascade\nkpicascade.load, kpicascade.Scorecard, kpicascade.Period")
    assert {"kpicascade.loader", "kpicascade.model", "kpicascade.periods"} <= modules


def test_the_diagram_options_written_out_agree_with_the_diagram_package() -> None:
    from kpicascade import diagram
    from kpicascade.cli import _cmd_diagram

    assert list(_cmd_diagram.VIEW_NAMES) == sorted(diagram.VIEWS)
    assert _cmd_diagram.READABLE == diagram.READABLE
