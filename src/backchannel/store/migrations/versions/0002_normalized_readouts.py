"""Schema 3: the readouts normalized into tables, and full-text search.

New tables ``mentions``, ``roles``, ``quotes``, ``claims``, ``events``, ``event_actors`` and
``relations`` (see ``tables.py``); ``documents.num`` (the SQLite full-text rowid), the counts of quotes,
claims and events on ``readouts``, and indexes for the filters of ``reader.py``. Full text: FTS5
external-content tables on SQLite (porter stemming, accents folded), GIN indexes on
``to_tsvector('english', …)`` on PostgreSQL. The rows of every stored readout are written here, with
a frozen copy of the write path as it was when this revision was written (``frozen_0002.py``), so
that what this revision does never changes with the package.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TOKENIZE = "porter unicode61 remove_diacritics 2"
NEW_TABLES = ("event_actors", "mentions", "roles", "quotes", "claims", "events", "relations")


def _actor(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("actors.id"))


def _doc() -> sa.Column[str]:
    return sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.add_column("documents", sa.Column("num", sa.Integer))
    op.create_index("documents_num", "documents", ["num"], unique=True)
    op.create_index("documents_published", "documents", ["published"])
    op.create_index("documents_outlet", "documents", ["outlet"])
    for column in ("n_quotes", "n_claims", "n_events"):
        op.add_column("readouts", sa.Column(column, sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), _doc(),
        sa.Column("actor_ref", sa.Text, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False), _actor("actor_id"),
    )
    op.create_index("mentions_doc", "mentions", ["doc_id", "actor_ref"])
    op.create_index("mentions_actor", "mentions", ["actor_id", "doc_id"])
    op.create_table(
        "roles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), _doc(),
        sa.Column("actor_ref", sa.Text, nullable=False), _actor("actor_id"),
        sa.Column("title", sa.Text), sa.Column("of_ref", sa.Text), _actor("of_id"),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("roles_doc", "roles", ["doc_id"])
    op.create_index("roles_actor", "roles", ["actor_id"])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), _doc(),
        sa.Column("ref", sa.String(32), nullable=False),
        sa.Column("form", sa.Text), sa.Column("act", sa.Text),
        sa.Column("speaker_ref", sa.Text), _actor("speaker_id"),
        sa.Column("addressee_ref", sa.Text), _actor("addressee_id"),
        sa.Column("content_start", sa.Integer, nullable=False),
        sa.Column("content_end", sa.Integer, nullable=False),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("doc_id", "ref", name="quotes_doc_ref"),
        sqlite_autoincrement=True,
    )
    op.create_index("quotes_speaker", "quotes", ["speaker_id"])
    op.create_index("quotes_addressee", "quotes", ["addressee_id"])
    op.create_index("quotes_act", "quotes", ["act"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), _doc(),
        sa.Column("ref", sa.String(32), nullable=False),
        sa.Column("status", sa.Text),
        sa.Column("holder_ref", sa.Text), _actor("holder_id"),
        sa.Column("holder_is_author", sa.Boolean, nullable=False),
        sa.Column("quote_ref", sa.Text), sa.Column("doubted_by", sa.Text),
        sa.Column("content_start", sa.Integer, nullable=False),
        sa.Column("content_end", sa.Integer, nullable=False),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("doc_id", "ref", name="claims_doc_ref"),
        sqlite_autoincrement=True,
    )
    op.create_index("claims_holder", "claims", ["holder_id"])
    op.create_index("claims_status", "claims", ["status"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), _doc(),
        sa.Column("ref", sa.String(32), nullable=False),
        sa.Column("type", sa.Text), sa.Column("mode", sa.Text), sa.Column("cameo", sa.Text),
        sa.Column("status", sa.Text),
        sa.Column("attributed_to_ref", sa.Text), _actor("attributed_to_id"),
        sa.Column("event_date", sa.Text), sa.Column("when_date", sa.Text),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("doc_id", "ref", name="events_doc_ref"),
        sqlite_autoincrement=True,
    )
    op.create_index("events_type", "events", ["type"])
    op.create_index("events_when", "events", ["when_date"])
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False), _doc(),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("actor_ref", sa.Text, nullable=False), _actor("actor_id"),
        sa.PrimaryKeyConstraint("event_id", "role", "position"),
        sa.CheckConstraint("role IN ('source', 'target')", name="event_actors_role"),
    )
    op.create_index("event_actors_actor", "event_actors", ["actor_id", "role"])
    op.create_index("event_actors_doc", "event_actors", ["doc_id"])
    op.create_table(
        "relations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), _doc(),
        sa.Column("subject_ref", sa.Text, nullable=False), _actor("subject_id"),
        sa.Column("relation", sa.Text, nullable=False),
        sa.Column("object_ref", sa.Text, nullable=False), _actor("object_id"),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("relations_doc", "relations", ["doc_id"])
    op.create_index("relations_subject", "relations", ["subject_id"])
    op.create_index("relations_object", "relations", ["object_id"])
    if sqlite:
        op.execute(f"CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents',"
                   f" content_rowid='num', tokenize='{TOKENIZE}')")
        for table in ("quotes", "claims"):
            op.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5(content_text, content='{table}',"
                       f" content_rowid='id', tokenize='{TOKENIZE}')")
    else:
        op.execute("CREATE INDEX documents_fts ON documents USING gin"
                   " (to_tsvector('english', coalesce(title, '') || ' ' || text))")
        for table in ("quotes", "claims"):
            op.execute(f"CREATE INDEX {table}_fts ON {table} USING gin (to_tsvector('english', content_text))")
    _backfill(bind, sqlite)


def _backfill(bind: sa.Connection, sqlite: bool) -> None:
    """Number the documents and write the normalized rows of every stored readout, oldest first."""
    from backchannel.store.migrations.frozen_0002 import index_document, write_rows  # see its docstring

    rows = bind.execute(sa.text("SELECT d.id, d.published, r.readout FROM documents d JOIN readouts r"
                                " ON r.doc_id = d.id ORDER BY d.stored_at, d.id")).all()
    bare = bind.execute(sa.text("SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM readouts)"
                                " ORDER BY stored_at, id")).scalars().all()
    if sqlite:
        for num, doc_id in enumerate([row[0] for row in rows] + list(bare), start=1):
            bind.execute(sa.text("UPDATE documents SET num = :num WHERE id = :id"), {"num": num, "id": doc_id})
            index_document(bind, doc_id)
    for doc_id, published, data in rows:
        links = {ref: actor_id for ref, actor_id in bind.execute(sa.text(
            "SELECT readout_actor, actor_id FROM document_actors WHERE doc_id = :id"), {"id": doc_id})}
        write_rows(bind, doc_id, json.loads(data), published, links)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in ("documents", "quotes", "claims"):
            op.execute(f"DROP TABLE {table}_fts")
    for table in NEW_TABLES:
        op.drop_table(table)
    for index in ("documents_num", "documents_published", "documents_outlet"):
        op.drop_index(index, "documents")
    op.drop_column("documents", "num")
    for column in ("n_quotes", "n_claims", "n_events"):
        op.drop_column("readouts", column)
