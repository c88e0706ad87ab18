"""kpicascade check: exit codes scripts can trust, every problem with its place, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.cards import write_card

from kpicascade.cli import cli

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "scorecards").glob("*.yaml"))

HOSTILE = {
    "malformed.yaml": b"account: [Fjord\nvendor: x\n",
    "empty.yaml": b"",
    "binary.yaml": bytes(range(256)) * 16,
    "latin1.yaml": "account: Fjörd\n".encode("latin-1"),
    "deep.yaml": b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "deep-map.yaml": b"".join(b" " * i + b"k:\n" for i in range(200)) + b" " * 200 + b"x\n",
    "nan.yaml": b"account: x\nannual_fee: .nan\n",
    "unknown-key.yaml": b"acount: x\n",
    "object.yaml": b"account: !!python/object/apply:os.system ['touch pwned']\n",
    "laughs.yaml": b"a: &a [x,x,x,x,x,x,x,x,x]\n"
    + b"".join(b"%c: &%c [%s]\n" % (c, c, b",".join([b"*" + bytes([c - 1])] * 9)) for c in b"bcdefghi"),
    "wrong-types.yaml": b"account: [1]\naccount_id: {}\nhorizon: 2026\nnodes: yes\n",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_every_example_scorecard_passes() -> None:
    assert EXAMPLES, "the bundled examples are missing"
    code, out, _ = run(*map(str, EXAMPLES))
    assert code == 0, out
    assert out.count(": valid (0 errors") == len(EXAMPLES)


def test_a_folder_is_searched_for_scorecards() -> None:
    code, out, _ = run(str(EXAMPLES[0].parent))
    assert code == 0, out
    assert all(str(path.name) in out for path in EXAMPLES)


def test_an_invalid_scorecard_exits_1_naming_file_line_column_and_field(tmp_path: Path) -> None:
    card, where = write_card(tmp_path, [("weight: 1}", "weight: «-1}")])
    code, out, _ = run(str(card))
    assert code == 1
    assert f"{where}: error: weight must be greater than 0; got -1 [links.contributes[1].weight] (out-of-range)" in out
    assert f"{card}: invalid (1 errors, 0 warnings)" in out


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    card, where = write_card(tmp_path, [("links:\n", "  - «{id: sig_api, name: API calls}\nlinks:\n")])
    code, out, _ = run(str(card))
    assert code == 0
    assert f"{where}: warning: signal 'sig_api' is linked to nothing" in out
    assert run(str(card), "--strict")[0] == 1


def test_json_for_scripts(tmp_path: Path) -> None:
    good, _ = write_card(tmp_path, [], name="good.yaml")
    bad, where = write_card(tmp_path, [("department: cx", "department: «c_x")], name="bad.yaml")
    code, out, _ = run(str(good), str(bad), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["valid"] is False
    assert [(f["file"], f["valid"]) for f in report["files"]] == [(str(good), True), (str(bad), False)]
    problem = report["files"][1]["problems"][0]
    assert problem == {
        "severity": "error",
        "code": "unknown-reference",
        "message": "unknown department 'c_x'; did you mean 'cx'?",
        "file": str(bad),
        "line": where.line if where else None,
        "column": where.column if where else None,
        "field": "nodes[2].department",
    }


def test_a_folder_without_scorecards_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "part.yaml").write_text("nodes: []\n")
    code, _, err = run(str(tmp_path))
    assert code == 1
    assert f"no scorecard (a .yaml file with an account_id) in {tmp_path}" in err


@pytest.mark.parametrize(
    "args",
    [[], ["no-such-file.yaml"], ["--format", "xml", "x.yaml"], ["--nope"]],
    ids=["no path", "missing file", "unknown format", "unknown option"],
)
def test_bad_usage_exits_2(args: list[str]) -> None:
    assert run(*args)[0] == 2


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_exits_1_with_its_place_and_no_traceback(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{path}:" in result.stdout
    assert f"{path}: invalid" in result.stdout
    assert "Traceback" not in result.output
    assert not (tmp_path / "pwned").exists()


def test_hostile_input_in_a_real_process_fails_fast_and_cleanly(tmp_path: Path) -> None:
    """In a real process, so that a crash in C (libyaml) would show as a signal, not pass unseen."""
    for name, raw in HOSTILE.items():
        (tmp_path / name).write_bytes(raw)
    (tmp_path / "huge.yaml").write_bytes(b"account: x\n# " + b"x" * (50 * 1024 * 1024) + b"\n")
    env = {**os.environ, "NO_COLOR": "1"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kpicascade", "check", *sorted(map(str, tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.count(": invalid (") == len(HOSTILE) + 1
    assert "larger than 10 MB" in done.stdout
    assert "\x1b[" not in done.stdout  # plain when piped
    assert elapsed < 60, f"{elapsed:.1f} s"


def test_colour_only_on_a_terminal(tmp_path: Path) -> None:
    card, _ = write_card(tmp_path, [("department: cx", "department: c_x")])
    forced = subprocess.run(
        [sys.executable, "-m", "kpicascade", "check", str(card)],
        capture_output=True,
        text=True,
        env={**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"},
        timeout=60,
        check=False,
    )
    assert forced.returncode == 1
    assert "\x1b[" in forced.stdout


def test_markup_in_a_scorecard_is_printed_as_text(tmp_path: Path) -> None:
    card, _ = write_card(tmp_path, [("kind: kpm", "kind: '[red]process[/red]'")])
    code, out, _ = run(str(card))
    assert code == 1
    assert "got '[red]process[/red]'" in out


# (the kpi_otif node of the base scorecard as rewritten, {field: where it must come from})
ORIGIN_CASES: list[tuple[list[tuple[str, str]], dict[str, str]]] = [
    (
        [("    name: On time in full\n    kind: kpi\n    perspective: customer\n", "    catalog: supply.otif\n")],
        {"name": "catalog supply.otif", "kind": "catalog supply.otif", "metric.formula": "catalog supply.otif"},
    ),
    (
        [("    name: On time in full\n", "    catalog: supply.otif\n    name: On time in full\n")],
        {"name": "card.yaml:", "kind": "card.yaml:", "metric.unit": "card.yaml:", "metric.formula": "catalog supply"},
    ),
]


@pytest.mark.parametrize(("replacements", "expected"), ORIGIN_CASES)
def test_origins_say_which_fields_came_from_the_catalogue(
    tmp_path: Path, replacements: list[tuple[str, str]], expected: dict[str, str]
) -> None:
    path, _ = write_card(tmp_path, replacements)
    code, out, _ = run(str(path), "--origins", "--format", "json")
    assert code == 0, out
    [checked] = json.loads(out)["files"]
    origins = checked["origins"]["kpi_otif"]
    shown = {field: origins[field].replace(str(tmp_path) + "/", "") for field in expected}
    assert {field: text[: len(expected[field])] for field, text in shown.items()} == expected
    assert list(checked["origins"]) == ["kpi_otif"]  # only nodes that name an entry
    code, text, _ = run(str(path), "--origins")
    assert "  kpi_otif:" in text
    assert all(f"    {field}" in text for field in expected)
