"""Full-text search: the analyst's words turned into a safe index query, the index clauses for SQLite
(FTS5) and PostgreSQL (``tsvector``), the ``search`` method, and plain-text snippets.

What the analyst types is never handed to the index's own query language: it is split into plain
words and "quoted phrases", every term is stripped to letters, digits and spaces, and each is quoted
for the index (FTS5 ``"…"`` strings; PostgreSQL ``websearch_to_tsquery`` with every term in quotes,
so ``or`` and ``-`` stay words), then bound as a parameter. All terms must match. Both indexes stem
English words (FTS5 ``porter``, PostgreSQL ``english``), so "talks" finds "talk"; PostgreSQL also
drops stop words, and indexes the first ``tables.SEARCH_CHARS`` characters of a text (a ``tsvector``
is at most 1 MB). Ranking is each engine's own (FTS5 bm25, PostgreSQL ``ts_rank`` on the stored
``search_vector``). Snippets are cut in Python from the stored text, so they are the same on both
engines and plain text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    column,
    func,
    literal,
    literal_column,
    null,
    select,
    table,
    text,
    union_all,
)

from ..errors import StoreError
from .reader import Page
from .tables import claims, documents, quotes

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_NOT_WORD = re.compile(r"[^\w\s]+")
SNIPPET_CHARS = 200


def terms(q: str) -> list[str]:
    """The words and phrases of ``q``, each reduced to letters, digits and single spaces. Raises E403
    when nothing searchable is left."""
    found = []
    for phrase, word in _TERM.findall(q or ""):
        term = " ".join(_NOT_WORD.sub(" ", phrase or word).split())
        if term:
            found.append(term)
    if not found:
        raise StoreError(f"the search {q!r} has no words to look for; use words or \"quoted phrases\"", code="E403")
    return found


def fts5_query(found: list[str]) -> str:
    return " ".join(f'"{term}"' for term in found)


def websearch_query(found: list[str]) -> str:
    return " ".join(f'"{term}"' for term in found)


def _sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def match(conn: Connection, kind: str, q: str, name: str = "fts_q") -> ColumnElement[bool]:
    """A WHERE clause keeping the rows of ``kind`` ("document", "quote" or "claim") that match ``q``."""
    found = terms(q)
    source, id_column = {"document": (documents, documents.c.num), "quote": (quotes, quotes.c.id),
                        "claim": (claims, claims.c.id)}[kind]
    if _sqlite(conn):
        fts = f"{source.name}_fts"
        return id_column.in_(select(table(fts, column("rowid")).c.rowid)
                             .where(text(f"{fts} MATCH :{name}").bindparams(**{name: fts5_query(found)})))
    query = func.websearch_to_tsquery(literal_column("'english'"), bindparam(name, websearch_query(found)))
    return literal_column(_vector(kind)).op("@@", is_comparison=True)(query)


def _vector(kind: str) -> str:
    """The stored vector of ``kind``'s rows (PostgreSQL; revision 0003): GIN-indexed, and read rather than
    computed again from the text when ranking."""
    return f"{kind}s.search_vector"


def _ranked(conn: Connection, kind: str, q: str, *, scored: bool = True) -> Select[Any]:
    """``(key, score)`` of the rows of ``kind`` that match, higher score better; ``scored=False`` leaves
    the score out (0), for counting: ranking reads every match's vector, which counting need not."""
    found = terms(q)
    name = f"q_{kind}"
    if _sqlite(conn):
        fts = f"{kind}s_fts"
        fts_table = table(fts, column("rowid"))
        score = -func.bm25(literal_column(fts)) if scored else literal_column("0")
        return select(fts_table.c.rowid.label("key"), score.label("score")) \
            .where(text(f"{fts} MATCH :{name}").bindparams(**{name: fts5_query(found)}))
    rows, key = {"document": (documents, documents.c.id), "quote": (quotes, quotes.c.id),
                 "claim": (claims, claims.c.id)}[kind]
    query = func.websearch_to_tsquery(literal_column("'english'"), bindparam(name, websearch_query(found)))
    vector: ColumnElement[Any] = literal_column(_vector(kind))
    return select(key.label("key"), (func.ts_rank(vector, query) if scored else literal_column("0")).label("score")) \
        .select_from(rows).where(vector.op("@@", is_comparison=True)(query))


