"""The HTML account plan: complete, self-contained, escaped, overridable."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kpicascade
from kpicascade import RenderError, diagram, report
from kpicascade.diagram import palette
from kpicascade.diagram.layout import lay_out
from kpicascade.format import percent
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
    assert not re.search(r"\b49\b", text)  # the {{ 7*7 }} name was not evaluated as a template


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


_NORTHWIND = Path(__file__).resolve().parents[2] / "scorecards" / "northwind-components.yaml"


def _dom(page: str) -> object:
    import lxml.html  # type: ignore[import-untyped]

    return lxml.html.fromstring(page)


def test_next_steps_by_due_date_with_overdue_and_done() -> None:
    page = _dom(report.render(kpicascade.load(_NORTHWIND).score()))
    rows = page.xpath('//section[@id="plan"]//tr[contains(@class, "plan-item")]')  # type: ignore[attr-defined]
    # Open items by due date; done (promise_dates_live) is listed apart. At 2026-Q3 (ends 30 September),
    # finite_scheduling (due 31 August) and the talent pool (due 15 September) are overdue.
    assert [r.get("id") for r in rows] == [
        "plan-finite_scheduling",
        "plan-planner_hiring_pool",
        "plan-expedite_review",
        "plan-certify_cohort_3",
        "plan-supplier_collaboration",
    ]
    assert [("overdue" in r.get("class")) for r in rows] == [True, True, False, False, False]
    assert rows[1].xpath("string(td[2])") == "blocked"
    assert "Time to fill planning roles to 50 days by 2026-Q4" in rows[1].text_content()
    assert "Priya Nair, Head of People & Learning" in rows[1].xpath("string(td[4])")
    done = page.xpath('string(//section[@id="plan"]//p[@class="done-list"])')  # type: ignore[attr-defined]
    assert "System-confirmed delivery dates on every quote" in done


def test_notes_and_open_actions_beside_each_figure() -> None:
    page = _dom(report.render(kpicascade.load(_NORTHWIND).score()))
    row = page.xpath('//tr[@id="row-kpi_planner_certification"]')[0]  # type: ignore[attr-defined]
    quote = row.xpath('.//blockquote[@class="note-text"]')[0]
    assert quote.text_content().startswith("“Cohort 2 exams moved to October")
    assert quote.xpath("string(cite)") == "Priya Nair"
    actions = [li.text_content() for li in row.xpath('.//ul[@class="node-actions"]/li')]
    assert actions == [
        "▶ Run the third Lattice Certified Planner cohort (12 planners, Lyon and Brno) "
        "(Sofie Lindqvist, Lattice customer success, due 2026-11-30, in progress)"
    ]
    card = page.xpath('//section[@id="moments"]//article[.//h3[contains(., "OTIF")]]')[0]  # type: ignore[attr-defined]
    assert "Best quarter on record" in card.text_content()


def test_customers_section() -> None:
    result = kpicascade.load(_NORTHWIND).score()
    page = _dom(report.render(result))
    rows = page.xpath('//section[@id="customers"]//tr[@class="customer"]')  # type: ignore[attr-defined]
    assert [r.xpath("string(td[2]/strong)") for r in rows] == ["Helios Wind Systems", "Voltara Rail"]
    assert rows[0].xpath("string(td[2])") == "Helios Wind Systems: Keep turbine fleet availability above 97%"
    # The rendering of the engine's figures: each serving node's badge, name and score.
    shown = [(li.xpath("string(span[1])"), li.xpath("string(span[2])")) for li in rows[0].xpath(".//li")]
    expected = [result.node(i) for i in ("kpi_otif", "kpi_lead_time")]
    assert shown == [(palette.style(n.status).badge, percent(n.score)) for n in expected]
    assert [li.xpath("string(span[1]/following-sibling::text()[1])").strip() for li in rows[0].xpath(".//li")] == [
        "OTIF / DIFOT (delivered in full, on time)",
        "Order-to-delivery lead time",
    ]


def test_notes_and_plan_text_stay_text(tmp_path: Path) -> None:
    card = kpicascade.load(_NORTHWIND)
    evil = "<script>alert(1)</script>"
    plan = [card.plan[0].model_copy(update={"action": evil, "owner": evil})]
    notes = card.notes.model_copy(update={"rows": [card.commentary[0].model_copy(update={"text": evil})]})
    hostile_card = card.model_copy(update={"plan": plan, "notes": notes})
    hostile_card.set_file_notes([], [])
    page = report.render(hostile_card.score())
    _is_self_contained(page)
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3


def test_brand_css_is_added_after_ours_and_ours_stays(tmp_path: Path) -> None:
    (tmp_path / "brand.css").write_text(":root { --accent: #7a0019; }\nh1 { color: #0a0b0c; }\n", encoding="utf-8")
    page = _dom(report.render(account().score(), templates=tmp_path))
    styles = page.xpath("//head/style")  # type: ignore[attr-defined]
    assert len(styles) == 1
    css = styles[0].text_content()
    ours = css.index(".cover { background: var(--accent)")  # a rule of report.css
    page_box = css.index("@page {\n  size: A4;")  # the template's own page rule
    brand = css.index("h1 { color: #0a0b0c; }")
    assert ours < page_box < brand  # layered: ours, the page, then the brand, which wins where it says so


def test_report_css_in_a_company_folder_still_replaces_ours(tmp_path: Path) -> None:
    (tmp_path / "report.css").write_text("h1 { color: #0a0b0c; }", encoding="utf-8")
    css = _dom(report.render(account().score(), templates=tmp_path)).xpath("string(//head/style)")  # type: ignore[attr-defined]
    assert "h1 { color: #0a0b0c; }" in css
    assert ".cover { background" not in css


def test_page_header_text_is_an_escaped_css_string() -> None:
    card = account().model_copy(update={"account": 'Acme "</style>'})
    css = _dom(report.render(card.score())).xpath("string(//head/style)")  # type: ignore[attr-defined]
    assert "</style>" not in css
    # A c m e, then space 20, quote 22, < 3c, / 2f, s t y l e, > 3e, space, the middle dot b7, space
    escaped = r"Acme\000020\000022\00003c\00002fstyle\00003e\000020\0000b7\000020account\000020plan"
    assert f'@top-left {{ content: "{escaped}"; }}' in css


@pytest.mark.dot
def test_the_cascade_opens_with_an_overview_and_a_link_to_each_department() -> None:
    result = kpicascade.load(_NORTHWIND).score()
    drawings = {d: lay_out(g.source, "svg") for d, g in diagram.departments(result).items()}
    page = _dom(
        report.render(
            result,
            diagram_svg=lay_out(diagram.cascade(result, signals=True).source, "svg"),
            overview_svg=lay_out(diagram.strategy_map(result).source, "svg"),
            department_svgs=drawings,
        )
    )
    section = page.xpath('//section[@id="cascade"]')[0]  # type: ignore[attr-defined]
    assert section.xpath("string(.//figure[@class='diagram fit']/svg/@aria-label)") == (
        "Strategy map of Northwind Components GmbH"
    )
    links = section.xpath('.//nav[@class="department-links"]/a/@href')
    # Northwind's eight departments all own nodes, in the scorecard's order
    assert links == [f"#view-department-{d.id}" for d in result.card.departments]
    assert len(links) == 8
    for link in links:
        view = section.xpath(f'.//section[@id="{link[1:]}"]')  # the department's own drawing
        assert len(view) == 1
        assert view[0].xpath("count(.//figure[@class='diagram natural']/svg)") == 1
    supply = section.xpath('.//a[@href="#view-department-supply_chain"]')[0].text_content()
    assert "Dana Ruiz, VP Supply Chain" in supply
    ids = page.xpath("//@id")  # type: ignore[attr-defined]
    drawn = section.xpath(".//figure[@class='diagram fit' or @class='diagram natural']//@id")
    assert len(drawn) > 100
    assert all(ids.count(i) == 1 for i in drawn)  # each drawing's ids carry its own prefix
    assert all(ids.count(link[1:]) == 1 for link in links)
    assert (
        section.xpath("count(.//details[@class='whole']//svg[@aria-label='Cascade of Northwind Components GmbH'])") == 1
    )


@pytest.mark.parametrize("name", ["brightloop-software", "northwind-components", "meridian-health"])
def test_every_id_in_a_report_is_its_own_and_every_link_lands(name: str) -> None:
    # a node under two objectives is shown twice, its anchor once; the drawing's customer band is not the section
    result = kpicascade.load(Path(__file__).resolve().parents[2] / "scorecards" / f"{name}.yaml").score()
    svg = lay_out(diagram.cascade(result, signals=True).source, "svg")
    overview = lay_out(diagram.strategy_map(result).source, "svg")
    departments = {d: lay_out(g.source, "svg") for d, g in diagram.departments(result).items()}
    for drawings in ({}, departments):  # without the departments' drawings, no link to them
        page = report.render(result, diagram_svg=svg, overview_svg=overview, department_svgs=drawings)
        ids = [attrs["id"] or "" for _, attrs in _parse(page).tags if attrs.get("id")]
        assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
        hrefs = [attrs.get("href") or "" for _, attrs in _parse(page).tags]
        targets = {h[1:] for h in hrefs if h.startswith("#")}
        assert targets <= set(ids)
        assert {f"view-department-{d}" for d in drawings} <= targets
