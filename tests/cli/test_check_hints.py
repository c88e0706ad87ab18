"""A new user's first mistakes in a scorecard, each a row: what they wrote, and the message that says the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.cards import write_card

from kpicascade.cli import cli

WITH_FILE = ("actuals:\n  rows:", "actuals:\n  files: [card.actuals.csv]\n  rows:")
CSV_HEAD = "id,period,value\n"

#: (case, replacements in the scorecard (« marks the place named), actuals CSV or None, the message after "error: ")
CASES = [
    (
        "comma in flow text",
        [("name: Weekly active planners,", "name: Weekly, «active planners,")],
        None,
        "unknown key 'active planners': a comma in the text before it ended that text; quote text that holds a "
        'comma or a colon: - {id: sig_planners, name: "Weekly, active planners", unit: users} '
        "[signals[1].active planners] (unknown-key)",
    ),
    (
        "thousands comma in a flow unit",
        [("metric: {unit: points,", "metric: {unit: per 1,«000 points,")],
        None,
        "unknown key '000 points': a comma in the text before it ended that text; quote text that holds a "
        'comma or a colon: metric: {unit: "per 1,000 points", direction: increase, baseline: 12, target: 30} '
        "[nodes[2].metric.000 points] (unknown-key)",
    ),
    (
        "colon in block text",
        [("    name: On time in full", "    name: On time«: in full")],
        None,
        "malformed YAML: a colon followed by a space starts a new key here; quote text that holds a comma or a "
        'colon: name: "On time: in full" (yaml)',
    ),
    (
        "colon in flow text",
        [("name: Automated replenishment orders,", "name: Orders«: automated,")],
        None,
        "malformed YAML: this { } mapping has text YAML cannot read as `key: value, ...`; quote text that holds a "
        'comma or a colon: - {id: sig_auto_orders, name: "Orders: automated", unit: orders} (yaml)',
    ),
    (
        "percent inline",
        [("period: 2025-Q1, value: 0.83}", "period: 2025-Q1, value: «5%}")],
        None,
        "value must be a number, got '5%'; write a percentage as a fraction: 0.05 [actuals.rows[0].value] (wrong-type)",
    ),
    (
        "percent in actuals",
        [WITH_FILE],
        CSV_HEAD + "kpi_otif,2025-Q2,5%\n",
        "value '5%' is not a number; write a percentage as a fraction: 0.05 [value] (actuals-value)",
    ),
    (
        "decimal comma in actuals",
        [WITH_FILE],
        CSV_HEAD + 'kpi_otif,2025-Q2,"0,731"\n',
        "value '0,731' is not a number; write decimals with a point: 0.731 [value] (actuals-value)",
    ),
    (
        "misspelt id in actuals",
        [WITH_FILE],
        CSV_HEAD + "kpi_otfi,2025-Q2,0.9\n",
        "'kpi_otfi' is not a measured node or signal of the scorecard; did you mean 'kpi_otif'? [id] (actuals-id)",
    ),
]


@pytest.mark.parametrize(("case", "replacements", "actuals", "message"), CASES, ids=[c[0] for c in CASES])
def test_the_message_says_how_to_fix_it(
    tmp_path: Path, case: str, replacements: list[tuple[str, str]], actuals: str | None, message: str
) -> None:
    card, where = write_card(tmp_path, replacements)
    if actuals is not None:
        (tmp_path / "card.actuals.csv").write_text(actuals, encoding="utf-8")
        where = f"{tmp_path / 'card.actuals.csv'}:2"  # type: ignore[assignment]
    result = CliRunner().invoke(cli, ["check", str(card)])
    assert result.exit_code == 1
    assert f"{where}: error: {message}" in result.stdout.splitlines()


def test_a_signals_file_not_written_yet_is_a_warning_naming_the_command(tmp_path: Path) -> None:
    card, _ = write_card(tmp_path, [("actuals:\n  rows:", "actuals:\n  files: [card.signals.csv]\n  rows:")])
    result = CliRunner().invoke(cli, ["check", str(card)])
    assert result.exit_code == 0, result.stdout
    line = card.read_text(encoding="utf-8").splitlines().index("  files: [card.signals.csv]") + 1
    assert (
        f"{card}:{line}:11: warning: actuals file card.signals.csv is not there yet: "
        f"`kpicascade signals {card} --events EVENTS` writes it; until then its signals have no data "
        "[actuals.files] (actuals-not-written)"
    ) in result.stdout.splitlines()
    assert CliRunner().invoke(cli, ["check", "--strict", str(card)]).exit_code == 1


def test_any_other_missing_actuals_file_is_still_an_error(tmp_path: Path) -> None:
    card, _ = write_card(tmp_path, [WITH_FILE])
    result = CliRunner().invoke(cli, ["check", str(card)])
    assert result.exit_code == 1
    assert "actuals file" in result.stdout
    assert "not found" in result.stdout
