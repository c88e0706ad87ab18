"""The wheel: templates and example scorecards inside the package, found from an installed copy."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=600, check=False, cwd=cwd, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, ROOT)
    [built] = out.glob("kpicascade-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_templates_and_examples_inside_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").iterdir():
        assert f"kpicascade/templates/{template.name}" in names
    for example in (ROOT / "scorecards").iterdir():
        assert f"kpicascade/scorecards/{example.name}" in names
    assert "kpicascade/py.typed" in names
    for pack in (ROOT / "src" / "kpicascade" / "catalog" / "data").iterdir():
        assert f"kpicascade/catalog/data/{pack.name}" in names
    assert not any(name.startswith(("tests/", "templates/", "scorecards/")) for name in names)


@pytest.mark.slow
def test_an_installed_wheel_finds_its_files_and_checks_its_examples(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    _run(sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", target, wheel)
    env = {**os.environ, "PYTHONPATH": str(target), "NO_COLOR": "1"}
    code = (
        "import kpicascade, kpicascade.resources as r; "
        "print(kpicascade.__file__); print(r.templates_dir()); print(r.scorecards_dir()); "
        "print(sorted(r.example_scorecards())); from kpicascade.catalog import catalog; print(len(catalog().entries))"
    )
    where, templates, scorecards, examples, entries = _run(
        sys.executable, "-c", code, cwd=tmp_path, env=env
    ).splitlines()
    package = target / "kpicascade"
    assert Path(where).parent == package  # the installed copy, not the checkout
    assert Path(templates) == package / "templates"
    assert (package / "templates" / "report.html.j2").is_file()
    assert Path(scorecards) == package / "scorecards"
    assert examples == str(sorted(p.stem for p in (ROOT / "scorecards").glob("*.yaml")))
    assert int(entries) >= 80  # the catalogue's packs travel inside the package
    out = _run(sys.executable, "-m", "kpicascade", "check", package / "scorecards", cwd=tmp_path, env=env)
    assert out.count(": valid (") == len(list((ROOT / "scorecards").glob("*.yaml")))
    _run(sys.executable, "-m", "kpicascade", "init", "acme-foods", "--template", "software", cwd=tmp_path, env=env)
    _run(sys.executable, "-m", "kpicascade", "check", "acme-foods.yaml", cwd=tmp_path, env=env)
