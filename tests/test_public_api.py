"""The public surface: __all__ sorted, every name there and documented, errors built on built-ins."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import kpicascade


def test_all_is_sorted_and_unique() -> None:
    assert kpicascade.__all__ == sorted(set(kpicascade.__all__))


@pytest.mark.parametrize("name", kpicascade.__all__)
def test_every_public_name_is_importable_and_documented(name: str) -> None:
    value = getattr(importlib.import_module("kpicascade"), name)
    if name != "__version__":
        assert (value.__doc__ or "").strip(), f"{name} has no docstring"


def test_every_exception_is_also_a_built_in() -> None:
    errors = [getattr(kpicascade, n) for n in kpicascade.__all__ if n.endswith("Error") and n != "KpiCascadeError"]
    assert errors
    for error in errors:
        assert issubclass(error, kpicascade.KpiCascadeError)
        assert any(issubclass(error, base) for base in (ValueError, RuntimeError, ImportError, OSError)), error


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kpicascade", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"kpicascade, version {kpicascade.__version__}"


def test_the_changelog_names_the_version() -> None:
    from tests.conftest import ROOT

    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = next(line for line in text.splitlines() if line.startswith("## ") and line[3:4].isdigit())
    release = kpicascade.__version__.split(".dev")[0]
    assert newest.split()[1] == release
    assert ("(unreleased)" in newest) == (".dev" in kpicascade.__version__)
