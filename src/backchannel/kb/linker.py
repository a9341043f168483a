"""``bc_actor_linker``: the document's actors linked to the knowledge base.

Runs after ``bc_actors``. For each ``ActorCluster`` it resolves the cluster's names at the document's
publication date and fills ``kb_id``, ``wikidata``, ``country`` and ``sector``. Values the in-document
layer already set are kept (it read the text; the knowledge base only knows the name). A person's
surname alone is looked up only when the cluster has no fuller name: if "Kirill Dmitriev" is not in
the knowledge base, another Dmitriev must not be found through "Dmitriev".
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc

from ..actors.model import ActorCluster, published
from .base import KnowledgeBase
from .keys import clean_name, name_key
from .model import Entry, country_at, sector_at


class ActorLinker:
    """Sets the knowledge-base fields of ``doc._.actors``; lookups are cached per (name key, kind, date)."""

    def __init__(self, nlp: Language, name: str, kb_path: str | None = None) -> None:
        self.name = name
        self.kb_path = kb_path
        self._kb: KnowledgeBase | None = None
        self._cache: dict[tuple[str, str, dt.date | None], Entry | None] = {}

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:  # loaded on first use, so building a pipeline stays cheap
            self._kb = KnowledgeBase.load(self.kb_path)
        return self._kb

    def __call__(self, doc: Doc) -> Doc:
        clusters = doc._.actors or []
        when = published(doc)
        for cluster in clusters:
            entry = self.link(cluster, when)
            if entry is not None:
                apply(cluster, entry, when)
        return doc

    def link(self, cluster: ActorCluster, when: dt.date | None) -> Entry | None:
        names = [cluster.name] if cluster.name else []
        names += [m.text for m in cluster.named or cluster.mentions]
        keyed: dict[str, str] = {}
        for text in names:
            key = name_key(clean_name(text, cluster.kind))
            if key:
                keyed.setdefault(key, text)
        ordered = sorted(keyed.items(), key=lambda kv: -len(kv[0].split()))
        fullest = len(ordered[0][0].split()) if ordered else 0
        for key, text in ordered:
            if cluster.kind == "person" and fullest > 1 and len(key.split()) == 1:
                break  # a surname alone speaks only for a cluster with no fuller name
            entry = self._resolve(key, text, cluster.kind, when)
            if entry is not None:
                return entry
        return None

    def _resolve(self, key: str, text: str, kind: str, when: dt.date | None) -> Entry | None:
        cache_key = (key, kind, when)
        if cache_key not in self._cache:
            self._cache[cache_key] = self.kb.resolve(text, kind, when)
        return self._cache[cache_key]


def apply(cluster: ActorCluster, entry: Entry, when: dt.date | None) -> None:
    """Fill the cluster's empty knowledge-base fields from ``entry`` as it stood at ``when``.

    A group ("Russians") linked to a country takes the country only: the people are not the state.
    """
    if entry.kind == "country":
        cluster.country = cluster.country or entry.country
        if cluster.kind == "group":
            return
    else:
        cluster.country = cluster.country or country_at(entry, when)
        cluster.sector = cluster.sector or sector_at(entry, when)
    cluster.kb_id = cluster.kb_id or entry.kb_id
    cluster.wikidata = cluster.wikidata or entry.wikidata


@Language.factory("bc_actor_linker_v1", assigns=["doc._.actors"], requires=["doc._.actors"],
                  default_config={"kb_path": None})
def make_actor_linker(nlp: Language, name: str, kb_path: str | None) -> ActorLinker:
    return ActorLinker(nlp, name, kb_path)
