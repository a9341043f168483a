"""Decisions people take about actors — alias, unalias, merge, split, revert — each kept as a row.

Every decision changes the actor table and writes an ``actor_decisions`` row in the caller's
transaction, with a payload that says exactly what moved, so a reviewer can read it and ``revert``
can undo it. Links and aliases always sit on actors that are not merged away; merges keep the
merged row (with ``merged_into``) so that old ids still resolve.

These functions take an open connection inside a transaction and never commit.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection

from ..actors.names import name_key
from ..errors import StoreError
from .actor_table import actor_row, last_word, resolve
from .linking import alias_names
from .sql import run, run_many

DECISION_COLUMNS = ("id", "at", "kind", "payload", "who", "reason", "reverted_by")


def refused(message: str) -> StoreError:
    return StoreError(message, code="E502")


def _actor(conn: Connection, actor_id: int) -> dict[str, Any]:
    row = actor_row(conn, resolve(conn, actor_id))
    if row is None:
        raise StoreError(f"no actor #{actor_id} in the store; list them with `backchannel actors list`", code="E503")
    return row


def _record(conn: Connection, kind: str, payload: dict[str, Any], who: str, reason: str | None,
            now: str) -> dict[str, Any]:
    decision_id = run(conn, "INSERT INTO actor_decisions (at, kind, payload, who, reason) VALUES (?, ?, ?, ?, ?)"
                      " RETURNING id", now, kind, json.dumps(payload, ensure_ascii=False), who, reason).scalar_one()
    return {"id": decision_id, "at": now, "kind": kind, "payload": payload, "who": who, "reason": reason,
            "reverted_by": None}


def decision_rows(conn: Connection, actor_id: int | None = None) -> list[dict[str, Any]]:
    """All decisions, oldest first; with ``actor_id``, those that touched that actor."""
    out = []
    for row in run(conn, f"SELECT {', '.join(DECISION_COLUMNS)} FROM actor_decisions ORDER BY id"):
        item = dict(zip(DECISION_COLUMNS, row, strict=True))
        item["payload"] = json.loads(item["payload"])
        if actor_id is None or actor_id in item["payload"].get("actors", []):
            out.append(item)
    return out


def _alias_key(alias: str) -> str:
    key = name_key(alias)
    if not key or not any(ch.isalpha() for ch in key):
        raise refused(f"{alias!r} is not a name (no letters once punctuation and case are dropped)")
    return key


def _alias_row(conn: Connection, actor_id: int, key: str) -> tuple[str, str] | None:
    """The actor's alias with this key and its origin ('user', 'seen', …), or None."""
    row = run(conn, "SELECT alias, origin FROM actor_aliases WHERE actor_id = ? AND alias_key = ?",
                       actor_id, key).fetchone()
    return None if row is None else (row[0], row[1])


def _links(conn: Connection, actor_id: int) -> list[tuple[str, str]]:
    """The actor's (document, readout actor) links, in a stable order."""
    return [(doc, ref) for doc, ref in run(conn, "SELECT doc_id, readout_actor FROM document_actors WHERE"
                                                    " actor_id = ? ORDER BY doc_id, readout_actor", actor_id)]


def has_user_alias(conn: Connection, actor_id: int, alias: str) -> bool:
    row = _alias_row(conn, resolve(conn, actor_id), name_key(alias))
    return row is not None and row[1] == "user"


def add_alias(conn: Connection, actor_id: int, alias: str, *, who: str, reason: str | None,
              now: str) -> dict[str, Any]:
    """Say that ``alias`` names the actor; later documents using it link to this actor first."""
    actor = _actor(conn, actor_id)
    alias = " ".join(alias.split())
    key = _alias_key(alias)
    row = _alias_row(conn, actor["id"], key)
    if row is not None and row[1] == "user":
        raise refused(f"#{actor['id']} {actor['name']} already has the alias {alias!r}")
    run(conn, "INSERT INTO actor_aliases (actor_id, alias, alias_key, last_word, origin) VALUES (?, ?, ?, ?, 'user')"
                 " ON CONFLICT(actor_id, alias_key) DO UPDATE SET origin = 'user', alias = excluded.alias",
                 actor["id"], alias, key, last_word(key))
    payload = {"actors": [actor["id"]], "actor": actor["id"], "alias": alias, "key": key,
               "previous_origin": None if row is None else row[1]}
    return _record(conn, "alias", payload, who, reason, now)


