"""Start a new scorecard from a bundled example: same structure, new account, no actuals."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from kpicascade._exceptions import KpiCascadeError
from kpicascade.resources import example_scorecards
from kpicascade.writing import write_text

_UNPRINTABLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_SLUG = re.compile(r"[a-z][a-z0-9-]{0,62}")


def _set_top_level(text: str, key: str, value: str) -> str:
    pattern = re.compile(rf"^{key}:.*$", re.MULTILINE)
    line = f"{key}: {value}"
    return pattern.sub(lambda _: line, text, count=1) if pattern.search(text) else f"{line}\n{text}"


def _header(text: str, account: str, example: str) -> str:
    """Return text with the example's opening comment replaced by one about the new scorecard."""
    body = re.sub(r"\A(?:#[^\n]*\n|\s*\n)*", "", text)
    return (
        f"# {account}: started from the {example} example by `kpicascade init`. Replace the example's\n"
        "# departments, owners, nodes, targets, signals, customers and plan with this account's own.\n\n" + body
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
    directory.mkdir(parents=True, exist_ok=True)
    for label, text in (("account", account), ("vendor", vendor)):
        if text is not None and not text.strip():
            raise KpiCascadeError(f"the {label} needs a name")
        if text is not None and any(unicodedata.category(c) in _UNPRINTABLE for c in text):
            raise KpiCascadeError(f"the {label}'s name holds a control character or line break; type it plainly")
    write_text(yaml_path, starter_text(example, name, account=account, vendor=vendor))
    write_text(csv_path, "id,period,value\n")
    write_text(notes_path, "node,period,text,author\n")
    return [yaml_path, csv_path, notes_path]
