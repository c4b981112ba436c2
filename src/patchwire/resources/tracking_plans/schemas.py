"""Wire inputs for Tracking Plans and their rules (Public API shape).

Rule bodies are decoded with orjson and then validated strictly: orjson keeps every object's
key order, so a rule's ``jsonSchema`` can be stored as the JSON text of exactly the value
the client sent, and it refuses what has no JSON value (``NaN``, ``1e400``) instead of
quietly turning it into ``null``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

import orjson
from pydantic import BaseModel, Field, ValidationError

from patchwire.core.errors import InvalidArgument
from patchwire.core.validation import field_errors
from patchwire.resources.sources.schemas import WireModel

M = TypeVar("M", bound=BaseModel)

PlanType = Literal["ENGAGE", "LIVE", "PROPERTY_LIBRARY", "RULE_LIBRARY", "TEMPLATE"]
PLAN_TYPES: tuple[str, ...] = ("ENGAGE", "LIVE", "PROPERTY_LIBRARY", "RULE_LIBRARY", "TEMPLATE")
RuleType = Literal["COMMON", "GROUP", "IDENTIFY", "PAGE", "SCREEN", "TRACK"]

PlanName = Annotated[str, Field(min_length=1, max_length=255)]
Description = Annotated[str, Field(max_length=10_000)]
RuleKey = Annotated[str, Field(max_length=512)]
SourceId = Annotated[str, Field(min_length=1, max_length=255)]


class CreateTrackingPlanIn(WireModel):
    name: PlanName
    type: PlanType
    description: Description | None = None


class UpdateTrackingPlanIn(WireModel):
    name: PlanName | None = None
    description: Description | None = None


class AddSourceIn(WireModel):
    sourceId: SourceId


class RuleIn(WireModel):
    """``RuleInputV1``. ``jsonSchema`` is any JSON value (required, checked as draft 7 by
    the service); ``version`` is a JSON number the service requires to be a whole one."""

    type: RuleType
    key: RuleKey | None = None
    jsonSchema: Any
    version: float


class UpsertRuleIn(RuleIn):
    """``UpsertRuleV1``: ``newKey`` renames the rule found by ``type`` + ``key``."""

    newKey: RuleKey | None = None


class ReplaceRulesIn(WireModel):
    rules: list[RuleIn]


class UpdateRulesIn(WireModel):
    rules: list[UpsertRuleIn]


class RemoveRuleIn(WireModel):
    """``RemoveRuleV1``, from the query string (values arrive as strings and are coerced)."""

    type: RuleType
    key: RuleKey | None = None
    version: float


class RemoveRulesIn(WireModel):
    rules: Annotated[list[RemoveRuleIn], Field(min_length=1)]


def decode_json(raw: bytes) -> Any:
    """The request body as Python values, key order kept; 422 when it is absent or not JSON."""
    if not raw.strip():
        raise InvalidArgument.for_field("body", "A JSON request body is required")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise InvalidArgument.for_field("body", "The request body is not valid JSON") from None


def validate_strict(model: type[M], data: Any, prefix: str = "") -> M:
    """``data`` (decoded JSON) as ``model``; wrong JSON types are errors, not coercions."""
    try:
        return model.model_validate(data, strict=True)
    except ValidationError as exc:
        raise InvalidArgument.for_fields(field_errors(exc, prefix)) from exc
