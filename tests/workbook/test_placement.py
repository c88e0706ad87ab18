"""Where nodes go: each department sheet lists its objectives first, its cascade indented beneath them."""

from __future__ import annotations

from kpicascade.model import Node
from kpicascade.workbook.placement import department_rows, top_down


def _node(ident: str, kind: str, department: str) -> Node:
    return Node.model_validate({"id": ident, "name": ident, "kind": kind, "perspective": "p", "department": department})


def test_objectives_come_first_and_children_are_one_step_deeper_per_level() -> None:
    # exec objective <- finance kpi <- sales kpm <- sales mbo; sales has its own objective met later in the walk
    nodes = [
        _node("obj_exec", "objective", "exec"),
        _node("kpi_fin", "kpi", "finance"),
        _node("kpm_sales", "kpm", "sales"),
        _node("mbo_rep", "mbo", "sales"),
        _node("obj_sales", "objective", "sales"),
        _node("kpi_sales", "kpi", "sales"),
    ]
    children = {0: [1], 1: [2], 2: [3], 4: [5]}
    parents = {1: [0], 2: [1], 3: [2], 5: [4]}
    rows = department_rows(nodes, top_down(nodes, children, parents))
    names = {dept: [(nodes[n].id, depth) for n, depth in found] for dept, found in rows.items()}
    assert names == {
        "exec": [("obj_exec", 0)],
        "finance": [("kpi_fin", 0)],
        # the walk meets kpm_sales (under finance) first, yet the objective heads the sheet
        "sales": [("obj_sales", 0), ("kpi_sales", 1), ("kpm_sales", 0), ("mbo_rep", 1)],
    }
