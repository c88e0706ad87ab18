"""Find the files shipped with kpicascade: report templates and example scorecards."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent

#: Short names for the bundled example scorecards, usable with `init --template`.
TEMPLATE_ALIASES = {
    "manufacturing": "northwind-components",
    "software": "brightloop-software",
    "healthcare": "meridian-health",
}


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _CHECKOUT / name


def templates_dir() -> Path:
    """Return the folder of the jinja2 report templates."""
    return _shipped("templates")


def scorecards_dir() -> Path:
    """Return the folder of the bundled example scorecards."""
    return _shipped("scorecards")


def example_scorecards() -> dict[str, Path]:
    """Return the bundled example scorecards by name."""
    return {p.stem: p for p in sorted(scorecards_dir().glob("*.yaml"))}
