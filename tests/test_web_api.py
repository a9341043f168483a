"""The REST API, in-process over the in-memory fake store: routes, filters, paging, errors, POST."""

from __future__ import annotations

import warnings

import pytest
from web_fake import ACTORS, FakeStore, fake_analyze, fake_fixtures

from backchannel.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

store, client = fake_fixtures()


def ids(store: FakeStore) -> list[str]:
    return [e["readout"]["id"] for e in store.entries]


def test_documents_newest_first_and_paged(client: TestClient) -> None:
    page = client.get("/api/documents", params={"limit": 2}).json()
    assert page["total"] == 3 and page["limit"] == 2 and page["offset"] == 0
    assert [d["published"] for d in page["items"]] == ["2025-12-02", "2025-11-26"]
    assert client.get("/api/documents", params={"limit": 2, "offset": 2}).json()["items"][0]["title"] == "A phone call"


@pytest.mark.parametrize(("params", "total"), [
    ({"outlet": "Wikinews"}, 2), ({"actor": 4}, 1), ({"date_from": "2025-11-01", "date_to": "2025-11-30"}, 1),
    ({"q": "Miami"}, 1), ({"q": '"took place"'}, 1),
])
def test_document_filters(client: TestClient, params: dict[str, object], total: int) -> None:
    assert client.get("/api/documents", params=params).json()["total"] == total


def test_document_readout_and_unknown_ids(client: TestClient, store: FakeStore) -> None:
    doc = client.get(f"/api/documents/{ids(store)[0]}").json()
    assert set(doc) == {"document", "readout", "actor_links"}
    assert doc["actor_links"]["a1"]["name"] == "Kirill Dmitriev"
    readout = client.get(f"/api/documents/{ids(store)[0]}/readout").json()
    assert readout["schema"] == "backchannel.readout/1" and readout["quotes"][0]["id"] == "q1"
    missing = client.get("/api/documents/" + "0" * 64)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.get("/api/documents/" + "0" * 64 + "/readout").status_code == 404
    assert client.get("/api/actors/999").status_code == 404


def test_actors_and_actor_page(client: TestClient) -> None:
    page = client.get("/api/actors", params={"kind": "person"}).json()
    assert {a["name"] for a in page["items"]} == {n["name"] for n in ACTORS.values() if n["kind"] == "person"}
    assert client.get("/api/actors", params={"q": "dmitriyev"}).json()["items"][0]["id"] == 1
    actor = client.get("/api/actors/1").json()
    assert actor["actor"]["name"] == "Kirill Dmitriev"
    assert actor["counts"]["said_by"] == 2 and actor["counts"]["said_to"] == 1
    assert {a["alias"] for a in actor["actor"]["aliases"]} == {"Dmitriev", "Dmitriyev"}


def test_quotes_claims_events_filters(client: TestClient) -> None:
    assert client.get("/api/quotes", params={"speaker": 1}).json()["total"] == 2
    assert client.get("/api/quotes", params={"act": "deny"}).json()["items"][0]["speaker"]["id"] == 3
    assert client.get("/api/quotes", params={"form": "direct"}).json()["total"] == 1
    assert client.get("/api/claims", params={"status": "denied"}).json()["total"] == 1
    assert client.get("/api/events", params={"type": "CONSULT"}).json()["total"] == 2
    assert client.get("/api/events", params={"type": "CONSULT", "outlet": "Wikinews",
                                             "date_from": "2025-11-01"}).json()["total"] == 1


def test_search_facets_network_timeline(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "plan"}).json()
    assert {h["kind"] for h in hits["items"]} == {"document", "quote", "claim"}
    only = client.get("/api/search", params={"q": "plan", "kind": "quote"}).json()
    assert {h["kind"] for h in only["items"]} == {"quote"}
    facets = client.get("/api/facets").json()
    assert facets["total"] == 3 and {"outlet", "actor", "event_type", "claim_status", "month"} <= set(facets)
    assert client.get("/api/facets", params={"event_type": "ACCUSE"}).json()["total"] == 1
    full = client.get("/api/network").json()
    consult = client.get("/api/network", params={"type": "CONSULT"}).json()
    assert len(consult["edges"]) < len(full["edges"]) and all(e["type"] == "CONSULT" for e in consult["edges"])
    assert client.get("/api/network", params=[("type", "CONSULT,ACCUSE")]).json()["edges"]
    assert all(e["kind"] == "quote" for e in client.get("/api/network", params={"kind": "quote"}).json()["edges"])
    timeline = client.get("/api/timeline").json()
    assert [e["when"] for e in timeline] == sorted(e["when"] for e in timeline)
    assert {e["when_source"] for e in timeline} == {"event", "published"}


