"""kpicascade workbook and import-actuals: thin commands, clean messages, exit codes scripts can trust."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from tests.workbook.conftest import Made, make

from kpicascade.cli import cli
from kpicascade.workbook.placement import D_ACTUAL, D_ID


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Made:
    monkeypatch.chdir(tmp_path)  # import where scorecard and workbook live, so the recorded path is followed
    return make(tmp_path / "card")


def type_actual(made: Made, ident: str, value: object) -> None:
    book = openpyxl.load_workbook(made.workbook)
    for ws in book.worksheets[1:5]:
        for row in range(5, ws.max_row + 1):
            if ws.cell(row=row, column=D_ID).value == ident:
                ws.cell(row=row, column=D_ACTUAL).value = value
    book.save(made.workbook)


def test_workbook_writes_the_file(example_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "book.xlsx"
    code, out, _ = run("workbook", str(example_path), "-o", str(target))
    assert code == 0
    assert f"wrote {target}" in out
    assert openpyxl.load_workbook(target).sheetnames[0] == "Summary"


def test_workbook_at_a_period(made: Made, tmp_path: Path) -> None:
    target = tmp_path / "q.xlsx"
    code, out, _ = run("workbook", str(made.scorecard), "-o", str(target), "--period", "2026-03")
    assert code == 0
    assert "2026-03" in out
    assert openpyxl.load_workbook(target)["Summary"]["B6"].value == "2026-03"


def test_workbook_by_quarter_imports_back_by_month_only(made: Made, tmp_path: Path) -> None:
    target = tmp_path / "q.xlsx"
    code, out, _ = run("workbook", str(made.scorecard), "-o", str(target), "--by", "quarter")
    assert code == 0
    # the coverage card has actuals from January to June, but three of its metrics stop in May: they are still
    # to report June (one month behind), so Q2 is not complete and the latest complete quarter is Q1
    assert "2026-Q1" in out
    assert openpyxl.load_workbook(target)["Summary"]["B6"].value == "2026-Q1"
    code, _, err = run("import-actuals", str(target), "--scorecard", str(made.scorecard))
    assert code == 1
    assert "without --by" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2031-01"], "outside the horizon"),
        (["--period", "March"], "is not a period"),
    ],
)
def test_workbook_bad_input_is_a_clean_error(made: Made, tmp_path: Path, args: list[str], message: str) -> None:
    target = tmp_path / "never.xlsx"
    code, out, err = run("workbook", str(made.scorecard), "-o", str(target), *args)
    assert code == 1
    assert message in err
    assert "Traceback" not in out + err
    assert not target.exists()


def test_workbook_of_an_invalid_scorecard_names_file_and_line(made: Made, tmp_path: Path) -> None:
    made.scorecard.write_text(made.scorecard.read_text().replace("kind: kpi\n", "kind: kpy\n", 1))
    code, _, err = run("workbook", str(made.scorecard), "-o", str(tmp_path / "x.xlsx"))
    assert code == 1
    assert f"{made.scorecard}:" in err


def test_import_prints_each_change_and_writes_the_csv(made: Made) -> None:
    type_actual(made, "kpi_rev", 1650)
    code, out, _ = run("import-actuals", str(made.workbook))
    assert code == 0, out
    assert "kpi_rev" in out
    assert "1600" in out
    assert "1650" in out
    assert "wrote" in out
    assert "kpi_rev,2026-06,1650" in made.csv.read_text()


def test_import_dry_run_writes_nothing(made: Made) -> None:
    type_actual(made, "kpi_rev", 1650)
    before = made.csv.read_bytes()
    code, out, _ = run("import-actuals", str(made.workbook), "--dry-run")
    assert code == 0
    assert "dry run" in out
    assert made.csv.read_bytes() == before


def test_import_json_for_scripts(made: Made) -> None:
    type_actual(made, "kpi_rev", 1650)
    code, out, _ = run("import-actuals", str(made.workbook), "--format", "json", "--dry-run")
    assert code == 0
    data = json.loads(out)
    assert data["changes"] == [
        {"id": "kpi_rev", "period": "2026-06", "old": 1600.0, "new": 1650.0, "cell": data["changes"][0]["cell"]}
    ]
    assert data["written"] is False


def test_import_of_a_changed_scorecard_is_refused_then_forced(made: Made) -> None:
    type_actual(made, "kpi_rev", 1650)
    made.scorecard.write_text(made.scorecard.read_text().replace("target: 1500", "target: 1550"))
    code, _, err = run("import-actuals", str(made.workbook))
    assert code == 1
    assert "--force" in err
    code, out, _ = run("import-actuals", str(made.workbook), "--force")
    assert code == 0
    assert "not compared" in out


def test_import_of_text_in_an_actual_cell_changes_nothing(made: Made) -> None:
    type_actual(made, "kpi_rev", "1650")
    before = made.csv.read_bytes()
    code, out, err = run("import-actuals", str(made.workbook))
    assert code == 1
    assert "number typed as text" in err
    assert "Traceback" not in out + err
    assert made.csv.read_bytes() == before


def test_import_of_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("hello")
    code, _, err = run("import-actuals", str(path))
    assert code == 1
    assert "not an Excel workbook" in err


@pytest.mark.parametrize("command", ["workbook", "import-actuals"])
def test_commands_have_help_with_an_example_and_are_in_the_readme(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Example:" in out
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert f"### `kpicascade {command}" in readme


def test_workbook_has_a_drivers_sheet_with_survey_drivers_below_the_links(tmp_path: Path) -> None:
    from tests.drivers.synthetic import Planted, write_portfolio
    from tests.drivers.test_survey import SURVEY, write_responses

    write_responses(tmp_path / "survey.csv")
    [card] = write_portfolio(tmp_path, 1, Planted(survey=SURVEY.format(file="survey.csv"), months=3))
    code, _, _ = run("workbook", str(card), "-o", str(tmp_path / "book.xlsx"))
    assert code == 0
    ws = openpyxl.load_workbook(tmp_path / "book.xlsx")["Drivers"]
    texts = [[c.value for c in row] for row in ws.iter_rows()]
    assert [t[0] for t in texts if t[0] and "Survey" in t[0]] == ["Survey drivers: which answers move the outcome"]
    questions = {t[1]: t for t in texts if t[1] in {"q_ship_dates", "q_easy_order", "q_invoice"}}
    assert set(questions) == {"q_ship_dates", "q_easy_order", "q_invoice"}
    assert questions["q_ship_dates"][0] == "confirmed"
    assert "OTIF, Expedited shipments" in questions["q_ship_dates"]
