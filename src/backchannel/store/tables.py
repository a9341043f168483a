"""The store's tables as SQLAlchemy Core ``MetaData``: what the code reads and writes today.

The migrations in ``migrations/versions`` build the same schema step by step (revision 0001 = the
schema that ``PRAGMA user_version=2`` stores had, 0002 = the normalized readout tables and the
full-text index); a test checks that a migrated store and these tables agree.

``documents`` and ``readouts`` keep the whole readout as JSON, the source of truth. The normalized
tables (``mentions``, ``roles``, ``quotes``, ``claims``, ``events``, ``event_actors``, ``relations``)
are rewritten from it in the transaction that stores a document, so that the REST API, the web UI and
the exports can filter without opening JSON. Their ``*_id`` columns name *store* actors (merges
followed) and are kept in step with ``document_actors`` by every actor decision; their ``*_ref``
columns keep the readout-local ids ("a3"). ``data`` columns hold the readout item as JSON.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", Text, primary_key=True),  # sha256 of text
    Column("external_id", Text),
    Column("source", Text),
    Column("title", Text),
    Column("url", Text),
    Column("published", Text),
    Column("outlet", Text),
    Column("author", Text),
    Column("text", Text, nullable=False),
    Column("stored_at", Text, nullable=False),
    # A stable integer per document: the rowid of the SQLite full-text index (implicit rowids can
    # change on VACUUM). Filled by the write path.
    Column("num", Integer),
    Index("documents_num", "num", unique=True),
    Index("documents_published", "published"),
    Index("documents_outlet", "outlet"),
)

readouts = Table(
    "readouts", metadata,
    Column("doc_id", Text, ForeignKey("documents.id"), primary_key=True),
    Column("pipeline", Text, nullable=False),
    Column("pipeline_version", Text, nullable=False),
    Column("readout", Text, nullable=False),
    Column("n_actors", Integer, nullable=False),
    Column("stored_at", Text, nullable=False),
    Column("n_quotes", Integer, nullable=False, server_default="0"),
    Column("n_claims", Integer, nullable=False, server_default="0"),
    Column("n_events", Integer, nullable=False, server_default="0"),
)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text),
    Column("doc_id", Text),
    Column("code", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("failed_at", Text, nullable=False),
    Index("failures_source", "source"),
    sqlite_autoincrement=True,
)

actors = Table(
    "actors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("country", Text),
    Column("sector", Text),
    Column("wikidata", Text),
    Column("kb_id", Text),
    Column("merged_into", Integer, ForeignKey("actors.id")),
    Column("created", Text, nullable=False),
    Column("updated", Text, nullable=False),
    Index("actors_kind", "kind"),
    sqlite_autoincrement=True,
)
Index("actors_wikidata", actors.c.wikidata, sqlite_where=actors.c.wikidata.is_not(None),
      postgresql_where=actors.c.wikidata.is_not(None))
Index("actors_kb_id", actors.c.kb_id, sqlite_where=actors.c.kb_id.is_not(None),
      postgresql_where=actors.c.kb_id.is_not(None))

actor_aliases = Table(
    "actor_aliases", metadata,
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("alias_key", Text, nullable=False),
    Column("last_word", Text, nullable=False),
    Column("origin", Text, nullable=False),
    PrimaryKeyConstraint("actor_id", "alias_key"),
    CheckConstraint("origin IN ('seen', 'user', 'kb')", name="actor_aliases_origin"),
    Index("actor_aliases_key", "alias_key"),
    Index("actor_aliases_last_word", "last_word"),
)

document_actors = Table(
    "document_actors", metadata,
    Column("doc_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("readout_actor", Text, nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("mentions", Integer, nullable=False),
    PrimaryKeyConstraint("doc_id", "readout_actor"),
    Index("document_actors_actor", "actor_id"),
)

actor_decisions = Table(
    "actor_decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("who", Text, nullable=False),
    Column("reason", Text),
    Column("reverted_by", Integer, ForeignKey("actor_decisions.id")),
    CheckConstraint("kind IN ('alias', 'unalias', 'merge', 'split', 'revert')", name="actor_decisions_kind"),
    sqlite_autoincrement=True,
)

# Normalized readouts (revision 0002).

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("actor_ref", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id")),
    Index("mentions_doc", "doc_id", "actor_ref"),
    Index("mentions_actor", "actor_id", "doc_id"),
)

roles = Table(
    "roles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("actor_ref", Text, nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id")),
    Column("title", Text),
    Column("of_ref", Text),
    Column("of_id", Integer, ForeignKey("actors.id")),
    Column("data", Text, nullable=False),
    Index("roles_doc", "doc_id"),
    Index("roles_actor", "actor_id"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("ref", String(32), nullable=False),
    Column("form", Text),
    Column("act", Text),
    Column("speaker_ref", Text),
    Column("speaker_id", Integer, ForeignKey("actors.id")),
    Column("addressee_ref", Text),
    Column("addressee_id", Integer, ForeignKey("actors.id")),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("content_text", Text, nullable=False),
    Column("data", Text, nullable=False),
    UniqueConstraint("doc_id", "ref", name="quotes_doc_ref"),
    Index("quotes_speaker", "speaker_id"),
    Index("quotes_addressee", "addressee_id"),
    Index("quotes_act", "act"),
    sqlite_autoincrement=True,
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("ref", String(32), nullable=False),
    Column("status", Text),
    Column("holder_ref", Text),
    Column("holder_id", Integer, ForeignKey("actors.id")),
    Column("holder_is_author", Boolean, nullable=False),
    Column("quote_ref", Text),
    Column("doubted_by", Text),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("content_text", Text, nullable=False),
    Column("data", Text, nullable=False),
    UniqueConstraint("doc_id", "ref", name="claims_doc_ref"),
    Index("claims_holder", "holder_id"),
    Index("claims_status", "status"),
    sqlite_autoincrement=True,
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("ref", String(32), nullable=False),
    Column("type", Text),
    Column("mode", Text),
    Column("cameo", Text),
    Column("status", Text),
    Column("attributed_to_ref", Text),
    Column("attributed_to_id", Integer, ForeignKey("actors.id")),
    Column("event_date", Text),  # the resolved ISO date, when the text dates the event
    Column("when_date", Text),  # event_date, else the document's published date
    Column("data", Text, nullable=False),
    UniqueConstraint("doc_id", "ref", name="events_doc_ref"),
    Index("events_type", "type"),
    Index("events_when", "when_date"),
    sqlite_autoincrement=True,
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("doc_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("role", Text, nullable=False),  # source | target
    Column("position", Integer, nullable=False),
    Column("actor_ref", Text, nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id")),
    PrimaryKeyConstraint("event_id", "role", "position"),
    CheckConstraint("role IN ('source', 'target')", name="event_actors_role"),
    Index("event_actors_actor", "actor_id", "role"),
    Index("event_actors_doc", "doc_id"),
)

relations = Table(
    "relations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Text, ForeignKey("documents.id"), nullable=False),
    Column("subject_ref", Text, nullable=False),
    Column("subject_id", Integer, ForeignKey("actors.id")),
    Column("relation", Text, nullable=False),
    Column("object_ref", Text, nullable=False),
    Column("object_id", Integer, ForeignKey("actors.id")),
    Column("data", Text, nullable=False),
    Index("relations_doc", "doc_id"),
    Index("relations_subject", "subject_id"),
    Index("relations_object", "object_id"),
)

# Tables whose rows are rewritten from the readout each time a document is stored, children first.
NORMALIZED = (event_actors, mentions, roles, quotes, claims, events, relations)

# Columns naming store actors, per normalized table, with the readout ref column each comes from.
ACTOR_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "mentions": (("actor_id", "actor_ref"),),
    "roles": (("actor_id", "actor_ref"), ("of_id", "of_ref")),
    "quotes": (("speaker_id", "speaker_ref"), ("addressee_id", "addressee_ref")),
    "claims": (("holder_id", "holder_ref"),),
    "events": (("attributed_to_id", "attributed_to_ref"),),
    "event_actors": (("actor_id", "actor_ref"),),
    "relations": (("subject_id", "subject_ref"), ("object_id", "object_ref")),
}
