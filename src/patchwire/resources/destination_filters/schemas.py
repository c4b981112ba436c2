"""Wire inputs for destination filters."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from patchwire.resources.sources.schemas import WireModel

Condition = Annotated[str, Field(min_length=1, max_length=10_000)]


class FilterActionType(StrEnum):
    ALLOW_PROPERTIES = "ALLOW_PROPERTIES"
    DROP = "DROP"
    DROP_PROPERTIES = "DROP_PROPERTIES"
    SAMPLE = "SAMPLE"


class FilterActionIn(WireModel):
    type: FilterActionType
    fields: dict[str, Any] | None = None
    percent: Annotated[float, Field(ge=0, le=1)] | None = None
    path: Annotated[str, Field(max_length=1000)] | None = None


Actions = Annotated[list[FilterActionIn], Field(max_length=50)]


class CreateFilterIn(WireModel):
    sourceId: Annotated[str, Field(min_length=1, max_length=255)]
    title: Annotated[str, Field(min_length=1, max_length=255)]
    description: Annotated[str, Field(max_length=10_000)] | None = None
    enabled: bool
    actions: Actions
    if_: Condition = Field(alias="if")


class UpdateFilterIn(WireModel):
    title: Annotated[str, Field(min_length=1, max_length=255)] | None = None
    description: Annotated[str, Field(max_length=10_000)] | None = None
    enabled: bool | None = None
    actions: Actions | None = None
    if_: Condition | None = Field(default=None, alias="if")


class PreviewFilterIn(WireModel):
    if_: Condition = Field(alias="if")
    actions: Actions


class PreviewIn(WireModel):
    filter: PreviewFilterIn
    payload: dict[str, Any]
