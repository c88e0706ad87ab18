"""Escaping scorecard text for Graphviz: labels and tooltips."""

from __future__ import annotations

import pytest

from kpicascade.diagram._text import clean, html_text, tooltip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("<script>", "&lt;script&gt;"),
        ('"];x[label="', "&quot;];x[label=&quot;"),
        ("a & b", "a &amp; b"),
        ("it's", "it&#x27;s"),
        ("\\N", "\\\\N"),
        ("one\ntwo", 'one<BR ALIGN="LEFT"/>two'),
        ("bell\x07", "bell\ufffd"),
    ],
)
def test_html_text(text: str, expected: str) -> None:
    assert html_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("<b>", "<b>"),
        ("a &amp; b", "a &amp;amp; b"),
        ("\\l", "\\\\\\\\l"),
    ],
)
def test_tooltip(text: str, expected: str) -> None:
    assert str(tooltip(text)) == expected


def test_tooltip_is_never_read_as_an_html_label() -> None:
    import graphviz

    assert graphviz.quoting.quote(tooltip("<b>bold</b>")) == '"<b>bold</b>"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("\x00\x1f\ufffe", "\ufffd\ufffd\ufffd"),
        ("tab\tkept", "tab\tkept"),
    ],
)
def test_clean(text: str, expected: str) -> None:
    assert clean(text) == expected
