"""Reading the store's actor table: one actor, its names, its documents, and finding actors by name.

These functions take an open connection and never commit: the store wraps them in its own
transactions, so that linking and decisions can use them mid-transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from ..actors.names import name_key
from ..errors import StoreError
from .sql import run

# Which origin wins when one name belongs to several actors: what a person said, then the
# knowledge base, then what was merely seen in a document.
ORIGIN_RANK = {"user": 0, "kb": 1, "seen": 2}

ACTOR_COLUMNS = ("id", "name", "kind", "country", "sector", "wikidata", "kb_id", "merged_into", "created", "updated")


def last_word(key: str) -> str:
    return key.rsplit(" ", 1)[-1]


def resolve(conn: Connection, actor_id: int) -> int:
    """The actor that ``actor_id`` now is, following ``merged_into`` (a chain, since merges can nest)."""
    seen = {actor_id}
    while True:
        row = run(conn, "SELECT merged_into FROM actors WHERE id = ?", actor_id).fetchone()
        if row is None or row[0] is None:
            return actor_id
        actor_id = row[0]
        if actor_id in seen:  # a cycle would be a bug elsewhere; stop rather than spin
            return actor_id
        seen.add(actor_id)


def actor_row(conn: Connection, actor_id: int) -> dict[str, Any] | None:
    row = run(conn, f"SELECT {', '.join(ACTOR_COLUMNS)} FROM actors WHERE id = ?", actor_id).fetchone()
    return None if row is None else dict(zip(ACTOR_COLUMNS, row, strict=True))


def aliases(conn: Connection, actor_id: int) -> list[dict[str, str]]:
    cur = run(conn, "SELECT alias, alias_key, origin FROM actor_aliases WHERE actor_id = ? ORDER BY alias_key",
              actor_id)
    return [{"alias": a, "key": k, "origin": o} for a, k, o in cur]


def documents(conn: Connection, actor_id: int) -> list[dict[str, Any]]:
    """The documents that mention the actor (or an actor merged into it), newest publication first."""
    cur = run(
        conn, "SELECT da.doc_id, da.readout_actor, da.mentions, d.title, d.published, d.source FROM document_actors da"
        " JOIN documents d ON d.id = da.doc_id WHERE da.actor_id = ?"
        " ORDER BY d.published DESC NULLS LAST, d.stored_at, da.doc_id", actor_id)
    names = ("doc_id", "readout_actor", "mentions", "title", "published", "source")
    return [dict(zip(names, row, strict=True)) for row in cur]


def list_actors(conn: Connection, *, kind: str | None = None, search: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    """Actors not merged away, most documents first; ``search`` matches any part of any name."""
    where = ["a.merged_into IS NULL"]
    params: list[Any] = []
    if kind:
        where.append("a.kind = ?")
        params.append(kind)
    if search:
        key = name_key(search)
        where.append("EXISTS (SELECT 1 FROM actor_aliases al WHERE al.actor_id = a.id AND al.alias_key LIKE ?"
                     " ESCAPE '\\') OR lower(a.name) LIKE lower(?) ESCAPE '\\'")
        params += [f"%{_like(key)}%", f"%{_like(search.strip())}%"]
        where[-1] = f"({where[-1]})"
    sql = (f"SELECT {', '.join('a.' + c for c in ACTOR_COLUMNS)},"
           " (SELECT count(DISTINCT doc_id) FROM document_actors da WHERE da.actor_id = a.id) AS n_documents"
           f" FROM actors a WHERE {' AND '.join(where)} ORDER BY n_documents DESC, a.name, a.id")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    cur = run(conn, sql, *params)
    return [dict(zip((*ACTOR_COLUMNS, "documents"), row, strict=True)) for row in cur]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_actor(conn: Connection, ref: str | int) -> int:
    """The actor that ``ref`` names: a store id (``17`` or ``"#17"``), one of its names, or the last
    word of one of its names (a surname).

    A merged actor's id resolves to the actor it was merged into. Raises E503 when nothing matches
    and E502 when a name belongs to several actors (the message lists their ids to choose from).
    """
    text = str(ref).strip()
    number = text[1:] if text.startswith("#") else text
    if number.isdigit():
        if actor_row(conn, int(number)) is None:
            raise StoreError(f"no actor #{number} in the store; list them with `backchannel actors list`",
                             code="E503")
        return resolve(conn, int(number))
    key = name_key(text)
    found = sorted({resolve(conn, actor_id) for (actor_id,) in run(
        conn, "SELECT actor_id FROM actor_aliases WHERE alias_key = ?", key)} if key else set())
    if not found:
        found = sorted({resolve(conn, actor_id) for (actor_id,) in run(
            conn, "SELECT id FROM actors WHERE name = ?", text)})
    if not found and key and " " not in key:  # a surname alone: "show Dmitriev"
        found = sorted({resolve(conn, actor_id) for (actor_id,) in run(
            conn, "SELECT actor_id FROM actor_aliases WHERE last_word = ?", key)})
    if not found:
        raise StoreError(f"no actor named {text!r} in the store; search with `backchannel actors list --search`",
                         code="E503")
    if len(found) > 1:
        ids = ", ".join(f"#{i}" for i in found)
        raise StoreError(f"{text!r} names {len(found)} actors ({ids}); give the number instead", code="E502")
    return found[0]
