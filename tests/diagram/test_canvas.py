"""Marks on nodes: open actions (next due date, or overdue) and the note for the period, in label and tooltip."""

from __future__ import annotations

from pathlib import Path

import pygraphviz
import pytest

import kpicascade
from kpicascade import diagram

NORTHWIND = Path(__file__).resolve().parents[2] / "scorecards" / "northwind-components.yaml"


@pytest.fixture(scope="module")
def graph() -> pygraphviz.AGraph:
    """Northwind's cascade at 2026-Q3, parsed back from its DOT source."""
    return pygraphviz.AGraph(string=diagram.cascade(kpicascade.load(NORTHWIND).score()).source)


@pytest.mark.parametrize(
    ("node_id", "mark"),
    [
        # certify_cohort_3 (due 30 November) is open and not late at the end of September.
        ("kpi_planner_certification", "▶ 1 open action</B> · next due 2026-11-30"),
        # finite_scheduling was due 31 August and is still in progress.
        ("kpm_schedule_adherence", "▶ 1 open action</B> · OVERDUE since 2026-08-31"),
        # supplier_collaboration moves both the KPM and the buyers' MBO.
        ("mbo_buyers_supplier_otd", "▶ 1 open action</B> · next due 2026-12-15"),
    ],
)
def test_open_actions_are_marked(graph: pygraphviz.AGraph, node_id: str, mark: str) -> None:
    node = graph.get_node(node_id)
    assert mark in node.attr["label"]
    assert "has-actions" in node.attr["class"]


def test_done_actions_leave_no_mark(graph: pygraphviz.AGraph) -> None:
    node = graph.get_node("mbo_inside_sales_promise")  # promise_dates_live is done
    assert "open action" not in node.attr["label"]
    assert "has-actions" not in node.attr["class"]


def test_note_in_label_and_tooltip(graph: pygraphviz.AGraph) -> None:
    node = graph.get_node("kpi_otif")
    assert "✎ Best quarter on record" in node.attr["label"]
    assert "Note (2026-Q3): Best quarter on record" in node.attr["tooltip"]
    assert "(Dana Ruiz)" in node.attr["tooltip"]


def test_actions_in_the_tooltip(graph: pygraphviz.AGraph) -> None:
    tip = graph.get_node("kpm_time_to_fill").attr["tooltip"]
    assert "Action: Open a shared planner talent pool with the Brno technical university" in tip
    assert "due 2026-09-15, blocked" in tip


def test_legend_explains_the_marks(graph: pygraphviz.AGraph) -> None:
    label = graph.get_node("legend").attr["label"]
    assert "open actions in the account plan" in label
    assert "a note on the figure for the period" in label
    assert "objective of the account's own customer" in label
