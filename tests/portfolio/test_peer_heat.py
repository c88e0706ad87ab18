"""The benchmark heat maps: a column per shared KPI, cells from each account's standing among all customers."""

from __future__ import annotations

from typing import Any

from kpicascade.portfolio.peer_heat import by_kpi, by_perspective


def _standing(key: str, perspective: str, percentile: float, cohort: str = "all customers") -> dict[str, Any]:
    quartile = "top quartile" if percentile >= 75 else "bottom quartile" if percentile < 25 else "second quartile"
    return {"key": key, "name": key.upper(), "perspective": perspective, "cohort": cohort, "percentile": percentile,
            "quartile": quartile}  # fmt: skip


ACCOUNTS: list[dict[str, Any]] = [
    {
        "account": "A",
        "peers": [
            _standing("cx.nps", "customer", 90),
            _standing("supply.otif", "customer", 30),
            _standing("fin.gross_margin", "financial", 10),
            _standing("cx.nps", "customer", 50, cohort="industry: software"),  # not the all-customers cohort
        ],
    },
    {"account": "B", "peers": [_standing("cx.nps", "customer", 10), _standing("hr.enps", "learning_growth", 80)]},
    {"account": "C", "peers": []},
]


def test_columns_are_the_most_shared_kpis_first() -> None:
    heat = by_kpi(ACCOUNTS)
    # cx.nps is shared by two accounts, the rest by one each, those in id order
    assert heat.columns == [("cx.nps", "CX.NPS"), ("fin.gross_margin", "FIN.GROSS_MARGIN"),
                            ("hr.enps", "HR.ENPS"), ("supply.otif", "SUPPLY.OTIF")]  # fmt: skip
    cells = {a["account"]: [c and (c.percentile, c.css) for c in row] for a, row in heat.rows}
    assert cells == {
        "A": [(90, "top"), (10, "bottom"), None, (30, "second")],
        "B": [(10, "bottom"), None, (80, "top"), None],
        "C": [None, None, None, None],
    }


def test_a_perspective_cell_is_the_mean_of_its_kpis() -> None:
    heat = by_perspective(ACCOUNTS)
    assert [c for c, _ in heat.columns] == ["financial", "customer", "learning_growth"]
    cells = {a["account"]: [c and (c.percentile, c.count) for c in row] for a, row in heat.rows}
    # A's customer KPIs: (90 + 30) / 2 = 60 over two; its industry cohort's 50 does not count
    assert cells == {"A": [(10, 1), (60, 2), None], "B": [None, (10, 1), (80, 1)], "C": [None, None, None]}
