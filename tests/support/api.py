"""An HTTP client bound to a real server running the app, validating every response."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx
import uvicorn

from patchwire.app import PatchwireApp, create_app
from patchwire.runtime import Runtime
from patchwire.settings import Settings
from tests.support.databases import migrate

T = TypeVar("T")

ResponseHook = Callable[[httpx.Response], None]
_hooks: list[ResponseHook] = []


def on_every_response(hook: ResponseHook) -> None:
    """Register a check run on every response any test receives (the contract check)."""
    _hooks.append(hook)


class LiveServer:
    """uvicorn serving the app on a free loopback port, in a thread with its own loop."""

    def __init__(self, app: PatchwireApp) -> None:
        self.app = app
        # IPPROTO_TCP explicitly: asyncio only turns Nagle off (TCP_NODELAY) for such sockets.
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve(sockets=[self.sock]))

    def start(self) -> None:
        self.thread.start()
        for _ in range(500):
            if self.server.started:
                return
            if not self.thread.is_alive():
                raise RuntimeError("the test server failed to start")
            threading.Event().wait(0.01)
        raise RuntimeError("the test server did not start in 5 s")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.loop.close()
        self.sock.close()

    def call(self, work: Callable[[], Awaitable[T]]) -> T:
        return asyncio.run_coroutine_threadsafe(work(), self.loop).result(timeout=60)  # type: ignore[arg-type]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Api:
    """Thin wrapper over Starlette's TestClient: real HTTP semantics, in process."""

    def __init__(self, client: httpx.Client, server: LiveServer, token: str | None = None) -> None:
        self._client = client
        self.server = server
        self.token = token

    @property
    def runtime(self) -> Runtime:
        assert self.server.app.runtime is not None
        return self.server.app.runtime

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def run(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run a coroutine in the app's own event loop."""
        return self.server.call(work)

    def as_token(self, token: str | None) -> Api:
        return Api(self._client, self.server, token)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        response = self._client.request(method, url, headers=headers, **kwargs)
        for hook in _hooks:
            hook(response)
        return response

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)


def test_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "rate_limit_per_minute": 100_000,
        "bootstrap_workspace": None,
    }
    values.update(overrides)
    return Settings(**values)


@contextmanager
def make_client(database_url: str, **overrides: Any) -> Iterator[Api]:
    asyncio.run(migrate(database_url))
    server = LiveServer(create_app(test_settings(database_url, **overrides)))
    server.start()
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as http:
            yield Api(http, server)
    finally:
        server.stop()
