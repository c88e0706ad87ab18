"""Notes from CSV files and inline rows: every row checked, each problem named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpicascade
from tests.cards import write_card

_NOTES = "actuals:\n  rows:\n"


def _card(tmp_path: Path, csv_text: str | None, inline: str = "") -> Path:
    files = "  files: [card.notes.csv]\n" if csv_text is not None else ""
    rows = f"  rows:\n{inline}" if inline else ""
    path, _ = write_card(tmp_path, [(_NOTES, f"notes:\n{files}{rows}{_NOTES}")])
    if csv_text is not None:
        (tmp_path / "card.notes.csv").write_text(csv_text, encoding="utf-8")
    return path


def test_notes_from_a_file_and_inline_rows(tmp_path: Path) -> None:
    text = (
        "node,period,text,author\n"
        'kpi_nps,2025-Q1,"Survey wave moved to April, so no Q1 score",Mia Dahl\n'
        "kpi_otif,2025-Q1,Heatwave,\n"
    )
    card = kpicascade.load(_card(tmp_path, text, "    - {node: obj_reliable, period: 2025-Q2, text: On plan}\n"))
    assert [(n.node, n.period, n.text, n.author) for n in card.commentary] == [
        ("obj_reliable", "2025-Q2", "On plan", None),
        ("kpi_nps", "2025-Q1", "Survey wave moved to April, so no Q1 score", "Mia Dahl"),
        ("kpi_otif", "2025-Q1", "Heatwave", None),
    ]
    assert card.note("kpi_otif", "2025-Q1") is not None
    assert str((tmp_path / "card.notes.csv").resolve()) in card.input_files


# (case, CSV text, problem code, line)
BAD_ROWS = [
    ("unknown node", "node,period,text\nkpi_otf,2025-Q1,x\n", "notes-node", 2),
    ("a month in a quarterly scorecard", "node,period,text\nkpi_otif,2025-03,x\n", "notes-period", 2),
    ("outside the horizon", "node,period,text\nkpi_otif,2030-Q1,x\n", "notes-period", 2),
    ("empty text", "node,period,text\nkpi_otif,2025-Q1,x\nkpi_nps,2025-Q1,  \n", "notes-text", 3),
    ("twice", "node,period,text\nkpi_otif,2025-Q1,x\nkpi_otif,2025-Q1,y\n", "notes-period", 3),
    ("too long", "node,period,text\nkpi_otif,2025-Q1," + "x" * 2001 + "\n", "notes-text", 2),
    ("missing column", "node,text\nkpi_otif,x\n", "notes-file", 1),
    (
        "after a note on two lines, the line its record starts on",
        'node,period,text\nkpi_otif,2025-Q1,"first line\nsecond line"\nkpi_otf,2025-Q1,x\n',
        "notes-node",
        4,
    ),
    ("a quote left open", 'node,period,text\nkpi_otif,2025-Q1,"open\n', "notes-file", 2),
]


@pytest.mark.parametrize(("case", "text", "code", "line"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_bad_rows(tmp_path: Path, case: str, text: str, code: str, line: int) -> None:
    path = _card(tmp_path, text)
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(path)
    found = [p for p in caught.value.problems if p.code == code]
    assert found, [str(p) for p in caught.value.problems]
    assert found[0].location.file.endswith("card.notes.csv")
    assert found[0].location.line == line


def test_a_missing_notes_file_is_named_where_it_is_listed(tmp_path: Path) -> None:
    path = _card(tmp_path, None)
    path.write_text(path.read_text().replace("notes:\n", "notes:\n  files: [gone.csv]\n"), encoding="utf-8")
    with pytest.raises(kpicascade.ScorecardError, match=r"gone\.csv not found") as caught:
        kpicascade.load(path)
    assert caught.value.problems[0].location.file == str(path)


def test_an_inline_note_twice_is_an_error(tmp_path: Path) -> None:
    row = "    - {node: kpi_otif, period: 2025-Q1, text: x}\n"
    with pytest.raises(kpicascade.ScorecardError, match="has a note already"):
        kpicascade.load(_card(tmp_path, None, row + row))


def test_an_excel_saved_notes_file_reads_as_any_other(tmp_path: Path) -> None:
    saved = '\ufeffnode;period;text;author\r\nkpi_nps;2025-Q1;"Survey moved;\r\nsee April";Mia Dahl\r\n'
    path = _card(tmp_path, "")
    (tmp_path / "card.notes.csv").write_bytes(saved.encode("utf-8"))
    card = kpicascade.load(path)
    assert [(n.node, n.text, n.author) for n in card.commentary] == [
        ("kpi_nps", "Survey moved;\r\nsee April", "Mia Dahl")
    ]


def test_a_quarters_view_of_a_monthly_scorecard_shows_its_latest_months_note(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "scorecards"
    for part in examples.glob("brightloop-software.*"):
        (tmp_path / part.name).write_bytes(part.read_bytes())
    notes = tmp_path / "brightloop-software.notes.csv"
    with notes.open("a", encoding="utf-8") as handle:
        handle.write(
            "kpi_win_rate,2026-07,July: two renewals slipped,Ravi\nkpi_win_rate,2026-08,August: both renewals signed,\n"
        )
        handle.write("kpi_win_rate,2026-10,October: outside the quarter,\n")
    card = kpicascade.load(tmp_path / "brightloop-software.yaml")
    by_quarter = card.score(period="2026-Q3", grain="quarter")
    node = by_quarter.node("kpi_win_rate")
    # the quarter's latest month with a note is August: September has none, October is the next quarter
    assert (node.note, node.note_author) == ("August: both renewals signed", None)
    by_month = card.score(period="2026-07")
    assert by_month.node("kpi_win_rate").note == "July: two renewals slipped"
    assert card.score(period="2026-09").node("kpi_win_rate").note is None
