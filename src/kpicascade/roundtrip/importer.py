"""Import the actuals someone edited in a workbook back into the scorecard's actuals CSV.

Planning reads everything and checks everything; only then does apply() write the CSV, atomically.
Changed formulas, labels or targets are reported, never imported: the scorecard's YAML is the place
for those.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from kpicascade import csv_table
from kpicascade._exceptions import ScorecardError, WorkbookError
from kpicascade.actuals import COLUMNS, MAX_BYTES, RawRow, check_rows
from kpicascade.loader import load
from kpicascade.measurements import Measurement, Measurements
from kpicascade.model import Scorecard
from kpicascade.periods import Period
from kpicascade.problems import Location
from kpicascade.roundtrip import plan_edits
from kpicascade.roundtrip.differences import differences
from kpicascade.roundtrip.edited import Edited, check_sheets, open_workbook, read_inputs
from kpicascade.roundtrip.edited import check_rows as check_layout
from kpicascade.roundtrip.plan_edits import NoteChange, PlanChange
from kpicascade.scoring import score
from kpicascade.workbook.fingerprint import fingerprint
from kpicascade.workbook.hidden_sheet import Meta, read_meta
from kpicascade.workbook.render import render
from kpicascade.writing import Check, write_together

#: Two values closer than this (relative) are the same number written with fewer digits.
_SAME = 1e-12


@dataclass(frozen=True)
class Change:
    """One actual someone changed: the node or signal, the period, the value before and after, and the cell."""

    id: str
    period: str
    old: float | None
    new: float | None
    cell: str


@dataclass
class ImportPlan:
    """What an import would do: the changes, the CSV to write, and what was found but not imported."""

    workbook: Path
    scorecard: Path
    csv_path: Path
    changes: list[Change]
    not_imported: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    csv_bytes: bytes = b""
    intended: list[list[str]] = field(default_factory=list)
    plan_changes: list[PlanChange] = field(default_factory=list)
    note_changes: list[NoteChange] = field(default_factory=list)
    writes: dict[Path, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """Return whether anything at all would be written."""
        return bool(self.changes or self.writes)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= _SAME * max(1.0, abs(a), abs(b))


def _scorecard_path(workbook: Path, meta: Meta, given: Path | None) -> Path:
    """Return the scorecard given, or the one the workbook records if it is a YAML file in a folder we trust.

    The recorded path comes from the file being imported, so it may point anywhere: it is followed only
    to a .yaml or .yml file inside the workbook's folder or the current folder (where the command runs).
    """
    if given is not None:
        return given
    if not meta.scorecard:
        raise WorkbookError("the workbook does not say where its scorecard is; pass --scorecard PATH")
    recorded = meta.scorecard
    path = Path(os.path.normpath(workbook.parent / recorded))
    real = Path(os.path.realpath(path))
    roots = [Path(os.path.realpath(workbook.parent)), Path.cwd().resolve()]
    if Path(recorded).is_absolute() or not any(real.is_relative_to(root) for root in roots):
        raise WorkbookError(
            f"the workbook says its scorecard is {recorded!r}, outside the workbook's folder and the current "
            "folder; if that is the right scorecard, pass --scorecard PATH"
        )
    if real.suffix.lower() not in (".yaml", ".yml"):
        raise WorkbookError(
            f"the workbook says its scorecard is {recorded!r}, which is not a .yaml file; pass --scorecard PATH"
        )
    if not real.is_file():
        raise WorkbookError(
            f"the workbook's scorecard {recorded} was not found next to {workbook.name} "
            f"(looked for {path}); pass --scorecard PATH"
        )
    return path


def _check_identity(card: Scorecard, meta: Meta, force: bool) -> bool:
    if card.account_id != meta.account_id and not force:
        raise WorkbookError(
            f"the workbook was made for account {meta.account_id}, not {card.account_id}; "
            "pass the right --scorecard (or --force)"
        )
    if meta.calendar != card.calendar:
        raise WorkbookError(
            f"the workbook is by {meta.calendar} but the scorecard's calendar is by {card.calendar}; "
            f"actuals import back from a workbook by {card.calendar} only: make the workbook again without --by"
        )
    matches = fingerprint(card) == meta.fingerprint
    if not matches and not force:
        raise WorkbookError(
            "the scorecard changed since this workbook was made (its fingerprint differs); "
            "make the workbook again, or pass --force to import the actuals anyway"
        )
    return matches


def _original(card: Scorecard, meta: Meta) -> Scorecard:
    """Return the scorecard with the actuals the workbook was made with, to render what it looked like."""
    rows = [
        Measurement(cell.id, Period.parse(cell.period, card.calendar), cell.original)
        for cell in meta.cells()
        if cell.original is not None
    ]
    return card.with_measurements(Measurements(rows))


def _current(card: Scorecard) -> dict[tuple[str, str], float]:
    result = score(card)
    arrays = result.arrays
    out = {}
    for ids, matrix in ((arrays.ids, arrays.measured), (arrays.signal_ids, arrays.signal_values)):
        for i, ident in enumerate(ids):
            for t, period in enumerate(result.periods):
                if not math.isnan(matrix[i, t]):
                    out[(ident, str(period))] = float(matrix[i, t])
    return out


def _read_changes(card: Scorecard, edited: list[Edited], plan: ImportPlan) -> None:
    problems = [f"{e.where} ({e.cell.id}, {e.cell.period}): {e.problem}" for e in edited if e.problem]
    if problems:
        raise WorkbookError("some actuals cannot be read; nothing was imported:\n" + "\n".join(problems))
    current = _current(card)
    for e in edited:
        if e.formula is not None:
            plan.not_imported.append(
                f"{e.where}: a formula ({e.formula}) was typed where the actual of "
                f"{e.cell.id} for {e.cell.period} goes; not imported"
            )
        elif not _same(e.value, e.cell.original):
            old = current.get((e.cell.id, e.cell.period))
            if not _same(e.value, old):  # the actuals may already hold what was typed
                plan.changes.append(Change(e.cell.id, e.cell.period, old, e.value, e.where))


def actuals_csv(card: Scorecard) -> Path:
    """Return the scorecard's actuals CSV: the first CSV file listed under actuals.files."""
    for i, name in enumerate(card.actuals.files):
        if name.lower().endswith(".csv"):
            declared = card.source.locate(("actuals", "files", i))
            base = Path(declared.file).parent if declared.file else Path(card.files[0]).parent
            return base / name
    raise WorkbookError("the scorecard lists no actuals CSV file; add one under actuals: files: [NAME.actuals.csv]")


