"""The KPI catalogue shipped with kpicascade: shared definitions by department and industry, read once.

The packs are YAML files in data/ beside this module, validated by catalog.entries; entries reference the
usage signals of data/signals.yaml and feed other entries by id, and both references are checked here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from kpicascade import _yaml
from kpicascade._exceptions import KpiCascadeError
from kpicascade.catalog.entries import CatalogEntry, Pack, SignalList, UsageSignal
from kpicascade.hints import did_you_mean

DATA = Path(__file__).resolve().parent / "data"
_SIGNALS = "signals.yaml"
#: The packs in the order the catalogue lists them: the departments the design names, then the industry packs.
PACKS = (
    "sales",
    "marketing",
    "support",
    "hr",
    "projects",
    "supply-chain",
    "customer-experience",
    "finance",
    "industry-manufacturing",
    "industry-software",
    "industry-healthcare",
)
T = TypeVar("T", bound=BaseModel)

__all__ = ["DATA", "PACKS", "Catalog", "CatalogEntry", "UsageSignal", "catalog", "read_catalog"]


@dataclass(frozen=True)
class Catalog:
    """Every entry of the catalogue by id, in pack order, and the usage signals they name."""

    packs: tuple[Pack, ...]
    entries: dict[str, CatalogEntry]
    signals: dict[str, UsageSignal]

    @property
    def departments(self) -> list[str]:
        """Return the departments that own entries, in order of first appearance."""
        return list(dict.fromkeys(e.department for e in self.entries.values()))

    def entry(self, ident: str) -> CatalogEntry:
        """Return the entry with this id; raise KeyError with a hint naming the closest id."""
        if ident not in self.entries:
            raise KeyError(f"no catalogue entry {ident!r}{did_you_mean(ident, self.entries)}")
        return self.entries[ident]

    def search(self, text: str = "", department: str | None = None) -> list[CatalogEntry]:
        """Return the entries whose id, name, definition or department hold every word of text, in pack order."""
        words = text.lower().split()
        found = []
        for entry in self.entries.values():
            if department is not None and department not in (entry.department, entry.industry):
                continue
            haystack = " ".join((entry.id, entry.name, entry.definition, entry.department, entry.industry or ""))
            if all(word in haystack.lower() for word in words):
                found.append(entry)
        return found


def _read(path: Path) -> object:
    doc = _yaml.parse(path.read_bytes(), str(path))
    if doc.problems:
        raise KpiCascadeError("\n".join(str(p) for p in doc.problems))
    return doc.data


def _checked(packs: Iterable[Pack], signals: dict[str, UsageSignal]) -> dict[str, CatalogEntry]:
    """Return the entries by id, refusing a repeated id, an unknown signal or an unknown entry fed."""
    entries: dict[str, CatalogEntry] = {}
    faults = []
    for pack in packs:
        for entry in pack.entries:
            if entry.id in entries:
                faults.append(f"{entry.id} is defined twice")
            entries[entry.id] = entry
    for entry in entries.values():
        faults += [f"{entry.id} names unknown signal {s.signal}" for s in entry.signals if s.signal not in signals]
        faults += [f"{entry.id} feeds unknown entry {f}" for f in entry.feeds if f not in entries]
    if faults:
        raise KpiCascadeError("the KPI catalogue is inconsistent: " + "; ".join(faults))
    return entries


def _validated(model: type[T], path: Path) -> T:
    try:
        return model.model_validate(_read(path))
    except ValidationError as exc:
        raise KpiCascadeError(f"the KPI catalogue file {path} is invalid: {exc}") from None


def read_catalog(folder: Path = DATA, packs: Sequence[str] = PACKS) -> Catalog:
    """Return the catalogue of these packs in a folder, and its signals.yaml; raise KpiCascadeError if invalid."""
    signals = _validated(SignalList, folder / _SIGNALS).signals
    read = tuple(_validated(Pack, folder / f"{name}.yaml") for name in packs)
    by_id = {s.id: s for s in signals}
    return Catalog(read, _checked(read, by_id), by_id)


@functools.cache
def catalog() -> Catalog:
    """Return the catalogue shipped with kpicascade, read once per process."""
    return read_catalog()
