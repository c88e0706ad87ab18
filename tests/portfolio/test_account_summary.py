"""An account's summary record: small plain data with the engine's figures, for the portfolio summary."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import kpicascade
from kpicascade.portfolio.account_summary import summarise
from kpicascade.portfolio.stamps import SUMMARY_FORMAT
from kpicascade.scoring.valuation import summary

ROOT = Path(__file__).resolve().parents[2]
CARDS = [*sorted((ROOT / "scorecards").glob("*.yaml")), ROOT / "tests" / "workbook" / "cards" / "coverage.yaml"]


@pytest.mark.parametrize("path", CARDS, ids=[p.stem for p in CARDS])
def test_a_summary_holds_the_engines_figures(path: Path) -> None:
    result = kpicascade.load(path).score()
    record = summarise(result)
    assert json.loads(json.dumps(record)) == record
    assert pickle.loads(pickle.dumps(record)) == record
    assert (record["format"], record["account_id"], record["period"], record["status"]) == (
        SUMMARY_FORMAT,
        result.card.account_id,
        str(result.period),
        result.overall_status,
    )
    assert record["score"] == pytest.approx(result.overall_score)
    assert record["roi"] == pytest.approx(result.roi)
    valued = result.valuation
    assert record["value_realised"] == pytest.approx(valued.total.amount or 0.0)
    assert record["value_attributed"] == (pytest.approx(valued.attributed.amount) if valued.attributed.nodes else None)
    assert record["roi_evidenced"] == valued.evidenced.roi
    assert record["value_summary"] == summary(valued)
    nodes = {n.id: n for n in result.nodes()}
    perspectives = {p.id: p.name for p in result.card.perspectives}
    for objective in record["objectives"]:
        node = nodes[objective["id"]]
        assert (objective["name"], objective["owner"], objective["status"], objective["trend"]) == (
            node.name,
            node.owner,
            node.status,
            node.trend_arrow,
        )
        assert objective["perspective"] == perspectives[node.perspective]
        assert objective["score"] == pytest.approx(node.score)
        assert objective["value_realised"] == pytest.approx(node.value_rolled_up)
    assert [k["id"] for k in record["red_kpis"]] == [
        n.id for n in nodes.values() if n.kind == "kpi" and n.status == "red"
    ]
    for kpi in record["red_kpis"]:
        node = nodes[kpi["id"]]
        assert (kpi["owner"], kpi["unit"], kpi["trend"]) == (node.owner, node.unit, node.trend_arrow)
        assert (kpi["actual"], kpi["target"], kpi["score"]) == pytest.approx((node.actual, node.target, node.score))


def test_a_summary_is_small() -> None:
    result = kpicascade.load(CARDS[0]).score()
    assert len(json.dumps(summarise(result))) < len(json.dumps(result.to_dict(), default=str)) / 10
