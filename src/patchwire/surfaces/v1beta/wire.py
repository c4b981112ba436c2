"""Wire pieces every Config API resource shares."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from patchwire.core.pagination import Page


def timestamp(value: datetime) -> str:
    """RFC 3339 with milliseconds and ``Z``, as the Config API writes times."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def page_out(key: str, items: list[dict[str, Any]], page: Page[Any]) -> dict[str, Any]:
    """``{"<plural>": [...], "next_page_token": "..."}``; the token is ``""`` at the end (C5)."""
    return {key: items, "next_page_token": page.next or ""}
