"""Alembic's environment for the store: always run on the connection that ``schema.migrate`` opened.

``migrate`` begins the transaction (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL)
and hands the connection over in ``config.attributes["connection"]``, so that checking the version,
stamping an old store and upgrading it happen in one transaction: all of it, or none.
"""

from __future__ import annotations

from alembic import context

from backchannel.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("the store's migrations run through backchannel.store.schema.migrate, not the alembic CLI")

context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