@pytest.mark.parametrize(("url", "status", "says"), [
    ("/api/documents?limit=501", 422, "limit"),
    ("/api/documents?limit=-1", 422, "limit"),
    ("/api/documents?offset=abc", 422, "offset"),
    ("/api/documents?date_from=2025-13-01", 422, "date_from"),
    ("/api/documents?date_from=yesterday", 422, "YYYY-MM-DD"),
    ("/api/documents?date_from=2025-12-01&date_to=2025-01-01", 400, "after"),
    ("/api/documents?actor=99999999999999999999999", 422, "actor"),
    ("/api/claims?status=certain", 422, "status"),
    ("/api/quotes?form=shouted", 422, "form"),
    ("/api/events?type=MEET", 422, "type"),
    ("/api/actors?country=russia", 422, "country"),
    ("/api/network?type=HUG", 400, "HUG"),
    ("/api/network?kind=letter", 400, "kind"),
    ("/api/search", 422, "q"),
    ("/api/search?q=%20", 400, "empty"),
    ('/api/search?q="unbalanced', 400, "unbalanced"),
    ("/api/search?q=a%00b", 400, "control"),
    ("/api/actors/0", 422, "actor_id"),
    ("/api/actors/-3", 422, "actor_id"),
    ("/api/facets?size=1000", 422, "size"),
    ("/api/documents?q=" + "x" * 501, 422, "q"),
])
def test_bad_parameters_are_4xx_with_a_message(client: TestClient, url: str, status: int, says: str) -> None:
    answer = client.get(url)
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["code"] and says in error["message"]


def test_post_document_analyses_stores_and_is_idempotent(client: TestClient, store: FakeStore) -> None:
    body = {"text": "Macron spoke to Zelensky by phone.", "title": "A call", "published": "2025-11-30",
            "outlet": "Wikinews"}
    first = client.post("/api/documents", json=body)
    assert first.status_code == 201, first.text
    readout = first.json()
    assert readout["meta"]["title"] == "A call" and readout["meta"]["published"] == "2025-11-30"
    assert first.headers["location"] == f"/api/documents/{readout['id']}"
    again = client.post("/api/documents", json=body)
    assert again.status_code == 200 and again.json()["id"] == readout["id"]
    assert store.puts == 1
    assert client.get(f"/api/documents/{readout['id']}").status_code == 200


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"text": ""}, 422, "bad_parameter"),
    ({"text": "   \n  "}, 400, "E101"),
    ({"title": "no text"}, 422, "bad_parameter"),
    ({"text": "x", "published": "26 Nov 2025"}, 422, "bad_parameter"),
    ({"text": "x", "colour": "red"}, 422, "bad_parameter"),
    ({"text": "EXPLODE please"}, 422, "E301"),
])
def test_post_document_errors(client: TestClient, body: dict[str, object], status: int, code: str) -> None:
    answer = client.post("/api/documents", json=body)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code


def test_post_without_a_writer_is_refused(store: FakeStore) -> None:
    client = TestClient(create_app(store, analyze=fake_analyze))
    answer = client.post("/api/documents", json={"text": "Hello."})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "read_only"


def test_post_body_is_not_json(client: TestClient) -> None:
    answer = client.post("/api/documents", content=b"{not json", headers={"content-type": "application/json"})
    assert answer.status_code == 422 and answer.json()["error"]["message"]


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/documents/{doc_id}/readout", "/api/actors",
                 "/api/actors/{actor_id}", "/api/quotes", "/api/claims", "/api/events", "/api/search",
                 "/api/facets", "/api/network", "/api/timeline"):
        assert path in paths
    assert "post" in paths["/api/documents"]
    status = paths["/api/claims"]["get"]["parameters"]
    assert any(p["name"] == "status" for p in status)
