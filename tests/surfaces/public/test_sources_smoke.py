from __future__ import annotations

from tests.support.api import Api

JS = "IqDTy1TpoU"


def test_create_then_get(api: Api) -> None:
    created = api.post("/sources", json={"slug": "web", "enabled": True, "metadataId": JS})
    assert created.status_code == 201, created.text
    source = created.json()["data"]["source"]
    got = api.get(f"/sources/{source['id']}")
    assert got.status_code == 200
    assert got.json()["data"]["source"] == source


def test_other_workspace_sees_404(api: Api, other_api: Api) -> None:
    created = api.post("/sources", json={"slug": "web", "enabled": True, "metadataId": JS})
    source_id = created.json()["data"]["source"]["id"]
    assert other_api.get(f"/sources/{source_id}").status_code == 404
