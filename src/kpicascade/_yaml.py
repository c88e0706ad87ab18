"""Read YAML through a safe parser, keeping the line and column of every key and value.

The document is built from the parser's events with an explicit stack rather than from PyYAML's
node tree: composing the tree recurses once per level of nesting, and libyaml's composer crashes the
process (a C stack overflow, not an exception) on some tens of thousands of nested brackets. Events
also let the depth, size and alias limits stop a hostile file early.
"""

from __future__ import annotations

import copy
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.reader import ReaderError

from kpicascade import hints
from kpicascade.problems import FieldPath, Location, Locations, Mark, Problem

try:  # libyaml's parser is several times faster; the pure-Python one gives the same events.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML wheels ship libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40
#: Keys and values in one file: a scorecard of 20,000 nodes holds 595,000 (its actuals in CSV beside it). libyaml's
#: events cost about 4 microseconds each, so a hostile file of small values fails after about 3 processor seconds.
MAX_VALUES = 650_000
#: The same for PyYAML's pure-Python parser, four times slower per value (used without libyaml, and for deep nesting).
MAX_VALUES_PURE = 150_000
#: Values an alias may copy, all aliases together: far above any real use, far below a billion laughs.
MAX_ALIASED = 100_000
#: Problems reported for one file before reading stops (a file of garbage would otherwise print a million).
MAX_PROBLEMS = 100

_TAG = "tag:yaml.org,2002:"
_MAP, _SEQ, _STR, _INT = f"{_TAG}map", f"{_TAG}seq", f"{_TAG}str", f"{_TAG}int"
_TIMESTAMP, _MERGE = f"{_TAG}timestamp", f"{_TAG}merge"
_SKIP: Any = object()  # the key of a mapping entry that was rejected; its value is dropped
_UNREAD: Any = object()  # a plain text not read yet in this file


@dataclass
class Document:
    """A YAML document as plain data, with the location of each value and key by path."""

    data: Any = None
    values: Locations = field(default_factory=Locations)
    keys: Locations = field(default_factory=Locations)
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: FieldPath
    anchor: str | None
    logged: tuple[int, int]
    key: Any = None  # in a mapping: None while a key is expected, else the key whose value comes next
    entry: FieldPath = ()  # the path of that key and its value
    height: int = 1


@dataclass(slots=True)
class _Log:
    """Places in the order read: the paths and their marks side by side (a pair each would double the objects)."""

    paths: list[FieldPath] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    def add(self, path: FieldPath, mark: Mark) -> None:
        self.paths.append(path)
        self.marks.append(mark)

    def copy(self, lo: int, hi: int, old: FieldPath, new: FieldPath) -> None:
        """Log again the places logged from lo to hi below the path old (not old itself), as below the path new."""
        n = len(old)
        for i in range(lo, hi):
            if self.paths[i] != old:
                self.add((*new, *self.paths[i][n:]), self.marks[i])

    def locations(self) -> Locations:
        return Locations(dict(zip(self.paths, self.marks, strict=True)))


@dataclass(frozen=True)
class _Anchor:
    data: Any
    path: FieldPath
    height: int
    values: tuple[int, int]
    keys: tuple[int, int]
    size: int


class _Stop(Exception):
    """Stop reading the file: the problem that says why is already recorded."""


