"""Driver-analysis findings in the report: any plain records, a column per key, verdicts marked, text escaped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import kpicascade
from kpicascade import drivers, report
from kpicascade.diagram import palette
from kpicascade.report.evidence import from_drivers, from_surveys, table
from tests.diagram.cards import account


@dataclass
class Link:
    """A finding as a dataclass."""

    signal: str
    node: str
    lag: int
    r: float
    ci: tuple[float, float]
    verdict: str


class WithAsDict:
    """A finding with as_dict()."""

    def as_dict(self) -> dict[str, object]:
        """Return the finding as a mapping."""
        return {"signal": "Dashboards", "node": "NPS", "verdict": "not enough data", "n": 3}


def test_a_column_per_key_in_order_first_seen() -> None:
    found = table(
        [
            Link("WAU", "Churn", 1, -0.61, (-0.85, -0.2), "confirmed"),
            WithAsDict(),
            {"signal": "API calls", "node": "OTIF", "verdict": "contradicted", "share": 0.4},
        ]
    )
    assert found.titles == ["Signal", "Node", "Lag", "R", "Ci", "Verdict", "N", "Share"]
    assert found.rows[0] == ["WAU", "Churn", "1", "-0.61", "-0.85 to -0.20", "confirmed", "\u2013", "\u2013"]
    assert found.rows[1][found.verdict or 0] == "not enough data"
    assert found.verdict == 5


def test_not_a_record() -> None:
    with pytest.raises(TypeError, match="a finding must be a mapping"):
        table([42])


def test_findings_in_the_report_are_escaped_and_marked() -> None:
    page = report.render(
        account().score(), findings=[{"signal": "<script>x</script>", "node": "Churn", "verdict": "confirmed"}]
    )
    findings = page.split('<section id="findings">')[1]
    assert "&lt;script&gt;x&lt;/script&gt;" in findings
    assert '<td class="verdict verdict-confirmed">confirmed</td>' in findings
    assert "No driver analysis yet" not in findings


def test_no_findings_says_so() -> None:
    assert "No driver analysis yet" in report.render(account().score())


def test_driver_analysis_becomes_one_row_per_link(example_path: Path) -> None:
    card = kpicascade.load(example_path)
    found = drivers.analyse([card])
    rows = from_drivers(card, found)
    assert len(rows) == len(card.links.signals)
    names = {n.name for n in card.nodes}
    assert all(row["measure"] in names for row in rows)
    assert {row["verdict"] for row in rows} <= set(drivers.VERDICTS)
    page = report.render(card.score(), findings=rows)
    assert page.count('<td class="verdict verdict-') == len(rows)
    assert "<th>Correlation (95% interval)</th>" in page


def surveyed(folder: Path) -> kpicascade.Scorecard:
    """Return a scorecard with a survey (NPS and three questions) and no signal links that can be tested."""
    from tests.drivers.synthetic import Planted, write_portfolio
    from tests.drivers.test_survey import SURVEY, write_responses

    write_responses(folder / "survey.csv")
    [path] = write_portfolio(folder, 1, Planted(survey=SURVEY.format(file="survey.csv"), months=4))
    return kpicascade.load(path)


def test_survey_drivers_have_their_own_table_with_the_measurements_under_each(tmp_path: Path) -> None:
    card = surveyed(tmp_path)
    found = drivers.analyse([card])
    rows = from_surveys(card, found)
    assert [row["question"] for row in rows] == ["q_ship_dates", "q_easy_order", "q_invoice"]
    ship = rows[0]
    [driver] = [d for d in found.surveys[0].drivers if d.question == "q_ship_dates"]
    assert driver.beta is not None
    assert driver.beta_low is not None
    assert driver.beta_high is not None
    assert (
        ship["coefficient_(95%_interval)"] == f"{driver.beta:+.2f} ({driver.beta_low:+.2f} to {driver.beta_high:+.2f})"
    )
    assert ship["measurements_under_it"] == "OTIF, Expedited shipments"  # the node and the one beneath it
    assert ship["outcome"] == "OTIF"
    assert rows[2]["measurements_under_it"] == palette.DASH
    page = report.render(card.score(), findings=from_drivers(card, found), surveys=rows)
    assert "Survey drivers: which answers move the outcome" in page
    assert '<td class="verdict verdict-confirmed">confirmed</td>' in page
    assert "<th>Coefficient (95% interval)</th>" in page
    assert "<td>OTIF, Expedited shipments</td>" in page


def test_survey_drivers_alone_are_not_reported_as_no_analysis(tmp_path: Path) -> None:
    card = surveyed(tmp_path)
    page = report.render(card.score(), surveys=from_surveys(card, drivers.analyse([card])))
    assert "No driver analysis yet" not in page
    assert "Survey drivers: which answers move the outcome" in page
