"""Read YAML through a safe loader, keeping the line and column of every key and value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kpicascade.problems import FieldPath, Location, Problem

try:  # libyaml's parser is ~10x faster; the pure-Python one behaves the same.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - wheels ship libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 2_000_000

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass
class Document:
    """A YAML document as plain data, with the location of each value and key by path."""

    data: Any = None
    values: dict[FieldPath, Location] = field(default_factory=dict)
    keys: dict[FieldPath, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Walk:
    def __init__(self, name: str) -> None:
        self.name = name
        self.doc = Document()
        self.count = 0
        self.constructor = _Loader("")

    def at(self, node: yaml.Node) -> Location:
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, node: yaml.Node, path: FieldPath, code: str, message: str) -> None:
        self.doc.problems.append(Problem("error", code, message, self.at(node), path))

    def value(self, node: yaml.Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooLarge(node)
        self.doc.values[path] = self.at(node)
        if len(path) > MAX_DEPTH:
            self.fail(node, path, "yaml-depth", f"nested deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.fail(node, path, "yaml-tag", f"YAML tag {node.tag!r} is not allowed")
                return None
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any] | None:
        if node.tag != _MAP:
            self.fail(node, path, "yaml-tag", f"YAML tag {node.tag!r} is not allowed")
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, path, "yaml-merge", "merge keys (<<) are not supported")
                continue
            key = self.scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int) or isinstance(key, bool):
                self.fail(key_node, path, "yaml-key", "keys must be plain text")
                continue
            key = str(key)
            if key in out:
                self.fail(key_node, (*path, key), "duplicate-key", f"key {key!r} appears twice")
                continue
            self.doc.keys[(*path, key)] = self.at(key_node)
            out[key] = self.value(value_node, (*path, key))
        return out

    def scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        if node.tag == _TIMESTAMP:
            return str(node.value)  # periods and dates stay text; the model parses them
        if node.tag not in _PLAIN_TAGS:
            self.fail(node, path, "yaml-tag", f"YAML tag {node.tag!r} is not allowed")
            return None
        return self.constructor.construct_object(node, deep=True)


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    def problem(code: str, message: str, line: int | None = None) -> list[Problem]:
        return [Problem("error", code, message, Location(name, line))]

    if len(raw) > MAX_BYTES:
        mb = len(raw) / 1024 / 1024
        return None, problem("too-large", f"file is {mb:.0f} MB; a scorecard file may be at most "
                             f"{MAX_BYTES // 1024 // 1024} MB (split it with include:)")
    if b"\x00" in raw:
        return None, problem("binary", "this is a binary file, not a YAML scorecard")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, problem("encoding", f"byte {raw[exc.start]:#04x} is not UTF-8", line)
    if not text.strip():
        return None, problem("empty", "the file is empty")
    return text, []


def parse(raw: bytes, name: str) -> Document:
    """Return the YAML document in raw bytes as plain data with locations, or its problems."""
    text, problems = _decode(raw, name)
    if text is None:
        return Document(problems=problems)
    walk = _Walk(name)
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        reason = exc.problem or exc.context or "malformed YAML"
        walk.doc.problems.append(Problem("error", "yaml", f"malformed YAML: {reason}", Location(name, line, col)))
        return walk.doc
    except (yaml.YAMLError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        walk.doc.problems.append(Problem("error", "yaml", f"malformed YAML: {reason}", Location(name, 1, 1)))
        return walk.doc
    if root is None:
        walk.doc.problems.append(Problem("error", "empty", "the file holds no YAML document", Location(name, 1, 1)))
        return walk.doc
    try:
        walk.doc.data = walk.value(root, ())
    except _TooLarge as exc:
        walk.fail(exc.node, (), "too-large", f"more than {MAX_VALUES:,} values (aliases expanding?)")
        walk.doc.data = None
    except RecursionError:
        walk.doc.problems.append(Problem("error", "yaml-depth", "nested too deeply", Location(name, 1, 1)))
        walk.doc.data = None
    if walk.doc.data is not None and not isinstance(walk.doc.data, dict):
        walk.fail(root, (), "not-a-mapping", "a scorecard file must be a mapping of keys to values")
        walk.doc.data = None
    return walk.doc
