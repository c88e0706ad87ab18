"""Driver-analysis findings as the report shows them: one row per signal -> measure link."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One signal -> measure link, its figures already formatted for people."""

    verdict: str
    signal: str
    node: str
    lag: str
    correlation: str
    n: str
    share: str
    note: str = ""
