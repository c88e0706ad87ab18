"""Compose a new scorecard from catalogue entries: the cascade, departments and signal links they suggest.

Each entry becomes a node that names it (`catalog: supply.otif`) with the entry's typical poor and good values as
a first baseline and target. A node feeds the first chosen entry its entry feeds, the kind rules allowing, else
an objective of its perspective; the objectives drive one another up the strategy map (learning, process,
customer, financial); the usage signals the entries name are added and linked with their sign and lag.
"""

from __future__ import annotations

import datetime
import itertools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from kpicascade._exceptions import KpiCascadeError
from kpicascade.catalog import CatalogEntry, catalog
from kpicascade.hints import did_you_mean
from kpicascade.starter import _SLUG, _check_plain
from kpicascade.writing import write_text

#: The default perspectives bottom-up, as the strategy map reads them, with the objective each starts with.
PERSPECTIVES = {
    "learning_growth": ("Learning & growth", "business"),
    "internal_process": ("Internal process", "business"),
    "customer": ("Customer", "strategic"),
    "financial": ("Financial", "strategic"),
}
#: A child may feed a parent of the same or a higher level (validate.LEVEL).
_LEVEL = {"kpi": 1, "kpm": 2}
_DEPARTMENT_NAMES = {"hr": "Human resources"}


def _text(value: str) -> str:
    """Return text as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(" ".join(value.split()), ensure_ascii=False)


def node_id(entry: CatalogEntry) -> str:
    """Return the id a new scorecard gives the node of an entry: supply.otif becomes supply_otif."""
    return entry.id.replace(".", "_")


def chosen_entries(ids: Sequence[str]) -> list[CatalogEntry]:
    """Return the catalogue entries named, in the order named, once each; raise KpiCascadeError naming unknown ones."""
    shipped = catalog().entries
    wanted = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    unknown = [f"no catalogue entry {i!r}{did_you_mean(i, shipped)}" for i in wanted if i not in shipped]
    if unknown:
        raise KpiCascadeError("; ".join(unknown) + "; `kpicascade catalog WORD` lists the entries")
    if not wanted:
        raise KpiCascadeError("name at least one catalogue entry, like --from-catalog supply.otif,cx.nps")
    return [shipped[i] for i in wanted]


def parent_of(entry: CatalogEntry, chosen: dict[str, CatalogEntry]) -> str:
    """Return the id of the node an entry's node feeds: the first chosen entry it feeds that may be its parent."""
    for fed in entry.feeds:
        if fed in chosen and _LEVEL[chosen[fed].kind] <= _LEVEL[entry.kind]:
            return node_id(chosen[fed])
    return f"obj_{entry.perspective}"


def _horizon(calendar: str, today: datetime.date) -> tuple[str, str]:
    """Return this year's first period and next year's last: the plan's first two years."""
    if calendar == "quarter":
        return f"{today.year}-Q1", f"{today.year + 1}-Q4"
    return f"{today.year}-01", f"{today.year + 1}-12"


def _departments(entries: list[CatalogEntry]) -> list[str]:
    lines = ["departments:"]
    for dept in dict.fromkeys(e.department for e in entries):
        name = _DEPARTMENT_NAMES.get(dept, dept.replace("_", " ").capitalize())
        lines.append(f"  - {{id: {dept}, name: {_text(name)}}}")
    return lines


def _objectives(entries: list[CatalogEntry], used: list[str]) -> list[str]:
    chosen = {e.id: e for e in entries}
    lines = []
    for perspective in reversed(used):  # financial first, as people read a scorecard
        label, level = PERSPECTIVES[perspective]
        names = [e.name for e in entries if parent_of(e, chosen) == f"obj_{perspective}"]
        more = " and more" if len(names) > 3 else ""
        lines += [
            f"  - id: obj_{perspective}",
            f"    name: {_text(f'{label}: improve ' + ', '.join(names[:3]) + more)}",
            "    kind: objective",
            f"    level: {level}",
            f"    perspective: {perspective}",
        ]
    return lines


def objective_perspectives(entries: list[CatalogEntry]) -> list[str]:
    """Return the perspectives that get an objective (those some chosen node feeds directly), bottom-up."""
    chosen = {e.id: e for e in entries}
    fed = {parent_of(e, chosen) for e in entries}
    return [p for p in PERSPECTIVES if f"obj_{p}" in fed]


