"""One review period for the whole portfolio: the latest complete period every account has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kpicascade
import kpicascade.loader
from kpicascade.periods import Period
from kpicascade.portfolio.review_period import PERIODS, common_period, review_period
from tests.conftest import ROOT

EXAMPLES = {p.stem: p for p in sorted((ROOT / "scorecards").glob("*.yaml"))}


@pytest.mark.parametrize(
    ("names", "period", "grain"),
    [
        # Meridian's actuals end in 2026-04, Brightloop's in 2026-09: the earlier month is complete in both
        (["brightloop-software", "meridian-health"], "2026-04", None),
        # Northwind is quarterly: every account by quarter; Meridian's 2026-04 leaves 2026-Q2 one month in,
        # so its latest complete quarter, and the portfolio's, is 2026-Q1
        (["brightloop-software", "meridian-health", "northwind-components"], "2026-Q1", "quarter"),
        # Brightloop by quarter: a metric still has to report 2026-Q3, so 2026-Q2; Northwind's is 2026-Q3
        (["brightloop-software", "northwind-components"], "2026-Q2", "quarter"),
        (["northwind-components"], "2026-Q3", "quarter"),
    ],
)
def test_the_earliest_latest_complete_period_of_all_accounts(names: list[str], period: str, grain: str | None) -> None:
    cards = [kpicascade.load(EXAMPLES[n]) for n in names]
    found, chosen = common_period(cards)
    assert (str(found), chosen) == (period, grain)
    assert found == Period.parse(period)


def test_no_accounts_no_period() -> None:
    assert common_period([]) == (None, None)


@pytest.mark.parametrize(
    ("given", "grain", "expected"),
    [
        ("2026-Q2", None, ("2026-Q2", "quarter")),  # a quarter asked for: monthly accounts by quarter
        ("2026-05", None, ("2026-05", None)),
        ("2026-Q2", "quarter", ("2026-Q2", "quarter")),
        ("not a period", None, ("not a period", None)),  # each account's build says what is wrong with it
    ],
)
def test_a_period_given_is_used_for_every_account(given: str, grain: str | None, expected: tuple[str, str]) -> None:
    assert review_period([], given, grain) == expected  # type: ignore[arg-type]


def test_accounts_that_do_not_load_are_left_to_their_own_build(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("account: [\n", encoding="utf-8")
    paths = [broken, EXAMPLES["brightloop-software"], EXAMPLES["meridian-health"]]
    assert review_period(paths, None, None) == ("2026-04", None)


def _copy(names: list[str], folder: Path) -> list[Path]:
    """Copy example scorecards with their actuals and notes into folder; return the scorecards."""
    for name in names:
        for part in ROOT.joinpath("scorecards").glob(f"{name}.*"):
            (folder / part.name).write_bytes(part.read_bytes())
    return [folder / f"{name}.yaml" for name in names]


def test_an_unchanged_portfolio_finds_its_period_without_loading_an_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards, out = tmp_path / "cards", tmp_path / "out"
    cards.mkdir()
    out.mkdir()
    paths = _copy(["brightloop-software", "meridian-health"], cards)
    assert review_period(paths, None, None, out=out) == ("2026-04", None)
    loaded: list[Path] = []
    real_load = kpicascade.loader.load

    def counting(path: Path, **kwargs: object) -> kpicascade.Scorecard:
        loaded.append(path)
        return real_load(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("kpicascade.loader.load", counting)
    assert review_period(paths, None, None, out=out) == ("2026-04", None)
    assert loaded == []
    # Meridian's actuals gain May for every metric it reports in April: only it is read again, and May is complete
    actuals = cards / "meridian-health.actuals.csv"
    lines = actuals.read_text(encoding="utf-8").splitlines()
    april = [line.replace(",2026-04,", ",2026-05,") for line in lines if ",2026-04," in line]
    assert april
    actuals.write_text("\n".join([*lines, *april]) + "\n", encoding="utf-8")
    assert review_period(paths, None, None, out=out) == ("2026-05", None)
    assert loaded == [paths[1]]
    # a quarterly account joins: both are scored by quarter, the grain each has not yet been kept in
    loaded.clear()
    paths += _copy(["northwind-components"], cards)
    assert review_period(paths, None, None, out=out)[1] == "quarter"
    assert sorted(p.name for p in loaded) == sorted(p.name for p in paths)


def test_a_damaged_record_of_periods_is_read_again_from_the_scorecards(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    paths = [EXAMPLES["brightloop-software"], EXAMPLES["meridian-health"]]
    for damaged in ("{", "[]", '{"tool": "x", "accounts": {}}', '{"accounts": {"a": 1}}'):
        (out / PERIODS).write_text(damaged, encoding="utf-8")
        assert review_period(paths, None, None, out=out) == ("2026-04", None)


def test_accounts_read_in_processes_give_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("account: [\n", encoding="utf-8")
    paths = [broken, *EXAMPLES.values()]
    monkeypatch.setattr("kpicascade.portfolio.review_period.PARALLEL_FROM", 2)
    kept = [tmp_path / "one", tmp_path / "two"]
    for folder in kept:
        folder.mkdir()
    assert review_period(paths, None, None, out=kept[0], jobs=1) == ("2026-Q1", "quarter")
    assert review_period(paths, None, None, out=kept[1], jobs=2) == ("2026-Q1", "quarter")
    assert json.loads((kept[0] / PERIODS).read_text()) == json.loads((kept[1] / PERIODS).read_text())
