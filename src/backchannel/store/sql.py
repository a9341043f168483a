"""Running hand-written SQL on a SQLAlchemy connection, with ``?`` placeholders bound as parameters.

The actor table's queries were written for sqlite3 with ``?`` placeholders. ``run`` keeps them
readable: each ``?`` becomes a named bind parameter of a ``text()`` clause (compiled once and
cached), so values are always bound, never formatted into the statement, and the same statement runs
on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, TextClause, text


@lru_cache(maxsize=1024)
def _clause(statement: str) -> tuple[TextClause, int]:
    parts = statement.split("?")
    sql = "".join(part + (f":p{i}" if i < len(parts) - 1 else "") for i, part in enumerate(parts))
    return text(sql), len(parts) - 1


def _params(args: Sequence[Any], expected: int) -> dict[str, Any]:
    if len(args) != expected:
        raise TypeError(f"the statement has {expected} placeholders, {len(args)} values were given")
    return {f"p{i}": value for i, value in enumerate(args)}


def run(conn: Connection, statement: str, *args: Any) -> Any:
    """Execute ``statement`` with ``args`` bound to its ``?`` placeholders, in order; the ``CursorResult``."""
    clause, expected = _clause(statement)
    return conn.execute(clause, _params(args, expected))


def run_many(conn: Connection, statement: str, rows: Iterable[Sequence[Any]]) -> None:
    """Execute ``statement`` once per row of values (nothing when there are no rows)."""
    clause, expected = _clause(statement)
    batch = [_params(row, expected) for row in rows]
    if batch:
        conn.execute(clause, batch)
