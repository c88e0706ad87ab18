"""Serve a live preview over HTTP: the page, the account plan, its assets, and server-sent events on change."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from urllib.parse import quote

import jinja2
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from kpicascade.preview.live import Preview
from kpicascade.preview.loopback import is_loopback

_HERE = Path(__file__).resolve().parent
#: How often the files are looked at, and how often an open page hears of a new version (seconds).
POLL_SECONDS = 0.1
TELL_SECONDS = 0.05
#: The page loads its script and style from here only, and the account plan only inside a sandboxed frame.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src data:"
)
PLAN_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
_ASSETS = {"preview.js": "text/javascript", "preview.css": "text/css"}
_PAGE = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(_HERE)), autoescape=True, undefined=jinja2.StrictUndefined
).get_template("page.html.j2")


def _headers(policy: str) -> dict[str, str]:
    return {"Content-Security-Policy": policy, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _asset(name: str) -> Callable[[Request], Awaitable[Response]]:
    body = (_HERE / name).read_bytes()

    async def endpoint(request: Request) -> Response:
        return Response(body, media_type=_ASSETS[name], headers=_headers("default-src 'none'"))

    return endpoint


class _LoopbackHostOnly:
    """Answer only requests addressed to a loopback name, so a web page cannot reach us by DNS rebinding."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = host if host.endswith("]") else host.rsplit(":", 1)[0]
            if not is_loopback(name.strip("[]")):
                refused = PlainTextResponse("this preview answers requests to localhost only", 421)
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


def app(preview: Preview, *, any_host: bool = False) -> Starlette:
    """Return the ASGI application that serves the preview of the scorecards under one path.

    Unless any_host, a request whose Host is not a loopback name is refused.
    """

    async def index(request: Request) -> Response:
        names = await run_in_threadpool(preview.cards)
        if not names:
            return PlainTextResponse(f"no scorecard (a YAML file with account_id) under {preview.root}", 404)
        return RedirectResponse(f"/card/{quote(next(iter(names)))}", 307)

    async def card(request: Request) -> Response:
        name = request.path_params["name"]
        view = await run_in_threadpool(preview.view, name)
        if view is None:
            return PlainTextResponse(f"no scorecard named {name}", 404)
        html = _PAGE.render(
            view=view, name=name, names=list(preview.cards()), version=preview.version, root=str(preview.root)
        )
        return HTMLResponse(html, headers=_headers(PAGE_POLICY))

    async def plan(request: Request) -> Response:
        view = await run_in_threadpool(preview.view, request.path_params["name"])
        if view is None or view.shown is None:
            return PlainTextResponse("no account plan to show", 404)
        return HTMLResponse(view.shown.plan, headers=_headers(PLAN_POLICY))

    async def events(request: Request) -> Response:
        async def told() -> AsyncIterator[str]:
            sent = 0
            while True:
                if preview.version != sent:
                    sent = preview.version
                    yield f"data: {sent}\n\n"
                await asyncio.sleep(TELL_SECONDS)

        return StreamingResponse(told(), media_type="text/event-stream", headers=_headers("default-src 'none'"))

    @contextlib.asynccontextmanager
    async def watching(_: Starlette) -> AsyncIterator[None]:
        async def poll() -> None:
            while True:
                await run_in_threadpool(preview.poll)
                await asyncio.sleep(POLL_SECONDS)

        task = asyncio.create_task(poll())
        yield
        task.cancel()

    routes = [
        Route("/", index),
        Route("/card/{name:path}", card),
        Route("/plan/{name:path}", plan),
        Route("/events", events),
        *(Route(f"/{name}", _asset(name)) for name in _ASSETS),
    ]
    middleware = [] if any_host else [Middleware(_LoopbackHostOnly)]
    return Starlette(routes=routes, lifespan=watching, middleware=middleware)


def listen(host: str, port: int) -> socket.socket:
    """Return a socket listening on host and port (0: a free port), ready for the server."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)  # connections wait in the backlog from now on, while the server starts
    except OSError:
        sock.close()
        raise
    return sock


def serve(
    preview: Preview, sock: socket.socket, started: Callable[[], None] = lambda: None, *, any_host: bool = False
) -> None:
    """Serve the preview on a listening socket until interrupted."""
    application = app(preview, any_host=any_host)
    config = uvicorn.Config(application, log_level="warning", timeout_graceful_shutdown=1, lifespan="on")
    server = uvicorn.Server(config)
    started()
    server.run(sockets=[sock])
