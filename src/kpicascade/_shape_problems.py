"""Turn pydantic's validation errors into problems with plain messages, our own codes and their places.

The model's unions are tagged (`model.value_shape` picks a member by the value's shape), so pydantic puts
our own tag in an error's path ("target.mapping"); the path is walked along the model's types so that
tags are dropped, a value of no member's shape gets one message naming every member, and an unknown key
can be matched against the keys its mapping allows.
"""

from __future__ import annotations

import difflib
import types
from collections import defaultdict
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError
from pydantic_core import ErrorDetails

from kpicascade import hints
from kpicascade.model import Scorecard
from kpicascade.problems import FieldPath, Problem, SourceMap

_ID_RULE = "start with a letter, then use letters, digits, '_', '.' or '-' (at most 80 characters)"
_TYPE_WORDS = {
    float: "a number",
    int: "a whole number",
    str: "text",
    bool: "true or false",
    dict: "a mapping",
    list: "a list",
}


@dataclass(frozen=True)
class _Place:
    """Where an error is: the field path, the model owning its last key, and the union it went through."""

    path: FieldPath
    owner: type[BaseModel] | None
    union: FieldPath | None
    members: tuple[Any, ...] = ()
    mapping_keys: frozenset[int] = frozenset()  # positions in path that are keys of a free mapping

    @property
    def name(self) -> str:
        """Return how a message names the field: its last key, with list indexes and mapping keys after it."""
        text = ""
        for i in range(len(self.path) - 1, -1, -1):
            part = self.path[i]
            if isinstance(part, int) or i in self.mapping_keys:
                text = f"[{part}]{text}"
            else:
                return f"{part}{text}"
        return text or "the file"


def _members(tp: Any) -> tuple[Any, ...]:
    if get_origin(tp) in (Union, types.UnionType):
        return tuple(a for a in get_args(tp) if a is not type(None))
    return (tp,)


def _strip(tp: Any) -> Any:
    """Return the type inside Annotated and Optional wrappers (a tagged union stays a union)."""
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
            continue
        members = _members(tp)
        if len(members) == 1 and members[0] is not tp:
            tp = members[0]
            continue
        return tp


def _tag(tp: Any) -> str | None:
    if get_origin(tp) is Annotated:
        return next((m.tag for m in get_args(tp)[1:] if isinstance(m, Tag)), None)
    return None


def _member(members: tuple[Any, ...], part: object) -> Any:
    return next((m for m in members if _tag(m) == part), None)


def _field_type(model: type[BaseModel], key: object) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def _place(loc: tuple[int | str, ...]) -> _Place:
    """Return the place of an error, walking its pydantic path along the scorecard's types."""
    tp: Any = Scorecard
    path: list[str | int] = []
    owner: type[BaseModel] | None = None
    union: FieldPath | None = None
    members: tuple[Any, ...] = ()
    mapping_keys: set[int] = set()
    for part in loc:
        tp = _strip(tp)
        if len(_members(tp)) > 1 and (chosen := _member(_members(tp), part)) is not None:
            union, members, tp = tuple(path), _members(tp), chosen
            continue
        origin = get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            owner, tp = tp, _field_type(tp, part)
        elif origin is list:
            tp = get_args(tp)[0]
        elif origin is dict:
            tp = get_args(tp)[1]
            mapping_keys.add(len(path))
        else:
            tp = None
        path.append(part)
    if union is None and len(_members(_strip(tp))) > 1:
        members = _members(_strip(tp))  # a value of no member's shape stops at the union itself
    return _Place(tuple(path), owner, union, members, frozenset(mapping_keys))


