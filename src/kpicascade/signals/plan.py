"""Which signals to compute for which accounts, and whether their definitions fit the events' columns."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kpicascade.model import EventQuery, Scorecard
from kpicascade.periods import Calendar, Period
from kpicascade.problems import FieldPath, Location, Problem
from kpicascade.signals.definitions import Formula, formula
from kpicascade.signals.events import literal_fits, property_column


@dataclass(slots=True)  # a portfolio makes one per account and signal: keep them light
class Request:
    """One signal of one account: its definition, calendar and horizon, and where it was declared."""

    account: str
    signal: str
    formula: Formula
    calendar: Calendar
    start: Period
    end: Period
    card: Scorecard
    index: int

    @property
    def query(self) -> EventQuery:
        """Return the events definition as written."""
        events = self.card.signals[self.index].events
        assert events is not None
        return events

    def locate(self, *path: str | int) -> Location:
        """Return where a part of the definition stands in the scorecard."""
        return self.card.source.locate(("signals", self.index, "events", *path))


def requests(cards: Sequence[Scorecard]) -> list[Request]:
    """Return a request for every signal with an events definition of every scorecard."""
    found = []
    formulas: dict[int, Formula] = {}  # scorecards copied from one template share their definitions
    horizons: dict[tuple[str, str, Calendar], tuple[Period, Period]] = {}
    for card in cards:
        span = (card.horizon.start, card.horizon.end, card.calendar)
        if span not in horizons:
            horizons[span] = (Period.parse(span[0], span[2]), Period.parse(span[1], span[2]))
        start, end = horizons[span]
        for i, signal in enumerate(card.signals):
            if signal.events is not None:
                f = formulas.get(id(signal.events)) or formulas.setdefault(id(signal.events), formula(signal.events))
                found.append(Request(card.account_id, signal.id, f, card.calendar, start, end, card, i))
    return found


def duplicate_accounts(cards: Sequence[Scorecard]) -> list[Problem]:
    """Return a problem for every account_id that two scorecards share: their outputs would collide."""
    seen: dict[str, str] = {}
    problems = []
    for card in cards:
        where = card.source.locate(("account_id",))
        if card.account_id in seen:
            problems.append(
                Problem(
                    "error",
                    "duplicate-account",
                    f"account_id {card.account_id!r} is also used by {seen[card.account_id]}",
                    where,
                    ("account_id",),
                )
            )
        seen.setdefault(card.account_id, where.file)
    return problems


def _queries(request: Request) -> Iterator[tuple[EventQuery, FieldPath]]:
    yield request.query, ()
    if request.query.denominator is not None:
        yield request.query.denominator, ("denominator",)


def _column_problem(
    request: Request, schema: Any, name: str, path: FieldPath, value: object, source: str, numeric: bool
) -> Problem | None:
    column = property_column(name)
    where = request.locate(*path)
    field = ("signals", request.index, "events", *path)
    if column not in schema:
        return Problem(
            "error",
            "events-property",
            f"signal {request.signal}: property {name!r} needs a column {column!r} in {source}, which has none",
            where,
            field,
        )
    dtype = schema[column]
    if numeric and not dtype.is_numeric():
        return Problem(
            "error",
            "events-type",
            f"signal {request.signal}: column {column!r} of {source} holds {dtype}, which cannot be summed",
            where,
            field,
        )
    if not numeric and not literal_fits(value, dtype):
        return Problem(
            "error",
            "events-type",
            f"signal {request.signal}: {name} = {value!r} cannot be compared "
            f"with column {column!r} of {source}, which holds {dtype}",
            where,
            field,
        )
    return None


def property_problems(requests: Sequence[Request], schema: Any, source: str) -> list[Problem]:
    """Return a problem for every filter or summed property with no column, or a column of the wrong type."""
    problems = []
    for request in {id(r.query): r for r in requests}.values():
        for query, prefix in _queries(request):
            checks: list[tuple[FieldPath, str, object, bool]] = [
                ((*prefix, "where", name), name, value, False) for name, value in query.where.items()
            ]
            if query.property and formula(query).numerator.measure == "sum":
                checks.append(((*prefix, "property"), query.property, None, True))
            for path, name, value, numeric in checks:
                if problem := _column_problem(request, schema, name, path, value, source, numeric):
                    problems.append(problem)
    return problems
