"""CSV files as records: multi-line values counted as one row, and rewrites that change only what changed."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpicascade.csv_table import CsvFileError, parse

REQUIRED = ("id", "period", "value")
HERE = Path("acts.csv")

# (case, file text, the record to edit by its first line, the file expected after value 99 is set there)
EDITS = [
    (
        "plain",
        "id,period,value\nkpi_a,2026-01,1\nkpi_a,2026-02,2\n",
        3,
        "id,period,value\nkpi_a,2026-01,1\nkpi_a,2026-02,99\n",
    ),
    (
        "Excel: BOM, CRLF and a note spanning two lines",
        '\ufeffid,period,value,note\r\nkpi_a,2026-01,1,"first\nsecond"\r\nkpi_a,2026-02,2,plain\r\n',
        4,
        '\ufeffid,period,value,note\r\nkpi_a,2026-01,1,"first\nsecond"\r\nkpi_a,2026-02,99,plain\r\n',
    ),
    (
        "the multi-line record itself",
        'id,period,value,note\nkpi_a,2026-01,1,"a\n""quoted""\nnote"\nkpi_a,2026-02,2,\n',
        2,
        'id,period,value,note\nkpi_a,2026-01,99,"a\n""quoted""\nnote"\nkpi_a,2026-02,2,\n',
    ),
    (
        "every value quoted",
        '"id","period","value"\n"kpi_a","2026-01","1"\n',
        2,
        '"id","period","value"\n"kpi_a","2026-01","99"\n',
    ),
    (
        "semicolons, as Excel writes in much of Europe",
        "id;period;value;note\nkpi_a;2026-01;1,5;x\n",
        2,
        "id;period;value;note\nkpi_a;2026-01;99;x\n",
    ),
    (
        "no line end after the last row, blank lines kept",
        "id,period,value\n\nkpi_a,2026-01,1",
        3,
        "id,period,value\n\nkpi_a,2026-01,99",
    ),
    (
        "columns in another order, unknown ones kept",
        "note,value,extra,period,id\nhi,1,,2026-01,kpi_a\n",
        2,
        "note,99,extra,period,id\nhi,99,,2026-01,kpi_a\n".replace("note,99", "note,value"),
    ),
]


@pytest.mark.parametrize(("case", "text", "line", "expected"), EDITS, ids=[c[0] for c in EDITS])
def test_a_rewrite_changes_the_edited_value_and_not_one_other_byte(
    case: str, text: str, line: int, expected: str
) -> None:
    table = parse(text.encode("utf-8"), HERE, REQUIRED)
    assert table.encode() == text.encode("utf-8")
    index = next(i for i, r in enumerate(table.records) if r.line == line)
    values = list(table.records[index].values)
    values[table.column("value")] = "99"
    assert table.changed({index: values}, []).encode() == expected.encode("utf-8")


def test_records_start_on_their_own_physical_line() -> None:
    text = 'id,period,value,note\na,2026-01,1,"x\ny\nz"\nb,2026-02,2,\r\nc,2026-03,3,"\r\n"\r\nd,2026-04,4,\n'
    table = parse(text.encode(), HERE, REQUIRED)
    assert [(r.values[0], r.line) for r in table.rows()] == [("a", 2), ("b", 5), ("c", 6), ("d", 8)]


def test_rows_appended_take_the_file_s_line_end_and_close_an_open_last_line() -> None:
    table = parse(b"\xef\xbb\xbfid,period,value\r\na,2026-01,1", HERE, REQUIRED)
    after = table.changed({}, [["b", "2026-02", "2"], ["c, d", "2026-03", "3"]])
    assert after.encode() == '\ufeffid,period,value\r\na,2026-01,1\r\nb,2026-02,2\r\n"c, d",2026-03,3\r\n'.encode()


def test_a_removed_record_takes_all_of_its_lines_with_it() -> None:
    table = parse(b'id,period,value,note\na,2026-01,1,"x\ny"\nb,2026-02,2,\n', HERE, REQUIRED)
    assert table.changed({0: None}, []).encode() == b"id,period,value,note\nb,2026-02,2,\n"


# (case, bytes, words in the message, line)
BAD = [
    ("empty", b"", "the file is empty", 1),
    ("missing a column", b"id,value\n", "missing column(s) period", 1),
    ("a column twice", b"id,period,value,value\n", "column value appears 2 times (columns 3, 4)", 1),
    ("not UTF-8", b"id,period,value\nx,2026-01,1\n\xff,2026-02,2\n", "byte 0xff is not UTF-8", 3),
    ("UTF-16", "id,period,value\n".encode("utf-16-le").join([b"\xff\xfe", b""]), "the file is UTF-16", 1),
    ("binary", b"id,period,value\n\x00\x00", "binary file", None),
    ("an open quote", b'id,period,value\nx,2026-01,"1\n', "unexpected end of data", 2),
    ("text after a closing quote", b'id,period,value\nx,"2026-01"z,1\n', "not a readable CSV file", 2),
]


@pytest.mark.parametrize(("case", "raw", "words", "line"), BAD, ids=[c[0] for c in BAD])
def test_a_file_that_is_not_a_table_is_one_clear_error(case: str, raw: bytes, words: str, line: int | None) -> None:
    with pytest.raises(CsvFileError) as caught:
        parse(raw, HERE, REQUIRED)
    assert words in caught.value.message
    assert caught.value.location.line == line


# A lone carriage return is left unquoted by Python 3.11's csv writer when lines end in LF, so the file it
# writes does not read back as the rows it was given; such files are outside what a rewrite can promise.
_TEXT = st.text(st.characters(codec="utf-8", blacklist_characters="\x00\r"), max_size=12)


@given(
    rows=st.lists(st.lists(_TEXT, min_size=4, max_size=4), min_size=1, max_size=8),
    ending=st.sampled_from(["\n", "\r\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    bom=st.booleans(),
    pick=st.integers(min_value=0),
    new=_TEXT,
)
def test_any_csv_the_csv_module_writes_reads_back_and_rewrites_exactly(
    rows: list[list[str]], ending: str, quoting: Literal[0, 1], bom: bool, pick: int, new: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending, quoting=quoting)
    writer.writerow(["id", "period", "value", "note"])
    writer.writerows(rows)
    raw = (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")
    table = parse(raw, HERE, REQUIRED)
    assert table.encode() == raw
    records = list(table.records)
    assert [r.values for r in records if r.values] == rows
    index = pick % len(records)
    values = list(records[index].values) or ["", "", "", ""]
    values[2] = new
    after = parse(table.changed({index: values}, [["x", "y", new, "z"]]).encode(), HERE, REQUIRED)
    expected = [r.values for r in records]
    expected[index] = values
    assert [r.values for r in after.records] == [*expected, ["x", "y", new, "z"]]
    untouched = [r.raw for i, r in enumerate(records) if i != index]
    assert [r.raw for i, r in enumerate(after.records[: len(records)]) if i != index] == untouched
