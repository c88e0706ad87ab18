"""Find what someone changed in a workbook apart from its actuals: formulas, labels, targets, sheets."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.workbook.placement import META


def normal(formula: str) -> tuple[object, ...]:
    """Return a formula's tokens, ignoring what spreadsheet programs rewrite: case, spaces, quotes, 1E-09.

    >>> normal("=sum( 'Calc'!A1:A3 )+1E-09") == normal("=SUM(Calc!A1:A3)+0.000000001")
    True
    """
    try:
        tokens = Tokenizer(formula).items
    except TokenizerError:
        return (formula,)
    out: list[object] = []
    for token in tokens:
        if token.type == Token.WSPACE:
            continue
        if token.type == Token.OPERAND and token.subtype == Token.NUMBER:
            out.append(float(token.value))
        elif token.type == Token.OPERAND and token.subtype == Token.RANGE:
            sheet, _, cells = token.value.rpartition("!")
            if sheet.startswith("'") and sheet.endswith("'"):
                sheet = sheet[1:-1].replace("''", "'")
            out.append((sheet.upper(), cells.upper()))
        elif token.type == Token.OPERAND and token.subtype == Token.TEXT:
            out.append(token.value)
        else:
            out.append(token.value.upper())
    return tuple(out)


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _describe(where: str, expected: object, found: object) -> str | None:
    if _is_formula(expected):
        if _is_formula(found):
            if expected == found or normal(str(expected)) == normal(str(found)):
                return None
            return f"{where}: formula changed from {expected} to {found}"
        return f"{where}: formula {expected} replaced by {found!r}"
    if expected == found or (
        isinstance(expected, int | float)
        and isinstance(found, int | float)
        and abs(expected - found) <= 1e-9 * max(1.0, abs(expected))
    ):
        return None
    if found is None:
        return f"{where}: {expected!r} deleted"
    if expected is None:
        return f"{where}: {found!r} added"
    return f"{where}: {expected!r} changed to {found!r}"


def _sheet(expected: Worksheet, found: Worksheet, inputs: set[tuple[str, str]]) -> list[str]:
    out = []
    rows = max(expected.max_row, found.max_row)
    columns = max(expected.max_column, found.max_column)
    title = expected.title
    for row in range(1, rows + 1):
        for column in range(1, columns + 1):
            a, b = expected.cell(row=row, column=column), found.cell(row=row, column=column)
            if (title, a.coordinate) in inputs or (a.value is None and b.value is None):
                continue
            problem = _describe(f"{title}!{a.coordinate}", a.value, b.value)
            if problem:
                out.append(problem)
    return out


def differences(expected: Workbook, found: Workbook, inputs: set[tuple[str, str]]) -> list[str]:
    """Return every cell outside the inputs whose formula or value differs from what was written."""
    out = []
    for title in expected.sheetnames:
        if title != META and title in found.sheetnames:
            out += _sheet(expected[title], found[title], inputs)
    return out
