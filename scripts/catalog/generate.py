"""Generate the packaged Segment catalog: sources.json, destinations.json, warehouses.json.

    python scripts/catalog/generate.py                 # write src/patchwire/catalog/data/*.json
    python scripts/catalog/generate.py --check         # fail if the committed files are stale
    python scripts/catalog/generate.py --action-destinations DIR
        # first refresh action_destinations.json from an installed
        # @segment/action-destinations package (needs node); env: PATCHWIRE_ACTION_DESTINATIONS

Output is deterministic: the same inputs always produce byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ids  # noqa: E402
from actions_data import (  # noqa: E402
    ACTION_DESCRIPTIONS,
    ACTION_DESTINATIONS,
    FIELD_DESCRIPTIONS,
    SETTING_DESCRIPTIONS,
)
from destinations_data import CLASSIC_DESTINATIONS, SEED_DESTINATIONS  # noqa: E402
from options import opt  # noqa: E402
from sources_data import CLOUD_SOURCES, LIBRARY_SOURCES  # noqa: E402
from warehouses_data import WAREHOUSES  # noqa: E402

REPO = HERE.parent.parent
DATA_DIR = REPO / "src" / "patchwire" / "catalog" / "data"
SNAPSHOT = HERE / "action_destinations.json"

Json = dict[str, Any]


def _dump(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def _by_name(items: list[Json]) -> list[Json]:
    # Same order as patchwire.catalog.loader: name (case-folded), then id.
    return sorted(items, key=lambda item: (item["name"].casefold(), item["id"]))


# --- sources -------------------------------------------------------------------------------


def build_sources() -> list[Json]:
    out = []
    for entry in [*LIBRARY_SOURCES, *CLOUD_SOURCES]:
        slug = entry["slug"]
        logos = entry.get("logos") or {
            "default": ids.filepicker_url("source:" + slug),
            "mark": ids.filepicker_url("source-mark:" + slug),
        }
        out.append(
            {
                "id": entry.get("id") or ids.alnum("source:" + slug),
                "slug": slug,
                "name": entry["name"],
                "categories": list(entry["categories"]),
                "description": entry["description"],
                "logos": logos,
                "options": list(entry.get("options", [])),
                "isCloudEventSource": bool(entry.get("cloud", False)),
            }
        )
    return _by_name(out)


# --- warehouses ----------------------------------------------------------------------------


def build_warehouses() -> list[Json]:
    out = []
    for entry in WAREHOUSES:
        slug = entry["slug"]
        logos = entry.get("logos") or {
            "default": ids.cloudfront_logo(slug),
            "mark": ids.filepicker_url("warehouse-mark:" + slug),
        }
        out.append(
            {
                "id": entry.get("id") or ids.alnum("warehouse:" + slug),
                "slug": slug,
                "name": entry["name"],
                "description": entry["description"],
                "logos": logos,
                "options": list(entry["options"]),
            }
        )
    return _by_name(out)


# --- classic destinations ------------------------------------------------------------------

_COMPONENT_CODE = {
    "BROWSER": "https://github.com/segmentio/analytics.js-integrations/tree/master/integrations/{}",
    "IOS": "https://github.com/segment-integrations/analytics-ios-integration-{}",
    "ANDROID": "https://github.com/segment-integrations/analytics-android-integration-{}",
    "SERVER": "https://github.com/segmentio/integrations/tree/master/integrations/{}",
}

_METHOD_LETTERS = {"t": "track", "p": "pageview", "i": "identify", "g": "group", "a": "alias"}


def _methods(letters: str) -> Json:
    return {name: letter in letters for letter, name in _METHOD_LETTERS.items()}


def _classic(entry: Json) -> Json:
    slug = entry["slug"]
    components = [
        c
        if isinstance(c, dict)
        else {"code": _COMPONENT_CODE[c].format(slug), "owner": "SEGMENT", "type": c}
        for c in entry["components"]
    ]
    types = {c["type"] for c in components}
    if "platforms" in entry:
        platforms = {
            "browser": "b" in entry["platforms"],
            "mobile": "m" in entry["platforms"],
            "server": "s" in entry["platforms"],
        }
    else:
        cloud = "SERVER" in types
        platforms = {
            "browser": "BROWSER" in types or cloud,
            "mobile": bool(types & {"IOS", "ANDROID"}) or cloud,
            "server": cloud,
        }
    platforms["warehouse"] = False
    features = {
        "cloudModeInstances": "0",
        "deviceModeInstances": "0",
        "replay": False,
        "browserUnbundling": {"BROWSER", "SERVER"} <= types,
        "browserUnbundlingPublic": True,
    }
    features.update(entry.get("features", {}))
    logos = entry.get("logos") or {
        "default": ids.cloudfront_logo(slug),
        "mark": ids.filepicker_url("destination-mark:" + slug),
    }
    item: Json = {
        "id": entry.get("id") or ids.hex24("destination:" + slug),
        "name": entry["name"],
        "description": entry["description"],
        "slug": slug,
        "logos": logos,
        "options": list(entry["options"]),
        "status": entry.get("status", "PUBLIC"),
        "categories": list(entry["categories"]),
        "website": entry["website"],
        "components": components,
        "previousNames": list(entry.get("previousNames", [entry["name"]])),
        "supportedMethods": _methods(entry["methods"]),
        "supportedPlatforms": platforms,
        "supportedFeatures": features,
        "actions": [],
        "presets": [],
        "contacts": [],
        "partnerOwned": False,
    }
    item.update(entry.get("regions", {}))
    return item


# --- action destinations -------------------------------------------------------------------

_FIELD_TYPES = {
    "string": "STRING",
    "text": "TEXT",
    "number": "NUMBER",
    "integer": "INTEGER",
    "boolean": "BOOLEAN",
    "datetime": "DATETIME",
    "object": "OBJECT",
    "password": "PASSWORD",
    "hidden": "HIDDEN",
}

_SETTING_TYPES = {
    "string": "string",
    "text": "text",
    "password": "password",
    "boolean": "boolean",
    "number": "number",
    "integer": "integer",
    "object": "object",
    "datetime": "string",
}

_TRIGGER_TYPES = {
    "track": "track",
    "page": "pageview",
    "screen": "pageview",
    "identify": "identify",
    "group": "group",
    "alias": "alias",
}


def _fql(trigger: str | None) -> str | None:
    return None if trigger is None else " ".join(trigger.split())


def _tool(name: str) -> str:
    for suffix in (" (Actions)", " Cloud Mode", " Cloud"):
        name = name.removesuffix(suffix)
    return name


def _choice_values(choices: list[Any]) -> list[str]:
    return [str(c["value"]) if isinstance(c, dict) else str(c) for c in choices]


def _setting_option(dir_: str, setting: Json, tool: str) -> Json:
    label = setting["label"]
    description = SETTING_DESCRIPTIONS.get((dir_, setting["key"]), f"{label} for {tool}.")
    if setting["choices"]:
        type_ = "select"
        description += f" One of: {', '.join(_choice_values(setting['choices']))}."
    else:
        type_ = _SETTING_TYPES.get(setting["type"], "string")
    kwargs: Json = {"required": setting["required"]}
    if setting["hasDefault"]:
        kwargs["default"] = setting["default"]
    return opt(setting["key"], type_, label, description, **kwargs)


def _field_description(field: Json, tool: str) -> str:
    known = FIELD_DESCRIPTIONS.get(field["key"])
    if known:
        return known
    label = field["label"].strip()
    return {
        "object": f"{label} sent to {tool}, as key-value pairs.",
        "boolean": f"Whether to apply {label}.",
        "datetime": f"{label}, as an ISO 8601 timestamp.",
        "number": f"{label}, as a number.",
        "integer": f"{label}, as a whole number.",
    }.get(field["type"], f"{label} sent to {tool}.")


def _action_field(slug: str, action_key: str, index: int, field: Json, tool: str) -> Json:
    out: Json = {
        "id": ids.ksuid_like(f"field:{slug}:{action_key}:{field['key']}"),
        "sortOrder": index,
        "fieldKey": field["key"],
        "label": field["label"].strip(),
        "type": _FIELD_TYPES.get(field["type"], "STRING"),
        "description": _field_description(field, tool),
    }
    if field["placeholder"]:
        out["placeholder"] = field["placeholder"]
    if field["hasDefault"]:
        out["defaultValue"] = field["default"]
    out["required"] = field["required"]
    out["multiple"] = field["multiple"]
    if field["choices"] is not None:
        out["choices"] = field["choices"]
    out["dynamic"] = field["dynamic"]
    out["allowNull"] = field["allowNull"]
    return out


def _methods_from_triggers(triggers: list[str]) -> Json:
    methods = dict.fromkeys(_METHOD_LETTERS.values(), False)
    for trigger in triggers:
        for found in re.findall(r'type\s*=\s*"(\w+)"', trigger):
            if found in _TRIGGER_TYPES:
                methods[_TRIGGER_TYPES[found]] = True
        if re.search(r'\bevent\s*=\s*"', trigger):
            methods["track"] = True
    if not any(methods.values()):
        methods = dict.fromkeys(methods, True)
    return methods


def _action_destination(snap: Json) -> Json:
    facts = ACTION_DESTINATIONS[snap["dir"]]
    slug = snap["slug"]
    name = facts["name"]
    tool = _tool(name)
    actions = []
    action_ids: dict[str, str] = {}
    for action in snap["actions"]:
        action_id = ids.ksuid_like(f"action:{slug}:{action['key']}")
        action_ids[action["key"]] = action_id
        description = ACTION_DESCRIPTIONS.get((snap["dir"], action["key"]))
        actions.append(
            {
                "id": action_id,
                "slug": action["key"],
                "name": action["title"],
                "description": description or f"Sends {action['title']} data to {tool}.",
                "platform": "WEB" if snap["mode"] == "device" else "CLOUD",
                "hidden": action["hidden"],
                "defaultTrigger": _fql(action["defaultSubscription"]),
                "fields": [
                    _action_field(slug, action["key"], i, f, tool)
                    for i, f in enumerate(action["fields"])
                ],
            }
        )

    defaults = {
        a["key"]: {f["key"]: f["default"] for f in a["fields"] if f["hasDefault"]}
        for a in snap["actions"]
    }
    presets = [
        {
            "actionId": action_ids[p["partnerAction"]],
            "name": p["name"],
            "fields": p["mapping"],
            "trigger": _fql(p["subscribe"]),
        }
        for p in snap["presets"]
        if p["partnerAction"] in action_ids
    ]
    if not presets:
        # No presets in the definition: offer each action's default subscription as one.
        for action in snap["actions"]:
            if action["hidden"] or not action["defaultSubscription"]:
                continue
            presets.append(
                {
                    "actionId": action_ids[action["key"]],
                    "name": action["title"],
                    "fields": defaults[action["key"]],
                    "trigger": _fql(action["defaultSubscription"]),
                }
            )
    for extra in facts.get("presets", []):
        fields = extra.get("fields")
        presets.append(
            {
                "actionId": action_ids[extra["action"]],
                "name": extra["name"],
                "fields": defaults[extra["action"]] if fields is None else fields,
                "trigger": extra["trigger"],
            }
        )

    triggers = [a["defaultTrigger"] for a in actions if a["defaultTrigger"]]
    triggers += [p["trigger"] for p in presets]
    item: Json = {
        "id": snap["id"] or ids.hex24("destination:" + slug),
        "name": name,
        "description": facts["description"],
        "slug": slug,
        "logos": {
            "default": ids.devcenter_logo(slug),
            "mark": ids.devcenter_logo(slug + ":mark"),
        },
        "options": [_setting_option(snap["dir"], s, tool) for s in snap["settings"]],
        "status": facts.get("status", "PUBLIC"),
        "categories": list(facts["categories"]),
        "website": facts["website"],
        "components": [],
        "previousNames": [name],
        "supportedMethods": (
            _methods(facts["methods"]) if "methods" in facts else _methods_from_triggers(triggers)
        ),
        "supportedPlatforms": {
            "browser": True,
            "mobile": True,
            "server": True,
            "warehouse": False,
        },
        "supportedFeatures": {
            "cloudModeInstances": "MULTIPLE",
            "deviceModeInstances": "NONE",
            "replay": False,
            "browserUnbundling": False,
            "browserUnbundlingPublic": False,
        },
        "actions": actions,
        "presets": presets,
        "contacts": [],
        "partnerOwned": False,
    }
    item.update(facts.get("regions", {}))
    return item


def build_destinations(snapshot: list[Json]) -> list[Json]:
    by_dir = {s["dir"]: s for s in snapshot}
    missing = [d for d in ACTION_DESTINATIONS if d not in by_dir]
    if missing:
        raise SystemExit(f"snapshot lacks action destinations: {missing}; refresh it")
    out = [_classic(e) for e in [*SEED_DESTINATIONS, *CLASSIC_DESTINATIONS]]
    out += [_action_destination(by_dir[d]) for d in ACTION_DESTINATIONS]
    return _by_name(out)


# --- snapshot refresh and main -------------------------------------------------------------


def refresh_snapshot(package_dir: str) -> None:
    cmd = ["node", str(HERE / "extract_actions.js"), package_dir, *ACTION_DESTINATIONS]
    raw = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    SNAPSHOT.write_text(_dump(json.loads(raw)), encoding="utf-8")
    print(f"refreshed {SNAPSHOT.relative_to(REPO)}")


def build_all() -> dict[str, str]:
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return {
        "sources.json": _dump(build_sources()),
        "destinations.json": _dump(build_destinations(snapshot)),
        "warehouses.json": _dump(build_warehouses()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--action-destinations",
        default=os.environ.get("PATCHWIRE_ACTION_DESTINATIONS"),
        help="installed @segment/action-destinations package dir to refresh the snapshot from",
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output directory")
    parser.add_argument("--check", action="store_true", help="only verify files are current")
    args = parser.parse_args(argv)

    if args.action_destinations:
        refresh_snapshot(args.action_destinations)
    files = build_all()
    if args.check:
        stale = [
            name
            for name, text in files.items()
            if not (args.out / name).exists()
            or (args.out / name).read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"stale catalog files: {', '.join(stale)}; run scripts/catalog/generate.py")
            return 1
        print("catalog files are up to date")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name} ({len(json.loads(text))} items)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
