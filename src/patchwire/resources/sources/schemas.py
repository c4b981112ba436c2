"""Wire inputs for Sources (Public API shape); the Config API maps onto the same service."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

Slug = Annotated[str, Field(min_length=1, max_length=255)]
Name = Annotated[str, Field(max_length=255)]
LabelPart = Annotated[str, Field(min_length=1, max_length=255)]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LabelIn(WireModel):
    key: LabelPart
    value: LabelPart
    description: Annotated[str, Field(max_length=1000)] | None = None


class CreateSourceIn(WireModel):
    slug: Slug
    enabled: bool
    metadataId: Annotated[str, Field(min_length=1, max_length=64)]
    name: Name | None = None
    settings: dict[str, Any] | None = None
    disconnectAllWarehouses: bool | None = None


class UpdateSourceIn(WireModel):
    name: Name | None = None
    enabled: bool | None = None
    slug: Slug | None = None
    settings: dict[str, Any] | None = None


class LabelsIn(WireModel):
    labels: Annotated[list[LabelIn], Field(max_length=1000)]


class CommonOnViolations(StrEnum):
    ALLOW = "ALLOW"
    BLOCK = "BLOCK"
    OMIT_PROPERTIES = "OMIT_PROPERTIES"


class CommonTraitsOnViolations(StrEnum):
    ALLOW = "ALLOW"
    BLOCK = "BLOCK"
    OMIT_TRAITS = "OMIT_TRAITS"


class TrackSettingsIn(WireModel):
    allowUnplannedEvents: bool | None = None
    allowUnplannedEventProperties: bool | None = None
    allowEventOnViolations: bool | None = None
    allowPropertiesOnViolations: bool | None = None
    commonEventOnViolations: CommonOnViolations | None = None


class TraitsSettingsIn(WireModel):
    allowUnplannedTraits: bool | None = None
    allowTraitsOnViolations: bool | None = None
    commonEventOnViolations: CommonTraitsOnViolations | None = None


SourceId = Annotated[str, Field(max_length=255)]


class SchemaSettingsIn(WireModel):
    track: TrackSettingsIn | None = None
    identify: TraitsSettingsIn | None = None
    group: TraitsSettingsIn | None = None
    forwardingViolationsTo: SourceId | None = None
    forwardingBlockedEventsTo: SourceId | None = None
