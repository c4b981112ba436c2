"""Config API resource names (``workspaces/{ws}/sources/{src}``…), parsed and built in one place."""

from __future__ import annotations

from patchwire.core.errors import InvalidArgument


def workspace(slug: str) -> str:
    return f"workspaces/{slug}"


def source(workspace_slug: str, source_slug: str) -> str:
    return f"workspaces/{workspace_slug}/sources/{source_slug}"


def destination(workspace_slug: str, source_slug: str, destination_slug: str) -> str:
    return f"{source(workspace_slug, source_slug)}/destinations/{destination_slug}"


def destination_config(destination_name: str, key: str) -> str:
    return f"{destination_name}/config/{key}"


def destination_filter(destination_name: str, filter_id: str) -> str:
    return f"{destination_name}/filters/{filter_id}"


def tracking_plan(workspace_slug: str, plan_id: str) -> str:
    return f"workspaces/{workspace_slug}/tracking-plans/{plan_id}"


def catalog_source(slug: str) -> str:
    return f"catalog/sources/{slug}"


def catalog_destination(slug: str) -> str:
    return f"catalog/destinations/{slug}"


def access_token(token_id: str) -> str:
    return f"access-tokens/{token_id}"


def last_segment(name: str, *, collection: str, field: str) -> str:
    """The id/slug at the end of a resource name whose last collection is ``collection``.

    Accepts a bare slug too, since real clients send either.
    """
    parts = [p for p in name.strip("/").split("/") if p]
    if len(parts) == 1:
        return parts[0]
    if len(parts) >= 2 and parts[-2] == collection:
        return parts[-1]
    raise InvalidArgument.for_field(field, f"'{name}' is not a {collection} resource name")


def source_slug_in(name: str, workspace_slug: str, field: str) -> str:
    """The source slug of ``workspaces/{ws}/sources/{slug}``, which must be in ``workspace``."""
    parts = name.strip("/").split("/")
    if len(parts) == 4 and parts[0] == "workspaces" and parts[2] == "sources":
        if parts[1] != workspace_slug:
            raise InvalidArgument.for_field(field, f"'{name}' is not in workspace {workspace_slug}")
        return parts[3]
    if len(parts) == 1 and parts[0]:
        return parts[0]
    raise InvalidArgument.for_field(field, f"'{name}' is not a source resource name")