def unalias(conn: Connection, actor_id: int, alias: str, *, who: str, reason: str | None,
            now: str) -> dict[str, Any]:
    """Say that ``alias`` does not name the actor: later documents no longer link by it."""
    actor = _actor(conn, actor_id)
    key = _alias_key(alias)
    row = _alias_row(conn, actor["id"], key)
    if row is None:
        raise refused(f"#{actor['id']} {actor['name']} has no alias {alias!r}; see `backchannel actors show "
                      f"{actor['id']}`")
    run(conn, "DELETE FROM actor_aliases WHERE actor_id = ? AND alias_key = ?", actor["id"], key)
    payload = {"actors": [actor["id"]], "actor": actor["id"], "alias": row[0], "key": key, "origin": row[1]}
    return _record(conn, "unalias", payload, who, reason, now)


def merge(conn: Connection, keep_id: int, other_id: int, *, who: str, reason: str | None,
          now: str) -> dict[str, Any]:
    """Merge ``other`` into ``keep``: its document links and aliases move, and it points at ``keep``.

    Refused (E502) when both carry different Wikidata ids: those are fixed identities, and two of
    them cannot be one actor.
    """
    keep, other = _actor(conn, keep_id), _actor(conn, other_id)
    if keep["id"] == other["id"]:
        raise refused(f"#{keep_id} and #{other_id} are already the same actor (#{keep['id']})")
    if keep["wikidata"] and other["wikidata"] and keep["wikidata"] != other["wikidata"]:
        raise refused(f"#{keep['id']} is {keep['wikidata']} and #{other['id']} is {other['wikidata']} on Wikidata"
                      " (fixed identities); add an alias instead if one name is used for both")
    links = _links(conn, other["id"])
    keep_keys = {k for (k,) in run(conn, "SELECT alias_key FROM actor_aliases WHERE actor_id = ?", keep["id"])}
    moved: list[list[str]] = []
    dropped: list[list[str]] = []
    for alias, key, origin in run(conn, "SELECT alias, alias_key, origin FROM actor_aliases WHERE actor_id = ?",
                                           other["id"]).fetchall():
        (dropped if key in keep_keys else moved).append([alias, key, origin])
    run(conn, "UPDATE document_actors SET actor_id = ? WHERE actor_id = ?", keep["id"], other["id"])
    run(conn, "DELETE FROM actor_aliases WHERE actor_id = ? AND alias_key IN (SELECT alias_key FROM actor_aliases"
                 " WHERE actor_id = ?)", other["id"], keep["id"])
    run(conn, "UPDATE actor_aliases SET actor_id = ? WHERE actor_id = ?", keep["id"], other["id"])
    run(conn, "UPDATE actors SET wikidata = coalesce(wikidata, ?), kb_id = coalesce(kb_id, ?),"
                 " country = coalesce(country, ?), sector = coalesce(sector, ?), updated = ? WHERE id = ?",
                 other["wikidata"], other["kb_id"], other["country"], other["sector"], now, keep["id"])
    run(conn, "UPDATE actors SET merged_into = ?, updated = ? WHERE id = ?", keep["id"], now, other["id"])
    payload = {"actors": [keep["id"], other["id"]], "keep": keep["id"], "other": other["id"],
               "keep_before": {k: keep[k] for k in ("wikidata", "kb_id", "country", "sector")},
               "documents": [list(link) for link in links], "aliases_moved": moved, "aliases_dropped": dropped}
    return _record(conn, "merge", payload, who, reason, now)


