"""Hints that say how to fix a value, each a row: the value as written, and the hint."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kpicascade.hints import UNANSWERED, did_you_mean, is_unanswered, number_hint, quote_hint


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("5%", "; write a percentage as a fraction: 0.05"),
        ("12.5 %", "; write a percentage as a fraction: 0.125"),
        ("73,1%", "; write a percentage as a fraction: 0.731"),
        ("100%", "; write a percentage as a fraction: 1"),
        ("0,731", "; write decimals with a point: 0.731"),
        ("-3,5", "; write decimals with a point: -3.5"),
        ("1,250,000", "; write it without thousands separators: 1250000"),
        ("1,250", "; write decimals with a point (1.250) and no thousands separator (1250)"),
        ("EUR 1200", "; write the number alone, without a unit or currency: 1200"),
        ("4.5 days", "; write the number alone, without a unit or currency: 4.5"),
        ("abc", ""),
        ("%", ""),
        ("1-2", ""),
    ],
)
def test_number_hint(written: str, hint: str) -> None:
    assert number_hint(written) == hint


@pytest.mark.parametrize("cell", ["N/A", "n/a", "NA", "n.a.", "-", "", "  ", "Don't know", "not  applicable", "#N/A"])
def test_unanswered(cell: str) -> None:
    assert is_unanswered(cell)


@pytest.mark.parametrize("cell", ["0", "7", "10", "nah", "no", "yes", "0.5"])
def test_answered(cell: str) -> None:
    assert not is_unanswered(cell)


def test_the_documented_list_is_lower_case_and_single_spaced() -> None:
    assert all(a == " ".join(a.lower().split()) for a in UNANSWERED)


@pytest.mark.parametrize(
    ("word", "hint"),
    [("kpi_otfi", "; did you mean 'kpi_otif'?"), ("sig_planner", "; did you mean 'sig_planners'?"), ("zzz", "")],
)
def test_did_you_mean(word: str, hint: str) -> None:
    assert did_you_mean(word, ["kpi_otif", "kpi_nps", "sig_planners"]) == hint


#: (line, column YAML names, corrected line, the text the value should hold)
QUOTING = [
    (
        "  - {id: quote, name: Quote, ship and invoice customers, kind: kpm}",
        30,
        '- {id: quote, name: "Quote, ship and invoice customers", kind: kpm}',
        "Quote, ship and invoice customers",
    ),
    (
        "    metric: {unit: per 1,000 cases, direction: increase}",
        26,
        'metric: {unit: "per 1,000 cases", direction: increase}',
        "per 1,000 cases",
    ),
    (
        "  - {id: x, name: Ratio: orders/lines, kind: kpm}",
        24,
        '- {id: x, name: "Ratio: orders/lines", kind: kpm}',
        None,
    ),
    ("    name: Quote, ship: and invoice", 22, 'name: "Quote, ship: and invoice"', "Quote, ship: and invoice"),
    ("name: Note: see {x}  # why", 11, 'name: "Note: see {x}"  # why', "Note: see {x}"),
    ('    name: say "hi": now', 18, r'name: "say \"hi\": now"', 'say "hi": now'),
]


@pytest.mark.parametrize(("line", "column", "fixed", "text"), QUOTING)
def test_quote_hint_gives_the_corrected_line(line: str, column: int, fixed: str, text: str | None) -> None:
    assert quote_hint(line, column) == f"; quote text that holds a comma or a colon: {fixed}"
    parsed = yaml.safe_load(fixed.removeprefix("- "))
    assert isinstance(parsed, dict)
    values = [v for v in parsed.values() if isinstance(v, str)] + [
        v for d in parsed.values() if isinstance(d, dict) for v in d.values()
    ]
    assert (text or "Ratio: orders/lines") in values


@pytest.mark.parametrize(
    ("line", "column"), [("nodes:", 6), ("  - {id: x, name: 'quoted, already'}", 30), ("just text", 3)]
)
def test_no_quote_hint_where_there_is_nothing_to_quote(line: str, column: int) -> None:
    assert quote_hint(line, column) == ""


_WORDS = st.lists(st.from_regex(r"[a-g]{1,5}", fullmatch=True), min_size=2, max_size=5, unique=True)


@given(words=_WORDS, data=st.data())
def test_commas_in_a_flow_value_are_fixed_by_the_hint(words: list[str], data: st.DataObject) -> None:
    gaps = [data.draw(st.sampled_from([" ", ", "])) for _ in words[1:]]
    if ", " not in gaps:
        gaps[0] = ", "
    text = words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))
    line = f"- {{id: x, name: {text}, kind: kpm}}"
    read = yaml.safe_load(line)[0]
    stray = next(k for k in read if k not in {"id", "name", "kind"})  # the first key a comma made
    column = line.index(f", {stray}") + 3
    fixed = quote_hint(line, column).split(": ", 1)[1]
    assert yaml.safe_load(fixed)[0]["name"] == text
