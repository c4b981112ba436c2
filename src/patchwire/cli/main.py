"""``patchwire``: serve the APIs and manage workspaces and tokens in the store."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

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
        "log_config": None,
    }
    if workers == 1:
        uvicorn.run(create_app(settings), **common)  # type: ignore[arg-type]
    else:
        _export(settings)
        uvicorn.run("patchwire.app:create_app_from_env", factory=True, workers=workers, **common)  # type: ignore[arg-type]


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )


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
