"""Which files a scorecard may make us read: regular files only, never system files, and inside a root if confined.

A scorecard names other files (included parts, actuals, survey responses). Each is checked before it
is opened: a pipe would make the reader wait for ever, a device or /proc file is not data someone
wrote, and a build service that runs scorecards it did not write confines them to their own folder
(`--confine`), so `include: [/etc/shadow]` or `survey: {file: /proc/self/environ}` is refused.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: Folders of files the system makes up: reading them reveals the machine, not a scorecard.
SYSTEM = (Path("/proc"), Path("/sys"), Path("/dev"))


def real(path: Path) -> Path:
    """Return the path with every symbolic link followed (a link loop is left as it is, and fails when read)."""
    return Path(os.path.realpath(path))


def refusal(path: Path, root: Path | None = None) -> str | None:
    """Return why path may not be read as an input ('not found', 'is a folder', ...), or None when it may."""
    target = real(path)
    if root is not None and not target.is_relative_to(real(root)):
        return f"is outside {root}, the folder inputs are confined to (--confine)"
    if any(target.is_relative_to(folder) for folder in SYSTEM):
        return "is a system file, not an input a scorecard may read"
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return "not found"
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "is a device, pipe or socket, not a file"
    return None
