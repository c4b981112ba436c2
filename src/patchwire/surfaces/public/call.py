"""What a Public API route handler receives: one request's inputs and resources."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.auth import Principal
from patchwire.core.errors import InvalidArgument
from patchwire.core.pagination import FIELD_COUNT, MAX_COUNT, PageRequest
from patchwire.core.query import parse_query
from patchwire.core.validation import parse_json_model
from patchwire.runtime import Runtime

M = TypeVar("M", bound=BaseModel)

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}


@dataclass(slots=True)
class Call:
    """One request, parsed lazily: path params, deepObject query, JSON body."""

    runtime: Runtime
    session: AsyncSession
    principal: Principal
    path: dict[str, str]
    raw_query: str
    raw_body: bytes
    method: str
    headers: Mapping[str, str]
    version: str
    status: int | None = None
    _query: dict[str, Any] | None = field(default=None)
    _json: Any = field(default=None)

    @property
    def query(self) -> dict[str, Any]:
        if self._query is None:
            self._query = parse_query(self.raw_query)
        return self._query

    def body(self, model: type[M], *, prefix: str = "") -> M:
        """The JSON body validated as ``model``; errors name fields as ``prefix.field``."""
        if not self.raw_body.strip():
            raise InvalidArgument.for_field(prefix or "body", "A JSON request body is required")
        return parse_json_model(model, self.raw_body, prefix)

    def _json_body(self) -> Any:
        if self._json is None and self.raw_body.strip():
            try:
                self._json = orjson.loads(self.raw_body)
            except orjson.JSONDecodeError:
                self._json = {}
        return self._json

    def page(self) -> PageRequest:
        """``pagination.count`` (1 to 200, required) and ``pagination.cursor``, from the query
        string in any deepObject spelling, or from a ``pagination`` object in a JSON body."""
        raw = self.query.get("pagination")
        if not isinstance(raw, dict):
            body = self._json_body()
            raw = body.get("pagination") if isinstance(body, dict) else None
        if not isinstance(raw, dict) or raw.get("count") in (None, ""):
            raise InvalidArgument.for_field(
                FIELD_COUNT, "List operations require pagination.count (1 to 200)"
            )
        count = raw["count"]
        if isinstance(count, str):
            # plain ASCII digits only: int() would also take " 2", "2_0" and fullwidth digits
            count = int(count) if count.isascii() and count.isdigit() else None
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
            raise InvalidArgument.for_field(FIELD_COUNT, "pagination.count must be 1 to 200")
        cursor = raw.get("cursor")
        if cursor is not None and not isinstance(cursor, str):
            raise InvalidArgument.for_field(
                "pagination.cursor", "pagination.cursor must be a string"
            )
        return PageRequest(count, cursor or None)

    def q_str(self, name: str, *, required: bool = False, max_length: int = 1000) -> str | None:
        value = self.query.get(name)
        if isinstance(value, list):
            value = value[-1] if value else None
        if value is None:
            if required:
                raise InvalidArgument.for_field(name, f'"{name}" is required')
            return None
        if not isinstance(value, str):
            raise InvalidArgument.for_field(name, f'"{name}" must be a string')
        if len(value) > max_length:
            raise InvalidArgument.for_field(name, f'"{name}" is longer than {max_length}')
        _check_no_nul(name, value)
        return value

    def q_bool(self, name: str) -> bool:
        value = self.q_str(name)
        if value is None:
            return False
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise InvalidArgument.for_field(name, f'"{name}" must be true or false')

    def q_number(self, name: str) -> float | None:
        value = self.q_str(name)
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise InvalidArgument.for_field(name, f'"{name}" must be a number')
        return number

    def q_datetime(self, name: str) -> datetime | None:
        """An ISO 8601 date-time query parameter (``Z`` or an offset; naive means UTC)."""
        raw = self.q_str(name, max_length=64)
        if not raw:
            return None
        try:
            parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            # in UTC now: an offset that pushes it past year 1 or 9999 is the caller's error
            return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except (ValueError, OverflowError):
            raise InvalidArgument.for_field(
                name, f'"{name}" must be an ISO 8601 date-time'
            ) from None

    def q_list(self, name: str, *, required: bool = False) -> list[str]:
        """Arrays in every spelling: ``a[]=x``, ``a[0]=x``, ``a=x&a=y``, ``a=x,y``."""
        value = self.query.get(name)
        if value is None or value == []:
            if required:
                raise InvalidArgument.for_field(name, f'"{name}" is required')
            return []
        items = value if isinstance(value, list) else [value]
        out: list[str] = []
        for item in items:
            if not isinstance(item, str):
                raise InvalidArgument.for_field(name, f'"{name}" must be a list of strings')
            _check_no_nul(name, item)
            out.extend(part for part in item.split(",") if part)
        return out


def _check_no_nul(name: str, value: str) -> None:
    """No store keeps a NUL character (PostgreSQL text refuses it), so none is ever asked for."""
    if "\x00" in value:
        raise InvalidArgument.for_field(name, f'"{name}" must not contain NUL characters')
