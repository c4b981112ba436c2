"""Wire inputs for Transformations: the v36 fields plus the v47 SDK's ``allowProperties`` and
``hashPropertiesConfiguration`` (D9). ``propertyDrops`` appears only in examples, in no
schema, so like any unknown field it is ignored (D8)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from patchwire.resources.sources.schemas import WireModel

Name = Annotated[str, Field(min_length=1, max_length=255)]
Id = Annotated[str, Field(min_length=1, max_length=255)]
Fql = Annotated[str, Field(min_length=1, max_length=10_000)]
Reference = Annotated[str, Field(min_length=1, max_length=1000)]

MAX_VALUE_PATHS = 10
"""The spec: "The maximum number of paths is 10" per value transformation."""
MAX_VALUE_TRANSFORMATIONS = 10
"""The spec: value transformations are "Limited to 10 properties"."""
MAX_FQL_PROPERTIES = 1
"""The spec: FQL-defined properties are "Currently limited to 1 property"."""


class HashEncoding(StrEnum):
    """``HashPropertiesConfiguration.EncodingEnum`` of the v47 SDK."""

    BASE16 = "BASE16"
    BASE64 = "BASE64"
    BASE64URL = "BASE64URL"
    HEX = "HEX"


class PropertyRenameIn(WireModel):
    oldName: Reference
    newName: Reference


class PropertyValueIn(WireModel):
    propertyPaths: Annotated[list[Reference], Field(min_length=1, max_length=MAX_VALUE_PATHS)]
    propertyValue: Annotated[str, Field(max_length=10_000)]


class FqlPropertyIn(WireModel):
    fql: Fql
    propertyName: Reference


class HashConfigIn(WireModel):
    algorithm: Annotated[str, Field(min_length=1, max_length=64)]
    key: Annotated[str, Field(max_length=1000)] | None = None
    encoding: HashEncoding | None = None
    paths: Annotated[list[Reference], Field(max_length=100)]


Renames = Annotated[list[PropertyRenameIn], Field(max_length=100)]
Values = Annotated[list[PropertyValueIn], Field(max_length=MAX_VALUE_TRANSFORMATIONS)]
# Bounded generously here so the service can say why more than one is refused.
FqlProperties = Annotated[list[FqlPropertyIn], Field(max_length=100)]
Allowed = Annotated[list[Reference], Field(max_length=1000)]


class RulesIn(WireModel):
    """What a transformation does to an event (the body of a preview's ``transformation``)."""

    if_: Fql = Field(alias="if")
    newEventName: Name | None = None
    propertyRenames: Renames | None = None
    propertyValueTransformations: Values | None = None
    fqlDefinedProperties: FqlProperties | None = None
    allowProperties: Allowed | None = None
    hashPropertiesConfiguration: HashConfigIn | None = None


class CreateTransformationIn(RulesIn):
    name: Name
    sourceId: Id
    enabled: bool
    destinationMetadataId: Id | None = None


class UpdateTransformationIn(WireModel):
    """PATCH: a field left out stays as it is; ``null`` clears an optional field."""

    name: Name | None = None
    sourceId: Id | None = None
    enabled: bool | None = None
    destinationMetadataId: Id | None = None
    if_: Fql | None = Field(default=None, alias="if")
    newEventName: Name | None = None
    propertyRenames: Renames | None = None
    propertyValueTransformations: Values | None = None
    fqlDefinedProperties: FqlProperties | None = None
    allowProperties: Allowed | None = None
    hashPropertiesConfiguration: HashConfigIn | None = None


Payload = dict[str, Any]


class PreviewIn(WireModel):
    """Patchwire extension: a transformation given inline, applied to ``payload``."""

    transformation: RulesIn
    payload: Payload


class StoredPreviewIn(WireModel):
    """Patchwire extension: a stored transformation applied to ``payload``."""

    payload: Payload
