"""Schema 6: ``claim_reporters``, the named reporters of each claim's nested attribution.

A readout claim's ``reported_via`` lists every named actor through whom the claim reaches the author,
nearest first ("According to the report [The Insider], Moscow floated …": Moscow's claim, reported via
The Insider). ``claim_reporters (doc_id, claim_ref, position, actor_ref, actor_id)`` holds one row per
link of that chain, ``position`` 0 the nearest (the claim's ``reported_by``), ``actor_id`` the store
actor the readout actor is linked to (``document_actors``), kept in step by every actor decision like
the other normalized rows. The index ``(actor_id, doc_id)`` answers "the claims reported via actor X".

Backfill: every stored claim row keeps its readout item as JSON in ``claims.data``; the chains are
read from there in Python (the ``json`` module, so no engine's JSON functions are needed), written in
batches with bound parameters, and their store actors set from ``document_actors`` in one ``UPDATE``.
Claims stored before readouts had ``reported_via`` get no rows.

Plain DDL and SQL (and ``json``) only: nothing here imports the package, so this revision does the
same whatever the code around it becomes.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BATCH = 1000
MAX_CHAIN = 64  # links kept per claim at most: stored JSON is data, not a promise of a sane length
INSERT = sa.text("INSERT INTO claim_reporters (doc_id, claim_ref, position, actor_ref)"
                 " VALUES (:doc_id, :claim_ref, :position, :actor_ref)")
LINK = ("UPDATE claim_reporters SET actor_id = (SELECT da.actor_id FROM document_actors da"
        " WHERE da.doc_id = claim_reporters.doc_id AND da.readout_actor = claim_reporters.actor_ref)")


def _chain(data: str) -> list[str]:
    """The readout refs of a stored claim's ``reported_via`` (strings only, at most ``MAX_CHAIN``)."""
    try:
        item = json.loads(data)
    except ValueError:
        return []
    found = item.get("reported_via") if isinstance(item, dict) else None
    if not isinstance(found, list):
        return []
    return [ref for ref in found if isinstance(ref, str)][:MAX_CHAIN]


def upgrade() -> None:
    op.create_table(
        "claim_reporters",
        sa.Column("doc_id", sa.Text(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("claim_ref", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("actor_ref", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("actors.id")),
        sa.PrimaryKeyConstraint("doc_id", "claim_ref", "position"),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT doc_id, ref, data FROM claims WHERE data LIKE :has ORDER BY doc_id, ref"),
                        {"has": "%reported_via%"})
    pending: list[dict[str, Any]] = []
    for doc_id, ref, data in rows.all():
        for position, actor_ref in enumerate(_chain(data)):
            pending.append({"doc_id": doc_id, "claim_ref": ref, "position": position, "actor_ref": actor_ref})
        if len(pending) >= BATCH:
            bind.execute(INSERT, pending)
            pending = []
    if pending:
        bind.execute(INSERT, pending)
    op.execute(LINK)
    op.create_index("claim_reporters_actor", "claim_reporters", ["actor_id", "doc_id"])


def downgrade() -> None:
    op.drop_index("claim_reporters_actor", "claim_reporters")
    op.drop_table("claim_reporters")
