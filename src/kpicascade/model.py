"""The scorecard model: pydantic classes for every part of the YAML format, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, PrivateAttr, StringConstraints, Tag, model_validator

from kpicascade.measurements import Measurements
from kpicascade.periods import Period
from kpicascade.problems import Problem, SourceMap

if TYPE_CHECKING:
    from kpicascade.periods import Period
    from kpicascade.scoring import Result

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,79}$")]
#: An entry of the KPI catalogue (kpicascade.catalog): the pack's prefix, a dot and the metric's name.
CatalogRef = Annotated[str, StringConstraints(pattern=r"^[a-z]+\.[a-z0-9_]{1,60}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Kind = Literal["objective", "kpi", "kpm", "mbo"]
Level = Literal["strategic", "business"]
Direction = Literal["increase", "decrease", "band"]
Method = Literal["linear", "clamped", "band", "thresholds", "binary"]
Aggregation = Literal["sum", "mean", "last", "min", "max"]
Rollup = Literal["mean", "min", "worst", "sum"]
MissingPolicy = Literal["skip", "zero", "carry"]
Combine = Literal["own", "children", "blend"]
Timing = Literal["leading", "lagging"]
Calendar = Literal["month", "quarter"]


def value_shape(value: object) -> str | None:
    """Return the tag of a YAML value's shape, which picks the member of a union that validates it."""
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "text"
    return None


def _number_shape(value: object) -> str | None:
    shape = value_shape(value)
    return "number" if shape == "integer" else shape


# Unions are tagged: a value goes to the one member its shape names, and error paths carry our own tags.
Target = Annotated[
    Annotated[float, Tag("number")] | Annotated[dict[str, float], Tag("mapping")], Discriminator(_number_shape)
]
Scalar = Annotated[
    Annotated[str, Tag("text")]
    | Annotated[int, Tag("integer")]
    | Annotated[float, Tag("number")]
    | Annotated[bool, Tag("boolean")],
    Discriminator(value_shape),
]

#: Tags with a meaning of their own; any other tag is free text.
MOMENT_OF_TRUTH = "moment_of_truth"
SHOWSTOPPER = "showstopper"


class Strict(BaseModel):
    """Base of every part of the format: unknown keys rejected, no NaN or infinity, no guessing of types.

    Strict types, because YAML reads yes/no/on/off as true/false: a weight of `yes` must be an error,
    not 1.0, and a quoted "12" stays text.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True, strict=True)


class Perspective(Strict):
    """A balanced-scorecard perspective; the order of the list is bottom-up reading order."""

    id: Id
    name: Text


DEFAULT_PERSPECTIVES = [
    Perspective(id="financial", name="Financial"),
    Perspective(id="customer", name="Customer"),
    Perspective(id="internal_process", name="Internal process"),
    Perspective(id="learning_growth", name="Learning & growth"),
]


class Department(Strict):
    """A department of the customer's organisation, with its accountable owner."""

    id: Id
    name: Text
    owner: Text | None = None


class Horizon(Strict):
    """The planning horizon: first and last period, both included."""

    start: str
    end: str


class StatusThresholds(Strict):
    """Score thresholds for status: green at or above green, amber at or above amber, else red."""

    green: float = Field(default=0.9, ge=0, le=10)
    amber: float = Field(default=0.7, ge=0, le=10)

    @model_validator(mode="after")
    def _ordered(self) -> StatusThresholds:
        if self.amber > self.green:
            raise ValueError(f"amber ({self.amber}) must not be above green ({self.green})")
        return self


class Rule(Strict):
    """A thresholds-method rule: a value in [min, max) scores score; first match wins."""

    min: float | None = None
    max: float | None = None
    score: float = Field(ge=0, le=10)

    @model_validator(mode="after")
    def _ordered(self) -> Rule:
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(f"rule min ({self.min:g}) must be below max ({self.max:g})")
        return self


class Band(Strict):
    """The range a band metric should stay in, and how far outside it the score falls to zero."""

    low: float | None = None
    high: float | None = None
    tolerance: float | None = Field(default=None, gt=0)


class Metric(Strict):
    """How a measured node is measured, targeted and scored."""

    unit: Text
    direction: Direction = "increase"
    baseline: float | None = None
    target: Target | None = None
    band: Band | None = None
    method: Method | None = None
    cap: float | None = Field(default=None, ge=1, le=10)
    unbounded: bool = False
    rules: list[Rule] = Field(default_factory=list)
    thresholds: StatusThresholds | None = None
    aggregation: Aggregation = "last"
    #: How often the metric is reported when less often than the scorecard's calendar (a quarterly survey on a
    #: monthly scorecard): each value then holds for the periods until the next report is due.
    frequency: Calendar | None = None
    value_per_unit: float | None = None
    formula: Text | None = None
    source: Text | None = None

    @property
    def scoring_method(self) -> Method:
        """Return the declared method, or the one the direction implies."""
        if self.method is not None:
            return self.method
        return "band" if self.direction == "band" else "linear"


