"""The state of a live preview: which scorecards there are, a version that moves when a file changes, renderings."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from kpicascade._exceptions import KpiCascadeError
from kpicascade.discover import scorecard_files
from kpicascade.preview.account_view import Rendering, ShownProblem, problems_of, render_account
from kpicascade.preview.watching import Snapshot, snapshot


@dataclass(frozen=True)
class CardView:
    """What the page shows for one scorecard: the current rendering, or its problems beside the last good one."""

    name: str
    rendering: Rendering | None
    problems: list[ShownProblem]
    last_good: Rendering | None

    @property
    def shown(self) -> Rendering | None:
        """Return the rendering to show: the current one, else the last good one."""
        return self.rendering or self.last_good


class Preview:
    """Scorecards under a path, rendered on demand and again after any of their files changes."""

    def __init__(self, root: Path, templates: Path | None = None) -> None:
        self.root = root
        self.templates = templates
        self.version = 1
        self._lock = threading.Lock()
        self._views: dict[Path, tuple[int, CardView]] = {}
        self._last_good: dict[Path, Rendering] = {}
        self._seen: Snapshot = self._snapshot()

    def _folders(self) -> list[Path]:
        folders = [self.root if self.root.is_dir() else self.root.parent]
        return folders + ([self.templates] if self.templates is not None else [])

    def _snapshot(self) -> Snapshot:
        outside = {Path(f) for r in self._last_good.values() for f in r.files}
        return snapshot(self._folders(), outside)

    def poll(self) -> bool:
        """Look at the files once; when any changed, appeared or went, move the version on and return True."""
        now = self._snapshot()
        if now == self._seen:
            return False
        self._seen = now
        self.version += 1
        return True

    def cards(self) -> dict[str, Path]:
        """Return the scorecard files under the root by their name in the page (their path below the root)."""
        if not self.root.is_dir():
            return {self.root.name: self.root}
        return {p.relative_to(self.root).as_posix(): p for p in scorecard_files([self.root])}

    def view(self, name: str) -> CardView | None:
        """Return the view of one scorecard at the current version, rendering it if it changed; None if unknown."""
        path = self.cards().get(name)
        if path is None:
            return None
        with self._lock:  # one rendering at a time: requests run in threads, and Graphviz is not reentrant
            version = self.version
            kept = self._views.get(path)
            if kept is not None and kept[0] == version:
                return kept[1]
            try:
                rendering = render_account(path, self.templates)
            except KpiCascadeError as exc:
                view = CardView(name, None, problems_of(path, exc), self._last_good.get(path))
            else:
                self._last_good[path] = rendering
                for file, stat in snapshot([], [Path(f) for f in rendering.files]).items():
                    self._seen.setdefault(file, stat)  # watch its files outside the root from now on
                view = CardView(name, rendering, [], None)
            self._views[path] = (version, view)
            return view
