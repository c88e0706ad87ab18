"""Fill each node that names a catalogue entry (`catalog: supply.otif`) with its definition; say where fields came from.

The node's own fields win; `metric` is merged key by key, so a node that gives only its baseline and target keeps
the catalogue's unit, direction, aggregation and formula. Inherited values are placed, for messages, at the
node's `catalog:` value, and recorded in the source map as inherited from the entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kpicascade.hints import did_you_mean
from kpicascade.model import Scorecard
from kpicascade.problems import FieldPath, Location, Problem, SourceMap

if TYPE_CHECKING:
    from kpicascade.catalog import Catalog, CatalogEntry


def _catalog() -> Catalog:
    """Return the catalogue, read (and its models built) only when a scorecard names an entry."""
    from kpicascade.catalog import catalog

    return catalog()


#: Where each field came from when the catalogue filled it: "catalog supply.otif".
CATALOG_ORIGIN = "catalog {}"


def node_fields(entry: CatalogEntry, calendar: object) -> dict[str, Any]:
    """Return the node fields a catalogue entry gives, as a scorecard would write them."""
    metric: dict[str, Any] = {
        "unit": entry.unit,
        "direction": entry.direction,
        "aggregation": entry.aggregation,
        "formula": entry.formula,
    }
    if entry.frequency == "quarter" and calendar == "month":  # a quarterly survey on a monthly scorecard
        metric["frequency"] = entry.frequency
    return {
        "name": entry.name,
        "kind": entry.kind,
        "perspective": entry.perspective,
        "description": entry.definition,
        "timing": entry.timing,
        "metric": metric,
    }


def _merge(own: dict[str, Any], given: dict[str, Any], at: FieldPath, filled: list[FieldPath]) -> dict[str, Any]:
    """Return given under own: own keys win, mappings on both sides merged; the paths filled from given listed."""
    merged = dict(own)
    for key, value in given.items():
        if key not in own:
            merged[key] = value
            filled += [(*at, key), *_leaves(value, (*at, key))]
        elif isinstance(own[key], dict) and isinstance(value, dict):
            merged[key] = _merge(own[key], value, (*at, key), filled)
    return merged


def _unknown(ref: str, where: Location, path: FieldPath) -> Problem:
    known = _catalog().entries
    hint = did_you_mean(ref, known) or "; `kpicascade catalog WORD` lists the entries"
    return Problem("error", "unknown-catalog", f"no catalogue entry {ref!r}{hint}", where, path)


def inherit(data: dict[str, Any], source: SourceMap) -> tuple[list[Problem], set[int]]:
    """Fill every node of data that names a catalogue entry; return the problems, and the nodes naming unknown ones."""
    nodes = data.get("nodes")
    problems: list[Problem] = []
    unknown: set[int] = set()
    if not isinstance(nodes, list):
        return problems, unknown
    for i, node in enumerate(nodes):
        ref = node.get("catalog") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            continue  # a wrong type is the model's to report
        at: FieldPath = ("nodes", i, "catalog")
        where = source.values.get(at, source.locate(at))
        if ref not in _catalog().entries:
            problems.append(_unknown(ref, where, at))
            unknown.add(i)
            continue
        filled: list[FieldPath] = []
        nodes[i] = _merge(node, node_fields(_catalog().entries[ref], data.get("calendar")), ("nodes", i), filled)
        for path in filled:
            source.values.setdefault(path, where)
            source.inherited[path] = CATALOG_ORIGIN.format(ref)
    return problems, unknown


def _leaves(value: Any, at: FieldPath) -> list[FieldPath]:
    if isinstance(value, dict) and value:
        return [leaf for key, inner in value.items() for leaf in _leaves(inner, (*at, key))]
    return [at]


def origins(card: Scorecard, index: int) -> list[tuple[str, str]]:
    """Return each field given for a node as (field, origin): its place in a file, or the entry it came from."""
    given = card.nodes[index].model_dump(mode="json", by_alias=True, exclude_unset=True)
    found = []
    for path in _leaves(given, ("nodes", index)):
        origin = card.source.inherited.get(path) or str(card.source.locate(path))
        found.append((".".join(str(p) for p in path[2:]), origin))
    return found
