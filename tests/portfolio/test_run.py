"""Portfolio builds: outputs, incremental rebuilds, partial failure, fail-fast and concurrent builds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kpicascade.cli import cli
from kpicascade.portfolio import build
from kpicascade.portfolio.digests import RECORD
from kpicascade.portfolio.review_period import PERIODS
from kpicascade.portfolio.stamps import STAMP, SUMMARY_FORMAT
from kpicascade.portfolio.xlsx import HEADER
from kpicascade.report.printing import SCRATCH
from tests.portfolio.conftest import change_actuals
from tests.portfolio.outputs import outputs_of
from tests.report.fake_chromium import fake_chromium, starts


def _mtimes(out: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_build_writes_every_output_and_the_portfolio(cards: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build([cards], out, jobs=2)
    assert report.count("built") == 3
    assert not report.failed
    found = outputs_of(out)  # every file opens
    for stem in ("northwind-components", "brightloop-software", "meridian-health"):
        for name in ("scores.json", "scorecard.xlsx", "cascade.svg", "strategy-map.svg", "deck.pptx"):
            assert f"{stem}/{name}" in found
    assert {"index.html", "portfolio.xlsx"} <= set(found)
    index = (out / "index.html").read_text()
    assert "Northwind Components" in index
    assert 'href="meridian-health/report.html"' in index
    summary = openpyxl.load_workbook(out / "portfolio.xlsx")
    assert summary.sheetnames == ["Accounts", "Heat map", "Objectives", "Value", "Red KPIs"]
    accounts = [summary["Accounts"].cell(row=HEADER + k, column=2).value for k in (1, 2, 3)]
    assert accounts == ["brightloop-software", "meridian-health", "northwind-components"]


def test_a_summary_an_older_version_stamped_is_made_again_without_rewriting_outputs(
    cards: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build([cards], out, jobs=1)
    path = out / "meridian-health" / STAMP
    stamp = json.loads(path.read_text())
    stamp["summary"] = {key: stamp["summary"][key] for key in ("account", "period", "score", "objectives")}
    path.write_text(json.dumps(stamp))
    before = _mtimes(out)
    report = build([cards], out, jobs=1)
    assert report.count("unchanged") == 2
    assert json.loads(path.read_text())["summary"]["format"] == SUMMARY_FORMAT
    assert not report.portfolio_written  # the summary made again is the one the portfolio was made from
    after = _mtimes(out)
    assert {p for p in after if after[p] != before.get(p)} == {str(path)}


def test_rebuild_with_nothing_changed_touches_no_file(cards: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([cards], out, jobs=1)
    before = _mtimes(out)
    report = build([cards], out, jobs=1)
    assert report.count("unchanged") == 3
    assert not report.portfolio_written
    assert _mtimes(out) == before


def test_only_the_changed_account_is_rebuilt(cards: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([cards], out, jobs=1)
    before = _mtimes(out)
    change_actuals(cards, "meridian-health")
    report = build([cards], out, jobs=1)
    assert {Path(o.scorecard).stem: o.state for o in report.outcomes} == {
        "northwind-components": "unchanged",
        "brightloop-software": "unchanged",
        "meridian-health": "built",
    }
    after = _mtimes(out)
    changed = {Path(p).relative_to(out).parts[0] for p in after if after[p] != before.get(p)}
    # and the records of each account's periods and of the files hashed, which now hold Meridian's new files
    kept = {"meridian-health", "index.html", "portfolio.xlsx", ".kpicascade-portfolio.json", PERIODS, RECORD}
    assert changed <= kept


def test_a_deleted_output_is_rebuilt(cards: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([cards], out, jobs=1)
    (out / "brightloop-software" / "scorecard.xlsx").unlink()
    report = build([cards], out, jobs=1)
    assert report.count("built") == 1
    assert (out / "brightloop-software" / "scorecard.xlsx").is_file()


def test_a_broken_scorecard_is_reported_and_the_others_built(cards: Path, tmp_path: Path) -> None:
    broken = cards / "northwind-components.yaml"
    broken.write_text(broken.read_text().replace("kind: kpi", "kind: kip", 1))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(cards), "-o", str(out), "--jobs", "1", "--no-pdf"])
    assert result.exit_code == 1
    assert "northwind-components.yaml:" in result.output
    assert "kind" in result.output
    assert not (out / "northwind-components").exists()
    assert (out / "meridian-health" / "scorecard.xlsx").is_file()
    assert "northwind-components.yaml" in (out / "index.html").read_text()


def test_fail_fast_stops_at_the_first_failure(cards: Path, tmp_path: Path) -> None:
    broken = cards / "brightloop-software.yaml"
    broken.write_text("account_id: [\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(cards), "-o", str(out), "--jobs", "1", "--no-pdf", "--fail-fast", "--format", "json"]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["failed"] == 1
    assert data["built"] == 0
    assert not (out / "index.html").exists()


def test_outputs_never_leave_the_output_folder(cards: Path, tmp_path: Path) -> None:
    source = cards / "meridian-health.yaml"
    for name in ("con", "..evil"):
        (cards / f"{name}.yaml").write_text(source.read_text())
    out = tmp_path / "deep" / "out"
    build([cards], out, jobs=1)
    written = [p.resolve() for p in tmp_path.rglob("*") if p.is_file() and "cards" not in p.parts]
    assert all(out.resolve() in p.parents for p in written)
    assert (out / "con_").is_dir()
    assert (out / "evil").is_dir()


def test_two_builds_into_one_folder_do_not_corrupt_each_other(cards: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kpicascade", "build", str(cards), "-o", str(out), "--jobs", "1", "--no-pdf"]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for proc in procs:
        proc.communicate(timeout=300)
    assert [p.returncode for p in procs] == [0, 0]
    outputs_of(out)  # every output opens
    stamps = list(out.rglob(".*.tmp"))
    assert not stamps


def test_a_worker_imports_the_renderers_then_freezes_what_they_made() -> None:
    script = (
        "import gc, sys; from kpicascade.portfolio.run import RENDERERS, start_worker; start_worker(); "
        "print(gc.get_freeze_count() > 10000, all(m in sys.modules for m in RENDERERS))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["True", "True"]


#: What a build that finds every account up to date never needs: the renderers' libraries and the loader's.
RENDERING = ["numpy", "openpyxl", "networkx", "jinja2", "graphviz", "pygraphviz", "pydantic", "yaml", "pptx", "lxml"]


def test_a_build_with_nothing_to_do_imports_no_renderer_loader_or_engine(cards: Path, tmp_path: Path) -> None:
    out, card = tmp_path / "out", cards / "brightloop-software.yaml"
    build([card], out, jobs=1)
    script = (
        "import json, sys\nfrom kpicascade.cli import cli\n"
        f"try:\n    cli(['build', {str(card)!r}, '-o', {str(out)!r}, '--no-pdf', '--paper', 'a4'], prog_name='k')\n"
        "except SystemExit as exc:\n    print(exc.code)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    *_, code, modules = done.stdout.splitlines()
    assert "0 built, 1 unchanged, 0 failed" in done.stdout
    assert code == "0"
    assert "kpicascade.portfolio.run" in json.loads(modules)
    assert sorted({m.split(".")[0] for m in json.loads(modules)} & set(RENDERING)) == []


def test_the_period_and_grain_asked_for_reach_every_output_and_the_stamp(cards: Path, tmp_path: Path) -> None:
    out, card = tmp_path / "out", cards / "brightloop-software.yaml"
    report = build([card], out, jobs=1, period="2026-Q1", grain="quarter")
    assert report.count("built") == 1
    scores = json.loads((out / "brightloop-software" / "scores.json").read_text())
    assert scores["period"] == "2026-Q1"
    assert "2026-Q1" in (out / "brightloop-software" / "report.html").read_text()
    assert build([card], out, jobs=1, period="2026-Q1", grain="quarter").count("unchanged") == 1
    assert build([card], out, jobs=1).count("built") == 1  # another view: nothing is up to date
    assert json.loads((out / "brightloop-software" / "scores.json").read_text())["period"] != "2026-Q1"


def test_build_takes_period_and_by_on_the_command_line(cards: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", str(cards / "meridian-health.yaml"), "-o", str(out), "--by", "quarter", "--period", "2026-Q1"]
    args.append("--no-pdf")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads((out / "meridian-health" / "scores.json").read_text())["period"] == "2026-Q1"


def test_one_poisoned_account_is_reported_and_every_other_is_built(cards: Path, tmp_path: Path) -> None:
    text = (
        (cards / "northwind-components.yaml")
        .read_text()
        .replace("account_id: northwind-components", "account_id: bell")
    )
    (cards / "bell.yaml").write_text(text.replace("account: Northwind Components GmbH", 'account: "North\\awind"'))
    (tmp_path / "out" / "meridian-health").mkdir(parents=True)
    (tmp_path / "out" / "meridian-health" / "scores.json").mkdir()  # an I/O error inside one account
    result = CliRunner().invoke(cli, ["build", str(cards), "-o", str(tmp_path / "out"), "--jobs", "2", "--no-pdf"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "U+0007 (a control character)" in result.stderr
    assert "scores.json: it is a folder, not a regular file" in result.stderr
    found = outputs_of(tmp_path / "out")
    assert {"index.html", "portfolio.xlsx", "northwind-components/scorecard.xlsx"} <= set(found)
    assert "brightloop-software/report.html" in found
    index = (tmp_path / "out" / "index.html").read_text()
    assert "bell.yaml" in index
    assert "meridian-health.yaml" in index


def test_a_scorecard_named_like_the_summary_gets_a_folder_of_its_own(cards: Path, tmp_path: Path) -> None:
    for name in ("index.html", "portfolio.xlsx"):
        text = (cards / "northwind-components.yaml").read_text()
        (cards / f"{name}.yaml").write_text(text.replace("account_id: northwind-components", f"account_id: {name}"))
    out = tmp_path / "out"
    report = build([cards], out, jobs=1)
    assert not report.failed
    assert (out / "index.html").is_file()
    assert (out / "portfolio.xlsx").is_file()
    assert (out / "index.html-account" / "report.html").is_file()
    assert (out / "portfolio.xlsx-account" / "scorecard.xlsx").is_file()
    assert 'href="index.html-account/report.html"' in (out / "index.html").read_text()


def test_a_summary_that_cannot_be_written_is_a_clear_error(
    cards: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").mkdir()  # something that is not a file where the index goes
    result = CliRunner().invoke(cli, ["build", str(cards), "-o", str(out), "--jobs", "1", "--no-pdf"])
    assert result.exit_code == 1
    assert "the portfolio summary was not written: cannot write" in result.stderr
    assert "index.html: it is a folder" in result.stderr
    assert "3 built" in result.stdout


@pytest.mark.chromium
def test_the_command_line_prints_each_report_on_the_paper_asked_and_no_pdf_removes_it(
    cards: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    out, card = tmp_path / "out", str(cards / "meridian-health.yaml")
    pdf, html = out / "meridian-health" / "report.pdf", out / "meridian-health" / "report.html"

    def built(*options: str) -> str:
        result = CliRunner().invoke(cli, ["build", card, "-o", str(out), "--jobs", "1", *options])
        assert result.exit_code == 0, result.output
        return result.stdout

    built("--paper", "a4")
    first = PdfReader(pdf).pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)  # A4 in points
    assert "Meridian Health Partners Ltd · account plan" in (first.extract_text() or "")
    assert "1 unchanged" in built("--paper", "a4")
    before = _mtimes(out)
    built("--paper", "letter")  # the print layout changed: the report and its PDF again, nothing else
    after = _mtimes(out)
    rewritten = {Path(p).name for p in after if after[p] != before.get(p)}
    assert rewritten == {"report.html", "report.pdf", STAMP}
    assert round(float(PdfReader(pdf).pages[0].mediabox.width)) == 612  # Letter: 8.5 inches of 72 points
    built("--paper", "letter", "--no-pdf")  # a PDF left from before would show old figures: removed
    assert not pdf.exists()
    assert html.is_file()
    assert "1 unchanged" in built("--paper", "letter", "--no-pdf")


@pytest.mark.parametrize(("jobs", "browsers"), [(1, 1), (2, 2)])
def test_each_worker_prints_every_pdf_it_makes_with_one_browser(
    cards: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, browsers: int
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # the workers' temporary folder too
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    log = fake_chromium(tmp_path, monkeypatch)
    outcomes = build([cards], tmp_path / "out", jobs=jobs, pdf=True).outcomes
    assert sorted(o.state for o in outcomes) == ["built"] * 3
    assert all((Path(o.folder) / "report.pdf").read_bytes().startswith(b"%PDF-") for o in outcomes)
    assert starts(log) <= browsers  # not one a PDF: three accounts, at most one browser per worker
    assert [p.name for p in scratch.iterdir() if p.name.startswith(SCRATCH)] == []  # nothing left behind
