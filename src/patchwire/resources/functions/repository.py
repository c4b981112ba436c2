"""Function, version and insert-instance storage: every statement starts workspace-scoped."""

from __future__ import annotations

from sqlalchemy import or_
from sqlalchemy.ext.asyncio import AsyncSession

from patchwire.core.errors import NotFound
from patchwire.core.pagination import CursorCodec, Page, PageRequest, keyset_page
from patchwire.db.models import Function, FunctionVersion, InsertFunctionInstance
from patchwire.db.scoped import scoped, scoped_columns


async def get(session: AsyncSession, workspace_id: str, function_id: str) -> Function:
    function = (
        await session.scalars(scoped(Function, workspace_id).where(Function.id == function_id))
    ).first()
    if function is None:
        raise NotFound.resource("Function", function_id)
    return function


async def find_by_id_or_catalog_id(
    session: AsyncSession, workspace_id: str, ident: str
) -> Function | None:
    """A function named by its id or by its catalog id (the id without its prefix)."""
    stmt = scoped(Function, workspace_id).where(
        or_(Function.id == ident, Function.catalog_id == ident)
    )
    return (await session.scalars(stmt)).first()


async def page(
    session: AsyncSession,
    workspace_id: str,
    resource_type: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[Function]:
    return await keyset_page(
        session,
        scoped(Function, workspace_id).where(Function.resource_type == resource_type),
        order=(Function.created_at, Function.id),
        key_of=lambda f: (f.created_at, f.id),
        request=request,
        codec=codec,
        list_name=f"functions:{resource_type}",
    )


async def latest_version(
    session: AsyncSession, workspace_id: str, function_id: str
) -> FunctionVersion | None:
    stmt = (
        scoped(FunctionVersion, workspace_id)
        .where(FunctionVersion.function_id == function_id)
        .order_by(FunctionVersion.created_at.desc(), FunctionVersion.id.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()


async def find_version(
    session: AsyncSession, workspace_id: str, function_id: str, version_id: str
) -> FunctionVersion | None:
    stmt = scoped(FunctionVersion, workspace_id).where(
        FunctionVersion.function_id == function_id, FunctionVersion.id == version_id
    )
    return (await session.scalars(stmt)).first()


async def versions_page(
    session: AsyncSession,
    workspace_id: str,
    function_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[FunctionVersion]:
    """Newest first."""
    return await keyset_page(
        session,
        scoped(FunctionVersion, workspace_id).where(FunctionVersion.function_id == function_id),
        order=(FunctionVersion.created_at, FunctionVersion.id),
        key_of=lambda v: (v.created_at, v.id),
        request=request,
        codec=codec,
        list_name=f"function-versions:{function_id}",
        descending=True,
    )


async def get_instance(
    session: AsyncSession, workspace_id: str, instance_id: str
) -> tuple[InsertFunctionInstance, Function]:
    """An instance with its function (whose settings definitions shape its wire form)."""
    stmt = (
        scoped_columns(InsertFunctionInstance, workspace_id, InsertFunctionInstance, Function)
        .join(Function, Function.id == InsertFunctionInstance.function_id)
        .where(InsertFunctionInstance.id == instance_id)
    )
    row = (await session.execute(stmt)).first()
    if row is None:
        raise NotFound.resource("Insert function instance", instance_id)
    return row[0], row[1]


async def instances_page(
    session: AsyncSession,
    workspace_id: str,
    function_id: str,
    request: PageRequest,
    codec: CursorCodec,
) -> Page[InsertFunctionInstance]:
    return await keyset_page(
        session,
        scoped(InsertFunctionInstance, workspace_id).where(
            InsertFunctionInstance.function_id == function_id
        ),
        order=(InsertFunctionInstance.created_at, InsertFunctionInstance.id),
        key_of=lambda i: (i.created_at, i.id),
        request=request,
        codec=codec,
        list_name=f"insert-function-instances:{function_id}",
    )


async def instance_names(
    session: AsyncSession, workspace_id: str, function_id: str
) -> list[tuple[str, str]]:
    """``(id, name)`` of every instance of a function, for the audit trail of a delete."""
    rows = await session.execute(
        scoped_columns(
            InsertFunctionInstance,
            workspace_id,
            InsertFunctionInstance.id,
            InsertFunctionInstance.name,
        ).where(InsertFunctionInstance.function_id == function_id)
    )
    return [(instance_id, name) for instance_id, name in rows]
