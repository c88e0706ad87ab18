"""A live preview of scorecards in the browser: rendered again, and the page reloaded, whenever a file changes.

Starlette and uvicorn are imported by the server module only, so the rest of kpicascade starts without them.
"""

from __future__ import annotations

from kpicascade.preview.live import CardView, Preview
from kpicascade.preview.loopback import is_loopback

__all__ = ["CardView", "Preview", "is_loopback"]
