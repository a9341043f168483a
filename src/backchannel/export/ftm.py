"""The ``ftm`` export: FollowTheMoney entities for Aleph (and any ``ftm`` tool), one JSON object per line.

Every entity is made with the ``followthemoney`` model, so property names and values are the model's
(countries as ISO 3166-1 alpha-2, dates as ISO prefixes); ids are ``make_id`` hashes of defining parts,
so exporting the same store twice gives the same ids. Mapping:

- document → ``Article`` (title, bodyText, publishedAt, author, publisher = outlet, sourceUrl, language;
  ``notes`` names the Backchannel document id).
- actor → by kind: ``person`` → ``Person``; ``organization`` → ``Organization``, or ``PublicBody`` when
  its sector is a state one (GOV, MIL, LEG, JUD, COP, SPY); ``country`` → ``PublicBody`` (a state acting:
  "Russia", "Washington"); ``group`` and ``other`` → ``LegalEntity``; ``place`` → ``Address`` (``full``).
  Name, other names as ``alias``, ``country`` (PLOVER IGO/NGO… codes have no FtM country and are left
  out; EUR → ``eu``), ``sector``, ``wikidataId``. The id hashes the Wikidata id when there is one, else the
  export-wide actor id, so the same store actor is one entity across documents.
- mentions → one ``Mention`` per actor and distinct surface form in a document (name, document,
  ``resolved`` = the actor unless it is a place, ``detectedSchema``, ``contextCountry``).
- quote → ``Note`` on the speaker (``entity``): ``description`` = the quoted content, ``summary`` = who
  said it to whom and how, ``keywords`` = ``quote``, form, act; ``proof`` = the article.
- claim → ``Note`` on the holder, ``keywords`` = ``claim`` and its status (the author's own claims and
  unattributed ones have no ``entity``); ``summary`` spells out a nested attribution ("Moscow (reported),
  according to Yuri Ushakov, reported by The Insider"), whose reporters are also ``namesMentioned``.
- attribution chain (a claim's ``reported_via``) → one ``UnknownLink`` per named reporter, ``subject`` =
  the reporter, ``object`` = the claim's ``Note``, ``role`` = ``according to`` for the nearest link and
  ``reported by`` for the next ones, ``recordId`` = ``<doc_id>-<claim id>-via-<position>`` (0 nearest),
  ``summary`` = the whole chain, ``description`` = the claim's content, ``proof`` = the article. FtM has
  no schema for "X said it to Y who told Z", so the chain is the ordered reporters of the claim itself,
  which keeps each link tied to the claim it carries (a reporter may pass on one claim and not another).
- event → ``Event``: name ``TYPE: sources → targets``, ``date`` (the event's, else the document's),
  ``involved`` = sources and targets (places excepted), ``location`` = the place, ``summary`` = the
  trigger's sentence, ``keywords`` = type, mode, CAMEO code, status; ``recordId`` = the PLOVER id.
- relation → ``Membership`` (member_of), ``Employment`` (works_for, a person and an organisation),
  ``Directorship`` (heads), ``Representation`` (envoy_of, spokesperson_for), else ``UnknownLink`` with
  ``role`` = the relation; ``description`` = the evidence text, ``proof`` = the article. When the two
  actors do not fit the schema's ranges (e.g. a country "member" of a person) it falls back to ``UnknownLink``.

An actor appears once per document that mentions it, as an entity *fragment* with the same id:
``ftm aggregate`` (and Aleph's ingest) merges the fragments, which keeps the export streaming.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from .plover import sentence_around
from .records import Actor, DocActors, ExportRecord

JSON = dict[str, Any]

NAMESPACE = "backchannel"
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
KIND_SCHEMA = {"person": "Person", "organization": "Organization", "country": "PublicBody", "group": "LegalEntity",
               "other": "LegalEntity", "place": "Address"}
# PLOVER codes that name a territory FtM knows under another code.
_COUNTRY_CODES = {"EUR": "eu", "KOS": "xk"}
# How the links of an attribution chain read: the nearest reporter, then each one further out.
_VIA_ROLES = ("according to", "reported by")
_RELATION_SCHEMA = {"member_of": ("Membership", "member", "organization"),
                    "works_for": ("Employment", "employee", "employer"),
                    "heads": ("Directorship", "director", "organization"),
                    "envoy_of": ("Representation", "agent", "client"),
                    "spokesperson_for": ("Representation", "agent", "client")}


def actor_schema(actor: Actor) -> str:
    if actor.kind == "organization" and actor.sector in STATE_SECTORS:
        return "PublicBody"
    return KIND_SCHEMA.get(actor.kind, "LegalEntity")


def ftm_country(code: str | None) -> str | None:
    """An ISO3 or PLOVER country code as FtM's country value, or None when FtM has no such country."""
    if not code:
        return None
    return _COUNTRY_CODES.get(code) or registry.country.clean(code)


