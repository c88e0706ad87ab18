"""Survey drivers ranked like signal drivers, with the operational measurements under each driver question."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import kpicascade
from kpicascade import ScorecardError
from kpicascade.drivers import SurveyFinding, analyse

from .synthetic import Planted, write_portfolio

SURVEY = """survey:
  file: {file}
  outcome: nps
  node: kpi_otif
  drivers:
    q_ship_dates: [kpi_otif]
    q_easy_order: [kpm_expedited]
    q_invoice: []
"""


def write_responses(
    path: Path, accounts: tuple[str, ...] = ("acct-000", "acct-999"), n: int = 400, seed: int = 5
) -> Path:
    """Write responses where ship dates drive NPS strongly, ease of ordering weakly, invoices not at all."""
    rng = np.random.default_rng(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["respondent", "account", "period", "nps", "q_ship_dates", "q_easy_order", "q_invoice"])
        for i in range(n):
            ship, easy, invoice = rng.integers(1, 6, 3)
            nps = np.clip(np.round(1 + 1.2 * ship + 0.4 * easy + rng.normal(0, 1.2)), 0, 10)
            if i == 7:
                out.writerow([f"r{i}", accounts[i % len(accounts)], "2025-03", int(nps), ship, "", invoice])
                continue
            out.writerow([f"r{i}", accounts[i % len(accounts)], "2025-03", int(nps), ship, easy, invoice])
    return path


def card_with_survey(folder: Path, file: str = "survey.csv") -> kpicascade.Scorecard:
    [path] = write_portfolio(folder, 1, Planted(survey=SURVEY.format(file=file)))
    return kpicascade.load(path)


@pytest.fixture
def ranked(tmp_path: Path) -> SurveyFinding:
    write_responses(tmp_path / "survey.csv")
    [found] = analyse([card_with_survey(tmp_path)]).surveys
    return found


def test_drivers_are_ranked_by_their_share_of_r_squared(ranked: SurveyFinding) -> None:
    assert [d.question for d in ranked.drivers] == ["q_ship_dates", "q_easy_order", "q_invoice"]
    assert [d.rank for d in ranked.drivers] == [1, 2, 3]
    assert [d.verdict for d in ranked.drivers] == ["confirmed", "confirmed", "no sign of an effect yet"]
    assert ranked.respondents == 200  # only acct-000's rows
    assert ranked.r2 is not None
    assert sum(d.weight or 0 for d in ranked.drivers) == pytest.approx(ranked.r2, abs=1e-12)
    assert sum(d.shapley or 0 for d in ranked.drivers) == pytest.approx(ranked.r2, abs=1e-12)


def test_each_driver_shows_the_measurements_under_it(ranked: SurveyFinding) -> None:
    by_question = {d.question: d for d in ranked.drivers}
    assert by_question["q_ship_dates"].nodes == ("kpi_otif",)
    assert by_question["q_ship_dates"].measurements == ("kpi_otif", "kpm_expedited")
    assert by_question["q_easy_order"].measurements == ("kpm_expedited",)
    assert by_question["q_invoice"].measurements == ()
    assert (ranked.outcome, ranked.node, ranked.account) == ("nps", "kpi_otif", "acct-000")


def test_an_unanswered_question_leaves_its_respondent_out_of_that_question_only(ranked: SurveyFinding) -> None:
    counts = {d.question: d.correlation.n for d in ranked.drivers}
    assert counts == {"q_ship_dates": 200, "q_easy_order": 200, "q_invoice": 200}


@pytest.mark.parametrize("cell", ["N/A", "n/a", "NA", "n.a.", "-", "Don't know", "not applicable", "#N/A", " "])
def test_not_applicable_and_similar_cells_are_unanswered(tmp_path: Path, cell: str) -> None:
    path = write_responses(tmp_path / "survey.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[3][:2] == ["r2", "acct-000"]
    rows[3][rows[0].index("q_easy_order")] = cell
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    [found] = analyse([card_with_survey(tmp_path)]).surveys
    counts = {d.question: d.correlation.n for d in found.drivers}
    assert counts == {"q_ship_dates": 200, "q_easy_order": 199, "q_invoice": 200}


def test_survey_file_given_on_the_command_line_overrides(tmp_path: Path) -> None:
    card = card_with_survey(tmp_path, file="missing.csv")
    other = write_responses(tmp_path / "elsewhere.csv", accounts=("acct-000",), n=50)
    [found] = analyse([card], survey=other).surveys
    assert found.file == str(other)
    assert found.respondents == 50


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (lambda text: text.replace("q_invoice", "q_bill"), ":1", "missing column 'q_invoice'"),
        (lambda text: text.replace("\nr2,acct-000,2025-03,", "\nr2,acct-000,2025-03,high"), ":4", "is not a number"),
    ],
)
def test_bad_responses_name_file_line_and_column(
    tmp_path: Path, edit: Callable[[str], str], where: str, message: str
) -> None:
    path = write_responses(tmp_path / "survey.csv")
    path.write_text(edit(path.read_text()))
    with pytest.raises(ScorecardError) as caught:
        analyse([card_with_survey(tmp_path)])
    [problem] = caught.value.problems
    assert f"survey.csv{where}" in str(problem.location)
    assert message in problem.message


def test_missing_responses_file(tmp_path: Path) -> None:
    with pytest.raises(ScorecardError, match="survey responses file not found"):
        analyse([card_with_survey(tmp_path, file="nowhere.csv")])


def test_survey_mapping_must_name_nodes(tmp_path: Path) -> None:
    [path] = write_portfolio(
        tmp_path, 1, Planted(survey=SURVEY.format(file="s.csv").replace("[kpm_expedited]", "[kpm_nothing]"))
    )
    with pytest.raises(ScorecardError, match="unknown node 'kpm_nothing'"):
        kpicascade.load(path)


def write_bystander(path: Path, n: int = 400, seed: int = 1) -> Path:
    """Write responses where delivery drives NPS and a bystander question merely moves with delivery.

    Standardised: nps = 0.5 delivery - 0.04 bystander + noise, bystander = 0.6 delivery + 0.8 noise, so the
    bystander's own correlation with NPS is about 0.5 x 0.6 - 0.04 = +0.26, its partial effect -0.04.
    """
    rng = np.random.default_rng(seed)
    delivery = rng.normal(size=n)
    bystander = 0.6 * delivery + 0.8 * rng.normal(size=n)
    nps = (
        0.5 * delivery - 0.04 * bystander + math.sqrt(1 - 0.5**2 - 0.04**2 + 2 * 0.5 * 0.04 * 0.6) * rng.normal(size=n)
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["respondent", "nps", "q_delivery", "q_bystander"])
        out.writerows([f"r{i}", f"{nps[i]:.6f}", f"{delivery[i]:.6f}", f"{bystander[i]:.6f}"] for i in range(n))
    return path


BYSTANDER = """survey:
  file: bystander.csv
  outcome: nps
  drivers:
    q_delivery: [kpi_otif]
    q_bystander: [kpm_expedited]
