"""The pages for people and their JSON twins, in-process over the fake store."""

from __future__ import annotations

import re
import warnings

import pytest
from web_fake import FakeStore, fake_fixtures

from backchannel.web.highlight import marks, segments

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

store, client = fake_fixtures()


def pages(store: FakeStore) -> list[str]:
    first = store.entries[0]["readout"]["id"]
    return ["/", f"/documents/{first}", "/actors", "/actors/1", "/search?q=plan", "/search?actor=1&event_type=CONSULT",
            "/network", "/network?type=CONSULT", "/timeline", "/timeline?actor=2"]


def test_every_page_renders(client: TestClient, store: FakeStore) -> None:
    for url in pages(store):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert answer.headers["content-type"].startswith("text/html")


def _twin(url: str, style: str) -> str:
    path, _, query = url.partition("?")
    if style == "format":
        return url + ("&" if query else "?") + "format=json"
    path = "/index.json" if path == "/" else path + ".json"
    return path + ("?" + query if query else "")


@pytest.mark.parametrize("style", ["suffix", "format"])
def test_every_page_has_a_json_twin(client: TestClient, store: FakeStore, style: str) -> None:
    for url in pages(store):
        answer = client.get(_twin(url, style))
        assert answer.status_code == 200, url
        assert answer.headers["content-type"] == "application/json", url
        assert isinstance(answer.json(), dict)


def test_twins_hold_the_page_data(client: TestClient, store: FakeStore) -> None:
    doc_id = store.entries[0]["readout"]["id"]
    assert client.get(f"/documents/{doc_id}.json").json() == store.document(doc_id)
    assert client.get("/actors/1.json").json() == store.actor_page(1)
    network = client.get("/network.json?type=CONSULT").json()
    assert network["network"] == store.network(types=("CONSULT",)) and network["query"]["types"] == ["CONSULT"]
    search = client.get("/search.json?q=plan").json()
    assert set(search) == {"query", "facets", "documents", "quotes", "claims", "events"}
    assert client.get("/timeline.json?type=ACCUSE").json()["events"][0]["type"] == "ACCUSE"


def test_document_view_highlights_layers_and_links_speakers(client: TestClient, store: FakeStore) -> None:
    html = client.get(f"/documents/{store.entries[0]['readout']['id']}").text
    assert 'class="seg l-quote f-indirect l-claim st-reported" data-refs="q1 c1">the plan was ready</span>' in html
    assert 'data-refs="e1">met</span>' in html and "l-event" in html
    assert re.search(r'<section class="note note-quote" data-ref="q1" id="note-q1">.*?'
                     r'<a class="speaker-link" href="/actors/1">Kirill Dmitriev</a>', html, re.S)
    assert "st-denied" in html  # the Kremlin's denial, coloured by status
    for layer in ("actor", "quote", "claim", "event"):
        assert f'class="layer-toggle" value="{layer}"' in html


def test_segments_cover_the_text_exactly_with_overlaps() -> None:
    text = "Alpha said beta gamma."
    readout = {"text": text, "actors": [{"id": "a1", "kind": "person", "mentions": [{"start": 0, "end": 5}]}],
               "quotes": [{"id": "q1", "form": "indirect", "speaker_span": {"start": 0, "end": 5},
                           "cue": {"start": 6, "end": 10}, "content": {"start": 11, "end": 21}}],
               "claims": [{"id": "c1", "status": "reported", "content": {"start": 16, "end": 21}}],
               "events": [{"id": "e1", "type": "X", "trigger": {"start": 40, "end": 50}}]}  # out of range: dropped
    segs = segments(text, marks(readout))
    assert "".join(s.text for s in segs) == text
    by_text = {s.text: s.refs for s in segs}
    assert by_text["Alpha"] == ["q1", "a1"] and by_text["beta "] == ["q1"] and by_text["gamma"] == ["q1", "c1"]
    assert by_text["."] == []


def test_actor_page_lists_what_was_said(client: TestClient) -> None:
    html = client.get("/actors/1").text
    assert "Said by Kirill Dmitriev" in html and "the plan was ready" in html and "Dmitriyev" in html
    assert 'href="/network?actor=1"' in html


def test_search_page_has_clickable_facets(client: TestClient) -> None:
    html = client.get("/search?q=plan").text
    for facet in ("outlet", "actor", "event_type", "claim_status", "month"):
        assert f'data-facet="{facet}"' in html
    assert 'href="/search?q=plan&amp;outlet=Wikinews"' in html
    month = client.get("/search.json?month=2025-11").json()
    assert month["documents"]["total"] == 1


def test_page_errors_are_pages(client: TestClient) -> None:
    missing = client.get("/documents/" + "f" * 64)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    bad = client.get("/search?date_from=tomorrow")
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.text
    assert client.get("/search.json?date_from=tomorrow").json()["error"]["code"] == "bad_parameter"
    assert client.get("/search?month=2025-13").status_code == 400


def test_api_docs_use_the_vendored_swagger(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html and "cdn" not in html
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
