"""The views as DOT source: nodes, clusters, bands, links, labels and legend, without a layout engine."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import kpicascade
from kpicascade import diagram
from kpicascade.diagram import palette
from kpicascade.scoring import Result
from tests.diagram.cards import account, large


def _statement(source: str, node_id: str) -> str:
    """Return the DOT statement that declares node_id."""
    match = re.search(rf"^\s*{re.escape(node_id)} \[.*?\]$", source, re.M | re.S)
    assert match, f"{node_id} not declared"
    return match.group(0)


@pytest.mark.parametrize(
    ("node_id", "status"),
    [
        ("obj_grow", "amber"),
        ("obj_keep", "red"),
        ("kpi_arr", "green"),
        ("kpi_nps", "no data"),
        ("kpm_ttv", "red"),
        ("mbo_qbr", "amber"),
    ],
)
def test_nodes_carry_their_status_in_colour_glyph_and_word(scored: Result, node_id: str, status: str) -> None:
    look = palette.style(status)
    line = _statement(diagram.cascade(scored).source, node_id)
    assert f'BGCOLOR="{look.fill}"' in line
    assert f'COLOR="{look.colour}"' in line
    assert look.badge in line
    assert f'id="node-{node_id}"' in line


@pytest.mark.parametrize(
    ("node_id", "text"),
    [
        ("kpi_arr", "14.5% vs target 15.0%"),
        ("kpi_arr", "progress 95% · score 95%"),
        ("kpm_ttv", "52 days vs target 20 days"),
        ("obj_grow", "score 77% from 2 contributing"),
        ("mbo_qbr", "Owner: Ana Lima, CSM lead"),
        ("kpi_churn", "★ MOMENT OF TRUTH"),
        ("kpi_nps", f"{palette.DASH} vs target 40"),
    ],
)
def test_labels_show_figures_owner_and_moment_of_truth(scored: Result, node_id: str, text: str) -> None:
    assert text in _statement(diagram.cascade(scored).source, node_id)


def test_owner_is_shown_on_mbos_only(scored: Result) -> None:
    assert "Owner:" not in _statement(diagram.cascade(scored).source, "kpi_arr").split("tooltip=")[0]


def test_tooltip_holds_the_metric_definition_and_source(scored: Result) -> None:
    line = _statement(diagram.cascade(scored).source, "kpi_arr")
    assert 'tooltip="ARR growth\nKPI · Finance · Financial\nDefinition: ARR now / ARR a year ago - 1' in line
    assert "Source: Billing" in line


def test_cascade_clusters_by_department(scored: Result) -> None:
    source = diagram.cascade(scored).source
    for dept, members in {
        "exec": ["obj_grow", "obj_keep"],
        "finance": ["kpi_arr"],
        "cs": ["kpi_churn", "kpi_nps", "kpm_ttv", "mbo_qbr"],
    }.items():
        block = source.split(f"subgraph cluster_dept_{dept} {{")[1].split("}")[0]
        assert all(f"\t\t{m} [" in block for m in members)


@pytest.mark.parametrize(
    ("edge", "style"),
    [
        ("kpi_arr -> obj_grow", 'label=<<FONT POINT-SIZE="9" COLOR="#555555">w 2</FONT>>'),
        ("kpm_ttv -> kpi_nps", "style=dotted"),
        ("obj_keep -> obj_grow [arrowhead=vee", f'color="{palette.DRIVES}"'),
    ],
)
def test_links_by_kind(scored: Result, edge: str, style: str) -> None:
    lines = [line for line in diagram.cascade(scored).source.splitlines() if edge in line]
    assert any(style in line for line in lines), lines


def test_signals_overlay_is_dashed_side_nodes(scored: Result) -> None:
    source = diagram.cascade(scored, signals=True).source
    assert 'id="signal-sig_wau"' in source
    assert "◆ USAGE SIGNAL" in source
    assert "170 users in 2025-Q4 (+13% on previous)" in source
    edge = next(line for line in source.splitlines() if line.strip().startswith('"signal.sig_wau" -> kpi_churn'))
    assert "style=dashed" in edge
    assert f"{palette.MINUS} lag 1" in edge
    assert "signal." not in diagram.cascade(scored, signals=False).source


def test_signal_to_a_hidden_node_goes_to_its_nearest_shown_ancestor(scored: Result) -> None:
    source = diagram.cascade(scored, signals=True, depth=1).source
    edge = next(line for line in source.splitlines() if line.strip().startswith('"signal.sig_dash" ->'))
    assert edge.strip().startswith('"signal.sig_dash" -> obj_keep')
    assert "via CSMs: QBR with every account" in edge


def test_strategy_map_stacks_perspective_bands_financial_on_top(scored: Result) -> None:
    source = diagram.strategy_map(scored).source
    assert "rankdir=BT" in source
    chain = re.findall(r'"band\.(\w+)" -> "band\.(\w+)" \[style=invis', source)
    assert chain == [
        ("learning_growth", "internal_process"),
        ("internal_process", "customer"),
        ("customer", "financial"),
    ]
    financial = source.split("subgraph cluster_perspective_financial {")[1].split("}")[0]
    assert "rank=same" in source
    assert "obj_grow [" in financial
    assert "kpi_arr" not in source.split("subgraph cluster_perspective_financial")[1]


def test_strategy_map_draws_drives_as_cause_and_effect(scored: Result) -> None:
    source = diagram.strategy_map(scored).source
    assert f'obj_keep -> obj_grow [arrowhead=vee arrowsize=1 color="{palette.DRIVES}"' in source


def test_department_view_shows_the_objectives_it_serves_muted(scored: Result) -> None:
    source = diagram.department(scored, "finance").source
    assert "kpi_arr [" in source
    assert 'BGCOLOR="#FFFFFF"' in _statement(source, "obj_grow")  # muted context
    assert "kpi_churn" not in source
    assert "Finance, 2025-Q4" in source


def test_department_view_of_unknown_department(scored: Result) -> None:
    with pytest.raises(KeyError, match="no department 'nope'"):
        diagram.department(scored, "nope")


def test_departments_gives_one_page_each(scored: Result) -> None:
    assert sorted(diagram.departments(scored)) == ["cs", "exec", "finance"]


def test_legend_lists_statuses_with_thresholds(scored: Result) -> None:
    legend = _statement(diagram.cascade(scored, signals=True).source, "legend")
    for text in (
        "✔ ON TRACK",
        "score 90% or more",
        "▲ AT RISK",
        "score 70% to 90%",
        "✖ OFF TRACK",
        "○ NO DATA",
        "moment of truth",
        "drives (cause and effect)",
        "usage signal",
    ):
        assert text in legend


def test_collapsed_overview_counts_hidden_nodes_by_status(scored: Result) -> None:
    source = diagram.cascade(scored, depth=1).source
    assert "mbo_qbr" not in source
    assert "▾ 4 more below: ▲ 1  ✖ 2  ○ 1" in _statement(source, "obj_keep")
    assert "more below" not in _statement(source, "kpi_arr")
    assert "overview to depth 1 (3 of 7 nodes)" in source


def test_large_cascade_becomes_an_overview_automatically() -> None:
    card = large(objectives=12, fan=4, levels=3)  # 12 * (1 + 4 + 16 + 64) = 1,020 nodes
    source = diagram.cascade(card.score()).source
    assert len(card.nodes) > diagram.READABLE
    assert "overview to depth 2 (252 of 1,020 nodes)" in source
    assert source.count('id="node-') == 252
    assert "▾ 4 more below" in source


def test_views_are_deterministic(scored: Result) -> None:
    for view in ("cascade", "strategy"):
        assert diagram.render(scored, view, signals=True).source == diagram.render(scored, view, signals=True).source


def _department(result: Result, dept: str) -> str:
    source: str = diagram.department(result, dept).source
    return source


def test_a_view_is_the_same_drawn_alone_or_after_the_others(scored: Result) -> None:
    # the views of one result share figures and node labels; what another view made first must not show
    views: dict[str, Callable[[Result], str]] = {
        "cascade": lambda r: diagram.cascade(r, signals=True).source,
        "overview": lambda r: diagram.cascade(r, depth=0).source,
        "strategy": lambda r: diagram.strategy_map(r).source,
        **{d: functools.partial(_department, dept=d) for d in diagram.departments(scored)},
    }
    assert len(views) > 4
    after = {name: draw(scored) for name, draw in views.items()}
    for name, draw in views.items():
        assert draw(scored.at(scored.period)) == after[name], name


def test_examples_render_every_node(example_path: object) -> None:
    import kpicascade

    result = kpicascade.load(example_path).score()  # type: ignore[arg-type]
    source = diagram.cascade(result, signals=True).source
    assert all(f'id="node-{n.id}"' in source for n in result.card.nodes)


def test_unknown_view(scored: Result) -> None:
    with pytest.raises(ValueError, match="unknown view 'pie'"):
        diagram.render(scored, "pie")


RULES = Path(__file__).resolve().parents[1] / "workbook" / "cards" / "rules.yaml"


def test_an_incomplete_roll_up_and_a_partial_period_are_drawn() -> None:
    source = diagram.cascade(kpicascade.load(RULES).score()).source
    assert "3 of 4 reported" in _statement(source, "kpi_quota")
    assert "reported" not in _statement(source, "obj_second")  # all three of its children reported
    assert "from 3 contributing" in _statement(source, "obj_zero")  # its align-only link contributes nothing
    by_quarter = diagram.cascade(kpicascade.load(RULES).score("2026-Q2", grain="quarter")).source
    assert "2026-Q2 (to date: 2 of 3 months)" in by_quarter


def test_an_overview_draws_no_more_signals_than_its_budget_holds_and_says_how_many_it_left_out(
    scored: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    # depth 1 shows 3 nodes; both signals reach one shown node each (obj_keep, through hidden nodes)
    both = diagram.cascade(scored, depth=1, signals=True).source
    assert ('id="signal-sig_wau"' in both, 'id="signal-sig_dash"' in both) == (True, True)
    assert "usage signals left out" not in both
    monkeypatch.setattr("kpicascade.diagram.views.OVERVIEW", 4)  # room for one signal beside the 3 nodes
    one = diagram.cascade(scored, depth=1, signals=True).source
    assert ('id="signal-sig_wau"' in one, 'id="signal-sig_dash"' in one) == (True, False)  # a tie: the first listed
    assert "1 of 2 usage signals left out" in one
    assert one.count("signal.sig_dash") == 0  # no edge either
    monkeypatch.setattr("kpicascade.diagram.views.OVERVIEW", 3)
    none = diagram.cascade(scored, depth=1, signals=True).source
    assert "2 of 2 usage signals left out" in none
    assert 'class="signal"' not in none
    assert "usage signal" not in _statement(none, "legend")  # the legend names only what is drawn
    assert "usage signal" in _statement(one, "legend")


def test_only_a_cascade_past_a_readable_page_bounds_graphvizs_layout_passes() -> None:
    big = large(objectives=12, fan=4, levels=3)  # 1,020 nodes
    whole = diagram.cascade(big.score(), depth=3).source  # every node drawn
    assert whole.count('id="node-') == 1020
    assert "nslimit=1" in whole
    assert "nslimit1=1" in whole
    for drawn in (diagram.cascade(big.score()).source, diagram.cascade(account().score(), signals=True).source):
        assert "nslimit" not in drawn  # an overview of 252 nodes, a small cascade: laid out as before
