"""Edit single scalar values of a YAML file in place, every other byte kept, or refuse.

The loader records where every value starts (line and column). An edit finds the scalar's token
there, checks it still reads as the value the model holds, and replaces just that token; a key the
file does not have yet is added after a sibling key, in the sibling's style (flow or block).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import yaml

from kpicascade._exceptions import WorkbookError
from kpicascade.problems import Location


@dataclass(frozen=True)
class Edit:
    """Replace the scalar at a place (or, with key, add key: value after the scalar at the place)."""

    where: Location
    old: str
    new: str
    key: str | None = None


def scalar(value: str) -> str:
    """Return a value as a YAML scalar that reads back as the same text: plain when safe, else double-quoted.

    >>> scalar("in_progress"), scalar("2026-09-30"), scalar("yes"), scalar('He said: "no"')
    ('in_progress', '2026-09-30', '"yes"', '"He said: \\\\"no\\\\""')
    """
    plain = value.replace("-", "").replace("_", "").isalnum() and value.isascii()
    if plain:
        loaded = yaml.safe_load(value)
        if loaded == value or (loaded is not None and loaded == _day(value)):
            return value
    quoted = json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars
    return "".join(
        c if _printable(c) else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in quoted
    )


def _printable(c: str) -> bool:
    """Return whether the character may stand as itself in a quoted scalar: printable and no line break."""
    n = ord(c)
    if n in (0x2028, 0x2029):  # line breaks in YAML 1.1, folded inside quotes
        return False
    return 0x20 <= n <= 0x7E or n == 0x09 or 0xA0 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or 0x10000 <= n <= 0x10FFFF


def _day(value: str) -> object:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def token_end(line: str, start: int) -> int:
    """Return the index just past the scalar that starts at start in line (quoted or plain)."""
    quote = line[start] if start < len(line) else ""
    if quote == '"':
        k = start + 1
        while k < len(line):
            if line[k] == "\\":
                k += 2
                continue
            if line[k] == '"':
                return k + 1
            k += 1
        return -1
    if quote == "'":
        k = start + 1
        while k < len(line):
            if line[k] == "'":
                if line[k + 1 : k + 2] == "'":
                    k += 2
                    continue
                return k + 1
            k += 1
        return -1
    end = start
    while end < len(line) and line[end] not in ",]}\r\n" and line[end : end + 2] != " #":
        end += 1
    return len(line[:end].rstrip())


def _reads_as(token: str, value: str) -> bool:
    try:
        loaded = yaml.safe_load(token)
    except yaml.YAMLError:
        return False
    return loaded == value or str(loaded) == value


def _apply(lines: list[str], edit: Edit) -> None:
    line_no, column = edit.where.line, edit.where.column
    if line_no is None or column is None or line_no > len(lines):
        raise WorkbookError(f"{edit.where}: the value cannot be found to edit it")
    text = lines[line_no - 1]
    start = column - 1
    end = token_end(text, start)
    token = text[start:end] if end > start else ""
    if not token or token[0].isspace() or not _reads_as(token, edit.old):
        raise WorkbookError(
            f"{edit.where}: {edit.old!r} is not written there as one plain or quoted value on one line; "
            f"edit it in the YAML by hand"
        )
    if edit.key is None:
        lines[line_no - 1] = text[:start] + edit.new + text[end:]
        return
    before = text[:start].rstrip()
    key_at = before.rstrip(":").rstrip()
    flow = "{" in text[: len(key_at)] or "," in text[: len(key_at)]
    if flow:
        lines[line_no - 1] = text[:end] + f", {edit.key}: {edit.new}" + text[end:]
    else:
        indent = len(text) - len(text.lstrip(" "))
        if text.lstrip(" ").startswith("- "):
            indent += 2
        ending = "\r\n" if text.endswith("\r\n") else "\n"
        lines.insert(line_no, " " * indent + f"{edit.key}: {edit.new}{ending}")


def edit_text(text: str, edits: list[Edit]) -> str:
    """Return the file's text with the edits made, bottom to top so earlier places stay where they were."""
    lines = text.splitlines(keepends=True)
    order = sorted(edits, key=lambda e: (e.where.line or 0, e.where.column or 0), reverse=True)
    for edit in order:
        _apply(lines, edit)
    return "".join(lines)
