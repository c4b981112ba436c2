"""``patchwire``: serve the APIs and manage workspaces and tokens in the store."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer

from patchwire.cli import output
from patchwire.cli.tokens import tokens_app
from patchwire.cli.workspaces import workspaces_app
from patchwire.settings import Settings, load_settings

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
app.add_typer(workspaces_app, name="workspaces")
app.add_typer(tokens_app, name="tokens")

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", envvar="PATCHWIRE_DATABASE_URL", help="SQLAlchemy URL"),
]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    database_url: DatabaseUrl = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
    rate_limit_per_minute: Annotated[
        int | None, typer.Option(min=0, help="Requests per token per minute; 0 disables")
    ] = None,
    redis_url: Annotated[
        str | None, typer.Option(envvar="PATCHWIRE_REDIS_URL", help="Shared rate limits")
    ] = None,
    catalog: Annotated[
        list[Path] | None, typer.Option("--catalog", help="Extra catalog JSON file(s)")
    ] = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning")] = "info",
) -> None:
    """Run the server: migrate the store, bootstrap the first workspace, serve HTTP."""
    import uvicorn

    from patchwire.app import create_app
    from patchwire.cli.bootstrap import bootstrap

    with output.expected_errors():
        settings = load_settings(
            database_url=database_url,
            rate_limit_per_minute=rate_limit_per_minute,
            redis_url=redis_url,
            catalog_files=catalog,
        )
        _configure_logging(log_level)
        bootstrap(settings, host, port)
    common = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "access_log": False,
        "timeout_graceful_shutdown": 30,
        "log_config": _log_config(log_level),
    }
    # uvicorn re-raises SIGTERM after its graceful shutdown; by then the work is done, so
    # the process ends with status 0 instead of dying by the signal.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    if workers == 1:
        uvicorn.run(create_app(settings), **common)  # type: ignore[arg-type]
    else:
        _export(settings)
        uvicorn.run("patchwire.app:create_app_from_env", factory=True, workers=workers, **common)  # type: ignore[arg-type]


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT, stream=sys.stderr)


def _log_config(level: str) -> dict[str, Any]:
    """Handed to uvicorn, which applies it in every worker process too (one line per
    request, from each worker)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
    }


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _export(settings: Settings) -> None:
    """Hand the effective settings to worker processes through the environment."""
    os.environ["PATCHWIRE_DATABASE_URL"] = settings.database_url
    os.environ["PATCHWIRE_RATE_LIMIT_PER_MINUTE"] = str(settings.rate_limit_per_minute)
    if settings.redis_url:
        os.environ["PATCHWIRE_REDIS_URL"] = settings.redis_url
    if settings.catalog_files:
        os.environ["PATCHWIRE_CATALOG_FILES"] = (
            "[" + ",".join(f'"{p}"' for p in settings.catalog_files) + "]"
        )


def main() -> None:
    app()
