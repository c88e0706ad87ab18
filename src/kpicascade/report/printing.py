"""Print the account plan to PDF with the system's headless Chromium (kpicascade.paper picks the paper).

The report's own print stylesheet does the page design (size, margins, running header and footer
with page numbers, page breaks); Chromium only lays the HTML out on those pages (DevTools'
`Page.printToPDF`, as `--print-to-pdf` does), with the same engine that shows the report on screen.
Each browser runs in a fresh temporary profile, so builds printing in parallel never share one; a
build worker keeps its browser for all its accounts. The report has no script and its content
security policy forbids scripts and every request; scripts cannot be switched off in Chromium as
well (`--blink-settings=scriptEnabled=false` makes `--print-to-pdf` write nothing, exit code 0).
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kpicascade._exceptions import MissingDependencyError, RenderError
from kpicascade.report._devtools import Late, Pipe, Stopped, tail
from kpicascade.writing import atomic_path, sweep_scratch

#: The prefix of the scratch folder of one print (its HTML and Chromium's profile), followed by the process id.
SCRATCH = "kpicascade-print-"

#: Browsers tried in order: Debian's package, other distributions' names, Google's build.
BROWSERS = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
INSTALL = "printing the report to PDF needs Chromium: `apt-get install chromium` (Debian), then run the command again"
#: Chromium gives up after this many seconds (it prints an account plan in about two on a loaded machine).
TIMEOUT = 120


def browser() -> str:
    """Return the path of a Chromium to print with, or say what to install."""
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    raise MissingDependencyError(INSTALL)


def _is_pdf(path: Path) -> None:
    """Refuse a file that is not a whole PDF, so a crashed print never replaces a good one."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise RenderError(f"Chromium did not write a whole PDF for {path.name}")


#: What `chromium --headless --print-to-pdf --no-pdf-header-footer` asks of the page, asked over the DevTools pipe:
#: the paper and margins of the report's @page rules, backgrounds printed, no header or footer of Chromium's own.
PRINT_OPTIONS = {"preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False}


def _arguments(profile: Path) -> list[str]:
    args = [
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--remote-debugging-pipe",
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


class Printer:
    """One headless Chromium that prints account plans to PDF: started at the first print, kept for the next ones.

    Starting Chromium costs about a processor second, twice what laying out and printing an account plan
    costs, so a build worker keeps one for all its accounts. The browser runs in our process group and exits
    when its pipe closes, so it ends with the process that started it, even one killed outright.
    """

    def __init__(self) -> None:
        """Make a printer; its browser starts at the first print."""
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._errors: BinaryIO | None = None
        self._pipe: Pipe | None = None
        self._session: str | None = None
        #: How many pages this printer has printed, and how many browsers it has started for them.
        self.printed = self.started = 0

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def print(self, html: str, target: Path) -> None:
        """Print html to a PDF at target, atomically: the old file or a whole new one, never half."""
        deadline = time.monotonic() + TIMEOUT
        pipe, folder = self._browser()
        self.printed += 1
        page = folder / f"page-{self.printed}.html"
        page.write_text(html, encoding="utf-8")
        try:
            session = self._tab(pipe, deadline)
            with atomic_path(target, check=_is_pdf) as tmp:
                tmp.write_bytes(_printed(pipe, session, page.as_uri(), deadline))
        except Late as exc:
            self.close()
            raise RenderError(f"Chromium did not finish printing {target} in {TIMEOUT} s") from exc
        except Stopped as exc:
            said = tail(folder / "chromium.log")
            code = self.close()
            raise RenderError(f"Chromium failed to print {target} (exit {code}): {said}") from exc
        finally:
            page.unlink(missing_ok=True)

    def close(self) -> int | None:
        """Stop the browser, if one runs, and remove its scratch folder; return its exit code."""
        code = self._pipe.close() if self._pipe else None
        if self._errors:
            self._errors.close()
        if self._scratch:
            self._scratch.cleanup()
        self._pipe = self._errors = self._scratch = self._session = None
        return code

    def _browser(self) -> tuple[Pipe, Path]:
        """Return the running browser and its scratch folder, starting one when none runs (or the last one died)."""
        if self._pipe and self._pipe.process.poll() is None and self._scratch:
            return self._pipe, Path(self._scratch.name)
        self.close()
        if os.name != "posix":
            raise RenderError("printing to PDF drives Chromium through a pipe that only Linux and macOS provide")
        executable = browser()
        sweep_scratch(SCRATCH)  # what printers killed before us left, Chromium profiles of a few MB each
        self._scratch = tempfile.TemporaryDirectory(prefix=f"{SCRATCH}{os.getpid()}-")
        folder = Path(self._scratch.name)
        self._errors = (folder / "chromium.log").open("wb")
        self._pipe = Pipe([executable, *_arguments(folder / "profile")], _environment(), self._errors)
        self.started += 1
        return self._pipe, folder

    def _tab(self, pipe: Pipe, deadline: float) -> str:
        """Return the session of the browser's tab that prints, opening it at the browser's first print.

        Every print loads its page in the same tab: a new document each time, with nothing of the last one
        (the report runs no script and makes no request), and a third less of the browser's time a print than
        a tab each, which starts a renderer process each.
        """
        if self._session is None:
            tab = pipe.call("Target.createTarget", deadline, url="about:blank")["targetId"]
            self._session = pipe.call("Target.attachToTarget", deadline, targetId=tab, flatten=True)["sessionId"]
            pipe.call("Page.enable", deadline, self._session)
        return self._session


def _printed(pipe: Pipe, session: str, url: str, deadline: float) -> bytes:
    """Load url in the session's tab, wait for it to load, and return it printed as PDF bytes."""
    opened = pipe.call("Page.navigate", deadline, session, url=url)
    if opened.get("errorText"):
        raise RenderError(f"Chromium could not open the page to print: {opened['errorText']}")
    pipe.wait("Page.loadEventFired", session, deadline)
    return base64.b64decode(pipe.call("Page.printToPDF", deadline, session, **PRINT_OPTIONS)["data"])


#: The printer this process keeps for all its prints (a build worker's), if it keeps one.
_kept: list[Printer] = []


def keep() -> Printer:
    """Keep one browser for every later print of this process, instead of one per print; return its printer."""
    if not _kept:
        _kept.append(Printer())
    return _kept[0]


@contextlib.contextmanager
def keeping() -> Iterator[Printer]:
    """Keep one browser for the prints made inside the with block, and stop it after."""
    printer = keep()
    try:
        yield printer
    finally:
        _kept.clear()
        printer.close()


def print_pdf(html: str, target: Path) -> None:
    """Print the report's HTML to a PDF at target, atomically, with the kept browser or one of its own."""
    if _kept:
        _kept[0].print(html, target)
        return
    with Printer() as printer:
        printer.print(html, target)
