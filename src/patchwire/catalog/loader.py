"""The integrations catalog: packaged JSON plus optional operator files, held in memory.

Catalog items are already in the Public API's wire shape (SourceMetadataV1 and friends), so
serving them is a lookup. Lists are kept sorted by (name, id) for stable keyset paging.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

KINDS = ("sources", "destinations", "warehouses")

CatalogItem = dict[str, Any]


def sort_key(item: CatalogItem) -> str:
    return f"{str(item['name']).casefold()}\x00{item['id']}"


@dataclass(slots=True)
class CatalogKind:
    """One kind of integration, indexed by id and by slug."""

    items: list[CatalogItem] = field(default_factory=list)
    by_id: dict[str, CatalogItem] = field(default_factory=dict)
    by_slug: dict[str, CatalogItem] = field(default_factory=dict)

    def add(self, item: CatalogItem) -> None:
        previous = self.by_id.get(item["id"])
        if previous is not None:
            self.by_slug.pop(previous["slug"], None)
        self.by_id[item["id"]] = item
        self.by_slug[item["slug"]] = item

    def freeze(self) -> None:
        self.items = sorted(self.by_id.values(), key=sort_key)


@dataclass(slots=True)
class Catalog:
    sources: CatalogKind
    destinations: CatalogKind
    warehouses: CatalogKind


def _packaged(kind: str) -> list[CatalogItem]:
    data = resources.files("patchwire.catalog").joinpath("data", f"{kind}.json").read_bytes()
    items: list[CatalogItem] = orjson.loads(data)
    return items


def load_catalog(extra_files: Iterable[Path] = ()) -> Catalog:
    """Packaged catalog, then each extra file in order; a later item with a known id wins.

    An extra file is a JSON object with optional ``sources``, ``destinations`` and
    ``warehouses`` arrays of metadata objects in the Public API's shape.
    """
    kinds = {kind: CatalogKind() for kind in KINDS}
    for kind in KINDS:
        for item in _packaged(kind):
            kinds[kind].add(item)
    for path in extra_files:
        doc = orjson.loads(Path(path).read_bytes())
        if not isinstance(doc, dict):
            raise ValueError(f"{path}: a catalog file is a JSON object with arrays per kind")
        for kind in KINDS:
            for item in doc.get(kind, []):
                for required in ("id", "slug", "name"):
                    if not isinstance(item.get(required), str):
                        raise ValueError(f"{path}: every {kind} item needs a string {required}")
                kinds[kind].add(item)
    for catalog_kind in kinds.values():
        catalog_kind.freeze()
    return Catalog(kinds["sources"], kinds["destinations"], kinds["warehouses"])
