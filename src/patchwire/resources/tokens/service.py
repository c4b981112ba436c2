"""API tokens: issued with a secret shown once, stored as a hash, revocable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.access import Access
from patchwire.core.auth import Principal, Role, hash_token
from patchwire.core.errors import NotFound, Unauthenticated
from patchwire.core.ids import new_id, new_token_secret
from patchwire.db.base import utcnow
from patchwire.db.models import ApiToken, User, Workspace
from patchwire.resources.iam.effective import user_access


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: ApiToken
    secret: str


async def authenticate(session: AsyncSession, secret: str) -> Principal:
    """The principal for a bearer secret; 401 for unknown or revoked tokens.

    A workspace token acts at its role's level on everything; a token issued for a user
    acts as the user (their permissions and their groups'), never above its own role.
    """
    row = (
        await session.execute(
            select(
                ApiToken.id,
                ApiToken.workspace_id,
                Workspace.slug,
                ApiToken.role,
                ApiToken.description,
                User.id,
                User.email,
            )
            .join(Workspace, Workspace.id == ApiToken.workspace_id)
            .outerjoin(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == hash_token(secret), ApiToken.revoked_at.is_(None))
        )
    ).first()
    if row is None:
        raise Unauthenticated("The token is not valid or has been revoked")
    token_id, workspace_id, workspace_slug, role_name, description, user_id, email = row
    role = Role(role_name)
    if user_id is None:
        access = Access.whole_workspace(role.ceiling)
    else:
        access = (await user_access(session, workspace_id, user_id, email)).capped(role.ceiling)
    return Principal(
        token_id=token_id,
        workspace_id=workspace_id,
        workspace_slug=workspace_slug,
        role=role,
        actor=description or email or f"token {token_id}",
        access=access,
        user_id=user_id,
        user_email=email,
    )


async def issue(
    session: AsyncSession,
    workspace: Workspace,
    role: Role,
    description: str = "",
    *,
    user: User | None = None,
) -> IssuedToken:
    """A new token; with ``user``, it acts as that user (``resources.iam.effective``)."""
    secret = new_token_secret()
    token = ApiToken(
        id=new_id(),
        workspace_id=workspace.id,
        token_hash=hash_token(secret),
        role=role.value,
        description=description,
        created_at=utcnow(),
        user_id=user.id if user else None,
    )
    session.add(token)
    await session.flush()
    return IssuedToken(token, secret)


async def list_tokens(session: AsyncSession, workspace_id: str | None = None) -> list[ApiToken]:
    stmt = select(ApiToken).order_by(ApiToken.created_at, ApiToken.id)
    if workspace_id is not None:
        stmt = stmt.where(ApiToken.workspace_id == workspace_id)
    return list((await session.scalars(stmt)).all())


async def get_live(session: AsyncSession, workspace_id: str, token_id: str) -> ApiToken:
    """A workspace's unrevoked token by id (404 otherwise)."""
    token = (
        await session.scalars(
            select(ApiToken).where(
                ApiToken.workspace_id == workspace_id,
                ApiToken.id == token_id,
                ApiToken.revoked_at.is_(None),
            )
        )
    ).first()
    if token is None:
        raise NotFound.resource("Access token", token_id)
    return token


async def revoke(session: AsyncSession, token_id: str, *, at: datetime | None = None) -> None:
    result = await session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=at or utcnow())
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound.resource("Token", token_id)
