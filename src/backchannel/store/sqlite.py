"""Where ``SQLiteStore`` lived before the store moved to SQLAlchemy; kept so that old imports work."""

from .store import SQLiteStore, Store

__all__ = ["SQLiteStore", "Store"]
