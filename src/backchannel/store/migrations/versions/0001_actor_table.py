"""Schema 2: documents, readouts, failures and the cross-document actor table.

This is the schema that stores written before Alembic had (``PRAGMA user_version=2``); such a store is
stamped with this revision rather than upgraded through it. A version-1 store (documents, readouts
and failures only) is upgraded through it: the tables it lacks are created and the documents it
already holds join the actor table, oldest first.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    existing = set(sa.inspect(bind).get_table_names())
    if "documents" not in existing:
        op.create_table(
            "documents",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("external_id", sa.Text),
            sa.Column("source", sa.Text),
            sa.Column("title", sa.Text),
            sa.Column("url", sa.Text),
            sa.Column("published", sa.Text),
            sa.Column("outlet", sa.Text),
            sa.Column("author", sa.Text),
            sa.Column("text", sa.Text, nullable=False),
            sa.Column("stored_at", sa.Text, nullable=False),
        )
    if "readouts" not in existing:
        op.create_table(
            "readouts",
            sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
            sa.Column("pipeline", sa.Text, nullable=False),
            sa.Column("pipeline_version", sa.Text, nullable=False),
            sa.Column("readout", sa.Text, nullable=False),
            sa.Column("n_actors", sa.Integer, nullable=False),
            sa.Column("stored_at", sa.Text, nullable=False),
        )
    if "failures" not in existing:
        op.create_table(
            "failures",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("source", sa.Text),
            sa.Column("doc_id", sa.Text),
            sa.Column("code", sa.Text, nullable=False),
            sa.Column("stage", sa.Text, nullable=False),
            sa.Column("message", sa.Text, nullable=False),
            sa.Column("failed_at", sa.Text, nullable=False),
            sqlite_autoincrement=True,
        )
        op.create_index("failures_source", "failures", ["source"])
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("sector", sa.Text),
        sa.Column("wikidata", sa.Text),
        sa.Column("kb_id", sa.Text),
        sa.Column("merged_into", sa.Integer, sa.ForeignKey("actors.id")),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("updated", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    for column in ("wikidata", "kb_id"):
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(f"actors_{column}", "actors", [column], sqlite_where=where, postgresql_where=where)
    op.create_index("actors_kind", "actors", ["kind"])
    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=False),
        sa.Column("alias", sa.Text, nullable=False),
        sa.Column("alias_key", sa.Text, nullable=False),
        sa.Column("last_word", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("actor_id", "alias_key"),
        sa.CheckConstraint("origin IN ('seen', 'user', 'kb')", name="actor_aliases_origin"),
    )
    op.create_index("actor_aliases_key", "actor_aliases", ["alias_key"])
    op.create_index("actor_aliases_last_word", "actor_aliases", ["last_word"])
    op.create_table(
        "document_actors",
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("readout_actor", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "readout_actor"),
    )
    op.create_index("document_actors_actor", "document_actors", ["actor_id"])
    op.create_table(
        "actor_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("reverted_by", sa.Integer, sa.ForeignKey("actor_decisions.id")),
        sa.CheckConstraint("kind IN ('alias', 'unalias', 'merge', 'split', 'revert')", name="actor_decisions_kind"),
        sqlite_autoincrement=True,
    )
    if "readouts" in existing:
        _link_stored_readouts(bind)


def _link_stored_readouts(bind: sa.Connection) -> None:
    """The documents already stored join the actor table, oldest first."""
    from backchannel.store.migrations.frozen_0001 import link_document  # see its docstring

    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = bind.execute(sa.text("SELECT doc_id, readout FROM readouts ORDER BY stored_at, doc_id")).all()
    for doc_id, data in rows:
        link_document(bind, doc_id, json.loads(data).get("actors", []), now)


def downgrade() -> None:
    for table in ("actor_decisions", "document_actors", "actor_aliases", "actors"):
        op.drop_table(table)
