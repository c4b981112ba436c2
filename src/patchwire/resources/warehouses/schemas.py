"""Wire inputs for Warehouses (Public API shape)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from patchwire.resources.sources.schemas import WireModel

MetadataId = Annotated[str, Field(min_length=1, max_length=64)]
Name = Annotated[str, Field(max_length=255)]


class CreateWarehouseIn(WireModel):
    metadataId: MetadataId
    name: Name | None = None
    enabled: bool | None = None
    settings: dict[str, Any]


class UpdateWarehouseIn(WireModel):
    """The spec marks ``settings`` required; an absent one is read as "unchanged"."""

    name: Name | None = None
    enabled: bool | None = None
    settings: dict[str, Any] | None = None


class ValidateWarehouseIn(WireModel):
    metadataId: MetadataId
    settings: dict[str, Any]
