"""The formulas that reproduce the engine, as text: one table of cases per kind of formula."""

from __future__ import annotations

import math

import pytest
from openpyxl.formula import Tokenizer

from kpicascade.scoring.engine import MISSING, ROLLUP
from kpicascade.workbook import formulas
from kpicascade.workbook.formulas import Terms

NAN = math.nan


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3.0, "3"),
        (0.041, "0.041"),
        (-2.5, "(-2.5)"),
        (1e-05, "1E-05"),
        (310000000.0, "310000000"),
        (0.1 + 0.2, "0.30000000000000004"),
        (-0.0, "0"),
        (1e20, "1E+20"),
    ],
)
def test_numbers_are_exact_and_bracketed_when_negative(value: float, text: str) -> None:
    assert formulas.num(value) == text


@pytest.mark.parametrize(
    ("terms", "target", "formula"),
    [
        (Terms("linear", 0.041, 1), 0.1, "=(A1-0.041)/(0.1-0.041)"),
        (Terms("linear", 9, -1), 3, "=(A1-9)/(3-9)"),
        (Terms("linear", NAN, 1), 3, "=NA()"),
        (Terms("linear", 1, 1), NAN, "=NA()"),
        (Terms("linear", 0, 1, cap=1.2, floor=0), 100, "=MIN(1.2,MAX(0,(A1-0)/(100-0)))"),
        (Terms("linear", 0, 1, cap=1.5, floor=-0.5), 100, "=MIN(1.5,MAX((-0.5),(A1-0)/(100-0)))"),
        (Terms("clamped", 0, 1, cap=1.1, floor=0), 100, "=MIN(1.1,MAX(0,(A1-0)/(100-0)))"),
        (Terms("band", NAN, 0, low=2, high=8, tolerance=3), NAN, "=MAX(0,MIN(1,1-(MAX(2-A1,0)+MAX(A1-8,0))/3))"),
        (Terms("band", NAN, 0, low=2, high=NAN, tolerance=3), NAN, "=NA()"),
        (Terms("binary", NAN, 1), 0.95, "=IF(ISNA(A1),NA(),IF(A1>=0.95,1,0))"),
        (Terms("binary", 10, -1), 6, "=IF(ISNA(A1),NA(),IF(A1<=6,1,0))"),
        (Terms("binary", NAN, 1), NAN, "=IF(ISNA(A1),NA(),0)"),
        (Terms("binary", NAN, 0, low=1, high=2), NAN, "=IF(ISNA(A1),NA(),IF(AND(A1>=1,A1<=2),1,0))"),
        (
            Terms("thresholds", NAN, 1, rules=((50, None, 1.0), (30, 50, 0.8))),
            NAN,
            "=IF(ISNA(A1),NA(),IF(A1>=50,1,IF(AND(A1>=30,A1<50),0.8,0)))",
        ),
        (Terms("thresholds", NAN, 1, rules=((None, None, 0.5),)), NAN, "=IF(ISNA(A1),NA(),0.5)"),
    ],
)
def test_own_score_by_method(terms: Terms, target: float, formula: str) -> None:
    assert formulas.own(terms, "A1", target) == formula


@pytest.mark.parametrize(
    ("earlier", "formula"),
    [
        ([], '=IF(ISNA(X1),"",X1)'),
        (["X0"], '=IF(ISNA(X1),IF(ISNA(X0),"",X0),X1)'),
        (["X0", "W0"], '=IF(ISNA(X1),IF(ISNA(X0),IF(ISNA(W0),"",W0),X0),X1)'),
    ],
)
def test_link_value_carries_from_at_most_the_earlier_cells_given(earlier: list[str], formula: str) -> None:
    assert formulas.link_value("X1", earlier) == formula


def test_link_status_carries_a_status_code() -> None:
    assert formulas.link_status("S1", ["S0"]) == '=IF(S1=0,IF(S0=0,"",S0),S1)'


@pytest.mark.parametrize(
    ("rollup", "policy", "formula"),
    [
        (ROLLUP["mean"], 0, "=IF(SUMPRODUCT(W,--ISNUMBER(V))=0,NA(),SUMPRODUCT(W,V)/SUMPRODUCT(W,--ISNUMBER(V)))"),
        (ROLLUP["worst"], 0, "=IF(SUMPRODUCT(W,--ISNUMBER(V))=0,NA(),SUMPRODUCT(W,V)/SUMPRODUCT(W,--ISNUMBER(V)))"),
        (ROLLUP["min"], 0, "=IF(COUNT(V)=0,NA(),MIN(V))"),
        (ROLLUP["mean"], MISSING["zero"], "=IF(COUNT(V)=0,NA(),SUMPRODUCT(W,V)/SUM(W))"),
        (ROLLUP["min"], MISSING["zero"], "=IF(COUNT(V)=0,NA(),IF(COUNT(V)<ROWS(V),MIN(0,MIN(V)),MIN(V)))"),
    ],
)
def test_children_score_by_rollup(rollup: int, policy: int, formula: str) -> None:
    assert formulas.children_score(rollup, "W", "V", policy) == formula


