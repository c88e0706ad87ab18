"""The command line on a machine without POSIX-only modules: Windows has no fcntl."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import ROOT

RUNNER = """
import sys

class WithoutFcntl:
    def find_spec(self, name, path=None, target=None):
        if name == "fcntl":
            raise ImportError("No module named 'fcntl'")
        return None

sys.modules.pop("fcntl", None)
sys.meta_path.insert(0, WithoutFcntl())

if __name__ == "__main__":
    from kpicascade.cli import main
    sys.argv = ["kpicascade", *sys.argv[1:]]
    main()
"""
EXAMPLE = ROOT / "scorecards" / "northwind-components.yaml"


@pytest.mark.parametrize(
    ("args", "written"),
    [
        (["check", str(EXAMPLE)], None),
        (["score", str(EXAMPLE), "--format", "json"], None),
        (["workbook", str(EXAMPLE), "-o", "{tmp}/scorecard.xlsx"], "scorecard.xlsx"),
        (["build", str(EXAMPLE), "-o", "{tmp}/out", "--jobs", "1", "--no-pdf"], "out/index.html"),
    ],
    ids=["check", "score", "workbook", "build"],
)
def test_commands_run_where_fcntl_does_not_exist(tmp_path: Path, args: list[str], written: str | None) -> None:
    runner = tmp_path / "without_fcntl.py"
    runner.write_text(RUNNER)
    command = [sys.executable, "-W", "ignore::UserWarning", str(runner), *(a.format(tmp=tmp_path) for a in args)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    if written:
        assert (tmp_path / written).is_file()
