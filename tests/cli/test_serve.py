"""kpicascade serve refuses, with a clean message, what it must not or cannot do (serving: tests/preview)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.cards import write_card

from kpicascade.cli import cli


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org"])
def test_a_host_other_machines_reach_is_refused_without_the_flag(tmp_path: Path, host: str) -> None:
    write_card(tmp_path, [])
    result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--host", host, "--port", "0"])
    assert result.exit_code == 2
    assert f"{host} is not a loopback address" in result.stderr
    assert "--allow-remote" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_port_in_use_is_a_clean_error(tmp_path: Path) -> None:
    write_card(tmp_path, [])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.output
