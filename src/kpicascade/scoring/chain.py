"""The end-customer chain: the objectives of the account's own customers, and how the nodes serving them do."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpicascade.scoring.result import Result

_WORST = ("red", "amber", "green")


@dataclass(frozen=True)
class Server:
    """A node of this scorecard that serves a customer's objective, with its figures at the period."""

    id: str
    name: str
    status: str
    score: float | None


@dataclass(frozen=True)
class CustomerRow:
    """One objective of one of the account's customers, and the worst status among the nodes serving it."""

    account: str
    account_id: str | None
    objective: str
    name: str
    served_by: list[Server]
    status: str

    @property
    def label(self) -> str:
        """Return the objective as one line, like 'FreshMart: no empty chilled shelves'."""
        return f"{self.account}: {self.name}"

    def as_dict(self) -> dict[str, Any]:
        """Return the row as plain data for JSON."""
        return asdict(self)


def worst(statuses: list[str]) -> str:
    """Return the worst of some statuses (red before amber before green), or no data.

    >>> worst(["green", "no data", "amber"])
    'amber'
    """
    return next((s for s in _WORST if s in statuses), "no data")


def customer_rows(result: Result) -> list[CustomerRow]:
    """Return each customer objective the account serves, in the scorecard's order."""
    rows = []
    for c in result.card.customers:
        servers = [Server(i, result.card.node(i).name, result.status_of(i), result.score_of(i)) for i in c.served_by]
        rows.append(
            CustomerRow(
                account=c.account,
                account_id=c.account_id,
                objective=c.objective,
                name=c.name or c.objective,
                served_by=servers,
                status=worst([s.status for s in servers]),
            )
        )
    return rows
