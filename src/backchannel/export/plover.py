"""The ``plover`` export: every event as a PLOVER 2.0 JSON record, one per line (JSON Lines, as the
PLOVER manual suggests and POLECAT distributes).

Field names follow the manual's "Data Fields" chapter (``PLOVER_MANUAL.tex``, DRAFT 2.0):

- ``id``: ``<doc_id>-<event id>`` (unique in any export); ``story_id``: the document id (POLECAT's name).
- ``date``: ``YYYY-MM-DD``: the event's own date when the readout resolved it to a day, else the
  document's ``published`` day, else null; ``date_source`` says which (``event``/``published``) and
  ``event_date`` keeps the readout's date as it is (it may be a week, month or year).
- ``actor`` / ``recipient``: lists of entity objects (PLOVER's names for source and target):
  ``entity_text`` (the actor's mention inside the role phrase, else the mention nearest the trigger),
  ``entity_name`` and ``identifier_text`` (the store's canonical name), ``identifier_id`` (Wikidata id),
  ``code`` (ISO3 or PLOVER IGO/UNO/EUR/NGO… country code), ``sector`` (PLOVER sector), plus
  ``actor_id`` (the export-wide actor id), ``kind`` and ``entity_start``/``entity_end`` (the offsets of
  ``entity_text``). A role phrase that names no actor of that role (readout ``source_spans`` /
  ``target_spans``: "police", "18 people", "a village"; PLOVER allows generic participants) is an entity
  of its own with only its ``entity_text`` and offsets, every other field null: the entity table of the
  manual's "Data Fields" chapter leaves every field optional, and ``entity_text`` is "extracted text for
  source". So an event with no resolved actor still says who acted on whom as the text has it.
- ``event``: ``[type]`` (a PLOVER 2.0 type); ``mode``: the type's mode, then the auxiliary mode of the
  status (``future``, ``hypothetical``, ``negation``; ``data/events/status_modes.tsv``); ``context``:
  ``[]`` (Backchannel does not code contexts yet); ``quad_code``: 1 verbal cooperation, 2 material
  cooperation, 3 verbal conflict, 4 material conflict.
- ``event_text``: ``[trigger text]``; ``text``: the sentence holding the trigger (cut at sentence marks,
  not parsed); ``text_info``: ``{start, end}`` of that sentence and the ``trigger`` span, offsets into the
  document text.
- ``event_loc``: ``{extracted_place, country_code, start, end}`` or null.
- ``cite_info``: ``{citation: doc_id, url, title, publication, language, coder, codebook}``;
  ``coder``: Backchannel and pipeline versions.
- Backchannel's own: ``cameo``, ``status``, ``attributed_to`` (entity object or null), ``coded_from``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from .records import Actor, DocActors, ExportRecord

JSON = dict[str, Any]

QUAD_CODES = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4}
CODEBOOK = "PLOVER 2.0 (DRAFT)"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# A sentence ends at . ! ? (and closing quotes or brackets after them) followed by space, or at a blank line.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)|\n\s*\n")
_MAX_SENTENCE = 1000


def _data_rows(name: str) -> list[list[str]]:
    text = resources.files("backchannel").joinpath(f"data/events/{name}").read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")][1:]


@lru_cache(maxsize=1)
def quads() -> dict[str, int]:
    """PLOVER type → quad code, from the shipped ``plover.tsv``."""
    return {row[0]: QUAD_CODES[row[1]] for row in _data_rows("plover.tsv")}


@lru_cache(maxsize=1)
def status_modes() -> dict[str, str]:
    """Readout event status → PLOVER auxiliary mode, from ``status_modes.tsv``."""
    return {row[0]: row[1] for row in _data_rows("status_modes.tsv")}


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding ``text[start:end]``: from after the last sentence end before it
    to the next sentence end after it, trimmed, at most about 1,000 characters either side."""
    lo = max(0, start - _MAX_SENTENCE)
    begin = lo
    for match in _SENTENCE_END.finditer(text, lo, start):
        begin = match.end()
    found = _SENTENCE_END.search(text, end, min(len(text), end + _MAX_SENTENCE))
    finish = found.end() if found and not found.group().startswith("\n") else (found.start() if found else
                                                                                min(len(text), end + _MAX_SENTENCE))
    while begin < start and text[begin].isspace():
        begin += 1
    while finish > end and text[finish - 1].isspace():
        finish -= 1
    return begin, finish


def _spans(value: Any) -> list[JSON]:
    """The well-formed spans of a readout list (``source_spans``…): dicts with int offsets and text."""
    if not isinstance(value, list):
        return []
    return [s for s in value if isinstance(s, dict) and isinstance(s.get("start"), int)
            and isinstance(s.get("end"), int) and isinstance(s.get("text"), str)]


def _mention(actor: Actor, at: int, within: list[JSON] | None = None) -> JSON | None:
    """The actor's mention inside one of the phrases ``within`` (the first such), else the one nearest
    offset ``at``; None when it has no mention with offsets."""
    spans = [m for m in actor.mentions if isinstance(m.get("start"), int) and isinstance(m.get("end"), int)]
    for phrase in within or []:
        inside = [m for m in spans if phrase["start"] <= m["start"] and m["end"] <= phrase["end"]]
        if inside:
            return inside[0]
    return min(spans, key=lambda m: abs(int(m["start"]) - at)) if spans else None


