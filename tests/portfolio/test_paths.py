"""Output paths stay inside the output folder whatever a scorecard is called."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpicascade.portfolio.paths import inside, safe_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("northwind-components", "northwind-components"),
        ("../../etc/passwd", "etc_passwd"),
        ("..", "account"),
        (".", "account"),
        ("", "account"),
        ("con", "con_"),
        ("CON.txt", "CON_.txt"),
        ("lpt1", "lpt1_"),
        ("a/b\\c", "a_b_c"),
        ("Acme Foods <Ltd>", "Acme_Foods_Ltd"),
        ("x" * 300, "x" * 100),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", "/etc/passwd", "con", "a/../../b"])
def test_inside_never_leaves_the_folder(tmp_path: Path, name: str) -> None:
    target = inside(tmp_path, name)
    assert tmp_path.resolve() in target.parents
