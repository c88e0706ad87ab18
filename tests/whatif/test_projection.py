"""What-if projections: a change of usage carried through confirmed links, worked by hand and against planted truth."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpicascade
from kpicascade.drivers import analyse
from kpicascade.model import Scenario
from kpicascade.whatif import Projection, project, projections, signal_change
from tests.drivers.synthetic import Planted, write_portfolio

#: The signal's monthly steps; the KPI moves exactly half of each step in the same month.
STEPS = [5, -3, 8, 2, -6, 4, 7, -2, 3, -5, 6, 1, -4, 9, 2, -3, 5, -1, 4, 2, -7, 3, 6, -2]
MONTHS = [f"{2024 + m // 12}-{m % 12 + 1:02d}" for m in range(len(STEPS) + 1)]


def exact_card(folder: Path, scenarios: str) -> kpicascade.Scorecard:
    """Return a scorecard whose KPI is 20 + 0.5 x (signal - 100), exactly, over 25 months."""
    return kpicascade.load(write_exact(folder, scenarios))


def write_exact(folder: Path, scenarios: str, noise: tuple[float, ...] = ()) -> Path:
    """Write the scorecard of exact_card, with the scenarios given as YAML list items, and return its path.

    noise, when given, is added to the KPI month by month (cycled), so that the effect has a range.
    """
    signal = [100.0]
    for step in STEPS:
        signal.append(signal[-1] + step)
    kpi = [20 + 0.5 * (s - 100) + (noise[m % len(noise)] if noise else 0.0) for m, s in enumerate(signal)]
    rows = "".join(
        f"    - {{id: sig_users, period: '{p}', value: {s}}}\n    - {{id: kpi_otif, period: '{p}', value: {k!r}}}\n"
        for p, s, k in zip(MONTHS, signal, kpi, strict=True)
    )
    text = f"""account: Acme
account_id: acme
vendor: Lattice
currency: USD
calendar: month
annual_fee: 100000
horizon: {{start: 2024-01, end: {MONTHS[-1]}}}
nodes:
  - {{id: obj, name: Reliable supplier, kind: objective, perspective: customer}}
  - id: kpi_otif
    name: OTIF
    kind: kpi
    perspective: customer
    metric: {{unit: points, baseline: 20, target: 60, value_per_unit: 10000}}
  - id: kpi_other
    name: Complaints handled
    kind: kpi
    perspective: customer
    metric: {{unit: count, baseline: 0, target: 10}}
signals:
  - {{id: sig_users, name: Weekly active planners}}
links:
  contributes: [{{from: kpi_otif, to: obj}}, {{from: kpi_other, to: obj}}]
  signals:
    - {{signal: sig_users, node: kpi_otif, sign: "+", lag: 0}}
    - {{signal: sig_users, node: kpi_other, sign: "+", lag: 1}}
scenarios:
{scenarios}
actuals:
  rows:
{rows}    - {{id: kpi_other, period: '2024-01', value: 3}}
    - {{id: kpi_other, period: '{MONTHS[-1]}', value: 4}}