def plan_import(workbook: Path, scorecard: Path | None = None, *, force: bool = False) -> ImportPlan:
    """Return what importing the workbook's edited actuals would change; raise if anything is wrong.

    Raise WorkbookError for a workbook that is unsafe, not ours, restructured, or made from a
    scorecard that changed since (unless force), and ScorecardError for actuals that fail the checks.
    """
    wb = open_workbook(workbook)
    meta = read_meta(wb)
    card_path = _scorecard_path(workbook, meta, scorecard)
    card = load(card_path)
    matches = _check_identity(card, meta, force)
    check_sheets(wb, meta)
    check_layout(wb, meta)
    moved = plan_edits.check_rows(wb, meta)
    if moved:
        raise WorkbookError("rows of the Plan or Notes sheet were inserted, deleted or moved: " + "; ".join(moved[:5]))
    try:
        csv_path = actuals_csv(card)
    except WorkbookError:
        csv_path = None
    plan = ImportPlan(workbook, card_path, csv_path or Path(), [])
    _read_changes(card, read_inputs(wb, meta), plan)
    if plan.changes and csv_path is None:
        actuals_csv(card)  # raises, naming what to add
    plan.plan_changes, unread = plan_edits.read_plan(wb, meta, card)
    plan.note_changes, unread_notes = plan_edits.read_notes(wb, meta, card)
    if unread or unread_notes:
        raise WorkbookError(
            "some plan or note cells cannot be read; nothing was imported:\n" + "\n".join(unread + unread_notes)
        )
    if matches:
        expected = render(score(plan_edits.as_written(_original(card, meta), meta), period=meta.period))
        inputs = {(c.sheet, c.coordinate) for c in meta.cells()} | plan_edits.editable_cells(meta)
        plan.not_imported += differences(expected, wb, inputs)
    else:
        plan.notes.append(
            "the scorecard changed since the workbook was made (--force): its formulas and labels were not compared"
        )
    if plan.changes:
        plan.csv_bytes = _new_csv(card, plan)
    if plan.plan_changes or plan.note_changes:
        plan.writes = plan_edits.plan_writes(card, plan.plan_changes, plan.note_changes).texts
    return plan


