"""Load a scorecard from YAML files: parse, merge includes, build the model, validate, read actuals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kpicascade import _shapes, _yaml
from kpicascade._exceptions import ScorecardError
from kpicascade.actuals import read_actuals
from kpicascade.model import Scorecard
from kpicascade.problems import FieldPath, Location, Problem, SourceMap
from kpicascade.validate import validate

#: Sections an included file may add to; lists are appended, links merged by kind.
_INCLUDABLE = ("departments", "nodes", "signals", "links", "customers", "actuals", "include")


class _Merged:
    def __init__(self, main: Path) -> None:
        self.data: dict[str, Any] = {}
        self.source = SourceMap(main_file=str(main))
        self.files: list[str] = []
        self.actual_files: list[tuple[Path, Location]] = []
        self.problems: list[Problem] = []

    def relocate(self, doc: _yaml.Document, prefix: FieldPath, into: FieldPath, shift: int = 0) -> None:
        """Copy the locations under prefix in doc to the path into, list indexes right below it moved by shift."""
        n = len(prefix)
        for table, merged in ((doc.values, self.source.values), (doc.keys, self.source.keys)):
            for path, loc in table.items():
                if path[:n] != prefix:
                    continue
                rest = path[n:]
                if shift and rest and isinstance(rest[0], int):
                    rest = (rest[0] + shift, *rest[1:])
                merged.setdefault((*into, *rest), loc)

    def append(self, doc: _yaml.Document, section: FieldPath, items: Any) -> None:
        """Append a list section of doc to the merged data, or set it when it is not a list."""
        parent: Any = self.data
        for part in section[:-1]:
            parent = parent.setdefault(part, {}) if isinstance(parent, dict) else None
        if not isinstance(parent, dict):
            return  # the main file gave this section a wrong type; the model reports it
        name = str(section[-1])
        if not isinstance(items, list) or not isinstance(parent.get(name, []), list):
            parent[name] = items
            self.relocate(doc, section, section)
            return
        target = parent.setdefault(name, [])
        self.relocate(doc, section, section, shift=len(target))  # one pass: per item would be quadratic
        target.extend(items)

    def set(self, doc: _yaml.Document, path: FieldPath, value: Any) -> None:
        target = self.data
        for part in path[:-1]:
            target = target.setdefault(str(part), {})
        target[str(path[-1])] = value
        self.relocate(doc, path, path)


def _read(path: Path, shown: str, merged: _Merged) -> _yaml.Document | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        merged.problems.append(Problem("error", "unreadable", f"cannot read: {exc.strerror}", Location(shown)))
        return None
    doc = _yaml.parse(raw, shown)
    merged.problems.extend(doc.problems)
    return doc if doc.data is not None else None


def _merge_file(path: Path, merged: _Merged, seen: set[Path], main: bool) -> None:
    shown = str(path)
    seen.add(path.resolve())
    merged.files.append(shown)
    doc = _read(path, shown, merged)
    if doc is None:
        return
    for key, value in doc.data.items():
        if not main and key not in _INCLUDABLE:
            allowed = ", ".join(_INCLUDABLE)
            merged.problems.append(Problem("error", "include-key", f"an included file may only hold {allowed}",
                                           doc.keys.get((key,), Location(shown)), (key,)))
        elif key == "links" and isinstance(value, dict):
            for kind, items in value.items():
                merged.append(doc, ("links", kind), items)
        elif key == "actuals" and isinstance(value, dict):
            _merge_actuals(path, doc, value, merged)
        elif key in _INCLUDABLE and key != "include" and isinstance(value, list):
            merged.append(doc, (key,), value)
        elif key != "include":
            merged.set(doc, (key,), value)
    includes = doc.data.get("include", [])
    if not isinstance(includes, list):
        return  # the model reports the type
    for i, name in enumerate(includes):
        if not isinstance(name, str):
            continue
        child = (path.parent / name)
        where = doc.values.get(("include", i), Location(shown))
        if child.resolve() in seen:
            message = f"{name} is included twice"
            merged.problems.append(Problem("error", "include-cycle", message, where, ("include", i)))
        elif not child.is_file():
            merged.problems.append(Problem("error", "include-missing", f"included file {name} not found", where,
                                           ("include", i)))
        else:
            _merge_file(child, merged, seen, main=False)


def _merge_actuals(path: Path, doc: _yaml.Document, value: dict[str, Any], merged: _Merged) -> None:
    for key, items in value.items():
        if key == "files" and isinstance(items, list):
            for i, name in enumerate(items):
                if isinstance(name, str):
                    merged.actual_files.append((path.parent / name, doc.values.get(("actuals", "files", i),
                                                                                   Location(str(path)))))
        merged.append(doc, ("actuals", key), items)


def _shape_problems(exc: ValidationError, merged: _Merged) -> list[Problem]:
    # A value the YAML reader refused (a tag, an alias) is null in the data; its type error would repeat it.
    refused = {p.location for p in merged.problems}
    return [p for p in _shapes.problems(exc, merged.source) if p.location not in refused]


def load(path: str | Path, *, lint: bool = True, read_measurements: bool = True) -> Scorecard:
    """Return the scorecard in the YAML file at path (and the files it includes).

    Raise ScorecardError holding every problem found, with file, line, column and field.
    Warnings are kept on the result's .problems when there are no errors.
    """
    main = Path(path)
    merged = _Merged(main)
    _merge_file(main, merged, set(), main=True)
    if any(p.severity == "error" for p in merged.problems) and not merged.data:
        raise ScorecardError(merged.problems)
    try:
        card = Scorecard.model_validate(merged.data)
    except ValidationError as exc:
        raise ScorecardError(merged.problems + _shape_problems(exc, merged)) from None
    card._source = merged.source
    card._files = merged.files
    card._actual_files = [str(path) for path, _ in merged.actual_files]
    problems = merged.problems + validate(card, lint=lint)
    if read_measurements and not any(p.severity == "error" for p in problems):
        measurements, actual_problems = read_actuals(card, merged.actual_files)
        problems += actual_problems
        card._measurements = measurements
    card._problems = problems
    if any(p.severity == "error" for p in problems):
        raise ScorecardError(problems)
    return card
