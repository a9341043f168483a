"""The store's actor table: migration, linking across documents, and decisions about actors."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from legacy_store import make_legacy_store
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from backchannel import DataFileError, Document, Readout, SQLiteStore, StoreError
from backchannel.store import SCHEMA_VERSION, Store


def actor(text: str, ref: str, name: str, kind: str, *mentions: str, wikidata: str | None = None,
          kb_id: str | None = None) -> dict[str, Any]:
    """A readout actor whose mentions are the first occurrences of each string in ``text``."""
    spans = []
    for mention in mentions or (name,):
        found = re.search(re.escape(mention), text)
        assert found, mention
        spans.append({"start": found.start(), "end": found.end(), "text": mention})
    return {"id": ref, "name": name, "kind": kind, "country": None, "sector": None, "kb_id": kb_id,
            "wikidata": wikidata, "mentions": spans, "roles": []}


def save(store: Store, text: str, *actors: tuple[Any, ...], **meta: Any) -> Document:
    """Store ``text`` with readout actors given as ``(ref, name, kind, *mentions)`` tuples."""
    doc = Document(text, meta=meta)
    built = [actor(text, *spec) if not isinstance(spec[-1], dict) else actor(text, *spec[:-1], **spec[-1])
             for spec in actors]
    store.put(doc, Readout(id=doc.id, text=text, meta=doc.full_meta(),
                           pipeline={"name": "test", "version": "0", "components": []}, actors=built))
    return doc


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened


def rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def test_a_surname_in_a_later_document_finds_the_full_name(store: Store) -> None:
    one = save(store, "Kirill Dmitriev met Steve Witkoff in Miami.",
               ("a1", "Kirill Dmitriev", "person"), ("a2", "Steve Witkoff", "person"), ("a3", "Miami", "place"))
    two = save(store, "Dmitriev said the talks went well. He left.", ("a1", "Dmitriev", "person", "Dmitriev", "He"))
    assert store.actor_links(two.id)["a1"] == store.actor_links(one.id)["a1"]
    kirill = store.actor(store.actor_links(one.id)["a1"])
    assert kirill["name"] == "Kirill Dmitriev"
    assert {a["key"] for a in kirill["aliases"]} == {"kirill dmitriev", "dmitriev"}
    assert [d["doc_id"] for d in kirill["documents"]] != [] and len(kirill["documents"]) == 2
    assert store.find_actor("dmitriev") == kirill["id"]


def test_a_lone_surname_shared_by_two_people_links_to_neither(store: Store) -> None:
    save(store, "Kirill Dmitriev met Alexei Dmitriev.", ("a1", "Kirill Dmitriev", "person"),
         ("a2", "Alexei Dmitriev", "person"))
    with pytest.raises(StoreError) as caught:
        store.find_actor("Dmitriev")
    assert caught.value.code == "E502" and "#1, #2" in str(caught.value)
    doc = save(store, "Dmitriev spoke.", ("a1", "Dmitriev", "person"))
    assert store.actor_links(doc.id)["a1"] not in {a["id"] for a in store.actor_list(search="alexei")} | {
        a["id"] for a in store.actor_list(search="kirill")}


def test_a_different_full_name_is_a_different_person(store: Store) -> None:
    one = save(store, "Kirill Dmitriev spoke.", ("a1", "Kirill Dmitriev", "person"))
    two = save(store, "Alexei Dmitriev spoke.", ("a1", "Alexei Dmitriev", "person"))
    assert store.actor_links(one.id)["a1"] != store.actor_links(two.id)["a1"]


def test_a_surname_seen_first_grows_into_the_full_name(store: Store) -> None:
    one = save(store, "Witkoff flew in.", ("a1", "Witkoff", "person"))
    two = save(store, "Steve Witkoff met Putin.", ("a1", "Steve Witkoff", "person"), ("a2", "Putin", "person"))
    store_id = store.actor_links(one.id)["a1"]
    assert store.actor_links(two.id)["a1"] == store_id
    assert store.actor(store_id)["name"] == "Steve Witkoff"


def test_pronouns_and_nominals_never_become_aliases(store: Store) -> None:
    text = "President Vladimir Putin spoke. He said the president would call. The President agreed. His aide left."
    save(store, text, ("a1", "Vladimir Putin", "person", "President Vladimir Putin", "He", "the president",
                       "The President", "His"))
    other = save(store, "He met the president. The President smiled.",
                 ("a1", "he", "person", "He", "the president", "The President"))
    (putin,) = store.actor_list(search="putin")
    assert {a["key"] for a in store.actor(putin["id"])["aliases"]} == {"vladimir putin"}
    assert store.actor_links(other.id) == {}  # nothing to know that actor by
    keys = {k for (k,) in rows(store, "SELECT alias_key FROM actor_aliases")}
    assert not keys & {"he", "his", "president", "the president"}


def test_wikidata_links_across_names_and_kinds_stay_apart(store: Store) -> None:
    one = save(store, "The Kremlin denied it.", ("a1", "Kremlin", "organization", "Kremlin", {"wikidata": "Q1"}))
    two = save(store, "Moscow's government denied it.",
               ("a1", "Russian government", "organization", "Moscow", {"wikidata": "Q1"}))
    three = save(store, "Kremlin is a place.", ("a1", "Kremlin", "place"))
    ids = [store.actor_links(d.id)["a1"] for d in (one, two, three)]
    assert ids[0] == ids[1] != ids[2]


def test_resaving_a_document_is_idempotent(store: Store) -> None:
    text = "Kirill Dmitriev met Steve Witkoff."
    specs = (("a1", "Kirill Dmitriev", "person"), ("a2", "Steve Witkoff", "person"))
    doc = save(store, text, *specs)
    before = [rows(store, f"SELECT * FROM {t} ORDER BY 1, 2") for t in ("document_actors", "actor_aliases")]
    save(store, text, *specs)
    after = [rows(store, f"SELECT * FROM {t} ORDER BY 1, 2") for t in ("document_actors", "actor_aliases")]
    assert before == after
    assert rows(store, "SELECT count(*) FROM actors") == [(2,)]
    assert set(store.actor_links(doc.id)) == {"a1", "a2"}


def test_merge_moves_links_and_aliases_and_is_recorded(store: Store) -> None:
    one = save(store, "Dmitriyev spoke.", ("a1", "Dmitriyev", "person"))
    two = save(store, "Kirill Dmitriev spoke.", ("a1", "Kirill Dmitriev", "person"))
    keep, other = store.actor_links(two.id)["a1"], store.actor_links(one.id)["a1"]
    assert keep != other
    decision = store.merge(keep, other, "same envoy, transliterated", who="analyst")
    assert decision["kind"] == "merge" and decision["who"] == "analyst"
    assert store.actor_links(one.id)["a1"] == keep
    assert store.find_actor(other) == keep  # an old id still resolves
    assert {a["key"] for a in store.actor(keep)["aliases"]} == {"kirill dmitriev", "dmitriyev"}
    three = save(store, "Dmitriyev again.", ("a1", "Dmitriyev", "person"))
    assert store.actor_links(three.id)["a1"] == keep
    (recorded,) = store.decisions()
    assert recorded["reason"] == "same envoy, transliterated" and recorded["payload"]["other"] == other


def test_merge_refused_for_different_wikidata_ids(store: Store) -> None:
    one = save(store, "Kirill Dmitriev spoke.", ("a1", "Kirill Dmitriev", "person", {"wikidata": "Q1"}))
    two = save(store, "Alexei Dmitriev spoke.", ("a1", "Alexei Dmitriev", "person", {"wikidata": "Q2"}))
    with pytest.raises(StoreError) as caught:
        store.merge(store.actor_links(one.id)["a1"], store.actor_links(two.id)["a1"])
    assert caught.value.code == "E502" and "fixed identities" in str(caught.value)
    assert store.decisions() == []


def test_split_moves_the_alias_and_the_documents_that_used_it(store: Store) -> None:
    one = save(store, "Kirill Dmitriev spoke.", ("a1", "Kirill Dmitriev", "person"))
    two = save(store, "Dmitriev spoke.", ("a1", "Dmitriev", "person"))
    kirill = store.actor_links(one.id)["a1"]
    assert store.actor_links(two.id)["a1"] == kirill
    decision = store.split(kirill, "Dmitriev", "another Dmitriev, a footballer")
    new = decision["payload"]["new_actor"]
    assert store.actor_links(two.id)["a1"] == new and store.actor_links(one.id)["a1"] == kirill
    assert [a["key"] for a in store.actor(new)["aliases"]] == ["dmitriev"]
    assert store.actor(kirill)["name"] == "Kirill Dmitriev"
    # A later "Dmitriev" goes to the actor the person said owns that name.
    three = save(store, "Dmitriev scored.", ("a1", "Dmitriev", "person"))
    assert store.actor_links(three.id)["a1"] == new


def test_split_by_document(store: Store) -> None:
    one = save(store, "Kirill Dmitriev spoke.", ("a1", "Kirill Dmitriev", "person"))
    two = save(store, "Kirill Dmitriev, the footballer, scored.", ("a1", "Kirill Dmitriev", "person"))
    actor_id = store.actor_links(one.id)["a1"]
    decision = store.split(actor_id, two.id[:12])
    assert store.actor_links(two.id)["a1"] == decision["payload"]["new_actor"] != actor_id
    assert store.actor_links(one.id)["a1"] == actor_id


def test_alias_and_revert(store: Store) -> None:
    doc = save(store, "Volodymyr Zelensky spoke.", ("a1", "Volodymyr Zelensky", "person"))
    zelensky = store.actor_links(doc.id)["a1"]
    decision = store.add_alias(zelensky, "Zelenskyy", "Ukrainian transliteration")
    later = save(store, "Zelenskyy spoke.", ("a1", "Zelenskyy", "person"))
    assert store.actor_links(later.id)["a1"] == zelensky
    with pytest.raises(StoreError) as caught:
        store.add_alias("Zelensky", "zelenskyy")
    assert caught.value.code == "E502"
    revert = store.revert(decision["id"])
    assert "zelenskyy" not in {a["key"] for a in store.actor(zelensky)["aliases"]}
    assert [d["reverted_by"] for d in store.decisions()] == [revert["id"], None]
    with pytest.raises(StoreError):
        store.revert(decision["id"])


def test_revert_merge_and_split(store: Store) -> None:
    one = save(store, "Dmitriyev spoke.", ("a1", "Dmitriyev", "person"))
    two = save(store, "Kirill Dmitriev spoke.", ("a1", "Kirill Dmitriev", "person"))
    keep, other = store.actor_links(two.id)["a1"], store.actor_links(one.id)["a1"]
    merged = store.merge(keep, other)
    store.revert(merged["id"])
    assert store.actor_links(one.id)["a1"] == other
    assert {a["key"] for a in store.actor(other)["aliases"]} == {"dmitriyev"}
    split = store.split(keep, two.id[:10])
    store.revert(split["id"])
    assert store.actor_links(two.id)["a1"] == keep


def test_unknown_actor_is_e503(store: Store) -> None:
    for ref in ("Nobody", 99):
        with pytest.raises(StoreError) as caught:
            store.actor(ref)
        assert caught.value.code == "E503"


def test_import_aliases_all_or_nothing(store: Store, tmp_path: Path) -> None:
    doc = save(store, "Volodymyr Zelensky met Emmanuel Macron.", ("a1", "Volodymyr Zelensky", "person"),
               ("a2", "Emmanuel Macron", "person"))
    good = tmp_path / "aliases.tsv"
    good.write_text("# user aliases\nVolodymyr Zelensky\tZelenskyy\n\n2\tManu\n", encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text("Volodymyr Zelensky\tZelenskiy\nEmmanuel Macron Manu\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        store.import_aliases(bad)
    assert caught.value.code == "E501" and caught.value.source == f"{bad}:2"
    unknown = tmp_path / "unknown.tsv"
    unknown.write_text("Volodymyr Zelensky\tZelenskiy\nNobody\tX\n", encoding="utf-8")
    with pytest.raises(StoreError) as caught_store:
        store.import_aliases(unknown)
    assert caught_store.value.code == "E503" and caught_store.value.source == f"{unknown}:2"
    empty = tmp_path / "empty.tsv"
    empty.write_text("# nothing\n\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        store.import_aliases(empty)
    assert store.decisions() == []
    assert len(store.import_aliases(good)) == 2
    assert store.import_aliases(good) == []  # the same file again changes nothing
    assert store.find_actor("Manu") == store.actor_links(doc.id)["a2"]


def test_v1_store_upgrades_and_links_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    text = "Kirill Dmitriev met Steve Witkoff."
    doc = Document(text)
    old = Readout(id=doc.id, text=text, meta={}, pipeline={"name": "t", "version": "0"},
                  actors=[actor(text, "a1", "Kirill Dmitriev", "person")])
    conn = make_legacy_store(path, 1)
    conn.execute("INSERT INTO documents (id, text, stored_at) VALUES (?, ?, '2026-01-01')", (doc.id, text))
    conn.execute("INSERT INTO readouts VALUES (?, 't', '0', ?, 1, '2026-01-01')", (doc.id, old.to_json()))
    conn.close()
    with SQLiteStore(path) as store:
        assert store.upgraded_from == 1
        assert rows(store, "PRAGMA user_version") == [(SCHEMA_VERSION,)] and SCHEMA_VERSION == 6
        assert store.counts() == {"documents": 1, "readouts": 1, "failures": 0}
        assert store.actor(store.actor_links(doc.id)["a1"])["name"] == "Kirill Dmitriev"
    with SQLiteStore(path) as again:
        assert again.upgraded_from == SCHEMA_VERSION


def test_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version=99")
    conn.close()
    for readonly in (False, True):
        with pytest.raises(StoreError) as caught:
            SQLiteStore(path, readonly=readonly)
        assert caught.value.code == "E401" and "newer" in str(caught.value)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99
    conn.close()


def test_with_the_pipeline_a_surname_links_to_the_earlier_full_name(tmp_path: Path, nlp: Any) -> None:
    import backchannel

    one, two = backchannel.analyze(["Kirill Dmitriev met Steve Witkoff in Miami on Sunday.",
                                    "Dmitriev said the talks were constructive."], nlp)
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        for readout in (one, two):
            store.put(Document(readout.text), readout)
        first = {a["name"]: a["id"] for a in one.actors}
        second = {a["name"]: a["id"] for a in two.actors}
        if "Kirill Dmitriev" not in first or not any("Dmitriev" in n for n in second):
            pytest.skip("the statistical NER missed a name here; the linking itself is tested above")
        ref = next(r for n, r in second.items() if "Dmitriev" in n)
        assert store.actor_links(two.id)[ref] == store.actor_links(one.id)[first["Kirill Dmitriev"]]


def test_a_failure_while_linking_leaves_no_document(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> dict[str, int]:
        raise OperationalError("INSERT INTO document_actors …", {}, Exception("disk I/O error"))

    monkeypatch.setattr("backchannel.store.store.link_document", broken)
    with pytest.raises(StoreError) as caught:
        save(store, "Kirill Dmitriev spoke.", ("a1", "Kirill Dmitriev", "person"))
    assert caught.value.code == "E402"
    assert store.counts() == {"documents": 0, "readouts": 0, "failures": 0}


def test_clean_name_keeps_a_lower_case_publication_and_drops_pronouns_and_nominals() -> None:
    from backchannel.store.linking import alias_names, clean_name

    assert clean_name("the i", person=False, publication=True) == "i"
    assert clean_name("The i's", person=False, publication=True) == "i"
    # Without "the", or not a publication, "i" is the pronoun; a nominal is never a name.
    assert clean_name("i", person=False, publication=True) is None
    assert clean_name("the i", person=False) is None
    assert clean_name("the president", person=False) is None
    assert clean_name("the new paper", person=False, publication=True) is None
    assert clean_name("Prime Minister Rishi Sunak", person=True) == "Rishi Sunak"
    paper = {"kind": "organization", "sector": "JRN", "name": "the i", "mentions": [{"text": "i"}]}
    assert alias_names(paper) == [("i", "i")]
    assert alias_names({**paper, "sector": None}) == []