def apply(plan: ImportPlan) -> None:
    """Write the planned actuals CSV, scorecard YAML and notes files as one change: all of them or none."""
    files: list[tuple[Path, bytes, Check | None]] = []
    if plan.changes:
        files.append((plan.csv_path, plan.csv_bytes, lambda tmp: _same_rows(tmp, plan.intended)))
    files += [(path, text.encode("utf-8"), None) for path, text in plan.writes.items()]
    if files:
        write_together(files)


def number_text(value: float) -> str:
    """Return a number as the CSV writes it: as short as it can be and still exact.

    >>> number_text(12.0), number_text(0.914), number_text(-3.5)
    ('12', '0.914', '-3.5')
    """
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _bucket(period: Period, calendar: str) -> str:
    return str(period.quarter() if calendar == "quarter" else period)


def _new_csv(card: Scorecard, plan: ImportPlan) -> bytes:
    target = plan.csv_path.resolve()
    try:
        table = csv_table.read(plan.csv_path, COLUMNS, MAX_BYTES)
    except (csv_table.CsvFileError, OSError) as exc:
        raise WorkbookError(f"cannot read the actuals file to update it: {exc}") from None
    by_line = {record.line: i for i, record in enumerate(table.records)}
    value_at = table.column("value")
    replace: dict[int, list[str] | None] = {}
    appended: list[list[str]] = []
    refused = []
    for change in plan.changes:
        found = [
            m for m in card.measurements if m.id == change.id and _bucket(m.period, card.calendar) == change.period
        ]
        if not found:
            if change.new is not None:
                appended.append(_row(table.header.values, change))
        elif (
            len(found) == 1
            and str(found[0].period) == change.period
            and found[0].location.line in by_line
            and Path(found[0].location.file).resolve() == target
        ):
            index = by_line[found[0].location.line]
            if change.new is None:
                replace[index] = None
            else:
                values = list(table.records[index].values)
                values[value_at] = number_text(change.new)
                replace[index] = values
        else:
            where = ", ".join(str(m.location) for m in found)
            refused.append(
                f"{change.cell} ({change.id}, {change.period}): the actual comes from {where}; edit it "
                "there (an inline row, another file, or several finer periods summed up)"
            )
    if refused:
        raise WorkbookError("some edited actuals cannot be written back; nothing was imported:\n" + "\n".join(refused))
    new = table.changed(replace, appended)
    plan.intended = [r.values for r in new.rows()]
    _validate(card, plan, new)
    return new.encode()


def _fields(table: csv_table.CsvTable, record: csv_table.Record) -> tuple[str | None, str | None, str | None]:
    ident, period, value = (
        record.values[i] if i < len(record.values) else None for i in (table.column(c) for c in COLUMNS)
    )
    return ident, period, value


def _row(header: list[str], change: Change) -> list[str]:
    fields = ["" for _ in header]
    fields[header.index("id")], fields[header.index("period")] = change.id, change.period
    fields[header.index("value")] = number_text(change.new)  # type: ignore[arg-type]
    return fields


def _same_rows(path: Path, intended: list[list[str]]) -> None:
    """Raise unless the file written at path reads back as exactly the intended rows."""
    try:
        found = [r.values for r in csv_table.read(path, COLUMNS).rows()]
    except csv_table.CsvFileError as exc:
        raise WorkbookError(f"the rewritten actuals did not read back ({exc}); nothing was written") from None
    if found != intended:
        raise WorkbookError("the rewritten actuals did not read back as intended; nothing was written")


def _validate(card: Scorecard, plan: ImportPlan, table: csv_table.CsvTable) -> None:
    """Check the new actuals as the loader checks any actuals, together with those from elsewhere."""
    shown = str(plan.csv_path)
    target = plan.csv_path.resolve()
    reread = csv_table.parse(table.encode(), plan.csv_path, COLUMNS)
    rows: list[RawRow] = [(*_fields(reread, r), Location(shown, r.line)) for r in reread.rows()]
    rows += [
        (m.id, str(m.period), m.value, m.location)
        for m in card.measurements
        if not m.location.file or Path(m.location.file).resolve() != target
    ]
    _, problems = check_rows(card, rows)
    if problems:
        raise ScorecardError(problems)
