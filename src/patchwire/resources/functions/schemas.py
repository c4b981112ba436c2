"""Wire inputs for Functions, their versions and insert-function instances (Public API)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from patchwire.resources.sources.schemas import WireModel

DisplayName = Annotated[str, Field(min_length=1, max_length=255)]
LogoUrl = Annotated[str, Field(max_length=2048)]
Code = Annotated[str, Field(min_length=1)]
Ref = Annotated[str, Field(min_length=1, max_length=255)]
SettingText = Annotated[str, Field(max_length=1000)]

MAX_SETTINGS = 200


class ResourceType(StrEnum):
    """The Function types both v36 and the v47 SDK know (neither has INSERT_SOURCE)."""

    DESTINATION = "DESTINATION"
    INSERT_DESTINATION = "INSERT_DESTINATION"
    SOURCE = "SOURCE"


class SettingType(StrEnum):
    ARRAY = "ARRAY"
    BOOLEAN = "BOOLEAN"
    STRING = "STRING"
    TEXT_MAP = "TEXT_MAP"


class FunctionSettingIn(WireModel):
    """``FunctionSettingV1``: every field is required, as the schema says."""

    name: Annotated[str, Field(min_length=1, max_length=255)]
    label: SettingText
    description: SettingText
    type: SettingType
    required: bool
    sensitive: bool


Settings = Annotated[list[FunctionSettingIn], Field(max_length=MAX_SETTINGS)]


class CreateFunctionIn(WireModel):
    code: Code
    displayName: DisplayName
    resourceType: ResourceType
    description: str | None = None
    logoUrl: LogoUrl | None = None
    settings: Settings | None = None


class UpdateFunctionIn(WireModel):
    code: Code | None = None
    displayName: DisplayName | None = None
    description: str | None = None
    logoUrl: LogoUrl | None = None
    settings: Settings | None = None


class RestoreVersionIn(WireModel):
    versionId: Ref


class CreateInstanceIn(WireModel):
    functionId: Ref
    integrationId: Ref
    name: DisplayName
    enabled: bool | None = None
    settings: dict[str, Any]


class UpdateInstanceIn(WireModel):
    name: DisplayName | None = None
    enabled: bool | None = None
    settings: dict[str, Any] | None = None
