"""The catalogue's format: what an entry and a pack must say, and the messages when they do not."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from kpicascade.catalog.entries import CatalogEntry, Pack

OTIF: dict[str, Any] = {
    "id": "supply.otif",
    "name": "On time in full",
    "kind": "kpi",
    "department": "supply_chain",
    "perspective": "customer",
    "definition": "Share of order lines delivered complete on the committed date.",
    "formula": "lines on time and in full / lines due",
    "unit": "percent",
    "direction": "increase",
    "aggregation": "mean",
    "timing": "lagging",
    "typical": {"good": 0.95, "poor": 0.85},
    "source": "ASCM SCOR model",
}

# (change to a valid entry, words the error must hold)
BAD_ENTRIES: list[tuple[dict[str, Any], str]] = [
    ({"typical": {"good": 0.85, "poor": 0.95}}, "typical good (0.85) must be above poor (0.95)"),
    ({"direction": "decrease"}, "typical good (0.95) must be below poor (0.85)"),
    ({"direction": "band"}, "direction"),
    ({"id": "otif"}, "String should match pattern"),
    ({"id": "Supply.OTIF"}, "String should match pattern"),
    ({"kind": "objective"}, "kind"),
    ({"perspective": "partners"}, "perspective"),
    ({"source": ""}, "source"),
    ({"owner": "Dana"}, "Extra inputs are not permitted"),
    ({"signals": [{"signal": "active_users", "lag": 25}]}, "lag"),
]


def test_a_complete_entry_is_valid() -> None:
    entry = CatalogEntry.model_validate(OTIF)
    assert (entry.id, entry.direction, entry.typical.good, entry.signals, entry.feeds) == (
        "supply.otif",
        "increase",
        0.95,
        [],
        [],
    )


@pytest.mark.parametrize(("change", "words"), BAD_ENTRIES, ids=[str(c) for c, _ in BAD_ENTRIES])
def test_a_faulty_entry_is_refused_with_its_reason(change: dict[str, Any], words: str) -> None:
    with pytest.raises(ValidationError, match=words.replace("(", r"\(").replace(")", r"\)")):
        CatalogEntry.model_validate({**OTIF, **change})


@pytest.mark.parametrize(
    ("missing"),
    ["id", "name", "kind", "department", "perspective", "definition", "formula", "unit", "direction", "source"],
)
def test_every_part_of_a_definition_is_required(missing: str) -> None:
    with pytest.raises(ValidationError, match=f"{missing}\n  Field required"):
        CatalogEntry.model_validate({k: v for k, v in OTIF.items() if k != missing})


# (prefix of the pack, ids of its entries, error or None)
PACKS: list[tuple[str, list[str], str | None]] = [
    ("supply", ["supply.otif", "supply.fill_rate"], None),
    ("supply", ["supply.otif", "cx.nps"], "these do not: ['cx.nps']"),
    ("sup", ["supply.otif"], "must start with sup."),
]


@pytest.mark.parametrize(("prefix", "ids", "error"), PACKS)
def test_every_id_of_a_pack_starts_with_its_prefix(prefix: str, ids: list[str], error: str | None) -> None:
    data = {
        "pack": "supply-chain",
        "title": "Supply chain",
        "prefix": prefix,
        "entries": [{**OTIF, "id": i} for i in ids],
    }
    if error is None:
        assert [e.id for e in Pack.model_validate(data).entries] == ids
    else:
        with pytest.raises(ValidationError, match=error.replace("[", r"\[").replace("]", r"\]")):
            Pack.model_validate(data)
