"""The schema of the hidden sheet's input map: a workbook comes back from someone else, so nothing in it is trusted.

Every field has a type and a limit, every address must be one a worksheet can hold, and every sheet
named must be one the workbook was made with: a damaged or hand-edited hidden sheet is refused with
what is wrong, before any cell is looked up.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
MAX_SERIES = 100_000
MAX_PERIODS = 1_000
#: Input cells in all: the workbook reader refuses a workbook of more cells than this before we get here.
MAX_INPUTS = 2_000_000

#: No control characters: ids and sheet names from here are printed on a terminal.
_PRINTABLE = r"^[^\x00-\x1f\x7f-\x9f]*$"
Text = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_PRINTABLE)]
SheetName = Annotated[str, StringConstraints(min_length=1, max_length=31, pattern=_PRINTABLE)]
Coordinate = Annotated[str, StringConstraints(pattern=r"^[A-Z]{1,3}[1-9][0-9]{0,6}$")]
Row = Annotated[int, Field(ge=1, le=MAX_ROW, strict=True)]
Value = Annotated[float | None, Field(allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Day = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
Status = Literal["planned", "in_progress", "blocked", "done"]
NoteText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class NotesMap(_Strict):
    """Where each node's note for the period was written: the period, and node, row, note and author."""

    period: Text
    rows: Annotated[list[tuple[Text, Row, NoteText | None, NoteText | None]], Field(max_length=MAX_SERIES)]


class InputMap(_Strict):
    """Where every actual and signal value was written: periods, first series column, node and signal rows."""

    periods: Annotated[list[Text], Field(min_length=1, max_length=MAX_PERIODS)]
    first_column: Annotated[int, Field(ge=1, le=MAX_COLUMN, strict=True)]
    nodes: Annotated[list[tuple[Text, Row, tuple[SheetName, Coordinate], list[Value]]], Field(max_length=MAX_SERIES)]
    signals: Annotated[list[tuple[Text, Row, list[Value]]], Field(max_length=MAX_SERIES)]
    #: The Plan sheet's editable rows (item, row, due date and status as written) and the Notes sheet's.
    plan: Annotated[list[tuple[Text, Row, Day, Status]], Field(max_length=MAX_SERIES)] = []
    notes: NotesMap | None = None

    @model_validator(mode="after")
    def _fits(self) -> InputMap:
        n = len(self.periods)
        if self.first_column + n - 1 > MAX_COLUMN:
            raise ValueError(f"{n} periods from column {self.first_column} do not fit in a worksheet")
        series = [*(node[3] for node in self.nodes), *(signal[2] for signal in self.signals)]
        if any(len(values) != n for values in series):
            raise ValueError(f"a row of values does not have one value for each of the {n} periods")
        if len(series) * n > MAX_INPUTS:
            raise ValueError(f"more than {MAX_INPUTS:,} input cells")
        return self


def input_map(data: Any, sheets: list[str]) -> dict[str, Any]:
    """Return the input map checked against the schema and the workbook's sheets; raise ValueError if it fails."""
    try:
        checked = InputMap.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the input map"
        raise ValueError(f"{where}: {first['msg']}") from None
    unknown = sorted({home[0] for _, _, home, _ in checked.nodes} - set(sheets))
    if unknown:
        raise ValueError(f"the input map names sheet(s) the workbook was not made with: {', '.join(unknown[:3])}")
    return checked.model_dump(mode="python")
