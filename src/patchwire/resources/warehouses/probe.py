"""Really trying a warehouse's connection settings, for the types Patchwire can reach.

Postgres and Redshift (which speaks the PostgreSQL wire protocol) are tried with asyncpg:
connect, ``SELECT 1``, close, all within ``TIMEOUT_SECONDS``. Every other warehouse type needs
a driver Patchwire does not ship, so it has no probe; callers say so (501) instead of
pretending the settings work.

The probe connects wherever the settings point, so a write token can make the server open a
TCP connection to a host and port of its choosing (that is what the operation is for). Only
network hosts are tried: a host naming a Unix socket directory fails without a connection.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import asyncpg

TIMEOUT_SECONDS = 3.0
POSTGRES_PROTOCOL_SLUGS = frozenset({"postgres", "redshift"})

log = logging.getLogger("patchwire.warehouses.probe")


@dataclass(frozen=True, slots=True)
class ProbeResult:
    connected: bool
    reason: str | None = None


def can_probe(slug: str) -> bool:
    return slug in POSTGRES_PROTOCOL_SLUGS


async def probe_postgres(settings: Mapping[str, Any], *, default_port: int) -> ProbeResult:
    """CONNECTED when the server accepts these credentials and answers a query in time.

    ``settings`` are complete and valid for the catalog item (host, port, database,
    username, password); the reason for a failure is logged, as the wire shape has no room
    for it.
    """
    host = str(settings["host"])
    port = int(settings.get("port") or default_port)
    if host.startswith("/"):
        return _failed(host, port, "the host is a Unix socket path; give a host name or IP")
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            connection = await asyncpg.connect(
                host=host,
                port=port,
                user=str(settings["username"]),
                password=str(settings["password"]),
                database=str(settings["database"]),
                ssl="prefer",
                timeout=TIMEOUT_SECONDS,
            )
            try:
                await connection.fetchval("SELECT 1")
                await connection.close()
            finally:
                if not connection.is_closed():
                    connection.terminate()
    except TimeoutError:
        return _failed(host, port, f"no answer within {TIMEOUT_SECONDS:g} s")
    except (OSError, ValueError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        return _failed(host, port, f"{type(exc).__name__}: {exc}")
    return ProbeResult(connected=True)


def _failed(host: str, port: int, reason: str) -> ProbeResult:
    log.info("warehouse connection test to %s:%s failed: %s", host, port, reason)
    return ProbeResult(connected=False, reason=reason)
