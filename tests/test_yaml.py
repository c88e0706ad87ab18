"""The YAML reader: plain data with locations, and a clear problem for every kind of bad file."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest

from kpicascade import _yaml
from kpicascade.problems import Location

LOADERS = [pytest.param(False, id="libyaml"), pytest.param(True, id="pure")]


def _billion_laughs() -> bytes:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


# (case, raw bytes, code, line, column, field path); None where the problem has no line or column.
BAD = [
    ("malformed", b"account: [\n", "yaml", 2, 1, ()),
    ("unclosed quote", b'account: "Acme\n', "yaml", 2, 1, ()),
    ("tab indentation", b"a:\n\t- b\n", "yaml", 2, 1, ()),
    ("empty", b"", "empty", None, None, ()),
    ("blank", b"  \n\n", "empty", None, None, ()),
    ("only comments", b"# nothing here\n", "empty", 1, 1, ()),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", None, None, ()),
    ("latin-1", b"account: Acme\nname: caf\xe9\n", "encoding", 2, None, ()),
    ("UTF-16", "account: Fjord\n".encode("utf-16"), "encoding", None, None, ()),
    ("control character", b"account: a\x07b\n", "yaml", 1, 11, ()),
    ("escaped bell", b'account: "a\\ab"\n', "text-character", 1, 10, ("account",)),
    ("escaped NUL", b'name: "\\0"\n', "text-character", 1, 7, ("name",)),
    ("escaped ESC in a list", b'tags: [ok, "\\e[31m"]\n', "text-character", 1, 12, ("tags", 1)),
    ("escaped vertical tab", b'a:\n  b: "x\\vy"\n', "text-character", 2, 6, ("a", "b")),
    ("escaped C1 CSI", b'a: "\\x9b2J"\n', "text-character", 1, 4, ("a",)),
    ("non-character U+FFFE", b'a: "\\uFFFE"\n', "text-character", 1, 4, ("a",)),
    ("non-character U+FFFF", b'a: "x\\uFFFF"\n', "text-character", 1, 4, ("a",)),
    ("non-character U+10FFFF", b'a: "\\U0010FFFF"\n', "text-character", 1, 4, ("a",)),
    ("control character in a key", b'"k\\x07": 1\n', "text-character", 1, 1, ()),
    ("integer of 5,000 digits", b"a: " + b"9" * 5000 + b"\n", "too-large", 1, 4, ("a",)),
    ("hex integer of 5,000 digits in a text field", b"name: 0x" + b"f" * 5000 + b"\n", "too-large", 1, 7, ("name",)),
    ("float of 1,000 digits", b"a: " + b"9" * 1000 + b".5\n", "too-large", 1, 4, ("a",)),
    ("16 digits", b"a: " + b"9" * 16 + b"\n", "too-large", 1, 4, ("a",)),
    ("1.7e+308", b"a: [1, -1.7e+308]\n", "too-large", 1, 8, ("a", 1)),
    ("base-60 integer", b"baseline: 1:30\n", "yaml-1.1", 1, 11, ("baseline",)),
    ("base-60 float", b"baseline: 1:30.5\n", "yaml-1.1", 1, 11, ("baseline",)),
    ("octal", b"a:\n  - 0123\n", "yaml-1.1", 2, 5, ("a", 0)),
    ("NO for Norway", b"country: NO\n", "yaml-1.1", 1, 10, ("country",)),
    ("yes", b"leading: yes\n", "yaml-1.1", 1, 10, ("leading",)),
    ("off", b"a: {b: off}\n", "yaml-1.1", 1, 8, ("a", "b")),
    ("not a mapping", b"- a\n- b\n", "not-a-mapping", 1, 1, ()),
    ("a bare scalar", b"hello\n", "not-a-mapping", 1, 1, ()),
    ("null document", b"~\n", "not-a-mapping", 1, 1, ()),
    ("python object", b"account: !!python/object/apply:os.system ['echo hi']\n", "yaml-tag", 1, 10, ("account",)),
    ("python name", b"x: !!python/name:os.system\n", "yaml-tag", 1, 4, ("x",)),
    ("python object on a mapping", b"x: !!python/object:os.Popen {args: ls}\n", "yaml-tag", 1, 4, ("x",)),
    ("custom tag", b"a:\n  b: !secret x\n", "yaml-tag", 2, 6, ("a", "b")),
    ("set", b"a: !!set {x, y}\n", "yaml-tag", 1, 4, ("a",)),
    ("binary tag", b"a: !!binary aGVsbG8=\n", "yaml-tag", 1, 4, ("a",)),
    ("bad explicit int", b'a: !!int "ten"\n', "yaml-tag", 1, 4, ("a",)),
    ("empty explicit float", b"a: !!float\n", "yaml-tag", 1, 4, ("a",)),
    ("explicit int of a sign alone", b'a:\n  b: !!int "-"\n', "yaml-tag", 2, 6, ("a", "b")),
    ("merge key", b"base: &b {x: 1}\nother:\n  <<: *b\n", "yaml-merge", 3, 3, ("other",)),
    ("duplicate key", b"account: A\naccount: B\n", "duplicate-key", 2, 1, ("account",)),
    ("list as key", b"? [a, b]\n: 1\n", "yaml-key", 1, 3, ()),
    ("float key", b"1.5: x\n", "yaml-key", 1, 1, ()),
    ("null key", b"~: x\n", "yaml-key", 1, 1, ()),
    ("undefined alias", b"a: *nowhere\n", "yaml-alias", 1, 4, ("a",)),
    ("recursive alias", b"a: &r [1, *r]\n", "yaml-alias", 1, 11, ("a", 1)),
    ("two documents", b"a: 1\n---\nb: 2\n", "yaml-documents", 2, 1, ()),
    ("deep lists", b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", "yaml-depth", 1, 43, None),
    (
        "deep mappings",
        b"".join(b"  " * i + b"k%d:\n" % i for i in range(100)) + b"  " * 100 + b"x\n",
        "yaml-depth",
        41,
        81,
        None,
    ),
    ("deep block lists", b"- " * 5_000 + b"x\n", "yaml-depth", 1, 81, None),
    ("deep inside a rejected tag", b"a: !!set " + b"{" * 5_000 + b"}" * 5_000 + b"\n", "yaml-depth", None, None, None),
    ("billion laughs", _billion_laughs(), "too-large", None, None, None),
    ("too many values", b"a: [" + b"1," * (_yaml.MAX_VALUES + 10) + b"]\n", "too-large", 1, None, None),
    ("50 MB", b"account: x\n# " + b"x" * (50 * 1024 * 1024) + b"\n", "too-large", None, None, ()),
]


def _params(rows: Sequence[tuple[object, ...]], slow: set[str]) -> list[object]:
    return [pytest.param(*row, id=str(row[0]), marks=[pytest.mark.slow] if row[0] in slow else []) for row in rows]


def _matches(found: object, expected: object) -> bool:
    return expected is None or found == expected


@pytest.mark.parametrize("pure", LOADERS)
@pytest.mark.parametrize(("case", "raw", "code", "line", "column", "path"), _params(BAD, slow={"too many values"}))
def test_bad_yaml_gives_one_clear_problem_at_its_place(
    case: str,
    raw: bytes,
    code: str,
    line: int | None,
    column: int | None,
    path: tuple[object, ...] | None,
    pure: bool,
) -> None:
    started = time.process_time()  # processor time: other work on the machine does not count
    doc = _yaml.parse(raw, "card.yaml", pure=pure)
    elapsed = time.process_time() - started
    problem = next(p for p in doc.problems if p.code == code)
    assert problem.severity == "error"
    assert problem.location.file == "card.yaml"
    assert _matches(problem.location.line, line), problem
    assert _matches(problem.location.column, column), problem
    assert _matches(problem.path, path), problem
    assert problem.message
    assert elapsed < 30, f"{case} took {elapsed:.1f} s"  # a guard against hangs, not a benchmark


@pytest.mark.parametrize("pure", LOADERS)
def test_hostile_files_leave_no_data_to_validate(pure: bool) -> None:
    for raw in (_billion_laughs(), b"a: " + b"[" * 100_000 + b"]" * 100_000, b"a: [\n"):
        doc = _yaml.parse(raw, "x.yaml", pure=pure)
        assert doc.data is None
        assert [p.severity for p in doc.problems] == ["error"]


def test_problems_stop_at_a_limit() -> None:
    raw = b"".join(b"k%d: !!binary x\n" % i for i in range(1000))
    doc = _yaml.parse(raw, "x.yaml")
    assert len(doc.problems) == _yaml.MAX_PROBLEMS + 1
    assert doc.problems[-1].code == "too-many-problems"


GOOD = [
    (
        "plain scalars",
        b"s: text\ni: 12\nf: 0.5\nb: true\nn: ~\n",
        {"s": "text", "i": 12, "f": 0.5, "b": True, "n": None},
    ),
    ("quoted numbers stay text", b"a: '12'\nb: \"true\"\n", {"a": "12", "b": "true"}),
    (
        "periods stay text",
        b"a: 2026-Q3\nb: 2026-09\nc: 2026-09-30\n",
        {"a": "2026-Q3", "b": "2026-09", "c": "2026-09-30"},
    ),
    ("integer keys become text", b"2026: x\n", {"2026": "x"}),
    ("explicit plain tags", b"a: !!str 12\nb: !!float 1\n", {"a": "12", "b": 1.0}),
    ("underscored int", b"a: 1_000\n", {"a": 1000}),
    ("NaN is data here", b"a: .nan\n", None),  # the model rejects it, with its place
    ("byte order mark", b"\xef\xbb\xbfa: 1\n", {"a": 1}),
    ("anchors and aliases", b"t: &t {green: 0.9}\nu: *t\n", {"t": {"green": 0.9}, "u": {"green": 0.9}}),
    ("explicit document markers", b"---\na: 1\n...\n", {"a": 1}),
    ("flow style", b"{a: [1, {b: c}]}\n", {"a": [1, {"b": "c"}]}),
    ("nesting at the limit", b"a: " + b"[" * (_yaml.MAX_DEPTH - 1) + b"]" * (_yaml.MAX_DEPTH - 1) + b"\n", None),
]


@pytest.mark.parametrize("pure", LOADERS)
@pytest.mark.parametrize(("case", "raw", "expected"), GOOD, ids=[c[0] for c in GOOD])
def test_good_yaml_reads_as_plain_data(case: str, raw: bytes, expected: object, pure: bool) -> None:
    doc = _yaml.parse(raw, "x.yaml", pure=pure)
    assert doc.problems == []
    assert isinstance(doc.data, dict)
    if expected is not None:
        assert doc.data == expected


@pytest.mark.parametrize("pure", LOADERS)
def test_locations_of_values_and_keys(pure: bool) -> None:
    raw = b"account: Acme\nnodes:\n  - id: a\n    tags: [x, y]\n"
    doc = _yaml.parse(raw, "x.yaml", pure=pure)
    assert doc.values[("account",)] == Location("x.yaml", 1, 10)
    assert doc.keys[("account",)] == Location("x.yaml", 1, 1)
    assert doc.values[("nodes", 0)] == Location("x.yaml", 3, 5)
    assert doc.keys[("nodes", 0, "id")] == Location("x.yaml", 3, 5)
    assert doc.values[("nodes", 0, "id")] == Location("x.yaml", 3, 9)
    assert doc.values[("nodes", 0, "tags", 1)] == Location("x.yaml", 4, 15)


def test_an_alias_takes_the_locations_of_its_anchor_below_the_alias_itself() -> None:
    raw = b"t: &t\n  green: 0.9\nu: *t\n"
    doc = _yaml.parse(raw, "x.yaml")
    assert doc.values[("u",)] == Location("x.yaml", 3, 4)
    assert doc.values[("u", "green")] == Location("x.yaml", 2, 10)
    assert doc.keys[("u", "green")] == Location("x.yaml", 2, 3)


def test_an_aliased_value_is_a_copy() -> None:
    doc = _yaml.parse(b"t: &t {a: [1]}\nu: *t\n", "x.yaml")
    doc.data["u"]["a"].append(2)
    assert doc.data["t"] == {"a": [1]}


def test_aliases_may_copy_a_modest_amount() -> None:
    raw = b"t: &t {green: 0.9, amber: 0.7}\n" + b"".join(b"n%d: *t\n" % i for i in range(2_000))
    doc = _yaml.parse(raw, "x.yaml")
    assert doc.problems == []
    assert doc.data["n1999"] == {"green": 0.9, "amber": 0.7}


def test_an_alias_that_would_nest_too_deep_is_refused() -> None:
    deep = b"[" * 30 + b"]" * 30
    doc = _yaml.parse(b"t: &t " + deep + b"\nu: " + b"[" * 20 + b"*t" + b"]" * 20 + b"\n", "x.yaml")
    assert [p.code for p in doc.problems] == ["yaml-depth"]


# (case, raw, the value read): what YAML 1.1 and 1.2 read alike is read as it was always read.
PLAIN = [
    ("true", b"a: true\n", True),
    ("False", b"a: False\n", False),
    ("quoted NO", b"a: 'NO'\n", "NO"),
    ("quoted time", b"a: '1:30'\n", "1:30"),
    ("zero", b"a: 0\n", 0),
    ("negative zero", b"a: -0\n", 0),
    ("underscores", b"a: 1_000\n", 1000),
    ("15 digits", b"a: " + b"9" * 15 + b"\n", int("9" * 15)),
    ("10^15", b"a: 1.0e+15\n", 1e15),
    ("hex", b"a: 0x1F\n", 31),
    ("tab and line break in text", b'a: "x\\ty\\nz"\n', "x\ty\nz"),
    ("emoji and accents", "a: café ☕ 😀\n".encode(), "café ☕ 😀"),
    ("leading zero as text", b"a: '0123'\n", "0123"),
]


@pytest.mark.parametrize("pure", LOADERS)
@pytest.mark.parametrize(("case", "raw", "value"), PLAIN, ids=[c[0] for c in PLAIN])
def test_values_both_yaml_versions_agree_on_are_read(case: str, raw: bytes, value: object, pure: bool) -> None:
    doc = _yaml.parse(raw, "card.yaml", pure=pure)
    assert doc.problems == []
    assert doc.data == {"a": value}
    assert type(doc.data["a"]) is type(value)


@pytest.mark.parametrize("pure", LOADERS)
def test_a_lone_surrogate_is_refused_by_either_parser(pure: bool) -> None:
    doc = _yaml.parse(b'a: "\\uD800"\n', "card.yaml", pure=pure)  # libyaml refuses the escape, PyYAML reads it
    assert doc.data is None or doc.data == {"a": None}
    assert [(p.code in ("yaml", "text-character"), p.location.line) for p in doc.problems] == [(True, 1)]
