"""Read the plan's due dates and statuses and the notes someone edited in a workbook, and plan their writing.

Plan items live in the scorecard's YAML, so an edited status or due date is written there in place
(yaml_edit). Notes live in notes CSV files (a note's row replaced, added or removed, every other line
kept) or inline in the YAML (edited in place; removing one is left to the YAML).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from kpicascade import _yaml
from kpicascade._exceptions import ScorecardError, WorkbookError
from kpicascade.commentary import check_texts, notes_table
from kpicascade.csv_table import CsvFileError
from kpicascade.model import PLAN_STATUSES, Note, Scorecard
from kpicascade.problems import FieldPath
from kpicascade.roundtrip.yaml_edit import Edit, edit_text, scalar
from kpicascade.workbook.cells import address
from kpicascade.workbook.hidden_sheet import Meta
from kpicascade.workbook.placement import N_AUTHOR, N_ID, N_NOTE, NOTES, P_DUE, P_ID, P_STATUS, PLAN


@dataclass(frozen=True)
class PlanChange:
    """A plan item's status or due date someone changed, with the cell."""

    item: str
    field: str
    old: str
    new: str
    cell: str


@dataclass(frozen=True)
class NoteChange:
    """A note someone wrote, changed or cleared (new text None), with its author and the cell."""

    node: str
    period: str
    old: str | None
    new: str | None
    old_author: str | None
    new_author: str | None
    cell: str


@dataclass
class Writes:
    """The files an import of plan and notes would write: each path with its new text."""

    texts: dict[Path, str] = field(default_factory=dict)


def _status(raw: object) -> str | None:
    if not isinstance(raw, str):
        return None
    word = raw.strip().lower().replace(" ", "_").replace("-", "_")
    return word if word in PLAN_STATUSES else None


def _due(raw: object) -> str | None:
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat()
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    if isinstance(raw, str):
        try:
            return datetime.date.fromisoformat(raw.strip()).isoformat()
        except ValueError:
            return None
    return None


