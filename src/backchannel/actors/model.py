"""The actors layer's data on a spaCy ``Doc``: the contract between the actor components.

``bc_actors`` (in-document clustering, coreference, metonymy, stated roles) writes
``doc._.actors`` (a list of ``ActorCluster`` in order of first mention) and ``doc._.actor_relations``;
``bc_actor_linker`` (the knowledge base) fills each cluster's ``kb_id``, ``wikidata``, ``country`` and
``sector``, reading ``doc._.published`` (the document's date, or None) to pick the roles valid then.
``analysis.build_readout`` turns both into the readout's ``actors`` and ``relations``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .tokens import span_text

# Readout vocabularies (READOUT.md).
ACTOR_KINDS = ("person", "organization", "country", "group", "place", "other")

for _name in ("actors", "actor_relations", "published"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass(eq=False)
class ActorRole:
    """A role stated in the text: "Kirill Dmitriev, Putin’s special envoy …" → title, of=Putin's cluster."""

    title: str
    span: Span
    of: ActorCluster | None = None


@dataclass(eq=False)
class ActorCluster:
    """One actor of a document and the spans that mention it (names, nominals, pronouns).

    ``name`` is the canonical display name; when left empty it is derived from the fullest named
    mention. Identity is by object (``eq=False``), so clusters can key dicts and sets.
    """

    kind: str
    mentions: list[Span] = field(default_factory=list)
    name: str = ""
    country: str | None = None
    sector: str | None = None
    kb_id: str | None = None
    wikidata: str | None = None
    roles: list[ActorRole] = field(default_factory=list)
    # Mentions that are not names (pronouns, "the envoy", "the Kremlin" read as the government):
    # a subset of ``mentions``; the knowledge base links on the named ones only.
    nominal: list[Span] = field(default_factory=list)
    # The text of mentions as ``bc_actors`` read it from its token lists (``id(span)`` → (span, text)), so that
    # the linker need not rebuild it from the span's tokens: a cache, not part of the readout (``text_of``).
    texts: dict[int, tuple[Span, str]] = field(default_factory=dict, repr=False)
    # Demonyms of this country read as an origin, not as a mention ("the Afghan team", "Afghan women"):
    # counted in the document's home-country vote (``codes.home_country``); not part of the readout.
    demonyms: int = 0

    def text_of(self, span: Span) -> str:
        """``span.text``, from ``texts`` when it holds this span."""
        found = self.texts.get(id(span))
        return found[1] if found is not None and found[0] is span else span_text(span)

    @property
    def named(self) -> list[Span]:
        if not self.nominal:
            return list(self.mentions)
        ids = {id(s) for s in self.nominal}
        return [m for m in self.mentions if id(m) not in ids]


@dataclass(eq=False)
class ActorRelation:
    """A relation stated in the text between two actors, with the span that supports it."""

    subject: ActorCluster
    relation: str
    object: ActorCluster
    evidence: Span


def published(doc: Doc) -> dt.date | None:
    """The document's publication date, when the caller set ``doc._.published``."""
    value = doc._.published
    return value if isinstance(value, dt.date) else None
