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
    FieldMap("Destination", "create_time / update_time", "—", "Config only"),
    FieldMap("DestinationConfig", "name", "settings key", "`…/config/{key}`: the last segment"),
    FieldMap("DestinationConfig", "display_name", "metadata.options[].label", "else the key"),
    FieldMap("DestinationConfig", "type", "metadata.options[].type", "see CONFIG_VALUE_TYPES"),
    FieldMap("DestinationFilter", "name", "id", "`…/destinations/{slug}/filters/{id}`"),
    FieldMap("DestinationFilter", "title", "title"),
    FieldMap("DestinationFilter", "description", "description", '`""` ↔ absent'),
    FieldMap("DestinationFilter", "if", "if"),
    FieldMap("DestinationFilter", "enabled", "enabled"),
    FieldMap("DestinationFilter", "actions[].type", "actions[].type", "see FILTER_ACTION_TYPES"),
    FieldMap(
        "DestinationFilter",
        "actions[].fields",
        "actions[].fields",
        "`{<path>: {fields: [keys]}}` ↔ `{<path>: [keys]}`",
    ),
    FieldMap("DestinationFilter", "actions[].percent / path", "actions[].percent / path"),
    FieldMap("FilterPreview", "payload", "payload"),
    FieldMap("FilterPreview", "input_payload", "inputPayload"),
    FieldMap("FilterPreview", "result", "result", "the event after the filter; null = dropped"),
    FieldMap("DeliveryMetrics", "metric_name", "metricName"),
    FieldMap("DeliveryMetrics", "granularity", "granularity"),
    FieldMap("DeliveryMetrics", "start_time", "startTime"),
    FieldMap("DeliveryMetrics", "end_time", "endTime"),
    FieldMap("TrackingPlan", "name", "id", "`workspaces/{ws}/tracking-plans/{id}`"),
    FieldMap("TrackingPlan", "display_name", "name"),
    FieldMap(
        "TrackingPlan",
        "rules.events[]",
        "rules[] (type TRACK)",
        "`{name, rules, version}` ↔ `{key, jsonSchema, version}`",
    ),
    FieldMap(
        "TrackingPlan",
        "rules.events[].description",
        "rules[].jsonSchema.description",
        "kept as the event schema's top-level `description` (RuleV1 has no description);"
        " a different `description` inside `rules` is a 400",
    ),
    FieldMap(
        "TrackingPlan", "rules.events[].version", "rules[].version", "left out: kept, +1 on change"
    ),
    FieldMap("TrackingPlan", "rules.global", "rules[] (type COMMON)", "the rule's jsonSchema"),
    FieldMap("TrackingPlan", "rules.identify", "rules[] (type IDENTIFY)", "the rule's jsonSchema"),
    FieldMap("TrackingPlan", "rules.group", "rules[] (type GROUP)", "the rule's jsonSchema"),
    FieldMap(
        "TrackingPlan", "—", "rules[] (type PAGE, SCREEN)", "Public only; Config updates keep them"
    ),
    FieldMap("TrackingPlan", "—", "type", "always `LIVE`: other types are Public only (404 here)"),
    FieldMap("TrackingPlan", "—", "description", "Public only"),
    FieldMap("TrackingPlan", "create_time / update_time", "createdAt / updatedAt"),
    FieldMap(
        "TrackingPlanConnection",
        "source_name",
        "sourceId",
        "`workspaces/{ws}/sources/{slug}` ↔ the source's id",
    ),
    FieldMap("TrackingPlanConnection", "tracking_plan_id", "trackingPlanId"),
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

METRICS_ARGUMENTS: dict[str, str] = {
    f.config: f.public for f in FIELDS if f.resource == "DeliveryMetrics"
}
"""Config delivery-metrics argument/field → its Public API spelling."""

FILTER_ACTION_TYPES: dict[str, str] = {
    "drop_event": "DROP",
    "whitelist_fields": "ALLOW_PROPERTIES",
    "blacklist_fields": "DROP_PROPERTIES",
    "sample_event": "SAMPLE",
}
"""Config destination-filter action ``type`` → Public action ``type`` (and back, inverted)."""