def describe(value: object) -> str:
    """Return how a message names a value that has the wrong type."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _words(tp: Any) -> str:
    tp = _strip(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "a mapping"
    return _TYPE_WORDS.get(get_origin(tp) or tp, getattr(tp, "__name__", str(tp)))


def _unknown_key(place: _Place) -> str:
    key = str(place.path[-1])
    if place.owner is None:
        return f"unknown key {key!r}"
    allowed = [info.alias or name for name, info in place.owner.model_fields.items()]
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7)
    if close:
        return f"unknown key {key!r}; did you mean {close[0]!r}?"
    return f"unknown key {key!r}; allowed here: {', '.join(allowed)}"


def _pattern(place: _Place, value: object) -> tuple[str, str]:
    if place.path[-1:] == ("currency",):
        return "bad-currency", f"currency must be a three-letter ISO code like EUR, USD or GBP; got {value!r}"
    return "bad-id", f"{value!r} is not a valid id: {_ID_RULE}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _wrong_type(field: str, expected: str, value: object) -> str:
    hint = ""
    if isinstance(value, bool) and expected == "text":
        hint = "; YAML reads yes/no/on/off/true/false as true or false, so put the text in quotes"
    elif isinstance(value, int | float) and not isinstance(value, bool) and expected == "text":
        hint = "; put it in quotes"
    elif isinstance(value, str) and "number" in expected and _is_number(value):
        hint = "; remove the quotes"
    elif isinstance(value, str) and "number" in expected:
        hint = hints.number_hint(value)
    return f"{field} must be {expected}, got {describe(value)}{hint}"


_BOUNDS = {
    "greater_than": "greater than",
    "greater_than_equal": "at least",
    "less_than": "less than",
    "less_than_equal": "at most",
}
_EXPECTED = {
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _message(error: ErrorDetails, place: _Place) -> tuple[str, str]:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx", {})
    field = place.name
    if kind == "extra_forbidden":
        return "unknown-key", _unknown_key(place)
    if kind == "missing":
        return "missing-key", f"missing required key {field!r}"
    if kind == "string_pattern_mismatch":
        return _pattern(place, value)
    if kind in _EXPECTED:
        return "wrong-type", _wrong_type(field, _EXPECTED[kind], value)
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        alternatives = " or ".join(dict.fromkeys(_words(m) for m in place.members))
        return "wrong-type", f"{field} must be {alternatives}, got {describe(value)}"
    if kind == "finite_number":
        return "not-finite", f"{field} must be a finite number; NaN and infinity are not allowed"
    if kind == "literal_error":
        return "not-a-choice", f"{field} must be one of {ctx.get('expected')}; got {describe(value)}"
    if kind in _BOUNDS:
        limit = next(iter(ctx.values()), "?")
        return "out-of-range", f"{field} must be {_BOUNDS[kind]} {limit:g}; got {describe(value)}"
    if kind == "string_too_short":
        return "empty-text", f"{field} must not be empty"
    if kind == "string_too_long":
        return "too-long", f"{field} is longer than {ctx.get('max_length')} characters"
    if kind in ("value_error", "assertion_error"):
        return "invalid", str(ctx.get("error", error["msg"]))
    return "invalid", error["msg"]


def _merge_unions(errors: list[tuple[ErrorDetails, _Place]]) -> list[tuple[ErrorDetails, _Place, str | None]]:
    """Return the errors with each union's alternatives folded into one, or into those inside a member."""
    groups: dict[FieldPath, list[tuple[ErrorDetails, _Place]]] = defaultdict(list)
    out: list[tuple[ErrorDetails, _Place, str | None]] = []
    for error, place in errors:
        if place.union is None:
            out.append((error, place, None))
        else:
            groups[place.union].append((error, place))
    for union, members in groups.items():
        inner = [(e, p, None) for e, p in members if len(p.path) > len(union)]
        if inner:
            out.extend(inner)
            continue
        error, place = members[0]
        alternatives = " or ".join(dict.fromkeys(_words(m) for m in place.members))
        out.append((error, place, f"{place.name} must be {alternatives}, got {describe(error.get('input'))}"))
    return out


def problems(exc: ValidationError, source: SourceMap) -> list[Problem]:
    """Return a problem for each of pydantic's errors, with file:line:column and field path."""
    errors = [(error, _place(tuple(error["loc"]))) for error in exc.errors(include_url=False)]
    found = []
    for error, place, merged in _merge_unions(errors):
        code, message = ("wrong-type", merged) if merged else _message(error, place)
        key = error["type"] == "extra_forbidden"
        found.append(Problem("error", code, message, source.locate(place.path, key=key), place.path))
    return found
