"""The checks a transformation's rules need beyond their wire types: FQL (with position and
reason), property references, Segment's limit of one FQL-defined property, the hash
algorithm. Errors name fields ``transformation.<field>`` on every operation."""

from __future__ import annotations

from patchwire.core.errors import FieldError
from patchwire.resources.fql_fields import fql_error
from patchwire.resources.transformations.apply import ALGORITHMS, algorithm_name, reference_error
from patchwire.resources.transformations.schemas import (
    MAX_FQL_PROPERTIES,
    RulesIn,
    UpdateTransformationIn,
)

PREFIX = "transformation."


def _reference(field: str, reference: str) -> list[FieldError]:
    reason = reference_error(reference)
    return [] if reason is None else [FieldError(PREFIX + field, reason)]


def _fql(field: str, source: str) -> list[FieldError]:
    error = fql_error(PREFIX + field, source)
    return [] if error is None else [error]


def rule_errors(data: RulesIn | UpdateTransformationIn) -> list[FieldError]:
    """What pydantic cannot see: FQL, property references, limits, the hash algorithm."""
    errors = [] if data.if_ is None else _fql("if", data.if_)
    for i, rename in enumerate(data.propertyRenames or []):
        errors += _reference(f"propertyRenames[{i}].oldName", rename.oldName)
        errors += _reference(f"propertyRenames[{i}].newName", rename.newName)
    for i, change in enumerate(data.propertyValueTransformations or []):
        for j, path in enumerate(change.propertyPaths):
            errors += _reference(f"propertyValueTransformations[{i}].propertyPaths[{j}]", path)
    defined = data.fqlDefinedProperties or []
    if len(defined) > MAX_FQL_PROPERTIES:
        errors.append(
            FieldError(
                f"{PREFIX}fqlDefinedProperties",
                f"At most {MAX_FQL_PROPERTIES} FQL-defined property is allowed, as in Segment;"
                f" got {len(defined)}",
            )
        )
    for i, prop in enumerate(defined):
        errors += _fql(f"fqlDefinedProperties[{i}].fql", prop.fql)
        errors += _reference(f"fqlDefinedProperties[{i}].propertyName", prop.propertyName)
    for i, reference in enumerate(data.allowProperties or []):
        errors += _reference(f"allowProperties[{i}]", reference)
    hashing = data.hashPropertiesConfiguration
    if hashing is not None:
        if algorithm_name(hashing.algorithm) is None:
            supported = ", ".join(ALGORITHMS)
            errors.append(
                FieldError(
                    f"{PREFIX}hashPropertiesConfiguration.algorithm",
                    f'"{hashing.algorithm}" is not supported; use one of {supported}',
                )
            )
        for i, path in enumerate(hashing.paths):
            errors += _reference(f"hashPropertiesConfiguration.paths[{i}]", path)
    return errors
