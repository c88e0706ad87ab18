"""kpicascade serve: a live preview of the scorecards under a path, reloaded in the browser on every change."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, console, fail


@click.command(name="serve")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Listen on an address other machines can reach (needed for any --host that is not loopback).",
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="A folder of jinja2 templates that override ours in the account plan (watched too).",
)
def serve(path: Path, port: int, host: str, allow_remote: bool, templates: Path | None) -> None:
    """Preview the scorecards under PATH in the browser: score tree, diagrams and account plan.

    The page reloads within a second when a scorecard, actuals, plan or template file changes. A YAML
    error shows on the page with its file, line and fix, beside the last good rendering. Only this
    machine can connect unless --allow-remote is given. Stop with Ctrl-C.

    \b
    Example:
      kpicascade serve scorecards/
      kpicascade serve acme.yaml --port 9000 --templates brand/
    """
    from kpicascade.preview import Preview, is_loopback
    from kpicascade.preview.server import listen
    from kpicascade.preview.server import serve as run

    if not is_loopback(host) and not allow_remote:
        raise click.BadParameter(
            f"{host} is not a loopback address: other machines could read these scorecards; "
            "add --allow-remote to listen there anyway",
            param_hint="--host",
        )
    try:
        sock = listen(host, port)
    except OSError as exc:
        fail(KpiCascadeError(f"cannot listen on {host}:{port}: {exc.strerror}"))
    preview = Preview(path, templates)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{sock.getsockname()[1]}/"
    out = console()
    told = f"serving {escape(str(path))} at {escape(url)} (Ctrl-C to stop)"
    run(preview, sock, lambda: out.print(told), any_host=allow_remote)
    sys.exit(EXIT_OK)
