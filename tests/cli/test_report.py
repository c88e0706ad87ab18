"""kpicascade report: one HTML file, company templates, clean errors, a report even without a layout engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import kpicascade
from kpicascade.cli import cli
from kpicascade.diagram import layout

EXAMPLE = Path(__file__).resolve().parents[2] / "scorecards" / "brightloop-software.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["report", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.dot
def test_writes_one_html_file_with_the_diagram(tmp_path: Path) -> None:
    code, out, err = run(str(EXAMPLE), "-o", str(tmp_path / "plan.html"))
    assert code == 0, err
    assert out == f"wrote {tmp_path / 'plan.html'}\n"
    page = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert 'aria-label="Cascade of Brightloop Software, Inc."' in page
    for node in kpicascade.load(EXAMPLE).nodes:
        if node.kind == "objective":
            assert node.name in page
    assert list(tmp_path.iterdir()) == [tmp_path / "plan.html"]
    findings = page.split('<section id="findings">')[1].split("</section>")[0]
    assert findings.count('<td class="verdict verdict-') == len(kpicascade.load(EXAMPLE).links.signals)


def test_period_and_templates(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.css").write_text("h1 { color: #0a0b0c; }", encoding="utf-8")
    code, _, err = run(str(EXAMPLE), "-o", str(tmp_path / "q.html"), "--period", "2026-06", "--templates", str(brand))
    assert code == 0, err
    page = (tmp_path / "q.html").read_text(encoding="utf-8")
    assert "#0a0b0c" in page
    assert "Period <strong>2026-06</strong>" in page


def test_without_an_engine_the_report_has_no_diagram_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "_has_pygraphviz", lambda: False)
    monkeypatch.setattr("shutil.which", lambda name: None)
    code, _, err = run(str(EXAMPLE), "-o", str(tmp_path / "plan.html"))
    assert code == 0
    assert "the report has no diagram" in err
    assert "pip install pygraphviz" in (tmp_path / "plan.html").read_text(encoding="utf-8")


def test_broken_template_exits_1_and_keeps_the_old_report(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text("{% for %}", encoding="utf-8")
    (tmp_path / "plan.html").write_text("old", encoding="utf-8")
    code, out, err = run(str(EXAMPLE), "-o", str(tmp_path / "plan.html"), "--templates", str(tmp_path))
    assert code == 1
    assert "the report template failed" in err
    assert "Traceback" not in out + err
    assert (tmp_path / "plan.html").read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize(("args", "code"), [(["--templates", "/no/such/dir"], 2), (["--period", "2026-Q2"], 1)])
def test_bad_options(tmp_path: Path, args: list[str], code: int) -> None:
    exit_code, _, err = run(str(EXAMPLE), "-o", str(tmp_path / "p.html"), *args)
    assert exit_code == code, err
    assert not (tmp_path / "p.html").exists()


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert "kpicascade report scorecards/northwind-components.yaml -o northwind.html" in result.stdout


@pytest.mark.chromium
@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("LETTER", (612, 792))])
def test_a_pdf_suffix_prints_the_plan(tmp_path: Path, paper: str, size: tuple[int, int]) -> None:
    from pypdf import PdfReader

    code, out, err = run(str(EXAMPLE), "-o", str(tmp_path / "plan.pdf"), "--paper", paper)
    assert code == 0, err
    assert out == f"wrote {tmp_path / 'plan.pdf'}\n"
    first = PdfReader(tmp_path / "plan.pdf").pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == size
    assert "Brightloop Software, Inc. · account plan" in (first.extract_text() or "")
    assert list(tmp_path.iterdir()) == [tmp_path / "plan.pdf"]


@pytest.mark.parametrize("name", ["plan.docx", "plan", "plan.pdf.txt"])
def test_another_suffix_is_refused(tmp_path: Path, name: str) -> None:
    code, out, err = run(str(EXAMPLE), "-o", str(tmp_path / name))
    assert code == 1
    assert "the report is written as .html or .pdf" in err
    assert "Traceback" not in out + err
    assert list(tmp_path.iterdir()) == []


def test_the_paper_must_be_a4_or_letter(tmp_path: Path) -> None:
    code, _, err = run(str(EXAMPLE), "-o", str(tmp_path / "plan.pdf"), "--paper", "a3")
    assert code == 2
    assert "'a3' is not one of 'a4', 'letter'" in err
