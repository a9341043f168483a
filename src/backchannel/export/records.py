"""What every export reads: readouts paired with the store actors their local actors link to.

An ``ExportRecord`` is a readout and its ``links``: ``{"a1": ActorRef, …}`` where an ActorRef is the
store's ``{"id": 17, "name", "kind", "country", "sector"}`` (plus ``wikidata``/``kb_id`` when known).
A readout read from a plain readouts file has no links; its actors then get a key made of the
document id and the local id (``"<sha256>:a1"``), which is stable across runs of the same export.

``records_from_store`` streams a store's readouts in batches, each batch's links read in one query
(``Store.readout_links``), so memory stays flat however large the store. ``records_from_jsonl`` reads a readouts
file (as written by ``backchannel analyze --format json`` or ``backchannel export jsonl``; the latter
carries ``actor_links`` and keeps them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ..errors import ExportError
from ..readout import Readout

JSON = dict[str, Any]

# The ActorRef fields an export keeps from a store actor.
ACTOR_FIELDS = ("id", "name", "kind", "country", "sector", "wikidata", "kb_id")


class ExportRecord(NamedTuple):
    readout: Readout
    links: dict[str, JSON]


class ActorSource(Protocol):
    """The part of the store an export reads (``backchannel.store.Store``)."""

    def readouts(self, *, doc_ids: Iterable[str] | None = None) -> Iterable[Readout]: ...

    def readout_links(self, doc_ids: Sequence[str]) -> dict[str, dict[str, JSON]]: ...


@dataclass(frozen=True)
class Actor:
    """One readout actor as exports see it: its local ``ref``, the export-wide ``key`` (the store id as
    text, or ``"<doc_id>:<ref>"`` without a store), and names and codes (the store's when linked)."""

    ref: str
    key: str
    store_id: int | None
    name: str
    kind: str
    country: str | None
    sector: str | None
    wikidata: str | None
    kb_id: str | None
    readout_name: str
    mentions: list[JSON] = field(default_factory=list)


class DocActors:
    """The actors of one record, by local id; ``get`` answers None for a missing or null ref."""

    def __init__(self, record: ExportRecord) -> None:
        doc_id = record.readout.id
        self.by_ref: dict[str, Actor] = {}
        for local in record.readout.actors:
            ref = local["id"]
            link = record.links.get(ref)
            if link is not None and link.get("id") is not None:
                self.by_ref[ref] = Actor(
                    ref=ref, key=str(link["id"]), store_id=int(link["id"]), name=link.get("name") or local["name"],
                    kind=link.get("kind") or local.get("kind") or "other", country=link.get("country"),
                    sector=link.get("sector"), wikidata=link.get("wikidata") or local.get("wikidata"),
                    kb_id=link.get("kb_id") or local.get("kb_id"), readout_name=local["name"],
                    mentions=list(local.get("mentions") or []))
            else:
                self.by_ref[ref] = Actor(
                    ref=ref, key=f"{doc_id}:{ref}", store_id=None, name=local["name"],
                    kind=local.get("kind") or "other", country=local.get("country"), sector=local.get("sector"),
                    wikidata=local.get("wikidata"), kb_id=local.get("kb_id"), readout_name=local["name"],
                    mentions=list(local.get("mentions") or []))

    def get(self, ref: str | None) -> Actor | None:
        return None if ref is None else self.by_ref.get(ref)

    def many(self, refs: Iterable[str] | None) -> list[Actor]:
        return [actor for actor in (self.get(ref) for ref in refs or []) if actor is not None]

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.by_ref.values())


def records_from_store(store: ActorSource, *, doc_ids: Iterable[str] | None = None,
                       batch: int = 200) -> Iterator[ExportRecord]:
    """Every stored readout (or those of ``doc_ids``, in that order), in the store's order, with its
    links to the store's actors (merges followed): the links of each batch of readouts come from one
    ``readout_links`` query, as ActorRefs with ``wikidata`` and ``kb_id``."""
    pending: list[Readout] = []
    for readout in store.readouts(doc_ids=doc_ids):
        pending.append(readout)
        if len(pending) >= batch:
            yield from _linked(pending, store)
            pending = []
    yield from _linked(pending, store)


def _linked(readouts: list[Readout], store: ActorSource) -> Iterator[ExportRecord]:
    found = store.readout_links([r.id for r in readouts]) if readouts else {}
    for readout in readouts:
        links = found.get(readout.id) or {}
        yield ExportRecord(readout, {ref: {key: target.get(key) for key in ACTOR_FIELDS}
                                     for ref, target in links.items()})


def records_from_jsonl(path: str | Path) -> Iterator[ExportRecord]:
    """The readouts of a JSON Lines file, one per line (blank lines skipped). A line's
    ``actor_links`` (written by ``export jsonl`` from a store) become the record's links.
    Raises ExportError E603 naming the file (and line) when it cannot be read or a line is no readout."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot read the readouts file ({exc.strerror or exc})", source=str(path),
                          code="E603") from None
    with handle:
        number = 0
        try:
            for number, line in enumerate(handle, 1):  # noqa: B007 - the number names the bad line
                if not line.strip():
                    continue
                data = json.loads(line)
                if not isinstance(data, dict) or not isinstance(data.get("id"), str) or \
                        not isinstance(data.get("text"), str):
                    raise ValueError("not a readout object with id and text")
                links = data.get("actor_links") or {}
                yield ExportRecord(Readout.from_dict(data), {k: v for k, v in links.items() if isinstance(v, dict)})
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ExportError(f"line {number} is not a readout ({exc}); export readouts written by "
                              "`backchannel analyze --format json`", source=f"{path}:{number}", code="E603") from None
        except UnicodeDecodeError:
            raise ExportError("the file is not UTF-8 text", source=str(path), code="E603") from None


def readout_lines(records: Iterable[ExportRecord]) -> Iterator[bytes]:
    """The ``jsonl`` format: READOUT.md objects, one per line, UTF-8. A record with store links gets
    an ``actor_links`` field (``{"a1": ActorRef}``, as the StoreReader's ``document()`` answers), so
    a file exported from one store keeps who is who; readouts without links are written unchanged."""
    for readout, links in records:
        data = readout.to_dict()
        if links:
            data["actor_links"] = links
        yield (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
