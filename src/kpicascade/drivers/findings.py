"""What driver analysis finds: each link's verdict with its figures, drivers' shares of R², survey rankings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from kpicascade.drivers.stats import Correlation

Verdict = Literal["confirmed", "contradicted", "not enough data"]
Scope = Literal["account", "portfolio"]

#: Fewer pairs than this give no verdict, whatever the interval says.
MIN_PAIRS = 6


def verdict(c: Correlation, sign: Literal["+", "-"]) -> tuple[Verdict, str]:
    """Return the verdict on an expected sign from a correlation, and the figures behind it in words."""
    if c.r is None or c.low is None or c.high is None or c.n < MIN_PAIRS:
        why = "the series do not vary" if c.n >= MIN_PAIRS else f"at least {MIN_PAIRS} needed"
        return "not enough data", f"n = {c.n} pairs; {why}"
    figures = f"r = {c.r:+.2f}, 95% CI {c.low:+.2f} to {c.high:+.2f}, n = {c.n}"
    if not c.excludes_zero:
        return "not enough data", f"{figures}: the interval includes 0"
    expected = "positive" if sign == "+" else "negative"
    if (c.low > 0) == (sign == "+"):
        return "confirmed", f"{figures}: {expected}, as expected"
    return "contradicted", f"{figures}: the data say {'negative' if c.low < 0 else 'positive'}, not {expected}"


@dataclass(frozen=True)
class LinkFinding:
    """A signal -> node link tested against the data, for one account or pooled across a portfolio."""

    signal: str
    node: str
    sign: Literal["+", "-"]
    lag: int
    scope: Scope
    accounts: tuple[str, ...]
    at_lag: Correlation
    best_lag: int | None
    best: Correlation | None
    verdict: Verdict
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """Return the finding as plain data for JSON."""
        return asdict(self) | {"accounts": list(self.accounts)}


@dataclass(frozen=True)
class Weight:
    """One driver's share of R²: Johnson's relative weight, its Shapley value (LMG) and its coefficient."""

    driver: str
    lag: int
    weight: float
    share: float
    shapley: float | None
    beta: float
    correlation: Correlation


@dataclass(frozen=True)
class Importance:
    """How the drivers of one outcome share the variance they explain together (R²), most important first."""

    node: str
    scope: Scope
    accounts: tuple[str, ...]
    n: int
    r2: float | None
    weights: tuple[Weight, ...] = ()
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the decomposition as plain data for JSON."""
        return asdict(self) | {"accounts": list(self.accounts)}


@dataclass(frozen=True)
class SurveyDriver:
    """A survey driver question: its correlation with the outcome, its share of R², and the nodes under it."""

    question: str
    rank: int
    correlation: Correlation
    weight: float | None
    share: float | None
    shapley: float | None
    verdict: Verdict
    reason: str
    nodes: tuple[str, ...] = ()
    measurements: tuple[str, ...] = ()


@dataclass(frozen=True)
class SurveyFinding:
    """The drivers of one account's survey outcome, ranked by their share of R²."""

    account: str
    file: str
    outcome: str
    node: str | None
    respondents: int
    r2: float | None
    drivers: tuple[SurveyDriver, ...]
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the ranking as plain data for JSON."""
        return asdict(self)


@dataclass
class Findings:
    """Everything driver analysis found for a set of scorecards."""

    links: list[LinkFinding] = field(default_factory=list)
    importance: list[Importance] = field(default_factory=list)
    surveys: list[SurveyFinding] = field(default_factory=list)
    method: Literal["changes", "levels"] = "changes"
    window: int = 4

    def for_account(self, account: str) -> Findings:
        """Return the findings about one account, with the portfolio findings it takes part in."""
        return Findings(
            [f for f in self.links if account in f.accounts],
            [i for i in self.importance if account in i.accounts],
            [s for s in self.surveys if s.account == account],
            self.method,
            self.window,
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the findings as plain data for JSON."""
        return {
            "method": self.method,
            "window": self.window,
            "links": [f.as_dict() for f in self.links],
            "importance": [i.as_dict() for i in self.importance],
            "surveys": [s.as_dict() for s in self.surveys],
        }
