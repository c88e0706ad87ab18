"""The deck's widths never under-measure: text it fits also fits in the real font."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kpicascade.deck.textfit import fitting_size, height, width, wrap
from tests.deck.measure import length, lines

PRINTABLE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=80)


@given(PRINTABLE)
def test_width_is_at_least_the_real_fonts_regular_and_bold(text: str) -> None:
    for bold in (False, True):
        assert width(text, 10) >= length(text, bold, 10) - 0.01


ANY = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs", "Cc")))


@given(ANY, st.floats(40, 400))
def test_wrapping_never_takes_fewer_lines_than_the_real_font(text: str, room: float) -> None:
    assert len(wrap(text, room, 11)) >= lines(text, room, True, 11)


def test_wrap_breaks_at_spaces_then_inside_long_words() -> None:
    assert wrap("ab cd", 1000, 10) == ["ab cd"]
    assert wrap("ab cd", width("ab", 10) + 0.1, 10) == ["ab", "cd"]
    assert wrap("abcdef", width("abc", 10) + 0.1, 10) == ["abc", "def"]
    assert wrap("a\nb", 1000, 10) == ["a", "b"]


def test_height_counts_lines_at_one_and_a_quarter_of_the_size() -> None:
    assert height("a\nb\nc", 1000, 10) == 3 * 10 * 1.25


def test_fitting_size_takes_the_largest_that_fits_else_the_smallest() -> None:
    one_line_at_20 = width("Grow revenue", 20) + 1
    assert fitting_size("Grow revenue", one_line_at_20, 25, (24.0, 20.0, 16.0)) == 20.0
    assert fitting_size("Grow revenue", 5, 5, (24.0, 20.0, 16.0)) == 16.0


@given(st.text(alphabet=" \nab€W"), st.floats(1, 200), st.sampled_from([9.0, 11.0, 28.0]))
def test_height_is_the_wrapped_lines_whether_a_paragraph_fits_whole_or_not(text: str, room: float, size: float) -> None:
    assert height(text, room, size) == len(wrap(text, room, size)) * size * 1.25


def test_a_characters_width_is_its_advance_and_kerning_else_a_full_em() -> None:
    # DejaVu Sans Bold: "H" 837 and "i" 343 thousandths of an em, each with 25 for kerning; "€" is not ASCII
    assert width("Hi", 10) == (837 + 25 + 343 + 25) * 10 / 1000
    assert width("€ ", 10) == (1000 + 348 + 25) * 10 / 1000
