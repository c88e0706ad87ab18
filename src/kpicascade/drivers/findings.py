"""What driver analysis finds: each link's verdict with its figures, drivers' shares of R², survey rankings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from kpicascade.drivers.stats import Correlation

Verdict = Literal["confirmed", "contradicted", "no sign of an effect yet", "too few periods", "too few respondents"]
Scope = Literal["account", "portfolio"]

#: Every verdict word, in the order a reader meets them: the data support the link, oppose it, show nothing
#: either way, or are too few to judge (periods for signals, respondents for surveys).
VERDICTS: tuple[Verdict, ...] = (
    "confirmed",
    "contradicted",
    "no sign of an effect yet",
    "too few periods",
    "too few respondents",
)

#: Fewer pairs than this give no verdict, whatever the interval says.
MIN_PAIRS = 6


def _count(c: Correlation, unit: str) -> str:
    worth = "" if c.n_eff is None or c.n_eff > c.n - 0.5 else f", worth about {c.n_eff:.0f} independent ones"
    return f"{c.n} {unit}{worth}"


def verdict(c: Correlation, sign: Literal["+", "-"], unit: str = "periods") -> tuple[Verdict, str]:
    """Return the verdict on an expected sign from a correlation, and the figures behind it in words.

    "no sign of an effect yet" has an interval to show (it spans 0); "too few periods" (or respondents) has
    none: fewer than MIN_PAIRS pairs, series that never change, or series so smooth that their periods
    are worth too few independent ones. unit names what was counted: periods, "periods across the accounts"
    for a pooled portfolio, respondents for a survey.
    """
    too_few: Verdict = "too few respondents" if unit == "respondents" else "too few periods"
    if c.n < MIN_PAIRS:
        return too_few, f"{c.n} {unit}; at least {MIN_PAIRS} needed"
    if c.r is None:
        still = "the answers do" if unit == "respondents" else "one of the series does"
        return too_few, f"{c.n} {unit}, but {still} not change"
    if c.low is None or c.high is None:
        return too_few, f"{_count(c, unit)}: too few to compute an interval"
    figures = f"r = {c.r:+.2f}, between {c.low:+.2f} and {c.high:+.2f}, {_count(c, unit)}"
    if not c.excludes_zero:
        return "no sign of an effect yet", f"{figures}: the range includes 0"
    expected = "positive" if sign == "+" else "negative"
    if (c.low > 0) == (sign == "+"):
        return "confirmed", f"{figures}: {expected}, as expected"
    return "contradicted", f"{figures}: the data say {'negative' if c.low < 0 else 'positive'}, not {expected}"


@dataclass(frozen=True)
class Effect:
    """How much the node changes per unit change of the signal, lag periods later, with its 95% interval."""

    per_unit: float
    low: float
    high: float


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
    effect: Effect | None = None

    @property
    def confirmed(self) -> bool:
        """Return whether the data support the link as declared."""
        return self.verdict == "confirmed"

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


def coefficient_verdict(beta: float | None, low: float | None, high: float | None, n: int) -> tuple[Verdict, str]:
    """Return the verdict on a survey question from its standardised coefficient (its partial effect).

    A question that only moves with another question that does drive the outcome has a coefficient near 0
    once that question is in the regression, whatever its own correlation: "no sign of an effect yet".
    """
    if beta is None or low is None or high is None:
        return "too few respondents", f"{n} respondents with every question answered: too few for the regression"
    figures = f"coefficient {beta:+.2f}, between {low:+.2f} and {high:+.2f}, {n} respondents"
    if low <= 0 <= high:
        return "no sign of an effect yet", f"{figures}: the range includes 0"
    if low > 0:
        return "confirmed", f"{figures}: more of it, a better outcome, other questions held equal"
    return "contradicted", f"{figures}: more of it, a worse outcome, other questions held equal"


@dataclass(frozen=True)
class SurveyDriver:
    """A survey driver question: its partial effect on the outcome, its share of R², and the nodes under it.

    beta is the standardised coefficient of the multiple regression of the outcome on every question (how many
    standard deviations the outcome moves per standard deviation of this answer, the others held equal), with
    its 95% interval; weight is Johnson's relative weight with a bootstrap 95% interval. The verdict is on beta.
    """

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
    beta: float | None = None
    beta_low: float | None = None
    beta_high: float | None = None
    weight_low: float | None = None
    weight_high: float | None = None


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
