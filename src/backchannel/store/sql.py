"""Running hand-written SQL on a SQLAlchemy connection, with ``?`` placeholders bound as parameters.

The actor table's queries were written for sqlite3 with ``?`` placeholders, and linking runs dozens
of them per stored document. ``run`` keeps them readable and cheap: the statement goes to the driver
through ``exec_driver_sql`` in the driver's own placeholder style (``?`` for sqlite3, ``%s`` for
psycopg), skipping SQLAlchemy's compilation, which costs more than SQLite's own work for such small
statements. Values are always bound, never formatted into the statement. A driver with another
style gets a ``text()`` clause with named parameters instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, TextClause, text

DRIVER_STYLES = ("qmark", "format", "pyformat")


@lru_cache(maxsize=1024)
def _clause(statement: str) -> tuple[TextClause, int]:
    parts = statement.split("?")
    sql = "".join(part + (f":p{i}" if i < len(parts) - 1 else "") for i, part in enumerate(parts))
    return text(sql), len(parts) - 1


def _params(args: Sequence[Any], expected: int) -> dict[str, Any]:
    if len(args) != expected:
        raise TypeError(f"the statement has {expected} placeholders, {len(args)} values were given")
    return {f"p{i}": value for i, value in enumerate(args)}


@lru_cache(maxsize=1024)
def _driver_sql(statement: str, paramstyle: str) -> str:
    if paramstyle == "qmark":
        return statement
    return statement.replace("%", "%%").replace("?", "%s")  # format / pyformat


def run(conn: Connection, statement: str, *args: Any) -> Any:
    """Execute ``statement`` with ``args`` bound to its ``?`` placeholders, in order; the ``CursorResult``."""
    style = conn.dialect.paramstyle
    if style in DRIVER_STYLES:
        return conn.exec_driver_sql(_driver_sql(statement, style), tuple(args))
    clause, expected = _clause(statement)
    return conn.execute(clause, _params(args, expected))


def run_many(conn: Connection, statement: str, rows: Iterable[Sequence[Any]]) -> None:
    """Execute ``statement`` once per row of values (nothing when there are no rows)."""
    style = conn.dialect.paramstyle
    if style in DRIVER_STYLES:
        values = [tuple(row) for row in rows]
        if values:
            conn.exec_driver_sql(_driver_sql(statement, style), values)
        return
    clause, expected = _clause(statement)
    batch = [_params(row, expected) for row in rows]
    if batch:
        conn.execute(clause, batch)
