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

from sqlalchemy import Connection, Dialect, Table, TextClause, text

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



ROWS_PER_STATEMENT = 500
MAX_VALUES = 30_000  # bound values per statement: SQLite allows 32,766


def _postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


@lru_cache(maxsize=256)
def _array_types(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[str, ...]:
    return tuple(f"{table.c[name].type.compile(dialect=dialect)}[]" for name in columns)


def _chunks(rows: Sequence[Sequence[Any]], width: int) -> list[Sequence[Sequence[Any]]]:
    size = max(1, min(ROWS_PER_STATEMENT, MAX_VALUES // max(1, width)))
    return [rows[start:start + size] for start in range(0, len(rows), size)]


def rows_source(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
                ) -> tuple[str, list[Any]]:
    """A ``FROM`` item ``v`` whose columns ``column1``, ``column2`` … hold ``rows`` (typed like ``table``'s
    ``columns``), and its values: ``unnest`` of one array per column on PostgreSQL (one bound value per
    column, so the statement's text is always the same and the server prepares it once), ``VALUES`` on
    SQLite (at most ``MAX_VALUES`` values: split longer lists)."""
    if _postgres(conn):
        types = _array_types(table, tuple(columns), conn.dialect)
        names = ", ".join(f"column{n + 1}" for n in range(len(columns)))
        return (f"unnest({', '.join(f'CAST(? AS {t})' for t in types)}) AS v({names})",
                [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in columns])
    marks = "(" + ", ".join("?" * len(columns)) + ")"
    return f"(VALUES {', '.join([marks] * len(rows))}) AS v", [value for row in rows for value in row]


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                suffix: str = "", returning: str = "") -> list[Any]:
    """``INSERT INTO table (columns) … suffix RETURNING returning`` of many rows in one statement (a few on
    SQLite when there are very many), where ``executemany`` costs a round trip and an executor start per
    row on PostgreSQL. ``suffix`` is an ``ON CONFLICT`` clause, say; with ``DO UPDATE`` the rows must not
    repeat a key (PostgreSQL refuses to update one row twice in a statement). Returns the rows of
    ``RETURNING``, if any (in no particular order)."""
    if not rows:
        return []
    head = f"INSERT INTO {table.name} ({', '.join(columns)}) "
    tail = (f" {suffix}" if suffix else "") + (f" RETURNING {returning}" if returning else "")
    found: list[Any] = []
    if _postgres(conn):
        source, values = rows_source(conn, table, columns, rows)
        names = ", ".join(f"column{n + 1}" for n in range(len(columns)))
        result = run(conn, f"{head}SELECT {names} FROM {source}{tail}", *values)
        return list(result) if returning else found
    for chunk in _chunks(rows, len(columns)):
        marks = "(" + ", ".join("?" * len(columns)) + ")"
        result = run(conn, f"{head}VALUES {', '.join([marks] * len(chunk))}{tail}",
                     *(value for row in chunk for value in row))
        if returning:
            found += list(result)
    return found


def update_rows(conn: Connection, table: Table, key: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                extra: str = "", *extra_args: Any) -> None:
    """``UPDATE table SET column = new value, … [, extra] WHERE key = …`` for many rows in one statement;
    each row is the key's value followed by the new values of ``columns``. ``extra`` is more of the
    ``SET`` list, with ``extra_args`` bound to its ``?``."""
    every = (key, *columns)
    sets = ", ".join([f"{name} = v.column{n + 2}" for n, name in enumerate(columns)] + ([extra] if extra else []))
    for chunk in ([rows] if _postgres(conn) else _chunks(rows, len(every))) if rows else []:
        source, values = rows_source(conn, table, every, chunk)
        run(conn, f"UPDATE {table.name} SET {sets} FROM {source} WHERE {table.name}.{key} = v.column1",
            *extra_args, *values)


def is_in(conn: Connection, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """``column IN (…)`` and its values: ``column = ANY(?)`` with one array on PostgreSQL (the same
    statement whatever the number of values), ``column IN (?, ?, …)`` on SQLite."""
    if _postgres(conn):
        return f"{column} = ANY(?)", [list(values)]
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)
