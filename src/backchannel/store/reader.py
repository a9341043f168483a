"""What the REST API, the web UI and the exports read from a store: the ``StoreReader`` contract.

The store (SQLite or PostgreSQL, SQLAlchemy Core) implements these methods; the API and UI call only
these, so they never see SQL. Every method returns plain JSON-ready values (dicts, lists, str, int,
None). Lists that can grow are paged: a ``Page`` holds the ``items`` of one page, the ``total`` that
match, and the ``limit`` and ``offset`` asked for. Dates are ISO strings (``YYYY-MM-DD`` or longer);
``date_from``/``date_to`` are inclusive and compare against the document's ``published`` date (for
events: the event's resolved ``date`` when it has one, else the document's ``published``).

Shapes, repeated in every item so that a page can be drawn without a second query:

- ``ActorRef``: ``{"id": 17, "name": "Kirill Dmitriev", "kind": "person", "country": "RUS",
  "sector": "GOV"}`` — a *store* actor (merges followed), never a readout-local ``"a3"``.
- ``DocRef`` fields on every quote/claim/event item: ``doc_id``, ``title``, ``published``, ``outlet``.
- Spans are READOUT.md spans: ``{"start", "end", "text"}``, offsets into the document's text.
- Quote item: ``{doc_id, title, published, outlet, id ("q1"), form, act, speaker: ActorRef|None,
  speaker_ref ("a3"|None), speaker_span, addressee: ActorRef|None, cue, content}``.
- Claim item: ``{doc_id, title, published, outlet, id ("c1"), status, holder: ActorRef|None,
  holder_is_author: bool, holder_ref, cue, content, quote ("q1"|None), doubted_by,
  reported_by: ActorRef|None, reported_via: [ActorRef], reported_via_refs: ["a3", …]}``: for a nested
  attribution, ``reported_via`` is every named actor through whom the claim reaches the author, nearest
  first ("Moscow floated …, according to The Insider": [The Insider]), ``reported_by`` its first.
- Event item: ``{doc_id, title, published, outlet, id ("e1"), type, mode, cameo, status,
  attributed_to: ActorRef|None, source: [ActorRef], target: [ActorRef], trigger, date,
  place: ActorRef|None, place_span: Span|None}`` (``date`` as the readout has it: an ISO string, an
  object or None).
- Document item: ``{id, title, url, published, outlet, author, source, stored_at, n_actors,
  n_quotes, n_claims, n_events, snippet}`` (``snippet``: a short plain-text excerpt; around the match
  when ``q`` is given).

Full-text ``q`` uses the store's index (FTS5 on SQLite, ``tsvector`` on PostgreSQL) and accepts plain
words and "quoted phrases"; a ``q`` the index cannot parse raises ``StoreError`` E403, which the API
answers with 400.
"""

from __future__ import annotations

from typing import Any, Protocol, TypedDict