def entity(actor: Actor, at: int, within: list[JSON] | None = None) -> JSON:
    """A PLOVER entity object for an actor, its ``entity_text`` the mention inside one of the role
    phrases ``within``, else the one nearest offset ``at``."""
    found = _mention(actor, at, within)
    return {"entity_text": str(found["text"]) if found else actor.readout_name, "entity_name": actor.name,
            "code": actor.country, "sector": actor.sector, "identifier_id": actor.wikidata,
            "identifier_text": actor.name if actor.wikidata else None, "actor_id": actor.key, "kind": actor.kind,
            "entity_start": found["start"] if found else None, "entity_end": found["end"] if found else None}


def phrase_entity(phrase: JSON) -> JSON:
    """A PLOVER entity object for a role phrase that names no actor: its text and offsets, nothing more."""
    return {"entity_text": phrase["text"], "entity_name": None, "code": None, "sector": None, "identifier_id": None,
            "identifier_text": None, "actor_id": None, "kind": None, "entity_start": phrase["start"],
            "entity_end": phrase["end"]}


def role_entities(refs: Any, phrases: Any, actors: DocActors, at: int) -> list[JSON]:
    """The entities of one role: its actors, then each of its phrases that overlaps none of their mentions."""
    found = actors.many([r for r in refs if isinstance(r, str)] if isinstance(refs, list) else [])
    spans = _spans(phrases)
    covered = [(int(m["start"]), int(m["end"])) for a in found for m in a.mentions
               if isinstance(m.get("start"), int) and isinstance(m.get("end"), int)]
    bare = [p for p in spans if not any(start < p["end"] and p["start"] < end for start, end in covered)]
    return [entity(a, at, spans) for a in found] + [phrase_entity(p) for p in bare]


def _date(event: JSON, published: str | None) -> tuple[str | None, str | None]:
    own = event.get("date")
    if isinstance(own, dict):
        own = own.get("value") or own.get("date")
    if isinstance(own, str) and _DAY.match(own):
        return own[:10], "event"
    if isinstance(published, str) and _DAY.match(published):
        return published[:10], "published"
    return None, None


def _location(event: JSON, actors: DocActors) -> JSON | None:
    place = event.get("place")
    span = event.get("place_span") if isinstance(event.get("place_span"), dict) else None
    actor = actors.get(place) if isinstance(place, str) else None
    if actor is None and span is None and not isinstance(place, str):
        return None
    name = span["text"] if span else (actor.name if actor else str(place))
    return {"extracted_place": name, "resolved_place": actor.name if actor else None,
            "country_code": event.get("place_country") or (actor.country if actor else None),
            "start": span["start"] if span else None, "end": span["end"] if span else None}


def plover_record(event: JSON, record: ExportRecord, actors: DocActors, coder: str) -> JSON:
    """One event as a PLOVER record (see the module docstring for the fields)."""
    readout = record.readout
    meta = readout.meta
    trigger = event.get("trigger") or {"start": 0, "end": 0, "text": ""}
    at = int(trigger.get("start") or 0)
    begin, finish = sentence_around(readout.text, at, int(trigger.get("end") or at))
    date, date_source = _date(event, meta.get("published"))
    modes = [event["mode"]] if event.get("mode") else []
    if event.get("status") in status_modes():
        modes.append(status_modes()[event["status"]])
    attributed = actors.get(event.get("attributed_to"))
    return {
        "id": f"{readout.id}-{event.get('id')}", "story_id": readout.id, "has_event": True,
        "date": date, "date_source": date_source, "event_date": event.get("date"),
        "actor": role_entities(event.get("source"), event.get("source_spans"), actors, at),
        "recipient": role_entities(event.get("target"), event.get("target_spans"), actors, at),
        "event": [event.get("type")], "mode": modes, "context": [],
        "quad_code": quads().get(str(event.get("type"))),
        "event_text": [trigger.get("text")], "event_loc": _location(event, actors),
        "text": readout.text[begin:finish], "text_info": {"start": begin, "end": finish, "trigger": trigger},
        "cite_info": {"citation": readout.id, "url": meta.get("url"), "title": meta.get("title"),
                      "publication": meta.get("outlet"), "language": meta.get("language"), "coder": coder,
                      "codebook": CODEBOOK},
        "coder": coder, "cameo": event.get("cameo"), "status": event.get("status"),
        "attributed_to": entity(attributed, at) if attributed else None, "coded_from": event.get("coded_from"),
    }


def _coder(pipeline: JSON) -> str:
    from .. import __version__

    name = pipeline.get("name")
    return f"backchannel {__version__}" + (f" ({name} {pipeline.get('version', '')})".rstrip() if name else "")


def plover_lines(records: Iterable[ExportRecord]) -> Iterator[bytes]:
    """The ``plover`` format: one PLOVER JSON record per event, one per line, UTF-8."""
    for record in records:
        if not record.readout.events:
            continue
        actors = DocActors(record)
        coder = _coder(record.readout.pipeline)
        lines = (json.dumps(plover_record(e, record, actors, coder), ensure_ascii=False) for e in record.readout.events)
        yield ("\n".join(lines) + "\n").encode("utf-8")
