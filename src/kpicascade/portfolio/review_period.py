"""One review period for the whole portfolio: the latest complete period every account has."""

from __future__ import annotations

import contextlib
import json
import multiprocessing as mp
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpicascade._exceptions import KpiCascadeError
from kpicascade.collector import tune
from kpicascade.periods import Calendar, Period
from kpicascade.portfolio.digests import FileDigests, Stat
from kpicascade.portfolio.stamps import tool_digest
from kpicascade.writing import write_text

if TYPE_CHECKING:
    from kpicascade.model import Scorecard


def common_period(cards: Sequence[Scorecard], grain: Calendar | None = None) -> tuple[Period | None, Calendar | None]:
    """Return the latest complete period all cards have, and the grain to score them in.

    Each card's own default is its latest complete period with data; the portfolio's is the earliest of
    those, so no account is viewed at a period it has not finished. With a quarterly card among monthly
    ones (or grain quarter), every card is scored by quarter, so all show the same quarter.
    """
    if not cards:
        return None, grain
    chosen = _grain([card.calendar for card in cards], grain)
    return _earliest([_default(card, chosen) for card in cards]), chosen


def _grain(calendars: Sequence[str], grain: Calendar | None) -> Calendar | None:
    """Return the grain to score in: by quarter when asked, or when any account is quarterly."""
    return "quarter" if grain == "quarter" or "quarter" in calendars else grain


def _earliest(periods: Sequence[str]) -> Period | None:
    """Return the earliest of the periods written (an empty one is an account without one)."""
    found = [Period.parse(p) for p in periods if p]
    return min(found, key=lambda p: p.ordinal) if found else None


#: Beside a build's output: each scorecard's calendar and default period by grain, with the digests of the files
#: they came from, so that a rebuild where nothing changed finds the review period without loading any account.
PERIODS = ".kpicascade-periods.json"


def review_period(
    paths: Sequence[Path],
    period: str | None,
    grain: Calendar | None,
    *,
    confine: bool = False,
    out: Path | None = None,
    jobs: int = 1,
    tool: str | None = None,
    digests: FileDigests | None = None,
) -> tuple[str | None, Calendar | None]:
    """Return the period and grain every account of a build is viewed at.

    A period given is used as it is (a quarter scores monthly accounts by quarter); else the portfolio's
    common period, from the accounts that load (the others fail in their own build with their message).
    With out (the build's folder), what each account gave is kept there and used again while its files are
    unchanged, so an unchanged portfolio is not loaded twice (once here, once to find it is up to date).
    The accounts not kept are read in jobs processes when there are many (a first build of a portfolio).
    tool is the running tool's digest when already worked out (what is kept holds only for the same tool);
    digests gives the build's file digests (each file hashed once a build, and only when its stat changed).
    """
    if period is not None:
        quarter = Period.parse(period).calendar == "quarter" if _is_period(period) else False
        return period, "quarter" if quarter and grain is None else grain
    digests = digests if digests is not None else FileDigests()
    tool = tool or tool_digest(digest=digests)
    kept = _read_kept(out / PERIODS if out else None, tool)
    entries: dict[str, dict[str, Any]] = {}
    unread = []
    for path in paths:
        entry = kept.get(str(path))
        if entry is not None and _still(entry, path, confine, digests):
            entries[str(path)] = entry
        else:
            unread.append(str(path))
    for key, read in zip(unread, _read_all(unread, confine, grain, jobs, digests), strict=True):
        if read is not None:
            entries[key] = read
    chosen = _grain([e["calendar"] for e in entries.values()], grain)
    grain_key = chosen or ""
    for key, entry in entries.items():
        if grain_key not in entry["periods"]:
            entry["periods"][grain_key] = _default(_load(Path(key), confine), chosen)  # a calendar unlike its own
    if out is not None and entries != kept:
        with contextlib.suppress(OSError):
            write_text(out / PERIODS, json.dumps({"tool": tool, "accounts": entries}, sort_keys=True))
    common = _earliest([entry["periods"][grain_key] for entry in entries.values()])
    return (str(common) if common else None), chosen


def _read_kept(path: Path | None, tool: str) -> dict[str, dict[str, Any]]:
    """Return what an earlier build kept, when the same tool wrote it and it has the shape it writes."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("tool") != tool or not isinstance(data.get("accounts"), dict):
        return {}
    return {
        k: v
        for k, v in data["accounts"].items()
        if isinstance(v, dict)
        and isinstance(v.get("inputs"), dict)
        and v.get("calendar") in ("month", "quarter")
        and isinstance(v.get("periods"), dict)
        and all(isinstance(p, str) for p in v["periods"].values())
    }


def _still(entry: dict[str, Any], path: Path, confine: bool, digests: FileDigests) -> bool:
    """Return whether every file an account was read from is unchanged, and may still be read."""
    root = path.parent if confine else None
    return all(
        digests.refusal(Path(f), root) is None and digests(Path(f)) == digest for f, digest in entry["inputs"].items()
    )


#: Accounts to read before it pays to start processes for them (each process takes a while to import).
PARALLEL_FROM = 24


def _read_all(
    paths: list[str], confine: bool, grain: Calendar | None, jobs: int, digests: FileDigests
) -> list[dict[str, Any] | None]:
    """Return what each account gives (see _read), in jobs processes when there are many."""
    if jobs <= 1 or len(paths) < PARALLEL_FROM:
        return [_read(p, confine, grain, digests) for p in paths]
    context = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=context, initializer=tune) as pool:
        done = list(pool.map(_read_apart, paths, [confine] * len(paths), [grain] * len(paths), chunksize=8))
    for _, seen in done:
        digests.learn(seen)  # so that the build's record holds the files these processes hashed
    return [read for read, _ in done]


def _read_apart(
    path: str, confine: bool, grain: Calendar | None
) -> tuple[dict[str, Any] | None, dict[str, tuple[Stat | None, str]]]:
    """Return what an account gives (see _read), read in another process, with the files it hashed."""
    digests = FileDigests()
    return _read(path, confine, grain, digests), digests.seen


def _read(path: str, confine: bool, grain: Calendar | None, digests: FileDigests) -> dict[str, Any] | None:
    """Return an account's files with their digests, its calendar and its default period in its own grain."""
    card = _load(Path(path), confine)
    if card is None:
        return None
    own = _grain([card.calendar], grain)
    inputs = {f: digests(Path(f)) for f in card.input_files}
    return {"inputs": inputs, "calendar": card.calendar, "periods": {own or "": _default(card, own)}}


def _load(path: Path, confine: bool) -> Scorecard | None:
    from kpicascade import loader  # not needed while every account is as kept

    try:
        return loader.load(path, lint=False, confine=confine)
    except (KpiCascadeError, OSError):
        return None


def _default(card: Scorecard | None, grain: Calendar | None) -> str:
    """Return the card's latest complete period in grain, or "" when it has none (its own build says why)."""
    if card is None:
        return ""
    try:
        return str(card.score(grain=grain).period)
    except KpiCascadeError:
        return ""


def _is_period(text: str) -> bool:
    try:
        Period.parse(text)
    except KpiCascadeError:
        return False
    return True
