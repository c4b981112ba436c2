"""Labels, made through ``POST /labels``."""

from __future__ import annotations

import secrets
from typing import Any

from tests.support.api import Api


def create_label(
    api: Api, *, key: str | None = None, value: str | None = None, description: str | None = None
) -> dict[str, Any]:
    """Create a label and return ``data.label``; anything but a 201 fails the test."""
    label: dict[str, Any] = {
        "key": key or f"team-{secrets.token_hex(3)}",
        "value": value or f"v-{secrets.token_hex(3)}",
    }
    if description is not None:
        label["description"] = description
    response = api.post("/labels", json={"label": label})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()["data"]["label"]
    return created


def label_ref(label: dict[str, Any]) -> dict[str, str]:
    """The ``{key, value}`` pair that addLabels/replaceLabels take."""
    return {"key": label["key"], "value": label["value"]}
