"""``bc_actor_linker``: the document's actors linked to the knowledge base.

Runs after ``bc_actors``. For each ``ActorCluster`` it resolves the cluster's names at the document's
publication date and fills ``kb_id``, ``wikidata``, ``country`` and ``sector``. Values the in-document
layer already set are kept (it read the text; the knowledge base only knows the name). A person's
surname alone is looked up only when the cluster has no fuller name: if "Kirill Dmitriev" is not in
the knowledge base, another Dmitriev must not be found through "Dmitriev"; nor is a surname that is a
common word ("Power", ``common_words.txt``) looked up alone. Codes still empty after
linking are then inferred from the text (``actors.codes.fill_codes``: organisation names, relations,
the document's home country).

Clusters of one kind linked to the same entry are then one actor (``merge_linked``).

The linker may also correct a cluster's ``kind`` between person and organisation, and from place to
organisation, the cases where the knowledge base knows better than the tagger: when the cluster is a
single mention, no entry of its own kind matches, and its name matches exactly one entry of the other
kind exactly (after case, diacritics, articles and legal forms are folded; never through a spelling
variant or a surname). So a lone "Red Cross" tagged as a person becomes the organisation. A cluster
with more mentions (a pronoun, a title) has evidence of its kind in the text, and keeps it, except a
place: when no place matches "EU" or "NATO" and one curated or Wikidata organisation does, that body
is what the text means, however often it is named.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..actors.codes import fill_codes
from ..actors.model import ActorCluster, ActorRelation, published
from ..actors.vocab import common_words
from .base import EXACT, Candidate, KnowledgeBase
from .keys import clean_name, name_key
from .model import Entry, country_at, sector_at


class ActorLinker:
    """Sets the knowledge-base fields of ``doc._.actors``; lookups are cached per (name key, kind, date)."""

    def __init__(self, nlp: Language, name: str, kb_path: str | None = None) -> None:
        self.name = name
        self.kb_path = kb_path
        self._kb: KnowledgeBase | None = None
        self._cache: dict[tuple[str, str, dt.date | None], Candidate | None] = {}

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:  # loaded on first use, so building a pipeline stays cheap
            self._kb = KnowledgeBase.load(self.kb_path)
        return self._kb

    def __call__(self, doc: Doc) -> Doc:
        extensions = doc._
        clusters = extensions.actors or []
        when = published(doc)
        for cluster in clusters:
            self.link_cluster(cluster, when)
        relations = extensions.actor_relations or []
        if len(clusters) > 1:
            clusters = extensions.actors = merge_linked(clusters, relations)
        fill_codes(clusters, relations)
        return doc

    def link_cluster(self, cluster: ActorCluster, when: dt.date | None) -> Entry | None:
        """Link one cluster (correcting its kind where the module docstring says) and fill its fields."""
        entry = self.link(cluster, when)
        if entry is None:
            entry = self._other_kind(cluster, when)
        if entry is not None:
            apply(cluster, entry, when)
        return entry

    def _other_kind(self, cluster: ActorCluster, when: dt.date | None) -> Entry | None:
        other = _OTHER_KIND.get(cluster.kind)
        place = cluster.kind == "place"
        if other is None or not cluster.mentions or (len(cluster.mentions) != 1 and not place):
            return None
        text = cluster.name if place and cluster.name else cluster.text_of(cluster.mentions[0])
        key = _link_key(text, other)
        if not key or (other == "person" and " " not in key):
            return None
        found = self._match(key, text, other, when)
        if found is None or found.score != EXACT or found.entry.kind not in ("person", "organization", "group"):
            return None
        if place and not (found.entry.curated or found.entry.wikidata):
            return None  # only a known body ("EU", "NATO") outranks the tagger's place
        cluster.kind = found.entry.kind
        return found.entry

    def link(self, cluster: ActorCluster, when: dt.date | None) -> Entry | None:
        names = [cluster.name] if cluster.name else []
        names += [cluster.text_of(m) for m in cluster.named or cluster.mentions]
        keyed: dict[str, str] = {}
        for text in names:
            key = _link_key(text, cluster.kind)
            if key:
                keyed.setdefault(key, text)
        ordered = sorted(keyed.items(), key=lambda kv: -len(kv[0].split()))
        fullest = len(ordered[0][0].split()) if ordered else 0
        for key, text in ordered:
            if cluster.kind == "person" and len(key.split()) == 1 and (fullest > 1 or key in common_words()):
                break  # a surname alone speaks only for a cluster with no fuller name, and never a common word
            entry = self._resolve(key, text, cluster.kind, when)
            if entry is not None:
                return entry
        return None

    def _resolve(self, key: str, text: str, kind: str, when: dt.date | None) -> Entry | None:
        found = self._match(key, text, kind, when)
        return found.entry if found is not None else None

    def _match(self, key: str, text: str, kind: str, when: dt.date | None) -> Candidate | None:
        cache_key = (key, kind, when)
        if cache_key not in self._cache:
            if len(self._cache) >= _CACHE_LIMIT:  # a long batch meets ever new names: keep memory flat
                self._cache.clear()
            self._cache[cache_key] = self.kb.match(text, kind, when)
        return self._cache[cache_key]


@lru_cache(maxsize=32768)  # bounded: a long batch meets ever new names
def _link_key(text: str, kind: str | None) -> str:
    """The knowledge-base key of a mention's text (``clean_name`` then ``name_key``; both are pure and
    were the linker's largest cost, read again for every mention of every cluster)."""
    return name_key(clean_name(text, kind))


