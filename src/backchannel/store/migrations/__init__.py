"""Alembic migrations of the store, run by ``backchannel.store.schema.migrate`` (no alembic.ini)."""
