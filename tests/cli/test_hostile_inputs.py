"""The attack corpus: hostile inputs and faults, each a row with the exit code and message it must give.

Each case builds its files in a scratch folder and runs one command in process, bounded in time (a
hang is a failure, not a stuck suite). Every case must end with a clear message and its exit code,
never a traceback; cases that name a secret check it never reaches the output; cases that write
check what is on disk afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import openpyxl
import pytest
from click.testing import CliRunner
from tests.cards import BASE, change
from tests.roundtrip.test_importer import home
from tests.workbook.conftest import make

from kpicascade.cli import cli
from kpicascade.workbook.hidden_sheet import KEYS
from kpicascade.workbook.placement import META

#: Seconds any case may take, on a loaded machine; the slowest takes a few seconds alone.
BOUND = 120
SECRET = "$6$s3cr3tHASHnobodymayread"


@dataclass(frozen=True)
class Case:
    """A hostile input: how to make it (returns the command's arguments), and what must come of it."""

    name: str
    setup: Callable[[Path], list[str]]
    code: int
    says: str
    never: tuple[str, ...] = ()
    after: Callable[[Path], None] | None = None


def card(folder: Path, *replacements: tuple[str, str], name: str = "card.yaml", extra: str = "") -> Path:
    """Write the small valid scorecard, changed, to folder."""
    path = folder / name
    path.write_text(change(BASE, list(replacements)) + extra, encoding="utf-8")
    return path


def check(*replacements: tuple[str, str], extra: str = "") -> Callable[[Path], list[str]]:
    return lambda tmp: ["check", str(card(tmp, *replacements, extra=extra))]


def _text(escaped: str) -> tuple[str, str]:
    return ("name: Net promoter score", f'name: "Net {escaped} promoter score"')


def _include(tmp: Path, name: str, text: str | None) -> list[str]:
    if text is not None:
        (tmp / name).write_text(text)
    return ["check", str(card(tmp, extra=f"include: [{name}]\n"))]


def _shadow(tmp: Path) -> list[str]:
    (tmp / "etc").mkdir()
    (tmp / "etc" / "shadow").write_text(f"root:{SECRET}:19000:0:99999:7:::\nuser:{SECRET}:1::\n")
    return ["check", str(card(tmp, extra="include: [etc/shadow]\n"))]


def _link_loop(tmp: Path) -> list[str]:
    (tmp / "a.yaml").symlink_to(tmp / "b.yaml")
    (tmp / "b.yaml").symlink_to(tmp / "a.yaml")
    return ["check", str(card(tmp, extra="include: [a.yaml]\n"))]


def _survey(file: str) -> Callable[[Path], list[str]]:
    return lambda tmp: [
        "drivers",
        str(card(tmp, ("actuals:\n", f"survey: {{file: {file}, outcome: nps}}\nactuals:\n"))),
    ]


def _survey_latin1(tmp: Path) -> list[str]:
    (tmp / "s.csv").write_bytes("respondent,nps,q\nr1,9,Jörg\n".encode("latin-1"))
    return _survey("s.csv")(tmp)


def _actuals(tmp: Path, raw: bytes | None, name: str = "acts.csv") -> list[str]:
    if raw is not None:
        (tmp / name).write_bytes(raw)
    return ["check", str(card(tmp, ("actuals:\n", f"actuals:\n  files: [{name}]\n")))]


def _fifo_actuals(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "acts.csv")
    return _actuals(tmp, None)


def _unknown_keys(tmp: Path) -> list[str]:
    path = card(tmp, extra="".join(f"unknown_{i}: {SECRET}\n" for i in range(145_000)))
    return ["check", str(path)]


def _too_many_nodes(tmp: Path) -> list[str]:
    parts = []
    for p in range(10):
        nodes = "".join(
            f"  - {{id: n{p}_{i}, name: n, kind: objective, perspective: customer}}\n" for i in range(10_000)
        )
        (tmp / f"part{p}.yaml").write_text("nodes:\n" + nodes)
        parts.append(f"part{p}.yaml")
    return ["check", str(card(tmp, extra=f"include: [{', '.join(parts)}]\n"))]


def _extremes(tmp: Path) -> list[str]:
    path = card(
        tmp,
        ("baseline: 12, target: 30}", "baseline: -1.7e+308, target: 1.7e+308}"),
        ("- {id: kpi_otif, period: 2025-Q1, value: 0.83}", "- {id: kpi_nps, period: 2025-Q1, value: 1.7e+308}"),
    )
    return ["score", str(path), "--format", "json"]


def _output_to(target: Callable[[Path], Path], command: str = "diagram") -> Callable[[Path], list[str]]:
    return lambda tmp: [command, str(card(tmp)), "-o", str(target(tmp))]


def _fifo(name: str) -> Callable[[Path], Path]:
    def make_fifo(tmp: Path) -> Path:
        os.mkfifo(tmp / name)
        return tmp / name

    return make_fifo


def _still_a_fifo(name: str) -> Callable[[Path], None]:
    return lambda tmp: _assert(stat.S_ISFIFO(os.lstat(tmp / name).st_mode), f"{name} is no longer a pipe")


def _link_to_dev_null(tmp: Path) -> Path:
    (tmp / "out.svg").symlink_to("/dev/null")
    return tmp / "out.svg"


def _dev_null_intact(tmp: Path) -> None:
    _assert(stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null was replaced")


def _under_a_file(tmp: Path) -> Path:
    (tmp / "plain").write_text("a file, not a folder")
    return tmp / "plain" / "report.html"


def _private(tmp: Path) -> Path:
    path = tmp / "private.html"
    path.write_text("old")
    os.chmod(path, 0o600)
    return path


def _still_private(tmp: Path) -> None:
    _assert(stat.S_IMODE((tmp / "private.html").stat().st_mode) == 0o600, "the 0600 report was widened")
    _assert("<html" in (tmp / "private.html").read_text().lower(), "the report was not written")


def _events_fifo(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "events.csv")
    defined = ("unit: orders}", "unit: orders, events: {measure: count, event_types: [order.created]}}")
    return ["signals", str(card(tmp, defined)), "--events", str(tmp / "events.csv"), "-o", str(tmp / "out.csv")]


def _no_file(name: str) -> Callable[[Path], None]:
    return lambda tmp: _assert(not (tmp / name).exists(), f"{name} was written")


def _assert(ok: bool, message: str) -> None:
    if not ok:
        raise AssertionError(message)


# ------------------------------------------------------------------ workbooks


def _made(tmp: Path) -> Path:
    return make(tmp / "card").workbook


def _bomb(tmp: Path) -> list[str]:
    book = _made(tmp)
    padded = tmp / "bomb.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(100, 1_000_100))
                data = data.replace(b"</sheetData>", rows + b"</sheetData>", 1)
            target.writestr(item, data)
    shutil.copy(padded, book)
    return ["import-actuals", str(book), "--dry-run"]


def _hidden(key: str, value: object) -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        book = _made(tmp)
        wb = openpyxl.load_workbook(book)
        wb[META].cell(row=KEYS.index(key) + 1, column=2).value = value
        wb.save(book)
        return ["import-actuals", str(book)]

    return setup


def _edited(tmp: Path, csv_text: str | None = None, link: bool = False) -> list[str]:
    made = make(tmp / "card")
    if csv_text is not None:
        made.csv.write_bytes(csv_text.encode("utf-8"))
    if link:
        shared = tmp / "shared.csv"
        shutil.move(made.csv, shared)
        made.csv.symlink_to(shared)
    wb = openpyxl.load_workbook(made.workbook)
    home(wb, "kpi_rev").value = 1650
    wb.save(made.workbook)
    return ["import-actuals", str(made.workbook)]


EXCEL_CSV = (
    '\ufeffid,period,value,note\r\nkpi_rev,2026-01,1100,"two\nlines"\r\nkpi_rev,2026-02,1200,\r\n'
    'kpi_rev,2026-04,1400,"a ""quoted""\nnote"\r\nkpi_rev,2026-05,1450,\r\nkpi_rev,2026-06,1600,"last\nedit"\r\n'
)


def _excel_csv(tmp: Path) -> list[str]:
    rest = (Path(__file__).parents[1] / "workbook" / "cards" / "coverage.actuals.csv").read_text().splitlines()[6:]
    text = EXCEL_CSV + "".join(f"{line},\r\n" for line in rest)
    (tmp / "expected.csv").write_bytes(text.replace("2026-06,1600,", "2026-06,1650,").encode("utf-8"))
    return _edited(tmp, text)


def _excel_csv_kept(tmp: Path) -> None:
    found = (tmp / "card" / "coverage.actuals.csv").read_bytes()
    _assert(found == (tmp / "expected.csv").read_bytes(), "the CSV changed beyond the edited value")


def _link_kept(tmp: Path) -> None:
    _assert((tmp / "card" / "coverage.actuals.csv").is_symlink(), "the symbolic link was replaced by a file")
    _assert("kpi_rev,2026-06,1650\n" in (tmp / "shared.csv").read_text(), "the shared file was not updated")


# ------------------------------------------------------------------ builds


def _portfolio(tmp: Path, poisoned: str | None, name: str = "poisoned.yaml") -> list[str]:
    cards = tmp / "cards"
    cards.mkdir()
    card(cards, name="fjord.yaml")
    if poisoned is not None:
        card(cards, ("account_id: fjord-foods", "account_id: other"), _text(poisoned), name=name)
    return ["build", str(cards), "-o", str(tmp / "out"), "--jobs", "1", "--no-pdf"]


def _built(*names: str) -> Callable[[Path], None]:
    def after(tmp: Path) -> None:
        for name in ("index.html", "portfolio.xlsx", *names):
            _assert((tmp / "out" / name).exists(), f"{name} was not written")

    return after


CASES = [
    # data loss on import
    Case("Excel CSV: BOM, CRLF, multi-line notes", _excel_csv, 0, "1 actuals changed", after=_excel_csv_kept),
    Case("symlinked actuals CSV", lambda tmp: _edited(tmp, link=True), 0, "1 actuals changed", after=_link_kept),
    Case("value column twice", lambda t: _actuals(t, b"id,period,value,value\n"), 1, "column value appears 2 times"),
    # one character
    Case("BEL in text", check(_text("\\a")), 1, "U+0007 (a control character)"),
    Case("NUL in text", check(_text("\\0")), 1, "U+0000 (a control character)"),
    Case("ESC in text", check(_text("\\e[2J")), 1, "U+001B", never=("\x1b",)),
    Case("VT in text", check(_text("\\v")), 1, "U+000B"),
    Case("U+FFFE in text", check(_text("\\uFFFE")), 1, "U+FFFE (not a character)"),
    Case(
        "U+FFFF before a workbook",
        lambda tmp: ["workbook", str(card(tmp, _text("\\uFFFF"))), "-o", str(tmp / "x.xlsx")],
        1,
        "U+FFFF (not a character)",
        after=_no_file("x.xlsx"),
    ),
    Case(
        "a poisoned account in a build", lambda t: _portfolio(t, "\\a"), 1, "U+0007", after=_built("fjord/report.html")
    ),
    Case(
        "a scorecard named index.html.yaml",
        lambda t: _portfolio(t, "x", name="index.html.yaml"),
        0,
        "2 built",
        after=_built("index.html-account/report.html", "fjord/report.html"),
    ),
    Case(
        "a scorecard named portfolio.xlsx.yaml",
        lambda t: _portfolio(t, "x", name="portfolio.xlsx.yaml"),
        0,
        "2 built",
        after=_built("portfolio.xlsx-account/scorecard.xlsx"),
    ),
    # bombs
    Case("xlsx of a million rows", _bomb, 1, "more than 200,000 rows"),
    Case("145,000 unknown keys", _unknown_keys, 1, "more errors in this file are not shown", never=(SECRET,)),
    Case("100,000 nodes in 10 parts", _too_many_nodes, 1, "one scorecard may hold at most 20,000"),
    # leaks
    Case("include of a shadow file", _shadow, 1, "is not a .yaml or .yml file", never=(SECRET,)),
    Case(
        "include of a shadow file named .yaml",
        lambda t: _include(t, "shadow.yaml", f"root: {SECRET}\nuser: {SECRET}\n"),
        1,
        "belongs in the main file",
        never=(SECRET,),
    ),
    Case("include of /etc/passwd", lambda t: _include(t, "/etc/passwd", None), 1, "not a .yaml", never=("root:x:0",)),
    Case("survey from /proc", _survey("/proc/self/environ"), 1, "is a system file", never=("PATH=",)),
    Case("survey from a folder", _survey("."), 1, "is a folder, not a file"),
    Case("actuals from /dev/zero", lambda t: _actuals(t, None, "/dev/zero"), 1, "is a system file"),
    Case("actuals from a named pipe", _fifo_actuals, 1, "is a device, pipe or socket"),
    Case("events from a named pipe", _events_fifo, 1, "is a device, pipe or socket"),
    # the hidden sheet
    Case(
        "hidden sheet: scorecard path to /etc", _hidden("scorecard", "../../../../../../etc/hostname"), 1, "--scorecard"
    ),
    Case("hidden sheet: input map deleted", _hidden("inputs", None), 1, "hidden sheet _kpicascade is damaged"),
    Case("hidden sheet: sheets not JSON", _hidden("sheets", "[x"), 1, "hidden sheet _kpicascade is damaged"),
    # writes
    Case(
        "diagram through a link to /dev/null", _output_to(_link_to_dev_null), 1, "not a regular", after=_dev_null_intact
    ),
    Case(
        "workbook to a named pipe",
        lambda t: ["workbook", str(card(t)), "-o", str(_fifo("x.xlsx")(t))],
        1,
        "not a regular file",
        after=_still_a_fifo("x.xlsx"),
    ),
    Case("report under a file", _output_to(_under_a_file, "report"), 1, "cannot write"),
    Case("report over a 0600 file", _output_to(_private, "report"), 0, "wrote", after=_still_private),
    # other tracebacks
    Case("5,000-digit integer", check(("annual_fee: 900000", "annual_fee: " + "9" * 5000)), 1, "5,000 digits"),
    Case("huge hex in a text field", check(("account: Fjord Foods ASA", "account: 0x" + "f" * 5000)), 1, "too large"),
    Case("include symlink loop", _link_loop, 1, "Too many levels of symbolic links"),
    Case("survey not UTF-8", _survey_latin1, 1, "is not UTF-8"),
    Case(
        "a horizon of 5,600 quarters",
        check(("end: 2026-Q4}", "end: 3425-Q4}")),
        1,
        "the horizon spans 5,604 periods; at most 1,000",
    ),
    # lesser
    Case("base-60 baseline", check(("baseline: 12,", "baseline: 1:30,")), 1, "base-60"),
    Case("octal", check(("annual_fee: 900000", "annual_fee: 0755")), 1, "octal"),
    Case("NO", check(("currency: NOK", "currency: NO")), 1, "means false in YAML 1.1"),
    Case("1.7e+308 everywhere", _extremes, 1, "is too large: numbers may be at most 10^15"),
    Case(
        "a file name like /etc/passwd",
        lambda tmp: ["check", str(card(tmp, ("account_id: fjord-foods", "account_id: "), name="root:x:0.yaml"))],
        1,
        "root:x:0.yaml",
        never=("\u274c",),
    ),
]


class _Hung(BaseException):
    """A case ran past its bound (a BaseException, so the CLI runner does not swallow it)."""


@pytest.fixture
def bounded() -> Iterator[None]:
    """Fail a case that runs longer than BOUND seconds instead of waiting for it."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Hung(f"ran past {BOUND} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(BOUND)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_input_gives_its_exit_code_and_a_clear_message(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bounded: None
) -> None:
    monkeypatch.chdir(tmp_path)
    args = case.setup(tmp_path)
    started = time.perf_counter()
    result = CliRunner().invoke(cli, args)
    elapsed = time.perf_counter() - started
    output = result.stdout + result.stderr
    assert result.exit_code == case.code, output[-3000:]
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    assert case.says in output, output[-3000:]
    for secret in case.never:
        assert secret not in output
    assert output.count("\n") < 400, "the output is not capped"
    if case.after is not None:
        case.after(tmp_path)
    assert elapsed < BOUND
