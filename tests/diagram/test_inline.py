"""SVG for inline embedding: rebuilt from an allow-list, so nothing active can come through."""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree

from kpicascade.diagram.inline import inline_svg

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt">'


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<g onload="alert(1)"><text x="1">t</text></g>', "onload"),
        ('<a xlink:href="javascript:alert(1)" xlink:title="tip"><text>t</text></a>', "javascript"),
        ('<image xlink:href="http://example.com/x.png"/>', "example.com"),
        ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', "div"),
        ("<style>@import url(http://example.com/a.css)</style>", "example.com"),
        ('<g style="background:url(http://example.com/x)"/>', "example.com"),
    ],
)
def test_active_content_is_dropped(body: str, absent: str) -> None:
    assert absent not in inline_svg(HEAD + body + "</svg>", "diagram")


def test_text_and_tooltips_stay_as_escaped_text() -> None:
    svg = HEAD + '<a xlink:title="&lt;script&gt;x&lt;/script&gt;"><text x="1">&lt;b&gt; &amp; \\N</text></a></svg>'
    out = inline_svg(svg, 'say "hi" <b>')
    assert "<script" not in out
    root = ElementTree.fromstring(out)
    assert root.get("aria-label") == 'say "hi" <b>'
    assert root.get("role") == "img"
    title, text = root.find("g/title"), root.find("g/text")
    assert title is not None
    assert text is not None
    assert title.text == "<script>x</script>"
    assert text.text == "<b> & \\N"


def test_drawing_is_kept() -> None:
    svg = HEAD + '<g id="node-a" class="node"><polygon fill="#e0f3ee" points="0,0 1,1"/></g></svg>'
    assert '<g id="node-a" class="node"><polygon fill="#e0f3ee" points="0,0 1,1"></polygon></g>' in inline_svg(svg, "d")


def test_only_svg_is_accepted() -> None:
    with pytest.raises(ValueError, match="not an SVG"):
        inline_svg("<html></html>", "d")


def test_entity_expansion_is_refused() -> None:
    bomb = '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>'
    with pytest.raises(ValueError, match=r"EntitiesForbidden|entit"):
        inline_svg(bomb, "d")


def test_an_id_prefix_goes_before_every_id() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" id="graph0"><g id="node-a"><text>A</text></g><path d="M0 0"/></svg>'
    out = inline_svg(svg, "label", "department-sales-")
    assert re.findall(r'id="([^"]*)"', out) == ["department-sales-graph0", "department-sales-node-a"]
