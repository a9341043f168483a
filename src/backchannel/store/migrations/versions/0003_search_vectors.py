"""Schema 4: stored search vectors on PostgreSQL, and covering indexes for the facets.

PostgreSQL: ``documents``, ``quotes`` and ``claims`` gain a ``search_vector`` column, ``GENERATED ALWAYS
AS (to_tsvector('english', …)) STORED``, with a GIN index on it that replaces revision 0002's GIN index on
the expression. Searching then ranks on the stored vector instead of parsing every matching text
again, and a row's vector is computed once, when it is written. What is indexed is capped at the
first ``SEARCH_CHARS`` characters (title included): a ``tsvector`` cannot exceed 1 MB, and a text of
unique short words or hyphenated compounds takes up to about five bytes of vector per character, so
an uncapped document near the 1,000,000-character limit could not be stored at all. A longer text is
stored whole; only words past the cap are not found by search on PostgreSQL (SQLite's FTS5 has no
such limit). Adding a stored generated column rewrites the three tables and computes every vector.

Both engines: the facet counts group ``document_actors`` by actor, ``claims`` by status and ``events``
by type, each counting distinct documents; the indexes on ``actor_id``, ``status`` and ``type`` are
replaced by ``(actor_id, doc_id)``, ``(status, doc_id)`` and ``(type, doc_id)``, which answer those
counts from the index alone (and still serve every lookup by the first column).

Plain DDL only: nothing here imports the package, so this revision does the same whatever the code
around it becomes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SEARCH_CHARS = 150_000
VECTORS = {
    "documents": f"to_tsvector('english', left(coalesce(title, '') || ' ' || text, {SEARCH_CHARS}))",
    "quotes": f"to_tsvector('english', left(content_text, {SEARCH_CHARS}))",
    "claims": f"to_tsvector('english', left(content_text, {SEARCH_CHARS}))",
}
OLD_VECTORS = {
    "documents": "to_tsvector('english', coalesce(title, '') || ' ' || text)",
    "quotes": "to_tsvector('english', content_text)",
    "claims": "to_tsvector('english', content_text)",
}
# (table, old index, old columns, new index, new columns)
COVERING = (
    ("document_actors", "document_actors_actor", ["actor_id"], "document_actors_actor_doc", ["actor_id", "doc_id"]),
    ("claims", "claims_status", ["status"], "claims_status_doc", ["status", "doc_id"]),
    ("events", "events_type", ["type"], "events_type_doc", ["type", "doc_id"]),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, vector in VECTORS.items():
            op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) STORED")
            op.execute(f"DROP INDEX {table}_fts")
            op.execute(f"CREATE INDEX {table}_search ON {table} USING gin (search_vector)")
    for table, old, _, new, columns in COVERING:
        op.create_index(new, table, columns)
        op.drop_index(old, table)


def downgrade() -> None:
    for table, old, columns, new, _ in COVERING:
        op.create_index(old, table, columns)
        op.drop_index(new, table)
    if op.get_bind().dialect.name == "postgresql":
        for table, vector in OLD_VECTORS.items():
            op.execute(f"DROP INDEX {table}_search")
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
            op.execute(f"CREATE INDEX {table}_fts ON {table} USING gin ({vector})")