class Showstopper(Strict):
    """What it costs the customer to get past a showstopper: time, money and effort."""

    description: Text
    hours: float | None = Field(default=None, ge=0)
    money: float | None = Field(default=None, ge=0)
    effort: Literal["low", "medium", "high"] | None = None


class Attribution(Strict):
    """The share of a node's improvement the customer agrees the vendor's product brought, and who agreed it."""

    share: float = Field(ge=0, le=1)
    basis: Text


class Node(Strict):
    """An objective, KPI, KPM or MBO of the cascade."""

    id: Id
    name: Text
    kind: Kind
    level: Level | None = None
    perspective: Id
    department: Id | None = None
    owner: Text | None = None
    description: Text | None = None
    tags: list[Id] = Field(default_factory=list)
    timing: Timing | None = None
    metric: Metric | None = None
    rollup: Rollup = "mean"
    missing: MissingPolicy | None = None
    combine: Combine | None = None
    blend: float = Field(default=0.5, ge=0, le=1)
    showstopper: Showstopper | None = None
    #: The catalogue entry the node follows: the loader fills the fields the node leaves out from it.
    catalog: CatalogRef | None = None
    #: Nodes of different accounts with the same benchmark key (their catalogue entry if not given) are compared.
    benchmark: Id | None = None
    #: The share of this node's improvement value credited to the vendor (none by default: nothing is credited).
    attribution: Attribution | None = None

    @property
    def combine_mode(self) -> Combine:
        """Return how own score and children's score combine: own for measured nodes unless declared."""
        if self.combine is not None:
            return self.combine
        return "own" if self.metric is not None else "children"

    @property
    def benchmark_key(self) -> str | None:
        """Return the key under which the node is compared across accounts: its benchmark, else its catalogue entry."""
        return self.benchmark or self.catalog

    @property
    def moment_of_truth(self) -> bool:
        """Return whether the node is a moment of truth in the customer journey."""
        return MOMENT_OF_TRUTH in self.tags


class EventQuery(Strict):
    """A usage signal computed from the vendor's product events, by period.

    A ratio divides a numerator by a denominator (another query, or a constant such as licensed seats);
    the numerator is measured like the denominator query, or as distinct users over a constant, unless
    numerator says otherwise. A window ("week", "day") makes the value the mean over the period's weeks
    or days, each week counted in the period of its Monday.
    """

    measure: Literal["count", "distinct_users", "sum", "ratio"] = "count"
    event_types: list[Text] = Field(default_factory=list)
    where: dict[str, Scalar] = Field(default_factory=dict)
    property: Text | None = None
    numerator: Literal["count", "distinct_users", "sum"] | None = None
    window: Literal["week", "day"] | None = None
    denominator: EventQuery | None = None
    denominator_value: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _consistent(self) -> EventQuery:
        ratio = self.measure == "ratio"
        if ratio and (self.denominator is None) == (self.denominator_value is None):
            raise ValueError("a ratio needs exactly one of denominator (a query) or denominator_value (a number)")
        if not ratio and (self.denominator is not None or self.denominator_value is not None or self.numerator):
            raise ValueError("numerator, denominator and denominator_value belong to measure: ratio only")
        if self.denominator is not None and self.denominator.measure == "ratio":
            raise ValueError("a denominator cannot itself be a ratio")
        if "sum" in (self.measure, self.numerator) and self.property is None:
            raise ValueError("a sum needs property: the event property to add up")
        return self


class Signal(Strict):
    """A usage signal: the vendor's telemetry for this account."""

    id: Id
    name: Text
    unit: Text = "count"
    description: Text | None = None
    source: Text | None = None
    aggregation: Aggregation = "mean"
    events: EventQuery | None = None


class Contributes(Strict):
    """A cascade link: the child contributes to the parent with a weight."""

    from_: Id = Field(alias="from")
    to: Id
    weight: float = Field(default=1.0, gt=0, le=1e6)
    align_only: bool = False


class Drives(Strict):
    """A strategy-map link: the cause drives the effect. Never scored."""

    from_: Id = Field(alias="from")
    to: Id
    note: Text | None = None


class SignalLink(Strict):
    """A usage signal expected to move a node, with the sign and the lag in periods."""

    signal: Id
    node: Id
    sign: Literal["+", "-"] = "+"
    lag: int = Field(default=0, ge=0, le=24)
    note: Text | None = None


class Links(Strict):
    """Every link of the scorecard, kept apart by kind."""

    contributes: list[Contributes] = Field(default_factory=list)
    drives: list[Drives] = Field(default_factory=list)
    signals: list[SignalLink] = Field(default_factory=list)


