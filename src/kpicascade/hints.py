"""Say how to fix a value: quote YAML text that holds a comma or colon, write a number plainly, spell an id.

Each function returns text to append to a message (starting with "; "), or "" when it has no hint.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

#: Survey answers that mean "not answered": compared lower-case with runs of spaces made one.
UNANSWERED = (
    "",
    "-",
    "--",
    "?",
    "n/a",
    "na",
    "n.a.",
    "#n/a",
    "none",
    "null",
    "nan",
    "not applicable",
    "no answer",
    "don't know",
    "dont know",
    "dk",
    "unknown",
    "skipped",
    "refused",
    "prefer not to say",
)
_UNANSWERED = frozenset(UNANSWERED)
#: What comes before the corrected line in a quoting hint.
QUOTE_HINT = "; quote text that holds a comma or a colon: "
_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_NUMBER_IN = re.compile(r"[+-]?\d+(?:\.\d+)?")


def is_unanswered(cell: str) -> bool:
    """Return whether a survey cell means that the question was not answered.

    >>> [is_unanswered(c) for c in ("N/A", " n.a. ", "Don't  know", "7", "0")]
    [True, True, True, False, False]
    """
    return " ".join(cell.strip().lower().split()) in _UNANSWERED


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """Return a hint naming the known word closest to a misspelt one, or "".

    >>> did_you_mean("kpi_otfi", ["kpi_otif", "kpi_nps"])
    "; did you mean 'kpi_otif'?"
    """
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text if text not in {"-0", "+0"} else "0"


def number_hint(text: str) -> str:
    """Return how to write a value that is not a number so that it is one, or "".

    >>> number_hint("5%"), number_hint("0,731"), number_hint("1,250,000")
    ('; write a percentage as a fraction: 0.05', '; write decimals with a point: 0.731', \
'; write it without thousands separators: 1250000')
    """
    t = text.strip()
    if t.endswith("%"):
        try:
            return f"; write a percentage as a fraction: {_plain(Decimal(t[:-1].strip().replace(',', '.')) / 100)}"
        except InvalidOperation:
            return ""
    if _THOUSANDS.fullmatch(t) and not _DECIMAL_COMMA.fullmatch(t):
        return f"; write it without thousands separators: {t.replace(',', '')}"
    if _THOUSANDS.fullmatch(t):  # 1,250 is a thousand and more in one country, one and a quarter in another
        return (
            f"; write decimals with a point ({t.replace(',', '.')}) and no thousands separator ({t.replace(',', '')})"
        )
    if _DECIMAL_COMMA.fullmatch(t):
        return f"; write decimals with a point: {t.replace(',', '.')}"
    found = _NUMBER_IN.findall(t)
    if len(found) == 1 and t != found[0]:
        return f"; write the number alone, without a unit or currency: {found[0]}"
    return ""


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_BLOCK_KEY = re.compile(r"^(\s*(?:-\s+)?[^\s#'\"{}\[\]][^:#{}\[\]]*:\s+)(.+?)(\s+#.*)?$")


def _next_stop(line: str, at: int) -> int:
    stops = [i for i in (line.find(",", at), line.find("}", at)) if i >= 0]
    return min(stops) if stops else len(line)


def _flow_end(line: str, at: int) -> int:
    """Return where the text from at ends: at a } or at the comma before the next `key: value`."""
    end = _next_stop(line, at + 1)
    while end < len(line) and line[end] == ",":
        following = line[end + 1 : _next_stop(line, end + 1)]
        if re.search(r":(\s|$)", following):
            break
        end = _next_stop(line, end + 1)
    return end


def _flow_fix(line: str, at: int) -> str | None:
    """Return the line with the flow value around index at quoted: from the key before it to the next , or }."""
    if line[at] != ":" and ":" in line[at : _next_stop(line, at)]:
        return None  # a key with a value of its own: misspelt perhaps, but no comma made it
    key_end = line.rfind(": ", 0, at)
    if key_end < 0:
        return None
    start = key_end + 2
    while start < at and line[start] == " ":
        start += 1
    end = _flow_end(line, at)
    while end > start and line[end - 1] == " ":
        end -= 1
    text = line[start:end]
    if not text or text[0] in "'\"{[":
        return None
    return line[:start] + _quoted(text) + line[end:]


def quote_hint(line: str, column: int) -> str:
    """Return a hint with the line corrected by quoting the text whose comma or colon YAML read as syntax.

    column (from 1) is where YAML stumbled: the colon in `name: Quote, ship: and invoice`, or the start
    of the stray key that a comma made of the rest of `{name: Quote, ship and invoice}`.

    >>> quote_hint("  - {id: q, name: Quote, ship and invoice, kind: kpm}", 26)
    '; quote text that holds a comma or a colon: - {id: q, name: "Quote, ship and invoice", kind: kpm}'
    >>> quote_hint("    name: Quote, ship: and invoice", 22)
    '; quote text that holds a comma or a colon: name: "Quote, ship: and invoice"'
    """
    at = column - 1
    if "{" in line[:at]:
        fixed = _flow_fix(line, at)
    elif (found := _BLOCK_KEY.match(line)) is not None and found.end(1) <= at and found[2][0] not in "[{&*!|>":
        fixed = found[1] + _quoted(found[2]) + (found[3] or "")
    else:
        fixed = None
    return f"{QUOTE_HINT}{fixed.strip()}" if fixed else ""
