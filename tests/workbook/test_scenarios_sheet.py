"""The Scenarios sheet: the scenario's change is an input cell, and every figure of the block is its formula."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import kpicascade
from kpicascade.drivers import analyse
from kpicascade.whatif import Projection, project, projections
from kpicascade.workbook import render, save
from tests.whatif.test_projection import write_exact
from tests.workbook import libreoffice

SCENARIO = "  - {id: plus20, name: Planners +20%, signal: sig_users, percent: 20}"
NOISE = (0.4, -0.3, 0.2, -0.5, 0.1, 0.3, -0.2, 0.4, -0.1)


def book_of(folder: Path, noise: tuple[float, ...] = ()) -> tuple[Path, list[Projection]]:
    card = kpicascade.load(write_exact(folder, SCENARIO, noise))
    result = card.score()
    found = projections(result)
    path = folder / "acme.xlsx"
    save(render(result, scenarios=found), path, folder / "acme.yaml")
    return path, found


def label_rows(ws: Worksheet) -> dict[str, int]:
    """Return the row of each label in the first column (the first, where one repeats)."""
    found: dict[str, int] = {}
    for r in range(ws.max_row, 0, -1):
        if ws.cell(row=r, column=1).value is not None:
            found[str(ws.cell(row=r, column=1).value)] = r
    return found


def test_the_change_is_an_input_and_the_block_its_formulas(tmp_path: Path) -> None:
    path, _ = book_of(tmp_path)
    ws = openpyxl.load_workbook(path)["Scenarios"]
    signal_row = label_rows(ws)["Signal"]
    assert ws.cell(row=signal_row, column=5).value == "Change (%)"
    assert ws.cell(row=signal_row, column=6).value == 20
    assert ws.cell(row=signal_row, column=8).value == f"=$D${signal_row}*$F${signal_row}/100"
    otif = [r for r in range(signal_row, ws.max_row + 1) if ws.cell(row=r, column=1).value == "OTIF"]
    link_row, measure_row = otif[0], otif[1]
    assert ws.cell(row=link_row, column=8).value == f"=$C${link_row}*$H${signal_row}"
    assert ws.cell(row=measure_row, column=3).value == f"=$B${measure_row}+$H${link_row}"
    other = next(r for r in range(signal_row, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Complaints handled")
    assert ws.cell(row=other, column=7).value == "carries nothing: not confirmed"
    assert ws.cell(row=other, column=8).value == 0


def _values_after_typing(tmp_path: Path, percent: float, noise: tuple[float, ...]) -> tuple[list[list[object]], Path]:
    path, _ = book_of(tmp_path, noise)
    book = openpyxl.load_workbook(path)
    ws = book["Scenarios"]
    signal_row = label_rows(ws)["Signal"]
    ws.cell(row=signal_row, column=6).value = percent  # the executive types a new change
    book.save(path)
    [done] = libreoffice.recalculate([path], libreoffice.profile(tmp_path / "lo"), tmp_path / "out")
    recalculated = libreoffice.load(done, values=True)["Scenarios"]
    return [[c.value for c in row] for row in recalculated.iter_rows()], done


@pytest.mark.libreoffice
def test_typing_a_new_change_recomputes_to_the_engines_projection(tmp_path: Path) -> None:
    rows, _ = _values_after_typing(tmp_path, 30, NOISE)
    card = kpicascade.load(tmp_path / "acme.yaml")
    result = card.score()
    thirty = card.scenarios[0].model_copy(update={"percent": 30.0})
    [as_written] = projections(result)
    expected = project(result, thirty, analyse([card]))
    by_label: dict[object, list[list[object]]] = {}
    for row in rows:
        if row[0] is not None:
            by_label.setdefault(row[0], []).append(row)
    signal = by_label["Signal"][0]
    assert signal[7] == pytest.approx(expected.signal_change)
    link, measure = by_label["OTIF"]
    carried = expected.links[0].change
    assert carried is not None
    assert link[7:10] == pytest.approx([carried.value, carried.low, carried.high])
    [moved] = expected.measures
    assert measure[2:5] == pytest.approx([moved.projected.value, moved.projected.low, moved.projected.high])
    scores = {m.id: m.projected for m in expected.scores}
    assert measure[6:9] == pytest.approx([scores["kpi_otif"].value, scores["kpi_otif"].low, scores["kpi_otif"].high])
    objective = by_label["Reliable supplier"][0]
    assert objective[2:5] == pytest.approx([scores["obj"].value, scores["obj"].low, scores["obj"].high])
    assert expected.value is not None
    assert expected.roi is not None
    worth = by_label["Worth a year (USD)"][0]
    assert worth[1:4] == pytest.approx([expected.value.value, expected.value.low, expected.value.high])
    ret = by_label["Return on the annual fee"][0]
    assert ret[1:4] == pytest.approx([expected.roi.value, expected.roi.low, expected.roi.high])
    assert as_written.value is not None
    assert expected.value.value == pytest.approx(as_written.value.value * 30 / 20)  # and it did move
