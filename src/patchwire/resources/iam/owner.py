"""Every workspace has an owner user: made with the workspace, or, for workspaces created
before users existed, the first time one is needed.

The owner's id is derived from the workspace id, so the owner a read shows before it is
stored (reads never write: no read transaction takes a write lock) is the very user the
first IAM write stores.
"""

from __future__ import annotations

import hashlib
import string

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.auth import Principal
from patchwire.core.ids import new_id
from patchwire.db.base import utcnow
from patchwire.db.models import Permission, User
from patchwire.resources.iam import repository
from patchwire.resources.iam.roles import WORKSPACE_OWNER

OWNER_NAME = "Workspace Owner"
_ALPHABET = string.ascii_letters + string.digits


def owner_id(workspace_id: str) -> str:
    """A 22-character base62 id, the same every time for the same workspace."""
    number = int.from_bytes(hashlib.sha256(f"owner:{workspace_id}".encode()).digest(), "big")
    out = []
    for _ in range(22):
        number, digit = divmod(number, len(_ALPHABET))
        out.append(_ALPHABET[digit])
    return "".join(out)


def default_email(workspace_slug: str) -> str:
    """``.invalid`` is reserved (RFC 2606): the address can never reach anyone."""
    return f"owner@{workspace_slug}.invalid"


def owner_rows(workspace_id: str, email: str) -> tuple[User, Permission]:
    """The owner user and its Workspace Owner permission over the workspace (unsaved)."""
    now = utcnow()
    user = User(
        id=owner_id(workspace_id),
        workspace_id=workspace_id,
        name=OWNER_NAME,
        email=email,
        created_at=now,
    )
    permission = Permission(
        id=new_id(),
        workspace_id=workspace_id,
        subject_type=repository.USER,
        subject_id=user.id,
        role_id=WORKSPACE_OWNER.id,
        resources=[{"id": workspace_id, "type": "WORKSPACE", "labels": []}],
        created_at=now,
    )
    return user, permission


async def create(session: AsyncSession, workspace_id: str, email: str) -> User:
    """The owner of a new workspace (flushed)."""
    user, permission = owner_rows(workspace_id, email)
    session.add_all([user, permission])
    await session.flush()
    return user


async def ensure(session: AsyncSession, workspace_id: str, workspace_slug: str) -> None:
    """Store the owner of a workspace that has no users yet; every IAM write calls this
    first, so a workspace with users always has its owner among them."""
    if await repository.any_user(session, workspace_id):
        return
    user, permission = owner_rows(workspace_id, default_email(workspace_slug))
    try:
        async with session.begin_nested():
            session.add_all([user, permission])
            await session.flush()
    except IntegrityError:
        pass  # a concurrent request stored it first: the same user, by construction


async def unsaved(session: AsyncSession, principal: Principal) -> tuple[User, Permission] | None:
    """For reads: the owner a workspace without users is about to get, or None."""
    if await repository.any_user(session, principal.workspace_id):
        return None
    return owner_rows(principal.workspace_id, default_email(principal.workspace_slug))
