"""End-customer chains across a portfolio: A <- B <- C when B serves A's objectives and C serves B's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Link:
    """One account of a chain, and what it serves of the account before it (none for the chain's end customer)."""

    account: str
    account_id: str
    folder: str
    serves: list[dict[str, Any]] = field(default_factory=list)


def _objective_status(customer: dict[str, Any], objective: str) -> str | None:
    """Return the status of an objective in the customer's own scorecard, if it has one by that id."""
    found = next((o for o in customer.get("objectives", []) if o.get("id") == objective), None)
    return str(found["status"]) if found else None


def chains(accounts: list[dict[str, Any]]) -> list[list[Link]]:
    """Return every chain of accounts serving each other, end customer first, each as long as it goes.

    accounts are the build's summary records (with their folder). A record's customers that name another
    record's account_id link the two; a chain starts at an account served by others that serves no one in
    the portfolio, and each branch of suppliers makes a chain of its own. Accounts in no link are left out.
    """
    by_id = {a["account_id"]: a for a in accounts}
    suppliers: dict[str, list[tuple[str, list[dict[str, Any]]]]] = {}
    serves_someone = set()
    for a in accounts:
        served: dict[str, list[dict[str, Any]]] = {}
        for c in a.get("customers", []):
            if c.get("account_id") in by_id and c["account_id"] != a["account_id"]:
                customer = by_id[c["account_id"]]
                entry = {**c, "customer_status": _objective_status(customer, c["objective"])}
                served.setdefault(c["account_id"], []).append(entry)
        for customer_id, entries in served.items():
            suppliers.setdefault(customer_id, []).append((a["account_id"], entries))
            serves_someone.add(a["account_id"])
    out: list[list[Link]] = []

    def walk(path: list[Link]) -> None:
        below = suppliers.get(path[-1].account_id, [])
        fresh = [(s, e) for s, e in below if s not in {link.account_id for link in path}]
        if not fresh:
            out.append(path)
        for supplier_id, entries in sorted(fresh):
            rec = by_id[supplier_id]
            walk([*path, Link(rec["account"], supplier_id, rec.get("folder", ""), entries)])

    for account_id in sorted(suppliers):
        if account_id not in serves_someone:
            rec = by_id[account_id]
            walk([Link(rec["account"], account_id, rec.get("folder", ""))])
    return out
