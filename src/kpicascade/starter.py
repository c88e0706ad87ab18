"""Start a new scorecard from a bundled example: same structure, new account, no actuals."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kpicascade._exceptions import KpiCascadeError
from kpicascade.resources import example_scorecards
from kpicascade.writing import write_text

_UNPRINTABLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_SLUG = re.compile(r"[a-z][a-z0-9-]{0,62}")
#: One department of an example, written on one line in flow style: `  - {id: sales, name: Sales, owner: "..."}`.
_DEPARTMENT_LINE = re.compile(r"^  - \{id: ([A-Za-z][A-Za-z0-9_.-]*), name: (.+?)(?:, owner: (.+))?\}[ \t]*$")
_DEPARTMENTS_BLOCK = re.compile(r"^departments:[ \t]*\n((?:  [^\n]*\n)*)", re.MULTILINE)
#: A node's `department: id`, in block or flow style (`departments:` does not match: the s comes before the colon).
_DEPARTMENT_REF = re.compile(
    r"(?<![\w.-])(department:[ \t]*)([A-Za-z][A-Za-z0-9_.-]*)(?=[ \t]*(?:[,}\n#]|$))", re.MULTILINE
)


@dataclass(frozen=True)
class Department:
    """A department of the new account: its name as the account says it, and its owner if known."""

    name: str
    owner: str | None = None
    id: str | None = None  # kept as given (an example department left as it is), else made from the name


@dataclass(frozen=True)
class Renamed:
    """What became of one department of the example in the new scorecard."""

    example_name: str
    department_id: str
    name: str
    nodes: int


def _set_top_level(text: str, key: str, value: str) -> str:
    pattern = re.compile(rf"^{key}:.*$", re.MULTILINE)
    line = f"{key}: {value}"
    return pattern.sub(lambda _: line, text, count=1) if pattern.search(text) else f"{line}\n{text}"


def _header(text: str, account: str, example: str) -> str:
    """Return text with the example's opening comment replaced by one about the new scorecard."""
    body = re.sub(r"\A(?:#[^\n]*\n|\s*\n)*", "", text)
    return (
        f"# {account}: started from the {example} example by `kpicascade init`. Replace the example's\n"
        "# tags, departments, owners, nodes, targets, signals, customers and plan with this account's own.\n\n" + body
    )


def _own_actuals(text: str, account_id: str, section_name: str = "actuals") -> str:
    """Return text whose actuals (or notes) section names only the new, empty file of that kind."""
    section = f"{section_name}:\n  files: [{account_id}.{section_name}.csv]\n"
    block = re.compile(rf"^{section_name}:.*\n(?:[ \t]+[^\n]*\n|[ \t]*\n)*", re.MULTILINE)
    if block.search(text):
        return block.sub(lambda m: section + ("\n" if m[0].endswith("\n\n") else ""), text, count=1)
    return text.rstrip("\n") + "\n\n" + section


def _quoted(text: str) -> str:
    """Return text as a YAML double-quoted scalar (JSON's escapes are YAML's), whatever it holds."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _unquoted(scalar: str) -> str:
    scalar = scalar.strip()
    return json.loads(scalar) if scalar.startswith('"') else scalar


def example_departments(example: str) -> list[Department]:
    """Return the departments of a bundled example, in the order the file lists them."""
    text = example_scorecards()[example].read_text(encoding="utf-8")
    block = _DEPARTMENTS_BLOCK.search(text)
    found = [_DEPARTMENT_LINE.match(line) for line in (block[1] if block else "").splitlines() if line.strip()]
    return [Department(_unquoted(m[2]), _unquoted(m[3]) if m[3] else None, m[1]) for m in found if m]


def _department_id(name: str, taken: set[str]) -> str:
    """Return an id made from a department's name (`Supply Chain & Logistics` -> `supply_chain_logistics`), unused."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name).strip("_")[:60] or "department"
    base = base if base[0].isalpha() else f"department_{base}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate


def _check_plain(label: str, text: str | None) -> None:
    if text is not None and not text.strip():
        raise KpiCascadeError(f"the {label} needs a name")
    if text is not None and any(unicodedata.category(c) in _UNPRINTABLE for c in text):
        raise KpiCascadeError(f"the {label}'s name holds a control character or line break; type it plainly")


