"""Hostile names come out as their text: never DOT syntax, never markup, in the DOT source and in the SVG."""

from __future__ import annotations

import html

import pygraphviz
import pytest
from defusedxml import ElementTree

from kpicascade import diagram
from kpicascade.diagram._text import clean
from kpicascade.diagram.layout import lay_out
from tests.diagram.cards import HOSTILE, account, hostile

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
NODE_IDS = {n.id for n in account().nodes}
SIGNAL_NODES = {"signal.sig_wau", "signal.sig_dash"}


def _source(name: str, view: str = "cascade") -> str:
    source: str = diagram.render(hostile(name).score(), view, signals=True).source
    return source


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("view", ["cascade", "strategy"])
def test_dot_source_declares_only_our_nodes(name: str, view: str) -> None:
    parsed = pygraphviz.AGraph(string=_source(name, view))
    names = set(parsed.nodes())
    assert "evil" not in names
    assert "x" not in names
    assert names <= NODE_IDS | SIGNAL_NODES | {"legend"} | {
        f"band.{p}" for p in ("financial", "customer", "internal_process", "learning_growth")
    }


@pytest.mark.parametrize("name", HOSTILE)
def test_label_is_the_escaped_text(name: str) -> None:
    parsed = pygraphviz.AGraph(string=_source(name))
    label = parsed.get_node("kpi_arr").attr["label"]
    expected = html.escape(clean(name), quote=True).replace("\\", "\\\\").replace("\n", '<BR ALIGN="LEFT"/>')
    assert expected in label
    assert "<script>" not in label


def _svg_texts(svg: bytes, node: str) -> tuple[str, str]:
    """Return a node's visible text (lines joined by newlines) and its tooltip from the SVG."""
    root = ElementTree.fromstring(svg)
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == f"node-{node}")
    lines = ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]
    tip = next(a.get(XLINK_TITLE) or "" for a in group.iter(f"{SVG}a"))
    return "\n".join(lines), tip


@pytest.mark.dot
@pytest.mark.parametrize("engine", ["pygraphviz", "dot"])
@pytest.mark.parametrize("name", HOSTILE)
def test_svg_shows_the_name_as_text(name: str, engine: str) -> None:
    svg = lay_out(_source(name), "svg", engine)
    text, tip = _svg_texts(svg, "kpi_arr")
    assert f"\n{name}\n" in text
    assert tip.startswith(name + "\nKPI · ")
    assert f"Definition: {name} (unit: percent" in tip
    root = ElementTree.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert b"<script" not in svg


@pytest.mark.dot
@pytest.mark.parametrize("engine", ["pygraphviz", "dot"])
def test_svg_keeps_backslash_escapes_literal(engine: str) -> None:
    name = "a\\N b\\l c\\G d\\\\e\\"
    svg = lay_out(_source(name), "svg", engine)
    text, tip = _svg_texts(svg, "kpi_arr")
    assert name in text
    assert tip.split("\n")[0] == name
