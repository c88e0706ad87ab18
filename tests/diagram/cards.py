"""Scorecards built in code for diagram and report tests: a small account, hostile text, a large cascade."""

from __future__ import annotations

from typing import Any

from kpicascade.measurements import Measurement, Measurements
from kpicascade.model import Scorecard
from kpicascade.periods import Period

#: Names that must come out as text, never as DOT, HTML or SVG syntax.
HOSTILE = [
    "<script>alert(1)</script>",
    '"];evil[label="pwned"];x[label="',
    "back\\slash \\l \\N \\G \\\\ end\\",
    "two\nlines & <b>bold</b>",
    "it's ]]> --> <!-- &amp; &#92;",
    "{{ 7*7 }} {% raw %} ${x}",
]


def _card(data: dict[str, Any], actuals: dict[str, list[float | None]], start: str) -> Scorecard:
    card = Scorecard.model_validate(data)
    first = Period.parse(start)
    card.set_measurements(
        Measurements(
            [
                Measurement(i, first + j, float(v))
                for i, values in actuals.items()
                for j, v in enumerate(values)
                if v is not None
            ]
        )
    )
    return card


def account(names: dict[str, str] | None = None) -> Scorecard:
    """Return a small account: two objectives, KPIs in two departments, a KPM, an MBO, signals, drives."""
    n = {
        "grow": "Grow recurring revenue 15%",
        "keep": "Keep every customer we win",
        "arr": "ARR growth",
        "churn": "Logo churn",
        "nps": "Net Promoter Score",
        "ttv": "Time to first value",
        "mbo": "CSMs: QBR with every account",
        "sig": "Weekly active users",
        "sig2": "Dashboards viewed",
        **(names or {}),
    }
    nodes = [
        {"id": "obj_grow", "name": n["grow"], "kind": "objective", "perspective": "financial", "department": "exec"},
        {
            "id": "obj_keep",
            "name": n["keep"],
            "kind": "objective",
            "perspective": "customer",
            "department": "exec",
            "description": "Retention is the first growth lever.",
        },
        {
            "id": "kpi_arr",
            "name": n["arr"],
            "kind": "kpi",
            "perspective": "financial",
            "department": "finance",
            "metric": {
                "unit": "percent",
                "baseline": 0.05,
                "target": 0.15,
                "value_per_unit": 1000000,
                "formula": "ARR now / ARR a year ago - 1",
                "source": "Billing",
            },
        },
        {
            "id": "kpi_churn",
            "name": n["churn"],
            "kind": "kpi",
            "perspective": "customer",
            "department": "cs",
            "tags": ["moment_of_truth"],
            "metric": {
                "unit": "percent",
                "direction": "decrease",
                "baseline": 0.12,
                "target": 0.06,
                "formula": "logos lost / logos at start",
            },
        },
        {
            "id": "kpi_nps",
            "name": n["nps"],
            "kind": "kpi",
            "perspective": "customer",
            "department": "cs",
            "metric": {"unit": "points", "baseline": 10, "target": 40},
        },
        {
            "id": "kpm_ttv",
            "name": n["ttv"],
            "kind": "kpm",
            "perspective": "internal_process",
            "department": "cs",
            "tags": ["showstopper"],
            "showstopper": {
                "description": "SSO set-up waits on the customer's IT",
                "hours": 40,
                "money": 5000,
                "effort": "medium",
            },
            "metric": {"unit": "days", "direction": "decrease", "baseline": 60, "target": 20},
        },
        {
            "id": "mbo_qbr",
            "name": n["mbo"],
            "kind": "mbo",
            "perspective": "learning_growth",
            "department": "cs",
            "owner": "Ana Lima, CSM lead",
            "metric": {"unit": "percent", "baseline": 0.2, "target": 1.0},
        },
    ]
    data = {
        "account": "Acme Analytics",
        "account_id": "acme",
        "vendor": "Lattice",
        "currency": "EUR",
        "calendar": "quarter",
        "horizon": {"start": "2025-Q1", "end": "2025-Q4"},
        "annual_fee": 50000,
        "departments": [
            {"id": "exec", "name": "Executive team", "owner": "CEO"},
            {"id": "finance", "name": "Finance", "owner": "CFO"},
            {"id": "cs", "name": "Customer success", "owner": "VP CS"},
        ],
        "nodes": nodes,
        "signals": [{"id": "sig_wau", "name": n["sig"], "unit": "users"}, {"id": "sig_dash", "name": n["sig2"]}],
        "links": {
            "contributes": [
                {"from": "kpi_arr", "to": "obj_grow", "weight": 2},
                {"from": "obj_keep", "to": "obj_grow"},
                {"from": "kpi_churn", "to": "obj_keep"},
                {"from": "kpi_nps", "to": "obj_keep"},
                {"from": "kpm_ttv", "to": "kpi_churn"},
                {"from": "mbo_qbr", "to": "kpi_nps"},
                {"from": "kpm_ttv", "to": "kpi_nps", "align_only": True},
            ],
            "drives": [{"from": "obj_keep", "to": "obj_grow"}],
            "signals": [
                {"signal": "sig_wau", "node": "kpi_churn", "sign": "-", "lag": 1},
                {"signal": "sig_dash", "node": "mbo_qbr"},
            ],
        },
    }
    actuals: dict[str, list[float | None]] = {
        "kpi_arr": [0.06, 0.09, 0.12, 0.145],
        "kpi_churn": [0.12, 0.11, 0.10, 0.095],
        "kpm_ttv": [60, 55, 50, 52],
        "mbo_qbr": [0.2, 0.4, 0.6, 0.8],
        "sig_wau": [100, 120, 150, 170],
        "sig_dash": [10, 12, 11, 15],
    }
    return _card(data, actuals, "2025-Q1")


def hostile(name: str) -> Scorecard:
    """Return the small account with every name, owner and formula set to one hostile text."""
    card = account(dict.fromkeys(["grow", "keep", "arr", "churn", "nps", "ttv", "mbo", "sig", "sig2"], name))
    card.departments[1].name = name
    card.departments[1].owner = name
    card.nodes[2].metric.formula = name  # type: ignore[union-attr]
    card.nodes[6].owner = name
    return card


def large(objectives: int, fan: int = 4, levels: int = 3) -> Scorecard:
    """Return a cascade of objectives each with fan children per level, levels deep, spread over departments."""
    nodes: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    actuals: dict[str, list[float | None]] = {}
    kinds = ["objective", "kpi", "kpm", "mbo"]

    def add(ident: str, depth: int, parent: str | None, k: int) -> None:
        node: dict[str, Any] = {
            "id": ident,
            "name": f"{kinds[depth].upper()} {ident}",
            "kind": kinds[depth],
            "perspective": "financial",
            "department": f"d{k % 5}",
            "owner": "Owner",
        }
        if depth > 0:
            node["metric"] = {"unit": "count", "baseline": 0, "target": 100}
            actuals[ident] = [float((k * 37) % 120)]
            links.append({"from": ident, "to": parent})
        nodes.append(node)
        if depth < levels:
            for c in range(fan):
                add(f"{ident}_{c}", depth + 1, ident, k + c)

    for o in range(objectives):
        add(f"o{o}", 0, None, o)
    data = {
        "account": "Large",
        "account_id": "large",
        "vendor": "V",
        "currency": "EUR",
        "calendar": "quarter",
        "horizon": {"start": "2025-Q1", "end": "2025-Q4"},
        "departments": [{"id": f"d{d}", "name": f"Department {d}"} for d in range(5)],
        "nodes": nodes,
        "links": {"contributes": links},
    }
    return _card(data, actuals, "2025-Q1")
