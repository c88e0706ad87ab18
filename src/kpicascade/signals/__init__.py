"""Usage signals computed from the vendor's product events, on DuckDB by default and on any ibis backend.

>>> from kpicascade.signals import DEFAULT_BACKEND
>>> DEFAULT_BACKEND
'duckdb://'
"""

from __future__ import annotations

from collections.abc import Sequence

from kpicascade._exceptions import EventsError
from kpicascade.model import Scorecard
from kpicascade.signals.backend import DEFAULT_BACKEND, connect, open_events
from kpicascade.signals.plan import Request, requests
from kpicascade.signals.values import SignalValues, compute

__all__ = [
    "DEFAULT_BACKEND",
    "Request",
    "SignalValues",
    "compute",
    "compute_signals",
    "connect",
    "open_events",
    "requests",
]


def compute_signals(cards: Sequence[Scorecard], events: str, backend: str | None = None) -> SignalValues:
    """Return every events-defined signal of every scorecard, for every period the events cover.

    Raise EventsError (with .problems naming file, line and field) when the events or definitions are wrong.
    """
    wanted = requests(cards)
    if not wanted:
        raise EventsError("none of the scorecards defines a signal from events (signals[].events)")
    con = connect(backend)
    return compute(con, open_events(con, events), events, wanted)
