"""Linking stored documents to the actor table, frozen as revision ``0001`` runs it.

Revision 0001 (a version-1 store gaining the actor table) links every document already stored. It
used to import ``backchannel.store.linking``, so what the migration did changed whenever linking
changed: an old store upgraded by a later Backchannel would get whatever the linking of the day
ran, against tables that, at revision 0001, are not yet the ones later code expects. This module is
a copy of ``linking.py`` (with the helpers it took from ``actor_table.py`` and ``sql.py``) as it was
when revisions 0001 and 0002 were written; it must not change with the package. Only the name
normalisation (``name_key``, ``split_title``, ``strip_possessive``) is still imported: the alias keys
stored here are looked up later by the live code, so both must compute them alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from backchannel.actors.names import name_key, split_title, strip_possessive

ORIGIN_RANK = {"user": 0, "kb": 1, "seen": 2}


def last_word(key: str) -> str:
    return key.rsplit(" ", 1)[-1]


def _driver_sql(conn: Connection, statement: str) -> str:
    if conn.dialect.paramstyle == "qmark":
        return statement
    return statement.replace("%", "%%").replace("?", "%s")  # psycopg: format / pyformat


def run(conn: Connection, statement: str, *args: Any) -> Any:
    return conn.exec_driver_sql(_driver_sql(conn, statement), tuple(args))


def run_many(conn: Connection, statement: str, rows: Sequence[Sequence[Any]]) -> None:
    values = [tuple(row) for row in rows]
    if values:
        conn.exec_driver_sql(_driver_sql(conn, statement), values)


def resolve(conn: Connection, actor_id: int) -> int:
    seen = {actor_id}
    while True:
        row = run(conn, "SELECT merged_into FROM actors WHERE id = ?", actor_id).fetchone()
        if row is None or row[0] is None:
            return actor_id
        actor_id = row[0]
        if actor_id in seen:
            return actor_id
        seen.add(actor_id)

# Words that are never anybody's name, even capitalised at the start of a sentence.
NOT_NAMES = frozenset("""
i me my mine myself we us our ours ourselves you your yours yourself he him his himself she her hers herself
it its itself they them their theirs themselves one who whom whose this that these those there here
official officials spokesman spokeswoman spokesperson source sources aide aides envoy president minister
government leader leaders authorities author reporter reporters
""".split())


def alias_names(actor: dict[str, Any]) -> list[tuple[str, str]]:
    """The names a readout actor goes by, as ``(alias, key)``: its name first, then each distinct
    named mention. Pronouns, nominals and bare titles are left out; a person's title is dropped."""
    found: list[tuple[str, str]] = []
    keys: set[str] = set()
    for raw in [actor.get("name") or ""] + [m.get("text") or "" for m in actor.get("mentions") or []]:
        alias = clean_name(raw, person=actor.get("kind") == "person")
        if alias is None:
            continue
        key = name_key(alias)
        if key and key not in keys:
            keys.add(key)
            found.append((alias, key))
    return found


def clean_name(text: str, *, person: bool) -> str | None:
    """The name in a mention, or None when the mention is not a name."""
    text = strip_possessive(" ".join(text.split()))
    if text[:4].casefold() == "the ":
        text = text[4:]
    if not text or not text[0].isupper():  # "he", "the president", "officials": not names
        return None
    if person:
        _, rest = split_title(text)
        if not rest:
            return None
        text = rest
    key = name_key(text)
    if not key or key in NOT_NAMES or not any(ch.isalpha() for ch in key):
        return None
    return text