def _make(schema: str, *parts: Any) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(NAMESPACE, *parts)
    return proxy


def actor_id(actor: Actor) -> str:
    """The entity id of an actor: the same for every document in which the store actor appears."""
    proxy = _make("LegalEntity", "wikidata", actor.wikidata) if actor.wikidata else _make("LegalEntity", "actor",
                                                                                          actor.key)
    assert proxy.id is not None
    return proxy.id


class _Document:
    """The entities of one record, built against its article's id."""

    def __init__(self, record: ExportRecord) -> None:
        self.record = record
        self.readout = record.readout
        self.meta = record.readout.meta
        self.actors = DocActors(record)
        self.ids = {a.ref: actor_id(a) for a in self.actors}
        self.schemata = {a.ref: actor_schema(a) for a in self.actors}
        self.article = _make("Article", "document", self.readout.id)

    def _sourced(self, proxy: EntityProxy) -> EntityProxy:
        proxy.add("proof", self.article.id)
        proxy.add("publisher", self.meta.get("outlet"), quiet=True)
        proxy.add("sourceUrl", self.meta.get("url"), quiet=True)
        return proxy

    def _is(self, ref: Any, schema: str) -> bool:
        return isinstance(ref, str) and ref in self.schemata and model.get(self.schemata[ref]).is_a(schema)  # type: ignore[union-attr]

    def entities(self) -> Iterator[EntityProxy]:
        yield self._article()
        for actor in self.actors:
            yield self._actor(actor)
            yield from self._mentions(actor)
        for quote in self.readout.quotes:
            yield self._quote(quote)
        for claim in self.readout.claims:
            note = self._claim(claim)
            yield note
            yield from self._reporters(claim, note)
        for event in self.readout.events:
            yield self._event(event)
        for number, relation in enumerate(self.readout.relations, 1):
            found = self._relation(number, relation)
            if found is not None:
                yield found

    def _article(self) -> EntityProxy:
        from .. import __version__

        a, meta = self.article, self.meta
        a.add("title", meta.get("title"), quiet=True)
        a.add("bodyText", self.readout.text)
        a.add("publishedAt", meta.get("published"), quiet=True)
        a.add("author", meta.get("author"), quiet=True)
        a.add("publisher", meta.get("outlet"), quiet=True)
        a.add("sourceUrl", meta.get("url"), quiet=True)
        a.add("language", meta.get("language"), quiet=True)
        a.add("notes", f"Backchannel document {self.readout.id}")
        pipeline = self.readout.pipeline
        model_name = f"{pipeline.get('name', '')} {pipeline.get('version', '')}".strip()
        a.add("processingAgent", f"backchannel {__version__} ({model_name})")
        return a

    def _actor(self, actor: Actor) -> EntityProxy:
        proxy = model.make_entity(self.schemata[actor.ref])
        proxy.id = self.ids[actor.ref]
        proxy.add("full" if proxy.schema.name == "Address" else "name", actor.name)
        if actor.readout_name != actor.name:
            proxy.add("alias", actor.readout_name)
        proxy.add("country", ftm_country(actor.country), quiet=True)
        if proxy.schema.get("sector") is not None:
            proxy.add("sector", actor.sector, quiet=True)
        proxy.add("wikidataId", actor.wikidata, quiet=True)
        return proxy

    def _mentions(self, actor: Actor) -> Iterator[EntityProxy]:
        resolvable = model.get(self.schemata[actor.ref]).is_a("LegalEntity")  # type: ignore[union-attr]
        for surface in sorted({str(m.get("text")) for m in actor.mentions if m.get("text")}):
            mention = _make("Mention", "mention", self.readout.id, actor.ref, surface)
            mention.add("name", surface)
            mention.add("document", self.article.id)
            if resolvable:
                mention.add("resolved", self.ids[actor.ref])
            mention.add("detectedSchema", self.schemata[actor.ref])
            mention.add("contextCountry", ftm_country(actor.country), quiet=True)
            yield mention

    def _name(self, ref: Any, span: Any = None) -> str | None:
        actor = self.actors.get(ref) if isinstance(ref, str) else None
        if actor is not None:
            return actor.name
        return span.get("text") if isinstance(span, dict) else None

    def _quote(self, quote: JSON) -> EntityProxy:
        note = self._sourced(_make("Note", "quote", self.readout.id, quote.get("id")))
        if isinstance(quote.get("speaker"), str) and quote["speaker"] in self.ids:
            note.add("entity", self.ids[quote["speaker"]])
        speaker = self._name(quote.get("speaker"), quote.get("speaker_span")) or "an unnamed source"
        addressee = self._name(quote.get("addressee"))
        to = f" to {addressee}" if addressee else ""
        note.add("summary", f"{speaker} ({quote.get('act') or 'say'}, {quote.get('form')}){to}")
        note.add("description", (quote.get("content") or {}).get("text"), quiet=True)
        note.add("keywords", ["quote", quote.get("form"), quote.get("act")], quiet=True)
        note.add("namesMentioned", addressee, quiet=True)
        return note

    def _claim(self, claim: JSON) -> EntityProxy:
        note = self._sourced(_make("Note", "claim", self.readout.id, claim.get("id")))
        holder = claim.get("holder")
        if isinstance(holder, str) and holder in self.ids:
            note.add("entity", self.ids[holder])
        who = "the author" if holder == "author" else (self._name(holder) or "nobody named")
        via = self._chain(claim)
        note.add("summary", f"{who} ({claim.get('status')})" + "".join(
            f", {_VIA_ROLES[min(n, 1)]} {actor.name}" for n, actor in enumerate(via)))
        note.add("description", (claim.get("content") or {}).get("text"), quiet=True)
        note.add("keywords", ["claim", claim.get("status")], quiet=True)
        note.add("namesMentioned", [actor.name for actor in via], quiet=True)
        return note

    def _chain(self, claim: JSON) -> list[Actor]:
        """The claim's named reporters, nearest first (readout ``reported_via``)."""
        refs = claim.get("reported_via")
        return self.actors.many([r for r in refs if isinstance(r, str)] if isinstance(refs, list) else [])

    def _reporters(self, claim: JSON, note: EntityProxy) -> Iterator[EntityProxy]:
        """One ``UnknownLink`` from each named reporter to the claim's note, in chain order."""
        via = self._chain(claim)
        summary = note.first("summary")
        for position, actor in enumerate(via):
            link = self._sourced(_make("UnknownLink", "reported_via", self.readout.id, claim.get("id"), position))
            link.add("subject", self.ids[actor.ref])
            link.add("object", note.id)
            link.add("role", _VIA_ROLES[min(position, 1)])
            link.add("recordId", f"{self.readout.id}-{claim.get('id')}-via-{position}")
            link.add("summary", summary, quiet=True)
            link.add("description", (claim.get("content") or {}).get("text"), quiet=True)
            yield link

    def _event(self, event: JSON) -> EntityProxy:
        proxy = self._sourced(_make("Event", "event", self.readout.id, event.get("id")))
        sources, targets = self.actors.many(event.get("source")), self.actors.many(event.get("target"))
        arrow = " → ".join(", ".join(a.name for a in side) for side in (sources, targets) if side)
        proxy.add("name", f"{event.get('type')}: {arrow}" if arrow else str(event.get("type")))
        date = event.get("date") if isinstance(event.get("date"), str) else None
        proxy.add("date", date if date and "W" not in date else self.meta.get("published"), quiet=True)
        for actor in sources + targets:
            if self._is(actor.ref, "LegalEntity"):
                proxy.add("involved", self.ids[actor.ref])
        place = self._name(event.get("place"), event.get("place_span"))
        proxy.add("location", place, quiet=True)
        proxy.add("country", ftm_country(event.get("place_country")), quiet=True)
        trigger = event.get("trigger") or {}
        if isinstance(trigger.get("start"), int):
            begin, end = sentence_around(self.readout.text, trigger["start"], trigger["end"])
            proxy.add("summary", self.readout.text[begin:end], quiet=True)
        proxy.add("description", trigger.get("text"), quiet=True)
        proxy.add("keywords", [event.get("type"), event.get("mode"), event.get("cameo"), event.get("status")],
                  quiet=True)
        proxy.add("recordId", f"{self.readout.id}-{event.get('id')}")
        return proxy

    def _relation(self, number: int, relation: JSON) -> EntityProxy | None:
        subject, obj, name = relation.get("subject"), relation.get("object"), str(relation.get("relation"))
        if subject not in self.ids or obj not in self.ids:
            return None
        schema, source, target = _RELATION_SCHEMA.get(name, ("UnknownLink", "subject", "object"))
        ranges = model.get(schema)
        assert ranges is not None
        if not (self._is(subject, ranges.get(source).range.name) and  # type: ignore[union-attr]
                self._is(obj, ranges.get(target).range.name)):  # type: ignore[union-attr]
            schema, source, target = "UnknownLink", "subject", "object"
        link = self._sourced(_make(schema, "relation", self.readout.id, number, name))
        link.add(source, self.ids[subject])
        link.add(target, self.ids[obj])
        link.add("role", name)
        link.add("description", (relation.get("evidence") or {}).get("text"), quiet=True)
        return link


def ftm_lines(records: Iterable[ExportRecord]) -> Iterator[bytes]:
    """The ``ftm`` format: FollowTheMoney entities (fragments), one JSON object per line, UTF-8."""
    for record in records:
        entities = _Document(record).entities()
        yield "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in entities).encode("utf-8")
