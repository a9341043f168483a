"""The store's schema version and its upgrade, by Alembic migrations shipped inside the package.

Schema versions, and the Alembic revision (in ``migrations/versions``) that brings each:

- 1: documents, readouts, failures (stores written before the actor table; no revision of its own).
- 2: the cross-document actor table — revision ``0001``.
- 3: the readouts normalized into tables, and full-text search — revision ``0002``.
- 4: stored search vectors on PostgreSQL, covering indexes for the facets — revision ``0003``.
- 5: ``doc_facets``, one row per distinct (facet, value, document), for the facet counts — revision ``0004``.
- 6: ``claim_reporters``, the named reporters of each claim's nested attribution — revision ``0005``.

Stores written before Alembic kept their version in ``PRAGMA user_version`` and have no
``alembic_version`` table: a version-2 store is stamped ``0001`` and upgraded from there, a
version-1 store is upgraded through ``0001``. SQLite stores keep ``PRAGMA user_version`` in step, so
that a Backchannel from before Alembic refuses a newer store instead of misreading it.

Opening a store for writing checks the version in a read transaction and, when it is older,
upgrades it in one write transaction (``BEGIN IMMEDIATE`` on SQLite, a transaction-scoped advisory
lock on PostgreSQL) that checks again first: two processes opening an old store at once upgrade it
once, and an upgrade happens whole or not at all. A store newer than this Backchannel, or at a
revision it does not know, is refused (E401) rather than guessed at.
"""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, inspect, text

from ..errors import StoreError
from .engine import WRITE

SCHEMA_VERSION = 6
REVISIONS = {"0001": 2, "0002": 3, "0003": 4, "0004": 5, "0005": 6}  # Alembic revision -> the schema version it brings
HEAD = "0005"
_MIGRATION_LOCK = 0x6263_7374  # PostgreSQL advisory lock key: "bcst"


def alembic_config(conn: Connection) -> Config:
    """Alembic's configuration without an alembic.ini: the migrations in the package, run on ``conn``."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("backchannel.store").joinpath("migrations")))
    config.attributes["connection"] = conn
    return config


def _newer(found: int | str, source: str) -> StoreError:
    return StoreError(f"the store has schema {found}, newer than this Backchannel knows ({SCHEMA_VERSION});"
                      " upgrade Backchannel to open it", source=source, code="E401")


def stored_version(conn: Connection, source: str) -> tuple[int, bool]:
    """The store's schema version (0 for an empty database) and whether it predates Alembic. Raises
    E401 for a store newer than this code."""
    sqlite = conn.dialect.name == "sqlite"
    legacy = int(conn.exec_driver_sql("PRAGMA user_version").scalar_one()) if sqlite else 0
    if legacy > SCHEMA_VERSION:
        raise _newer(legacy, source)
    if inspect(conn).has_table("alembic_version"):
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision is None:
            return legacy, legacy > 0
        if revision not in REVISIONS:
            raise _newer(f"revision {revision}", source)
        return REVISIONS[revision], False
    return legacy, legacy > 0


def refuse_older(found: int, source: str) -> None:
    """A read-only store must already be at this code's schema: reading cannot upgrade it."""
    if found < SCHEMA_VERSION:
        raise StoreError(f"the store has schema {found}, older than this Backchannel's ({SCHEMA_VERSION}); open it "
                         "for writing once (e.g. `backchannel actors list --db …`) to upgrade it", source=source,
                         code="E401")


def migrate(engine: Engine, source: str) -> int:
    """Bring the store to ``SCHEMA_VERSION``; return the version it had (0: a new store)."""
    with engine.connect() as conn:
        found, _ = stored_version(conn, source)
    if found == SCHEMA_VERSION:
        return found
    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        found, legacy = stored_version(conn, source)  # another writer may have upgraded it while we waited
        if found == SCHEMA_VERSION:
            return found
        config = alembic_config(conn)
        if legacy and found == 2:
            command.stamp(config, "0001")
        command.upgrade(config, HEAD)
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
    return found