class Page(TypedDict):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class StoreReader(Protocol):
    def documents(self, *, q: str | None = None, outlet: str | None = None, actor: int | None = None,
                  event_type: str | None = None, claim_status: str | None = None,
                  date_from: str | None = None, date_to: str | None = None, reported_via: int | None = None,
                  limit: int = 50, offset: int = 0) -> Page:
        """Documents, newest ``published`` first (then ``stored_at``); ``actor`` keeps those where that
        store actor is mentioned, ``event_type`` those with an event of that PLOVER type,
        ``claim_status`` those with a claim of that status and ``reported_via`` those with a claim that
        reaches the author through that store actor: the same filters as ``facets``, so that
        ``documents(**filters)["total"] == facets(**filters)["total"]``."""
        ...

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """``{"document": {document item fields + "text"}, "readout": READOUT.md dict,
        "actor_links": {"a1": ActorRef, …}}`` or None."""
        ...

    def actor_page(self, actor_id: int) -> dict[str, Any] | None:
        """Everything about one store actor across documents, or None when there is no such actor (a
        merged-away id answers with the actor it was merged into):
        ``{"actor": ActorRef + {wikidata, kb_id, merged_into, aliases: [{alias, origin}],
        roles: [{title, of: ActorRef|None, doc_id, span}], relations: [{relation, other: ActorRef,
        direction: "out"|"in", doc_id, evidence}]}, "documents": [document items, at most 200],
        "said_by": [quote items], "said_to": [quote items, the actor as addressee],
        "said_about": [quote items whose content span contains a mention of the actor],
        "claims": [claim items held by the actor], "reported": [claim items reported via the actor],
        "events": [event items, actor as source or target],
        "counts": {"documents", "said_by", "said_to", "said_about", "claims", "reported", "events"}}``.
        Each list holds at most 200 items, newest first; ``counts`` are the full numbers."""
        ...

    def actors(self, *, q: str | None = None, kind: str | None = None, country: str | None = None,
               limit: int = 50, offset: int = 0) -> Page:
        """Store actors not merged away, most documents first: ActorRef + ``{documents, mentions}``.
        ``q`` matches any alias (case- and accent-insensitive substring)."""
        ...

    def quotes(self, *, q: str | None = None, speaker: int | None = None, addressee: int | None = None,
               act: str | None = None, form: str | None = None, outlet: str | None = None,
               date_from: str | None = None, date_to: str | None = None, doc_id: str | None = None,
               limit: int = 50, offset: int = 0) -> Page:
        """Quote items, newest first; ``q`` searches the content."""
        ...

    def claims(self, *, q: str | None = None, holder: int | None = None, author: bool | None = None,
               status: str | None = None, outlet: str | None = None, date_from: str | None = None,
               date_to: str | None = None, doc_id: str | None = None, reported_via: int | None = None,
               limit: int = 50, offset: int = 0) -> Page:
        """Claim items, newest first; ``author=True`` keeps the author's own claims, ``reported_via`` the
        claims that reach the author through that store actor (anywhere in the chain)."""
        ...

    def events(self, *, type: str | None = None, status: str | None = None, actor: int | None = None,
               source: int | None = None, target: int | None = None, outlet: str | None = None,
               date_from: str | None = None, date_to: str | None = None, doc_id: str | None = None,
               limit: int = 50, offset: int = 0) -> Page:
        """Event items, newest first; ``actor`` matches source or target."""
        ...

    def search(self, q: str, *, kinds: tuple[str, ...] = ("document", "quote", "claim"),
               outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
               limit: int = 50, offset: int = 0) -> Page:
        """Full-text hits, best first: ``{kind, doc_id, ref ("q3"|"c2"|None), title, published,
        outlet, snippet, span (for quotes and claims: the content span)}``."""
        ...

    def facets(self, *, q: str | None = None, outlet: str | None = None, actor: int | None = None,
               event_type: str | None = None, claim_status: str | None = None,
               date_from: str | None = None, date_to: str | None = None, reported_via: int | None = None,
               size: int = 20) -> dict[str, Any]:
        """Counts of documents matching the filters, by facet: ``{"outlet": [{value, count}],
        "actor": [{value: id, label: name, count}], "event_type": [...], "claim_status": [...],
        "month": [{value: "2025-11", count}], "total": n}``; each facet counts with the other
        filters applied, at most ``size`` values, largest first (``month`` in date order)."""
        ...

    def network(self, *, kinds: tuple[str, ...] = ("quote", "event"), types: tuple[str, ...] | None = None,
                actor: int | None = None, date_from: str | None = None, date_to: str | None = None,
                min_weight: int = 1, limit: int = 300) -> dict[str, Any]:
        """Who talks to, accuses or meets whom: ``{"nodes": [ActorRef + {weight}], "edges": [{source:
        id, target: id, kind: "quote"|"event", type (act for quotes: "say", "warn"…; PLOVER type for
        events), weight, doc_ids: [at most 20]}]}``. A quote edge runs speaker → addressee; an event
        edge runs each source → each target. ``types`` filters by edge type; ``actor`` keeps edges
        touching that actor; ``limit`` caps the edges (heaviest kept)."""
        ...

    def timeline(self, *, actor: int | None = None, type: str | None = None, status: str | None = None,
                 date_from: str | None = None, date_to: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """Event items in date order (event ``date``, else ``published``), each with ``when`` (the date
        used) and ``when_source`` ("event"|"published")."""
        ...
