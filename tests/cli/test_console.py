"""Terminal output: never cut when piped; text from files shown, never obeyed; no :emoji: codes or markup."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from rich.markup import escape
from tests.conftest import ROOT

from kpicascade.cli import cli
from kpicascade.cli._console import console, visible

EXAMPLE = str(ROOT / "scorecards" / "northwind-components.yaml")


@pytest.mark.parametrize(
    ("args", "line_holds"),
    [
        (
            ["score", EXAMPLE],
            ["Inside sales: 90% of quotes carry a system-confirmed delivery date (mbo)", "84.5% / 90.0%"],
        ),
        (["drivers", EXAMPLE], ["sig_weekly_active_planners", "kpi_forecast_accuracy", "no sign of an effect yet"]),
    ],
    ids=["score tree", "drivers table"],
)
def test_piped_output_keeps_whole_lines(
    monkeypatch: pytest.MonkeyPatch, args: list[str], line_holds: list[str]
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert any(all(part in line for part in line_holds) for line in lines), done.output
    assert max(len(line) for line in lines) > 80
    assert "…" not in done.output


def test_columns_still_sets_the_width_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    done = CliRunner().invoke(cli, ["drivers", EXAMPLE])
    assert done.exit_code == 0, done.output
    table = [line for line in done.output.splitlines() if line[:1] in "┏┃┡│└"]
    assert table
    assert max(len(line) for line in table) <= 60


# (case, text, what the terminal receives)
CASES = [
    ("clear screen", "x\x1b[2Jy", "x\\x1b[2Jy"),
    ("bell and backspace", "a\x07\x08b", "a\\x07\\x08b"),
    ("carriage return that would hide a line", "safe\roverwritten", "safe\\x0doverwritten"),
    ("C1 CSI", "a\x9b31mb", "a\\x9b31mb"),
    ("DEL", "a\x7fb", "a\\x7fb"),
    ("emoji code", "root:x:0:0:root:/root", "root:x:0:0:root:/root"),
    ("markup", "[bold red]not bold[/]", "[bold red]not bold[/]"),
    ("a line break stays", "a\nc", "a\nc"),
    ("accents stay", "Fjörd café", "Fjörd café"),
]


@pytest.mark.parametrize(("case", "text", "shown"), CASES, ids=[c[0] for c in CASES])
def test_text_reaches_the_terminal_as_text(case: str, text: str, shown: str) -> None:
    out = console()
    out.file = io.StringIO()
    out.print(f"error: {escape(text)}")
    assert out.file.getvalue() == f"error: {shown}\n"
    assert visible(text) == shown or "[" in text