class _Refused(Exception):
    """A scalar that may not be read, with the code and message of the problem that says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class _Builder:
    """Turn parser events into plain data, logging the location of every value and key.

    Scalars, four events in five, take a short way of their own (`scalar`); the rest go through `feed`.
    Locations are logged as plain marks and become Location objects only when a problem or a caller asks.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = yaml.SafeLoader.yaml_implicit_resolvers
        self.problems: list[Problem] = []
        self.values = _Log()
        self.keys = _Log()
        #: The data of each plain text read so far: a scorecard writes the same keys and words again and again.
        self.plain: dict[str, Any] = {}
        self.anchors: dict[str, _Anchor] = {}
        self.stack: list[_Frame] = []
        self.root: Any = _SKIP
        self.count = 0
        self.limit = MAX_VALUES
        self.aliased = 0
        self.skipping = 0  # nesting level inside a rejected collection
        self.skip_base = 0
        self.place_after_skip = False

    def at(self, event: yaml.Event) -> Location:
        return Location(*self.mark(event))

    def mark(self, event: yaml.Event) -> Mark:
        mark = event.start_mark
        return (self.name, mark.line + 1, mark.column + 1) if mark else (self.name, None, None)

    def fail(self, event: yaml.Event, path: FieldPath, code: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(
                Problem(
                    "error",
                    "too-many-problems",
                    f"more than {MAX_PROBLEMS} problems; stopped reading this file",
                    self.at(event),
                    path,
                )
            )
            raise _Stop
        self.problems.append(Problem("error", code, message, self.at(event), path))

    def place(self, value: Any) -> None:
        """Put a finished value where the next value belongs: the root, a list, or a mapping's key."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
            return
        if top.key is not _SKIP:
            top.container[top.key] = value
        top.key = None

    def slot(self) -> tuple[FieldPath, bool]:
        """Return the path of the next value, and whether it is a mapping key."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container)), False
        if top.key is None:
            return top.path, True
        return (*top.path, top.key), False

    def feed(self, event: yaml.Event) -> None:
        """Take one parser event (a scalar outside a rejected collection goes to `scalar` instead)."""
        if self.skipping:
            self.skip(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            self.end()
        elif isinstance(event, yaml.NodeEvent):
            path, is_key = self.slot()
            if is_key:
                self.stack[-1].key = _SKIP
                self.fail(event, path, "yaml-key", "keys must be plain text, not a list, mapping or alias")
                if isinstance(event, yaml.CollectionStartEvent):
                    self.start_skip(place=False)
            elif self.stack and self.stack[-1].key is _SKIP:  # the value of a rejected key
                if isinstance(event, yaml.CollectionStartEvent):
                    self.start_skip(place=True)
                else:
                    self.place(None)
            else:
                self.value(event, path)

    def skip(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.CollectionStartEvent):
            self.skipping += 1
            if self.skip_base + self.skipping > MAX_DEPTH:
                self.too_deep(event, self.slot()[0])
        elif isinstance(event, yaml.CollectionEndEvent):
            self.skipping -= 1
            if not self.skipping and self.place_after_skip:
                self.place(None)

    def start_skip(self, place: bool) -> None:
        self.skipping, self.place_after_skip, self.skip_base = 1, place, len(self.slot()[0])

    def too_deep(self, event: yaml.Event, path: FieldPath) -> None:
        # Stop rather than skip the rest: both YAML scanners take time quadratic in the nesting depth.
        self.fail(event, path, "yaml-depth", f"nested deeper than {MAX_DEPTH} levels; stopped reading")
        raise _Stop

    def scalar(self, event: yaml.ScalarEvent) -> None:
        """Take a scalar: the root, an item of a list, or a mapping's key or value (dropped after a rejected key)."""
        if not self.stack:
            self.root = self.scalar_value(event, ())
            return
        top = self.stack[-1]
        container = top.container
        if isinstance(container, list):
            container.append(self.scalar_value(event, (*top.path, len(container))))
        elif top.key is None:
            self.key(event, top)
        elif top.key is _SKIP:
            top.key = None
        else:
            container[top.key] = self.scalar_value(event, top.entry)
            top.key = None

    def key(self, event: yaml.ScalarEvent, top: _Frame) -> None:
        top.key = _SKIP
        path = top.path
        try:
            key = self.read(event, as_key=True)
        except _Refused as refused:
            self.fail(event, path, refused.code, refused.message)
            return
        if type(key) is not str:
            if not isinstance(key, int) or isinstance(key, bool):
                self.fail(event, path, "yaml-key", f"key {event.value!r} must be plain text")
                return
            key = str(key)
        if key in top.container:
            self.fail(event, (*path, key), "duplicate-key", f"key {key!r} appears twice in this mapping")
            return
        self.count += 1
        if self.count > self.limit:
            self.too_many(event, path)
        top.key, top.entry = key, (*path, key)
        self.keys.add(top.entry, self.mark(event))

    def scalar_value(self, event: yaml.ScalarEvent, path: FieldPath) -> Any:
        """Return the data of a scalar that is a value, logging its place (None if it may not be read)."""
        self.count += 1
        if self.count > self.limit:
            self.too_many(event, path)
        self.values.add(path, self.mark(event))
        try:
            value = self.read(event)
        except _Refused as refused:
            self.fail(event, path, refused.code, refused.message)
            value = None
        if event.anchor is not None:
            self.anchor(event.anchor, value, path, 0, len(self.values.paths) - 1, len(self.keys.paths), 1)
        return value

    def read(self, event: yaml.ScalarEvent, as_key: bool = False) -> Any:
        """Return a scalar's data, or raise _Refused saying why it may not be read.

        Plain text is read once per file: its data depends on the text alone, and is never a mutable value.
        """
        text = event.value
        plain = event.implicit[0] and event.tag in (None, "!")
        if plain and (known := self.plain.get(text, _UNREAD)) is not _UNREAD:
            return known
        tag = self.tag_of(event)
        if as_key and tag == _MERGE:
            raise _Refused("yaml-merge", "merge keys (<<) are not supported; write the keys out")
        if as_key and tag not in _SCALARS and tag != _TIMESTAMP:
            raise _Refused("yaml-key", f"key {text!r} must be plain text")
        data = _data(tag, text)
        if plain:
            self.plain[text] = data
        return data

    def counted(self, event: yaml.Event, path: FieldPath, n: int = 1) -> None:
        self.count += n
        if self.count > self.limit:
            self.too_many(event, path)

    def too_many(self, event: yaml.Event, path: FieldPath) -> None:
        self.fail(
            event,
            path,
            "too-large",
            f"more than {self.limit:,} keys and values in one file (split it with include:)",
        )
        raise _Stop

    def value(self, event: yaml.Event, path: FieldPath) -> None:
        """Take a list or mapping that starts, or an alias, as a value."""
        self.counted(event, path)
        if isinstance(event, yaml.AliasEvent):
            self.alias(event, path)
            return
        self.values.add(path, self.mark(event))
        assert isinstance(event, yaml.CollectionStartEvent)
        is_map = isinstance(event, yaml.MappingStartEvent)
        tag = event.tag if event.tag not in (None, "!") else (_MAP if is_map else _SEQ)
        if tag != (_MAP if is_map else _SEQ):
            self.fail(event, path, "yaml-tag", f"YAML tag {tag!r} is not allowed here")
            self.start_skip(place=True)
        elif len(path) >= MAX_DEPTH:
            self.too_deep(event, path)
        else:
            container: dict[str, Any] | list[Any] = {} if is_map else []
            logged = (len(self.values.paths) - 1, len(self.keys.paths))
            self.stack.append(_Frame(container, path, event.anchor, logged))

    def end(self) -> None:
        frame = self.stack.pop()
        if self.stack:
            self.stack[-1].height = max(self.stack[-1].height, frame.height + 1)
        if frame.anchor is not None:
            v0, k0 = frame.logged
            size = len(self.values.paths) - v0 + len(self.keys.paths) - k0
            self.anchor(frame.anchor, frame.container, frame.path, frame.height, v0, k0, size)
        self.place(frame.container)

    def anchor(self, name: str | None, data: Any, path: FieldPath, height: int, v0: int, k0: int, size: int) -> None:
        if name is not None:
            values, keys = (v0, len(self.values.paths)), (k0, len(self.keys.paths))
            self.anchors[name] = _Anchor(data, path, height, values, keys, size)

    def alias(self, event: yaml.AliasEvent, path: FieldPath) -> None:
        self.values.add(path, self.mark(event))
        found = self.anchors.get(event.anchor or "")
        if found is None:
            self.fail(
                event,
                path,
                "yaml-alias",
                f"alias *{event.anchor} refers to no anchor before it (or to the value it stands in)",
            )
            self.place(None)
            return
        self.aliased += found.size
        if self.aliased > MAX_ALIASED:
            self.fail(event, path, "too-large", f"aliases copy more than {MAX_ALIASED:,} values (an alias bomb?)")
            raise _Stop
        self.counted(event, path, found.size)
        if len(path) + found.height > MAX_DEPTH:
            self.fail(event, path, "yaml-depth", f"alias *{event.anchor} nests deeper than {MAX_DEPTH} levels")
            self.place(None)
            return
        self.values.copy(*found.values, found.path, path)
        self.keys.copy(*found.keys, found.path, path)
        self.place(copy.deepcopy(found.data))

    def tag_of(self, event: yaml.ScalarEvent) -> str:
        if event.tag not in (None, "!"):
            return str(event.tag)
        if event.implicit[0]:  # plain (unquoted): PyYAML's implicit resolvers, looked up by first character
            for tag, pattern in self.resolvers.get(event.value[:1], ()):
                if pattern.match(event.value):
                    return str(tag)
        return _STR


def _data(tag: str, value: str) -> Any:
    """Return the data of a scalar with this tag, or raise _Refused saying why it may not be read."""
    if tag == _TIMESTAMP:
        return value  # periods and dates stay text; the model parses them
    if tag == _STR:
        if (bad := _BAD_CHARACTER.search(value)) is not None:
            raise _Refused("text-character", _character_message(value, bad.start()))
        return value
    if tag == _INT and value.isdigit() and len(value) <= 15 and (value[0] != "0" or len(value) == 1):
        return int(value)  # the common case, without PyYAML's base and sexagesimal handling
    if (surprise := _surprise(value, tag)) is not None:
        raise _Refused(*surprise)
    make = _SCALARS.get(tag)
    if make is None:
        raise _Refused("yaml-tag", f"YAML tag {tag!r} is not allowed: values are text, numbers, true/false or null")
    try:
        made = make(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except (ValueError, IndexError, yaml.YAMLError):  # e.g. !!int "ten"; PyYAML indexes past the end of !!float ""
        raise _Refused("yaml-tag", f"{value!r} is not a valid {tag.removeprefix(_TAG)}") from None
    if isinstance(made, int | float) and not isinstance(made, bool) and too_large(made):
        raise _Refused("too-large", f"{value} is too large: numbers may be at most 10^15 in size")
    return made


#: Control characters (but tab and line feed), surrogates and Unicode non-characters: no renderer may meet
#: them (XML and so the workbook refuse them, a terminal obeys them), so text holding one is an error.
_BAD_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(17))
    + "]"
)
#: Digits an integer may have before it is read at all (Python refuses past 4,300).
MAX_DIGITS = 30
#: The largest size of a number: far above any money or measure, far below where sums and ratios of such
#: numbers overflow to infinity (1.7e308 minus -1.7e308 is infinite, and a score of it is NaN).
MAX_NUMBER = 1e15


def too_large(number: float) -> bool:
    """Return whether a finite number is larger in size than any scorecard number may be.

    >>> too_large(1e15), too_large(-1.7e308), too_large(float("nan"))
    (False, True, False)
    """
    return math.isfinite(number) and abs(number) > MAX_NUMBER


_BOOL_WORDS = {"true", "false"}


def _character_message(text: str, at: int) -> str:
    code = f"U+{ord(text[at]):04X}"
    kind = "a control character" if unicodedata.category(text[at]) == "Cc" else "not a character"
    return f"the text holds {code} ({kind}) at position {at + 1}; remove it"


def _surprise(value: str, tag: str) -> tuple[str, str] | None:
    """Return a problem code and message for a plain number or true/false that is too large or reads as YAML 1.1."""
    if tag in (_INT, f"{_TAG}float") and ":" in value:
        return "yaml-1.1", (
            f"{value} is a base-60 number in YAML 1.1 (like a clock time); quote it as text ('{value}') "
            "or write the number itself"
        )
    if tag == _INT:
        digits = value.lstrip("+-").replace("_", "")
        if len(digits) > MAX_DIGITS:
            return "too-large", f"a number of {len(digits):,} digits is too large; at most {MAX_DIGITS} digits"
        if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
            return "yaml-1.1", (
                f"{value} is an octal number in YAML 1.1; write it without the leading zero, or quote it as text"
            )
    if tag == f"{_TAG}float" and len(value) > 400:
        return "too-large", f"a number written with {len(value):,} characters is too long"
    if tag == f"{_TAG}bool" and value.lower() not in _BOOL_WORDS:
        meaning = "true" if value.lower() in ("yes", "on", "y") else "false"
        return "yaml-1.1", (
            f"{value} means {meaning} in YAML 1.1 but is text in YAML 1.2; write {meaning}, or quote it as text"
        )
    return None


_CONSTRUCTOR = SafeConstructor()
_SCALARS = {
    _STR: SafeConstructor.construct_yaml_str,
    _INT: SafeConstructor.construct_yaml_int,
    f"{_TAG}float": SafeConstructor.construct_yaml_float,
    f"{_TAG}bool": SafeConstructor.construct_yaml_bool,
    f"{_TAG}null": SafeConstructor.construct_yaml_null,
}


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    def problem(code: str, message: str, line: int | None = None) -> list[Problem]:
        return [Problem("error", code, message, Location(name, line))]

    if len(raw) > MAX_BYTES:
        return None, problem(
            "too-large",
            f"the file is larger than {MAX_BYTES // 1024 // 1024} MB, the most a "
            "scorecard file may hold (split it into parts with include:)",
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, problem("encoding", "the file is UTF-16; save it as UTF-8")
    if b"\x00" in raw:
        return None, problem("binary", "this is a binary file, not a YAML scorecard")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, problem("encoding", f"byte {raw[exc.start]:#04x} is not UTF-8; save the file as UTF-8", line)
    if not text.strip():
        return None, problem("empty", "the file is empty")
    return text, []


#: PyYAML's words for the mistakes an unquoted colon or comma makes, in the words of someone writing a scorecard.
_PLAIN_REASONS = {
    "mapping values are not allowed in this context": "a colon followed by a space starts a new key here",
    "mapping values are not allowed here": "a colon followed by a space starts a new key here",
    "did not find expected ',' or '}'": "this { } mapping has text YAML cannot read as `key: value, ...`",
    "did not find expected ',' or ']'": "this [ ] list has text YAML cannot read as `item, ...`",
}


def _syntax_problem(exc: yaml.YAMLError, text: str, name: str) -> Problem:
    mark = (exc.problem_mark or exc.context_mark) if isinstance(exc, yaml.MarkedYAMLError) else None
    if isinstance(exc, yaml.MarkedYAMLError) and mark is not None:
        where = Location(name, mark.line + 1, mark.column + 1)
        reason = exc.problem or exc.context or "malformed YAML"
        reason = _PLAIN_REASONS.get(reason, reason)
        lines = text.splitlines()
        if reason in _PLAIN_REASONS.values() and mark.line < len(lines):
            reason += hints.quote_hint(lines[mark.line], mark.column + 1)
    elif isinstance(exc, ReaderError):
        before = text[: exc.position]
        where = Location(name, before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        reason = f"character {exc.character!r} is not allowed in YAML"
    else:
        where, reason = Location(name, 1, 1), str(exc).splitlines()[0]
    return Problem("error", "yaml", f"malformed YAML: {reason}", where)


def _events(builder: _Builder, loader: yaml.SafeLoader) -> None:
    documents = 0
    next_event: Callable[[], yaml.Event | None] = loader.get_event
    scalar, feed, scalar_event = builder.scalar, builder.feed, yaml.ScalarEvent  # bound once: the loop is hot
    while (event := next_event()) is not None and not isinstance(event, yaml.StreamEndEvent):
        if type(event) is scalar_event and not builder.skipping:
            scalar(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                builder.fail(
                    event,
                    (),
                    "yaml-documents",
                    "a scorecard file holds one YAML document; split documents into files and use include:",
                )
                raise _Stop
        else:
            feed(event)


def parse(raw: bytes, name: str, *, pure: bool = False) -> Document:
    """Return the YAML document in raw bytes as plain data with locations, or its problems.

    pure uses PyYAML's Python parser instead of libyaml (they accept the same files).
    """
    text, problems = _decode(raw, name)
    if text is None:
        return Document(problems=problems)
    builder = _Builder(name)
    builder.limit = MAX_VALUES_PURE if pure else MAX_VALUES
    cut = True
    try:
        loader = (yaml.SafeLoader if pure else _Loader)(text)  # the pure reader checks characters here
        try:
            _events(builder, loader)
            cut = False
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        if not pure and "maximum nesting depth" in str(exc):
            # libyaml 0.2.5+ scans ahead through deep flow nesting and stops at its own limit (1,000 levels)
            # before our reader sees level 41; the pure parser finds the exact place, stopping there.
            return parse(raw, name, pure=True)
        builder.problems.append(_syntax_problem(exc, text, name))
    except _Stop:
        pass
    doc = Document(problems=builder.problems)
    if cut:
        return doc  # the data is cut short
    if builder.root is _SKIP:
        doc.problems.append(Problem("error", "empty", "the file holds no YAML, only comments", Location(name, 1, 1)))
    elif not isinstance(builder.root, dict):
        first = Location(*builder.values.marks[0]) if builder.values.marks else Location(name, 1, 1)
        doc.problems.append(
            Problem(
                "error",
                "not-a-mapping",
                "a scorecard file must be a mapping of keys to values, like 'account: Acme'",
                first,
            )
        )
    else:
        doc.data, doc.values, doc.keys = builder.root, builder.values.locations(), builder.keys.locations()
    return doc