class CustomerObjective(Strict):
    """An objective of one of the account's own customers that nodes of this scorecard serve.

    account_id names the customer's own scorecard in a portfolio, which links the two into a chain.
    """

    account: Text
    account_id: Id | None = None
    objective: Id
    name: Text | None = None
    served_by: list[Id] = Field(default_factory=list)


PlanStatus = Literal["planned", "in_progress", "done", "blocked"]
#: Plan statuses, in the order a plan moves through them; every one but done is open.
PLAN_STATUSES: tuple[PlanStatus, ...] = ("planned", "in_progress", "blocked", "done")
IsoDate = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


class Effect(Strict):
    """What an action is expected to do: bring a node's actual to a value by a period."""

    node: Id
    to: float
    by: str | None = None


class PlanItem(Strict):
    """An action or milestone of the account plan: who does what by when, to move which nodes."""

    id: Id
    action: Text
    kind: Literal["action", "milestone"] = "action"
    owner: Text
    side: Literal["vendor", "customer"] = "vendor"
    due: IsoDate
    status: PlanStatus = "planned"
    nodes: list[Id] = Field(default_factory=list)
    expect: Effect | None = None

    @property
    def is_open(self) -> bool:
        """Return whether the item is still to be done."""
        return self.status != "done"


class Note(Strict):
    """Commentary on a node's figure in one period: why it is where it is."""

    node: Id
    period: str
    text: Text
    author: Text | None = None


class Notes(Strict):
    """Where the commentary comes from: CSV files of node, period, text (and author), and inline rows."""

    files: list[Text] = Field(default_factory=list)
    rows: list[Note] = Field(default_factory=list)


class Actual(Strict):
    """One measurement: the value of a node or signal in a period."""

    id: Id
    period: str
    value: float


class Actuals(Strict):
    """Where the measurements come from: CSV or Parquet files beside the scorecard, and inline rows."""

    files: list[Text] = Field(default_factory=list)
    rows: list[Actual] = Field(default_factory=list)


class Survey(Strict):
    """Survey responses behind an outcome (NPS, CSAT), and the nodes each driver question sits over."""

    file: Text | None = None
    outcome: Text
    node: Id | None = None
    drivers: dict[Text, list[Id]] = Field(default_factory=dict)


class Scenario(Strict):
    """A what-if: one usage signal moved by a percentage, by an amount or to a level, from a period on."""

    id: Id
    name: Text
    signal: Id
    percent: float | None = Field(default=None, ge=-100, le=10_000)
    by: float | None = Field(default=None, ge=-1e15, le=1e15)
    to: float | None = Field(default=None, ge=-1e15, le=1e15)
    start: str | None = Field(default=None, alias="from")
    note: Text | None = None

    @model_validator(mode="after")
    def _one_change(self) -> Scenario:
        given = [name for name in ("percent", "by", "to") if getattr(self, name) is not None]
        if len(given) != 1:
            found = f"found {', '.join(given)}" if given else "found none"
            raise ValueError(f"a scenario moves its signal one way: give one of percent, by or to ({found})")
        return self


class Scoring(Strict):
    """Scorecard-wide scoring settings."""

    missing: MissingPolicy = "skip"
    max_age: int = Field(default=2, ge=0, le=60)
    floor: float = Field(default=0.0, ge=-10, le=0)
    cap: float = Field(default=1.2, ge=1, le=10)
    unbounded: bool = False
    thresholds: StatusThresholds = Field(default_factory=StatusThresholds)
    trend_window: int = Field(default=4, ge=2, le=60)
    note_on_red: bool = False