"""


def test_a_question_that_only_moves_with_the_real_driver_is_not_confirmed(tmp_path: Path) -> None:
    write_bystander(tmp_path / "bystander.csv")
    [path] = write_portfolio(tmp_path, 1, Planted(survey=BYSTANDER))
    [found] = analyse([kpicascade.load(path)]).surveys
    by = {d.question: d for d in found.drivers}
    bystander, delivery = by["q_bystander"], by["q_delivery"]
    # alone it correlates clearly with NPS: a plain correlation would call it a driver
    assert bystander.correlation.low is not None
    assert bystander.correlation.low > 0  # the old verdict, on correlation alone: confirmed
    assert bystander.verdict == "no sign of an effect yet"
    assert bystander.beta_low is not None
    assert bystander.beta_high is not None
    assert bystander.beta_low < -0.04 < bystander.beta_high
    assert delivery.verdict == "confirmed"
    assert delivery.beta_low is not None
    assert delivery.beta_high is not None
    assert delivery.beta_low < 0.5 < delivery.beta_high
    assert delivery.reason.startswith(f"coefficient {delivery.beta:+.2f}, between")


def test_coefficients_by_hand_for_two_questions(tmp_path: Path) -> None:
    rows = [(1, 2, 1), (2, 1, 3), (3, 4, 2), (4, 3, 6), (5, 6, 5), (6, 5, 9), (7, 8, 7), (8, 7, 8), (9, 9, 10)]
    with (tmp_path / "small.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("q_a", "q_b", "nps"), *rows])
    [path] = write_portfolio(
        tmp_path, 1, Planted(survey="survey:\n  file: small.csv\n  outcome: nps\n  drivers: {q_a: [], q_b: []}\n")
    )
    [found] = analyse([kpicascade.load(path)]).surveys
    by = {d.question: d for d in found.drivers}
    # sums of squares and products about the means (a 5, b 5, nps 51/9)
    a = [r[0] - 5 for r in rows]
    b = [r[1] - 5 for r in rows]
    y = [r[2] - 51 / 9 for r in rows]
    saa, sbb, syy = sum(v * v for v in a), sum(v * v for v in b), sum(v * v for v in y)
    sab, say, sby = (sum(u * v for u, v in zip(p, q, strict=True)) for p, q in ((a, b), (a, y), (b, y)))
    rab, ray, rby = sab / math.sqrt(saa * sbb), say / math.sqrt(saa * syy), sby / math.sqrt(sbb * syy)
    beta_a = (ray - rab * rby) / (1 - rab**2)
    beta_b = (rby - rab * ray) / (1 - rab**2)
    r2 = beta_a * ray + beta_b * rby
    se = math.sqrt((1 - r2) / (9 - 2 - 1) / (1 - rab**2))  # (Rxx⁻¹)_jj = 1 / (1 - rab²) for two questions
    t6 = 2.4469  # Student's t, 0.975, 6 degrees of freedom, from the tables
    assert by["q_a"].beta == pytest.approx(beta_a, abs=1e-9)
    assert by["q_b"].beta == pytest.approx(beta_b, abs=1e-9)
    assert by["q_a"].beta_low == pytest.approx(beta_a - t6 * se, abs=2e-3 * se)
    assert by["q_b"].beta_high == pytest.approx(beta_b + t6 * se, abs=2e-3 * se)
    assert found.r2 == pytest.approx(r2, abs=1e-9)


def test_relative_weights_carry_a_bootstrap_interval(ranked: SurveyFinding) -> None:
    for d in ranked.drivers:
        assert d.weight is not None
        assert d.weight_low is not None
        assert d.weight_high is not None
        assert 0 <= d.weight_low <= d.weight <= d.weight_high
    ship = ranked.drivers[0]
    assert ship.weight_low is not None
    assert ship.weight_low > 0.2  # ship dates carry most of R² in every resample


def test_too_few_respondents_for_the_regression(tmp_path: Path) -> None:
    with (tmp_path / "tiny.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("q_a", "q_b", "nps"), (1, 2, 3), (2, 1, 4), (3, 3, 3), (4, 5, 6), (5, 4, 7)])
    [path] = write_portfolio(
        tmp_path, 1, Planted(survey="survey:\n  file: tiny.csv\n  outcome: nps\n  drivers: {q_a: [], q_b: []}\n")
    )
    [found] = analyse([kpicascade.load(path)]).surveys
    assert {d.verdict for d in found.drivers} == {"too few respondents"}
    assert all(d.beta is None for d in found.drivers)