def link_document(conn: Connection, doc_id: str, actors: list[dict[str, Any]], now: str) -> dict[str, int]:
    """Link every actor of a stored document; returns ``{"a1": store_id, …}``.

    Re-saving a document keeps each existing link whose store actor still goes by one of the actor's
    names, so decisions taken since (a split, a merge) are not undone by re-analysis.
    """
    existing = {ref: actor_id for ref, actor_id in run(
        conn, "SELECT readout_actor, actor_id FROM document_actors WHERE doc_id = ?", doc_id)}
    links: dict[str, int] = {}
    for actor in actors:
        ref = str(actor.get("id"))
        names = alias_names(actor)
        store_id: int | None = None
        if ref in existing:
            current = resolve(conn, existing[ref])
            if _still_matches(conn, current, actor, names):
                store_id = current
        if store_id is None:
            store_id = link_actor(conn, actor, names, now)
        if store_id is None:
            continue
        _add_seen(conn, store_id, names)
        count = len(actor.get("mentions") or [])
        run(conn, "INSERT INTO document_actors (doc_id, readout_actor, actor_id, mentions) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(doc_id, readout_actor) DO UPDATE SET actor_id = excluded.actor_id,"
            " mentions = excluded.mentions", doc_id, ref, store_id, count)
        links[ref] = store_id
    stale = [ref for ref in existing if ref not in links]
    run_many(conn, "DELETE FROM document_actors WHERE doc_id = ? AND readout_actor = ?",
             [(doc_id, ref) for ref in stale])
    return links


def _still_matches(conn: Connection, store_id: int, actor: dict[str, Any],
                   names: list[tuple[str, str]]) -> bool:
    row = run(conn, "SELECT wikidata FROM actors WHERE id = ?", store_id).fetchone()
    if row is not None and row[0] and row[0] == actor.get("wikidata"):
        return True
    keys = {key for _, key in names}
    return any(key in keys for (key,) in run(conn, "SELECT alias_key FROM actor_aliases WHERE actor_id = ?",
                                             store_id))


