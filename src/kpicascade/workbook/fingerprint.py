"""The fingerprint of a scorecard: what it says, apart from its actuals, as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import json

from pydantic.main import IncEx

from kpicascade.model import Scorecard

_EDITABLE: dict[str, IncEx | bool] = {"actuals": True, "notes": True, "plan": {"__all__": {"status", "due"}}}


def fingerprint(card: Scorecard) -> str:
    """Return a hash of the scorecard's content (every file merged; actuals, notes, plan status and dates left out).

    What an executive may edit in the workbook and import is left out, so that importing it does not
    make the same workbook's next import refuse.

    The hash is taken over the validated model rather than the bytes of the YAML files, so that a
    comment or a reformatted line does not block an import while any change of meaning does.
    """
    content = card.model_dump(mode="json", by_alias=True, exclude=_EDITABLE)
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
