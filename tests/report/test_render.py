"""The HTML account plan: complete, self-contained, escaped, overridable."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kpicascade
from kpicascade import RenderError, diagram, report
from kpicascade.diagram.layout import lay_out
from tests.diagram.cards import HOSTILE, account, hostile


class _Tags(HTMLParser):
    """Collect every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def _is_self_contained(page: str) -> None:
    parsed = _parse(page)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "image", "use", "foreignobject"}
    for _, attrs in parsed.tags:
        assert not any(k.startswith("on") for k in attrs), attrs
        assert not any(k in {"src", "xlink:href", "srcset", "action"} for k in attrs), attrs
        assert attrs.get("href") is None or (attrs["href"] or "").startswith("#")
    assert not re.search(r"url\(|@import|https?://(?!www\.w3\.org/)", page)


def test_report_holds_every_section_and_objective() -> None:
    result = account().score()
    page = report.render(result)
    for name in [n.name for n in result.card.nodes if n.kind in ("objective", "kpi")]:
        assert name in page
    for section in ("moments", "cascade", "scorecard", "value", "showstoppers", "signals", "findings"):
        assert f'<section id="{section}"' in page
    assert page.index('id="moments"') < page.index('id="scorecard"')
    assert "Content-Security-Policy" in page
    assert "@media print" in page
    _is_self_contained(page)


def test_report_is_deterministic() -> None:
    assert report.render(account().score()) == report.render(account().score())


@pytest.mark.dot
def test_example_reports_embed_the_diagram(example_path: Path) -> None:
    result = kpicascade.load(example_path).score()
    svg = lay_out(diagram.cascade(result, signals=True).source, "svg")
    page = report.render(result, diagram_svg=svg)
    assert page.count("<svg") > 1
    assert 'aria-label="Cascade of' in page
    _is_self_contained(page)
    for node in result.card.nodes:
        if node.kind == "objective":
            assert _parse(page).text.count(node.name) >= 1


@pytest.mark.dot
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_is_text(name: str) -> None:
    result = hostile(name).score()
    svg = lay_out(diagram.cascade(result, signals=True).source, "svg")
    page = report.render(result, diagram_svg=svg)
    _is_self_contained(page)
    assert "<script>alert" not in page
    text = "".join(_parse(page).text)
    assert name.split("\n")[0] in text
    assert "49" not in text  # the {{ 7*7 }} name was not evaluated as a template


def test_no_diagram_says_what_to_install() -> None:
    page = report.render(account().score())
    assert "pip install pygraphviz" in page


def test_company_templates_override_ours(tmp_path: Path) -> None:
    (tmp_path / "report.css").write_text("body { color: #123456; } /* brand */", encoding="utf-8")
    page = report.render(account().score(), templates=tmp_path)
    assert "#123456" in page
    assert "Moments of truth" in page  # the rest still comes from ours


def test_company_templates_are_autoescaped_and_sandboxed(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text("<h1>{{ r.account }}</h1>{{ r.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(RenderError, match="the report template failed"):
        report.render(hostile("<b>x</b>").score(), templates=tmp_path)
    (tmp_path / "report.html.j2").write_text("<h1>{{ r.account }}</h1><p>{{ r.moments[0].name }}</p>", encoding="utf-8")
    assert (
        report.render(hostile("<b>x</b>").score(), templates=tmp_path)
        == "<h1>Acme Analytics</h1><p>&lt;b&gt;x&lt;/b&gt;</p>"
    )


def test_broken_template_is_a_render_error(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(RenderError, match=r"report\.html\.j2:1"):
        report.render(account().score(), templates=tmp_path)


RULES = Path(__file__).resolve().parents[1] / "workbook" / "cards" / "rules.yaml"


def _row_text(page: str, node_id: str) -> str:
    """Return the text of a node's row, read from the page's HTML."""
    start = page.index(f'id="row-{node_id}"')
    return "".join(_parse(page[start : page.index("</tr>", start)]).text)


def test_incomplete_roll_ups_and_held_values_are_marked() -> None:
    page = report.render(kpicascade.load(RULES).score())
    assert "3 of 4 reported" in _row_text(page, "kpi_quota")
    assert "held from the last report" in _row_text(page, "kpi_nps")
    assert "reported" not in _row_text(page, "obj_second")  # all three of its children reported


def test_a_partial_quarter_is_marked_in_the_report() -> None:
    page = report.render(kpicascade.load(RULES).score("2026-Q2", grain="quarter"))
    assert "2026-Q2 (to date: 2 of 3 months)" in "".join(_parse(page).text)
