"""Safe output paths: whatever an account id says, outputs stay inside the output folder."""

from __future__ import annotations

import re
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
#: Names Windows reserves for devices, whatever the extension; a share opened from Windows must not meet them.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def safe_name(text: str) -> str:
    """Return text as a single, harmless path component.

    >>> safe_name("../../etc/passwd"), safe_name("con"), safe_name("Acme Foods")
    ('etc_passwd', 'con_', 'Acme_Foods')
    """
    name = _UNSAFE.sub("_", text).strip("._") or "account"
    if name.split(".")[0].lower() in _RESERVED:
        name = name.split(".")[0] + "_" + name[len(name.split(".")[0]) :]
    return name[:100]


#: The portfolio's own files in the output folder, beside the account folders.
SUMMARY_FILES = ("index.html", "portfolio.xlsx")


def account_folder(stem: str) -> str:
    """Return the folder name of an account: its scorecard's name made safe, never a name the summary uses.

    >>> account_folder("acme"), account_folder("index.html"), account_folder("Portfolio.XLSX")
    ('acme', 'index.html-account', 'Portfolio.XLSX-account')
    """
    name = safe_name(stem)
    return f"{name}-account" if name.lower() in SUMMARY_FILES else name


def inside(folder: Path, name: str) -> Path:
    """Return folder/name, refusing anything that would resolve outside folder."""
    target = (folder / safe_name(name)).resolve()
    root = folder.resolve()
    if root not in target.parents:
        raise ValueError(f"{name!r} would write outside {folder}")
    return target
