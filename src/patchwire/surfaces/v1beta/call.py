"""What a Config API handler receives: the Public API's ``Call`` plus Config conventions."""

from __future__ import annotations

from typing import Any

import orjson

from patchwire.core.errors import InvalidArgument, NotFound
from patchwire.core.pagination import MAX_COUNT, PageRequest
from patchwire.core.validation import unstorable_values
from patchwire.surfaces.public.call import Call

DEFAULT_PAGE_SIZE = 100


class ConfigCall(Call):
    """``page_size``/``page_token`` paging, JSON bodies as plain dicts, workspace guard."""

    def page(self) -> PageRequest:
        raw_size = self.q_str("page_size", max_length=10)
        size = DEFAULT_PAGE_SIZE
        if raw_size not in (None, ""):
            try:
                size = int(raw_size or "")
            except ValueError:
                raise InvalidArgument.for_field("page_size", "page_size must be a number") from None
            if not 1 <= size <= MAX_COUNT:
                raise InvalidArgument.for_field("page_size", f"page_size must be 1 to {MAX_COUNT}")
        token = self.q_str("page_token", max_length=4096)
        return PageRequest(size, token or None)

    def json(self) -> dict[str, Any]:
        """The body as an object (clients send ``{}`` even on GET); 400 when it is not one."""
        if not self.raw_body.strip():
            return {}
        try:
            doc = orjson.loads(self.raw_body)
        except orjson.JSONDecodeError:
            raise InvalidArgument.for_field("body", "The request body is not valid JSON") from None
        if not isinstance(doc, dict):
            raise InvalidArgument.for_field("body", "The request body must be a JSON object")
        problems = unstorable_values(self.raw_body)
        if problems:
            raise InvalidArgument.for_fields(problems)
        return doc

    def workspace(self) -> str:
        """The path's workspace slug, which must be the token's own (else 404, never data)."""
        slug = self.path["workspace"]
        if slug != self.principal.workspace_slug:
            raise NotFound(f"Workspace '{slug}' not found")
        return slug
