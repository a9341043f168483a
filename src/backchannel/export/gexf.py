"""The ``gexf`` export: who talks to and acts on whom, as a GEXF 1.3 graph for Gephi.

- Nodes are actors: store actors (merges followed) when the readouts come from a store, else each
  document's own actors (``"<doc_id>:a1"``). Attributes: ``kind``, ``country``, ``sector``,
  ``wikidata``, ``mentions`` (mention spans in all documents), ``documents`` (documents that mention it).
  Every actor is a node, those in no edge too; places are nodes only when an edge touches them.
- Edges run speaker → addressee for quotes and each source → each target for events, aggregated over
  documents by (source, target, kind, type): ``weight`` = how many quotes or events, attributes
  ``interaction`` (``quote``/``event``), ``interaction_type`` (the quote's act: ``say``, ``warn`` …; the event's PLOVER
  type), ``documents`` (how many documents). The edge's GEXF ``kind`` is ``quote:say``,
  ``event:CONSULT`` …, so Gephi keeps parallel edges of different types apart. An actor acting on itself
  (reciprocal events list every participant on both sides) makes no edge.

The graph is built in memory (its size is the number of distinct actors and edges, not of documents),
then written element by element with ``xml.etree``, which escapes text; characters XML 1.0 cannot hold
(control characters) are dropped from labels.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from .records import Actor, DocActors, ExportRecord

GEXF_NS = "http://gexf.net/1.3"
# (id, title, type). Edge titles avoid Gephi's own edge columns ("Kind", "Type"), which these would shadow.
NODE_ATTRIBUTES = (("kind", "kind", "string"), ("country", "country", "string"), ("sector", "sector", "string"),
                   ("wikidata", "wikidata", "string"), ("store_id", "store_id", "long"),
                   ("mentions", "mentions", "integer"), ("documents", "documents", "integer"))
EDGE_ATTRIBUTES = (("kind", "interaction", "string"), ("type", "interaction_type", "string"),
                   ("documents", "documents", "integer"))
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text XML 1.0 can hold: control characters and lone surrogates dropped (ElementTree escapes the rest)."""
    return _NOT_XML.sub("", str(value))


@dataclass
class Node:
    actor: Actor
    mentions: int = 0
    documents: int = 0
    in_edges: bool = False


@dataclass
class Edge:
    weight: int = 0
    documents: int = 0
    last_doc: str = ""  # records come one document at a time, so counting changes counts documents


class Graph:
    """Actors and their aggregated quote and event edges, fed one record at a time."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str, str, str], Edge] = {}

    def add(self, record: ExportRecord) -> None:
        actors = DocActors(record)
        doc_id = record.readout.id
        seen: set[str] = set()
        for actor in actors:
            node = self.nodes.setdefault(actor.key, Node(actor))
            node.mentions += len(actor.mentions)
            if actor.key not in seen:
                node.documents += 1
                seen.add(actor.key)
        for quote in record.readout.quotes:
            speaker, addressee = actors.get(quote.get("speaker")), actors.get(quote.get("addressee"))
            if speaker and addressee:
                self._edge(speaker, addressee, "quote", str(quote.get("act") or "say"), doc_id)
        for event in record.readout.events:
            for source in actors.many(event.get("source")):
                for target in actors.many(event.get("target")):
                    self._edge(source, target, "event", str(event.get("type")), doc_id)

    def _edge(self, source: Actor, target: Actor, kind: str, type_: str, doc_id: str) -> None:
        if source.key == target.key:
            return
        edge = self.edges.setdefault((source.key, target.key, kind, type_), Edge())
        edge.weight += 1
        if edge.last_doc != doc_id:
            edge.documents += 1
            edge.last_doc = doc_id
        self.nodes[source.key].in_edges = self.nodes[target.key].in_edges = True

    def shown(self) -> list[Node]:
        """The nodes written: every actor but places outside any edge, in a stable order."""
        return sorted((n for n in self.nodes.values() if n.actor.kind != "place" or n.in_edges),
                      key=lambda n: (n.actor.store_id is None, n.actor.store_id or 0, n.actor.key))


def _attributes(cls: str, specs: tuple[tuple[str, str, str], ...]) -> bytes:
    element = ET.Element("attributes", {"class": cls})
    for name, title, kind in specs:
        ET.SubElement(element, "attribute", {"id": name, "title": title, "type": kind})
    return ET.tostring(element, encoding="unicode").encode("utf-8") + b"\n"


def _attvalues(parent: ET.Element, values: dict[str, object]) -> None:
    holder = ET.SubElement(parent, "attvalues")
    for name, value in values.items():
        if value is not None and value != "":
            ET.SubElement(holder, "attvalue", {"for": name, "value": xml_text(value)})


def _node(node: Node) -> bytes:
    a = node.actor
    element = ET.Element("node", {"id": xml_text(a.key), "label": xml_text(a.name)})
    _attvalues(element, {"kind": a.kind, "country": a.country, "sector": a.sector, "wikidata": a.wikidata,
                         "store_id": a.store_id, "mentions": node.mentions, "documents": node.documents})
    return ET.tostring(element, encoding="unicode").encode("utf-8") + b"\n"


def _edge(number: int, key: tuple[str, str, str, str], edge: Edge) -> bytes:
    source, target, kind, type_ = key
    element = ET.Element("edge", {"id": f"e{number}", "source": xml_text(source), "target": xml_text(target),
                                  "kind": xml_text(f"{kind}:{type_}"), "label": xml_text(type_),
                                  "weight": str(float(edge.weight))})
    _attvalues(element, {"kind": kind, "type": type_, "documents": edge.documents})
    return ET.tostring(element, encoding="unicode").encode("utf-8") + b"\n"


def gexf_chunks(records: Iterable[ExportRecord], *, description: str = "Backchannel actors: who said what to "
                "whom and who did what to whom") -> Iterator[bytes]:
    """The ``gexf`` format: a GEXF 1.3 document, UTF-8 (nodes and edges written once every record is read)."""
    from .. import __version__

    graph = Graph()
    for record in records:
        graph.add(record)
    meta = ET.Element("meta", {"lastmodifieddate": datetime.now(UTC).date().isoformat()})
    ET.SubElement(meta, "creator").text = f"Backchannel {__version__}"
    ET.SubElement(meta, "description").text = xml_text(description)
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="{GEXF_NS}" version="1.3">\n'
           + ET.tostring(meta, encoding="unicode") + '\n<graph mode="static" defaultedgetype="directed">\n'
           ).encode("utf-8")
    yield _attributes("node", NODE_ATTRIBUTES) + _attributes("edge", EDGE_ATTRIBUTES)
    yield b"<nodes>\n"
    shown = graph.shown()
    for start in range(0, len(shown), 500):
        yield b"".join(_node(node) for node in shown[start:start + 500])
    yield b"</nodes>\n<edges>\n"
    ordered = sorted(graph.edges.items(), key=lambda item: (-item[1].weight, item[0]))
    for start in range(0, len(ordered), 500):
        yield b"".join(_edge(start + i + 1, key, edge) for i, (key, edge) in enumerate(ordered[start:start + 500]))
    yield b"</edges>\n</graph>\n</gexf>\n"
