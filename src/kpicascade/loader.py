"""Load a scorecard from YAML files: parse, merge includes, build the model, validate, read actuals."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kpicascade import _shape_problems as shapes
from kpicascade import _yaml, collector, hints, input_files
from kpicascade._exceptions import ScorecardError
from kpicascade.actuals import read_actuals
from kpicascade.commentary import read_notes
from kpicascade.inheritance import inherit
from kpicascade.model import Scorecard
from kpicascade.problems import MAX_PER_FILE, FieldPath, Location, Problem, SourceMap, capped
from kpicascade.validate import check_actuals, validate

#: Sections an included file may add to; lists are appended, links and actuals merged by kind.
INCLUDABLE = ("departments", "nodes", "signals", "links", "customers", "plan", "actuals", "notes", "include")
#: Bytes in all the files of one scorecard together (each file may hold at most _yaml.MAX_BYTES).
MAX_TOTAL_BYTES = 20 * 2**20
_GROUPS = {"links": ("contributes", "drives", "signals"), "actuals": ("files", "rows"), "notes": ("files", "rows")}


class _Merged:
    def __init__(self, main: Path, root: Path | None = None) -> None:
        self.root = root
        self.total = 0
        self.data: dict[str, Any] = {}
        self.source = SourceMap(main_file=str(main))
        self.files: list[str] = []
        self.actual_files: list[tuple[Path, Location]] = []
        self.note_files: list[tuple[Path, Location]] = []
        self.problems: list[Problem] = []

    def relocate(self, doc: _yaml.Document, prefix: FieldPath, into: FieldPath, shift: int = 0) -> None:
        """Copy the locations under prefix in doc to the path into, list indexes right below it moved by shift."""
        n = len(prefix)
        for table, merged in ((doc.values, self.source.values), (doc.keys, self.source.keys)):
            for path, mark in table.marks.items():
                if path[:n] != prefix:
                    continue
                rest = path[n:]
                if shift and rest and isinstance(rest[0], int):
                    rest = (rest[0] + shift, *rest[1:])
                merged.marks.setdefault((*into, *rest), mark)

    def fail(self, doc: _yaml.Document, path: FieldPath, code: str, message: str, key: bool = False) -> None:
        first, then = (doc.keys, doc.values) if key else (doc.values, doc.keys)
        where = first.get(path) or then.get(path) or Location(self.source.main_file)
        self.problems.append(Problem("error", code, message, where, path))

    def append(self, doc: _yaml.Document, section: FieldPath, items: Any) -> None:
        """Append a list section of an included file to the merged data."""
        if not isinstance(items, list):
            self.fail(doc, section, "wrong-type", f"{section[-1]} must be a list, got {shapes.describe(items)}")
            return
        parent: Any = self.data
        for part in section[:-1]:
            parent = parent.setdefault(part, {}) if isinstance(parent, dict) else None
        if not isinstance(parent, dict) or not isinstance(parent.setdefault(str(section[-1]), []), list):
            return  # the main file gave this section a wrong type; the model reports it
        target = parent[str(section[-1])]
        self.relocate(doc, section, section, shift=len(target))  # one pass: per item would be quadratic
        target.extend(items)

    def take(self, doc: _yaml.Document) -> None:
        """Start from the main file: its data and locations as they are (relocating key by key was slower)."""
        self.data.update(doc.data)
        self.source.values.marks.update(doc.values.marks)  # marks as they are: no Location made
        self.source.keys.marks.update(doc.keys.marks)

    def add_part(self, doc: _yaml.Document, key: str, value: Any) -> None:
        """Add a section of an included file: lists appended, links and actuals merged by kind."""
        if key not in _GROUPS:
            self.append(doc, (key,), value)
        elif not isinstance(value, dict):
            self.fail(doc, (key,), "wrong-type", f"{key} must be a mapping of {' and '.join(_GROUPS[key])}")
        else:
            for sub, items in value.items():
                self.append(doc, (key, sub), items)


def _read(path: Path, shown: str, merged: _Merged) -> _yaml.Document | None:
    if (reason := input_files.refusal(path)) is not None and reason != "not found":
        merged.problems.append(Problem("error", "unreadable", f"the scorecard {reason}", Location(shown)))
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(_yaml.MAX_BYTES + 1)  # never more: the path may be a device or a pipe
    except OSError as exc:
        merged.problems.append(Problem("error", "unreadable", f"cannot read: {exc.strerror}", Location(shown)))
        return None
    merged.total += len(raw)
    doc = _yaml.parse(raw, shown)
    merged.problems.extend(doc.problems)
    return doc if doc.data is not None else None


def _merge_file(path: Path, merged: _Merged, seen: set[Path], main: bool) -> None:
    shown = str(path)
    seen.add(input_files.real(path))
    merged.files.append(shown)
    doc = _read(path, shown, merged)
    if doc is None:
        return
    if main:
        merged.take(doc)
    else:
        _add_part(doc, merged)
    _note_actual_files(path, doc, merged)
    for i, name in _includes(doc, merged, main):
        child = path.parent / name
        where = doc.values.get(("include", i), Location(shown))
        if input_files.real(child) in seen:
            message = f"{name} is already part of this scorecard; a file may be included once"
            merged.problems.append(Problem("error", "include-cycle", message, where, ("include", i)))
        elif (problem := _include_refusal(child, name, merged)) is not None:
            code = "include-missing" if problem.endswith("not found") else "include-file"
            merged.problems.append(Problem("error", code, problem, where, ("include", i)))
        else:
            _merge_file(child, merged, seen, main=False)


def _include_refusal(child: Path, name: str, merged: _Merged) -> str | None:
    """Return why an included file may not be read, or None."""
    if Path(name).suffix.lower() not in (".yaml", ".yml"):
        return f"included file {name} is not a .yaml or .yml file; only scorecard parts may be included"
    if (reason := input_files.refusal(child, merged.root)) is not None:
        return f"included file {name} {reason}"
    if merged.total + child.stat().st_size > MAX_TOTAL_BYTES:
        return f"included file {name} takes the scorecard past {MAX_TOTAL_BYTES // 2**20} MB in all its files"
    return None


def _add_part(doc: _yaml.Document, merged: _Merged) -> None:
    for key, value in doc.data.items():
        if key not in INCLUDABLE:
            allowed = ", ".join(INCLUDABLE)
            merged.fail(
                doc,
                (key,),
                "include-key",
                f"an included file may only hold {allowed}; {key} belongs in the main file",
                key=True,
            )
        elif key != "include":
            merged.add_part(doc, key, value)


def _includes(doc: _yaml.Document, merged: _Merged, main: bool) -> list[tuple[int, str]]:
    """Return the file names a file includes; a part's wrong types are reported here, the main file's by the model."""
    includes = doc.data.get("include", [])
    if not isinstance(includes, list):
        if not main:
            merged.fail(doc, ("include",), "wrong-type", "include must be a list of file names, like [part.yaml]")
        return []
    names = []
    for i, name in enumerate(includes):
        if isinstance(name, str):
            names.append((i, name))
        elif not main:
            merged.fail(doc, ("include", i), "wrong-type", "an included file's name must be text")
    return names


def _note_actual_files(path: Path, doc: _yaml.Document, merged: _Merged) -> None:
    for section, found in (("actuals", merged.actual_files), ("notes", merged.note_files)):
        listed = doc.data.get(section)
        files = listed.get("files") if isinstance(listed, dict) else None
        for i, name in enumerate(files if isinstance(files, list) else []):
            if isinstance(name, str):
                where = doc.values.get((section, "files", i), Location(str(path)))
                reason = input_files.refusal(path.parent / name, merged.root)
                if reason is None or reason == "not found":  # a missing file is reported when it is read
                    found.append((path.parent / name, where))
                else:
                    message = f"{section} file {name} {reason}"
                    merged.problems.append(Problem("error", f"{section}-file", message, where, (section, "files", i)))
    survey = doc.data.get("survey")
    name = survey.get("file") if isinstance(survey, dict) else None
    reason = input_files.refusal(path.parent / name, merged.root) if isinstance(name, str) else None
    if reason is not None and reason != "not found":  # a missing file is reported by the drivers, which need it
        where = doc.values.get(("survey", "file"), Location(str(path)))
        message = f"survey file {name} {reason}"
        merged.problems.append(Problem("error", "survey-file", message, where, ("survey", "file")))


def _shape_problems(exc: ValidationError, merged: _Merged, unknown: set[int]) -> list[Problem]:
    # A value the YAML reader refused (a tag, an alias) is null in the data; its type error would repeat it.
    refused = {p.location for p in merged.problems}
    found = [p for p in shapes.problems(exc, merged.source) if p.location not in refused and not _lacks(p, unknown)]
    lines: dict[str, list[str]] = {}  # each file read once, however many keys it has
    return [_comma_hint(p, lines) if i < MAX_PER_FILE else p for i, p in enumerate(found)]


def _lacks(problem: Problem, unknown: set[int]) -> bool:
    """Return whether a problem follows from a node's unknown catalogue entry (reported already): a key it lacks."""
    path = problem.path
    if len(path) < 3 or path[0] != "nodes" or path[1] not in unknown:
        return False
    return problem.code == "missing-key" or path[2] == "catalog"


