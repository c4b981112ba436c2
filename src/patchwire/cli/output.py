"""The only printer: Rich tables for people, JSON for machines; data to stdout, chatter to
stderr, expected errors as one message and exit code 1."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import orjson
import typer
from rich.console import Console
from rich.table import Table

from patchwire.core.errors import ApiError

stdout = Console()


def emit_json(data: Any) -> None:
    typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())


def emit_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    stdout.print(table)


def emit_rows(
    as_json: bool, title: str, columns: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    if as_json:
        emit_json(list(rows))
    else:
        emit_table(title, columns, [[row.get(c) for c in columns] for row in rows])


def note(message: str) -> None:
    typer.echo(message, err=True)


def fail(message: str) -> NoReturn:
    """One plain line on stderr (no wrapping, no markup), then exit status 1."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@contextmanager
def expected_errors() -> Iterator[None]:
    """Turn our own error kinds into a one-line message and exit 1, never a traceback."""
    try:
        yield
    except ApiError as exc:
        fail(exc.message)
    except (OSError, ValueError) as exc:
        fail(str(exc))