def plan_departments(example: str, departments: list[Department]) -> list[Renamed]:
    """Return what becomes of the example's departments when the account's own are given, in the order given.

    The i-th department given takes the place of the example's i-th: its nodes move to it, its owner is the one
    given (none when not given, so `check` asks for one). Example departments beyond those given stay as they are;
    departments given beyond the example's are added, with no nodes yet.
    """
    for department in departments:
        _check_plain("department", department.name)
        if department.owner is not None:
            _check_plain("department owner", department.owner)
    listed = example_departments(example)
    text = example_scorecards()[example].read_text(encoding="utf-8")
    taken = {d.id for d in [*listed[len(departments) :], *departments] if d.id}
    renamed = []
    for i, department in enumerate(departments):
        old = listed[i] if i < len(listed) else Department("")
        moved = sum(1 for m in _DEPARTMENT_REF.finditer(text) if old.id and m[2] == old.id)
        new_id = department.id or _department_id(department.name, taken)
        renamed.append(Renamed(old.name, new_id, " ".join(department.name.split()), moved))
    return renamed


def with_departments(text: str, example: str, departments: list[Department]) -> str:
    """Return a starter text whose departments are the account's own (see plan_departments)."""
    block = _DEPARTMENTS_BLOCK.search(text)
    lines = [line for line in (block[1] if block else "").splitlines() if line.strip()]
    listed = example_departments(example)
    if block is None or len(lines) != len(listed):
        raise KpiCascadeError(f"the {example} example does not list one department per line; edit its departments")
    written, mapping = [], {}
    for i, (department, moved) in enumerate(zip(departments, plan_departments(example, departments), strict=True)):
        owner = f", owner: {_quoted(department.owner)}" if department.owner else ""
        written.append(f"  - {{id: {moved.department_id}, name: {_quoted(department.name)}{owner}}}\n")
        if i < len(listed):
            mapping[str(listed[i].id)] = moved.department_id
    written += [f"{line}\n" for line in lines[len(departments) :]]
    text = text[: block.start(1)] + "".join(written) + text[block.end(1) :]
    return _DEPARTMENT_REF.sub(lambda m: m[1] + mapping.get(m[2], m[2]), text)


def example_calendar(example: str) -> str:
    """Return the calendar (month or quarter) of a bundled example."""
    found = re.search(r"^calendar:\s*(\w+)", example_scorecards()[example].read_text(encoding="utf-8"), re.MULTILINE)
    return found[1] if found else "quarter"


def starter_text(example: str, account_id: str, *, account: str | None = None, vendor: str | None = None) -> str:
    """Return the YAML of a new scorecard for account_id, made from the named example."""
    source = example_scorecards()[example].read_text(encoding="utf-8")
    account = " ".join((account or account_id.replace("-", " ").title()).split())
    text = _header(source, account, example)
    text = _set_top_level(text, "account", _quoted(account))
    text = _set_top_level(text, "account_id", account_id)
    if vendor is not None:
        text = _set_top_level(text, "vendor", _quoted(vendor))
    return _own_actuals(_own_actuals(text, account_id), account_id, "notes")


def new_scorecard(
    name: str,
    example: str,
    directory: Path,
    *,
    overwrite: bool = False,
    account: str | None = None,
    vendor: str | None = None,
    departments: list[Department] | None = None,
) -> list[Path]:
    """Write NAME.yaml, an empty NAME.actuals.csv and NAME.notes.csv from an example; return the paths written."""
    if not _SLUG.fullmatch(name):
        raise KpiCascadeError(f"name {name!r}: use lower-case letters, digits and dashes, like acme-foods")
    if example not in example_scorecards():
        raise KpiCascadeError(f"no example scorecard named {example!r}")
    yaml_path = directory / f"{name}.yaml"
    csv_path = directory / f"{name}.actuals.csv"
    notes_path = directory / f"{name}.notes.csv"
    existing = [p for p in (yaml_path, csv_path, notes_path) if p.exists()]
    if existing and not overwrite:
        raise KpiCascadeError(f"{existing[0]} exists; pass --force to overwrite it")
    _check_plain("account", account)
    _check_plain("vendor", vendor)
    text = starter_text(example, name, account=account, vendor=vendor)
    if departments:
        text = with_departments(text, example, departments)
    directory.mkdir(parents=True, exist_ok=True)
    write_text(yaml_path, text)
    write_text(csv_path, "id,period,value\n")
    write_text(notes_path, "node,period,text,author\n")
    return [yaml_path, csv_path, notes_path]
