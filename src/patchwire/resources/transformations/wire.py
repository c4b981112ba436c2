"""The Public API shape of a transformation: ``TransformationV1`` plus the v47 SDK's
``allowProperties`` and ``hashPropertiesConfiguration`` (D9), and nothing else (D8)."""

from __future__ import annotations

from typing import Any

from patchwire.db.models import Transformation

_HASH_FIELDS = ("algorithm", "key", "encoding", "paths")


def transformation_out(item: Transformation) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.id, "name": item.name, "sourceId": item.source_id}
    if item.destination_metadata_id is not None:
        out["destinationMetadataId"] = item.destination_metadata_id
    out["enabled"] = item.enabled
    out["if"] = item.condition
    if item.new_event_name is not None:
        out["newEventName"] = item.new_event_name
    out["propertyRenames"] = [
        {"oldName": r["oldName"], "newName": r["newName"]} for r in item.property_renames
    ]
    out["propertyValueTransformations"] = [
        {"propertyPaths": list(v["propertyPaths"]), "propertyValue": v["propertyValue"]}
        for v in item.property_value_transformations
    ]
    out["fqlDefinedProperties"] = [
        {"fql": d["fql"], "propertyName": d["propertyName"]} for d in item.fql_defined_properties
    ]
    if item.allow_properties is not None:
        out["allowProperties"] = list(item.allow_properties)
    hashing = item.hash_properties_configuration
    if hashing is not None:
        out["hashPropertiesConfiguration"] = {
            name: hashing[name] for name in _HASH_FIELDS if hashing.get(name) is not None
        }
    return out