def search(conn: Connection, q: str, *, kinds: tuple[str, ...], outlet: str | None, date_from: str | None,
           date_to: str | None, limit: int, offset: int) -> Page:
    from .queries import date_conditions  # queries imports this module

    def union(scored: bool) -> Any:
        parts = []
        for kind in kinds:
            hits = _ranked(conn, kind, q, scored=scored).subquery()
            if kind == "document":
                join_key = documents.c.num if _sqlite(conn) else documents.c.id
                parts.append(select(literal("document", String).label("kind"), documents.c.id.label("doc_id"),
                                    cast(null(), String).label("ref"), hits.c.score,
                                    cast(null(), Integer).label("row_id"))
                             .select_from(documents.join(hits, hits.c.key == join_key)).where(*doc_conditions))
            else:
                items = quotes if kind == "quote" else claims
                parts.append(select(literal(kind, String).label("kind"), items.c.doc_id, cast(items.c.ref, String),
                                    hits.c.score, items.c.id.label("row_id"))
                             .select_from(items.join(hits, hits.c.key == items.c.id)
                                          .join(documents, documents.c.id == items.c.doc_id)).where(*doc_conditions))
        return union_all(*parts).subquery()

    doc_conditions = [*date_conditions(documents.c.published, date_from, date_to)]
    if outlet:
        doc_conditions.append(documents.c.outlet == outlet)
    for kind in kinds:
        if kind not in ("document", "quote", "claim"):
            raise StoreError(f"cannot search {kind!r}; kinds are document, quote and claim", code="E403")
    if not kinds:
        return {"items": [], "total": 0, "limit": limit, "offset": offset}
    total = conn.execute(select(func.count()).select_from(union(False))).scalar_one()
    ranked = union(True)
    rows = conn.execute(select(ranked).order_by(ranked.c.score.desc(), ranked.c.doc_id, ranked.c.kind, ranked.c.ref)
                        .limit(limit).offset(offset)).all()
    return {"items": _hits(conn, rows, terms(q)), "total": total, "limit": limit, "offset": offset}


def _hits(conn: Connection, rows: Sequence[Any], found: list[str]) -> list[dict[str, Any]]:
    doc_ids = sorted({row.doc_id for row in rows})
    docs = {r.id: r for r in conn.execute(select(documents.c.id, documents.c.title, documents.c.published,
                                                 documents.c.outlet, documents.c.text)
                                          .where(documents.c.id.in_(doc_ids)))} if doc_ids else {}
    spans: dict[tuple[str, int], Any] = {}
    for kind, items_table in (("quote", quotes), ("claim", claims)):
        ids = [row.row_id for row in rows if row.kind == kind]
        if ids:
            c = items_table.c
            for r in conn.execute(select(c.id, c.content_start, c.content_end, c.content_text).where(c.id.in_(ids))):
                spans[(kind, r.id)] = r
    items = []
    for row in rows:
        doc = docs[row.doc_id]
        item: dict[str, Any] = {"kind": row.kind, "doc_id": row.doc_id, "ref": row.ref, "title": doc.title,
                                "published": doc.published, "outlet": doc.outlet}
        if row.kind == "document":
            item["snippet"], item["span"] = excerpt(doc.text, found), None
        else:
            content = spans[(row.kind, row.row_id)]
            item["snippet"] = excerpt(content.content_text, found)
            item["span"] = {"start": content.content_start, "end": content.content_end, "text": content.content_text}
        items.append(item)
    return items


def _fold(text_: str) -> str:
    return text_.casefold()


def excerpt(source: str, found: list[str] | None = None, width: int = SNIPPET_CHARS) -> str:
    """Up to ``width`` characters of ``source`` as one line of plain text, around the first place a
    search term (or its stem) occurs; the start of the text when there is none. ``…`` marks a cut."""
    folded = _fold(source)
    at = -1
    for term in found or []:
        first = term.split()[0] if term.split() else term
        for probe in (_fold(term), _fold(first), _fold(first)[:max(3, len(first) - 2)]):
            hit = folded.find(probe)
            if hit >= 0 and (at < 0 or hit < at):
                at = hit
            if hit >= 0:
                break
    start = 0 if at < 0 else max(0, at - width // 3)
    if start:
        space = source.find(" ", start)
        start = space + 1 if 0 <= space < at else start
    end = min(len(source), start + width)
    if end < len(source):
        space = source.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    cut = " ".join(source[start:end].split())
    return ("…" if start > 0 else "") + cut + ("…" if end < len(source) else "")
