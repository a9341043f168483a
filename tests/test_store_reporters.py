"""Attribution chains in the store: ``claim_reporters`` (revision 0005) on SQLite and PostgreSQL, the claims
filter ``reported_via``, merges, storing again, and the upgrade of stores written before it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from legacy_store import insert_legacy_readouts, make_legacy_store
from sqlalchemy import inspect, text
from test_store_reader import actor, readout_b, sp

from backchannel import Document, Readout
from backchannel.store import SCHEMA_VERSION, Store, schema

TEXT = ("According to The Insider, Yuri Ushakov said that Moscow floated a ceasefire. "
        "Reuters reported that the Kremlin denied the talks. Talks are expected next week.")


def reported() -> tuple[Document, Readout]:
    """Moscow's proposal reaches the author via Ushakov, then The Insider; the Kremlin's denial via Reuters."""
    t = TEXT
    doc = Document(t, meta={"published": "2025-11-28", "outlet": "Meduza", "title": "Chains"})
    actors = [actor(t, "a1", "The Insider", "organization"), actor(t, "a2", "Yuri Ushakov", "person", country="RUS"),
              actor(t, "a3", "Moscow", "country", country="RUS"), actor(t, "a4", "Reuters", "organization"),
              actor(t, "a5", "Kremlin", "organization", country="RUS")]
    claims = [{"id": "c1", "content": sp(t, "floated a ceasefire"), "holder": "a3", "status": "reported",
               "cue": sp(t, "said"), "quote": None, "doubted_by": None, "reported_by": "a2",
               "reported_via": ["a2", "a1"]},
              {"id": "c2", "content": sp(t, "the talks"), "holder": "a5", "status": "denied", "cue": sp(t, "denied"),
               "quote": None, "doubted_by": None, "reported_by": "a4", "reported_via": ["a4"]},
              {"id": "c3", "content": sp(t, "Talks are expected next week"), "holder": "author", "status": "predicted",
               "cue": None, "quote": None, "doubted_by": None, "reported_by": None, "reported_via": []}]
    return doc, Readout(id=doc.id, text=t, meta=doc.full_meta(), pipeline={"name": "t", "version": "0",
                                                                            "components": []},
                        actors=actors, claims=claims)


# The store names The Insider "Insider" (a leading article is not part of a name).


def chains(store: Store, **filters: Any) -> dict[str, list[str]]:
    """``{"c1": [reporter names, nearest first]}`` of the claims listed with ``filters``."""
    return {c["id"]: [a["name"] for a in c["reported_via"]] for c in store.claims(limit=100, **filters)["items"]}


def reporter_rows(store: Store) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(
            "SELECT claim_ref, position, actor_ref, actor_id FROM claim_reporters ORDER BY claim_ref, position"))]


def test_claims_carry_their_reporters_nearest_first(store_url: str) -> None:
    with Store(store_url) as store:
        doc, readout = reported()
        store.put(doc, readout)
        store.put(*readout_b())
        assert store.table_counts(doc.id)["claim_reporters"] == 3
        items = {c["id"]: c for c in store.claims(doc_id=doc.id)["items"]}
        assert [a["name"] for a in items["c1"]["reported_via"]] == ["Yuri Ushakov", "Insider"]
        assert items["c1"]["reported_by"]["name"] == "Yuri Ushakov" and items["c1"]["reported_via_refs"] == ["a2", "a1"]
        assert items["c1"]["holder"]["name"] == "Moscow"
        assert items["c2"]["reported_by"]["name"] == "Reuters"
        assert items["c3"]["reported_by"] is None and items["c3"]["reported_via"] == []
        insider, reuters, ushakov = (store.find_actor(n) for n in ("The Insider", "Reuters", "Yuri Ushakov"))
        assert chains(store, reported_via=insider) == {"c1": ["Yuri Ushakov", "Insider"]}
        assert chains(store, reported_via=ushakov) == {"c1": ["Yuri Ushakov", "Insider"]}
        assert chains(store, reported_via=reuters, status="denied") == {"c2": ["Reuters"]}
        assert store.claims(reported_via=reuters, status="reported")["total"] == 0
        assert store.claims(reported_via=store.actor_links(doc.id)["a3"])["total"] == 0  # a holder is no reporter
        page = store.actor_page(insider)
        assert page is not None and page["counts"]["reported"] == 1 and page["reported"][0]["id"] == "c1"
        assert page["counts"]["claims"] == 0


def test_storing_again_replaces_the_chains_and_decisions_move_them(store_url: str) -> None:
    with Store(store_url) as store:
        doc, readout = reported()
        store.put(doc, readout)
        before = reporter_rows(store)
        store.put(doc, readout)
        assert reporter_rows(store) == before  # replaced, not doubled
        shorter = Readout.from_dict({**readout.to_dict(), "claims": [
            {**readout.claims[0], "reported_via": ["a1"], "reported_by": "a1"}]})
        assert store.put(doc, shorter) is False
        assert [row[:3] for row in reporter_rows(store)] == [("c1", 0, "a1")]
        store.put(doc, readout)
        insider, reuters = store.find_actor("The Insider"), store.find_actor("Reuters")
        decision = store.merge(reuters, insider)  # The Insider is now Reuters: the chains name the survivor
        assert chains(store, reported_via=reuters) == {"c1": ["Yuri Ushakov", "Reuters"], "c2": ["Reuters"]}
        assert chains(store, reported_via=insider) == chains(store, reported_via=reuters)  # a merged id is followed
        store.revert(decision["id"])
        assert chains(store, reported_via=insider) == {"c1": ["Yuri Ushakov", "Insider"]}
        assert reporter_rows(store) == before


def test_a_v1_store_upgraded_through_every_revision_gets_its_chains(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    conn = make_legacy_store(path, 1)
    insert_legacy_readouts(conn, [reported(), readout_b()])
    conn.close()
    with Store(path) as store:
        assert store.upgraded_from == 1
        assert chains(store, reported_via=store.find_actor("The Insider")) == {"c1": ["Yuri Ushakov", "Insider"]}
        assert [row[:3] for row in reporter_rows(store)] == [("c1", 0, "a2"), ("c1", 1, "a1"), ("c2", 0, "a4")]


def test_a_store_at_revision_0004_is_backfilled_from_its_claims(store_url: str) -> None:
    with Store(store_url) as store:
        store.put(*reported())
        store.put(*readout_b())
        expected = reporter_rows(store)
        found = store.claims()
        with store.engine.begin() as conn:  # what a store written at 0004 has: the claims, no claim_reporters
            conn.execute(text("DROP TABLE claim_reporters"))
            conn.execute(text("UPDATE alembic_version SET version_num = '0004'"))
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA user_version=5")
    with Store(store_url) as store:
        assert store.upgraded_from == 5
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == schema.HEAD == "0005"
        assert reporter_rows(store) == expected and len(expected) == 3
        assert store.claims() == found
        store.put(*reported())  # writing after the upgrade
        assert reporter_rows(store) == expected
    with Store(store_url) as again:
        assert again.upgraded_from == SCHEMA_VERSION == 6


def test_revision_0005_downgrades_to_0004_and_upgrades_back(store_url: str) -> None:
    """Alembic's downgrade of 0005 drops only ``claim_reporters`` (the claims it was filled from stay), and
    the next upgrade fills it again to the same rows."""
    with Store(store_url) as store:
        store.put(*reported())
        store.put(*readout_b())
        expected = reporter_rows(store)
        found = store.claims()
        counts = store.table_counts()
        with store.engine.begin() as conn:
            command.downgrade(schema.alembic_config(conn), "0004")
            assert not inspect(conn).has_table("claim_reporters")
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
            assert conn.execute(text("SELECT count(*) FROM claims")).scalar() == counts["claims"]
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA user_version=5")  # what a Backchannel at schema 5 would keep
    with Store(store_url) as store:
        assert store.upgraded_from == 5
        assert reporter_rows(store) == expected and len(expected) == 3
        assert store.claims() == found and store.table_counts() == counts


def test_stored_claims_without_chains_or_with_odd_ones_upgrade_cleanly(store_url: str) -> None:
    with Store(store_url) as store:
        doc, readout = reported()
        store.put(doc, readout)
        with store.engine.begin() as conn:  # a readout from before reported_via, and a hand-edited one
            conn.execute(text("DROP TABLE claim_reporters"))
            conn.execute(text("UPDATE claims SET data = :d WHERE ref = 'c1'"),
                         {"d": '{"id": "c1", "reported_via": "a1"}'})
            conn.execute(text("UPDATE claims SET data = :d WHERE ref = 'c2'"),
                         {"d": '{"id": "c2", "reported_via": ["a4", 7, null, "nobody"]}'})
            conn.execute(text("UPDATE alembic_version SET version_num = '0004'"))
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA user_version=5")
    with Store(store_url) as store:
        reuters = store.find_actor("Reuters")
        assert reporter_rows(store) == [("c2", 0, "a4", reuters), ("c2", 1, "nobody", None)]


@pytest.mark.parametrize("bad", ["'); DROP TABLE claims; --", "a1' OR '1'='1"])
def test_reporter_refs_are_bound_never_spliced(store_url: str, bad: str) -> None:
    with Store(store_url) as store:
        doc, readout = reported()
        odd = Readout.from_dict({**readout.to_dict(), "claims": [{**readout.claims[0], "reported_via": [bad, "a1"]}]})
        store.put(doc, odd)
        assert [row[2] for row in reporter_rows(store)] == [bad, "a1"]
        assert chains(store) == {"c1": ["Insider"]}  # an unknown ref names no store actor
        assert store.table_counts()["claims"] == 1
