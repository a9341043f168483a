"""The store: documents, readouts, failures, and the actors met across documents."""

from .schema import SCHEMA_VERSION
from .sqlite import SQLiteStore

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]
