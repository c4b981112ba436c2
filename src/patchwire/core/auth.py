"""Who is calling: token hashing and the Principal every service receives."""

from __future__ import annotations

import hashlib
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

    @property
    def can_write(self) -> bool:
        return self.role is Role.OWNER

    def require_write(self) -> None:
        if not self.can_write:
            raise PermissionDenied("This token is read-only and cannot perform this operation")


def hash_token(secret: str) -> str:
    """SHA-256 is enough: tokens carry 256 random bits, so there is nothing to brute-force."""
    return hashlib.sha256(secret.encode()).hexdigest()


def bearer_secret(authorization: str | None) -> str | None:
    """The secret from an ``Authorization: Bearer <secret>`` header, or None."""
    if not authorization:
        return None
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()
