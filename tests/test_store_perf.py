"""The store's fast paths: batched linking gives the links the step-by-step rules give, a document costs a
handful of statements, revisions 0003 and 0004 upgrade a store written at 0002, a version-1 store goes all the
way to the head, and a document near the 1,000,000-character limit stores and is found (on PostgreSQL
its search vector is capped)."""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from legacy_store import insert_legacy_readouts, make_legacy_store
from sqlalchemy import event, text
from test_store_actors import save
from test_store_reader import actor, readout_a, readout_b, sp

from backchannel import Document, Readout
from backchannel.store import SCHEMA_VERSION, Store, linking, normalize, schema, sql

# Documents that exercise every linking rule: surnames before and after full names, a shared surname,
# Wikidata and KB ids across names, kinds kept apart, pronouns, a re-saved document.
SCRIPT: list[tuple[str, tuple[tuple[Any, ...], ...]]] = [
    ("Dmitriev spoke first.", (("a1", "Dmitriev", "person"),)),
    ("Kirill Dmitriev met Steve Witkoff and he smiled.",
     (("a1", "Kirill Dmitriev", "person", "Kirill Dmitriev", "he"), ("a2", "Steve Witkoff", "person"))),
    ("Alexei Dmitriev is someone else.", (("a1", "Alexei Dmitriev", "person"),)),
    ("Dmitriev and Witkoff talked.", (("a1", "Dmitriev", "person"), ("a2", "Witkoff", "person"))),
    ("The Kremlin said Moscow agreed.", (("a1", "Kremlin", "organization", "Kremlin", {"wikidata": "Q1"}),
                                         ("a2", "Moscow", "place", "Moscow", {"kb_id": "kb:moscow"}))),
    ("Russian Presidency denied it; Moscow the city was calm.",
     (("a1", "Russian Presidency", "organization", "Russian Presidency", {"wikidata": "Q1"}),
      ("a2", "Moscow", "organization"))),
    ("Witkoff left. Steve Witkoff returned.", (("a1", "Steve Witkoff", "person", "Witkoff", "Steve Witkoff"),)),
]


def _play(store: Store) -> list[Any]:
    for body, actors in SCRIPT + SCRIPT[:2]:  # the last two are saved again: links kept
        save(store, body, *actors)
    with store.engine.connect() as conn:
        return [conn.execute(text(q)).all() for q in (
            "SELECT id, name, kind, country, sector, wikidata, kb_id, merged_into FROM actors ORDER BY id",
            "SELECT actor_id, alias, alias_key, last_word, origin FROM actor_aliases ORDER BY actor_id, alias_key",
            "SELECT doc_id, readout_actor, actor_id, mentions FROM document_actors ORDER BY doc_id, readout_actor",
            "SELECT doc_id, actor_ref, span_start, actor_id FROM mentions ORDER BY doc_id, actor_ref, span_start")]


