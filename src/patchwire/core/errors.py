"""The one hierarchy of error kinds.

Services raise these; each API surface renders them in its own wire format. A kind carries
its Public API status, its Config API status and its Config API (gRPC-style) code, so no
route or service ever picks a status code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class FieldError:
    """One bad input field, named as a dotted path (``source.metadataId``)."""

    field: str
    message: str


class ApiError(Exception):
    """Base of every expected error a request can end in."""

    public_status: ClassVar[int] = 500
    public_type: ClassVar[str] = "internal"
    config_status: ClassVar[int] = 500
    config_code: ClassVar[int] = 13

    def __init__(
        self,
        message: str,
        *,
        field_errors: list[FieldError] | None = None,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or []
        self.data = data
        self.headers = headers or {}


class InvalidArgument(ApiError):
    public_status = 422
    public_type = "input-validation"
    config_status = 400
    config_code = 3

    @classmethod
    def for_field(cls, field: str, message: str) -> InvalidArgument:
        return cls(message, field_errors=[FieldError(field, message)])

    @classmethod
    def for_fields(cls, errors: list[FieldError]) -> InvalidArgument:
        return cls("; ".join(f"{e.field}: {e.message}" for e in errors), field_errors=errors)


class Unauthenticated(ApiError):
    public_status = 401
    public_type = "unauthorized"
    config_status = 401
    config_code = 16


class PermissionDenied(ApiError):
    public_status = 403
    public_type = "forbidden"
    config_status = 403
    config_code = 7


class NotFound(ApiError):
    public_status = 404
    public_type = "not-found"
    config_status = 404
    config_code = 5

    @classmethod
    def resource(cls, kind: str, ident: str) -> NotFound:
        return cls(f"{kind} with id '{ident}' not found")


class MethodNotAllowed(ApiError):
    """Seed 001: on the Config API a wrong method is Not Found (404, code 5)."""

    public_status = 405
    public_type = "method-not-allowed"
    config_status = 404
    config_code = 5


class NotAcceptable(ApiError):
    public_status = 406
    public_type = "not-acceptable"
    config_status = 406
    config_code = 3


class AlreadyExists(ApiError):
    public_status = 409
    public_type = "conflict"
    config_status = 409
    config_code = 6


class FailedPrecondition(ApiError):
    """The request is well formed but the current state forbids it (e.g. label in use)."""

    public_status = 422
    public_type = "failed-precondition"
    config_status = 400
    config_code = 9


class PayloadTooLarge(ApiError):
    public_status = 413
    public_type = "PayloadLimitError"
    config_status = 413
    config_code = 8


class UnsupportedMediaType(ApiError):
    public_status = 415
    public_type = "unsupported-media-type"
    config_status = 400
    config_code = 3


class RateLimited(ApiError):
    public_status = 429
    public_type = "RequestError"
    config_status = 429
    config_code = 8


class Unimplemented(ApiError):
    public_status = 501
    public_type = "unimplemented"
    config_status = 501
    config_code = 12


class Unavailable(ApiError):
    public_status = 503
    public_type = "unavailable"
    config_status = 503
    config_code = 14


class Internal(ApiError):
    """Rendered for unexpected exceptions (after logging them)."""
