"""Make Graphviz's SVG safe to embed in HTML: parse it, keep only drawing elements and attributes, re-escape.

Graphviz already escapes the text it writes, but a page that embeds SVG inline trusts it with script;
so the SVG is rebuilt from an allow-list instead of pasted: no script, no event handlers, no links,
no external references can come through, whatever the scorecard said.
"""

from __future__ import annotations

import html
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeTree

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
_ELEMENTS = {"svg", "g", "title", "polygon", "polyline", "path", "ellipse", "circle", "rect", "line", "text", "tspan"}
_ATTRIBUTES = {
    "id",
    "class",
    "width",
    "height",
    "viewBox",
    "transform",
    "points",
    "d",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "opacity",
    "text-anchor",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-decoration",
    "textLength",
    "lengthAdjust",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith(_SVG) else ""


def _open(tag: str, attrs: dict[str, str]) -> str:
    text = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    return f"<{tag}{text}>"


def _write(element: Element, out: list[str], prefix: str = "") -> None:
    tag = _local(element.tag)
    tip = element.get(_XLINK_TITLE) if tag == "a" else None
    if tag == "a":
        tag = "g"  # a Graphviz anchor only carries the tooltip; inline it becomes a group with a <title>
    elif tag not in _ELEMENTS:
        return
    attrs = {k: v for k, v in element.attrib.items() if k in _ATTRIBUTES}
    if prefix and "id" in attrs:
        attrs["id"] = prefix + attrs["id"]
    out.append(_open(tag, attrs))
    if tip is not None:
        out.append(f"<title>{html.escape(tip)}</title>")
    if element.text and tag in {"text", "tspan", "title"}:
        out.append(html.escape(element.text))
    for child in element:
        _write(child, out, prefix)
        if child.tail and tag in {"text", "tspan"}:
            out.append(html.escape(child.tail))
    out.append(f"</{tag}>")


def inline_svg(svg: bytes | str, label: str, id_prefix: str = "") -> str:
    """Return SVG as markup safe to place inside HTML: allow-listed elements and attributes, text escaped.

    id_prefix goes before every id, so several drawings of the same nodes share a page without sharing ids.
    """
    root = SafeTree.fromstring(svg.encode() if isinstance(svg, str) else svg)
    if _local(root.tag) != "svg":
        raise ValueError("not an SVG document")
    out: list[str] = []
    _write(root, out, id_prefix)
    head = out[0]
    out[0] = head[:-1] + f' role="img" aria-label="{html.escape(label, quote=True)}">'
    return "".join(out)
