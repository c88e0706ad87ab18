"""Laying out and writing diagrams: engines, formats, the fallback without an engine, byte-identical SVG."""

from __future__ import annotations

import html
import multiprocessing as mp
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pygraphviz
import pytest
from defusedxml import ElementTree

from kpicascade import MissingDependencyError, RenderError, diagram
from kpicascade.diagram import files, layout, palette
from kpicascade.diagram.layout import lay_out
from kpicascade.layout_engines import Workers
from kpicascade.scoring import Result

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend neither pygraphviz nor the dot program is installed."""
    monkeypatch.setattr(layout, "_has_pygraphviz", lambda: False)
    monkeypatch.setattr("shutil.which", lambda name: None)


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.svg", "svg"), ("a.PNG", "png"), ("a.pdf", "pdf"), ("a.dot", "dot"), ("a.gv", "dot")]
)
def test_format_follows_the_suffix(name: str, fmt: str) -> None:
    assert files.format_of(Path(name)) == fmt


@pytest.mark.parametrize("name", ["a.txt", "a", "a.svgz"])
def test_unknown_suffix(name: str) -> None:
    with pytest.raises(ValueError, match=r"write a diagram as \.svg, \.png, \.pdf or \.dot"):
        files.format_of(Path(name))


def test_dot_needs_no_engine(scored: Result, tmp_path: Path, no_engine: None) -> None:
    graph = diagram.cascade(scored)
    path = files.save(graph, tmp_path / "plan.dot")
    assert path.read_text(encoding="utf-8") == graph.source


def test_without_an_engine_the_dot_file_is_written_and_the_message_says_what_to_install(
    scored: Result, tmp_path: Path, no_engine: None
) -> None:
    graph = diagram.cascade(scored)
    with pytest.raises(MissingDependencyError) as caught:
        files.save(graph, tmp_path / "plan.svg")
    assert "pip install pygraphviz" in str(caught.value)
    assert "apt-get install graphviz" in str(caught.value)
    assert str(tmp_path / "plan.dot") in str(caught.value)
    assert (tmp_path / "plan.dot").read_text(encoding="utf-8") == graph.source
    assert not (tmp_path / "plan.svg").exists()


@pytest.mark.parametrize(
    ("asked", "message"), [("dot", "apt-get install graphviz"), ("pygraphviz", "pip install pygraphviz")]
)
def test_asking_for_a_missing_engine(asked: str, message: str, no_engine: None) -> None:
    with pytest.raises(MissingDependencyError, match=message):
        layout.pick(asked)


def test_engines_prefer_pygraphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "_has_pygraphviz", lambda: True)
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/dot")
    assert layout.available() == ["pygraphviz", "dot"]
    assert layout.pick() == "pygraphviz"
    monkeypatch.setattr(layout, "_has_pygraphviz", lambda: False)
    assert layout.pick("auto") == "dot"


def test_unknown_engine_and_format() -> None:
    with pytest.raises(ValueError, match="unknown layout engine"):
        layout.pick("neato")
    with pytest.raises(ValueError, match="unknown diagram format"):
        lay_out("digraph {}", "gif")


def test_a_failed_write_leaves_the_old_file(scored: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.svg"
    target.write_text("old")

    def broken(source: str, fmt: str, engine: str | None = None) -> bytes:
        raise RenderError("dot failed")

    monkeypatch.setattr(files, "lay_out", broken)
    with pytest.raises(RenderError):
        files.save(diagram.cascade(scored), target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.svg"]


@pytest.mark.dot
@pytest.mark.parametrize("engine", ["pygraphviz", "dot"])
def test_svg_has_every_node_coloured_as_its_status(scored: Result, engine: str) -> None:
    svg = lay_out(diagram.cascade(scored, signals=True).source, "svg", engine)
    root = ElementTree.fromstring(svg)
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith("node")}
    for node in scored.nodes():
        group = groups[f"node-{node.id}"]
        fills = {e.get("fill", "").upper() for e in group.iter() if e.get("fill")}
        assert palette.style(node.status).fill in fills, (node.id, node.status, fills)
    assert {"signal-sig_wau", "signal-sig_dash", "legend"} <= set(groups)


@pytest.mark.dot
@pytest.mark.parametrize("engine", ["pygraphviz", "dot"])
def test_svg_is_byte_identical_run_to_run(scored: Result, engine: str) -> None:
    first = lay_out(diagram.cascade(scored, signals=True).source, "svg", engine)
    again = lay_out(diagram.cascade(scored, signals=True).source, "svg", engine)
    assert first == again


@pytest.mark.dot
def test_svg_comments_name_only_the_engine_and_graph_elements(scored: Result) -> None:
    graph = diagram.cascade(scored, signals=True)
    parsed = pygraphviz.AGraph(string=graph.source)
    names = (
        set(parsed.nodes())
        | {f"{u}->{v}" for u, v in parsed.edges()}
        | {sub.name for sub in parsed.subgraphs_iter()}
        | {graph.name}
    )
    svg = lay_out(graph.source, "svg").decode()
    comments = [html.unescape(c).strip() for c in re.findall(r"<!--(.*?)-->", svg, re.S)]
    assert comments[0].startswith("Generated by graphviz version")
    assert comments[1] == f"Title: {graph.name} Pages: 1"
    assert set(comments[2:]) <= names


@pytest.mark.dot
@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF")])
def test_save_writes_each_format(scored: Result, tmp_path: Path, suffix: str, magic: bytes) -> None:
    path = files.save(diagram.strategy_map(scored, signals=True), tmp_path / f"map{suffix}")
    assert path.read_bytes().startswith(magic)


@pytest.mark.dot
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads Linux's map of loaded libraries")
def test_in_process_layout_uses_only_the_wheels_graphviz(scored: Result) -> None:
    source = diagram.cascade(scored, signals=True).source
    for fmt in ("svg", "png", "pdf"):
        lay_out(source, fmt, "pygraphviz")
    loaded = {line.split()[-1] for line in Path("/proc/self/maps").read_text().splitlines() if ".so" in line}
    graphviz_libs = {p for p in loaded if re.search(r"lib(gvc|cgraph|cdt|pathplan|gvplugin_\w+)[-.]", Path(p).name)}
    assert {Path(p).name.split("-")[0] for p in graphviz_libs} >= {
        "libgvc",
        "libgvplugin_core",
        "libgvplugin_dot_layout",
        "libgvplugin_pango",
    }
    assert all("/pygraphviz.libs/" in p for p in graphviz_libs), graphviz_libs


def _pages(result: Result) -> list[tuple[str, str]]:
    """Return every view of the result as (name, DOT source): the cascade, the strategy map, each department."""
    views = {"cascade": diagram.cascade(result, signals=True), "map": diagram.strategy_map(result, signals=True)}
    return [(k, g.source) for k, g in {**views, **diagram.departments(result, signals=True)}.items()]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the worker processes each lay_out_all starts (how many at once), and lay out pages at any size."""
    counts: list[int] = []

    class Counted(Workers):
        def __init__(self, count: int) -> None:
            counts.append(count)
            super().__init__(count)

    monkeypatch.setattr(layout, "Workers", Counted)
    monkeypatch.setattr(layout, "PARALLEL_FROM", 0)
    return counts


