"""The report's "customers like you" rows: each figure in its unit, the percentile as an ordinal."""

from __future__ import annotations

from typing import Any

from kpicascade.report.peer_rows import PeerRow, peer_rows


def _standing(cohort: str, value: float, percentile: float, quartile: str, unit: str = "percent") -> dict[str, Any]:
    return {"name": "On time in full", "cohort": cohort, "size": 6, "unit": unit, "value": value,
            "percentile": percentile, "quartile": quartile, "median": 0.895, "lower_quartile": 0.865,
            "upper_quartile": 0.925}  # fmt: skip


def test_rows_put_all_customers_first_and_format_by_unit() -> None:
    rows = peer_rows(
        [
            _standing("industry: manufacturing", 0.97, 90.0, "top quartile"),
            _standing("all customers", 0.97, 100 * 5.5 / 6, "top quartile"),
        ]
    )
    assert rows == [
        PeerRow("On time in full", "all customers", 6, "97.0%", "92nd", "top quartile", "89.5%", "86.5% to 92.5%",
                True),
        PeerRow("On time in full", "industry: manufacturing", 6, "97.0%", "90th", "top quartile", "89.5%",
                "86.5% to 92.5%", True),
    ]  # fmt: skip


def test_days_read_as_days_and_only_the_top_quartile_is_marked() -> None:
    [row] = peer_rows([{**_standing("all customers", 42, 12.5, "bottom quartile", unit="days"), "median": 30,
                        "lower_quartile": 25, "upper_quartile": 36}])  # fmt: skip
    assert (row.value, row.percentile, row.median, row.middle_half, row.top) == (
        "42 days",
        "13th",  # 12.5 rounds half up
        "30 days",
        "25 days to 36 days",
        False,
    )


def test_the_middle_half_reads_low_to_high_for_a_decrease_metric() -> None:
    # attrition: lower is better, so the better quarter's edge (0.112) comes as upper_quartile; shown 11.2% first
    [row] = peer_rows([{**_standing("all customers", 0.106, 83.0, "top quartile"), "lower_quartile": 0.164,
                        "upper_quartile": 0.112}])  # fmt: skip
    assert row.middle_half == "11.2% to 16.4%"
