"""Figures people read that recompute when an actual is typed: trend arrows, score display, coverage notes."""

from __future__ import annotations

from kpicascade.scoring.engine import ROLLUP
from kpicascade.workbook import formulas
from kpicascade.workbook.build_figures import TrendTerms
from kpicascade.workbook.cells import ref
from kpicascade.workbook.placement import ACTUAL, CALC, D_ACTUAL, SCORE, Layout


def _calc(lay: Layout, block: int, node: int) -> str:
    return ref(CALC, lay.calc_column(block, lay.result.t), lay.calc_row(node))


def _input(lay: Layout, node: int) -> str | None:
    home = lay.home.get(node)
    return ref(home[0], D_ACTUAL, home[1]) if home else None


def arrow(lay: Layout, node: int, terms: TrendTerms) -> str:
    """Return a node's trend arrow formula: the slope through its earlier reported scores and the live one."""
    score = _calc(lay, SCORE, node)
    reported = f"ISNUMBER({score})"
    typed = _input(lay, node)
    if typed is not None and lay.holds(node, lay.result.t):
        reported = f'AND({reported},{typed}<>"")'  # a held value is no new data point
    return formulas.trend_arrow(score, reported, terms.intercept, terms.rate, formulas.ARROW_GLYPHS[terms.earlier])


def thresholds(lay: Layout, node: int) -> tuple[float, float]:
    """Return a node's green and amber thresholds, as the engine judges its status."""
    cascade = lay.result.arrays.cascade
    return float(cascade.green[node]), float(cascade.amber[node])


def score(lay: Layout, node: int, block: int = SCORE) -> str:
    """Return a node's score (or own score) at the viewed period for people: never rounded across a threshold."""
    return formulas.shown_score(_calc(lay, block, node), thresholds(lay, node))


def coverage(lay: Layout, node: int) -> str | None:
    """Return a formula (or plain text) for what a node's figures rest on when incomplete, as data_marks, or None.

    "3 of 4 reported" and "held from the last report" follow the actual cells; a partial period's "2 of 3
    months" is the period's, as scored.
    """
    parts = []
    children = lay.scored_children.get(node, [])
    if children:
        block = ACTUAL if lay.result.arrays.cascade.rollup[node] == ROLLUP["sum"] else SCORE
        parts.append(formulas.reported_count([_calc(lay, block, c) for c in children], len(children)))
    typed = _input(lay, node)
    if typed is not None and lay.holds(node, lay.result.t):
        parts.append(formulas.held_note(typed, _calc(lay, ACTUAL, node)))
    partial = lay.result.node(lay.result.arrays.ids[node]).partial_mark
    if not parts:
        return partial or None  # nothing typed can change it: plain text
    if partial:
        parts.append('"' + partial.replace('"', '""') + '"')
    return formulas.joined(parts)
