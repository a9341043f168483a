"""The store: documents, readouts, failures, the actors met across documents and the normalized
readouts, in SQLite (default) or PostgreSQL. ``reader.StoreReader`` is what the API and UI read."""

from .reader import Page, StoreReader
from .schema import SCHEMA_VERSION
from .store import SQLiteStore, Store, open_store

__all__ = ["SCHEMA_VERSION", "Page", "SQLiteStore", "Store", "StoreReader", "open_store"]