CONFIG_VALUE_TYPES: dict[str, str] = {
    "boolean": "boolean",
    "string": "string",
    "text": "string",
    "password": "string",
    "select": "string",
    "color": "string",
    "datetime": "string",
    "number": "number",
    "integer": "number",
    "array": "list",
    "map": "map",
    "object": "map",
}
"""Catalog option ``type`` → Config ``DestinationConfig.type``; anything else is ``mixed``."""

TRACKING_PLAN_RULE_TYPES: dict[str, str] = {
    "events": "TRACK",
    "global": "COMMON",
    "identify": "IDENTIFY",
    "group": "GROUP",
}
"""Config tracking-plan ``rules`` part → the ``type`` of the Public rule(s) it is stored as."""

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
        "GET/POST …/destinations/{dst}/filters",
        "listFiltersFromDestination / createFilterForDestination /destination/{id}/filters",
        "actions in Config spelling: see FILTER_ACTION_TYPES",
    ),
    CallMap(
        "GET/PATCH/DELETE …/destinations/{dst}/filters/{filter}",
        "getFilterInDestination / updateFilterForDestination / removeFilterFromDestination"
        " /destination/{id}/filters/{filterId}",
    ),
    CallMap(
        "POST /v1beta/filters/preview", "previewDestinationFilter POST /destination/filters/preview"
    ),
    CallMap(
        "GET …/destinations/{dst}/metrics[/{metric}], metrics:batchGet, metrics:getSummary",
        "listDeliveryMetricsSummaryFromDestination GET /destinations/{id}/delivery-metrics",
        "Patchwire holds no delivery data: every metric is zero",
    ),
    CallMap(
        "GET /v1beta/workspaces/{ws}/event-delivery-metrics:batchGetSummary",
        "listDeliveryMetricsSummaryFromDestination, once per destination",
    ),
    CallMap(
        "GET /v1beta/workspaces/{ws}/tracking-plans",
        "listTrackingPlans GET /tracking-plans?type=LIVE + listRulesFromTrackingPlan",
    ),
    CallMap(
        "POST /v1beta/workspaces/{ws}/tracking-plans",
        "createTrackingPlan POST /tracking-plans + replaceRulesInTrackingPlan",
        "`type` is LIVE",
    ),
    CallMap(
        "GET/DELETE /v1beta/workspaces/{ws}/tracking-plans/{tp}",
        "getTrackingPlan + listRulesFromTrackingPlan / deleteTrackingPlan",
    ),
    CallMap(
        "PUT /v1beta/workspaces/{ws}/tracking-plans/{tp}",
        "updateTrackingPlan PATCH (display_name) + replaceRulesInTrackingPlan PUT (rules)",
        "update_mask: `display_name`, `rules`, `rules.events|global|identify|group`",
    ),
    CallMap(
        "POST …/tracking-plans/{tp}/source-connections[:batchCreateConnections]",
        "addSourceToTrackingPlan POST /tracking-plans/{id}/sources",
        "once per source; a batch connects all or none",
    ),
    CallMap(
        "GET …/tracking-plans/{tp}/source-connections",
        "listSourcesFromTrackingPlan GET /tracking-plans/{id}/sources",
    ),
    CallMap(
        "DELETE …/tracking-plans/{tp}/source-connections/{src}",
        "removeSourceFromTrackingPlan DELETE /tracking-plans/{id}/sources?sourceId=",
    ),
    CallMap(
        "POST/DELETE /v1beta/workspaces/{ws}/sources/{src}/regulations",
        "— (createSourceRegulation is not served)",
        "501: Patchwire does not process end-user data",
    ),
    CallMap(
        "GET/POST /v1beta/workspaces/{ws}/regulations, GET/DELETE …/regulations/{id}",
        "— (listWorkspaceRegulations, createWorkspaceRegulation, … are not served)",
        "501: Patchwire does not process end-user data",
    ),
    CallMap(
        "GET /v1beta/workspaces/{ws}/suppressed-users",
        "— (listSuppressions is not served)",
        "501: Patchwire does not process end-user data",
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