def split(conn: Connection, actor_id: int, what: str, *, who: str, reason: str | None,
          now: str) -> dict[str, Any]:
    """Move an alias, and the documents whose mentions used it, to a new actor. ``what`` may instead be
    a document id (or an unambiguous prefix of at least 8 characters): that document's link moves."""
    actor = _actor(conn, actor_id)
    docs = _linked_document(conn, actor["id"], what)
    if docs:
        return _split_document(conn, actor, docs, who=who, reason=reason, now=now)
    key = _alias_key(what)
    row = _alias_row(conn, actor["id"], key)
    if row is None:
        raise refused(f"#{actor['id']} {actor['name']} has neither the alias nor the document {what!r}; see "
                      f"`backchannel actors show {actor['id']}`")
    alias, origin = row
    links = [link for link in _links(conn, actor["id"]) if key in _keys_in_readout(conn, *link)]
    new_id = _new_actor(conn, alias, actor["kind"], now)
    run(conn, "UPDATE actor_aliases SET actor_id = ?, origin = 'user' WHERE actor_id = ? AND alias_key = ?",
                 new_id, actor["id"], key)
    _move_links(conn, links, new_id)
    name = actor["name"]
    if name_key(name) == key:  # the actor was called by the name that left; call it by another
        rest = run(conn, "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY origin = 'user' DESC,"
                            " length(alias) DESC LIMIT 1", actor["id"]).fetchone()
        if rest is not None:
            run(conn, "UPDATE actors SET name = ?, updated = ? WHERE id = ?", rest[0], now, actor["id"])
    payload = {"actors": [actor["id"], new_id], "actor": actor["id"], "new_actor": new_id, "alias": alias,
               "key": key, "previous_origin": origin, "previous_name": name,
               "documents": [list(link) for link in links]}
    return _record(conn, "split", payload, who, reason, now)


def _linked_document(conn: Connection, actor_id: int, what: str) -> list[tuple[str, str]]:
    text = what.strip().lower()
    if len(text) < 8 or any(ch not in "0123456789abcdef" for ch in text):
        return []
    rows = run(conn, "SELECT doc_id, readout_actor FROM document_actors WHERE actor_id = ? AND doc_id LIKE ?"
                        " ORDER BY doc_id, readout_actor", actor_id, text + "%").fetchall()
    if len({doc for doc, _ in rows}) > 1:
        raise refused(f"{what!r} starts {len({doc for doc, _ in rows})} documents of #{actor_id}; give more of the id")
    return [(doc, ref) for doc, ref in rows]


def _split_document(conn: Connection, actor: dict[str, Any], links: list[tuple[str, str]], *, who: str,
                    reason: str | None, now: str) -> dict[str, Any]:
    readout_actor = _readout_actor(conn, *links[0]) or {}
    names = alias_names({**readout_actor, "kind": actor["kind"]})
    new_id = _new_actor(conn, names[0][0] if names else actor["name"], actor["kind"], now)
    run_many(conn, "INSERT INTO actor_aliases (actor_id, alias, alias_key, last_word, origin)"
                     " VALUES (?, ?, ?, ?, 'seen') ON CONFLICT(actor_id, alias_key) DO NOTHING",
                     [(new_id, alias, key, last_word(key)) for alias, key in names])
    _move_links(conn, links, new_id)
    payload = {"actors": [actor["id"], new_id], "actor": actor["id"], "new_actor": new_id, "document": links[0][0],
               "previous_name": actor["name"], "documents": [list(link) for link in links]}
    return _record(conn, "split", payload, who, reason, now)


def _new_actor(conn: Connection, name: str, kind: str, now: str) -> int:
    new_id: int = run(conn, "INSERT INTO actors (name, kind, created, updated) VALUES (?, ?, ?, ?) RETURNING id",
                      name, kind, now, now).scalar_one()
    return new_id


def _move_links(conn: Connection, links: list[tuple[str, str]], actor_id: int) -> None:
    run_many(conn, "UPDATE document_actors SET actor_id = ? WHERE doc_id = ? AND readout_actor = ?",
                     [(actor_id, doc, ref) for doc, ref in links])


def _readout_actor(conn: Connection, doc_id: str, ref: str) -> dict[str, Any] | None:
    row = run(conn, "SELECT readout FROM readouts WHERE doc_id = ?", doc_id).fetchone()
    if row is None:
        return None
    actors: list[dict[str, Any]] = json.loads(row[0]).get("actors", [])
    return next((a for a in actors if a.get("id") == ref), None)


def _keys_in_readout(conn: Connection, doc_id: str, ref: str) -> set[str]:
    actor = _readout_actor(conn, doc_id, ref)
    return set() if actor is None else {key for _, key in alias_names(actor)}