def test_linking_gives_the_same_links_in_one_batch_and_in_small_chunks(store_url: str, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(store_url) as store:
        batched = _play(store)
    monkeypatch.setattr(linking, "_CHUNK", 1)  # every IN list one value long: the path for very large documents
    monkeypatch.setattr(sql, "ROWS_PER_STATEMENT", 2)
    with Store(tmp_path / "chunked.sqlite") as store:
        chunked = _play(store)
    assert batched == chunked
    actors = {row[1]: row for row in batched[0]}
    assert "Alexei Dmitriev" in actors and actors["Kirill Dmitriev"][0] != actors["Alexei Dmitriev"][0]
    assert actors["Kremlin"][5] == "Q1" and "Russian Presidency" not in actors  # joined by Wikidata id


def _count_statements(store: Store) -> Callable[[], int]:
    seen = [0]

    @event.listens_for(store.engine, "before_cursor_execute")
    def count(*args: Any) -> None:
        seen[0] += 1
    return lambda: seen[0]


def test_a_document_costs_a_handful_of_statements_whatever_its_actors(store_url: str) -> None:
    with Store(store_url) as store:
        store.put(*readout_b())
        counted = _count_statements(store)
        store.put(*readout_a())  # five actors, a quote, two claims, an event, a relation
        first = counted()
        doc, readout = readout_a()
        store.put(doc, readout)  # stored again: old rows replaced
        again = counted() - first
    assert first <= 22 and again <= 32, (first, again)


def test_a_store_at_revision_0002_is_upgraded_to_the_head(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as old:
        old.setattr(schema, "HEAD", "0002")
        old.setattr(schema, "SCHEMA_VERSION", 3)
        old.setattr(normalize, "write_facets", lambda *args, **kwargs: None)  # no doc_facets before 0004
        with Store(store_url) as store:
            for doc, readout in (readout_a(), readout_b()):
                store.put(doc, readout)
            with store.engine.connect() as conn:
                assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
    with Store(store_url) as store:
        assert store.upgraded_from == 3
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
            if conn.dialect.name == "postgresql":  # the vectors of the rows already stored were computed
                assert conn.execute(text("SELECT count(*) FROM documents WHERE search_vector IS NOT NULL")
                                    ).scalar() == 2
        assert store.search("sanctions")["total"] == 2
        assert store.quotes(q="peace")["total"] == 1 and store.documents(q="Kremlin")["total"] == 1
        facets = store.facets()
        assert facets["total"] == 2 and {f["value"] for f in facets["claim_status"]} == {"denied", "asserted"}
        store.put(*readout_b())  # writing after the upgrade
        assert store.counts()["documents"] == 2
    with Store(store_url) as again:
        assert again.upgraded_from == SCHEMA_VERSION == 6


def test_a_v1_store_goes_through_every_revision(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    conn = make_legacy_store(path, 1)
    docs = [readout_a(), readout_b()]
    insert_legacy_readouts(conn, docs)
    conn.close()
    with Store(path) as store:
        assert store.upgraded_from == 1
        witkoff = store.find_actor("Steve Witkoff")
        assert store.actor_links(docs[0][0].id)["a2"] == store.actor_links(docs[1][0].id)["a1"] == witkoff
        assert store.quotes(speaker=witkoff)["total"] == 1 and store.events(actor=witkoff)["total"] == 2
        assert store.search("sanctions")["total"] == 2
        assert store.table_counts()["claims"] == 2


def _unique_words(n_chars: int, rng: random.Random) -> str:
    """Text that makes the largest search vectors: short unique words and hyphenated compounds."""
    words: list[str] = []
    size = 0
    alphabet = string.ascii_lowercase + string.digits
    while size < n_chars:
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.3:
            word += "-" + "".join(rng.choice(string.ascii_lowercase) for _ in range(3))
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:n_chars]


def test_a_document_of_a_million_characters_stores_and_is_found(store_url: str) -> None:
    head = "Kirill Dmitriev told reporters that the ceasefire holds. "
    body = head + _unique_words(999_000 - len(head), random.Random(3)) + " closingword"
    doc = Document(body, meta={"title": "A very long report", "outlet": "Wire"})
    actors = [actor(body, "a1", "Kirill Dmitriev", "person")]
    quotes = [{"id": "q1", "form": "indirect", "speaker": "a1", "speaker_span": sp(body, "Kirill Dmitriev"),
               "cue": sp(body, "told"), "addressee": None, "content": {"start": 0, "end": len(body), "text": body},
               "act": "say"}]
    readout = Readout(id=doc.id, text=body, meta=doc.full_meta(), pipeline={"name": "t", "version": "0",
                                                                             "components": []},
                      actors=actors, quotes=quotes)
    with Store(store_url) as store:
        assert store.put(doc, readout)
        assert store.search("ceasefire")["total"] == 2  # the document and its quote
        assert store.documents(q="ceasefire")["total"] == 1
        postgres = store.url.startswith("postgresql")
        # Past the cap, PostgreSQL does not index the text (SQLite's FTS5 indexes all of it).
        assert store.search("closingword")["total"] == (0 if postgres else 2)
        stored = store.get(doc.id)
        assert stored is not None and stored.text == body
