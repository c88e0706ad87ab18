"""Graphviz's layout run in worker processes: the pages they read, the answers they write, workers that stop."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest

from kpicascade import RenderError
from kpicascade.layout_engines import Workers, in_process, serve

PAGES = [
    'digraph a { x [label="one"]; x -> y }',
    "digraph b { rankdir=LR; p -> q -> r; p -> r [style=dotted] }",
    "digraph c { m [label=<<b>bold</i>>] }",  # a mismatched tag: Graphviz says so and lays it out anyway
]


def _asked(fmt: str, source: str) -> bytes:
    data = source.encode()
    return b"%s %d\n" % (fmt.encode(), len(data)) + data


def _answers(raw: bytes) -> list[tuple[int, bytes, str]]:
    stream, out = io.BytesIO(raw), []
    while head := stream.readline().split():
        ok, size, told = (int(x) for x in head)
        out.append((ok, stream.read(size), stream.read(told).decode()))
    return out


@pytest.mark.dot
def test_a_worker_answers_each_page_as_in_process_does() -> None:
    pages = io.BytesIO(b"".join(_asked("svg", s) for s in PAGES) + _asked("nope", PAGES[0]))
    out = io.BytesIO()
    serve(pages, out)
    answers = _answers(out.getvalue())
    assert [(ok, data, said) for ok, data, said in answers[:3]] == [(1, *in_process(s, "svg")) for s in PAGES]
    assert "mismatched tag" in answers[2][2]
    ok, message, _ = answers[3]
    assert ok == 0
    assert b"could not write nope" in message


@pytest.mark.dot
def test_workers_shared_by_threads_give_what_in_process_gives() -> None:
    workers = Workers(2)
    try:
        with ThreadPoolExecutor(3) as pool:
            got = list(pool.map(workers.lay_out, PAGES * 3, ["svg"] * 9))
    finally:
        workers.close()
    assert got == [in_process(s, "svg") for s in PAGES * 3]


@pytest.mark.dot
def test_a_page_that_cannot_be_read_fails_that_page_only() -> None:
    workers = Workers(1)
    try:
        with pytest.raises(RenderError, match=r"internal error \(DotError"):
            workers.lay_out("digraph { a -> ", "svg")
        assert workers.lay_out(PAGES[0], "svg") == in_process(PAGES[0], "svg")
    finally:
        workers.close()


@pytest.mark.dot
def test_a_worker_that_dies_fails_its_page_with_a_render_error() -> None:
    workers = Workers(1)
    try:
        workers._all[0].kill()
        with pytest.raises(RenderError, match=r"layout process stopped before it finished \(exit -9\)"):
            workers.lay_out(PAGES[0], "svg")
    finally:
        workers.close()


def test_workers_end_when_their_input_closes() -> None:
    workers = Workers(2)
    workers.close()
    assert [proc.returncode for proc in workers._all] == [0, 0]