@pytest.mark.dot
@pytest.mark.parametrize("engine", ["pygraphviz", "dot"])
def test_pages_laid_out_at_once_are_those_laid_out_one_by_one(scored: Result, engine: str, started: list[int]) -> None:
    pages = _pages(scored)
    got = list(layout.lay_out_all(pages, "svg", engine, jobs=2))
    assert [k for k, _ in got] == [k for k, _ in pages]
    assert [d for _, d in got] == [lay_out(s, "svg", engine) for _, s in pages]
    # pygraphviz: two worker processes for the six pages; the dot program: one process a page, from two threads
    assert started == ([2] if engine == "pygraphviz" else [])


@pytest.mark.dot
@pytest.mark.parametrize(("threshold", "jobs"), [(layout.PARALLEL_FROM, 2), (0, 1)])
def test_small_pages_or_one_job_are_laid_out_here(
    scored: Result, monkeypatch: pytest.MonkeyPatch, started: list[int], threshold: int, jobs: int
) -> None:
    pages = _pages(scored)
    assert sum(len(s) for _, s in pages) < threshold or jobs == 1
    monkeypatch.setattr(layout, "PARALLEL_FROM", threshold)
    got = list(layout.lay_out_all(pages, "svg", "pygraphviz", jobs=jobs))
    assert got == [(k, lay_out(s, "svg")) for k, s in pages]
    assert started == []


@pytest.mark.dot
def test_a_page_that_fails_in_a_worker_fails_at_its_turn(scored: Result, started: list[int]) -> None:
    pages = [*_pages(scored)[:2], ("broken", "digraph { a -> "), *_pages(scored)[2:]]
    laid = layout.lay_out_all(pages, "svg", "pygraphviz", jobs=2)
    assert [next(laid)[0], next(laid)[0]] == ["cascade", "map"]
    with pytest.raises(RenderError, match="Invalid Input"):
        next(laid)
    assert started == [2]


@pytest.mark.dot
def test_what_graphviz_says_in_a_worker_is_a_warning_here(started: list[int]) -> None:
    pages = [("fine", "digraph { a -> b }"), ("mismatched", "digraph { m [label=<<b>bold</i>>] }")]
    with pytest.warns(RuntimeWarning, match="mismatched tag"):
        assert [k for k, _ in layout.lay_out_all(pages, "svg", "pygraphviz", jobs=2)] == ["fine", "mismatched"]


def test_dot_pages_need_no_engine(no_engine: None) -> None:
    assert list(layout.lay_out_all([("a", "digraph {}")], "dot")) == [("a", b"digraph {}")]


def test_one_job_inside_a_worker_process() -> None:
    # a portfolio build runs one worker per core: a layout inside one must not start more
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        assert pool.submit(layout.default_jobs).result() == 1
    assert layout.default_jobs() >= 1


@pytest.mark.dot
def test_save_all_writes_what_save_writes(scored: Result, tmp_path: Path, started: list[int]) -> None:
    graphs = [(tmp_path / f"{k}.svg", g) for k, g in diagram.departments(scored).items()]
    assert list(files.save_all(graphs, jobs=2)) == [p for p, _ in graphs]
    assert started == [2]
    for path, graph in graphs:
        assert path.read_bytes() == lay_out(graph.source, "svg")


def test_save_all_without_an_engine_writes_every_dot_and_says_what_to_install(
    scored: Result, tmp_path: Path, no_engine: None
) -> None:
    graphs = [(tmp_path / f"{k}.svg", g) for k, g in diagram.departments(scored).items()]
    written: list[Path] = []
    with pytest.raises(MissingDependencyError, match="pip install pygraphviz") as caught:
        written.extend(files.save_all(graphs))
    assert written == [p.with_suffix(".dot") for p, _ in graphs]
    assert f"the diagram sources are beside them in {tmp_path}" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)


def test_save_all_writes_one_format(scored: Result, tmp_path: Path) -> None:
    graph = diagram.cascade(scored)
    with pytest.raises(ValueError, match=r"every diagram written together is \.dot"):
        list(files.save_all([(tmp_path / "a.dot", graph), (tmp_path / "b.svg", graph)]))
