"""Wire inputs for Destinations and their action subscriptions."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from patchwire.resources.sources.schemas import WireModel

Id = Annotated[str, Field(min_length=1, max_length=255)]
Name = Annotated[str, Field(max_length=255)]
Trigger = Annotated[str, Field(max_length=10_000)]


class CreateDestinationIn(WireModel):
    sourceId: Id
    metadataId: Id
    enabled: bool | None = None
    name: Name | None = None
    settings: dict[str, Any]


class UpdateDestinationIn(WireModel):
    name: Name | None = None
    enabled: bool | None = None
    settings: dict[str, Any] | None = None


class CreateSubscriptionIn(WireModel):
    name: Annotated[str, Field(min_length=1, max_length=255)]
    actionId: Id
    trigger: Trigger
    enabled: bool
    settings: dict[str, Any] | None = None
    modelId: Id | None = None


class SubscriptionChangesIn(WireModel):
    name: Annotated[str, Field(min_length=1, max_length=255)] | None = None
    trigger: Trigger | None = None
    enabled: bool | None = None
    settings: dict[str, Any] | None = None


class UpdateSubscriptionIn(WireModel):
    input: SubscriptionChangesIn
