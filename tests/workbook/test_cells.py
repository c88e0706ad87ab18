"""Sheet titles, references and text that never becomes a formula."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from kpicascade.workbook.cells import put_text, quote_sheet, ref, sheet_title


@pytest.mark.parametrize(
    ("name", "taken", "title"),
    [
        ("Finance", set(), "Finance"),
        ("Sales/Marketing [EU]: *all*?", set(), "Sales Marketing EU all"),
        ("'quoted'", set(), "quoted"),
        ("A" * 40, set(), "A" * 31),
        ("Finance", {"finance"}, "Finance (2)"),
        ("B" * 40, {"b" * 31}, "B" * 27 + " (2)"),
        ("History", set(), "History (2)"),
        ("///", set(), "Sheet"),
        # 40 characters: long words shortened (the last, which names the department, kept), not cut mid-word
        ("Personal & Small Commercial Underwriting", set(), "Pers. Small Comm. Underwriting"),
        ("Customer Experience and Support Operations", set(), "Cust. Expe. & Supp. Operations"),
        ("Personal & Small Commercial Underwriting", {"pers. small comm. underwriting"}, "Pers. Small Comm. Unde. (2)"),
    ],
)
def test_sheet_titles_are_valid_and_unique(name: str, taken: set[str], title: str) -> None:
    assert sheet_title(name, taken) == title
    assert title.lower() in taken


@pytest.mark.parametrize(
    ("title", "quoted"),
    [
        ("Calc", "Calc"),
        ("Sales & Co", "'Sales & Co'"),
        ("O'Brien", "'O''Brien'"),
        ("AB12", "'AB12'"),
        ("R1C1", "'R1C1'"),
        ("2026", "'2026'"),
    ],
)
def test_sheet_titles_are_quoted_only_when_needed(title: str, quoted: str) -> None:
    assert quote_sheet(title) == quoted


def test_reference() -> None:
    assert ref("Sales & Co", 8, 5) == "'Sales & Co'!H5"
    assert ref("Calc", 28, 2, absolute=True) == "Calc!$AB$2"


@pytest.mark.parametrize(
    ("text", "prefixed"),
    [
        ('=HYPERLINK("http://x","click")', True),
        ("+1", True),
        ("-2", True),
        ("@SUM(A1)", True),
        ("Revenue", False),
        ("a=b", False),
    ],
)
def test_text_never_becomes_a_formula(text: str, prefixed: bool) -> None:
    cell = put_text(Workbook().active["A1"], text)
    assert cell.value == text
    assert cell.data_type == "s"
    assert bool(cell.quotePrefix) is prefixed
