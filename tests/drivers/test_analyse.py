"""Planted effects are recovered: a signal that drives the KPI two periods later, one with no effect, one against."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import ROOT

import kpicascade
import kpicascade.scoring.prepare
from kpicascade.drivers import Findings, LinkFinding, analyse
from kpicascade.periods import Calendar

from .synthetic import Planted, portfolio


@pytest.fixture(scope="module")
def thirty(tmp_path_factory: pytest.TempPathFactory) -> Findings:
    """Thirty accounts, 24 months each, made by the planted model."""
    return analyse(portfolio(tmp_path_factory.mktemp("thirty"), 30))


def pooled(findings: Findings, signal: str) -> LinkFinding:
    [found] = [f for f in findings.links if f.scope == "portfolio" and f.signal == signal]
    return found


@pytest.mark.parametrize(
    ("signal", "verdict", "best_lag"),
    [
        ("sig_drives", "confirmed", 2),  # +0.8 x its change two months earlier
        ("sig_noise", "no sign of an effect yet", None),  # no effect: the interval spans 0
        ("sig_hurts", "contradicted", 0),  # declared "+", planted -0.6
    ],
)
def test_portfolio_recovers_planted_effects(thirty: Findings, signal: str, verdict: str, best_lag: int | None) -> None:
    found = pooled(thirty, signal)
    assert found.verdict == verdict
    assert found.accounts == tuple(f"acct-{a:03d}" for a in range(30))
    if best_lag is not None:
        assert found.best_lag == best_lag
    assert found.at_lag.n >= 600


def test_figures_behind_the_verdict(thirty: Findings) -> None:
    found = pooled(thirty, "sig_drives")
    c = found.at_lag
    assert c.r is not None
    assert c.low is not None
    assert c.high is not None
    assert 0 < c.low < c.r < c.high
    assert c.n_eff is not None
    assert c.n_eff < c.n
    figures = f"r = {c.r:+.2f}, between {c.low:+.2f} and {c.high:+.2f}, {c.n} periods across the accounts"
    worth = f", worth about {c.n_eff:.0f} independent ones"
    assert found.reason == f"{figures}{worth}: positive, as expected"
    assert pooled(thirty, "sig_noise").reason.endswith("the range includes 0")
    assert "the data say negative, not positive" in pooled(thirty, "sig_hurts").reason


def test_every_account_gets_its_own_findings(thirty: Findings) -> None:
    mine = [f for f in thirty.links if f.scope == "account" and f.accounts == ("acct-007",)]
    assert sorted(f.signal for f in mine) == ["sig_drives", "sig_hurts", "sig_noise"]
    assert {f.at_lag.n for f in mine if f.signal == "sig_drives"} == {21}  # 23 changes, 2 lost to the lag


def test_declared_negative_effect_is_confirmed(tmp_path: Path) -> None:
    findings = analyse(portfolio(tmp_path, 20, Planted(hurts_sign="-")))
    assert pooled(findings, "sig_hurts").verdict == "confirmed"


def test_many_short_series_give_the_panel_power(tmp_path: Path) -> None:
    findings = analyse(portfolio(tmp_path, 40, Planted(drives=0.35, hurts=0.0, months=10, seed=11)))
    alone = [f.verdict for f in findings.links if f.scope == "account" and f.signal == "sig_drives"]
    assert alone.count("confirmed") <= 6  # 7 pairs each: too few to tell
    assert pooled(findings, "sig_drives").verdict == "confirmed"


def test_levels_of_trending_walks_are_worth_few_independent_periods(thirty: Findings, tmp_path: Path) -> None:
    levels = analyse(portfolio(tmp_path, 30), levels=True)
    assert levels.method == "levels"
    noise = pooled(levels, "sig_noise")
    # both walk upwards: a plain correlation of levels calls this confirmed; detrended, with the walks'
    # autocorrelation counted (bias-corrected lag-1 near 0.95 each), 30 x 24 levels weigh as a few dozen
    assert noise.verdict == "no sign of an effect yet"
    assert noise.at_lag.n_eff is not None
    assert noise.at_lag.n_eff < noise.at_lag.n / 4
    assert pooled(thirty, "sig_noise").verdict == "no sign of an effect yet"


def test_relative_importance_sums_to_r_squared(thirty: Findings) -> None:
    [panel] = [i for i in thirty.importance if i.scope == "portfolio"]
    assert panel.node == "kpi_otif"
    assert panel.r2 is not None
    assert panel.r2 > 0.3
    assert [w.driver for w in panel.weights] == ["sig_drives", "sig_hurts", "sig_noise"]
    assert sum(w.weight for w in panel.weights) == pytest.approx(panel.r2, abs=1e-12)
    assert sum(w.shapley or 0 for w in panel.weights) == pytest.approx(panel.r2, abs=1e-12)
    assert sum(w.share for w in panel.weights) == pytest.approx(1.0)
    assert [np.sign(w.beta) for w in panel.weights[:2]] == [1, -1]
    assert {w.driver: w.lag for w in panel.weights} == {"sig_drives": 2, "sig_hurts": 0, "sig_noise": 0}
    accounts = [i for i in thirty.importance if i.scope == "account"]
    assert len(accounts) == 30
    for one in accounts:
        assert one.r2 is not None
        assert sum(w.weight for w in one.weights) == pytest.approx(one.r2, abs=1e-12)


def test_too_few_periods_for_importance(tmp_path: Path) -> None:
    findings = analyse(portfolio(tmp_path, 1, Planted(months=7)))
    [one] = findings.importance
    assert one.r2 is None
    assert one.weights == ()
    assert "at least 8 needed for 3 drivers" in one.note


def test_findings_for_one_account_and_as_json(thirty: Findings) -> None:
    mine = thirty.for_account("acct-003")
    assert {f.scope for f in mine.links} == {"account", "portfolio"}
    assert all("acct-003" in f.accounts for f in mine.links)
    data = mine.to_dict()
    assert data["method"] == "changes"
    assert data["links"][0]["at_lag"]["n"] > 0
    assert isinstance(data["links"][0]["accounts"], list)


@pytest.mark.parametrize("grain", [None, "quarter"])
def test_a_results_findings_reuse_its_arrays_and_match_a_fresh_analysis(
    grain: Calendar | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = kpicascade.load(ROOT / "scorecards" / "brightloop-software.yaml")  # monthly, with signal links
    fresh = analyse([card.model_copy(update={"survey": None})])
    result = card.score(grain=grain)
    made: list[str] = []
    real = kpicascade.scoring.prepare.arrays

    def counting(card: kpicascade.Scorecard, grain: Calendar | None = None) -> object:
        made.append(card.account_id)
        return real(card, grain)

    monkeypatch.setattr("kpicascade.drivers.series.arrays", counting)
    monkeypatch.setattr("kpicascade.scoring.result.arrays", counting)
    found = result.findings
    # by month the scores' own arrays serve; by quarter the monthly arrays are laid out once for both uses
    assert made == ([] if grain is None else [card.account_id])
    _ = result.valuation
    assert len(made) == (0 if grain is None else 1)
    assert found.links  # the example's links were tested
    assert repr(found.links) == repr(fresh.links)  # repr: a missing correlation is nan, unequal to itself
    assert repr(found) == repr(fresh)
