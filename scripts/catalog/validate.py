"""Validate the packaged catalog against the v36 Public API spec and our own rules.

    python scripts/catalog/validate.py [--spec PATH] [--data DIR]

Checks every item against its components/schemas entry (OpenAPI `nullable` honoured, $refs
resolved from the spec), rejects keys a schema does not define (DestinationMetadataPlatformsV1
may also carry `warehouse` and `cloudAppObject`), and checks ids/slugs are unique, counts,
option types and defaults, preset -> action references and the must-have seed items.
Needs jsonschema and PyYAML (the dev extra).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_SPEC = REPO.parent / "shared" / "spec" / "segment-public-api-36.2.0.yaml"
DATA_DIR = REPO / "src" / "patchwire" / "catalog" / "data"

FILES = {
    "sources.json": ("SourceMetadataV1", 40),
    "destinations.json": ("DestinationMetadataV1", 100),
    "warehouses.json": ("WarehouseMetadataV1", 6),
}

OPTION_TYPES = {
    "string": str,
    "text": str,
    "password": str,
    "select": str,
    "boolean": bool,
    "number": (int, float),
    "integer": int,
    "array": list,
    "map": dict,
    "object": dict,
}

MUST_HAVE = {
    "sources.json": {
        "IqDTy1TpoU": "javascript",
        "UBrsG9RVzw": "ios",
        "1bow82lmk": "stripe",
        "XE0vf1bTDh": "active-campaign",
        "pndBZqzhCE": "addshoppers-suppression",
    },
    "destinations.json": {
        "57da359580412f644ff33fb9": "amazon-kinesis",
        "54521fd525e721e32a72ee91": "amplitude",
        "54521fd525e721e32a72ee8e": "adroll",
        "54521fd525e721e32a72ee8f": "appsflyer",
        "547610a5db31d978f14a5c4e": "blueshift",
        "54521fd725e721e32a72eebb": "google-analytics",
    },
    "warehouses.json": {
        "55d3d3aea3c": "postgres",
        "aea3c55dsz": "redshift",
        "CCIl4HLQPz": "snowflake",
        "kwX50Df0hr": "bigquery",
        "WcjBCzUGff": "azuresqldw",
    },
}
MUST_HAVE_SOURCE_SLUGS = (
    "android",
    "nodejs",
    "python",
    "ruby",
    "go",
    "java",
    "php",
    "net",
    "http-api",
    "react-native",
    "flutter",
    "kotlin",
    "swift",
    "amp",
)
MUST_HAVE_ACTION_SLUGS = ("actions-webhook", "actions-amplitude", "actions-google-analytics-4")


def _openapi_to_jsonschema(node: Any) -> Any:
    """nullable -> type union; objects with properties become closed (no extra keys)."""
    if isinstance(node, list):
        return [_openapi_to_jsonschema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _openapi_to_jsonschema(v) for k, v in node.items()}
    if out.pop("nullable", False):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def load_schemas(spec_path: Path) -> dict[str, Any]:
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    components = copy.deepcopy(spec["components"])
    platforms = components["schemas"]["DestinationMetadataPlatformsV1"]["properties"]
    for extra in ("warehouse", "cloudAppObject"):  # added in the v47 SDK
        platforms.setdefault(extra, {"type": "boolean"})
    return {"components": _openapi_to_jsonschema(components)}


def check_option(where: str, option: dict[str, Any], errors: list[str]) -> None:
    kind = option.get("type")
    if kind not in OPTION_TYPES:
        errors.append(f"{where}: option type {kind!r} not allowed")
        return
    if "defaultValue" in option:
        value = option["defaultValue"]
        expected = OPTION_TYPES[kind]
        ok = isinstance(value, expected) and not (kind != "boolean" and isinstance(value, bool))
        if not ok:
            errors.append(f"{where}: defaultValue {value!r} does not fit type {kind}")


def validate(spec_path: Path, data_dir: Path) -> list[str]:
    root = load_schemas(spec_path)
    errors: list[str] = []
    loaded: dict[str, list[dict[str, Any]]] = {}
    for filename, (schema_name, minimum) in FILES.items():
        items = json.loads((data_dir / filename).read_text(encoding="utf-8"))
        loaded[filename] = items
        if not isinstance(items, list):
            errors.append(f"{filename}: top level must be an array")
            continue
        if len(items) < minimum:
            errors.append(f"{filename}: {len(items)} items, need at least {minimum}")
        schema = {**root, "$ref": f"#/components/schemas/{schema_name}"}
        validator = jsonschema.Draft7Validator(schema)
        seen_ids: set[str] = set()
        seen_slugs: set[str] = set()
        for item in items:
            label = f"{filename}:{item.get('slug')}"
            for err in validator.iter_errors(item):
                path = "/".join(str(p) for p in err.absolute_path)
                errors.append(f"{label}: {path}: {err.message}")
            if item.get("id") in seen_ids:
                errors.append(f"{label}: duplicate id {item.get('id')}")
            if item.get("slug") in seen_slugs:
                errors.append(f"{label}: duplicate slug")
            seen_ids.add(item.get("id"))
            seen_slugs.add(item.get("slug"))
            names = [o.get("name") for o in item.get("options", [])]
            if len(names) != len(set(names)):
                errors.append(f"{label}: duplicate option names")
            for option in item.get("options", []):
                check_option(f"{label}:{option.get('name')}", option, errors)
            if filename == "destinations.json":
                check_actions(label, item, errors)
        by_id = {i.get("id"): i for i in items}
        for must_id, must_slug in MUST_HAVE[filename].items():
            if must_id not in by_id:
                errors.append(f"{filename}: missing must-have id {must_id} ({must_slug})")
            elif by_id[must_id]["slug"] != must_slug:
                errors.append(f"{filename}: {must_id} has slug {by_id[must_id]['slug']}")

    source_slugs = {s["slug"] for s in loaded.get("sources.json", [])}
    for slug in MUST_HAVE_SOURCE_SLUGS:
        if slug not in source_slugs:
            errors.append(f"sources.json: missing library source {slug}")
    destinations = {d["slug"]: d for d in loaded.get("destinations.json", [])}
    for slug in MUST_HAVE_ACTION_SLUGS:
        item = destinations.get(slug)
        if item is None or not item["actions"] or not item["presets"]:
            errors.append(f"destinations.json: {slug} missing or without actions/presets")
    postgres = {
        o["name"]: o
        for w in loaded.get("warehouses.json", [])
        if w["slug"] == "postgres"
        for o in w["options"]
    }
    wanted = {
        "host": "string",
        "port": "number",
        "database": "string",
        "username": "string",
        "password": "password",
    }
    for name, kind in wanted.items():
        option = postgres.get(name)
        if option is None or option["type"] != kind or not option["required"]:
            errors.append(f"warehouses.json:postgres: option {name} must be a required {kind}")
    if postgres.get("port", {}).get("defaultValue") != 5432:
        errors.append("warehouses.json:postgres: port default must be 5432")
    return errors


def check_actions(label: str, item: dict[str, Any], errors: list[str]) -> None:
    action_ids = [a["id"] for a in item["actions"]]
    if len(action_ids) != len(set(action_ids)):
        errors.append(f"{label}: duplicate action ids")
    slugs = [a["slug"] for a in item["actions"]]
    if len(slugs) != len(set(slugs)):
        errors.append(f"{label}: duplicate action slugs")
    for action in item["actions"]:
        keys = [f["fieldKey"] for f in action["fields"]]
        if len(keys) != len(set(keys)):
            errors.append(f"{label}:{action['slug']}: duplicate field keys")
    for preset in item["presets"]:
        if preset["actionId"] not in action_ids:
            errors.append(f"{label}: preset {preset['name']!r} names an unknown action")
    if item["presets"] and not item["actions"]:
        errors.append(f"{label}: presets without actions")
    if item["actions"] and not item["presets"]:
        errors.append(f"{label}: an Actions destination needs presets")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate the packaged catalog JSON.")
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    errors = validate(args.spec, args.data)
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} problem(s)")
        return 1
    counts = ", ".join(
        f"{name} {len(json.loads((args.data / name).read_text(encoding='utf-8')))}"
        for name in FILES
    )
    print(f"catalog OK: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
