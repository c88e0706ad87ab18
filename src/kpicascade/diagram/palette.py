"""Status colours, glyphs and words: Okabe-Ito colours, and never colour alone.

Each status differs in four ways at once, so a reader who cannot tell the colours apart (or prints in
black and white) still reads it: the colour (Okabe and Ito's palette for colour-blind readers), a
glyph, a word, and the border (thicker the worse; dashed when there is no data).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusStyle:
    """How one status is drawn."""

    status: str
    word: str
    glyph: str
    colour: str
    fill: str
    ink: str
    border: int
    dashed: bool = False

    @property
    def badge(self) -> str:
        """Return the glyph and the word, like '✔ ON TRACK'."""
        return f"{self.glyph} {self.word}"


STATUSES: dict[str, StatusStyle] = {
    "green": StatusStyle("green", "ON TRACK", "✔", "#009E73", "#E0F3EE", "#FFFFFF", 1),
    "amber": StatusStyle("amber", "AT RISK", "▲", "#E69F00", "#FCF1D9", "#000000", 2),
    "red": StatusStyle("red", "OFF TRACK", "✖", "#D55E00", "#F9E4D6", "#FFFFFF", 3),
    "no data": StatusStyle("no data", "NO DATA", "○", "#8C8C8C", "#F2F2F2", "#FFFFFF", 1, dashed=True),
}

#: The usage signals of the vendor: Okabe-Ito blue, dashed, so they never read as a status.
SIGNAL = "#0072B2"
SIGNAL_FILL = "#E3EEF7"
#: Drives links (cause and effect) in Okabe-Ito reddish purple.
DRIVES = "#CC79A7"
#: Contributes links.
LINK = "#555555"
#: Nodes shown for context only (outside a department, or collapsed counts).
MUTED = "#6E6E6E"
MOMENT_OF_TRUTH = "★"
#: Trend arrows by the engine's trend names, the same in every output.
TREND_ARROWS = {"up": "↑", "down": "↓", "flat": "→"}
FONT = "Helvetica,Arial,sans-serif"
#: Typography: the en dash for a missing figure, the minus sign for a fall.
DASH = "\u2013"
MINUS = "\u2212"


def style(status: str) -> StatusStyle:
    """Return the style of a status name ('green', 'amber', 'red' or 'no data')."""
    return STATUSES[status]