def link_actor(conn: Connection, actor: dict[str, Any], names: list[tuple[str, str]], now: str) -> int | None:
    """The store actor for one readout actor, creating it when none matches. None when the actor has
    neither an id nor a usable name (a cluster of pronouns): such an actor would match nothing later."""
    kind = str(actor.get("kind") or "other")
    wikidata, kb_id = actor.get("wikidata") or None, actor.get("kb_id") or None
    store_id = None
    for column, value in (("wikidata", wikidata), ("kb_id", kb_id)):
        if store_id is None and value:
            row = run(conn, f"SELECT id FROM actors WHERE {column} = ? ORDER BY merged_into IS NOT NULL, id",
                      value).fetchone()
            store_id = None if row is None else resolve(conn, row[0])
    if store_id is None:
        store_id = _by_name(conn, kind, names, wikidata, kb_id)
    if store_id is None:
        if not names and not wikidata and not kb_id:
            return None
        name = names[0][0] if names else str(actor.get("name") or wikidata or kb_id)
        new_id: int = run(conn, "INSERT INTO actors (name, kind, country, sector, wikidata, kb_id, created, updated)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          name, kind, actor.get("country"), actor.get("sector"), wikidata, kb_id, now, now).scalar_one()
        return new_id
    _complete(conn, store_id, actor, names, now)
    return store_id


def _by_name(conn: Connection, kind: str, names: list[tuple[str, str]], wikidata: str | None,
             kb_id: str | None) -> int | None:
    if kind == "person":
        return _person_by_name(conn, names, wikidata, kb_id)
    for _, key in names:
        rows = run(
            conn, "SELECT a.id, a.wikidata, a.kb_id, al.origin FROM actor_aliases al"
            " JOIN actors a ON a.id = al.actor_id"
            " WHERE al.alias_key = ? AND a.kind = ? AND a.merged_into IS NULL", key, kind).fetchall()
        best = _best(rows, wikidata, kb_id)
        if best is not None:
            return best
    return None


def _person_by_name(conn: Connection, names: list[tuple[str, str]], wikidata: str | None,
                    kb_id: str | None) -> int | None:
    full = [key for _, key in names if " " in key]
    for key in full:
        rows = run(
            conn, "SELECT a.id, a.wikidata, a.kb_id, al.origin FROM actor_aliases al"
            " JOIN actors a ON a.id = al.actor_id"
            " WHERE al.alias_key = ? AND a.kind = 'person' AND a.merged_into IS NULL", key).fetchall()
        best = _best(rows, wikidata, kb_id)
        if best is not None:
            return best
    if full:
        # A new full name joins only a person known by the bare surname so far.
        surname = last_word(full[0])
        rows = run(
            conn, "SELECT a.id, a.wikidata, a.kb_id, al.origin FROM actor_aliases al"
            " JOIN actors a ON a.id = al.actor_id"
            " WHERE al.alias_key = ? AND a.kind = 'person' AND a.merged_into IS NULL AND NOT EXISTS ("
            "  SELECT 1 FROM actor_aliases o WHERE o.actor_id = a.id AND o.last_word = ? AND o.alias_key != ?)",
            surname, surname, surname).fetchall()
        return _only(rows, wikidata, kb_id)
    for _, key in names:
        # A person's word settles it: a surname someone gave to one actor (by alias or split) is that actor's.
        rows = run(
            conn, "SELECT a.id, a.wikidata, a.kb_id, al.origin FROM actor_aliases al"
            " JOIN actors a ON a.id = al.actor_id"
            " WHERE al.alias_key = ? AND al.origin = 'user' AND a.kind = 'person' AND a.merged_into IS NULL",
            key).fetchall()
        only = _only(rows, wikidata, kb_id)
        if only is not None:
            return only
        rows = run(
            conn, "SELECT DISTINCT a.id, a.wikidata, a.kb_id, 'seen' FROM actor_aliases al"
            " JOIN actors a ON a.id = al.actor_id WHERE (al.alias_key = ? OR al.last_word = ?)"
            " AND a.kind = 'person' AND a.merged_into IS NULL", key, key).fetchall()
        only = _only(rows, wikidata, kb_id)
        if only is not None:
            return only
    return None


def _compatible(rows: Sequence[Any], wikidata: str | None, kb_id: str | None) -> list[Any]:
    """Drop candidates whose fixed identity (Wikidata or KB id) says they are someone else."""
    return [r for r in rows if not (wikidata and r[1] and r[1] != wikidata) and not (kb_id and r[2] and r[2] != kb_id)]


def _best(rows: Sequence[Any], wikidata: str | None, kb_id: str | None) -> int | None:
    rows = _compatible(rows, wikidata, kb_id)
    if not rows:
        return None
    best: int = min(rows, key=lambda r: (ORIGIN_RANK.get(r[3], 9), r[0]))[0]
    return best


def _only(rows: Sequence[Any], wikidata: str | None, kb_id: str | None) -> int | None:
    ids = {r[0] for r in _compatible(rows, wikidata, kb_id)}
    return ids.pop() if len(ids) == 1 else None


def _complete(conn: Connection, store_id: int, actor: dict[str, Any], names: list[tuple[str, str]],
              now: str) -> None:
    """Fill what the store actor lacks from what this document knows; a surname-only name grows to the
    full name once one is seen."""
    row = run(conn, "SELECT name FROM actors WHERE id = ?", store_id).one()
    name = row[0]
    if names and " " not in name_key(name) and " " in names[0][1] and last_word(names[0][1]) == name_key(name):
        name = names[0][0]
    run(conn, "UPDATE actors SET name = ?, country = coalesce(country, ?), sector = coalesce(sector, ?),"
        " wikidata = coalesce(wikidata, ?), kb_id = coalesce(kb_id, ?), updated = ? WHERE id = ?",
        name, actor.get("country"), actor.get("sector"), actor.get("wikidata") or None,
        actor.get("kb_id") or None, now, store_id)


def _add_seen(conn: Connection, store_id: int, names: list[tuple[str, str]]) -> None:
    run_many(conn, "INSERT INTO actor_aliases (actor_id, alias, alias_key, last_word, origin)"
             " VALUES (?, ?, ?, ?, 'seen') ON CONFLICT(actor_id, alias_key) DO NOTHING",
             [(store_id, alias, key, last_word(key)) for alias, key in names])
