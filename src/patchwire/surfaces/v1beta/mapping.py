"""Config API ↔ Public API: the single source of truth for how fields and calls map.

The Config API serializers read the schema-config mapping from here, and the README's
migration guide is generated from these tables (scripts/readme_coverage.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldMap:
    resource: str
    config: str
    public: str
    rule: str = "equal"


@dataclass(frozen=True, slots=True)
class CallMap:
    config: str
    public: str
    note: str = ""


FIELDS: tuple[FieldMap, ...] = (
    FieldMap("Workspace", "name", "slug", "`workspaces/` prefix removed"),
    FieldMap("Workspace", "display_name", "name"),
    FieldMap("Workspace", "id", "id"),
    FieldMap("Workspace", "create_time", "—", "Config only"),
    FieldMap("Source", "name", "slug", "last segment of `workspaces/{ws}/sources/{slug}`"),
    FieldMap("Source", "display_name", "name"),
    FieldMap("Source", "parent", "workspaceId", "`workspaces/{slug}` ↔ the workspace's id"),
    FieldMap("Source", "catalog_name", "metadata", "`catalog/sources/{slug}` ↔ `metadata.slug`"),
    FieldMap("Source", "write_keys", "writeKeys"),
    FieldMap("Source", "create_time", "—", "Config only"),
    FieldMap("Destination", "name", "metadata.slug", "`…/destinations/{catalog slug}`"),
    FieldMap("Destination", "display_name", "name"),
    FieldMap("Destination", "parent", "sourceId", "the source's resource name ↔ its id"),
    FieldMap("Destination", "enabled", "enabled"),
    FieldMap(
        "Destination", "config", "settings", "`[{name: …/config/<key>, value}]` ↔ `{<key>: value}`"
    ),
    FieldMap("Destination", "connection_mode", "—", "Config only (CLOUD)"),
    FieldMap("TrackingPlan", "name", "id", "`workspaces/{ws}/tracking-plans/{id}`"),
    FieldMap("TrackingPlan", "display_name", "name"),
    FieldMap(
        "TrackingPlan",
        "rules.events[]",
        "rules[] (type TRACK)",
        "`{name, rules, version}` ↔ `{key, jsonSchema, version}`",
    ),
    FieldMap("TrackingPlan", "create_time / update_time", "createdAt / updatedAt"),
    FieldMap("SchemaConfig", "allow_unplanned_track_events", "track.allowUnplannedEvents"),
    FieldMap(
        "SchemaConfig",
        "allow_unplanned_track_event_properties",
        "track.allowUnplannedEventProperties",
    ),
    FieldMap("SchemaConfig", "allow_track_event_on_violations", "track.allowEventOnViolations"),
    FieldMap(
        "SchemaConfig", "allow_track_properties_on_violations", "track.allowPropertiesOnViolations"
    ),
    FieldMap("SchemaConfig", "common_track_event_on_violations", "track.commonEventOnViolations"),
    FieldMap("SchemaConfig", "allow_unplanned_identify_traits", "identify.allowUnplannedTraits"),
    FieldMap(
        "SchemaConfig", "allow_identify_traits_on_violations", "identify.allowTraitsOnViolations"
    ),
    FieldMap(
        "SchemaConfig", "common_identify_event_on_violations", "identify.commonEventOnViolations"
    ),
    FieldMap("SchemaConfig", "allow_unplanned_group_traits", "group.allowUnplannedTraits"),
    FieldMap("SchemaConfig", "allow_group_traits_on_violations", "group.allowTraitsOnViolations"),
    FieldMap("SchemaConfig", "common_group_event_on_violations", "group.commonEventOnViolations"),
    FieldMap("SchemaConfig", "forwarding_violations_to", "forwardingViolationsTo", "a source id"),
    FieldMap(
        "SchemaConfig", "forwarding_blocked_events_to", "forwardingBlockedEventsTo", "a source id"
    ),
    FieldMap("AccessToken", "scopes", "role", "`workspace` ↔ owner, `workspace:read` ↔ read-only"),
)

SCHEMA_CONFIG: dict[str, str] = {f.config: f.public for f in FIELDS if f.resource == "SchemaConfig"}
"""Config schema-config field → dotted Public schema-settings path."""

CALLS: tuple[CallMap, ...] = (
    CallMap("GET /v1beta/workspaces", "getWorkspace GET /", "a token sees one workspace"),
    CallMap("GET /v1beta/workspaces/{ws}", "getWorkspace GET /"),
    CallMap("GET /v1beta/workspaces/{ws}/sources", "listSources GET /sources"),
    CallMap("POST /v1beta/workspaces/{ws}/sources", "createSource POST /sources"),
    CallMap("GET /v1beta/workspaces/{ws}/sources/{src}", "getSource GET /sources/{sourceId}"),
    CallMap(
        "DELETE /v1beta/workspaces/{ws}/sources/{src}", "deleteSource DELETE /sources/{sourceId}"
    ),
    CallMap(
        "GET /v1beta/workspaces/{ws}/sources/{src}/schema-config",
        "listSchemaSettingsInSource GET /sources/{sourceId}/settings",
    ),
    CallMap(
        "PATCH /v1beta/workspaces/{ws}/sources/{src}/schema-config",
        "updateSchemaSettingsInSource PATCH /sources/{sourceId}/settings",
    ),
    CallMap(
        "GET /v1beta/workspaces/{ws}/sources/{src}/destinations",
        "listConnectedDestinationsFromSource GET /sources/{sourceId}/connected-destinations",
    ),
    CallMap(
        "POST /v1beta/workspaces/{ws}/sources/{src}/destinations",
        "createDestination POST /destinations",
        "sourceId and metadataId go in the body",
    ),
    CallMap(
        "GET/PATCH/DELETE /v1beta/workspaces/{ws}/sources/{src}/destinations/{dst}",
        "getDestination / updateDestination / deleteDestination /destinations/{destinationId}",
    ),
    CallMap(
        "…/destinations/{dst}/filters[/{filter}]",
        "listFiltersFromDestination … removeFilterFromDestination /destination/{id}/filters",
    ),
    CallMap(
        "POST /v1beta/filters/preview", "previewDestinationFilter POST /destination/filters/preview"
    ),
    CallMap(
        "…/destinations/{dst}/metrics…, event-delivery-metrics:batchGetSummary",
        "listDeliveryMetricsSummaryFromDestination GET /destinations/{id}/delivery-metrics",
    ),
    CallMap(
        "GET/POST /v1beta/workspaces/{ws}/tracking-plans", "listTrackingPlans / createTrackingPlan"
    ),
    CallMap(
        "GET/PUT/DELETE /v1beta/workspaces/{ws}/tracking-plans/{tp}",
        "getTrackingPlan / updateTrackingPlan + replaceRulesInTrackingPlan / deleteTrackingPlan",
    ),
    CallMap(
        "…/tracking-plans/{tp}/source-connections[:batchCreateConnections]",
        "addSourceToTrackingPlan / listSourcesFromTrackingPlan / removeSourceFromTrackingPlan",
    ),
    CallMap("GET /v1beta/workspaces/{ws}/roles", "listRoles GET /roles"),
    CallMap(
        "GET/POST/DELETE /v1beta/workspaces/{ws}/invites",
        "listInvites / createInvites / deleteInvites",
    ),
    CallMap("GET /v1beta/catalog/sources[/{slug}]", "getSourcesCatalog / getSourceMetadata"),
    CallMap(
        "GET /v1beta/catalog/destinations[/{slug}]",
        "getDestinationsCatalog / getDestinationMetadata",
    ),
    CallMap("/v1beta/access-tokens", "— (Patchwire: `patchwire tokens …`)"),
)
