"""Wire pieces every Public API resource shares."""

from __future__ import annotations

from typing import Any

from patchwire.core.pagination import Page


def page_out(page: Page[Any]) -> dict[str, Any]:
    """``PaginationOutput``: ``current`` always; ``next``/``previous`` null at the ends."""
    out: dict[str, Any] = {"current": page.current, "next": page.next, "previous": page.previous}
    if page.total is not None:
        out["totalEntries"] = page.total
    return out
