"""kpicascade diagram: views to files, one file per department, clean errors, the fallback without an engine."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from defusedxml import ElementTree
from tests.diagram.cards import large

import kpicascade
from kpicascade import diagram
from kpicascade.cli import cli
from kpicascade.diagram import layout

EXAMPLE = Path(__file__).resolve().parents[2] / "scorecards" / "northwind-components.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["diagram", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.dot
@pytest.mark.parametrize("view", ["cascade", "strategy"])
def test_writes_svg(tmp_path: Path, view: str) -> None:
    code, out, err = run(str(EXAMPLE), "-o", str(tmp_path / "plan.svg"), "--view", view)
    assert code == 0, err
    assert out == f"wrote {tmp_path / 'plan.svg'}\n"
    root = ElementTree.parse(tmp_path / "plan.svg").getroot()
    assert root is not None
    assert any(e.get("id") == "node-obj_profitable_growth" for e in root.iter())


def test_dot_output_is_the_library_source(tmp_path: Path) -> None:
    code, _, err = run(str(EXAMPLE), "-o", str(tmp_path / "plan.dot"), "--period", "2026-Q2", "--no-signals")
    assert code == 0, err
    expected = diagram.cascade(kpicascade.load(EXAMPLE).score(period="2026-Q2")).source
    assert (tmp_path / "plan.dot").read_text(encoding="utf-8") == expected


def test_department_view_writes_one_file_per_department(tmp_path: Path) -> None:
    code, out, err = run(str(EXAMPLE), "-o", str(tmp_path / "nw.dot"), "--view", "department")
    assert code == 0, err
    written = sorted(p.name for p in tmp_path.iterdir())
    assert "nw-finance.dot" in written
    assert "nw-supply_chain.dot" in written
    assert out.count("wrote ") == len(written)


@pytest.mark.dot
def test_department_pages_laid_out_at_once_are_those_laid_out_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "PARALLEL_FROM", 0)  # as a scorecard of thousands of nodes is
    code, out, err = run(str(EXAMPLE), "-o", str(tmp_path / "nw.svg"), "--view", "department")
    assert code == 0, err
    pages = diagram.departments(kpicascade.load(EXAMPLE).score(), signals=True)
    assert out == "".join(f"wrote {tmp_path / f'nw-{d}.svg'}\n" for d in pages)
    for d, graph in pages.items():
        assert (tmp_path / f"nw-{d}.svg").read_bytes() == layout.lay_out(graph.source, "svg"), d


def test_one_department(tmp_path: Path) -> None:
    code, _, err = run(str(EXAMPLE), "-o", str(tmp_path / "f.dot"), "--view", "department", "--department", "finance")
    assert code == 0, err
    assert "Finance, 2026-Q3" in (tmp_path / "f.dot").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "plan.txt"], "write a diagram as .svg, .png, .pdf or .dot"),
        (
            ["-o", "plan.svg", "--view", "department", "--department", "nope"],
            "no department 'nope'; choose one of exec",
        ),
        (["-o", "plan.svg", "--view", "pie"], "'pie' is not one of"),
        (["-o", "plan.svg", "--depth", "-1"], "-1 is not in the range x>=0"),
    ],
)
def test_bad_usage_exits_2(tmp_path: Path, args: list[str], message: str) -> None:
    args = [a if a != "plan.svg" and a != "plan.txt" else str(tmp_path / a) for a in args]
    code, _, err = run(str(EXAMPLE), *args)
    assert code == 2
    assert message in " ".join(err.split())
    assert list(tmp_path.iterdir()) == []


def test_bad_period_exits_1(tmp_path: Path) -> None:
    code, out, err = run(str(EXAMPLE), "-o", str(tmp_path / "p.svg"), "--period", "2031-Q1")
    assert code == 1
    assert "outside the horizon" in err
    assert "Traceback" not in out + err


def test_invalid_scorecard_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "account: A\naccount_id: a\nvendor: V\ncurrency: EURO\ncalendar: quarter\n"
        "horizon: {start: 2025-Q1, end: 2025-Q4}\n",
        encoding="utf-8",
    )
    code, _, err = run(str(bad), "-o", str(tmp_path / "p.svg"))
    assert code == 1
    assert f"{bad}:4" in err
    assert not (tmp_path / "p.svg").exists()


def test_without_an_engine_writes_the_dot_and_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "_has_pygraphviz", lambda: False)
    monkeypatch.setattr("shutil.which", lambda name: None)
    code, out, err = run(str(EXAMPLE), "-o", str(tmp_path / "plan.svg"))
    assert code == 1
    assert f"wrote {tmp_path / 'plan.dot'} (no layout engine)" in out
    assert "pip install pygraphviz" in err
    assert "apt-get install graphviz" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.dot"]


def test_large_scorecard_gets_an_overview(tmp_path: Path) -> None:
    card = large(objectives=12)
    data = card.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True)
    data.update(
        account=card.account,
        account_id=card.account_id,
        vendor=card.vendor,
        currency=card.currency,
        calendar=card.calendar,
    )
    (tmp_path / "large.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = run(str(tmp_path / "large.yaml"), "-o", str(tmp_path / "large.dot"))
    assert code == 0, err
    assert "1,020 nodes: drew an overview to depth 2" in out
    assert (tmp_path / "large.dot").read_text(encoding="utf-8").count('id="node-') == 252


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["diagram", "--help"])
    assert "Example:" in result.stdout
    assert "kpicascade diagram scorecards/northwind-components.yaml -o northwind.svg" in result.stdout
