"""Print the account plan to PDF with the system's headless Chromium, and pick the paper from the locale.

The report's own print stylesheet does the page design (size, margins, running header and footer
with page numbers, page breaks); Chromium's `--print-to-pdf` only lays the HTML out on those pages,
with the same engine that shows the report on screen. Each print runs in a fresh temporary profile,
so builds printing in parallel never share a browser. The report has no script and its content
security policy forbids scripts and every request; scripts cannot be switched off in Chromium as
well (`--blink-settings=scriptEnabled=false` makes `--print-to-pdf` write nothing, exit code 0).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kpicascade._exceptions import MissingDependencyError, RenderError
from kpicascade.writing import atomic_path, sweep_scratch

#: The prefix of the scratch folder of one print (its HTML and Chromium's profile), followed by the process id.
SCRATCH = "kpicascade-print-"

#: Browsers tried in order: Debian's package, other distributions' names, Google's build.
BROWSERS = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
INSTALL = "printing the report to PDF needs Chromium: `apt-get install chromium` (Debian), then run the command again"
#: Chromium gives up after this many seconds (it prints an account plan in about two on a loaded machine).
TIMEOUT = 120
#: Territories whose paper is US Letter (everywhere else uses A4), from the locale's territory code.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "CL", "CO", "VE", "PH", "PR", "CR", "GT", "PA", "SV", "DO", "NI"})


def browser() -> str:
    """Return the path of a Chromium to print with, or say what to install."""
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    raise MissingDependencyError(INSTALL)


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


def _is_pdf(path: Path) -> None:
    """Refuse a file that is not a whole PDF, so a crashed print never replaces a good one."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise RenderError(f"Chromium did not write a whole PDF for {path.name}")


def _arguments(profile: Path, output: Path) -> list[str]:
    args = [
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={output}",
    ]
    if os.geteuid() == 0:  # Chromium refuses to start as root with its sandbox on
        args.append("--no-sandbox")
    return args


#: Chromium makes a Unix socket in TMPDIR/.org.chromium.Chromium.XXXXXX/ (46 characters more), and a socket's path
#: holds at most 107 bytes: with a longer TMPDIR it crashes (exit -6). It is then given the system's /tmp.
LONGEST_TMPDIR = 56


def _environment() -> dict[str, str]:
    """Return the environment Chromium runs in: ours, with a temporary folder whose sockets it can make."""
    env = dict(os.environ)
    folder = tempfile.gettempdir()
    if len(os.fsencode(folder)) > LONGEST_TMPDIR and os.path.isdir("/tmp") and os.access("/tmp", os.W_OK | os.X_OK):
        env["TMPDIR"] = "/tmp"
    return env


def _run(command: list[str], target: Path) -> None:
    """Run Chromium in our process group: a build killed as a group takes its browser with it."""
    try:
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_environment()
        )
    except OSError as exc:
        raise RenderError(f"cannot run Chromium ({command[0]}): {exc.strerror or exc}") from exc
    with proc:
        try:
            _, errors = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            proc.kill()  # its helper processes end when the browser's pipes close
            proc.communicate()
            raise RenderError(f"Chromium did not finish printing {target} in {TIMEOUT} s") from exc
    if proc.returncode != 0:
        tail = " ".join(errors.strip().splitlines()[-3:])
        raise RenderError(f"Chromium failed to print {target} (exit {proc.returncode}): {tail}")


def print_pdf(html: str, target: Path) -> None:
    """Print the report's HTML to a PDF at target, atomically: the old file or a whole new one, never half."""
    executable = browser()
    sweep_scratch(SCRATCH)  # what printers killed before us left, Chromium profiles of a few MB each
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH}{os.getpid()}-") as scratch:
        page = Path(scratch) / "report.html"
        page.write_text(html, encoding="utf-8")
        with atomic_path(target, check=_is_pdf) as tmp:
            _run([executable, *_arguments(Path(scratch) / "profile", tmp), page.as_uri()], target)
