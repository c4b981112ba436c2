"""Who is calling: token hashing and the Principal every service receives."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from patchwire.core.errors import PermissionDenied


class Role(StrEnum):
    OWNER = "owner"
    READ_ONLY = "read-only"


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated token: the workspace it belongs to and what it may do."""

    token_id: str
    workspace_id: str
    workspace_slug: str
    role: Role
    actor: str
    operator: bool = False
    """The instance operator (HTTP Basic admin credential): not bound to a workspace."""

    @property
    def can_write(self) -> bool:
        return self.role is Role.OWNER

    def require_write(self) -> None:
        if not self.can_write:
            raise PermissionDenied("This token is read-only and cannot perform this operation")


def hash_token(secret: str) -> str:
    """SHA-256 is enough: tokens carry 256 random bits, so there is nothing to brute-force."""
    return hashlib.sha256(secret.encode()).hexdigest()


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """``(user, password)`` from an ``Authorization: Basic …`` header, or None."""
    if not authorization:
        return None
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, sep, password = base64.b64decode(encoded.strip()).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return (user, password) if sep else None


def operator_principal(
    credentials: tuple[str, str], admin_user: str | None, admin_password: str | None
) -> Principal | None:
    """The operator principal when the Basic credential matches the configured one."""
    if not admin_user or not admin_password:
        return None
    user_ok = hmac.compare_digest(credentials[0].encode(), admin_user.encode())
    password_ok = hmac.compare_digest(credentials[1].encode(), admin_password.encode())
    if not (user_ok and password_ok):
        return None
    return Principal("operator", "", "", Role.OWNER, "operator", operator=True)


def bearer_secret(authorization: str | None) -> str | None:
    """The secret from an ``Authorization: Bearer <secret>`` header, or None."""
    if not authorization:
        return None
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()
