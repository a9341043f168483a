"""Schema 5: ``doc_facets``, the per-document facet values, so that a facet count is one narrow GROUP BY.

``facets()`` counted the documents of each store actor by grouping ``document_actors`` with
``COUNT(DISTINCT doc_id)`` (several readout actors of one document can be linked to the same store
actor), and of each event type and claim status by reading the wide ``events`` and ``claims`` rows.
``doc_facets (facet, value, doc_id)`` holds one row per distinct (facet, value, document) instead:
``actor`` (the store actor id, as text), ``event_type`` and ``claim_status`` (NULLs have no row). Its
primary key ``(facet, value, doc_id)`` answers a facet alone from the index, and the index
``(doc_id, facet, value)`` answers it for a set of matching documents (and deletes a document's rows).

The write path fills it in the transaction that stores a document, and every actor decision that moves
links rewrites the ``actor`` rows of the documents involved. This revision creates the table and
backfills it from ``document_actors``, ``events`` and ``claims``.

Plain DDL and SQL only: nothing here imports the package, so this revision does the same whatever the
code around it becomes.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BACKFILL = (
    "INSERT INTO doc_facets (facet, value, doc_id)"
    " SELECT DISTINCT 'actor', CAST(actor_id AS TEXT), doc_id FROM document_actors",
    "INSERT INTO doc_facets (facet, value, doc_id)"
    " SELECT DISTINCT 'event_type', type, doc_id FROM events WHERE type IS NOT NULL",
    "INSERT INTO doc_facets (facet, value, doc_id)"
    " SELECT DISTINCT 'claim_status', status, doc_id FROM claims WHERE status IS NOT NULL",
)


def upgrade() -> None:
    op.create_table(
        "doc_facets",
        sa.Column("facet", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("doc_id", sa.Text(), sa.ForeignKey("documents.id"), nullable=False),
        sa.PrimaryKeyConstraint("facet", "value", "doc_id"),
    )
    for statement in BACKFILL:
        op.execute(statement)
    op.create_index("doc_facets_doc", "doc_facets", ["doc_id", "facet", "value"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE doc_facets")


def downgrade() -> None:
    op.drop_index("doc_facets_doc", "doc_facets")
    op.drop_table("doc_facets")
