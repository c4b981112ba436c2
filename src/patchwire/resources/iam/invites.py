"""Invites: created (many at once, each with optional permissions), listed and deleted.

An invite becomes a user when it is accepted. Patchwire has no sign-in, so accepting is
what the operator does when issuing the invitee a token (``patchwire tokens create
--user EMAIL``): the user is made with the invite's permissions, and group memberships made
for the invited email carry over, since groups hold members by email.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core import audit
from patchwire.core.auth import Principal
from patchwire.core.errors import AlreadyExists, FieldError, InvalidArgument, NotFound
from patchwire.core.ids import new_id
from patchwire.core.pagination import CursorCodec, Page, PageRequest
from patchwire.db.base import utcnow
from patchwire.db.models import Invite, User
from patchwire.db.scoped import scoped_delete
from patchwire.resources.iam import owner, permissions, repository
from patchwire.resources.iam.schemas import InviteIn
from patchwire.resources.sources.repository import flush_unique

RESOURCE = "invite"
MAX_AT_ONCE = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def normalize_email(email: str) -> str:
    """Addresses compare without case and surrounding space, so they are stored that way."""
    return email.strip().lower()


def is_email(address: str) -> bool:
    """``local@domain``, at most 254 characters (the longest address SMTP carries)."""
    return len(address) <= 254 and _EMAIL.fullmatch(address) is not None


def email_errors(emails: list[str], field: str, suffix: str = "") -> list[FieldError]:
    """One error per address that is not an email address, named ``field[i]suffix``."""
    return [
        FieldError(f"{field}[{i}]{suffix}", f"'{email}' is not an email address")
        for i, email in enumerate(emails)
        if not is_email(email)
    ]


async def create(session: AsyncSession, principal: Principal, invites: list[InviteIn]) -> list[str]:
    """All or nothing: 422 for a bad address or permission, or an address given twice; 409
    when an address is already a user or invited. Returns the invited emails."""
    ws = principal.workspace_id
    await owner.ensure(session, ws, principal.workspace_slug)
    emails = [normalize_email(invite.email) for invite in invites]
    errors = email_errors(emails, "invites", ".email")
    seen: set[str] = set()
    for i, email in enumerate(emails):
        if email in seen:
            errors.append(FieldError(f"invites[{i}].email", f"'{email}' is given twice"))
        seen.add(email)
    if errors:
        raise InvalidArgument.for_fields(errors)
    asked = [[permissions.from_invite(ws, p) for p in inv.permissions or []] for inv in invites]
    prefixes = [f"invites[{i}].permissions" for i in range(len(invites))]
    granted = await permissions.validate_many(session, ws, list(zip(prefixes, asked, strict=True)))
    taken = await repository.user_emails(session, ws, emails) | {
        invite.email for invite in await repository.invites_by_emails(session, ws, emails)
    }
    if taken:
        listed = ", ".join(sorted(taken))
        raise AlreadyExists(f"Already a user or invited to this workspace: {listed}")
    now = utcnow()
    made = [  # a microsecond apart: listed in the order given
        Invite(
            id=new_id(),
            workspace_id=ws,
            email=email,
            permissions=grants,
            created_at=now + timedelta(microseconds=i),
        )
        for i, (email, grants) in enumerate(zip(emails, granted, strict=True))
    ]
    session.add_all(made)
    await flush_unique(session, "An address was invited by a concurrent request; try again")
    for row in made:
        audit.record(
            session,
            principal,
            "Non-Segment User Invited to Workspace",
            resource_id=row.id,
            resource_type=RESOURCE,
            resource_name=row.email,
        )
    return emails


async def list_page(
    session: AsyncSession, principal: Principal, request: PageRequest, codec: CursorCodec
) -> Page[Invite]:
    return await repository.invites_page(session, principal.workspace_id, request, codec)


async def delete_many(session: AsyncSession, principal: Principal, emails: list[str]) -> None:
    """All or nothing: 404 when an address is not invited. The invitees also leave their
    groups."""
    ws = principal.workspace_id
    wanted = list(dict.fromkeys(normalize_email(e) for e in emails))
    if len(wanted) > MAX_AT_ONCE:
        raise InvalidArgument.for_field("emails", f"At most {MAX_AT_ONCE} addresses at a time")
    found = {i.email: i for i in await repository.invites_by_emails(session, ws, wanted)}
    missing = [email for email in wanted if email not in found]
    if missing:
        raise NotFound(f"No invite for {', '.join(missing)} in this workspace")
    removed = await repository.delete_memberships(session, ws, wanted)
    left = {email for group_emails in removed.values() for email in group_emails}
    await session.execute(scoped_delete(Invite, ws).where(Invite.email.in_(wanted)))
    for email in wanted:
        target = {"resource_id": found[email].id, "resource_type": RESOURCE, "resource_name": email}
        if email in left:
            audit.record(session, principal, "Group Memberships Deleted", **target)
        audit.record(session, principal, "Invite Deleted", **target)


async def accept(session: AsyncSession, workspace_id: str, workspace_slug: str, email: str) -> User:
    """The user with ``email``, made from their invite if they are only invited (operator
    action: no principal, no audit event). 404 when the address is neither."""
    await owner.ensure(session, workspace_id, workspace_slug)
    address = normalize_email(email)
    user = await repository.user_by_email(session, workspace_id, address)
    if user is not None:
        return user
    invite = await repository.invite_by_email(session, workspace_id, address)
    if invite is None:
        raise NotFound(f"No user or invite with email '{address}' in workspace '{workspace_slug}'")
    user = User(id=new_id(), workspace_id=workspace_id, name="", email=address, created_at=utcnow())
    session.add(user)
    subject = permissions.Subject(repository.USER, user.id, address, "User Policy Updated")
    session.add_all(permissions.rows(workspace_id, subject, list(invite.permissions)))
    await session.delete(invite)
    await session.flush()
    return user
