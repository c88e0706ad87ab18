"""Output that is not a terminal (a file, a pipe, less) is never wrapped or cut at 80 columns."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from tests.conftest import ROOT

from kpicascade.cli import cli

EXAMPLE = str(ROOT / "scorecards" / "northwind-components.yaml")


@pytest.mark.parametrize(
    ("args", "line_holds"),
    [
        (
            ["score", EXAMPLE],
            ["Inside sales: 90% of quotes carry a system-confirmed delivery date (mbo)", "84.5% / 90.0%"],
        ),
        (["drivers", EXAMPLE], ["sig_weekly_active_planners", "kpi_forecast_accuracy", "not enough data"]),
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