def _text(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return str(raw).upper()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = str(raw).strip()
    return text or None


def check_rows(wb: Workbook, meta: Meta) -> list[str]:
    """Return where the Plan and Notes sheets' rows no longer hold the item or node they were written with."""
    moved = []
    for item, row, _, _ in meta.plan_rows():
        if PLAN not in wb.sheetnames or wb[PLAN].cell(row=row, column=P_ID).value != item:
            moved.append(f"{PLAN} row {row} should hold {item}")
    for node, row, _, _ in meta.note_rows()[1]:
        if NOTES not in wb.sheetnames or wb[NOTES].cell(row=row, column=N_ID).value != node:
            moved.append(f"{NOTES} row {row} should hold {node}")
    return moved


def editable_cells(meta: Meta) -> set[tuple[str, str]]:
    """Return the Plan and Notes cells an executive may edit, as (sheet, coordinate)."""
    out = set()
    for _, row, _, _ in meta.plan_rows():
        out |= {(PLAN, address(P_DUE, row)), (PLAN, address(P_STATUS, row))}
    for _, row, _, _ in meta.note_rows()[1]:
        out |= {(NOTES, address(N_NOTE, row)), (NOTES, address(N_AUTHOR, row))}
    return out


def as_written(card: Scorecard, meta: Meta) -> Scorecard:
    """Return the scorecard with the plan's statuses and due dates and the period's notes the workbook was made with."""
    written = {item: (due, status) for item, _, due, status in meta.plan_rows()}
    plan = [
        item.model_copy(update={"due": written[item.id][0], "status": written[item.id][1]})
        if item.id in written
        else item
        for item in card.plan
    ]
    period, rows = meta.note_rows()
    notes = [n for n in card.commentary if n.period != period]
    notes += [Note(node=n, period=period, text=t, author=a) for n, _, t, a in rows if t]
    copy = card.model_copy(update={"plan": plan, "notes": card.notes.model_copy(update={"rows": []})})
    copy.set_file_notes(notes, card.note_files)
    return copy


def read_plan(wb: Workbook, meta: Meta, card: Scorecard) -> tuple[list[PlanChange], list[str]]:
    """Return the plan's edited statuses and due dates, and every cell that cannot be read."""
    items = {i.id: i for i in card.plan}
    changes, problems = [], []
    ws = wb[PLAN] if meta.plan_rows() else None
    for ident, row, due, status in meta.plan_rows():
        assert ws is not None
        for column, name, written, parse in ((P_DUE, "due", due, _due), (P_STATUS, "status", status, _status)):
            cell = ws.cell(row=row, column=column)
            where = f"{PLAN}!{cell.coordinate}"
            if cell.data_type == "f":
                problems.append(f"{where} ({ident} {name}): a formula was typed; type the value")
                continue
            value = parse(cell.value)
            if value is None:
                hint = "a day like 2026-09-30" if name == "due" else "planned, in_progress, blocked or done"
                problems.append(f"{where} ({ident} {name}): {cell.value!r} is not {hint}")
                continue
            current = getattr(items[ident], name) if ident in items else None
            if value != written and value != current:
                if current is None:
                    problems.append(f"{where}: plan item {ident} is no longer in the scorecard")
                else:
                    changes.append(PlanChange(ident, name, current, value, where))
    return changes, problems


def read_notes(wb: Workbook, meta: Meta, card: Scorecard) -> tuple[list[NoteChange], list[str]]:
    """Return the notes someone wrote, changed or cleared, and every cell that cannot be read."""
    period, rows = meta.note_rows()
    changes, problems = [], []
    for node, row, text, author in rows:
        cells = [wb[NOTES].cell(row=row, column=c) for c in (N_NOTE, N_AUTHOR)]
        if any(c.data_type == "f" for c in cells):
            problems.append(f"{NOTES}!{cells[0].coordinate} ({node}): a formula was typed; notes are text")
            continue
        new, new_author = _text(cells[0].value), _text(cells[1].value)
        if len(new or "") > 2000:
            problems.append(f"{NOTES}!{cells[0].coordinate} ({node}): the note is longer than 2000 characters")
            continue
        if (new, new_author) == (text, author):
            continue
        current = card.note(node, period)
        now = (current.text, current.author) if current else (None, None)
        if (new, new_author) != now:
            changes.append(NoteChange(node, period, now[0], new, now[1], new_author, f"{NOTES}!{cells[0].coordinate}"))
    return changes, problems


def _plan_edits(card: Scorecard, changes: list[PlanChange]) -> list[Edit]:
    index = {item.id: i for i, item in enumerate(card.plan)}
    edits = []
    for change in changes:
        path: FieldPath = ("plan", index[change.item], change.field)
        if path in card.source.values:
            edits.append(Edit(card.source.values[path], change.old, scalar(change.new)))
        else:  # status left at its default: add it after the due date, which every item has
            due = card.source.values[("plan", index[change.item], "due")]
            edits.append(Edit(due, card.plan[index[change.item]].due, scalar(change.new), key=change.field))
    return edits


def _inline_edits(card: Scorecard, change: NoteChange, i: int) -> list[Edit]:
    if change.new is None:
        where = card.source.locate(("notes", "rows", i))
        raise WorkbookError(f"{change.cell}: the note on {change.node} {change.period} is at {where}; delete it there")
    note, edits = card.notes.rows[i], []
    text_at = card.source.values[("notes", "rows", i, "text")]
    if change.new != note.text:
        edits.append(Edit(text_at, note.text, scalar(change.new)))
    if change.new_author != note.author:
        if change.new_author is None:
            raise WorkbookError(f"{change.cell}: remove the author of the note at {text_at} in the YAML")
        author_at = card.source.values.get(("notes", "rows", i, "author"))
        if author_at is not None:
            edits.append(Edit(author_at, note.author or "", scalar(change.new_author)))
        else:
            edits.append(Edit(text_at, note.text, scalar(change.new_author), key="author"))
    return edits


def _note_fields(header: list[str], note: NoteChange) -> list[str]:
    fields = ["" for _ in header]
    values = {"node": note.node, "period": note.period, "text": note.new or "", "author": note.new_author or ""}
    for k, name in enumerate(header):
        fields[k] = values.get(name, "")
    return fields


def _notes_files(card: Scorecard) -> list[Path]:
    out = []
    for i, name in enumerate(card.notes.files):
        declared = card.source.locate(("notes", "files", i))
        base = Path(declared.file).parent if declared.file else Path(card.files[0]).parent
        out.append(base / name)
    return out


def _csv_edits(card: Scorecard, changes: list[NoteChange]) -> dict[Path, str]:
    """Return each notes file's new text: records replaced or removed in place, new notes added to the first file.

    Only the records that change are rewritten: the byte order mark, line ends, delimiter, quoting and
    unknown columns of every other record stay exactly as they were.
    """
    files = _notes_files(card)
    try:
        tables = {path: notes_table(path.read_bytes().decode("utf-8"), str(path)) for path in files}
    except (OSError, UnicodeDecodeError, CsvFileError) as exc:
        raise WorkbookError(f"cannot rewrite the notes files: {exc}; nothing was written") from None
    found: dict[tuple[str, str], tuple[Path, int]] = {}
    for path, table in tables.items():
        node, period = table.column("node"), table.column("period")
        for k, record in enumerate(table.records):
            if len(record.values) > max(node, period):
                found.setdefault((record.values[node], record.values[period]), (path, k))
    replace: dict[Path, dict[int, list[str] | None]] = {}
    added: list[NoteChange] = []
    for change in changes:
        at = found.get((change.node, change.period))
        if at is None:
            added.append(change)
        else:
            header = tables[at[0]].header.values
            new = _note_fields(header, change) if change.new is not None else None
            replace.setdefault(at[0], {})[at[1]] = new
    if added and not files:
        raise WorkbookError(
            f"{added[0].cell}: new notes need a notes file; add `notes: files: [NAME.notes.csv]` "
            "(a header node,period,text,author) to the scorecard"
        )
    out = {}
    for path, table in tables.items():
        appended = (
            [_note_fields(table.header.values, c) for c in added if c.new is not None] if path == files[0] else []
        )
        if path in replace or appended:
            out[path] = table.changed(replace.get(path, {}), appended).text()
    return out


def plan_writes(card: Scorecard, plan: list[PlanChange], notes: list[NoteChange]) -> Writes:
    """Return every file the plan and note changes would write, checked; raise WorkbookError if one cannot be."""
    edits: dict[str, list[Edit]] = {}
    for edit in _plan_edits(card, plan):
        edits.setdefault(edit.where.file, []).append(edit)
    inline = {(n.node, n.period): i for i, n in enumerate(card.notes.rows)}
    to_csv = []
    for change in notes:
        i = inline.get((change.node, change.period))
        if i is None:
            to_csv.append(change)
        else:
            for edit in _inline_edits(card, change, i):
                edits.setdefault(edit.where.file, []).append(edit)
    writes = Writes()
    for file, file_edits in edits.items():
        path = Path(file)
        writes.texts[path] = edit_text(path.read_text(encoding="utf-8"), file_edits)
    csv_texts = _csv_edits(card, to_csv) if to_csv else {}
    writes.texts.update(csv_texts)
    _check(card, plan, notes, writes, csv_texts)
    return writes


def _holds(data: object, section: str, match: dict[str, str], values: dict[str, str | None]) -> bool | None:
    """Return whether the item of a parsed section that matches holds the values (None: not in this file)."""
    items = data.get(section) if isinstance(data, dict) else None
    rows = items.get("rows") if isinstance(items, dict) else items
    for item in rows if isinstance(rows, list) else []:
        if isinstance(item, dict) and all(str(item.get(k)) == v for k, v in match.items()):
            return all(str(item.get(k)) == v for k, v in values.items() if v is not None)
    return None


def _check(
    card: Scorecard, plan: list[PlanChange], notes: list[NoteChange], writes: Writes, csv_texts: dict[Path, str]
) -> None:
    """Check each edited YAML file reads back with exactly the new values, and the notes pass the loader's checks."""
    for path, text in writes.texts.items():
        if path in csv_texts:
            continue
        doc = _yaml.parse(text.encode("utf-8"), str(path))
        if doc.problems or doc.data is None:
            first = doc.problems[0] if doc.problems else "empty"
            raise WorkbookError(f"{path}: the edited YAML would not read back ({first}); nothing was written")
        for change in plan:
            if _holds(doc.data, "plan", {"id": change.item}, {change.field: change.new}) is False:
                raise WorkbookError(f"{path}: plan item {change.item} would not hold {change.new}; nothing was written")
        for note in notes:
            match = {"node": note.node, "period": note.period}
            if _holds(doc.data, "notes", match, {"text": note.new, "author": note.new_author}) is False:
                raise WorkbookError(f"{path}: the note on {note.node} would not read back; nothing was written")
    rows = list(card.notes.rows)
    inline = {(n.node, n.period): i for i, n in enumerate(rows)}
    for note in notes:
        i = inline.get((note.node, note.period))
        if i is not None and note.new is not None:
            rows[i] = Note(node=note.node, period=note.period, text=note.new, author=note.new_author)
    edited = card.model_copy(update={"notes": card.notes.model_copy(update={"rows": rows})})
    texts = {str(p): csv_texts.get(p) or p.read_bytes().decode("utf-8") for p in _notes_files(card)}
    problems = check_texts(edited, texts)
    if problems:
        raise ScorecardError(problems)
