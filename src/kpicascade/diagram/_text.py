"""Escape scorecard text for Graphviz: HTML-like labels and tooltips, so text is never DOT, HTML or SVG syntax.

Graphviz reads a label or tooltip in three passes: the DOT parser, then XML entities, then its own
backslash escapes (``\\N`` for the node name, ``\\l`` for a left-justified line). Tooltips go through
the backslash pass twice. The encodings below were checked on Graphviz 2.43 and 14 alike: the text
in the SVG equals the text of the scorecard.
"""

from __future__ import annotations

import html
import re

import graphviz

# Characters XML 1.0 forbids (C0 controls but tab and newline, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Return text with characters that XML cannot carry replaced by U+FFFD, and CR LF as LF.

    >>> clean("a\\x07b\\r\\nc")
    'a\\ufffdb\\nc'
    """
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def html_text(text: str) -> str:
    """Return text escaped for an HTML-like label: markup escaped, backslashes literal, lines broken.

    >>> html_text('<b>"x" & y</b>')
    '&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;'
    >>> html_text("a\\\\N")
    'a\\\\\\\\N'
    """
    escaped = html.escape(clean(text), quote=True).replace("\\", "\\\\")
    return escaped.replace("\n", '<BR ALIGN="LEFT"/>')


def tooltip(text: str) -> graphviz.quoting.NoHtml:
    """Return text as a tooltip attribute: entities and backslashes literal, never read as an HTML label.

    >>> str(tooltip("<a> & \\\\N"))
    '<a> &amp; \\\\\\\\\\\\\\\\N'
    """
    escaped = clean(text).replace("&", "&amp;").replace("\\", "\\\\\\\\")
    return graphviz.nohtml(escaped)