def revert(conn: Connection, decision_id: int, *, who: str, reason: str | None, now: str) -> dict[str, Any]:
    """Undo a decision, recorded as a decision of its own. Refused (E502) when it was already reverted,
    is itself a revert, or a later decision touched the same actors (revert that one first)."""
    decisions = {d["id"]: d for d in decision_rows(conn)}
    decision = decisions.get(decision_id)
    if decision is None:
        raise refused(f"no decision #{decision_id}; list them with `backchannel actors decisions`")
    if decision["reverted_by"] is not None:
        raise refused(f"decision #{decision_id} was already reverted by #{decision['reverted_by']}")
    if decision["kind"] == "revert":
        raise refused(f"decision #{decision_id} is a revert; take the decision again instead")
    payload = decision["payload"]
    touched = set(payload["actors"])
    for later in decisions.values():
        if later["id"] > decision_id and later["reverted_by"] is None and later["kind"] != "revert" \
                and touched & set(later["payload"].get("actors", [])):
            raise refused(f"decision #{later['id']} came later and touches the same actors; revert it first")
    _UNDO[decision["kind"]](conn, payload, now)
    record = _record(conn, "revert", {"actors": sorted(touched), "decision": decision_id}, who, reason, now)
    run(conn, "UPDATE actor_decisions SET reverted_by = ? WHERE id = ?", record["id"], decision_id)
    return record


def _undo_alias(conn: Connection, p: dict[str, Any], now: str) -> None:
    if p["previous_origin"] is None:
        run(conn, "DELETE FROM actor_aliases WHERE actor_id = ? AND alias_key = ?", p["actor"], p["key"])
    else:
        run(conn, "UPDATE actor_aliases SET origin = ? WHERE actor_id = ? AND alias_key = ?",
                     p["previous_origin"], p["actor"], p["key"])


def _undo_unalias(conn: Connection, p: dict[str, Any], now: str) -> None:
    run(conn, "INSERT INTO actor_aliases (actor_id, alias, alias_key, last_word, origin) VALUES (?, ?, ?, ?, ?)"
                 " ON CONFLICT(actor_id, alias_key) DO UPDATE SET origin = excluded.origin",
                 p["actor"], p["alias"], p["key"], last_word(p["key"]), p["origin"])


def _undo_merge(conn: Connection, p: dict[str, Any], now: str) -> None:
    keep, other = p["keep"], p["other"]
    run(conn, "UPDATE actors SET merged_into = NULL, updated = ? WHERE id = ?", now, other)
    _move_links(conn, [(doc, ref) for doc, ref in p["documents"]], other)
    run_many(conn, "UPDATE actor_aliases SET actor_id = ? WHERE actor_id = ? AND alias_key = ?",
                     [(other, keep, key) for _, key, _ in p["aliases_moved"]])
    run_many(conn, "INSERT INTO actor_aliases (actor_id, alias, alias_key, last_word, origin) VALUES (?, ?, ?, ?, ?)"
                     " ON CONFLICT(actor_id, alias_key) DO NOTHING",
                     [(other, alias, key, last_word(key), origin) for alias, key, origin in p["aliases_dropped"]])
    before = p["keep_before"]
    run(conn, "UPDATE actors SET wikidata = ?, kb_id = ?, country = ?, sector = ?, updated = ? WHERE id = ?",
                 before["wikidata"], before["kb_id"], before["country"], before["sector"], now, keep)


def _undo_split(conn: Connection, p: dict[str, Any], now: str) -> None:
    """The new actor goes back into the old one, with whatever linked to it since."""
    old, new = p["actor"], p["new_actor"]
    run(conn, "UPDATE document_actors SET actor_id = ? WHERE actor_id = ?", old, new)
    if "key" in p:
        run(conn, "UPDATE actor_aliases SET actor_id = ?, origin = ? WHERE actor_id = ? AND alias_key = ?",
                     old, p["previous_origin"], new, p["key"])
    run(conn, "DELETE FROM actor_aliases WHERE actor_id = ? AND alias_key IN (SELECT alias_key FROM actor_aliases"
                 " WHERE actor_id = ?)", new, old)
    run(conn, "UPDATE actor_aliases SET actor_id = ? WHERE actor_id = ?", old, new)
    run(conn, "UPDATE actors SET merged_into = ?, updated = ? WHERE id = ?", old, now, new)
    run(conn, "UPDATE actors SET name = ?, updated = ? WHERE id = ?", p["previous_name"], now, old)


_UNDO = {"alias": _undo_alias, "unalias": _undo_unalias, "merge": _undo_merge, "split": _undo_split}