def _nodes(entries: list[CatalogEntry], targets: Mapping[str, tuple[float, float]]) -> list[str]:
    lines = []
    for e in entries:
        lines += [f"  - id: {node_id(e)}", f"    catalog: {e.id}", f"    department: {e.department}"]
        if e.id in targets:
            baseline, target = targets[e.id]
            lines.append(f"    metric: {{baseline: {baseline!r}, target: {target!r}}}")
        else:
            lines.append(
                f"    metric: {{baseline: {e.typical.poor!r}, target: {e.typical.good!r}}}"
                "   # the catalogue's typical poor and good: set the account's own"
            )
    return lines


def _links(entries: list[CatalogEntry], used: list[str]) -> list[str]:
    chosen = {e.id: e for e in entries}
    lines = ["links:", "  contributes:"]
    lines += [f"    - {{from: {node_id(e)}, to: {parent_of(e, chosen)}}}" for e in entries]
    if len(used) > 1:
        lines.append("  drives:")
        lines += [f"    - {{from: obj_{low}, to: obj_{high}}}" for low, high in itertools.pairwise(used)]
    links = [(s, e) for e in entries for s in e.signals]
    if links:
        lines.append("  signals:")
        lines += [f'    - {{signal: {s.signal}, node: {node_id(e)}, sign: "{s.sign}", lag: {s.lag}}}' for s, e in links]
    return lines


def _signals(entries: list[CatalogEntry]) -> list[str]:
    ids = list(dict.fromkeys(s.signal for e in entries for s in e.signals))
    if not ids:
        return []
    lines = ["signals:"]
    for ident in ids:
        signal = catalog().signals[ident]
        lines.append(f"  - {{id: {ident}, name: {_text(signal.name)}, unit: {signal.unit}}}")
    return lines


def compose(
    ids: Sequence[str],
    account_id: str,
    *,
    account: str | None = None,
    vendor: str | None = None,
    calendar: str = "quarter",
    today: datetime.date | None = None,
    tags: Mapping[str, str] | None = None,
    targets: Mapping[str, tuple[float, float]] | None = None,
) -> str:
    """Return the YAML of a new scorecard for account_id made of the named catalogue entries.

    tags are the account's cohort tags (industry, size, region); targets give, by entry id, a baseline and
    target of the account's own instead of the entry's typical poor and good values.
    """
    entries = chosen_entries(ids)
    account = " ".join((account or account_id.replace("-", " ").title()).split())
    start, end = _horizon(calendar, today or datetime.date.today())
    used = objective_perspectives(entries)
    lines = [
        f"# {account}: composed by `kpicascade init --from-catalog` from {len(entries)} catalogue entries.",
        "# Each node names its entry (catalog:) and inherits its definition; `kpicascade check --origins` shows",
        "# which fields came from where. Give each node the account's own owner, baseline and target.",
        "",
        f"account: {_text(account)}",
        f"account_id: {account_id}",
        f"vendor: {_text(vendor or 'Your company (your product)')}",
        "currency: EUR",
        f"calendar: {calendar}",
        f"horizon: {{start: {start}, end: {end}}}",
        *([f"tags: {{{', '.join(f'{k}: {_text(v)}' for k, v in tags.items())}}}"] if tags else []),
        "",
        *_departments(entries),
        "",
        "nodes:",
        *_objectives(entries, used),
        *_nodes(entries, targets or {}),
        "",
        *_signals(entries),
        "",
        *_links(entries, used),
        "",
        "actuals:",
        f"  files: [{account_id}.actuals.csv]",
        "",
        "notes:",
        f"  files: [{account_id}.notes.csv]",
    ]
    return "\n".join(lines) + "\n"


def new_skeleton(
    name: str,
    ids: Sequence[str],
    directory: Path,
    *,
    overwrite: bool = False,
    account: str | None = None,
    vendor: str | None = None,
    calendar: str = "quarter",
) -> list[Path]:
    """Write NAME.yaml composed from catalogue entries, an empty NAME.actuals.csv and NAME.notes.csv; return them."""
    if not _SLUG.fullmatch(name):
        raise KpiCascadeError(f"name {name!r}: use lower-case letters, digits and dashes, like acme-foods")
    _check_plain("account", account)
    _check_plain("vendor", vendor)
    text = compose(ids, name, account=account, vendor=vendor, calendar=calendar)
    paths = [directory / f"{name}.yaml", directory / f"{name}.actuals.csv", directory / f"{name}.notes.csv"]
    existing = [p for p in paths if p.exists()]
    if existing and not overwrite:
        raise KpiCascadeError(f"{existing[0]} exists; pass --force to overwrite it")
    directory.mkdir(parents=True, exist_ok=True)
    for path, content in zip(paths, (text, "id,period,value\n", "node,period,text,author\n"), strict=True):
        write_text(path, content)
    return paths
