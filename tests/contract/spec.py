"""The official Public API spec as response validators: one per (operation, version).

The OpenAPI 3.0 schemas are turned into plain JSON Schema once per session:

- every ``$ref`` is inlined (the spec has no recursive schemas), so validation never resolves;
- ``nullable: true`` becomes a JSON-Schema type union (or ``anyOf`` with ``null`` next to
  ``allOf``);
- an object schema that declares ``properties`` and no ``additionalProperties`` gets
  ``additionalProperties: false``: pinned answer D8 says a response carries only the fields
  the v36 schemas or the v47 SDK models define. Free-form maps (``additionalProperties``
  true or ``{}``: settings, headers, payloads) stay open.

The v47 SDK's additions (``tests.contract.v47``) are patched in before conversion.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from jsonschema import Draft202012Validator

from tests.contract.v47 import V47_FIELDS, V47_OPERATIONS, Schema, V47Operation

T = TypeVar("T")

SPEC_ENV = "PATCHWIRE_PUBLIC_API_SPEC"
SPEC_PATH = Path(__file__).resolve().parents[3] / "shared/spec/segment-public-api-36.2.0.yaml"

VERSIONS = ("v1", "v1beta", "v1alpha")  # most stable first
JSON = "application/json"
_VND = re.compile(r"^application/vnd\.segment\.(v1|v1beta|v1alpha)\+json$")
_METHODS = ("get", "post", "put", "patch", "delete")
_DROPPED = {"description", "example", "examples"}

# Pinned answer D3: the seven creates the v47 SDK types as 201; every other operation is 200.
CREATED_201 = frozenset(
    {
        "createSource",
        "createWarehouse",
        "createLabel",
        "createInvites",
        "createProfilesWarehouse",
        "createReverseEtlModel",
        "addConnectionFromSourceToWarehouse",
    }
)

# Patchwire serves getWorkspace at GET / and also at this alias.
ALIASES = (("GET", "/workspaces", "getWorkspace"),)

# Operations Patchwire serves at the root path that no Segment spec defines. Their bodies go
# unvalidated (their errors still are), so each one is listed here on purpose.
EXTENSIONS = frozenset({"previewTransformation", "previewStoredTransformation"})


class SpecError(Exception):
    """The spec file has a shape this loader does not understand."""


def media_type(version: str) -> str:
    return f"application/vnd.segment.{version}+json"


def version_of(content_type: str) -> str | None:
    """``v1``/``v1beta``/``v1alpha`` for a vnd media type (parameters ignored), else None."""
    found = _VND.match(content_type.split(";", 1)[0].strip().lower())
    return found.group(1) if found else None


@dataclass(slots=True)
class SpecOperation:
    """One operation: where it lives, the versions its 2xx offers, and their body schemas."""

    operation_id: str
    method: str
    template: str
    versions: tuple[str, ...]  # most stable first
    in_v36: bool
    schemas: dict[str, Schema]  # version -> whole-body schema
    _validators: dict[str, Draft202012Validator] = field(default_factory=dict)

    @property
    def success_status(self) -> int:
        return 201 if self.operation_id in CREATED_201 else 200

    def version_for(self, content_type: str) -> str | None:
        """The version whose schema a response of ``content_type`` must follow."""
        if content_type.split(";", 1)[0].strip().lower() == JSON:
            return self.versions[0]
        version = version_of(content_type)
        return version if version in self.versions else None

    def validator(self, version: str) -> Draft202012Validator:
        compiled = self._validators.get(version)
        if compiled is None:
            compiled = self._validators[version] = Draft202012Validator(self.schemas[version])
        return compiled


@dataclass(frozen=True, slots=True)
class PathMatch(Generic[T]):
    """A request path the table knows; ``target`` is None when the method is not there."""

    template: str
    target: T | None


@dataclass(slots=True)
class _Template(Generic[T]):
    template: str
    segments: tuple[str | None, ...]  # None = a path parameter
    targets: dict[str, T] = field(default_factory=dict)

    @property
    def specificity(self) -> tuple[int, ...]:
        """Literal segments sort before parameters, position by position."""
        return tuple(1 if s is None else 0 for s in self.segments)

    def matches(self, segments: list[str]) -> bool:
        return all(t is None or t == s for t, s in zip(self.segments, segments, strict=True))


class RouteTable(Generic[T]):
    """``(method, path template) -> target``, matched against concrete request paths."""

    def __init__(self) -> None:
        self._templates: dict[str, _Template[T]] = {}
        self._by_length: dict[int, list[_Template[T]]] = {}

    def add(self, method: str, path: str, target: T) -> None:
        entry = self._templates.get(path)
        if entry is None:
            segments = tuple(None if s.startswith("{") else s for s in split_path(path))
            entry = self._templates[path] = _Template(path, segments)
            self._by_length.setdefault(len(segments), []).append(entry)
        if method in entry.targets:
            raise SpecError(f"two operations for {method} {path}")
        entry.targets[method] = target

    def match(self, method: str, path: str) -> PathMatch[T] | None:
        """Literal segments beat parameters, as in the server's router: ``POST
        /warehouses/validation`` is createValidationInWarehouse, ``GET`` on the same path is
        getWarehouse with id ``validation``."""
        segments = split_path(path)
        found = [t for t in self._by_length.get(len(segments), ()) if t.matches(segments)]
        if not found:
            return None
        found.sort(key=lambda t: t.specificity)
        for entry in found:
            target = entry.targets.get(method.upper())
            if target is not None:
                return PathMatch(entry.template, target)
        return PathMatch(found[0].template, None)


def split_path(path: str) -> list[str]:
    """Segments of a request path; trailing slashes are dropped (``/sources/`` = ``/sources``)."""
    trimmed = path.strip("/")
    return trimmed.split("/") if trimmed else []


class _Converter:
    """OpenAPI 3.0 schema → self-contained JSON Schema, components converted once each."""

    def __init__(self, components: dict[str, Schema]) -> None:
        self._raw = components
        self._done: dict[str, Schema] = {}
        self._busy: set[str] = set()

    def names(self) -> list[str]:
        return list(self._raw)

    def component(self, name: str) -> Schema:
        done = self._done.get(name)
        if done is not None:
            return done
        if name in self._busy:
            raise SpecError(f"recursive schema {name} cannot be inlined")
        if name not in self._raw:
            raise SpecError(f"unknown schema {name}")
        self._busy.add(name)
        converted: Schema = self.convert(self._raw[name])
        self._done[name] = converted
        self._busy.discard(name)
        return converted

    def convert(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return self.component(str(node["$ref"]).rsplit("/", 1)[-1])
        out: Schema = {}
        for key, value in node.items():
            if key in _DROPPED or key.startswith("x-"):
                continue
            if key == "properties":
                out[key] = {name: self.convert(sub) for name, sub in value.items()}
            elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
                out[key] = self.convert(value)
            else:
                out[key] = value
        if "properties" in out:
            out.setdefault("type", "object")
            if "additionalProperties" not in out:
                if any(k in out for k in ("allOf", "anyOf", "oneOf")):
                    raise SpecError(f"{out.get('title')}: properties next to a combinator")
                out["additionalProperties"] = False
        if out.pop("nullable", False):
            out = _nullable(out)
        return out


def _nullable(schema: Schema) -> Schema:
    if any(k in schema for k in ("allOf", "anyOf", "oneOf")):
        titled = {"title": schema["title"]} if "title" in schema else {}
        return {**titled, "anyOf": [{"type": "null"}, schema]}
    if "type" not in schema:
        return schema
    kind = schema["type"]
    out = {**schema, "type": [kind, "null"] if isinstance(kind, str) else [*kind, "null"]}
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def _envelope(title: str, data: Schema) -> Schema:
    return {
        "title": title,
        "type": "object",
        "properties": {"data": data},
        "required": ["data"],
        "additionalProperties": False,
    }


def _patched_components(document: dict[str, Any]) -> dict[str, Schema]:
    components: dict[str, Schema] = dict(document["components"]["schemas"])
    for added in V47_FIELDS:
        base = components[added.schema]
        properties = {**base.get("properties", {}), added.name: added.definition}
        required = list(base.get("required", []))
        if added.required:
            required.append(added.name)
        components[added.schema] = {**base, "properties": properties, "required": required}
    return components


class ContractSpec:
    """Operations indexed by path template, with their response validators."""

    def __init__(self, document: dict[str, Any], source: str = "<memory>") -> None:
        self.source = source
        self._converter = _Converter(_patched_components(document))
        self.operations: dict[str, SpecOperation] = {}
        self._routes: RouteTable[SpecOperation] = RouteTable()
        for path, item in document["paths"].items():
            for method in _METHODS:
                if method in item:
                    self._add_v36(path, method.upper(), item[method])
        for extra in V47_OPERATIONS:
            self._add_v47(extra)
        for method, path, operation_id in ALIASES:
            self._index(method, path, self.operations[operation_id])
        self.error_schema = self._error_schema()
        self.error_validator = Draft202012Validator(self.error_schema)

    def _add_v36(self, path: str, method: str, raw: dict[str, Any]) -> None:
        content: dict[str, Any] = raw["responses"]["200"]["content"]
        schemas: dict[str, Schema] = {}
        for media, body in content.items():
            version = version_of(media)
            if version is None:
                continue  # application/json follows the most stable version
            properties = body["schema"].get("properties", {})
            if set(body["schema"]) != {"properties"} or set(properties) != {"data"}:
                raise SpecError(f"{raw['operationId']}: unexpected 200 body schema for {media}")
            data = self._converter.convert(properties["data"])
            schemas[version] = _envelope(f"{raw['operationId']} {version} response", data)
        versions = tuple(v for v in VERSIONS if v in schemas)
        operation = SpecOperation(raw["operationId"], method, path, versions, True, schemas)
        self._register(operation)

    def _add_v47(self, extra: V47Operation) -> None:
        data = self._converter.convert(extra.data)
        schemas = {v: _envelope(f"{extra.operation_id} {v} response", data) for v in extra.versions}
        operation = SpecOperation(
            extra.operation_id, extra.method, extra.path, extra.versions, False, schemas
        )
        self._register(operation)

    def _register(self, operation: SpecOperation) -> None:
        if operation.operation_id in self.operations:
            raise SpecError(f"duplicate operationId {operation.operation_id}")
        self.operations[operation.operation_id] = operation
        self._index(operation.method, operation.template, operation)

    def _index(self, method: str, path: str, operation: SpecOperation) -> None:
        self._routes.add(method, path, operation)

    def _error_schema(self) -> Schema:
        envelope = self._converter.component("RequestErrorEnvelope")
        errors = {**envelope["properties"]["errors"], "minItems": 1}
        return {**envelope, "properties": {**envelope["properties"], "errors": errors}}

    def match(self, method: str, path: str) -> PathMatch[SpecOperation] | None:
        """The operation serving ``method path`` (a concrete, raw request path)."""
        return self._routes.match(method, path)

    def component(self, name: str) -> Schema:
        """A component of the spec (v47 fields patched in), as converted JSON Schema."""
        return self._converter.component(name)

    def components(self) -> Iterator[Schema]:
        for name in self._converter.names():
            yield self._converter.component(name)


def spec_path() -> Path:
    return Path(os.environ.get(SPEC_ENV) or SPEC_PATH)


def load_document(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open("rb") as handle:
        document: dict[str, Any] = yaml.load(handle, Loader=loader)
    return document


@lru_cache(maxsize=4)
def load_spec(path: Path) -> ContractSpec:
    """Parse and convert the spec once per process (about a second for the YAML)."""
    return ContractSpec(load_document(path), str(path))
