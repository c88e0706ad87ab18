"""Corrupted scorecards, actuals and workbooks through the pipeline: clean errors only, no partial output."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpicascade
from kpicascade import KpiCascadeError
from kpicascade.portfolio import build
from tests.conftest import EXAMPLES

SOURCE = EXAMPLES[0]
TEXT = SOURCE.read_bytes()
CSV = SOURCE.with_name(f"{SOURCE.stem}.actuals.csv").read_bytes()
FUZZ = settings(
    max_examples=1000,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def corrupted(draw: st.DrawFn, data: bytes) -> bytes:
    """Return data with a few random edits: bytes flipped, lines cut, duplicated or swapped, garbage inserted."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate", "dup-line", "swap-lines"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "flip" and out:
            out[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del out[at : at + draw(st.integers(1, 200))]
        elif kind == "insert":
            out[at:at] = draw(
                st.binary(min_size=1, max_size=20)
                | st.sampled_from(
                    [
                        b"\n  - ",
                        b": ",
                        b"{",
                        b"]",
                        b"&a ",
                        b"*a",
                        b"!!python/object:os.system ",
                        b"\t",
                        b".nan",
                        b"\xff",
                    ]
                )
            )
        elif kind == "truncate":
            del out[at:]
        else:
            lines = bytes(out).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if kind == "dup-line":
                lines.insert(i, lines[j])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            out = bytearray(b"\n".join(lines))
    return bytes(out)


def _pipeline(folder: Path) -> None:
    """Load, score and render everything in memory; only clean library errors may come out."""
    from kpicascade import diagram, workbook

    try:
        result = kpicascade.load(folder / SOURCE.name).score()
    except KpiCascadeError:
        return
    result.to_dict()
    workbook.render(result)
    diagram.cascade(result, signals=True).source  # noqa: B018 - building the DOT is the point


def _write(folder: Path, yaml_bytes: bytes, csv_bytes: bytes) -> None:
    folder.mkdir(exist_ok=True)
    (folder / SOURCE.name).write_bytes(yaml_bytes)
    (folder / f"{SOURCE.stem}.actuals.csv").write_bytes(csv_bytes)


@pytest.mark.slow
@FUZZ
@given(corrupted(TEXT))
def test_corrupted_scorecards_give_clean_errors(tmp_path: Path, yaml_bytes: bytes) -> None:
    _write(tmp_path / "card", yaml_bytes, CSV)
    _pipeline(tmp_path / "card")


@pytest.mark.slow
@settings(FUZZ, max_examples=700)
@given(corrupted(CSV))
def test_corrupted_actuals_give_clean_errors(tmp_path: Path, csv_bytes: bytes) -> None:
    _write(tmp_path / "card", TEXT, csv_bytes)
    _pipeline(tmp_path / "card")


def _workbook_bytes() -> bytes:
    from kpicascade import workbook

    buffer = io.BytesIO()
    workbook.render(kpicascade.load(SOURCE).score()).save(buffer)
    return buffer.getvalue()


WORKBOOK = _workbook_bytes()


@st.composite
def corrupted_workbooks(draw: st.DrawFn) -> bytes:
    """Return the example workbook with one of its zip members corrupted, or its raw bytes corrupted."""
    if draw(st.booleans()):
        return draw(corrupted(WORKBOOK))
    source = zipfile.ZipFile(io.BytesIO(WORKBOOK))
    names = source.namelist()
    victim = draw(st.sampled_from(names))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            data = source.read(name)
            target.writestr(name, draw(corrupted(data)) if name == victim else data)
    return out.getvalue()


@pytest.mark.slow
@settings(
    max_examples=400,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(corrupted_workbooks())
def test_corrupted_workbooks_give_clean_errors_and_change_nothing(tmp_path: Path, data: bytes) -> None:
    from kpicascade import roundtrip

    folder = tmp_path / "card"
    _write(folder, TEXT, CSV)
    book = folder / "edited.xlsx"
    book.write_bytes(data)
    try:
        plan = roundtrip.plan_import(book, folder / SOURCE.name)
    except KpiCascadeError:
        pass
    else:
        assert plan is not None
    assert (folder / f"{SOURCE.stem}.actuals.csv").read_bytes() == CSV


@pytest.mark.slow
@settings(
    max_examples=30,
    deadline=timedelta(seconds=60),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(corrupted(TEXT))
def test_a_corrupted_scorecard_leaves_no_partial_output(tmp_path: Path, yaml_bytes: bytes) -> None:
    folder, out = tmp_path / "card", tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    _write(folder, yaml_bytes, CSV)
    report = build([folder / SOURCE.name], out, jobs=1)
    account = out / SOURCE.stem
    if report.failed:
        assert not account.exists()
    assert not list(out.rglob(".*.tmp"))