"""
    path = folder / "acme.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_confirmed_link_carries_its_effect_up_the_cascade_to_money(tmp_path: Path) -> None:
    card = exact_card(tmp_path, "  - {id: plus20, name: Planners +20%, signal: sig_users, percent: 20}")
    [found] = projections(card.score())
    signal_now = 100.0 + sum(STEPS)  # 134
    assert found.signal_now == signal_now
    assert found.signal_change == pytest.approx(0.2 * 134)  # 26.8
    otif, other = found.links
    assert otif.contributes
    assert otif.effect is not None
    assert otif.effect.value == pytest.approx(0.5)  # the KPI moves half of each step, exactly
    assert otif.change is not None
    assert otif.change.value == pytest.approx(0.5 * 26.8)  # 13.4
    assert otif.arrives == "2026-02"  # the month after the one projected from, lag 0
    assert not other.contributes
    assert other.verdict == "too few periods"
    [measure] = found.measures
    kpi_now = 20 + 0.5 * 34  # 37
    assert (measure.now, measure.projected.value) == pytest.approx((kpi_now, kpi_now + 13.4))
    scores = {m.id: m for m in found.scores}
    assert set(scores) == {"obj", "kpi_otif"}  # the other KPI does not move
    otif_score = (50.4 - 20) / (60 - 20)  # 0.76
    assert scores["kpi_otif"].now == pytest.approx((37 - 20) / 40)
    assert scores["kpi_otif"].projected.value == pytest.approx(otif_score)
    other_score = (4 - 0) / (10 - 0)
    assert scores["obj"].projected.value == pytest.approx((otif_score + other_score) / 2)  # the objective's mean
    assert found.value is not None
    assert found.value.value == pytest.approx(13.4 * 10_000)  # 134,000 a year
    assert found.roi is not None
    assert found.roi.value == pytest.approx(134_000 / 100_000)
    assert found.value.low == pytest.approx(found.value.high)  # an exact relation leaves no range


@pytest.mark.parametrize(
    ("scenario", "change"),
    [
        ("{id: s, name: S, signal: sig_users, to: 150}", 150 - 134),
        ("{id: s, name: S, signal: sig_users, by: -10}", -10),
        ("{id: s, name: S, signal: sig_users, percent: -50, from: 2026-06}", -67),
    ],
)
def test_to_by_and_percent(tmp_path: Path, scenario: str, change: float) -> None:
    card = exact_card(tmp_path, f"  - {scenario}")
    [found] = projections(card.score())
    assert found.signal_change == pytest.approx(change)
    assert found.links[0].change is not None
    assert found.links[0].change.value == pytest.approx(0.5 * change)
    assert found.value is not None
    assert found.value.value == pytest.approx(0.5 * change * 10_000)


def test_scenario_start_sets_when_the_change_arrives(tmp_path: Path) -> None:
    card = exact_card(tmp_path, "  - {id: s, name: S, signal: sig_users, by: 5, from: 2026-06}")
    [found] = projections(card.score())
    assert found.links[0].arrives == "2026-06"  # lag 0


def test_unknown_scenario_is_named(tmp_path: Path) -> None:
    card = exact_card(tmp_path, "  - {id: s, name: S, signal: sig_users, by: 5}")
    with pytest.raises(KeyError, match="nope"):
        projections(card.score(), ["nope"])


SCENARIO = """scenarios:
  - {id: more, name: Automated orders +10, signal: sig_drives, by: 10}
"""


def test_bands_contain_the_planted_truth(tmp_path: Path) -> None:
    # each account's KPI changes by 0.8 x the signal's change two months earlier (tests/drivers/synthetic.py)
    paths = write_portfolio(tmp_path, 20, Planted(survey=SCENARIO, months=36, seed=21))
    covered, confirmed = 0, 0
    for path in paths:
        card = kpicascade.load(path)
        found: Projection = project(card.score(), card.scenarios[0], analyse([card]))
        drives = next(link for link in found.links if link.lag == 2)
        if drives.change is None:
            continue
        confirmed += 1
        covered += drives.change.low <= 0.8 * 10 <= drives.change.high
        assert all(not link.contributes for link in found.links if link.lag != 2)
    assert confirmed >= 15
    assert covered >= confirmed - 2  # a 95% band: about one in twenty may miss


@settings(max_examples=60, deadline=None)
@given(
    level=st.floats(-1e6, 1e6, allow_nan=False),
    percent=st.floats(-100, 10_000, allow_nan=False),
    to=st.floats(-1e6, 1e6, allow_nan=False),
)
def test_signal_change_reaches_what_the_scenario_says(level: float, percent: float, to: float) -> None:
    moved = signal_change(Scenario(id="s", name="s", signal="x", percent=percent), level)
    assert moved == pytest.approx(level * percent / 100)
    reached = signal_change(Scenario(id="s", name="s", signal="x", to=to), level)
    assert reached is not None
    assert level + reached == pytest.approx(to, abs=1e-6)
    assert signal_change(Scenario(id="s", name="s", signal="x", percent=percent), None) is None


def test_a_flow_is_worth_its_value_per_unit_every_period_of_the_year(tmp_path: Path) -> None:
    path = write_exact(tmp_path, "  - {id: plus20, name: Planners +20%, signal: sig_users, percent: 20}")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("value_per_unit: 10000}", "value_per_unit: 10000, aggregation: sum}"), "utf-8")
    [found] = projections(kpicascade.load(path).score())
    # 13.4 more units every month (0.5 x 26.8), each worth 10,000 a year per unit a month: 13.4 x 10,000 x 12
    assert found.value is not None
    assert found.value.value == pytest.approx(13.4 * 10_000 * 12)  # 1,608,000 a year
    assert found.roi is not None
    assert found.roi.value == pytest.approx(1_608_000 / 100_000)
