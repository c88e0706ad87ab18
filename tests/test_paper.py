"""The paper a printed report goes on comes from the locale."""

from __future__ import annotations

from kpicascade.paper import default_paper


def test_paper_comes_from_the_locale() -> None:
    cases = {
        "en_US.UTF-8": "letter",
        "en_CA": "letter",
        "es_MX.UTF-8@euro": "letter",
        "en_GB.UTF-8": "a4",
        "de_DE.UTF-8": "a4",
        "C.UTF-8": "a4",
        "POSIX": "a4",
    }
    for value, paper in cases.items():
        assert default_paper({"LANG": value}) == paper, value
    assert default_paper({"LC_PAPER": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}) == "letter"
    assert default_paper({"LC_ALL": "fr_FR", "LC_PAPER": "en_US.UTF-8"}) == "a4"
