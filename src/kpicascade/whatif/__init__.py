"""What-if: what more usage would be worth, pushed through the links the data confirm.

A scenario (`scenarios:` in the scorecard) moves one usage signal by a percentage, by an amount or to a level.
`project(result, scenario, findings)` carries that change through each confirmed signal -> measure link (its
fitted effect, with the effect's 95% range as the band, arriving lag periods after the scenario starts), scores
the cascade again with the measures moved, and values the measures' changes in money and against the fee.
Links that are not confirmed carry nothing and are listed with their verdict.
"""

from __future__ import annotations

from collections.abc import Sequence

from kpicascade.drivers import Findings, analyse
from kpicascade.scoring import Result
from kpicascade.whatif.projection import Band, LinkPath, Moved, Projection, project, signal_change

__all__ = ["Band", "LinkPath", "Moved", "Projection", "project", "projections", "signal_change"]


def projections(result: Result, ids: Sequence[str] = (), findings: Findings | None = None) -> list[Projection]:
    """Return the projection of each of the scorecard's scenarios (or of those named), in the scorecard's order.

    Raise KeyError naming a scenario id the scorecard does not have.
    """
    card = result.card
    known = {s.id for s in card.scenarios}
    missing = [i for i in ids if i not in known]
    if missing:
        raise KeyError(missing[0])
    found = findings if findings is not None else analyse([card.model_copy(update={"survey": None})])
    return [project(result, s, found) for s in card.scenarios if not ids or s.id in ids]
