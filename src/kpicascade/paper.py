"""The paper a printed report goes on, from the user's locale."""

from __future__ import annotations

import os

#: Territories whose paper is US Letter (everywhere else uses A4), from the locale's territory code.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "CL", "CO", "VE", "PH", "PR", "CR", "GT", "PA", "SV", "DO", "NI"})


def default_paper(environ: dict[str, str] | None = None) -> str:
    """Return "letter" when the locale's territory uses US Letter, else "a4" (LC_ALL, LC_PAPER, then LANG).

    >>> default_paper({"LANG": "en_US.UTF-8"}), default_paper({"LC_PAPER": "de_DE.UTF-8", "LANG": "en_US"})
    ('letter', 'a4')
    >>> default_paper({}), default_paper({"LANG": "C.UTF-8"})
    ('a4', 'a4')
    """
    env = os.environ if environ is None else environ
    value = next((env[k] for k in ("LC_ALL", "LC_PAPER", "LANG") if env.get(k)), "")
    territory = value.split(".")[0].split("@")[0].rpartition("_")[2]
    return "letter" if territory.upper() in LETTER_TERRITORIES else "a4"