def _comma_hint(problem: Problem, lines: dict[str, list[str]]) -> Problem:
    """Return an unknown key that an unquoted comma split off the text before it, with the line corrected."""
    where = problem.location
    if problem.code != "unknown-key" or where.line is None or where.column is None:
        return problem
    if where.file not in lines:
        try:
            lines[where.file] = Path(where.file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines[where.file] = []
    if not 0 < where.line <= len(lines[where.file]):
        return problem
    line = lines[where.file][where.line - 1]
    hint = hints.quote_hint(line, where.column)
    if not hint or not line[: where.column - 1].rstrip().endswith(","):
        return problem
    key = problem.path[-1] if problem.path else ""
    message = f"unknown key {str(key)!r}: a comma in the text before it ended that text{hint}"
    return dataclasses.replace(problem, message=message)


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def load(path: str | Path, *, lint: bool = True, read_measurements: bool = True, confine: bool = False) -> Scorecard:
    """Return the scorecard in the YAML file at path (and the files it includes).

    Raise ScorecardError holding every problem found, with file, line, column and field.
    Warnings are kept on the result's .problems when there are no errors. With confine, every file
    the scorecard names (parts, actuals, survey) must lie in the main file's folder or below it.
    """
    with collector.paused():  # what loading makes lives on, without cycles: a collection would free nothing
        return _load(Path(path), lint, read_measurements, confine)


def _load(main: Path, lint: bool, read_measurements: bool, confine: bool) -> Scorecard:
    merged = _Merged(main, main.parent if confine else None)
    _merge_file(main, merged, set(), main=True)
    if _has_errors(merged.problems) and not merged.data:
        raise ScorecardError(capped(merged.problems))
    inherited, unknown = inherit(merged.data, merged.source)
    merged.problems += inherited
    try:
        card = Scorecard.model_validate(merged.data)
    except ValidationError as exc:
        raise ScorecardError(capped(merged.problems + _shape_problems(exc, merged, unknown))) from None
    card.record_origin(merged.source, merged.files, [str(path) for path, _ in merged.actual_files])
    problems = merged.problems + validate(card, lint=lint and not _has_errors(merged.problems))
    if read_measurements and not _has_errors(problems):
        measurements, actual_problems = read_actuals(card, merged.actual_files)
        problems += actual_problems
        card.set_measurements(measurements)
        if not _has_errors(problems):
            problems += check_actuals(card, lint=lint)
        notes, note_problems = read_notes(card, merged.note_files)
        problems += note_problems
        card.set_file_notes(notes, [str(path) for path, _ in merged.note_files])
    problems = capped(problems)
    card.set_problems(problems)
    if _has_errors(problems):
        raise ScorecardError(problems)
    return card
