"""A column's width from its figures' extremes equals the width from measuring every figure."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kpicascade.workbook.styles import figure_width, shown_length

FORMATS = ["#,##0", "#,##0.00", "0.0%", "0%", '"$"#,##0', '"€"#,##0.00', '0.0 "days"', "#,##0.##"]
figures = st.one_of(st.none(), st.just(float("nan")), st.just(-0.0), st.floats(min_value=-1e12, max_value=1e12))


@given(st.lists(st.tuples(figures, st.sampled_from(FORMATS)), max_size=30))
def test_figure_width_equals_the_longest_figure_measured_one_by_one(cells: list[tuple[float | None, str]]) -> None:
    longest = max((shown_length(value, fmt) for value, fmt in cells), default=0)
    assert figure_width(cells, low=0, high=1000) == longest + 3