@pytest.mark.parametrize(
    ("policy", "formula"),
    [
        (MISSING["skip"], "=IF(COUNT(V)<ROWS(V),NA(),SUMPRODUCT(W,V))"),
        (MISSING["carry"], "=IF(COUNT(V)<ROWS(V),NA(),SUMPRODUCT(W,V))"),
        (MISSING["zero"], "=IF(COUNT(V)=0,NA(),SUMPRODUCT(W,V))"),
    ],
)
def test_a_sum_is_never_partial(policy: int, formula: str) -> None:
    assert formulas.weighted_sum("W", "V", policy) == formula


@pytest.mark.parametrize(
    ("mode", "formula"),
    [
        ("own", "=O"),
        ("children", "=C"),
        ("blend", "=IF(ISNA(O),C,IF(ISNA(C),O,0.3*O+(1-0.3)*C))"),
    ],
)
def test_combine(mode: str, formula: str) -> None:
    assert formulas.combined(mode, "O", "C", 0.3) == formula


def test_status_thresholds_carry_the_engines_tolerance() -> None:
    assert formulas.status("S", 0.9, 0.7) == "=IF(ISNA(S),0,IF(S>=0.9-1E-09,3,IF(S>=0.7-1E-09,2,1)))"


def test_long_lists_are_summed_in_chunks_under_excels_argument_limit() -> None:
    refs = [f"A{i}" for i in range(1, 451)]
    text = formulas.total(refs)
    assert text.count("COUNT(") == 3
    assert text.count("SUM(") == 2 + 3
    for call in text.split("(")[1:]:
        assert call.count(",") < 255


@pytest.mark.parametrize(
    "text",
    [
        formulas.own(Terms("thresholds", NAN, 1, rules=((50, None, 1.0), (30, 50, 0.8))), "Calc!D5", NAN),
        formulas.children_score(ROLLUP["mean"], "Links!$C$3:$C$5", "Links!D3:D5"),
        formulas.mean(["B1", "B3"]),
        formulas.status_name("Calc!X9"),
        formulas.actual("'Sales & Co'!H5"),
        formulas.roi("B9", 1000),
    ],
)
def test_formulas_tokenize(text: str) -> None:
    tokens = Tokenizer(text).items
    assert tokens
    assert all(t.type != "OPERAND" or t.value for t in tokens)


@pytest.mark.parametrize(
    ("thresholds", "digits", "formula"),
    [
        ((0.9,), 0, "(S>=0.9-1E-09)<>(ROUND(S,2)>=0.9-1E-09)"),
        ((0.9,), 1, "(S>=0.9-1E-09)<>(ROUND(S,3)>=0.9-1E-09)"),
        (
            (0.9, 0.7),
            0,
            "OR((S>=0.9-1E-09)<>(ROUND(S,2)>=0.9-1E-09),(S>=0.7-1E-09)<>(ROUND(S,2)>=0.7-1E-09))",
        ),
    ],
)
def test_a_score_crosses_a_threshold_when_rounding_moves_it_across(
    thresholds: tuple[float, ...], digits: int, formula: str
) -> None:
    assert formulas.crosses("S", thresholds, digits) == formula


def test_a_score_a_hundredth_of_a_percent_under_a_threshold_shows_its_floor() -> None:
    # 0.899999 rounds to 90.00% even with two decimals: shown as INT(0.899999 x 1000) / 1000 = 0.899
    assert formulas.shown_score("S", (0.9,)) == (
        '=IF(ISNA(S),"",IF((S>=0.9-1E-09)<>(ROUND(S,4)>=0.9-1E-09),INT(S*1000)/1000,S))'
    )


def test_live_notes() -> None:
    assert formulas.reported_count(["A1", "A2"], 2) == 'IF(COUNT(A1,A2)<2,COUNT(A1,A2)&" of 2 reported","")'
    assert formulas.held_note("H5", "Calc!D5") == ('IF(AND(H5="",NOT(ISNA(Calc!D5))),"held from the last report","")')
    assert formulas.trend_arrow("S", "ISNUMBER(S)", -0.02, 0.3, "↑") == (
        '=IF(ISNUMBER(S),IF(ABS((-0.02)+0.3*S)<0.005,"→",IF((-0.02)+0.3*S>0,"↑","↓")),"↑")'
    )
