"""Who is calling: token hashing and the Principal every service receives."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from patchwire.core.access import Access, Level
from patchwire.core.errors import PermissionDenied


class Role(StrEnum):
    """A token's own scope. A workspace token acts at this level on everything; a token
    issued for a user acts as the user, never above this level."""

    OWNER = "owner"
    READ_ONLY = "read-only"

    @property
    def ceiling(self) -> Level:
        return Level.WRITE if self is Role.OWNER else Level.READ


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated token: the workspace it belongs to and what it may do."""

    token_id: str
    workspace_id: str
    workspace_slug: str
    role: Role
    actor: str
    access: Access
    """What the token may do (``core.access``): its role's over the whole workspace, or,
    for a token issued for a user, what the user's permissions grant."""
    operator: bool = False
    """The instance operator (HTTP Basic admin credential): not bound to a workspace."""
    user_id: str | None = None
    """The user the token was issued for; None for a workspace token."""
    user_email: str | None = None

    @property
    def can_write(self) -> bool:
        """The token's own scope allows writes; what it may write is ``access``'s to say
        (the request flow checks every operation with ``core.access.authorize``)."""
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
    return Principal(
        "operator", "", "", Role.OWNER, "operator", Access.whole_workspace(Level.WRITE), True
    )


def bearer_secret(authorization: str | None) -> str | None:
    """The secret from an ``Authorization: Bearer <secret>`` header, or None."""
    if not authorization:
        return None
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()
