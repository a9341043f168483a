"""``bc_actors``: named-entity mentions grouped into the document's actors.

This first layer groups mentions by normalised name, and joins a person's surname alone
("Dmitriev") to the full name met in the same document ("Kirill Dmitriev"). Coreference of pronouns
and nominals, metonymy and the knowledge base come in later versions of this component.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from .model import ActorCluster
from .names import name_key, split_title, strip_possessive

# NER label -> actor kind (see READOUT.md). Labels not listed here are not actors.
KIND_BY_LABEL: dict[str, str] = {
    "PERSON": "person", "PER": "person",
    "ORG": "organization",
    "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group",
}


def display_name(cluster: ActorCluster) -> str:
    """The fullest named mention, without a possessive or (for people) a leading title."""
    spans = cluster.named or cluster.mentions
    names = [strip_possessive(split_title(m.text)[1] if cluster.kind == "person" else m.text) or m.text
             for m in spans]
    return max(names, key=lambda n: (len(name_key(n).split()), -names.index(n)))


def cluster_mentions(ents: Sequence[Span]) -> list[ActorCluster]:
    """Group entity spans into actors, in order of first mention."""
    clusters: list[ActorCluster] = []
    by_key: dict[tuple[str, str], ActorCluster] = {}
    surnames: dict[str, ActorCluster] = {}
    pending_single: list[Span] = []
    for ent in ents:
        kind = KIND_BY_LABEL.get(ent.label_)
        if kind is None:
            continue
        if kind == "person":
            title, rest = split_title(ent.text)
            if not rest:  # a title alone ("Prime Minister") names nobody by itself
                continue
            key = name_key(rest)
        else:
            key = name_key(ent.text)
        if not key:
            continue
        found = by_key.get((kind, key))
        if found is None and kind == "person" and len(key.split()) == 1:
            found = surnames.get(key)
            if found is None:
                pending_single.append(ent)
                continue
        if found is None:
            found = ActorCluster(kind)
            clusters.append(found)
        found.mentions.append(ent)
        by_key[(kind, key)] = found
        if kind == "person" and len(key.split()) > 1:
            surnames.setdefault(key.split()[-1], found)
    # A lone surname met before the full name ("Dmitriev … Kirill Dmitriev") still joins it.
    for ent in pending_single:
        key = name_key(split_title(ent.text)[1])
        found = surnames.get(key) or by_key.get(("person", key))
        if found is None:
            found = ActorCluster("person")
            clusters.append(found)
            by_key[("person", key)] = found
        found.mentions.append(ent)
    for cluster in clusters:
        cluster.mentions.sort(key=lambda s: s.start)
    clusters.sort(key=lambda c: c.mentions[0].start)
    for cluster in clusters:
        cluster.name = display_name(cluster)
    return clusters


class ActorsComponent:
    """Sets ``doc._.actors`` to a list of ``ActorCluster``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = cluster_mentions(doc.ents)
        doc._.actor_relations = []
        return doc


@Language.factory("bc_actors_v1", assigns=["doc._.actors", "doc._.actor_relations"], requires=["doc.ents"])
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent(nlp, name)