def merge_linked(clusters: list[ActorCluster], relations: list[ActorRelation]) -> list[ActorCluster]:
    """One actor per knowledge-base entry: clusters of one kind linked to the same entry ("US State
    Department" and "State Department", both the Department of State) become the first of them, with
    all their mentions, roles and codes; ``relations`` and roles are pointed at it. Returns the clusters
    kept, in order."""
    first: dict[tuple[str, str], ActorCluster] = {}
    into: dict[int, ActorCluster] = {}
    for cluster in clusters:
        if cluster.kb_id is None:
            continue
        keep = first.setdefault((cluster.kind, cluster.kb_id), cluster)
        if keep is not cluster:
            _absorb(keep, cluster)
            into[id(cluster)] = keep
    if not into:
        return clusters
    kept = [c for c in clusters if id(c) not in into]
    for cluster in kept:
        for role in cluster.roles:
            if role.of is not None:
                role.of = into.get(id(role.of), role.of)
    for rel in relations:
        rel.subject = into.get(id(rel.subject), rel.subject)
        rel.object = into.get(id(rel.object), rel.object)
    relations[:] = [r for r in relations if r.subject is not r.object]
    return kept


def _absorb(keep: ActorCluster, other: ActorCluster) -> None:
    spans = {(m.start, m.end) for m in keep.mentions}
    keep.mentions = sorted([*keep.mentions, *(m for m in other.mentions if (m.start, m.end) not in spans)],
                           key=lambda m: m.start)
    keep.nominal = sorted([*keep.nominal, *(m for m in other.nominal if (m.start, m.end) not in spans)],
                          key=lambda m: m.start)
    keep.roles.extend(other.roles)
    keep.country = keep.country or other.country
    keep.sector = keep.sector or other.sector
    keep.wikidata = keep.wikidata or other.wikidata
    keep.demonyms += other.demonyms


_CACHE_LIMIT = 50_000
_OTHER_KIND = {"person": "organization", "organization": "person", "place": "organization"}


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
    if entry.kind == cluster.kind and entry.kind in ("person", "organization") and (entry.curated or entry.wikidata):
        cluster.name = canonical_name(cluster.name, entry.name)


def canonical_name(text_name: str, kb_name: str) -> str:
    """The knowledge base's name when it is the fuller form of the text's one, else the text's.

    "Dmitriev" linked to Kirill Dmitriev reads "Kirill Dmitriev"; "EU" reads "European Union". A KB
    name that does not contain the text's words (a different spelling: "Zelenskyy" for "Zelensky")
    replaces it only when the text's name is a single word, so a full name as written is kept. A
    qualifier in parentheses at the end of the KB name ("Labour Party (UK)") tells entries apart and is
    no part of the name: it is dropped.
    """
    qualified = kb_name.rstrip()
    if qualified.endswith(")") and " (" in qualified:
        kb_name = qualified[:qualified.rindex(" (")].rstrip() or kb_name  # "Labour Party (UK)": a disambiguator
    if not text_name:
        return kb_name
    text_words = name_key(text_name).split()
    kb_words = name_key(kb_name).split()
    if len(kb_words) <= len(text_words):
        return text_name
    if set(text_words) <= set(kb_words) or len(text_words) == 1:
        return kb_name
    return text_name


@Language.factory("bc_actor_linker_v1", assigns=["doc._.actors"], requires=["doc._.actors"],
                  default_config={"kb_path": None})
def make_actor_linker(nlp: Language, name: str, kb_path: str | None) -> ActorLinker:
    return ActorLinker(nlp, name, kb_path)
