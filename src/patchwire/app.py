"""The ASGI application: ``create_app(settings)`` builds everything; nothing runs at import."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import AsyncIterator

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from patchwire.catalog.loader import load_catalog
from patchwire.core.ids import new_token_secret
from patchwire.core.pagination import CursorCodec
from patchwire.core.ratelimit import create_rate_limiter
from patchwire.db.engine import WRITE_TRANSACTION, create_engine, create_sessionmaker, is_sqlite
from patchwire.db.models import InstanceSetting
from patchwire.runtime import Runtime
from patchwire.settings import Settings, load_settings
from patchwire.surfaces.public.dispatch import public_surface
from patchwire.surfaces.public.operations import public_operations
from patchwire.surfaces.v1beta.dispatch import PREFIX as CONFIG_PREFIX
from patchwire.surfaces.v1beta.dispatch import config_surface
from patchwire.surfaces.v1beta.operations import config_operations

access_log = logging.getLogger("patchwire.access")

SECRET_KEY_SETTING = "cursor_secret"


async def instance_secret(sessions: async_sessionmaker[AsyncSession], given: str | None) -> bytes:
    """The signing secret all replicas share: the configured one, else one kept in the store."""
    if given:
        return hashlib.sha256(given.encode()).digest()
    async with sessions() as session:
        await session.connection(execution_options=WRITE_TRANSACTION)
        row = await session.get(InstanceSetting, SECRET_KEY_SETTING)
        if row is None:
            row = InstanceSetting(key=SECRET_KEY_SETTING, value=new_token_secret())
            session.add(row)
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
                row = (
                    await session.scalars(
                        select(InstanceSetting).where(InstanceSetting.key == SECRET_KEY_SETTING)
                    )
                ).one()
        return hashlib.sha256(row.value.encode()).digest()


class PatchwireApp:
    """Top-level ASGI app: lifespan, access log, and the two API surfaces."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runtime: Runtime | None = None
        self._public: ASGIApp | None = None
        self._config: ASGIApp | None = None

    @contextlib.asynccontextmanager
    async def lifespan(self) -> AsyncIterator[Runtime]:
        settings = self.settings
        engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
        sessions = create_sessionmaker(engine)
        limiter = create_rate_limiter(settings.redis_url)
        try:
            secret = await instance_secret(sessions, settings.secret_key)
            runtime = Runtime(
                settings=settings,
                engine=engine,
                sessions=sessions,
                limiter=limiter,
                cursors=CursorCodec(secret),
                catalog=load_catalog(settings.catalog_files),
                single_writer=is_sqlite(settings.database_url),
            )
            self.runtime = runtime
            self._public = public_surface(runtime, public_operations())
            self._config = config_surface(runtime, config_operations())
            yield runtime
        finally:
            self.runtime = None
            self._public = None
            self._config = None
            await limiter.close()
            await engine.dispose()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if self._public is None or self._config is None:
            raise RuntimeError("the app is not started (lifespan did not run)")
        path: str = scope["path"]
        surface = self._config if _is_config(path) else self._public
        started = time.perf_counter()
        status = 500

        async def send_logged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await surface(scope, receive, send_logged)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "%s %s %d %.1fms",
                    scope["method"],
                    scope["path"],
                    status,
                    (time.perf_counter() - started) * 1000,
                )

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        await receive()  # lifespan.startup
        started = False
        try:
            async with self.lifespan():
                await send({"type": "lifespan.startup.complete"})
                started = True
                await receive()  # lifespan.shutdown
        except Exception as exc:
            kind = "lifespan.shutdown.failed" if started else "lifespan.startup.failed"
            await send({"type": kind, "message": repr(exc)})
            raise
        await send({"type": "lifespan.shutdown.complete"})


def _is_config(path: str) -> bool:
    return path == CONFIG_PREFIX or path.startswith(CONFIG_PREFIX + "/")


def create_app(settings: Settings) -> PatchwireApp:
    return PatchwireApp(settings)


def create_app_from_env() -> PatchwireApp:
    """Factory for ``uvicorn --factory`` (multi-worker serve): settings from PATCHWIRE_*."""
    return create_app(load_settings())
