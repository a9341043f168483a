"""Linking a document's actors to the store's actor table, so an actor met once is known again.

Called by ``Store.put`` inside the transaction that writes the document, so a crash leaves
neither a document without its links nor links without their document. For each readout actor the
store actor is found by, in order: Wikidata id, knowledge-base id, then (same kind) one of its names.
Only names become aliases: pronouns and nominals ("he", "the president") would join unrelated people
across documents, so lower-case mentions, titles alone and a stop list are never used. A person's
lone surname links only when exactly one stored person carries it, and a full name that is not
known does not join a person known by another full name with the same surname ("Alexei Dmitriev" is
not "Kirill Dmitriev"). What matches nothing becomes a new store actor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

from ..actors.names import name_key, split_title, strip_possessive
from .actor_table import ORIGIN_RANK, last_word
from .sql import insert_rows, is_in, run, run_many, update_rows
from .tables import actor_aliases, document_actors
from .tables import actors as actors_table

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
    publication = actor.get("kind") == "organization" and actor.get("sector") == "JRN"
    for raw in [actor.get("name") or ""] + [m.get("text") or "" for m in actor.get("mentions") or []]:
        alias = clean_name(raw, person=actor.get("kind") == "person", publication=publication)
        if alias is None:
            continue
        key = name_key(alias)
        if key and key not in keys:
            keys.add(key)
            found.append((alias, key))
    return found


def clean_name(text: str, *, person: bool, publication: bool = False) -> str | None:
    """The name in a mention, or None when the mention is not a name.

    A name starts with a capital, except a publication's written in lower case after "the" ("the i":
    ``publication`` is set for an organisation in the media sector), which is its name as written ("i"),
    not the pronoun nor a nominal ("the president").
    """
    text = strip_possessive(" ".join(text.split()))
    article = text[:4].casefold() == "the "
    if article:
        text = text[4:]
    as_written = publication and article and bool(text) and " " not in text
    if not text or not (text[0].isupper() or as_written):  # "he", "the president", "officials": not names
        return None
    if person:
        _, rest = split_title(text)
        if not rest:
            return None
        text = rest
    key = name_key(text)
    if not key or (key in NOT_NAMES and not as_written) or not any(ch.isalpha() for ch in key):
        return None
    return text


# Actor row fields kept in the snapshot, in this order.
_NAME, _KIND, _COUNTRY, _SECTOR, _WIKIDATA, _KB_ID, _MERGED = range(7)
_ACTOR_FIELDS = "id, name, kind, country, sector, wikidata, kb_id, merged_into"
_CHUNK = 500  # values per IN list (SQLite allows 32,766 bound values, PostgreSQL 65,535)


def _chunks(values: Iterable[Any]) -> list[list[Any]]:
    ordered = sorted(set(values), key=str)
    return [ordered[i:i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]


class _Snapshot:
    """The actor rows and alias rows that linking one document can read, loaded in a few queries and
    kept in step with what linking writes.

    Complete for what linking asks: every alias whose key is one of ``keys`` or whose last word is one
    of ``words``, every actor with one of the document's Wikidata or KB ids, and every actor such an
    alias or an existing link names (followed along ``merged_into`` on demand)."""

    def __init__(self, conn: Connection, keys: set[str], words: set[str], wikidata: set[str], kb_ids: set[str],
                 actor_ids: set[int]) -> None:
        self.conn = conn
        self.actors: dict[int, list[Any]] = {}
        self.missing: set[int] = set()
        self.by_key: dict[str, dict[int, str]] = {}  # alias_key -> {actor_id: origin}, for keys in ``keys``
        self.by_word: dict[str, set[tuple[int, str]]] = {}  # last_word -> {(actor_id, alias_key)}
        self.dirty: dict[int, None] = {}  # completed actors, in order
        self.new_aliases: list[tuple[int, str, str, str]] = []
        for key in keys:
            self.by_key[key] = {}
        for word in words:
            self.by_word[word] = set()
        names = sorted(keys | words)
        if len(names) * 2 + len(wikidata) + len(kb_ids) + len(actor_ids) <= _CHUNK * 4:
            self._load_at_once(names, wikidata, kb_ids, actor_ids)
            return
        ids = set(actor_ids)
        for chunk in _chunks(names):
            by_key, key_values = is_in(conn, "alias_key", chunk)
            by_word, word_values = is_in(conn, "last_word", chunk)
            for actor_id, key, word, origin in run(
                    conn, "SELECT actor_id, alias_key, last_word, origin FROM actor_aliases"
                    f" WHERE {by_key} OR {by_word}",
                    *key_values, *word_values):
                self._alias(actor_id, key, word, origin)
                ids.add(actor_id)
        for column, values in (("wikidata", wikidata), ("kb_id", kb_ids)):
            for chunk in _chunks(values):
                where, bound = is_in(conn, column, chunk)
                self._load(run(conn, f"SELECT {_ACTOR_FIELDS} FROM actors WHERE {where}", *bound))
        self.fetch(ids)

    def _load_at_once(self, names: list[str], wikidata: set[str], kb_ids: set[str], actor_ids: set[int]) -> None:
        """The usual case, two statements: the aliases, then every actor they or the ids name."""
        by_key, key_values = is_in(self.conn, "alias_key", names)
        by_word, word_values = is_in(self.conn, "last_word", names)
        aliases = f"actor_aliases WHERE {by_key} OR {by_word}" if names else None
        for actor_id, key, word, origin in run(
                self.conn, f"SELECT actor_id, alias_key, last_word, origin FROM {aliases}",
                *key_values, *word_values) if aliases else []:
            self._alias(actor_id, key, word, origin)
        where, bound = [], []
        if aliases:
            where.append(f"id IN (SELECT actor_id FROM {aliases})")
            bound += [*key_values, *word_values]
        for column, values in (("wikidata", wikidata), ("kb_id", kb_ids), ("id", actor_ids)):
            if values:
                condition, more = is_in(self.conn, column, sorted(values, key=str))
                where.append(condition)
                bound += more
        if where:
            self._load(run(self.conn, f"SELECT {_ACTOR_FIELDS} FROM actors WHERE {' OR '.join(where)}", *bound))
        self.missing.update(i for i in actor_ids if i not in self.actors)

    def _alias(self, actor_id: int, key: str, word: str, origin: str) -> None:
        if key in self.by_key:
            self.by_key[key][actor_id] = origin
        if word in self.by_word:
            self.by_word[word].add((actor_id, key))

    def _load(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.actors[row[0]] = list(row[1:])

    def fetch(self, ids: Iterable[int]) -> None:
        """Load the actor rows of ``ids`` not loaded yet."""
        wanted = [i for i in set(ids) if i not in self.actors and i not in self.missing]
        for chunk in _chunks(wanted):
            where, bound = is_in(self.conn, "id", chunk)
            self._load(run(self.conn, f"SELECT {_ACTOR_FIELDS} FROM actors WHERE {where}", *bound))
            self.missing.update(i for i in chunk if i not in self.actors)

    def row(self, actor_id: int) -> list[Any] | None:
        if actor_id not in self.actors and actor_id not in self.missing:
            self.fetch([actor_id])
        return self.actors.get(actor_id)

    def resolve(self, actor_id: int) -> int:
        """``actor_table.resolve`` on the snapshot: follow ``merged_into`` (stopping on a cycle)."""
        seen = {actor_id}
        while True:
            row = self.row(actor_id)
            if row is None or row[_MERGED] is None:
                return actor_id
            actor_id = row[_MERGED]
            if actor_id in seen:
                return actor_id
            seen.add(actor_id)

    def first_with(self, field: int, value: str) -> int | None:
        """``SELECT id FROM actors WHERE <field> = value ORDER BY merged_into IS NOT NULL, id``, first row."""
        found = [(row[_MERGED] is not None, actor_id) for actor_id, row in self.actors.items() if row[field] == value]
        return min(found)[1] if found else None

    def candidates(self, key: str, kind: str, origin: str | None = None) -> list[tuple[int, Any, Any, str]]:
        """``(id, wikidata, kb_id, origin)`` of the actors not merged away, of ``kind``, with the alias ``key``."""
        found = []
        for actor_id, alias_origin in self.by_key.get(key, {}).items():
            row = self.actors[actor_id]
            if row[_KIND] == kind and row[_MERGED] is None and (origin is None or alias_origin == origin):
                found.append((actor_id, row[_WIKIDATA], row[_KB_ID], alias_origin))
        return sorted(found)

    def has_alias(self, actor_id: int, key: str) -> bool:
        return actor_id in self.by_key.get(key, {})

    def add_alias(self, actor_id: int, alias: str, key: str) -> None:
        """``INSERT … ON CONFLICT DO NOTHING`` of a 'seen' alias, written by ``flush``."""
        if self.has_alias(actor_id, key):
            return
        word = last_word(key)
        self._alias(actor_id, key, word, "seen")
        self.new_aliases.append((actor_id, alias, key, word))

    def insert_actor(self, name: str, kind: str, country: Any, sector: Any, wikidata: str | None,
                     kb_id: str | None, now: str) -> int:
        new_id: int = run(self.conn, "INSERT INTO actors (name, kind, country, sector, wikidata, kb_id, created,"
                          " updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          name, kind, country, sector, wikidata, kb_id, now, now).scalar_one()
        self.actors[new_id] = [name, kind, country, sector, wikidata, kb_id, None]
        self.missing.discard(new_id)
        return new_id

    def flush(self, now: str) -> None:
        """Write the completed actors (one ``UPDATE … FROM (VALUES …)``) and the new aliases."""
        update_rows(self.conn, actors_table, "id", ("name", "country", "sector", "wikidata", "kb_id"),
                    [(actor_id, *(row[field] for field in (_NAME, _COUNTRY, _SECTOR, _WIKIDATA, _KB_ID)))
                     for actor_id in self.dirty for row in [self.actors[actor_id]]], "updated = ?", now)
        insert_rows(self.conn, actor_aliases, ("actor_id", "alias", "alias_key", "last_word", "origin"),
                    [(*alias, "seen") for alias in self.new_aliases], "ON CONFLICT (actor_id, alias_key) DO NOTHING")


def link_document(conn: Connection, doc_id: str, actors: list[dict[str, Any]], now: str,
                  new: bool = False) -> dict[str, int]:
    """Link every actor of a stored document; returns ``{"a1": store_id, …}``. ``new``: the document was
    stored in this transaction, so it has no links yet.

    Re-saving a document keeps each existing link whose store actor still goes by one of the actor's
    names, so decisions taken since (a split, a merge) are not undone by re-analysis.
    """
    existing: dict[str, int] = {} if new else {ref: actor_id for ref, actor_id in run(
        conn, "SELECT readout_actor, actor_id FROM document_actors WHERE doc_id = ?", doc_id)}
    named = [(actor, alias_names(actor)) for actor in actors]
    keys: set[str] = set()
    words: set[str] = set()
    for actor, names in named:
        keys.update(key for _, key in names)
        if actor.get("kind") == "person":
            full = [key for _, key in names if " " in key]
            words.update([last_word(full[0])] if full else [key for _, key in names])
    keys |= words
    snapshot = _Snapshot(conn, keys, words, {str(a["wikidata"]) for a, _ in named if a.get("wikidata")},
                         {str(a["kb_id"]) for a, _ in named if a.get("kb_id")}, set(existing.values()))
    links: dict[str, int] = {}
    rows: list[tuple[str, str, int, int]] = []
    for actor, names in named:
        ref = str(actor.get("id"))
        store_id: int | None = None
        if ref in existing:
            current = snapshot.resolve(existing[ref])
            if _still_matches(snapshot, current, actor, names):
                store_id = current
        if store_id is None:
            store_id = link_actor(snapshot, actor, names, now)
        if store_id is None:
            continue
        for alias, key in names:
            snapshot.add_alias(store_id, alias, key)
        rows.append((doc_id, ref, store_id, len(actor.get("mentions") or [])))
        links[ref] = store_id
    snapshot.flush(now)
    insert_rows(conn, document_actors, ("doc_id", "readout_actor", "actor_id", "mentions"),
                list({row[1]: row for row in rows}.values()),  # one row per readout actor: the last one wins
                "ON CONFLICT (doc_id, readout_actor) DO UPDATE SET actor_id = excluded.actor_id,"
                " mentions = excluded.mentions")
    stale = [ref for ref in existing if ref not in links]
    run_many(conn, "DELETE FROM document_actors WHERE doc_id = ? AND readout_actor = ?",
             [(doc_id, ref) for ref in stale])
    return links


def _still_matches(snapshot: _Snapshot, store_id: int, actor: dict[str, Any],
                   names: list[tuple[str, str]]) -> bool:
    row = snapshot.row(store_id)
    if row is not None and row[_WIKIDATA] and row[_WIKIDATA] == actor.get("wikidata"):
        return True
    return any(snapshot.has_alias(store_id, key) for _, key in names)


def link_actor(snapshot: _Snapshot, actor: dict[str, Any], names: list[tuple[str, str]], now: str) -> int | None:
    """The store actor for one readout actor, creating it when none matches. None when the actor has
    neither an id nor a usable name (a cluster of pronouns): such an actor would match nothing later."""
    kind = str(actor.get("kind") or "other")
    wikidata, kb_id = actor.get("wikidata") or None, actor.get("kb_id") or None
    store_id = None
    for field, value in ((_WIKIDATA, wikidata), (_KB_ID, kb_id)):
        if store_id is None and value:
            first = snapshot.first_with(field, value)
            store_id = None if first is None else snapshot.resolve(first)
    if store_id is None:
        store_id = _by_name(snapshot, kind, names, wikidata, kb_id)
    if store_id is None:
        if not names and not wikidata and not kb_id:
            return None
        name = names[0][0] if names else str(actor.get("name") or wikidata or kb_id)
        return snapshot.insert_actor(name, kind, actor.get("country"), actor.get("sector"), wikidata, kb_id, now)
    _complete(snapshot, store_id, actor, names)
    return store_id


def _by_name(snapshot: _Snapshot, kind: str, names: list[tuple[str, str]], wikidata: str | None,
             kb_id: str | None) -> int | None:
    if kind == "person":
        return _person_by_name(snapshot, names, wikidata, kb_id)
    for _, key in names:
        best = _best(snapshot.candidates(key, kind), wikidata, kb_id)
        if best is not None:
            return best
    return None


def _person_by_name(snapshot: _Snapshot, names: list[tuple[str, str]], wikidata: str | None,
                    kb_id: str | None) -> int | None:
    full = [key for _, key in names if " " in key]
    for key in full:
        best = _best(snapshot.candidates(key, "person"), wikidata, kb_id)
        if best is not None:
            return best
    if full:
        # A new full name joins only a person known by the bare surname so far.
        surname = last_word(full[0])
        rows = [row for row in snapshot.candidates(surname, "person")
                if not any(actor_id == row[0] and key != surname for actor_id, key in snapshot.by_word[surname])]
        return _only(rows, wikidata, kb_id)
    for _, key in names:
        # A person's word settles it: a surname someone gave to one actor (by alias or split) is that actor's.
        only = _only(snapshot.candidates(key, "person", origin="user"), wikidata, kb_id)
        if only is not None:
            return only
        by_word = {actor_id for actor_id, _ in snapshot.by_word[key]}
        rows = [(actor_id, row[_WIKIDATA], row[_KB_ID], "seen")
                for actor_id in sorted(set(snapshot.by_key[key]) | by_word) for row in [snapshot.actors[actor_id]]
                if row[_KIND] == "person" and row[_MERGED] is None]
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


def _complete(snapshot: _Snapshot, store_id: int, actor: dict[str, Any], names: list[tuple[str, str]]) -> None:
    """Fill what the store actor lacks from what this document knows; a surname-only name grows to the
    full name once one is seen."""
    row = snapshot.row(store_id)
    assert row is not None  # found by the snapshot, so it exists
    name = row[_NAME]
    if names and " " not in name_key(name) and " " in names[0][1] and last_word(names[0][1]) == name_key(name):
        name = names[0][0]
    row[_NAME] = name
    for field, value in ((_COUNTRY, actor.get("country")), (_SECTOR, actor.get("sector")),
                         (_WIKIDATA, actor.get("wikidata") or None), (_KB_ID, actor.get("kb_id") or None)):
        if row[field] is None:
            row[field] = value
    snapshot.dirty[store_id] = None