class Scorecard(Strict):
    """One account's cascade for a planning horizon."""

    account: Text
    account_id: Id
    vendor: Text
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    calendar: Calendar
    horizon: Horizon
    annual_fee: float | None = Field(default=None, ge=0)
    description: Text | None = None
    #: What the account is, for peer cohorts in a portfolio: industry, size, region, or any tag of your own.
    tags: dict[Id, Text] = Field(default_factory=dict)
    include: list[Text] = Field(default_factory=list)
    perspectives: list[Perspective] = Field(default_factory=lambda: list(DEFAULT_PERSPECTIVES))
    departments: list[Department] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    links: Links = Field(default_factory=Links)
    customers: list[CustomerObjective] = Field(default_factory=list)
    plan: list[PlanItem] = Field(default_factory=list)
    actuals: Actuals = Field(default_factory=Actuals)
    notes: Notes = Field(default_factory=Notes)
    survey: Survey | None = None
    scenarios: list[Scenario] = Field(default_factory=list)
    scoring: Scoring = Field(default_factory=Scoring)

    _source: SourceMap = PrivateAttr(default_factory=SourceMap)
    _files: list[str] = PrivateAttr(default_factory=list)
    _actual_files: list[str] = PrivateAttr(default_factory=list)
    _measurements: Measurements = PrivateAttr(default_factory=Measurements)
    _problems: list[Problem] = PrivateAttr(default_factory=list)
    _file_notes: list[Note] = PrivateAttr(default_factory=list)
    _note_files: list[str] = PrivateAttr(default_factory=list)
    # Where each id sits in nodes and departments, so that a lookup costs O(1), not a scan (see _position).
    _node_positions: dict[str, int] = PrivateAttr(default_factory=dict)
    _department_positions: dict[str, int] = PrivateAttr(default_factory=dict)

    def record_origin(self, source: SourceMap, files: list[str], actual_files: list[str]) -> None:
        """Record where the scorecard was read from: every value's place, its YAML files and its actuals files."""
        self._source, self._files, self._actual_files = source, list(files), list(actual_files)

    def set_measurements(self, measurements: Measurements) -> None:
        """Hold these actuals of nodes and signals."""
        self._measurements = measurements

    def set_problems(self, problems: list[Problem]) -> None:
        """Hold the warnings found when the scorecard was loaded."""
        self._problems = list(problems)

    def set_file_notes(self, notes: list[Note], files: list[str]) -> None:
        """Hold the notes read from the notes files, and those files' paths."""
        self._file_notes, self._note_files = list(notes), list(files)

    @property
    def commentary(self) -> list[Note]:
        """Return every note, inline rows first, then those read from files."""
        return [*self.notes.rows, *self._file_notes]

    @property
    def note_files(self) -> list[str]:
        """Return the notes files the scorecard lists, as paths, in order."""
        return list(self._note_files)

    def note(self, node_id: str, period: str) -> Note | None:
        """Return the note on a node in a period (written like the calendar's periods), if there is one."""
        return next((n for n in self.commentary if n.node == node_id and n.period == period), None)

    def note_in(self, node_id: str, period: Period) -> Note | None:
        """Return the note on a node for a period of any grain: a quarter of a monthly scorecard gets the note of
        its latest month that has one (its own period says which)."""
        if period.calendar == self.calendar:
            return self.note(node_id, str(period))
        return next((n for m in reversed(period.months()) if (n := self.note(node_id, str(m)))), None)

    def notes_period(self, viewed: Period) -> Period:
        """Return the period notes are written in for a view: the viewed period, or a quarter's last month."""
        return viewed if viewed.calendar == self.calendar else viewed.months()[-1]

    def with_measurements(self, measurements: Measurements) -> Scorecard:
        """Return a copy of the scorecard that holds these actuals instead of its own."""
        copy = self.model_copy()
        copy.set_measurements(measurements)
        return copy

    @property
    def source(self) -> SourceMap:
        """Return where every value of the scorecard was read from."""
        return self._source

    @property
    def measurements(self) -> Measurements:
        """Return the actuals of nodes and signals, from files and inline rows."""
        return self._measurements

    @property
    def problems(self) -> list[Problem]:
        """Return the warnings found when the scorecard was loaded."""
        return list(self._problems)

    @property
    def input_files(self) -> list[str]:
        """Return every file the scorecard and its actuals were read from, resolved and sorted."""
        return sorted({str(Path(f).resolve()) for f in [*self._files, *self._actual_files, *self._note_files]})

    @property
    def files(self) -> list[str]:
        """Return every file the scorecard was read from, main file first."""
        return list(self._files)

    def node(self, node_id: str) -> Node:
        """Return the node with this id."""
        at = _position(self.nodes, node_id, self._node_positions)
        if at is None:
            raise KeyError(node_id)
        return self.nodes[at]

    def department(self, department_id: str | None) -> Department | None:
        """Return the department with this id, if there is one."""
        if department_id is None:
            return None
        at = _position(self.departments, department_id, self._department_positions)
        return None if at is None else self.departments[at]

    def owner_of(self, node: Node) -> str | None:
        """Return the node's owner, or its department's owner."""
        if node.owner:
            return node.owner
        dept = self.department(node.department)
        return dept.owner if dept else None

    def score(self, period: str | Period | None = None, **options: Any) -> Result:
        """Return the scorecard scored at a period (the latest complete one with data by default)."""
        from kpicascade.scoring import score

        return score(self, period=period, **options)


def _position(items: Sequence[Node | Department], ident: str, positions: dict[str, int]) -> int | None:
    """Return where the item with this id sits in items (the last one, as a dict built from them would keep).

    positions is a cache that may be stale, since a scorecard's lists may be changed in place: a hit is
    used only if the item there still has this id, and a miss or a stale hit rebuilds it once.
    """
    at = positions.get(ident)
    if at is not None and at < len(items) and items[at].id == ident:
        return at
    positions.clear()
    positions.update({item.id: i for i, item in enumerate(items)})
    return positions.get(ident)
