"""Attribution chains in the workbench, over a real store: a claim reads "X: … according to Y, reported by
Z" on the actor pages and in the document view, reporters' names stay text, and the API filters claims by
the actor they were reported via."""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_reader import actor, sp

from backchannel import Document, Readout
from backchannel.store import Store
from backchannel.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HOSTILE = "Daily <b onmouseover=alert(1)>Wire</b>"
TEXT = f"According to {HOSTILE}, Yuri Ushakov said that Moscow floated a ceasefire."


def _readout() -> tuple[Document, Readout]:
    t = TEXT
    doc = Document(t, meta={"published": "2025-11-28", "outlet": "Meduza", "title": "A chain"})
    actors = [actor(t, "a1", HOSTILE, "organization"), actor(t, "a2", "Yuri Ushakov", "person"),
              actor(t, "a3", "Moscow", "country")]
    claims = [{"id": "c1", "content": sp(t, "floated a ceasefire"), "holder": "a3", "status": "reported",
               "cue": sp(t, "said"), "quote": None, "doubted_by": None, "reported_by": "a2",
               "reported_via": ["a2", "a1"]}]
    return doc, Readout(id=doc.id, text=t, meta=doc.full_meta(), pipeline={"name": "t", "version": "0",
                                                                            "components": []},
                        actors=actors, claims=claims)


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Store, str]]:
    with Store(tmp_path / "s.sqlite") as store:
        doc, readout = _readout()
        store.put(doc, readout)
        yield TestClient(create_app(store)), store, doc.id


def _text(page: str) -> str:
    """What a reader sees: tags dropped, entities decoded, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split()).replace(" ,", ",").replace(" :", ":")


def test_a_claim_reads_according_to_and_reported_by(served: tuple[TestClient, Store, str]) -> None:
    client, store, doc_id = served
    moscow, ushakov = store.actor_links(doc_id)["a3"], store.actor_links(doc_id)["a2"]
    page = client.get(f"/actors/{moscow}").text
    assert "Moscow: floated a ceasefire according to Yuri Ushakov, reported by " in _text(page)
    assert "<b onmouseover" not in page and "Daily &lt;b onmouseover=alert(1)&gt;Wire&lt;/b&gt;" in page
    assert f"reported by {HOSTILE}" in _text(page)
    reporter = client.get(f"/actors/{ushakov}").text  # the reporter's page lists what came through it
    assert "Claims reported via Yuri Ushakov (1)" in _text(reporter)
    assert "Moscow: floated a ceasefire according to Yuri Ushakov" in _text(reporter)


def test_the_document_view_explains_the_chain(served: tuple[TestClient, Store, str]) -> None:
    client, store, doc_id = served
    page = client.get(f"/documents/{doc_id}").text
    note = page[page.index('id="note-c1"'):]
    note = _text(note[:note.index("</section>")])
    assert "according to Yuri Ushakov" in note and f"reported by {HOSTILE}" in note
    assert "<b onmouseover" not in page


def test_the_api_filters_claims_by_reporter(served: tuple[TestClient, Store, str]) -> None:
    client, store, doc_id = served
    wire = store.actor_links(doc_id)["a1"]
    found = client.get("/api/claims", params={"reported_via": wire}).json()
    assert found["total"] == 1
    item = found["items"][0]
    assert [a["id"] for a in item["reported_via"]] == [store.actor_links(doc_id)["a2"], wire]
    assert item["reported_by"]["name"] == "Yuri Ushakov" and item["reported_via_refs"] == ["a2", "a1"]
    assert client.get("/api/claims", params={"reported_via": store.actor_links(doc_id)["a3"]}).json()["total"] == 0
    assert client.get("/api/claims", params={"reported_via": "x"}).status_code == 422


def test_search_filters_documents_and_claims_by_reporter(served: tuple[TestClient, Store, str]) -> None:
    client, store, doc_id = served
    other = Document("Officials in Kyiv said that the talks went well.", meta={"published": "2025-11-29",
                                                                              "title": "No chain"})
    store.put(other, Readout(id=other.id, text=other.text, meta=other.full_meta(),
                             pipeline={"name": "t", "version": "0", "components": []}))
    wire, moscow = store.actor_links(doc_id)["a1"], store.actor_links(doc_id)["a3"]
    assert store.documents()["total"] == 2
    for params, total in (({"reported_via": wire}, 1), ({"reported_via": moscow}, 0), ({}, 2)):
        docs = client.get("/api/documents", params=params).json()
        assert docs["total"] == total == client.get("/api/facets", params=params).json()["total"], params
    assert [d["id"] for d in client.get("/api/documents", params={"reported_via": wire}).json()["items"]] \
        == [doc_id]
    page = client.get("/search", params={"reported_via": wire}).text
    seen = _text(page)
    assert f"reported via: {HOSTILE} ✕" in seen  # the chip names the reporter, as text
    assert "<b onmouseover" not in page
    assert "Documents (1)" in seen and "Claims (1)" in seen and "Quotes (" not in seen
    assert "Moscow: floated a ceasefire according to Yuri Ushakov" in seen
    assert f'name="reported_via" value="{wire}"' in page  # a new query keeps the filter
    link = client.get(f"/actors/{store.actor_links(doc_id)['a2']}").text
    assert f"/search?reported_via={store.actor_links(doc_id)['a2']}" in link
    assert client.get("/search", params={"reported_via": 0}).status_code == 422
