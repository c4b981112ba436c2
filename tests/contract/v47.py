"""What the v47 SDK adds to the v36 spec, written out from the contract digest.

``V47_FIELDS`` is the allowlist of fields v47 models add to v36 schemas (public-api.md,
"Other v36 → v47 schema deltas"); pinned answer D9 makes responses follow them, so they are
typed (and required where v47 requires them) rather than merely tolerated.
``V47_OPERATIONS`` gives the ``data`` schema of each operation only v47 has, in the same
OpenAPI form as the spec, referring to the spec's own components where the digest does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]


@dataclass(frozen=True, slots=True)
class V47Field:
    """A field the v47 SDK model adds to a v36 schema (public-api.md, "v36 → v47 deltas")."""

    schema: str
    name: str
    definition: Schema
    required: bool = False


_STRINGS: Schema = {"type": "array", "items": {"type": "string"}}
_HASH_CONFIG: Schema = {
    "title": "HashPropertiesConfiguration",
    "type": "object",
    "properties": {
        "algorithm": {"type": "string"},
        "key": {"type": "string"},
        "encoding": {"type": "string"},
        "paths": _STRINGS,
    },
    "required": ["algorithm", "paths"],
}

V47_FIELDS: tuple[V47Field, ...] = (
    V47Field("GetSourceV1Output", "trackingPlanId", {"type": "string", "nullable": True}, True),
    V47Field("GetSourceAlphaOutput", "trackingPlanId", {"type": "string", "nullable": True}, True),
    V47Field("AuditEventV1", "actorEmail", {"type": "string"}),
    V47Field("DestinationMetadataPlatformsV1", "warehouse", {"type": "boolean"}),
    V47Field("DestinationMetadataPlatformsV1", "cloudAppObject", {"type": "boolean"}),
    V47Field("TransformationV1", "allowProperties", _STRINGS),
    V47Field("TransformationV1", "hashPropertiesConfiguration", _HASH_CONFIG),
    V47Field("WarehouseSelectiveSyncItemV1", "enabled", {"type": "boolean"}, True),
    V47Field("RegulationListEntryV1", "regulationType", {"type": "string"}, True),
    V47Field("AudienceSummary", "definition", {"type": "object", "nullable": True}),
    V47Field("AudienceSummary", "status", {"type": "string"}),
    V47Field("ComputedTraitSummary", "definition", {"type": "object", "nullable": True}),
    V47Field("ComputedTraitSummary", "status", {"type": "string"}),
)


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(title: str, properties: Schema, required: tuple[str, ...]) -> Schema:
    return {"title": title, "properties": properties, "required": list(required)}


_PAGE = _ref("PaginationOutput")
_DELIVERY_SERIES = _object(
    "DeliveryOverviewSeries",
    {"time": {"type": "string"}, "count": {"type": "number"}, "retryCount": {"type": "number"}},
    ("time", "count"),
)
_DELIVERY_OVERVIEW = _object(
    "GetDeliveryOverviewMetricsBetaOutput",
    {
        "total": {"type": "number"},
        "dataset": {
            "type": "array",
            "items": _object(
                "DeliveryOverviewDataset",
                {
                    "eventName": {"type": "string"},
                    "appVersion": {"type": "string"},
                    "eventType": {"type": "string"},
                    "discardReason": {"type": "string"},
                    "total": {"type": "number"},
                    "series": {"type": "array", "items": _DELIVERY_SERIES},
                    "totalRetryCount": {"type": "number"},
                },
                ("total", "series"),
            ),
        },
        "pagination": _PAGE,
    },
    ("total", "dataset", "pagination"),
)


@dataclass(frozen=True, slots=True)
class V47Operation:
    """An operation only the v47 SDK has, with its ``data`` schema in OpenAPI form."""

    operation_id: str
    method: str
    path: str
    versions: tuple[str, ...]
    data: Schema


def _delivery(operation_id: str, path: str) -> V47Operation:
    return V47Operation(operation_id, "GET", path, ("v1beta",), _DELIVERY_OVERVIEW)


V47_OPERATIONS: tuple[V47Operation, ...] = (
    V47Operation(
        "createWriteKeyForSource",
        "POST",
        "/sources/{sourceId}/writekey",
        ("v1alpha",),
        _object("CreateWriteKeyForSourceAlphaOutput", {"source": _ref("SourceAlpha")}, ("source",)),
    ),
    V47Operation(
        "removeWriteKeyFromSource",
        "DELETE",
        "/sources/{sourceId}/writekey/{writeKey}",
        ("v1alpha",),
        _object(
            "RemoveWriteKeyFromSourceAlphaOutput",
            {"status": {"type": "string", "enum": ["SUCCESS"]}},
            ("status",),
        ),
    ),
    V47Operation(
        "getInsertFunctionInstance",
        "GET",
        "/insert-function-instances/{instanceId}",
        ("v1alpha",),
        _object(
            "GetInsertFunctionInstanceAlphaOutput",
            {"insertFunctionInstance": _ref("InsertFunctionInstanceAlpha")},
            ("insertFunctionInstance",),
        ),
    ),
    V47Operation(
        "listSpaces",
        "GET",
        "/spaces",
        ("v1alpha",),
        _object(
            "ListSpacesAlphaOutput",
            {"spaces": {"type": "array", "items": _ref("Space")}, "pagination": _PAGE},
            ("spaces", "pagination"),
        ),
    ),
    V47Operation(
        "createReverseETLManualSync",
        "POST",
        "/reverse-etl-syncs",
        ("v1alpha",),
        _object(
            "CreateReverseETLManualSyncOutput",
            {
                "reverseETLManualSync": _object(
                    "ReverseETLManualSync",
                    {"startedAt": {"type": "string"}, "syncId": {"type": "string"}},
                    ("startedAt", "syncId"),
                )
            },
            ("reverseETLManualSync",),
        ),
    ),
    # The digest does not tabulate the sync report's fields, so it stays a free-form object.
    V47Operation(
        "getReverseETLSyncFromModel",
        "GET",
        "/reverse-etl-models/{modelId}/syncs/{syncId}",
        ("v1alpha",),
        _object(
            "GetReverseETLSyncFromModelOutput",
            {"reverseETLSync": {"type": "object", "additionalProperties": True}},
            ("reverseETLSync",),
        ),
    ),
    _delivery("getEgressFailedMetricsFromDeliveryOverview", "/delivery-overview/failed-delivery"),
    _delivery("getIngressFailedMetricsFromDeliveryOverview", "/delivery-overview/failed-on-ingest"),
    _delivery(
        "getFilteredAtDestinationMetricsFromDeliveryOverview",
        "/delivery-overview/filtered-at-destination",
    ),
    _delivery(
        "getFilteredAtSourceMetricsFromDeliveryOverview", "/delivery-overview/filtered-at-source"
    ),
    _delivery(
        "getEgressSuccessMetricsFromDeliveryOverview", "/delivery-overview/successful-delivery"
    ),
    _delivery(
        "getIngressSuccessMetricsFromDeliveryOverview", "/delivery-overview/successfully-received"
    ),
)
