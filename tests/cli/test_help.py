"""Every command, including those added later: help text with an example, and a section in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kpicascade.cli import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    command: click.Command = cli.commands[name]
    assert command.get_short_help_str(), f"{name} has no help text"
    assert "Example" in result.stdout, f"kpicascade {name} --help shows no example"
    assert f"kpicascade {name}" in result.stdout.split("Example", 1)[1], f"{name}'s example does not run it"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented_in_the_readme(name: str) -> None:
    assert f"### `kpicascade {name}" in README, f"README.md has no section for kpicascade {name}"


def test_the_group_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert all(name in result.stdout for name in cli.commands)
